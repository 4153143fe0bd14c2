// A `failing` source refused relay on a connector other than the migration connector: name what to add and,
// when a connector script is known, the line of the migration connector's -RemoteIPRanges. Evidence only: with
// no script, or several connectors that could be the one, no line is picked for the admin.
import { classifyAddress } from '../common/ipClass';
import { psQuote } from '../common/powershell';
import { parseIpRange } from '../connectors/rules/formats';
import { DEFAULT_RECEIVE_CONNECTOR } from '../exchangeLog/catalog';
import { RELAY_REFUSED_REASON } from '../exchangeLog/refusals';
import { connectorShortName } from './scriptLines';
import { NO_CONNECTOR, OTHER_CONNECTORS, type CutoverEntry, type CutoverFix, type IisSourceFacts, type ScriptRangesLine } from '../protocol/cutover';

/** The first range item that covers `address`, if any. */
function covering(line: ScriptRangesLine, address: string): string | undefined {
  const a = parseIpRange(address).span;
  if (!a) return undefined;
  return line.ranges?.find((item) => {
    const r = parseIpRange(item).span;
    return r !== undefined && r.family === a.family && r.first <= a.first && a.last <= r.last;
  });
}

/**
 * Why the IIS evidence does not support adding a source to the anonymous relay connector, or undefined when it
 * does (an application IIS relayed for anonymously). An Edge refusing relay to anything else is no reason to grant it.
 */
export function relayNotShownOnIis(iis: IisSourceFacts | undefined): string | undefined {
  if (!iis) return 'it was never seen on IIS';
  if (iis.category === 'relay-denied') return 'IIS refused its relay too';
  if (iis.category !== 'application') return `IIS saw it as ${iis.category} traffic, not an application`;
  if (iis.scenario === 'authenticated') return 'on IIS it authenticated before relaying: have it authenticate on the Edge';
  if (iis.scenario !== 'anonymous-relay') return 'the IIS logs do not prove it relayed anonymously to external domains';
  return undefined;
}

const where = (l: ScriptRangesLine): string => (l.generated ? `line ${l.line} of ${l.file}` : `${l.file}:${l.line}`);

/**
 * `lines`: the scripts' receive connectors (undefined when no script is known); `edgeConnectors`: the short
 * names (lower case) of the connectors the Edge logs show.
 */
export function relayFix(entry: CutoverEntry, lines: readonly ScriptRangesLine[] | undefined, edgeConnectors: ReadonlySet<string>): CutoverFix | undefined {
  const edge = entry.edge;
  if (entry.status !== 'failing' || !edge || !edge.refusals.some((r) => r.key === RELAY_REFUSED_REASON)) return undefined;
  if (relayNotShownOnIis(entry.iis) !== undefined) return undefined;
  const parsed = classifyAddress(entry.source);
  if (parsed.cls === 'invalid') return undefined;
  const address = parsed.canonical;
  const scriptNames = new Set((lines ?? []).map((l) => l.connector.toLowerCase()));
  // The connector its relay was refused on: one the scripts do not configure (with no script, a default
  // connector). Never a placeholder: when the log did not name the connector, no fix names one.
  const landed = edge.relayRefusalConnectors.find(
    (c) => c.key !== NO_CONNECTOR && c.key !== OTHER_CONNECTORS && (lines && lines.length > 0 ? !scriptNames.has(connectorShortName(c.key).toLowerCase()) : DEFAULT_RECEIVE_CONNECTOR.test(c.key)),
  );
  if (!landed) return undefined;
  const landedOn = landed.key;
  if (!lines || lines.length === 0) {
    return { address, landedOn, text: `Add ${address} to the RemoteIPRanges of the migration relay connector: it landed on "${landedOn}". No connector script was given, so no line is named.` };
  }
  const covers = lines.filter((l) => covering(l, address) !== undefined);
  const seen = lines.filter((l) => edgeConnectors.has(l.connector.toLowerCase()));
  const target = covers.length === 1 ? covers[0] : covers.length === 0 && seen.length === 1 ? seen[0] : covers.length === 0 && seen.length === 0 && lines.length === 1 ? lines[0] : undefined;
  if (!target) {
    const list = (covers.length > 1 ? covers : seen.length > 1 ? seen : lines).slice(0, 10);
    return { address, landedOn, candidates: list, text: `Add ${address} to the RemoteIPRanges of the migration relay connector: it landed on "${landedOn}". The scripts set RemoteIPRanges on several receive connectors (${list.map((l) => `'${l.connector}' at ${where(l)}`).join(', ')}); add it to the one meant for relay.` };
  }
  const item = covering(target, address);
  const unseen = edgeConnectors.has(target.connector.toLowerCase()) ? '' : ` No session in the Edge logs landed on '${target.connector}': check that it exists on the Edge.`;
  if (item !== undefined) {
    return { address, landedOn, target, alreadyCovered: true, text: `${where(target)} already lists ${item} in the RemoteIPRanges of '${target.connector}'${item === address ? '' : `, which covers ${address}`}, yet it landed on "${landedOn}": either the Edge's connector does not have that list, or its Bindings do not include the address and port the client connected to (the log's local endpoint). Compare Get-ReceiveConnector ${psQuote(target.connector)} | Format-List RemoteIPRanges,Bindings before running that line on the Edge.${unseen}` };
  }
  return { address, landedOn, target, text: `Add ${address} to the RemoteIPRanges of '${target.connector}' at ${where(target)}: it landed on "${landedOn}".${unseen}` };
}
