/**
 * A small tag scanner for the report tests: every tag and attribute in an HTML/SVG string, so a test
 * can check that model text never became markup (only whitelisted tags and attributes appear) and
 * that elements nest properly.
 */
export interface Tag {
  name: string;
  closing: boolean;
  selfClosing: boolean;
  attrs: Record<string, string>;
}

const VOID = new Set(['meta', 'br', 'link', 'img', 'input', 'hr']);

/** Every tag of `html`, in order; comments, the doctype and the bodies of <style> are skipped. */
export function tagsOf(html: string): Tag[] {
  const tags: Tag[] = [];
  const text = html.replace(/<!doctype[^>]*>/i, '').replace(/<style>[\s\S]*?<\/style>/g, '<style></style>');
  const re = /<(\/?)([A-Za-z][A-Za-z0-9-]*)((?:\s+[A-Za-z_:][-A-Za-z0-9_:.]*(?:="[^"]*")?)*)\s*(\/?)>/g;
  let m: RegExpExecArray | null;
  let last = 0;
  while ((m = re.exec(text))) {
    const between = text.slice(last, m.index);
    if (between.includes('<')) throw new Error(`stray "<" in text near: ${between.slice(between.indexOf('<'), between.indexOf('<') + 40)}`);
    last = re.lastIndex;
    const attrs: Record<string, string> = {};
    for (const a of m[3].matchAll(/([A-Za-z_:][-A-Za-z0-9_:.]*)(?:="([^"]*)")?/g)) attrs[a[1]] = a[2] ?? '';
    tags.push({ name: m[2].toLowerCase(), closing: m[1] === '/', selfClosing: m[4] === '/', attrs });
  }
  if (text.slice(last).includes('<')) throw new Error('stray "<" after the last tag');
  return tags;
}

/** Throws unless every opened element is closed in order (void elements and `/>` excepted). */
export function assertNested(html: string): void {
  const stack: string[] = [];
  for (const t of tagsOf(html)) {
    if (t.selfClosing || (VOID.has(t.name) && !t.closing)) continue;
    if (!t.closing) stack.push(t.name);
    else {
      const open = stack.pop();
      if (open !== t.name) throw new Error(`</${t.name}> closes ${open ? `<${open}>` : 'nothing'}`);
    }
  }
  if (stack.length) throw new Error(`unclosed: ${stack.join(' > ')}`);
}
