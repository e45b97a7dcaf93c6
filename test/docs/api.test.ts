/** docs/api.md documents every export of the package's entry point, and names nothing that is not one. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const read = (p: string) => readFileSync(fileURLToPath(new URL(`../../${p}`, import.meta.url)), 'utf8');

/** The names `src/index.ts` exports (values and types). */
function exportedNames(): string[] {
  const names: string[] = [];
  for (const m of read('src/index.ts').matchAll(/export\s+(?:type\s+)?\{([^}]*)\}\s+from/g)) {
    for (const part of m[1].split(',')) {
      const name = part.trim().split(/\s+as\s+/).pop()!.trim();
      if (name) names.push(name);
    }
  }
  return names.sort();
}

describe('docs/api.md', () => {
  const headings = [...read('docs/api.md').matchAll(/^### (\S+)$/gm)].map((m) => m[1]).sort();

  it('has a section for every export of leasecheck', () => {
    expect(exportedNames().filter((n) => !headings.includes(n))).toEqual([]);
  });

  it('documents no name that is not exported', () => {
    const names = exportedNames();
    expect(headings.filter((h) => !names.includes(h))).toEqual([]);
  });
});
