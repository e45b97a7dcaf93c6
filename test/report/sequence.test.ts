import { describe, expect, it } from 'vitest';
import { resolveLanes, type LaneMap } from '../../src/report/lanes.ts';
import { sequenceOf } from '../../src/report/sequence.ts';
import { sequenceToMermaid } from '../../src/report/mermaid.ts';
import { sequenceToSvg, wrap } from '../../src/report/svgSequence.ts';
import { checked, cycleSystem, evilSystem, stutterSystem } from './fixtures.ts';
import { assertNested, tagsOf } from './wellFormed.ts';

const evil = checked(evilSystem);
const evilTrace = evil.properties.find((p) => p.id.startsWith('never-'))!.trace!;
const X = `x<i>"'`;

describe('lanes', () => {
  it('gives every actor its own lane by default', () => {
    expect(resolveLanes(['a', 'b'])).toEqual({ lanes: [{ id: 'a', title: 'a' }, { id: 'b', title: 'b' }], actorLane: [0, 1] });
  });

  it('groups actors as the spec says, drops empty lanes, and gives an unmapped actor its own lane', () => {
    const map: LaneMap = {
      lanes: [{ id: 'p', title: 'processes' }, { id: 'empty', title: 'nobody' }, { id: 'fs', title: 'filesystem' }],
      laneOf: (a) => (a.startsWith('p') ? 'p' : a === 'file' || a === 'lease' ? 'fs' : a === 'nic' ? 'no-such-lane' : undefined),
    };
    const r = resolveLanes(['p1', 'lease', 'p2', 'file', 'nic'], map);
    expect(r.lanes.map((l) => l.title)).toEqual(['processes', 'filesystem', 'nic']);
    expect(r.actorLane).toEqual([0, 1, 0, 1, 2]);
  });
});

describe('sequenceOf', () => {
  it('draws each step from the acting actor\'s lane to the lanes it touches, with notes of what changed', () => {
    const d = sequenceOf(evil.system, evilTrace);
    expect(d.lanes.map((l) => l.title)).toEqual(['w', X]);
    expect(d.steps.map((s) => [s.index, s.from, s.to])).toEqual([
      [1, 0, []],
      [2, 0, [1]],
    ]);
    expect(d.steps[0].label).toBe('go <img src=x onerror=alert(3)> `;#'); // the acting actor's "w: " prefix is dropped
    expect(d.steps[1].notes.map((n) => n.lane)).toEqual([0, 1]);
    expect(d.steps[1].notes[1].lines).toEqual([`${X}: waiting → poked`]);
    expect(d.loop).toBeUndefined();
  });

  it('puts grouped actors in one lane', () => {
    const d = sequenceOf(evil.system, evilTrace, { lanes: [{ id: 'all', title: 'everyone' }], laneOf: () => 'all' });
    expect(d.lanes).toHaveLength(1);
    expect(d.steps[1].to).toEqual([]);
    expect(d.steps[1].notes).toHaveLength(1);
    expect(d.steps[1].notes[0].lines).toHaveLength(2);
  });

  it('carries a lasso\'s cycle and a stuttering end', () => {
    const cyc = checked(cycleSystem).properties[0];
    expect(sequenceOf(checked(cycleSystem).system, cyc.trace!).loop).toEqual({ at: 1, stutters: false });
    const st = checked(stutterSystem);
    expect(sequenceOf(st.system, st.properties[0].trace!).loop).toEqual({ at: 1, stutters: true });
  });
});

describe('sequenceToMermaid', () => {
  it('writes participants by safe ids, numbered arrows and notes, with model text escaped', () => {
    const text = sequenceToMermaid(sequenceOf(evil.system, evilTrace));
    expect(text.split('\n').slice(0, 3)).toEqual(['sequenceDiagram', '  participant L0 as w', `  participant L1 as x#60;i#62;"'`]);
    expect(text).toContain('L0->>L0: 1. go #60;img src=x onerror=alert(3)#62; #96;#59;#35;');
    expect(text).toContain('L0->>L1: 2. boom(who=#60;u#62;"\'#60;/u#62;)');
    expect(text).not.toMatch(/<(?!br\/>)/);
  });

  it('wraps a lasso\'s cycle in a loop block after a note where it starts', () => {
    const r = checked(cycleSystem);
    const text = sequenceToMermaid(sequenceOf(r.system, r.properties[0].trace!));
    expect(text).toContain('Note over L0: ↻ the cycle starts here, after step 1');
    expect(text).toMatch(/loop steps 2-3 repeat forever\n {4}L0->>L0: 2\. tick[\s\S]*\n {2}end$/);
  });

  it('ends a stuttering lasso with a note', () => {
    const r = checked(stutterSystem);
    const text = sequenceToMermaid(sequenceOf(r.system, r.properties[0].trace!));
    expect(text.split('\n').pop()).toBe('  Note over L0: ⟳ from here the system stays in this state forever (stuttering)');
    expect(text).not.toContain('loop');
  });
});

describe('sequenceToSvg', () => {
  it('is well-formed SVG with only drawing elements: model text never becomes markup', () => {
    const svg = sequenceToSvg(sequenceOf(evil.system, evilTrace), `a <b>"title"</b>`, 'id"1');
    assertNested(svg);
    const names = new Set(tagsOf(svg).map((t) => t.name));
    expect([...names].sort()).toEqual(['defs', 'line', 'marker', 'path', 'rect', 'style', 'svg', 'text', 'title', 'tspan']);
    expect(svg).toContain('go &lt;img src=x onerror=alert(3)&gt;');
    expect(svg).toContain('x&lt;i&gt;&quot;&#39;');
    expect(svg).toContain('<marker id="id_1-arrow"');
  });

  it('frames a cycle and draws a stuttering band', () => {
    const c = checked(cycleSystem);
    expect(sequenceToSvg(sequenceOf(c.system, c.properties[0].trace!))).toContain('loop: steps 2–3 repeat forever (the cycle starts after step 1)');
    const s = checked(stutterSystem);
    expect(sequenceToSvg(sequenceOf(s.system, s.properties[0].trace!))).toContain('stays in this state forever (stuttering)');
  });

  it('wraps long note lines at spaces or commas, indenting continuations', () => {
    expect(wrap('mr0: unregistered → registered, block=0, ctx="A.ctx"', 24)).toEqual(['mr0: unregistered →', '  registered, block=0,', '  ctx="A.ctx"']);
    expect(wrap('x'.repeat(10), 4)).toEqual(['xxxx', '  xx', '  xx', '  xx']);
  });
});
