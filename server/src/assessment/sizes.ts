// Message-size limits for the Edge: the larger of the biggest message an application sent through IIS and
// the virtual server's MaxMessageSize, compared with the Exchange defaults that would otherwise bounce it.
// cs-bytes of DATA and the IIS limit are both the size as transmitted (already Base64-encoded), the same
// measure Exchange applies to the message, so no encoding headroom is added: the value is only rounded up
// to whole megabytes.

const MB = 1024 * 1024;
/** Exchange defaults (connectors.md): receive connector 36 MB, Set-TransportConfig MaxReceiveSize/MaxSendSize 10 MB, send connector 35 MB. */
export const RECEIVE_CONNECTOR_DEFAULT = 36 * MB;
export const TRANSPORT_DEFAULT = 10 * MB;
export const SEND_CONNECTOR_DEFAULT = 35 * MB;

export interface MessageSizePlan {
  /** Bytes to allow (0 when nothing is known). */
  limit: number;
  /** `25MB`: the value written to the script. */
  limitText: string;
  /** Where the limit came from, in words. */
  origin: string;
  /** Set-TransportConfig must be raised (limit above its 10 MB default). */
  transport: boolean;
  /** New receive connectors need -MaxMessageSize (limit above their 36 MB default). */
  receive: boolean;
  /** The send connector needs -MaxMessageSize (limit above 35 MB). */
  send: boolean;
  note?: string;
}

function mbText(bytes: number): string {
  return `${(bytes / MB).toFixed(1).replace(/\.0$/, '')} MB`;
}

export function messageSizePlan(largest: { bytes: number; source: string }, configured: number | undefined): MessageSizePlan {
  const seen = Math.max(0, largest.bytes);
  const conf = configured && configured > 0 ? configured : 0;
  const raw = Math.max(seen, conf);
  if (raw === 0) return { limit: 0, limitText: '', origin: 'no message sizes in the logs (cs-bytes not logged?) and no metabase', transport: false, receive: false, send: false };
  const limit = Math.ceil(raw / MB) * MB;
  const parts: string[] = [];
  if (seen > 0) parts.push(`largest message seen ${mbText(seen)}${largest.source ? ` from ${largest.source}` : ''}`);
  if (conf > 0) parts.push(`IIS MaxMessageSize ${mbText(conf)} (metabase)`);
  const origin = `${parts.join(', ')}; the limit follows the ${seen >= conf ? 'largest message seen' : 'IIS limit'}`;
  const plan: MessageSizePlan = { limit, limitText: `${limit / MB}MB`, origin, transport: limit > TRANSPORT_DEFAULT, receive: limit > RECEIVE_CONNECTOR_DEFAULT, send: limit > SEND_CONNECTOR_DEFAULT };
  if (plan.transport) plan.note = `Messages up to ${limit / MB} MB must pass (${origin}), above the 10 MB transport default of the Edge: the script raises Set-TransportConfig -MaxReceiveSize/-MaxSendSize${plan.receive ? ', the receive connectors' : ''}${plan.send ? ' and the send connector' : ''}.`;
  return plan;
}
