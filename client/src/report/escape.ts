// HTML escaping for every log-derived string shown in the report webview.
const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;', '`': '&#96;' };

export function esc(value: string | number): string {
  return String(value).replace(/[&<>"'`]/g, (c) => ENTITIES[c]!);
}
