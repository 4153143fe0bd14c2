// Where the connector scripts set a receive connector's -RemoteIPRanges: read with the connector-script
// language's own parser (its command model gives the positions), never by matching PowerShell text here.
import { analyzeConnectorScript } from '../connectors';
import { DEFAULT_RECEIVE_CONNECTOR } from '../exchangeLog/catalog';
import { DEFAULT_SETTINGS } from '../settings';
import type { ScriptRangesLine } from '../protocol/cutover';

type Literal = Awaited<ReturnType<typeof analyzeConnectorScript>>['commands'][number]['parameters'][number]['value'];

const RECEIVE_CMDLETS = new Set(['New-ReceiveConnector', 'Set-ReceiveConnector']);

/** `EDGE01\App relay` → `App relay`. */
export const connectorShortName = (name: string): string => name.slice(name.lastIndexOf('\\') + 1).trim();

/** The literal items of a RemoteIPRanges value: a list, or `@{Add=…}` (what it adds); undefined when not all known. */
function rangeItems(value: Literal): { items?: string[]; removes: boolean } {
  const strings = (v: Literal): string[] | undefined => (typeof v === 'string' ? [v] : Array.isArray(v) && v.every((x) => typeof x === 'string') ? (v as string[]) : undefined);
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const entries = Object.entries(value);
    const add = entries.filter(([k]) => /^add$/i.test(k)).map(([, v]) => strings(v));
    return { items: add.every((a) => a !== undefined) ? add.flat() as string[] : undefined, removes: entries.some(([k]) => /^remove$/i.test(k)) };
  }
  return { items: strings(value), removes: false };
}

/**
 * One entry per receive connector the script creates or changes with a literal name and a -RemoteIPRanges
 * (default connectors left out: they are not the migration connector): the last line that sets or edits its
 * ranges, and the items of every such line when all are known.
 */
export async function remoteRangesLines(file: string, text: string, generated = false): Promise<ScriptRangesLine[]> {
  const { commands } = await analyzeConnectorScript(text, DEFAULT_SETTINGS);
  const byName = new Map<string, ScriptRangesLine & { known: boolean }>();
  for (const c of commands) {
    if (!RECEIVE_CMDLETS.has(c.cmdlet)) continue;
    const ranges = c.parameters.find((p) => p.name === 'RemoteIPRanges' && p.valueRange);
    const id = c.parameters.find((p) => p.name === (c.cmdlet === 'New-ReceiveConnector' ? 'Name' : 'Identity'));
    if (!ranges || !id || !id.isLiteral || typeof id.value !== 'string') continue;
    const connector = connectorShortName(id.value);
    if (connector === '' || DEFAULT_RECEIVE_CONNECTOR.test(`\\${connector}`)) continue;
    const key = connector.toLowerCase();
    const { items, removes } = ranges.isLiteral ? rangeItems(ranges.value) : { items: undefined, removes: true };
    const before = byName.get(key);
    const replaces = !(ranges.value && typeof ranges.value === 'object' && !Array.isArray(ranges.value));
    const known = (before === undefined || replaces || before.known) && items !== undefined && !removes;
    const all = known ? [...(replaces || !before ? [] : before.ranges ?? []), ...items!] : undefined;
    byName.set(key, { file, line: ranges.valueRange!.start.line + 1, column: ranges.valueRange!.start.character + 1, connector: before?.connector ?? connector, ranges: all, known, ...(generated ? { generated } : {}) });
  }
  return [...byName.values()].map(({ known: _known, ...line }) => line);
}
