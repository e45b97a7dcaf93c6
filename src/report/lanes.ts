import type { LaneMap } from '../spec/presentation.ts';

export type { LaneMap };

/** One column of a sequence diagram. */
export interface Lane {
  id: string;
  title: string;
}

/** Lanes resolved against a system's actors: the lane list and, per actor index, its lane index. */
export interface ResolvedLanes {
  lanes: Lane[];
  actorLane: number[];
}

/**
 * Resolves `map` (or one lane per actor) over `actorNames`. Lanes no actor falls in are dropped; an
 * actor whose laneOf names an unknown lane gets its own lane, so no actor is ever lost from a diagram.
 */
export function resolveLanes(actorNames: readonly string[], map?: LaneMap): ResolvedLanes {
  const listed = map?.lanes ?? [];
  const wanted = actorNames.map((name) => {
    const id = map?.laneOf(name);
    return id !== undefined && listed.some((l) => l.id === id) ? id : undefined;
  });
  const lanes: Lane[] = listed.filter((l) => wanted.includes(l.id)).map((l) => ({ ...l }));
  const actorLane = actorNames.map((name, a) => {
    const id = wanted[a];
    if (id !== undefined) return lanes.findIndex((l) => l.id === id);
    let own = name;
    while (lanes.some((l) => l.id === own)) own += "'";
    lanes.push({ id: own, title: name });
    return lanes.length - 1;
  });
  return { lanes, actorLane };
}
