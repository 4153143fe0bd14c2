// HTML escaping for every log-derived string shown in the report webview. Markup characters become entities;
// bidi controls (RLO and the like) and line/paragraph separators become U+FFFD so a HELO or file name cannot
// change how the text around it reads (an address shown reversed, a fake line break).
const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;', '`': '&#96;' };

// eslint-disable-next-line no-control-regex
const INVISIBLE = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

export function esc(value: string | number): string {
  return String(value)
    .replace(INVISIBLE, '\uFFFD')
    .replace(/[&<>"'`]/g, (c) => ENTITIES[c]!);
}
