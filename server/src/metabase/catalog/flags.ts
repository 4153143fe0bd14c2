// Bit tables of the metabase flag properties (reference metabase.md §2.2, §2.4, §2.5, §2.7).
// Values from the public SDK header iiscnfg.h unless the confidence says otherwise.

export type Confidence = 'high' | 'medium' | 'low';

export interface FlagBit {
  name: string;
  value: number;
  meaning: string;
}

export interface FlagTable {
  property: string;
  bits: readonly FlagBit[];
  /** Name written for the value 0, if the schema has one. */
  zeroName?: string;
  confidence: Confidence;
  source: string;
}

export const AUTH_FLAGS: FlagTable = {
  property: 'AuthFlags',
  confidence: 'high',
  source: 'iiscnfg.h',
  bits: [
    { name: 'AuthAnonymous', value: 0x1, meaning: 'Anonymous access (no AUTH needed)' },
    { name: 'AuthBasic', value: 0x2, meaning: 'Basic authentication (AUTH LOGIN/PLAIN: base64, clear text without TLS)' },
    { name: 'AuthNTLM', value: 0x4, meaning: 'Integrated Windows authentication (NTLM/Kerberos)' },
    { name: 'AuthMD5', value: 0x10, meaning: 'Digest authentication (web only)' },
    { name: 'AuthPassport', value: 0x40, meaning: '.NET Passport (web only, IIS 6)' },
  ],
};

export const ACCESS_SSL_FLAGS: FlagTable = {
  property: 'AccessSSLFlags',
  confidence: 'high',
  source: 'iiscnfg.h',
  bits: [
    { name: 'AccessSSL', value: 0x8, meaning: '"Require TLS encryption": MAIL/DATA refused until STARTTLS' },
    { name: 'AccessSSLNegotiateCert', value: 0x20, meaning: 'Negotiate client certificate' },
    { name: 'AccessSSLRequireCert', value: 0x40, meaning: 'Require client certificate' },
    { name: 'AccessSSLMapCert', value: 0x80, meaning: 'Map client certificate to an account' },
    { name: 'AccessSSL128', value: 0x100, meaning: '"Require 128-bit encryption"' },
  ],
};

export const LOG_EXT_FILE_FLAGS: FlagTable = {
  property: 'LogExtFileFlags',
  confidence: 'high',
  source: 'iiscnfg.h',
  bits: [
    { name: 'LogExtFileDate', value: 0x1, meaning: 'date' },
    { name: 'LogExtFileTime', value: 0x2, meaning: 'time' },
    { name: 'LogExtFileClientIp', value: 0x4, meaning: 'c-ip: client address (who relayed)' },
    { name: 'LogExtFileUserName', value: 0x8, meaning: 'cs-username: authenticated user' },
    { name: 'LogExtFileSiteName', value: 0x10, meaning: 's-sitename' },
    { name: 'LogExtFileComputerName', value: 0x20, meaning: 's-computername' },
    { name: 'LogExtFileServerIp', value: 0x40, meaning: 's-ip' },
    { name: 'LogExtFileMethod', value: 0x80, meaning: 'cs-method: the SMTP verb' },
    { name: 'LogExtFileUriStem', value: 0x100, meaning: 'cs-uri-stem' },
    { name: 'LogExtFileUriQuery', value: 0x200, meaning: 'cs-uri-query: the verb arguments (MAIL FROM / RCPT TO addresses)' },
    { name: 'LogExtFileHttpStatus', value: 0x400, meaning: 'sc-status: SMTP reply code' },
    { name: 'LogExtFileWin32Status', value: 0x800, meaning: 'sc-win32-status' },
    { name: 'LogExtFileBytesSent', value: 0x1000, meaning: 'sc-bytes' },
    { name: 'LogExtFileBytesRecv', value: 0x2000, meaning: 'cs-bytes' },
    { name: 'LogExtFileTimeTaken', value: 0x4000, meaning: 'time-taken' },
    { name: 'LogExtFileServerPort', value: 0x8000, meaning: 's-port' },
    { name: 'LogExtFileUserAgent', value: 0x10000, meaning: 'cs(User-Agent)' },
    { name: 'LogExtFileCookie', value: 0x20000, meaning: 'cs(Cookie)' },
    { name: 'LogExtFileReferer', value: 0x40000, meaning: 'cs(Referer)' },
    { name: 'LogExtFileProtocolVersion', value: 0x80000, meaning: 'cs-version' },
    { name: 'LogExtFileHost', value: 0x100000, meaning: 'cs-host' },
    { name: 'LogExtFileHttpSubStatus', value: 0x200000, meaning: 'sc-substatus (IIS 6)' },
  ],
};

/** RouteAction bits: hex values from the community table on the TechNet RouteAction page (decimal values there contain errors). */
export const ROUTE_ACTION_FLAGS: FlagTable = {
  property: 'RouteAction',
  confidence: 'medium',
  source: 'TechNet RouteAction community table (hex values)',
  zeroName: 'SMTP_NO_ACTION',
  bits: [
    { name: 'SMTP_DROP', value: 0x1, meaning: 'local drop domain (RouteActionString = drop folder)' },
    { name: 'SMTP_SMARTHOST', value: 0x2, meaning: 'forward all mail for this domain to a smart host (RouteActionString)' },
    { name: 'SMTP_SSL', value: 0x4, meaning: 'outbound TLS for this route' },
    { name: 'SMTP_SASL', value: 0x8, meaning: 'outbound AUTH with RouteUserName/RoutePassword' },
    { name: 'SMTP_ALIAS', value: 0x10, meaning: 'local alias domain' },
    { name: 'SMTP_DELIVER', value: 0x20, meaning: 'deliver' },
    { name: 'SMTP_DEFAULT', value: 0x40, meaning: 'must never be stored: the service ignores an entry carrying it' },
    { name: 'SMTP_AUTH_NTLM', value: 0x80, meaning: 'outbound Integrated (NTLM) authentication' },
    { name: 'SMTP_AUTH_CLEARTEXT', value: 0x100, meaning: 'outbound Basic authentication' },
    { name: 'SMTP_ETRN_CMD', value: 0x200, meaning: 'ETRN handling' },
    { name: 'SMTP_IP_RELAY', value: 0x400, meaning: '(meaning not established)' },
    { name: 'SMTP_AUTH_RELAY', value: 0x800, meaning: 'authenticated users may relay to this domain even if RelayForAuth is off' },
    { name: 'SMTP_DOMAIN_RELAY', value: 0x1000, meaning: '"Allow incoming mail to be relayed to this domain": anyone may relay to it' },
    { name: 'SMTP_CSIDE_TURN', value: 0x2000, meaning: 'client-side TURN' },
    { name: 'SMTP_CSIDE_ETRN', value: 0x4000, meaning: 'client-side ETRN' },
    { name: 'SMTP_DISABLE_ETRN', value: 0x8000, meaning: 'ETRN disabled' },
    { name: 'SMTP_CHUNKING', value: 0x10000, meaning: 'use CHUNKING' },
    { name: 'SMTP_DISABLE_CHUNK', value: 0x20000, meaning: 'do not use CHUNKING' },
    { name: 'SMTP_DISABLE_BMIME', value: 0x40000, meaning: 'do not use BINARYMIME' },
    { name: 'SMTP_DISABLE_DSN', value: 0x80000, meaning: 'do not use DSN' },
    { name: 'SMTP_DISABLE_PIPELINE', value: 0x100000, meaning: 'do not use PIPELINING' },
    { name: 'SMTP_AUTH_KERBEROS', value: 0x200000, meaning: 'outbound Kerberos authentication' },
    { name: 'SMTP_USE_HELO', value: 0x400000, meaning: '"Send HELO instead of EHLO"' },
  ],
};

export const FLAG_TABLES: readonly FlagTable[] = [AUTH_FLAGS, ACCESS_SSL_FLAGS, LOG_EXT_FILE_FLAGS, ROUTE_ACTION_FLAGS];

export function flagMask(table: FlagTable): number {
  return table.bits.reduce((m, b) => (m | b.value) >>> 0, 0);
}

/** Names of the bits set in `value`, plus the leftover bits no name covers. */
export function flagNames(table: FlagTable, value: number): { names: string[]; unknownBits: number } {
  const names: string[] = [];
  let rest = value >>> 0;
  for (const b of table.bits) {
    if ((value & b.value) !== 0) {
      names.push(b.name);
      rest = (rest & ~b.value) >>> 0;
    }
  }
  if (names.length === 0 && value === 0 && table.zeroName) names.push(table.zeroName);
  return { names, unknownBits: rest };
}

// The RouteAction bits the rules look at.
export const RA = {
  DROP: 0x1,
  SMARTHOST: 0x2,
  SSL: 0x4,
  SASL: 0x8,
  ALIAS: 0x10,
  DEFAULT: 0x40,
  AUTH_NTLM: 0x80,
  AUTH_CLEARTEXT: 0x100,
  AUTH_RELAY: 0x800,
  DOMAIN_RELAY: 0x1000,
} as const;
