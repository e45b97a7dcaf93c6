/** `leasecheck explore` as a real process: the URL printed, Ctrl-C stops it, bad input is one coded line and exit 2. */
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { ROOT, expectOneErrorLine, leasecheck } from '../report-ci/cli.ts';

describe('leasecheck explore', () => {
  it('prints its URL, serves the page and the API there, and stops on Ctrl-C with exit 0', async () => {
    const child = spawn(process.execPath, ['bin/leasecheck.js', 'explore', '--variants', 'zombie-lease,blocking-close', '--port', '0'], { cwd: ROOT });
    let out = '';
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d));
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (d: Buffer) => {
        out += d;
        const m = /at (http:\/\/127\.0\.0\.1:\d+\/)/.exec(out);
        if (m) resolve(m[1]);
      });
      child.on('exit', (code) => reject(new Error(`exited ${code}: ${err}`)));
    });
    expect(out).toMatch(/^leasecheck explore: dax, 2 designs side by side, at http:\/\/127\.0\.0\.1:\d+\/\n$/);
    const info = (await (await fetch(new URL('/api', url))).json()) as { designs: { id: string }[] };
    expect(info.designs.map((d: { id: string }) => d.id)).toEqual(['zombie-lease', 'blocking-close']);
    expect(await (await fetch(url)).text()).toContain('<title>leasecheck explore</title>');
    const code = await new Promise<number | null>((resolve) => {
      child.on('exit', (c) => resolve(c));
      child.kill('SIGINT');
    });
    expect(code).toBe(0);
    expect(err).toContain('explorer stopped');
  });

  it('a port in use, a host that is not loopback, an unknown design or spec: one coded line, exit 2', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', () => resolve()));
    const port = (blocker.address() as { port: number }).port;
    try {
      expect(expectOneErrorLine(await leasecheck(['explore', '--variant', 'zombie-lease', '--port', String(port)]), 'LC051')).toContain(`port ${port} is in use`);
    } finally {
      blocker.close();
    }
    expect(expectOneErrorLine(await leasecheck(['explore', '--host', '0.0.0.0']), 'LC051')).toContain('loopback address only');
    expect(expectOneErrorLine(await leasecheck(['explore', '--variant', 'no-such-design']), 'LC040')).toContain('unknown design "no-such-design"');
    expectOneErrorLine(await leasecheck(['explore', 'no/such.model.ts']), 'LC010');
    expectOneErrorLine(await leasecheck(['explore', 'test/fixtures/throwsOnImport.model.ts']), 'LC011');
  });

  it('has --help', async () => {
    const r = await leasecheck(['explore', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^usage: leasecheck explore \[SPEC\]/);
    expect(r.stdout).toContain('--port N');
  });
});
