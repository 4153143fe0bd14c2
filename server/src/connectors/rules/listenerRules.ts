// Rules about which hosts reach which receive connector: a Set-ReceiveConnector -RemoteIPRanges that replaces the
// whole list (EXR025), and a new connector that repeats another's Bindings and RemoteIPRanges (EXR026).
import { psQuote } from '../../common/powershell';
import { PERMISSIONS } from '../catalogue/catalog';
import type { Severity } from '../../common/finding';
import type { ScriptFinding } from '../catalogue/codes';
import { parseIpRange } from './formats';
import type { Span } from '../syntax/model';
import { spanOf } from '../syntax/params';
import type { ConnectorState, ScriptState } from '../syntax/state';
import { leaves } from '../syntax/values';

export type Emit = (exr: string, span: Span, message: string, opts?: { severity?: Severity; fixes?: ScriptFinding['fixes'] }) => void;

/** EXR025: a plain -RemoteIPRanges value on Set-ReceiveConnector drops every range not listed. */
export function checkRangeReplacements(state: ConnectorState, text: string, emit: Emit): void {
  for (const r of state.rangeReplacements) {
    const value = r.use.value;
    // `$conn.RemoteIPRanges` after `+=`/`-=` on the retrieved object: the current list, edited (a read-modify-write)
    if (!value || /\.RemoteIPRanges\b/i.test(text.slice(value.span.start, value.span.end))) continue;
    const items = leaves(value).map((l) => (l.kind === 'string' ? psQuote(l.value) : text.slice(l.span.start, l.span.end)));
    const replaced = r.before
      ? r.before.length > 0
        ? ` (${r.before.join(', ')}, as this script left it)`
        : ''
      : ' (the ranges already configured on the server, not visible in this script)';
    emit('EXR025', spanOf(r.cmd, 'RemoteIPRanges'), `-RemoteIPRanges replaces the whole list of '${state.name}'${replaced}: every host not listed here loses access to the connector, the usual way other relaying devices get cut off. To add hosts, write -RemoteIPRanges @{Add=…} (and @{Remove=…} to take one out); if replacing the list is intended, keep it.`, {
      fixes: [{ title: 'Add to the list instead (@{Add=…})', edits: [{ start: value.span.start, end: value.span.end, newText: `@{Add=${items.join(',')}}` }] }],
    });
  }
}

interface Listener {
  name: string;
  bindings: string[];
  /** Normalised range set (first-last per family, sorted), comparable across spellings (CIDR, a-b). */
  ranges: string;
}

function rangeKey(items: readonly string[]): string | undefined {
  const keys: string[] = [];
  for (const i of items) {
    const span = parseIpRange(i).span;
    if (!span) return undefined;
    keys.push(`${span.family}:${span.first}-${span.last}`);
  }
  return [...new Set(keys)].sort().join(',');
}

function listenerOf(state: ConnectorState): Listener | undefined {
  const bindings = state.bindings.items;
  const ranges = state.remoteIPRanges.items;
  if (!state.known || !bindings || !ranges || bindings.length === 0) return undefined;
  const key = rangeKey(ranges);
  return key === undefined ? undefined : { name: state.name, bindings: bindings.map((b) => b.trim().toLowerCase()), ranges: key };
}

const DEFAULT_EDGE = /^default internal receive connector/i;

/**
 * EXR026: Exchange refuses a receive connector whose binding and RemoteIPRanges both equal another connector's on
 * the same server. On an Edge the default connector (0.0.0.0:25, every IPv4 address) is assumed to exist unless
 * the script itself models it.
 */
export function checkDuplicateListeners(script: ScriptState, role: string, emit: Emit): void {
  const existing: Listener[] = [];
  if (role === 'EdgeTransport' && !script.objects.some((o) => o.kind === 'receive' && DEFAULT_EDGE.test(o.name))) {
    const d = PERMISSIONS.defaultEdgeReceiveConnector;
    existing.push({ name: 'Default internal receive connector <Edge>', bindings: d.bindings.map((b) => b.toLowerCase()), ranges: rangeKey(d.remoteIPRanges)! });
  }
  for (const state of script.objects) {
    if (state.kind !== 'receive') continue;
    const mine = listenerOf(state);
    if (!mine) continue;
    if (state.created && !state.created.opaqueSplat) {
      const clash = existing.find((o) => o.ranges === mine.ranges && o.bindings.some((b) => mine.bindings.includes(b)));
      if (clash) {
        const binding = clash.bindings.find((b) => mine.bindings.includes(b))!;
        emit('EXR026', spanOf(state.created, 'Bindings'), `'${state.name}' listens on ${binding} for the same RemoteIPRanges as '${clash.name}'; Exchange requires a different binding or different remote ranges, so New-ReceiveConnector fails when it runs. Bind it to another local address, or give it the narrower ranges it is meant for (a range inside the other connector's range is allowed: the most specific match wins).`);
      }
    }
    existing.push(mine);
  }
}
