/**
 * Symmetry over declared groups (src/engine/symmetry.ts, symmetryGroups.ts): the signature-sorted
 * canonical form is exact (as many states as trying every permutation of every group), verdicts and
 * lengths are those of the plain search with processes, files and MR slots all permuted, traces replay,
 * and a declaration the system does not honour is a coded error.
 */
import { describe, expect, it } from 'vitest';
import { assign, setup } from 'xstate';
import { always, check, compileSystem, defineSystem, explore, joint, replayTrace, type CheckOptions, type CheckSuccess, type System } from '../../src/index.ts';
import { Symmetry } from '../../src/engine/symmetry.ts';
import { renameData, renamingOf, type Group } from '../../src/engine/symmetryGroups.ts';
import { DESIGNS } from '../../specs/designs/designs.ts';
import { daxSystem } from '../../specs/dax/system.ts';

function run(system: System, options: CheckOptions): CheckSuccess {
  const r = check(system, options);
  if (r.status === 'error') throw r.error;
  return r;
}

const summary = (r: CheckSuccess) => r.properties.map((p) => [p.id, p.verdict, p.trace ? p.trace.steps.length - 1 : null]);
const design = (id: string) => daxSystem(DESIGNS.find((d) => d.id === id)!).system;

/** Orbits found with the signature canonical form and with every permutation tried. */
function orbits(system: System, scope: Record<string, number>): { signature: number; exhaustive: number } {
  const count = (exhaustive: boolean) => {
    const cs = compileSystem(system, scope);
    return explore(cs, { reduceBy: new Symmetry(cs, cs.symmetry!, exhaustive) }).distinct;
  };
  return { signature: count(false), exhaustive: count(true) };
}

describe('the canonical form is exact: one state per orbit', () => {
  it.each([
    ['mainline-2019', {}],
    ['zombie-lease', { processes: 1, files: 2 }],
    ['unprotected', { processes: 1, files: 2, mrs: 1 }],
    ['zombie-lease', { processes: 1, files: 3, mrs: 1, fds: 1 }],
  ] as const)('%s at %j: as many orbits as trying all permutations of processes, files and MR slots', (id, scope) => {
    const { signature, exhaustive } = orbits(design(id), scope);
    expect(signature).toBe(exhaustive);
  }, 120_000);

  it('clients and servers that name each other (two groups, three clients): as many orbits as trying all permutations', () => {
    const { signature, exhaustive } = orbits(clientsAndServers(), { clients: 3, servers: 2 });
    expect(signature).toBe(exhaustive);
    const plain = run(clientsAndServers(), { scope: { clients: 3, servers: 2 } });
    const sym = run(clientsAndServers(), { scope: { clients: 3, servers: 2 }, symmetry: true });
    expect(sym.stats.distinctStates).toBe(signature);
    expect(signature).toBeLessThan(plain.stats.distinctStates);
    expect(summary(sym)).toEqual(summary(plain));
  });

  it('DAX files 3 with dup fds: file f\'s dup would be fd 15, the RDMA context\'s, so files are not declared alike', () => {
    const r = check(design('zombie-lease'), { scope: { processes: 1, files: 3, mrs: 1 }, safetyOnly: true, symmetry: true, maxStates: 10 });
    expect(r.status).not.toBe('error');
  });
});

/**
 * Clients that connect to a server (their context names it) and servers that list their clients and
 * count them: references across two groups, both ways, so that signatures tie and the tie-break matters.
 */
function clientsAndServers(): System {
  const client = setup({ types: { context: {} as { me: string; server: string | null }, events: {} as { type: 'CONNECT'; server: string } | { type: 'DROP' }, input: {} as { me: string } } }).createMachine({
    context: ({ input }) => ({ me: input.me, server: null }),
    initial: 'idle',
    states: {
      idle: { on: { CONNECT: { target: 'on', actions: assign({ server: ({ event }) => (event.type === 'CONNECT' ? event.server : null) }) } } },
      on: { on: { DROP: { target: 'idle', actions: assign({ server: null }) } } },
    },
  });
  const server = setup({ types: { context: {} as { clients: string[] }, events: {} as { type: 'JOIN'; who: string } | { type: 'LEAVE'; who: string } } }).createMachine({
    context: { clients: [] },
    on: {
      JOIN: { guard: ({ context }) => context.clients.length < 2, actions: assign({ clients: ({ context, event }) => [...context.clients, event.type === 'JOIN' ? event.who : ''] }) },
      LEAVE: { actions: assign({ clients: ({ context, event }) => context.clients.filter((c) => c !== (event.type === 'LEAVE' ? event.who : '')) }) },
    },
  });
  return defineSystem({
    name: 'clients-and-servers',
    params: { clients: { default: 3 }, servers: { default: 2 } },
    build: ({ clients, servers }) => {
      const cs = Array.from({ length: clients }, (_, i) => `c${i}`);
      const ss = Array.from({ length: servers }, (_, i) => `s${i}`);
      const actors: Record<string, { machine: typeof client | typeof server; input?: unknown }> = {};
      for (const c of cs) actors[c] = { machine: client, input: { me: c } };
      for (const x of ss) actors[x] = { machine: server };
      return {
        actors,
        actions: [
          joint({ name: 'connect', params: { c: cs, s: ss }, steps: ({ c, s }) => [{ actor: c, event: { type: 'CONNECT', server: s } }, { actor: s, event: { type: 'JOIN', who: c } }] }),
          joint({
            name: 'drop',
            params: { c: cs, s: ss },
            steps: ({ c, s }) => [{ actor: c, event: { type: 'DROP' } }, { actor: s, event: { type: 'LEAVE', who: c } }],
            guard: (st, { c, s }) => st[c].context.server === s,
          }),
        ],
        properties: [always('no-server-overfull', (st) => ss.every((x) => st[x].context.clients.length <= 2))],
        checkDeadlock: false,
        symmetry: { groups: [{ name: 'clients', members: cs.map((c) => [c]) }, { name: 'servers', members: ss.map((x) => [x]) }] },
      };
    },
  });
}

/** A DAX design at `scope`, safety only: symmetry gives the plain search's verdicts and shortest lengths in fewer states, and its traces replay. */
function agreesWithPlain(id: string, scope: Record<string, number>): void {
  const full = run(design(id), { safetyOnly: true, scope });
  const sym = run(design(id), { safetyOnly: true, symmetry: true, scope });
  expect(summary(sym)).toEqual(summary(full));
  expect(sym.stats.distinctStates).toBeLessThan(full.stats.distinctStates);
  for (const p of sym.properties) if (p.trace) replayTrace(sym.system, p.trace);
}

describe('symmetry over files (and MR slots) on the DAX model: the verdicts of the plain search', () => {
  for (const d of DESIGNS) {
    it(`${d.id} with two files: same verdicts and shortest lengths, fewer states, traces replayed`, () => {
      agreesWithPlain(d.id, { processes: 1, files: 2 });
    }, 60_000);
  }
});

describe('symmetry with the scope options that add names: the verdicts of the plain search', () => {
  // passData: a received data fd (20 + i) belongs to file i; reopen: a second open file description per
  // process and file. Both are renamed with their file (specs/dax/symmetry.ts).
  for (const d of DESIGNS) {
    it(`${d.id} with two files and passData: same verdicts and shortest lengths, traces replayed`, () => {
      agreesWithPlain(d.id, { processes: 1, files: 2, passData: 1 });
    }, 120_000);
  }
  it('zombie-lease with two files and reopen: same verdicts and shortest lengths, traces replayed', () => {
    agreesWithPlain('zombie-lease', { processes: 1, files: 2, reopen: 1 });
  }, 120_000);
});

describe('renaming a file swaps its fds, its physical blocks and their positions', () => {
  const group: Group = {
    name: 'files',
    members: [[0], [1]],
    names: [['d', '10', 'd[0]'], ['e', '12', 'e[0]']],
    numbers: new Map([['fd', [[10], [12]]], ['phys', [[0], [1]]], ['blocks', [[0], [1]]]]),
    positions: new Map([['owner', 'phys']]),
  };
  it('strings, numbers by property, and array positions', () => {
    const r = renamingOf(group, [1, 0]);
    expect(renameData({ fds: { 10: 'A.d' }, closing: 10, fd: 12, owner: ['d[0]', 'free', 'free'], blocks: [0], block: 0, phys: 1 }, r)).toEqual({
      fds: { 12: 'A.d' },
      closing: 10, // not a property named in numbers: a count, say, stays as it is
      fd: 10,
      owner: ['free', 'e[0]', 'free'],
      blocks: [1],
      block: 0,
      phys: 0,
    });
  });
});

/** Two workers and a shared counter; `skew` makes them differ in a way the test names. */
function pair(skew: 'machine' | 'input' | 'action' | 'none'): System {
  const worker = setup({ types: { context: {} as { id: string; n: number }, events: {} as { type: 'GO' }, input: {} as { id: string; n: number } } }).createMachine({
    context: ({ input }) => ({ id: input.id, n: input.n }),
    initial: 'idle',
    states: { idle: { on: { GO: { target: 'done', actions: assign({ n: ({ context }) => context.n + 1 }) } } }, done: {} },
  });
  const otherMachine = setup({ types: { events: {} as { type: 'GO' } } }).createMachine({ initial: 'idle', states: { idle: { on: { GO: 'done' } }, done: {} } });
  return defineSystem({
    name: `pair-${skew}`,
    build: () => ({
      actors: {
        w0: { machine: worker, input: { id: 'w0', n: 0 } },
        w1: skew === 'machine' ? { machine: otherMachine } : { machine: worker, input: { id: 'w1', n: skew === 'input' ? 1 : 0 } },
      },
      actions: [joint({ name: 'go', params: { w: skew === 'action' ? ['w0'] : ['w0', 'w1'] }, steps: ({ w }) => ({ actor: w, event: { type: 'GO' } }) })],
      properties: [always('fine', () => true)],
      symmetry: { groups: [{ name: 'workers', members: [['w0'], ['w1']] }] },
    }),
  });
}

describe('a group whose members differ is a coded error', () => {
  it('members of one role that run different machines: LC028', () => {
    const r = check(pair('machine'), { symmetry: true });
    expect(r.status).toBe('error');
    if (r.status === 'error') expect(r.error.line()).toMatch(/^error LC028: symmetry group workers: actors w0 and w1 play one role but run different machines$/);
  });
  it('inputs that are not renamings of each other: LC028', () => {
    const r = check(pair('input'), { symmetry: true });
    expect(r.status).toBe('error');
    if (r.status === 'error') expect(r.error.line()).toMatch(/^error LC028: symmetry group workers: swapping workers w0 and w1 does not map actor w0's input to w1's/);
  });
  it('an action of one member with no counterpart for the other: LC028', () => {
    const r = check(pair('action'), { symmetry: true });
    expect(r.status).toBe('error');
    if (r.status === 'error') expect(r.error.line()).toMatch(/^error LC028: symmetry group workers: swapping workers w0 and w1 maps action go\(w=w0\) to steps no action takes$/);
  });
  it('a symmetric pair reduces: 4 states become 3', () => {
    expect(run(pair('none'), {}).stats.distinctStates).toBe(4);
    expect(run(pair('none'), { symmetry: true }).stats.distinctStates).toBe(3);
  });
  it('malformed groups: LC013', () => {
    const bad = (symmetry: unknown) =>
      check(
        defineSystem({
          name: 'bad',
          build: () => ({ actors: { a: { machine: setup({}).createMachine({}) } }, actions: [], symmetry: symmetry as never, checkDeadlock: false }),
        }),
      );
    const line = (symmetry: unknown) => {
      const r = bad(symmetry);
      return r.status === 'error' ? r.error.line() : 'no error';
    };
    expect(line({ groups: [{ name: 'g', members: [['a'], ['zz']] }] })).toBe('error LC013: symmetry group g names unknown actor zz');
    expect(line({ groups: [{ name: 'g', members: [['a'], ['a']] }] })).toBe('error LC013: symmetry group g lists actor a twice');
    expect(line({ groups: [{ name: 'g', members: [['a']], numbers: { fd: [[1], [2]] } }] })).toBe('error LC013: symmetry group g: numbers.fd must list, for every member, the same count of numbers');
    expect(line({})).toBe('error LC013: symmetry declares no group (give processes or groups)');
    expect(line({ groups: [{ name: 'g', members: [[], []] }] })).toBe('error LC013: symmetry group g: a member must list at least one actor');
  });
});
