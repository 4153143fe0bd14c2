// "1 application" / "3 applications": an English count with the singular or plural noun, for the client's
// messages, titles and report (no "application(s)").
export function plural(n: number, one: string, many: string): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
}
