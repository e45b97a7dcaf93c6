import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { LeasecheckError } from '../errors.ts';
import { answer, type ExplorerContext } from './api.ts';
import { APP_CSS, APP_JS, pageHtml } from './page.ts';

/** Largest request body accepted (an uploaded ITF trace, as JSON text). */
const MAX_BODY = 40 << 20;

/** The loopback hosts the explorer may listen on. */
export const LOOPBACK = ['127.0.0.1', '::1', 'localhost'];

/** A running explorer: its URL, and how to stop it. */
export interface RunningExplorer {
  url: string;
  server: Server;
  close(): Promise<void>;
}

/**
 * Starts the explorer's HTTP server on a loopback address (port 0: one the system picks). LC051 when
 * the host is not loopback or the port cannot be had (in use, not permitted). The page is the only
 * HTML; everything else is the JSON API (api.ts). Requests must name this server as their Host (a
 * page elsewhere cannot reach it through DNS rebinding) and POSTs must be application/json (a page
 * elsewhere cannot send one without a CORS preflight, which is never granted).
 */
export async function startExplorer(ctx: ExplorerContext, host = '127.0.0.1', port = 0): Promise<RunningExplorer> {
  if (!LOOPBACK.includes(host)) throw new LeasecheckError('LC051', `explore serves on a loopback address only (${LOOPBACK.join(', ')}), not ${host}`);
  const server = createServer((req, res) => {
    handle(ctx, req, res, server).catch((e) => {
      // Only a failure to write the answer gets here; the request is dropped, the server goes on.
      if (!res.headersSent) send(res, 500, 'application/json', JSON.stringify({ error: { code: 'internal', message: String((e as Error)?.message ?? e) } }));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (e: NodeJS.ErrnoException) => {
      const why = e.code === 'EADDRINUSE' ? `port ${port} is in use (give another with --port, or --port 0 for any free one)` : e.code === 'EACCES' ? `port ${port} is not permitted (ports below 1024 need privileges)` : e.message;
      reject(new LeasecheckError('LC051', `cannot serve on ${host}:${port}: ${why}`));
    });
    server.listen(port, host, () => resolve());
  });
  const addr = server.address() as AddressInfo;
  const shown = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
  return {
    url: `http://${shown}:${addr.port}/`,
    server,
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}

async function handle(ctx: ExplorerContext, req: IncomingMessage, res: ServerResponse, server: Server): Promise<void> {
  const addr = server.address() as AddressInfo;
  const allowed = [`127.0.0.1:${addr.port}`, `localhost:${addr.port}`, `[::1]:${addr.port}`];
  if (!allowed.includes(String(req.headers.host ?? ''))) return send(res, 403, 'text/plain', 'forbidden: the explorer answers requests to its loopback address only\n');
  const path = (req.url ?? '/').split('?')[0];
  if (req.method === 'GET' && (path === '/' || path === '/index.html')) return send(res, 200, 'text/html; charset=utf-8', pageHtml());
  if (req.method === 'GET' && path === '/app.js') return send(res, 200, 'text/javascript; charset=utf-8', APP_JS);
  if (req.method === 'GET' && path === '/app.css') return send(res, 200, 'text/css; charset=utf-8', APP_CSS);
  if (req.method === 'GET' && path === '/favicon.ico') return send(res, 204, 'text/plain', '');
  let body: unknown;
  if (req.method === 'POST') {
    if (!/^application\/json\b/.test(String(req.headers['content-type'] ?? ''))) {
      return json(res, 415, { error: { code: 'LC043', message: 'POST a JSON object with Content-Type: application/json' } });
    }
    const text = await readBody(req);
    if (text === null) return json(res, 413, { error: { code: 'LC043', message: `the request is larger than ${MAX_BODY >> 20} MiB` } });
    try {
      body = JSON.parse(text);
    } catch {
      return json(res, 400, { error: { code: 'LC043', message: 'the request body is not JSON' } });
    }
  }
  const a = await answer(ctx, req.method ?? 'GET', path, body);
  return json(res, a.status, a.body);
}

function readBody(req: IncomingMessage): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) over = true;
      else chunks.push(c);
    });
    req.on('end', () => resolve(over ? null : Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

const json = (res: ServerResponse, status: number, body: unknown) => send(res, status, 'application/json; charset=utf-8', JSON.stringify(body));

function send(res: ServerResponse, status: number, type: string, body: string): void {
  res.writeHead(status, {
    'content-type': type,
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    // The page loads only its own script and stylesheet; the SVG diagrams carry inline styles.
    'content-security-policy': "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  });
  res.end(body);
}
