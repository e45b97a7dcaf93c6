/** fmt (src/util/format.ts) writes what toLocaleString('en-US') wrote, without building an ICU formatter a call. */
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { fmt } from '../../src/util/format.ts';

it('groups thousands as toLocaleString(en-US) does, for any number', () => {
  for (const x of [0, 999, 1000, 1_331_714, -1_234_567.6, 2 ** 53 + 2, 1e21, Infinity]) expect(fmt(x)).toBe(Math.round(x).toLocaleString('en-US'));
  fc.assert(fc.property(fc.double({ noNaN: true }), (x) => fmt(x) === (Object.is(Math.round(x), -0) ? '0' : Math.round(x).toLocaleString('en-US'))));
});
