/** An explorer over the DAX designs, served in-process on a free loopback port, for the API and browser tests. */
import dax from '../../specs/dax.model.ts';
import { startExplorer, type RunningExplorer } from '../../src/explorer/server.ts';
import { Walker } from '../../src/explorer/walk.ts';
import { variantsOf, withVariant } from '../../src/spec/define.ts';

export async function daxExplorer(opts: { reports?: string; maxStates?: number } = {}): Promise<RunningExplorer & { walker: Walker }> {
  const walker = new Walker(variantsOf(dax).map((v) => withVariant(dax, v.id)), {});
  const running = await startExplorer({ walker, spec: 'specs/dax.model.ts', maxStates: opts.maxStates ?? 500_000, ...(opts.reports ? { reports: opts.reports } : {}) });
  return { ...running, walker };
}

/** A JSON request to the explorer; returns the status and the parsed body. */
export async function call(url: string, method: 'GET' | 'POST', path: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: any }> {
  const r = await fetch(new URL(path, url), {
    method,
    headers: body !== undefined ? { 'content-type': 'application/json', ...headers } : headers,
    ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
  });
  const text = await r.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // not JSON: the caller looks at the text
  }
  return { status: r.status, body: parsed };
}
