// Counts printed with thousands separators ("12,345"), as en-US writes them. Not toLocaleString: its first
// call loads ICU's number formatting, about 20 ms of every command-line run.

/** An integer (or bigint) with commas between groups of three digits; other numbers as en-US prints them. */
export function groupDigits(n: number | bigint): string {
  if (typeof n === 'number' && !Number.isSafeInteger(n)) return n.toLocaleString('en-US');
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}
