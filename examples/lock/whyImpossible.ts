import type { ScenarioStep } from '../../src/index.ts';
import type { LockState } from './actors.ts';
import type { ClientName } from './machines.ts';

const isClient = (who: string): who is ClientName => /^c[1-9]\d*$/.test(who);

/** Where a client is, in the debate's words. */
function where(s: LockState, c: ClientName): string {
  const snap = s[c];
  if (snap.matches('waiting')) return `${c} is waiting for the lock`;
  if (snap.matches('holding')) return `${c} holds the lock, it believes (token ${snap.context.token})`;
  if (snap.matches('paused')) return `${c} is paused`;
  if (snap.matches('wrote')) return `${c} has written and not yet released`;
  if (snap.matches('done')) return `${c} has finished`;
  return `${c} has crashed`;
}

/**
 * Why a scenario step cannot be taken, in the debate's words (the scenario hook `whyImpossible`).
 * Undefined leaves it to the checker's own reason.
 */
export function whyImpossible(s: LockState, step: ScenarioStep): string | undefined {
  const [verb] = step.words;
  if (step.who === 'lock') {
    // lock: the lease of cN expires
    const c = step.words.find(isClient);
    const holder = s.lock.context.holder;
    if (holder === null) return 'the lock is free: there is no lease to expire';
    if (c !== undefined && holder !== c) return `the current lease is ${holder}'s, not ${c}'s`;
    if (s[holder].matches('paused')) return `${holder} is paused, but under this design's timing assumptions no pause outlasts a lease`;
    if (s[holder].matches('crashed')) return undefined;
    return `${where(s, holder)}: a running client finishes its write within its lease`;
  }
  if (!isClient(step.who) || !(step.who in s)) return undefined;
  const c = step.who;
  const me = s[c];
  switch (verb) {
    case 'acquire':
      if (!me.matches('waiting')) return where(s, c);
      return s.lock.context.holder === null ? undefined : `the lock is held by ${s.lock.context.holder} (token ${s.lock.context.token})`;
    case 'pause':
      if (me.matches('holding') && me.context.pausedThisLease) return `${c} has already paused during this lease (one pause per lease is enough: see the spec)`;
      return me.matches('holding') ? undefined : `${where(s, c)}: a client pauses only while it holds the lock`;
    case 'resume':
      return me.matches('paused') ? undefined : `${where(s, c)}, not paused`;
    case 'mark':
    case 'write':
      if (!me.matches('holding')) return where(s, c);
      if (verb === 'write' && !me.context.marked && s.storage.context.fencing === 'check-and-set') {
        return `${c} has not marked the resource with its token (under check-and-set a client writes only after marking it)`;
      }
      if (verb === 'mark' && me.context.marked) return `${c} has already marked the resource`;
      return `${c} holds token ${me.context.token}`;
    case 'release':
      return me.matches('wrote') ? `${c} holds token ${me.context.token}` : `${where(s, c)}: a client releases after its write`;
    case 'crash':
      return `${where(s, c)}: the model lets a client crash only while it holds the lock`;
    default:
      return undefined;
  }
}
