import { escapeMermaid } from './escape.ts';
import type { SequenceDiagram } from './sequence.ts';
import { markText } from './stepTable.ts';

/**
 * A sequence diagram as Mermaid `sequenceDiagram` text (GitHub renders it inside a ```mermaid fence).
 * Each step is one arrow numbered as in the trace, followed by a note over every lane that changed.
 * A lasso's cycle is a `loop` block after a note marking where it starts; a stuttering end is a note
 * spanning every lane, and so is a marked state (an invariant false there, a witness reached). Participants are `L0..Ln` with the lane titles as aliases, so no model text is
 * ever parsed as an id; every model string goes through escapeMermaid.
 */
export function sequenceToMermaid(d: SequenceDiagram): string {
  const id = (lane: number) => `L${lane}`;
  const span = d.lanes.length > 1 ? `${id(0)},${id(d.lanes.length - 1)}` : id(0);
  const out = ['sequenceDiagram'];
  for (const [i, lane] of d.lanes.entries()) out.push(`  participant ${id(i)} as ${escapeMermaid(lane.title)}`);
  const cycle = d.loop && !d.loop.stutters ? d.loop.at : undefined;
  const marks = (i: number, indent: string) => {
    for (const m of d.marks ?? []) if (m.at === i) out.push(`${indent}Note over ${span}: ${escapeMermaid(markText(m))}`);
  };
  marks(0, '  ');
  if (cycle === 0) out.push(`  Note over ${span}: ↻ the cycle starts at the initial state`);
  let indent = '  ';
  for (const s of d.steps) {
    if (cycle !== undefined && s.index === cycle + 1) {
      out.push(`  loop steps ${cycle + 1}-${d.steps[d.steps.length - 1].index} repeat forever`);
      indent = '    ';
    }
    const target = s.to.length > 0 ? s.to[0] : s.from;
    out.push(`${indent}${id(s.from)}->>${id(target)}: ${s.index}. ${escapeMermaid(s.label)}`);
    for (const n of s.notes) out.push(`${indent}Note over ${id(n.lane)}: ${n.lines.map(escapeMermaid).join('<br/>')}`);
    marks(s.index, indent);
    if (cycle !== undefined && cycle > 0 && s.index === cycle) out.push(`${indent}Note over ${span}: ↻ the cycle starts here, after step ${cycle}`);
  }
  if (cycle !== undefined) out.push('  end');
  if (d.loop?.stutters) out.push(`  Note over ${span}: ⟳ from here the system stays in this state forever (stuttering)`);
  return out.join('\n');
}
