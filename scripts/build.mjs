#!/usr/bin/env node
// Compiles src/ to dist/ (JavaScript and .d.ts) for the npm package: tsc with the relative `.ts`
// imports rewritten to `.js`, the `.mjs` files tsc does not copy, and the same rewrite in the
// declarations (tsc leaves `.ts` there, which a user's NodeNext project would reject).
// Run by `npm run build` and by `npm pack`/`npm publish` ("prepack"). Deliberately not "prepare": the
// packed package.json is this one, where npm counts "prepare" as an install script (npm 11 warns on
// installing the package), and scripts/ is not shipped. A clone needs no build: `npm start` and the
// tests run the sources (bin/leasecheck.js).
import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const src = join(root, 'src');
const dist = join(root, 'dist');
rmSync(dist, { recursive: true, force: true });
const tsc = spawnSync(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(root, 'tsconfig.build.json')], { stdio: 'inherit' });
if (tsc.status !== 0) process.exit(tsc.status ?? 1);

/** Every file under dir, recursively. */
function* files(dir) {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) yield* files(p);
    else yield p;
  }
}

for (const f of files(src)) if (f.endsWith('.mjs')) cpSync(f, join(dist, relative(src, f)));
const relativeTs = /((?:from\s+|import\s*\(\s*)['"]\.{1,2}\/[^'"]*?)\.ts(['"])/g;
for (const f of files(dist)) {
  if (!f.endsWith('.d.ts')) continue;
  const text = readFileSync(f, 'utf8');
  const fixed = text.replace(relativeTs, '$1.js$2');
  if (fixed !== text) writeFileSync(f, fixed);
}
chmodSync(join(dist, 'cli', 'bin.js'), 0o755);
console.log(`built ${relative(process.cwd(), dist) || 'dist'}/`);
