import { setup, stateIn } from 'xstate';

/**
 * The whole dining table as ONE XState machine, for xstate/graph: a parallel machine with one region
 * per philosopher (think/one/eat) and one per fork (free/held), the same local machines as
 * ./philosophers.ts. A joint action of leasecheck becomes one event (TAKE_LEFT_i, TAKE_RIGHT_i,
 * RELEASE_i) that every participating region takes together; each region's transition is guarded
 * (stateIn) by the other participants being ready, so the event fires in all of them or in none.
 * (XState selects every region's transitions against the snapshot before the step.)
 */
export function philosophersTable(n: number) {
  const left = (i: number) => i;
  const right = (i: number) => (i + 1) % n;
  const regions: Record<string, object> = {};
  for (let i = 0; i < n; i++) {
    regions[`phil${i}`] = {
      initial: 'think',
      states: {
        think: { id: `phil${i}_think`, on: { [`TAKE_LEFT_${i}`]: { target: 'one', guard: stateIn(`#fork${left(i)}_free`) } } },
        one: { id: `phil${i}_one`, on: { [`TAKE_RIGHT_${i}`]: { target: 'eat', guard: stateIn(`#fork${right(i)}_free`) } } },
        eat: { id: `phil${i}_eat`, on: { [`RELEASE_${i}`]: { target: 'think' } } },
      },
    };
  }
  for (let f = 0; f < n; f++) {
    // Fork f is philosopher f's left fork and philosopher f-1's right fork.
    const owner = f;
    const neighbour = (f - 1 + n) % n;
    const take: Record<string, object> = {
      [`TAKE_LEFT_${owner}`]: { target: 'held', guard: stateIn(`#phil${owner}_think`) },
      [`TAKE_RIGHT_${neighbour}`]: { target: 'held', guard: stateIn(`#phil${neighbour}_one`) },
    };
    const put: Record<string, object> = {
      [`RELEASE_${owner}`]: { target: 'free', guard: stateIn(`#phil${owner}_eat`) },
      [`RELEASE_${neighbour}`]: { target: 'free', guard: stateIn(`#phil${neighbour}_eat`) },
    };
    regions[`fork${f}`] = {
      initial: 'free',
      states: { free: { id: `fork${f}_free`, on: take }, held: { id: `fork${f}_held`, on: put } },
    };
  }
  return setup({ types: { events: {} as { type: string } } }).createMachine({
    id: 'table',
    type: 'parallel',
    states: regions,
  });
}
