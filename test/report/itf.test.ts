import { describe, expect, it } from 'vitest';
import { ACTION_TAKEN, NONDET_PICKS, itfValue, traceToItf, type ItfTrace } from '../../src/report/itf.ts';
import { validateItf } from './itfSchema.ts';
import { checked, cycleSystem, evilSystem, EVIL_STATE, QUOTES, stutterSystem } from './fixtures.ts';

const NONE = { tag: 'None', value: { '#tup': [] } };
const traceOf = (system: typeof evilSystem, id: string) => {
  const r = checked(system);
  const p = r.properties.find((x) => x.id.startsWith(id))!;
  return { r, p, itf: traceToItf(r.system, p.trace!, { property: p.id }) };
};

describe('ITF expressions (ADR-015)', () => {
  it('writes safe integers as JSON numbers and the rest as #bigint', () => {
    expect(itfValue(42)).toBe(42);
    expect(itfValue(-0)).toBe(0);
    expect(itfValue(Number.MAX_SAFE_INTEGER)).toBe(Number.MAX_SAFE_INTEGER);
    expect(itfValue(2 ** 60)).toEqual({ '#bigint': '1152921504606846976' });
    expect(itfValue(-(2n ** 70n))).toEqual({ '#bigint': '-1180591620717411303424' });
  });

  it('writes sets, maps, lists and records in canonical order', () => {
    expect(itfValue(new Set(['b', 'a']))).toEqual({ '#set': ['a', 'b'] });
    expect(itfValue(new Map<unknown, unknown>([[2, 'x'], [1, new Set([1])]]))).toEqual({ '#map': [[1, { '#set': [1] }], [2, 'x']] });
    expect(itfValue([1, 'a', true])).toEqual([1, 'a', true]);
    expect(itfValue({ b: 1, a: { c: false } })).toEqual({ a: { c: false }, b: 1 });
  });

  it('writes a record with a #-key as a #map, so it cannot read as an ITF form', () => {
    expect(itfValue({ '#bigint': 'no', ok: 1 })).toEqual({ '#map': [['#bigint', 'no'], ['ok', 1]] });
  });

  it('has no null: null and undefined become None, non-integers #unserializable', () => {
    expect(itfValue(null)).toEqual(NONE);
    expect(itfValue(undefined)).toEqual(NONE);
    expect(itfValue(1.5)).toEqual({ '#unserializable': '1.5' });
    expect(itfValue(Number.NaN)).toEqual({ '#unserializable': 'NaN' });
  });
});

describe('traceToItf', () => {
  it('writes a counterexample the ADR-015 validator accepts, and that survives JSON', () => {
    const { itf } = traceOf(evilSystem, 'never-');
    expect(validateItf(itf)).toEqual([]);
    expect(JSON.parse(JSON.stringify(itf))).toEqual(itf);
  });

  it('has one variable per actor plus Quint\'s mbt::actionTaken and mbt::nondetPicks', () => {
    const { itf } = traceOf(evilSystem, 'never-');
    expect(itf.vars).toEqual(['w', `x<i>"'`, ACTION_TAKEN, NONDET_PICKS]);
    expect(itf.states.map((s) => s['#meta']!.index)).toEqual([0, 1, 2]);
    expect(itf.states.map((s) => s[ACTION_TAKEN])).toEqual(['init', 'go', 'boom']);
    expect(itf.states.map((s) => s[NONDET_PICKS])).toEqual([{ who: NONE }, { who: NONE }, { who: { tag: 'Some', value: `<u>"'</u>` } }]);
    expect(itf.states[2]['#meta']).toMatchObject({ label: expect.stringContaining('boom') });
  });

  it('encodes each actor as { value, context, status }, with context values per the ADR', () => {
    const { itf } = traceOf(evilSystem, 'never-');
    const w = (i: number) => itf.states[i].w as Record<string, unknown>;
    expect(w(0)).toMatchObject({ value: 'idle', status: 'active' });
    expect(w(2).value).toBe(EVIL_STATE);
    expect(w(1).value).toBe(QUOTES);
    // The context has a '#odd' key, so it is a #map; its values keep their own forms.
    const ctx = new Map((w(2).context as { '#map': [string, unknown][] })['#map']);
    expect(ctx.get('big')).toEqual({ '#bigint': '1152921504606846976' });
    expect(ctx.get('n')).toEqual({ '#bigint': '1152921504606846976' });
    expect(ctx.get('tags')).toEqual({ '#set': ['a', 'b'] });
    expect(ctx.get('byKey')).toEqual({ '#map': [['k', 1]] });
    expect(ctx.get('#odd')).toBe(true);
  });

  it('marks a lasso: loop is where the cycle starts, and the last state equals it', () => {
    const { itf } = traceOf(cycleSystem, 'finishes');
    expect(validateItf(itf)).toEqual([]);
    expect(itf.loop).toBe(1);
    expect(itf.states).toHaveLength(4);
    expect(itf.states[3].s).toEqual(itf.states[1].s);
    expect(itf['#meta']!.loopConvention).toMatch(/last state equals states\[loop\]/);
  });

  it('marks a stuttering end: loop is the last index', () => {
    const { itf } = traceOf(stutterSystem, 'finishes');
    expect(validateItf(itf)).toEqual([]);
    expect(itf.loop).toBe(itf.states.length - 1);
    expect(itf['#meta']!.loopConvention).toMatch(/stuttering/);
  });

  it('carries the caller\'s metadata and the replay key', () => {
    const { itf, p } = traceOf(evilSystem, 'never-');
    expect(itf['#meta']).toMatchObject({ format: 'ITF', property: p.id, replayKey: expect.stringMatching(/^\d+\/\d+$/), scope: {} });
  });
});

describe('the ITF validator (test/report/itfSchema.ts) rejects what the ADR forbids', () => {
  const good = (): ItfTrace => ({ vars: ['x'], states: [{ '#meta': { index: 0 }, x: 1 }] });
  it('accepts a minimal trace', () => expect(validateItf(good())).toEqual([]));
  it.each([
    ['a missing variable', { vars: ['x', 'y'], states: [{ x: 1 }] }, /does not define y/],
    ['a float', { vars: ['x'], states: [{ x: 1.5 }] }, /not an integer/],
    ['an unsafe integer', { vars: ['x'], states: [{ x: 2 ** 60 }] }, /JSON-safe range/],
    ['a malformed #bigint', { vars: ['x'], states: [{ x: { '#bigint': '1e3' } }] }, /#bigint/],
    ['an unknown #-form', { vars: ['x'], states: [{ x: { '#list': [] } }] }, /unknown form/],
    ['a #map entry that is not a pair', { vars: ['x'], states: [{ x: { '#map': [[1]] } }] }, /pair/],
    ['null', { vars: ['x'], states: [{ x: null }] }, /not an ITF expression/],
    ['a loop outside the states', { vars: ['x'], states: [{ x: 1 }], loop: 1 }, /loop/],
    ['an undeclared variable', { vars: ['x'], states: [{ x: 1, y: 2 }] }, /undeclared variable y/],
    ['an unknown trace field', { vars: [], states: [], extra: 1 }, /unknown trace field/],
  ])('rejects %s', (_, trace, message) => {
    expect(validateItf(trace).join('\n')).toMatch(message);
  });
});
