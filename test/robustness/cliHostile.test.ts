/**
 * Hostile strings through the real command line: a 20 MB scenario line, terminal escapes in a thrown
 * message, and a regression test emitted from labels with \r, quotes, backticks and ${ that must parse
 * and pass.
 */
import { writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectOneErrorLine, leasecheck, ROOT, scratchDir, vitestIn } from '../report-ci/cli.ts';
import { assertTerminalSafe } from './hostile.ts';

describe('hostile strings on the command line', () => {
  it('a scenario with a 20 MB line and terminal escapes: one short error line, nothing raw', async () => {
    const dir = scratchDir('hostile-scenario');
    const file = join(dir, 'huge.scenario');
    writeFileSync(file, `# title \u001b[2J\u001b]0;pwned\u0007\nA: open d -> fd10\n${'\u001b[31m'.repeat(4)}${'x'.repeat(20 * 2 ** 20)}\n`);
    const r = await leasecheck(['replay', file, '--design', 'zombie-lease']);
    const line = expectOneErrorLine(r, 'LC041');
    expect(line.length).toBeLessThan(2600);
    assertTerminalSafe(r.stderr, 'stderr');
  });

  it('a spec whose invariant throws a message with escapes and newlines: one escaped line', async () => {
    const dir = scratchDir('hostile-throw');
    const spec = join(dir, 'throws.spec.ts');
    const rel = (p: string) => relative(dir, join(ROOT, p)).split('\\').join('/');
    writeFileSync(
      spec,
      [
        `import { always } from '${rel('src/index.ts')}';`,
        `import { chainSystem } from '${rel('test/fixtures/small.ts')}';`,
        'export default chainSystem(3, {}, [always("p", () => { throw new Error("\\u001b[2Jboom\\r\\n" + "y".repeat(5_000_000)); })]);',
      ].join('\n'),
    );
    const r = await leasecheck(['check', spec]);
    const line = expectOneErrorLine(r, 'LC022');
    expect(line).toContain('\\x1b[2Jboom');
    assertTerminalSafe(r.stderr, 'stderr');
  });

  it('--emit-test with labels holding \\r, \\n, NUL, quotes, backticks and ${: the file parses and passes', async () => {
    const dir = scratchDir('hostile-emit');
    const spec = join(dir, 'labels.spec.ts');
    const hostile = relative(dir, join(ROOT, 'test', 'robustness', 'hostile.ts')).split('\\').join('/');
    writeFileSync(spec, `import { hostileSystem } from '${hostile}';\nexport default hostileSystem('label', 'cr\\rlf\\nnul\\u0000 "dq" \\'sq\\' \`tick\` \${process.exit(1)} \\u2028 esc\\u001b[2J');\n`);
    const testFile = join(dir, 'labels.test.ts');
    const r = await leasecheck(['check', spec, '--emit-test', testFile]);
    expect(r.code, r.stderr).toBe(1);
    assertTerminalSafe(r.stdout, 'stdout');
    const green = await vitestIn(dir);
    expect(green.stdout + green.stderr).toMatch(/Tests\s+1 passed \(1\)/);
    expect(green.code).toBe(0);
  });
});
