import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** Is this what importing a JavaScript file that does not parse throws (Node's SyntaxError, or tsx's lexer error)? */
export function isParseFailure(e: unknown): boolean {
  try {
    const err = e as { name?: unknown; message?: unknown };
    return err?.name === 'SyntaxError' || /^Parse error /.test(String(err?.message));
  } catch {
    return false;
  }
}

/**
 * Node's own account of a JavaScript file that does not parse: the message and `path:line:column`
 * (`path:line` when Node shows no caret), or undefined when the file parses. An ES module's
 * SyntaxError caught from import() names no file or line (Node keeps that header for the printout of
 * an uncaught error), and tsx's loader, when registered, says `Parse error FILE:1:1` wherever it is;
 * `node --check` parses the file as Node would load it and prints the header. Only a failed load
 * pays for the process.
 */
export function syntaxErrorOf(path: string): { message: string; at: string } | undefined {
  // NODE_OPTIONS dropped: preloads and loaders there are not the file's syntax.
  const env = { ...process.env };
  delete env.NODE_OPTIONS;
  const r = spawnSync(process.execPath, ['--check', path], { encoding: 'utf8', timeout: 20_000, env });
  if (r.status === 0 || typeof r.stderr !== 'string') return undefined;
  const lines = r.stderr.split('\n');
  const head = /^(.+):(\d+)$/.exec(lines[0] ?? '');
  const error = lines.map((l) => /^[A-Za-z]*Error: (.*)$/.exec(l)).find((m) => m !== null);
  if (!head || !error) return undefined;
  const file = head[1].startsWith('file:') ? pathOf(head[1]) : head[1];
  // The header is followed by the source line and, under it, a caret at the column.
  const caret = /^(\s*)\^/.exec(lines[2] ?? '');
  return { message: error[1], at: `${file}:${head[2]}${caret ? `:${caret[1].length + 1}` : ''}` };
}

function pathOf(url: string): string {
  try {
    return fileURLToPath(url);
  } catch {
    return url;
  }
}
