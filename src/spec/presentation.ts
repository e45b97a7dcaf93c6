import type { GlobalState, Params, Scope } from './system.ts';
import type { KnobValue } from './variants.ts';

/**
 * Lanes of a sequence diagram: which column each actor is drawn in. The checker knows actors only by
 * name, so a spec may group them (e.g. every struct file, the lease and the blocks in one
 * "filesystem" lane); without a grouping, every actor gets its own lane.
 */
export interface LaneMap {
  /** The lanes left to right: a short id and the title drawn at the top. */
  lanes: readonly { id: string; title: string }[];
  /** The lane of an actor, by id; undefined puts the actor in a lane of its own, after the listed ones. */
  laneOf(actor: string): string | undefined;
}

/** A joint-action instance as scenario hooks see it. */
export interface InstanceInfo {
  /** The joint action's name. */
  action: string;
  /** The operation it is an outcome of (JointAction.op, default its name) and which outcome. */
  op: string;
  outcome: string;
  params: Params;
  label: string;
}

/** One step line of a scenario file, as written. */
export interface ScenarioStep {
  /** Line number in the file (1-based). */
  line: number;
  text: string;
  /** `A` in `A: close fd10`; empty when the line has no `WHO:` prefix. */
  who: string;
  /** The words after `WHO:` (`close`, `fd10`). */
  words: string[];
}

/**
 * A spec's scenario language: scenario files list steps, one a line. A step that is the label of an
 * action instance (`p1: check the lock`) always means that instance; `select` lets a spec accept its
 * own shorter language (`A: close fd10`), and `whyImpossible` says in its terms why a step cannot be
 * taken.
 */
export interface ScenarioHooks<S = GlobalState> {
  /** The folder of the spec's named scenarios (`*.scenario`), e.g. `new URL('./scenarios/', import.meta.url)`. */
  dir?: string | URL;
  /**
   * Which instances a step may mean; the first enabled one, in the model's order, is taken. Throw a
   * LeasecheckError (LC041) for a step that does not parse. Return undefined to fall back to labels.
   */
  select?: (step: ScenarioStep, scope: Scope) => ((inst: InstanceInfo) => boolean) | undefined;
  /** Why no instance the step may mean is enabled in state s (one short clause). */
  whyImpossible?: (s: S, step: ScenarioStep) => string | undefined;
}

/** How one field of an actor's context is shown to a reader (reports, explorer). */
export interface FieldHook {
  /** What to call it (default: its name). */
  label?: string;
  /** One sentence: what it means. */
  description?: string;
  /** Leave it out: a constant or an internal detail. */
  hidden?: boolean;
}

/**
 * How reports, scenarios and the explorer present a system. Every hook is optional; without them
 * reports use the engine's own words. S is the global state the state-reading hooks see: a typed
 * spec (defineSystem with `actors`) gets its StateOf<actors>, so they are checked like its predicates.
 */
export interface Presentation<S = GlobalState> {
  /** What a variant is called in the reports and the CLI's messages ("design"). Default "variant". */
  variantWord?: string;
  /** The comparison report's title. */
  title?: string;
  /** Plain-text paragraphs under the comparison report's title. */
  intro?: readonly string[];
  /**
   * One or two sentences, in the domain's terms, saying what a violation of `property` means under
   * `variant` (e.g. citing who found it). Shown above the counterexample.
   */
  explain?: (c: { variant: string; knobs: Readonly<Record<string, KnobValue>>; property: string }) => string | undefined;
  /** The lanes of sequence diagrams at a scope. */
  lanes?: (scope: Scope) => LaneMap;
  /** The spec's scenarios: where they are and the language their steps are written in. */
  scenarios?: ScenarioHooks<S>;
  /**
   * Context fields by actor kind: `fields[machineId][field]`, e.g. `{ openFile: { kind: { hidden: true } } }`.
   * The machine id is the `id` given to createMachine.
   */
  fields?: Readonly<Record<string, Readonly<Record<string, FieldHook>>>>;
}
