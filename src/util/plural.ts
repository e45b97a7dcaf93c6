/**
 * A count and its noun, singular for one: `counted(1, 'step')` -> "1 step", `counted(4, 'step')` ->
 * "4 steps". `shown` is how the number is written (e.g. fmt(n) for "1,234"); by default as is.
 */
export function counted(n: number, noun: string, shown: string = String(n)): string {
  return `${shown} ${n === 1 ? noun : `${noun}s`}`;
}
