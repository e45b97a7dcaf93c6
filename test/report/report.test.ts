import { describe, expect, it } from 'vitest';
import { check, type CheckSuccess } from '../../src/engine/check.ts';
import { comparisonFiles } from '../../src/report/reportFiles.ts';
import { anchor } from '../../src/report/comparison.ts';
import type { ComparisonReport } from '../../src/report/reportModel.ts';
import { checked, cycleSystem, evilSystem, EVIL, stutterSystem } from './fixtures.ts';
import { validateItf } from './itfSchema.ts';
import { assertNested, tagsOf } from './wellFormed.ts';

const BAD_NAME = `<img src=x onerror=alert(1)>"'`;

function reportOf(rows: { name: string; result: CheckSuccess }[]): ComparisonReport {
  return {
    title: `Report of ${EVIL}`,
    intro: [`An intro with ${EVIL} & "quotes"`],
    rows: rows.map((r) => ({ ...r, explain: (id: string) => (id.startsWith('never-') ? `because of ${EVIL} (Someone, Aug 1: "quote")` : undefined) })),
    lanes: { lanes: [{ id: 'L', title: `lane ${EVIL}` }], laneOf: (a) => (a === 'w' ? 'L' : undefined) },
    scenarios: [
      {
        name: `01-${EVIL}`,
        title: `Case 1: ${EVIL}`,
        source: `Author, Aug 1: "${EVIL}"`,
        steps: [`A: open ${EVIL}`, 'A: close'],
        columns: [
          { variant: BAD_NAME, cells: [{ outcome: 'ok', detail: EVIL, changes: [`A: "${EVIL}"`] }, { outcome: `E<b>` }] },
          { variant: 'other', cells: [{ outcome: 'ok' }, { outcome: 'ok' }] },
        ],
      },
    ],
  };
}

const rows = [
  { name: BAD_NAME, result: checked(evilSystem) },
  { name: 'cycle', result: checked(cycleSystem) },
  { name: 'stutter', result: checked(stutterSystem) },
];
const files = comparisonFiles(reportOf(rows));
const html = files['comparison.html'];
const md = files['comparison.md'];
/** Violations with a trace: evil (the invariant and the deadlock), cycle and stutter (liveness). */
const TRACED_VIOLATIONS = 4;
/** Witnesses drawn (reaches-quotes under the evil row). */
const WITNESSES = 1;

const TAGS = 'html head meta title style body h1 h2 h3 p a ul li nav div table tr th td small strong em code section details summary pre mark span br footer svg defs marker path rect text tspan line';
const ATTRS = 'class id href title colspan lang charset http-equiv content name role aria-label xmlns width height viewBox x y x1 y1 x2 y2 rx d fill text-anchor marker-end refX refY markerWidth markerHeight orient';

describe('the HTML report is safe with hostile model text', () => {
  it('is well nested, and uses only the tags and attributes the report writes itself', () => {
    assertNested(html);
    const tags = tagsOf(html);
    const allowedTags = new Set(TAGS.split(' '));
    const allowedAttrs = new Set(ATTRS.split(' '));
    expect(tags.filter((t) => !allowedTags.has(t.name)).map((t) => t.name)).toEqual([]);
    expect(tags.flatMap((t) => Object.keys(t.attrs)).filter((a) => !allowedAttrs.has(a))).toEqual([]);
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<img/i);
  });

  it('shows the hostile text as text', () => {
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;&quot;&#39;');
    expect(html).toContain('title="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;\nA: &quot;&lt;script&gt;');
  });

  it('needs no network and runs no script: a CSP forbids both, and nothing links outside the file', () => {
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`);
    const refs = tagsOf(html).flatMap((t) => [t.attrs.href, t.attrs.src]).filter((x): x is string => x !== undefined);
    expect(refs.filter((r) => /^[a-z]+:/i.test(r) || r.startsWith('//'))).toEqual([]);
  });

  it('resolves every in-page link, and draws one SVG per traced violation and witness', () => {
    const ids = new Set(tagsOf(html).map((t) => t.attrs.id).filter(Boolean));
    const links = tagsOf(html).map((t) => t.attrs.href).filter((h): h is string => !!h && h.startsWith('#'));
    expect(links.length).toBeGreaterThan(5);
    for (const l of links) expect(ids, l).toContain(decodeURIComponent(l.slice(1)).replace(/&amp;/g, '&'));
    expect(html.match(/<svg /g)).toHaveLength(TRACED_VIOLATIONS + WITNESSES);
    const markerIds = [...html.matchAll(/<marker id="([^"]+)"/g)].map((m) => m[1]);
    expect(new Set(markerIds).size).toBe(TRACED_VIOLATIONS + WITNESSES);
  });
});

describe('the Markdown report', () => {
  it('has no raw HTML but its anchors and line breaks, and escapes model text', () => {
    const raw = [...md.matchAll(/<(\/?[A-Za-z][^>\s]*)/g)].map((m) => m[1]);
    expect([...new Set(raw)].filter((t) => !['a', '/a', 'br', 'br/'].includes(t))).toEqual([]);
    expect(md).toContain('&lt;script&gt;alert\\("x"\\)&lt;/script&gt;');
  });

  it('links every violated cell to a section that exists, and draws each trace in a mermaid block', () => {
    const anchors = new Set([...md.matchAll(/<a id="([^"]+)"><\/a>/g)].map((m) => m[1]));
    const links = [...md.matchAll(/\]\(#([^)]+)\)/g)].map((m) => m[1]);
    for (const l of links) expect(anchors, l).toContain(l);
    expect(md.match(/```mermaid\nsequenceDiagram\n/g)).toHaveLength(TRACED_VIOLATIONS + WITNESSES);
    for (const block of md.match(/```mermaid[\s\S]*?```/g)!) expect(block.slice(3, -3)).not.toMatch(/`|<(?!br\/>)/);
  });

  it('gives one line per violated cell, with the spec\'s explanation when it has one', () => {
    const why = md.slice(md.indexOf('## Why each violation happens'), md.indexOf('## Counterexamples'));
    expect(why.match(/^- \*\*/gm)).toHaveLength(TRACED_VIOLATIONS);
    expect(why).toContain('because of &lt;script&gt;');
  });

  it('marks the first divergence of a scenario', () => {
    expect(md).toContain('| ➤ 2 | **A: close** *(first divergence)* | **E&lt;b&gt;** | **ok** |');
  });
});

describe('the trace files', () => {
  it('writes one ITF file per trace (counterexamples and witnesses), with safe paths, each valid', () => {
    const itfs = Object.keys(files).filter((f) => f.endsWith('.itf.json'));
    expect(itfs).toHaveLength(TRACED_VIOLATIONS + 1); // + the witness of reaches-quotes
    for (const f of itfs) {
      expect(f).toMatch(/^traces\/[a-z0-9._~^-]+\/[a-z0-9._~^-]+\.itf\.json$/);
      expect(validateItf(JSON.parse(files[f])), f).toEqual([]);
    }
    // Each character a file name should not hold is escaped as ~ and its UTF-8 hex (fileNameFor).
    expect(itfs).toContain('traces/~3cimg~20src~3dx~20onerror~3dalert~281~29~3e~22~27/reaches-quotes.itf.json');
  });
});

describe('an incomplete search', () => {
  const r = check(evilSystem, { maxStates: 1 });
  if (r.status === 'error') throw r.error;
  const out = comparisonFiles(reportOf([{ name: 'cut', result: r }]));

  it('is written, marked INCOMPLETE, with its unknown cells as incomplete', () => {
    expect(r.status).toBe('incomplete');
    expect(out['comparison.md']).toContain('> **INCOMPLETE.**');
    expect(out['comparison.md']).toMatch(/cut: the search stopped because it reached --max-states, after \d+ distinct states/);
    expect(out['comparison.md']).toContain('⏸️ incomplete');
    expect(out['comparison.html']).toContain('<div class="banner" role="alert"><strong>INCOMPLETE.</strong>');
    expect(out['comparison.html']).toContain('class="v v-incomplete"');
    expect(JSON.parse(out['comparison.json']).variants[0].status).toBe('incomplete');
  });
});

describe('section anchors', () => {
  it('keep plain names readable and never share one between names that slug alike', () => {
    expect(anchor('blocking-close', 'no-unkillable-close')).toBe('blocking-close--no-unkillable-close');
    const names = ['a b', 'a-b', 'A-B', 'a_b', 'a/b', 'a--b'];
    const ids = names.flatMap((v) => names.map((p) => anchor(v, p)));
    expect(new Set(ids).size).toBe(ids.length);
  });
});
