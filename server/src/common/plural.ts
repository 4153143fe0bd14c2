// "1 application" / "3 applications": an English count with the singular or plural noun, for every message
// the server, the CLI and the client write (no "application(s)").
export function plural(n: number, one: string, many: string): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
}
