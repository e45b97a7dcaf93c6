/**
 * README.md as the package ships it: every file it links to or names under docs/ is in the tarball
 * (`npm pack --dry-run` lists what would be packed), and a link's #anchor is a heading of that file.
 * The installed package is checked the same way in e2e.test.ts.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { headingAnchors, readmeRefs } from './readmeLinks.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

function packedFiles(): Promise<string[]> {
  return new Promise((resolve, reject) => {
    execFile('npm', ['pack', '--dry-run', '--ignore-scripts', '--json'], { cwd: ROOT, maxBuffer: 64 << 20, env: { ...process.env, npm_config_update_notifier: 'false' } }, (err, stdout) => {
      if (err) reject(err);
      else resolve((JSON.parse(stdout) as { files: { path: string }[] }[])[0].files.map((f) => f.path));
    });
  });
}

it("every file README.md links to or names under docs/ is in the package, and every link's anchor is a heading there", async () => {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const refs = readmeRefs(readme);
  // The links the package's README had broken (src/errors.ts and most of docs/ were not shipped).
  expect(refs.map((r) => r.path)).toEqual(expect.arrayContaining(['docs/errors.md', 'docs/reductions.md', 'docs/explorer-api.md', 'docs/guarantees.md', 'docs/how-it-works.md', 'docs/dax-model.md', 'docs/api.md']));
  const files = new Set(await packedFiles());
  expect(refs.filter((r) => !files.has(r.path)).map((r) => r.path)).toEqual([]);
  const badAnchors = refs.filter((r) => r.anchor && !headingAnchors(readFileSync(join(ROOT, r.path), 'utf8')).has(r.anchor));
  expect(badAnchors).toEqual([]);
});
