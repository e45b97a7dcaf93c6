import { describe, expect, it } from 'vitest';
import { stepTableOf } from '../../src/report/stepTable.ts';
import { stepTable as stepTableMd } from '../../src/report/markdownReport.ts';
import { stepTableHtml } from '../../src/report/htmlTables.ts';
import { checked, cycleSystem, evilSystem, EVIL_STATE, QUOTES, stutterSystem } from './fixtures.ts';
import { assertNested } from './wellFormed.ts';

const evil = checked(evilSystem);
const trace = evil.properties.find((p) => p.id.startsWith('never-'))!.trace!;
const X = `x<i>"'`;

describe('stepTableOf', () => {
  it('has a column per actor that changes, and a cell only where it changed', () => {
    const t = stepTableOf(evil.system, trace);
    expect(t.columns.map((c) => c.actor)).toEqual(['w', X]);
    expect(t.rows.map((r) => r.changes.map((c) => (c ? `${c.from}→${c.to}` : null)))).toEqual([
      [`idle→${QUOTES}`, null],
      [`${QUOTES}→${EVIL_STATE}`, 'waiting→poked'],
    ]);
    expect(t.loop).toBeUndefined();
  });

  it('lists only the context fields that changed, old and new as a reviewer reads them', () => {
    const t = stepTableOf(evil.system, trace);
    expect(t.rows[0].changes[0]!.fields).toEqual([
      { field: 'n', from: '0', to: '1' },
      { field: 'note', from: 'calm', to: `"\\"></svg><script>alert(\\"x\\")</script>"` },
      { field: 'tags', from: '[]', to: '[a, b]' },
    ]);
    expect(t.rows[1].changes[0]!.fields.map((f) => f.field)).toEqual(['#odd', 'byKey', 'n']);
  });

  it('keeps the initial state of every column in full', () => {
    const t = stepTableOf(evil.system, trace);
    expect(t.columns[0].initial.state).toBe('idle');
    expect(t.columns[0].initial.fields.map((f) => f.field)).toEqual(['#odd', 'big', 'byKey', 'n', 'note', 'tags']);
    expect(t.columns[0].initial.fields.find((f) => f.field === 'big')!.value).toBe('1152921504606846976n');
  });

  it('orders columns by lane', () => {
    const t = stepTableOf(evil.system, trace, { lanes: [{ id: 'first', title: 'first' }, { id: 'second', title: 'second' }], laneOf: (a) => (a === 'w' ? 'second' : 'first') });
    expect(t.columns.map((c) => [c.actor, c.lane])).toEqual([[X, 'first'], ['w', 'second']]);
  });

  it('marks where a cycle starts, and a stuttering end', () => {
    const c = checked(cycleSystem);
    expect(stepTableOf(c.system, c.properties[0].trace!).loop).toEqual({ at: 1, stutters: false });
    const s = checked(stutterSystem);
    expect(stepTableOf(s.system, s.properties[0].trace!).loop).toEqual({ at: 1, stutters: true });
  });
});

describe('the step table as Markdown and HTML', () => {
  it('bolds (Markdown) or marks (HTML) the new value of what changed, and escapes model text', () => {
    const t = stepTableOf(evil.system, trace);
    const md = stepTableMd(t).join('\n');
    expect(md).toContain(`idle → **"'&amp;amp;**`);
    expect(md).not.toContain('<script');
    const html = stepTableHtml(t);
    assertNested(html);
    expect(html).toContain('<mark>&lt;script&gt;alert(1)&lt;/script&gt;</mark>');
    expect(html).not.toContain('<script');
  });

  it('shows the cycle start and the "repeat forever" row of a lasso', () => {
    const c = checked(cycleSystem);
    const t = stepTableOf(c.system, c.properties[0].trace!);
    const md = stepTableMd(t).join('\n');
    expect(md).toContain('| 1 | start ↻ *the cycle starts after this step* |');
    expect(md).toContain('| ∞ | ↻ *steps 2–3 repeat forever* |');
    const html = stepTableHtml(t);
    expect(html).toContain('class="cycle-start"');
    expect(html.match(/class="in-cycle"/g)).toHaveLength(2);
    const s = checked(stutterSystem);
    expect(stepTableHtml(stepTableOf(s.system, s.properties[0].trace!))).toContain('⟳ the system stays in this state forever (stuttering)');
  });
});
