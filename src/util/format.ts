/** 1234567 -> "1,234,567". */
export function fmt(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}
