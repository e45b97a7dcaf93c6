/**
 * The files README.md points a reader at, which must be in the package (npm shows the README on the
 * package's page and installs it): every relative Markdown link, and every `docs/*.md` it names in
 * passing. Other paths it mentions (specs/, examples/, test/...) describe this repository, not the package.
 */

export interface ReadmeRef {
  /** The file, relative to the package root. */
  path: string;
  /** The `#fragment` of a link, if any: a heading of that file. */
  anchor?: string;
}

export function readmeRefs(readme: string): ReadmeRef[] {
  const refs = new Map<string, ReadmeRef>();
  for (const m of readme.matchAll(/\]\(([^)\s]+)\)/g)) {
    const target = m[1];
    if (/^[a-z][a-z+.-]*:/i.test(target) || target.startsWith('#')) continue;
    const [path, anchor] = target.split('#') as [string, string | undefined];
    const ref = { path: path.replace(/^\.\//, ''), ...(anchor ? { anchor } : {}) };
    refs.set(`${ref.path}#${anchor ?? ''}`, ref);
  }
  for (const m of readme.matchAll(/(?<![\w/.-])docs\/[\w.-]+\.md\b/g)) if (!refs.has(`${m[0]}#`)) refs.set(`${m[0]}#`, { path: m[0] });
  return [...refs.values()];
}

/** GitHub's anchor for a Markdown heading: lower case, punctuation dropped, spaces as hyphens. */
export function headingAnchors(markdown: string): Set<string> {
  const anchors = new Set<string>();
  for (const m of markdown.matchAll(/^#{1,6}\s+(.+?)\s*#*\s*$/gm)) {
    anchors.add(m[1].toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, '').trim().replace(/\s/g, '-'));
  }
  return anchors;
}
