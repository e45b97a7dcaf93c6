import { createActor, type AnyActorRef } from 'xstate';
import { LeasecheckError, describeThrown } from '../errors.ts';
import { canonicalKey } from '../util/canonical.ts';
import type { CompiledSystem } from './compile.ts';
import { traceFits, type Trace } from './trace.ts';
import type { Snapshot } from '../spec/system.ts';

/**
 * Replays a trace on real XState actors (createActor, start, send each step's events) and checks that
 * every actor's snapshot after every step is the one the checker recorded. For a lasso, the cycle is
 * run twice and must come back to the state it started from.
 *
 * Throws LC030 naming the first step and actor that diverge: the usual cause is a machine that is not
 * deterministic (Math.random, Date.now, mutable state outside its context).
 */
export function replayTrace(cs: CompiledSystem, trace: Trace): void {
  traceFits(cs, trace);
  // A custom action that throws on a real actor is reported to the error observer (the checker's pure
  // steps never run custom actions, so only replay can meet it); without an observer XState rethrows it
  // from a timer and the process dies.
  const failures: { actor: string; error: unknown }[] = [];
  const actors: AnyActorRef[] = cs.actorNames.map((name, a) => {
    try {
      const actor = createActor(cs.tables[a].machine, { input: cs.inputs[a] });
      actor.subscribe({ error: (error) => failures.push({ actor: name, error }) });
      return actor.start();
    } catch (e) {
      throw new LeasecheckError('LC030', `replay: actor ${name} could not start on a real actor: ${describeThrown(e)}`);
    }
  });
  const checkFailures = (where: string) => {
    const f = failures[0];
    if (f) {
      throw new LeasecheckError(
        'LC020',
        `replay: an action of actor ${f.actor} threw on a real actor at ${where}: ${describeThrown(f.error)} (the checker does not run custom actions; they must not fail)`,
      );
    }
  };
  try {
    checkFailures('start');
    compare(cs, actors, trace.steps[0].locals, 0, 'the initial state');
    const run = (from: number, to: number, pass: string) => {
      for (let i = from; i <= to; i++) {
        const action = trace.steps[i].action!;
        const inst = cs.instances[action.instance];
        for (let j = 0; j < inst.actors.length; j++) actors[inst.actors[j]].send(cs.tables[inst.actors[j]].events[inst.events[j]]);
        checkFailures(`step ${i} (${action.label})`);
        compare(cs, actors, trace.steps[i].locals, i, `step ${i} (${action.label})${pass}`);
      }
    };
    run(1, trace.steps.length - 1, '');
    const loop = trace.loop;
    if (loop !== undefined && loop < trace.steps.length - 1) {
      // The cycle must bring the actors back to the loop state, twice over.
      for (const pass of [' on the first repeat of the cycle', ' on the second repeat of the cycle']) {
        run(loop + 1, trace.steps.length - 1, pass);
      }
      compare(cs, actors, trace.steps[loop].locals, loop, 'the end of the cycle');
    }
  } finally {
    for (const a of actors) a.stop();
  }
}

function compare(cs: CompiledSystem, actors: AnyActorRef[], locals: Int32Array, step: number, where: string): void {
  cs.actorNames.forEach((name, a) => {
    const real = actors[a].getSnapshot() as Snapshot;
    const expected = cs.tables[a].snapshots[locals[a]];
    const got = `${real.status}|${canonicalKey(real.value)}|${canonicalKey(real.context)}`;
    const want = `${expected.status}|${canonicalKey(expected.value)}|${canonicalKey(expected.context)}`;
    if (got !== want) {
      throw new LeasecheckError(
        'LC030',
        `replay diverged at ${where} (trace index ${step}), actor ${name}: expected ${JSON.stringify(expected.value)} but the real actor is in ${JSON.stringify(real.value)}` +
          (canonicalKey(real.value) === canonicalKey(expected.value) ? ' with a different context' : '') +
          '; is the machine deterministic (no Math.random, Date.now, or state outside its context)?',
      );
    }
  });
}
