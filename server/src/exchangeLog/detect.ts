// Which kind of log a file is, from its header (content first) or, for a file without one, from its name and
// folder (`...\ProtocolLog\SmtpReceive\RECVyyyymmddhh-n.LOG`). `check` and `assess` route files by this.
import { openRegularFile } from '../common/safeRead';
import { logTypeOf, type ExLogType } from './parser';

export type LogKind = 'exchange-receive' | 'exchange-send' | 'exchange-other' | 'iis';

const HEAD_BYTES = 4096;
const EXCHANGE_SOFTWARE = /^\ufeff?#Software:\s*Microsoft Exchange Server/im;
const LOG_TYPE = /^#Log-type:\s*(.*)$/im;
const PROTOCOL_LOG_NAME = /(^|[\\/])(RECV|SEND)\d{6,10}(-\d+)?\.LOG$/i;

/** The kind told by the first lines of a file; undefined when they do not say (no Exchange header). */
export function kindFromText(head: string): LogKind | undefined {
  if (!EXCHANGE_SOFTWARE.test(head)) return undefined;
  const type = LOG_TYPE.exec(head)?.[1] ?? '';
  const t = logTypeOf(type);
  if (t === 'receive') return 'exchange-receive';
  if (t === 'send') return 'exchange-send';
  // An Exchange header without a protocol log type (message tracking, connectivity…) or with none yet.
  return type.trim() === '' ? undefined : 'exchange-other';
}

/** The kind told by a path: RECV*.LOG / SEND*.LOG under a ProtocolLog (or SmtpReceive/SmtpSend) folder. */
export function kindFromPath(path: string): LogKind | undefined {
  const m = PROTOCOL_LOG_NAME.exec(path);
  if (!m || !/(^|[\\/])(ProtocolLog|SmtpReceive|SmtpSend)[\\/]/i.test(path)) return undefined;
  return m[2]!.toUpperCase() === 'RECV' ? 'exchange-receive' : 'exchange-send';
}

export function logTypeOfKind(kind: LogKind): ExLogType {
  return kind === 'exchange-receive' ? 'receive' : kind === 'exchange-send' ? 'send' : 'unknown';
}

export const isExchangeKind = (kind: LogKind): boolean => kind !== 'iis';

/** Reads the head of a file and tells its kind; unreadable files are left to the IIS reader, which reports them. */
export async function detectLogKind(path: string): Promise<LogKind> {
  let head = '';
  try {
    const { handle, size } = await openRegularFile(path);
    try {
      const buffer = Buffer.alloc(HEAD_BYTES);
      const { bytesRead } = await handle.read(buffer, 0, Math.min(HEAD_BYTES, size), 0);
      head = buffer.subarray(0, bytesRead).toString('utf8');
    } finally {
      await handle.close();
    }
  } catch {
    return kindFromPath(path) ?? 'iis';
  }
  return kindFromText(head) ?? kindFromPath(path) ?? 'iis';
}
