/** src/util/canonical.ts: two values get the same key exactly when they are the same plain data. */
import { describe, expect, it } from 'vitest';
import { canonicalKey, toPlain } from '../../src/util/canonical.ts';
import { LeasecheckError } from '../../src/errors.ts';

const same = (a: unknown, b: unknown) => expect(canonicalKey(a)).toBe(canonicalKey(b));
const differ = (a: unknown, b: unknown) => expect(canonicalKey(a)).not.toBe(canonicalKey(b));

function codeOf(f: () => unknown): string | undefined {
  try {
    f();
  } catch (e) {
    return e instanceof LeasecheckError ? e.code : `not a LeasecheckError: ${String(e)}`;
  }
  return undefined;
}

describe('canonicalKey: equal data, equal keys', () => {
  it('object key order does not matter, at any depth', () => {
    same({ a: 1, b: 2 }, { b: 2, a: 1 });
    same({ x: { p: [1, { q: 1, r: 2 }], o: null } }, { x: { o: null, p: [1, { r: 2, q: 1 }] } });
  });

  it('Map insertion order does not matter', () => {
    same(new Map([['a', 1], ['b', 2]]), new Map([['b', 2], ['a', 1]]));
    same(new Map<unknown, unknown>([[1, 'x'], ['1', 'y']]), new Map<unknown, unknown>([['1', 'y'], [1, 'x']]));
    same(new Map([[{ k: 1, j: 2 }, 'v']]), new Map([[{ j: 2, k: 1 }, 'v']]));
  });

  it('Set insertion order does not matter', () => {
    same(new Set([3, 1, 2]), new Set([1, 2, 3]));
    same(new Set(['fd10', 'fd15']), new Set(['fd15', 'fd10']));
  });

  it('a null-prototype object is plain data, equal to the literal', () => {
    const o = Object.create(null);
    o.b = 1;
    o.a = 2;
    same(o, { a: 2, b: 1 });
  });

  it('Dates compare by time', () => {
    same(new Date(5), new Date(5));
    differ(new Date(5), new Date(6));
  });
});

describe('canonicalKey: different data, different keys', () => {
  it('-0 and 0 are distinct; NaN is itself and distinct from "NaN" and null', () => {
    differ(-0, 0);
    same(NaN, NaN);
    differ(NaN, 'NaN');
    differ(NaN, null);
    same(-0, -0);
  });

  it('undefined is distinct from null and from a missing key', () => {
    differ(undefined, null);
    differ({ a: undefined }, {});
    differ({ a: undefined }, { a: null });
    differ([undefined], [null]);
  });

  it('a bigint is distinct from the number and the string with the same digits', () => {
    differ(1n, 1);
    differ(1n, '1n');
    differ(1n, '1');
    same(10n ** 20n, 100000000000000000000n);
  });

  it('types never collide: "1" vs 1, true vs "T", arrays vs sets vs maps vs objects', () => {
    differ('1', 1);
    differ(true, 'T');
    differ(false, 0);
    differ([1, 2], new Set([1, 2]));
    differ(new Map([['a', 1]]), { a: 1 });
    differ([], {});
    differ([[1, 2]], [1, 2]);
    differ(new Set(['a,b']), new Set(['a', 'b']));
    differ({ 'a:1': 2 }, { a: '1:2' });
  });

  it('array order matters (arrays are sequences)', () => {
    differ([1, 2], [2, 1]);
  });
});

describe('canonicalKey: not plain data is LC015', () => {
  it('a function, at the top or nested, is LC015 naming the path', () => {
    expect(codeOf(() => canonicalKey(() => 1))).toBe('LC015');
    expect(codeOf(() => canonicalKey({ a: [1, { f() {} }] }))).toBe('LC015');
    expect(() => canonicalKey({ cb: () => 1 }, 'ctx')).toThrow(/ctx\.cb/);
  });

  it('a class instance is LC015 naming the class', () => {
    class Lease { holder = 'A'; }
    expect(codeOf(() => canonicalKey(new Lease()))).toBe('LC015');
    expect(() => canonicalKey({ l: new Lease() })).toThrow(/Lease/);
    expect(codeOf(() => canonicalKey(new Map([['k', new Lease()]])))).toBe('LC015');
  });

  it('a symbol and a cycle are LC015', () => {
    expect(codeOf(() => canonicalKey(Symbol('s')))).toBe('LC015');
    const cyc: Record<string, unknown> = {};
    cyc.self = cyc;
    expect(codeOf(() => canonicalKey(cyc))).toBe('LC015');
  });

  it('a value shared twice (not a cycle) is fine', () => {
    const shared = { x: 1 };
    same({ a: shared, b: shared }, { a: { x: 1 }, b: { x: 1 } });
  });
});

describe('toPlain', () => {
  it('makes Maps, Sets, bigints and undefined JSON-safe', () => {
    expect(toPlain({ m: new Map([['b', 1], ['a', 2]]), s: new Set([2, 1]), big: 5n, u: undefined })).toEqual({
      big: { '#bigint': '5' },
      m: { a: 2, b: 1 },
      s: [1, 2],
      u: null,
    });
  });
});
