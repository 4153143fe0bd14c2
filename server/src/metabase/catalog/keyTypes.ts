// SMTP key types (reference metabase.md §1.2): element name → key class and expected location.
import type { KeyClass } from './properties';

export interface KeyTypeDef {
  keyType: string;
  keyClass: KeyClass | 'sessions' | 'computer';
  /** Expected location shape, matched case-insensitively against the normalised path. */
  location: RegExp;
  description: string;
}

export const KEY_TYPES: readonly KeyTypeDef[] = [
  { keyType: 'IIsComputer', keyClass: 'computer', location: /^\/lm$/, description: 'Container of all IIS services.' },
  { keyType: 'IIsSmtpService', keyClass: 'service', location: /^\/lm\/smtpsvc$/, description: 'SMTP service: defaults inherited by every virtual server.' },
  { keyType: 'IIsSmtpInfo', keyClass: 'info', location: /^\/lm\/smtpsvc\/info$/, description: 'SMTP service information.' },
  { keyType: 'IIsSmtpServer', keyClass: 'server', location: /^\/lm\/smtpsvc\/\d+$/, description: 'One SMTP virtual server.' },
  { keyType: 'IIsSmtpVirtualDir', keyClass: 'vdir', location: /^\/lm\/smtpsvc\/\d+\/root(\/.*)?$/, description: 'Mail root of a virtual server.' },
  { keyType: 'IIsSmtpDomain', keyClass: 'domain', location: /^\/lm\/smtpsvc\/\d+\/domain\/[^/]+$/, description: 'A local or remote domain of a virtual server.' },
  { keyType: 'IIsSmtpRoutingSource', keyClass: 'routing', location: /^\/lm\/smtpsvc\/\d+\/routingsources$/, description: 'LDAP routing source of a virtual server.' },
  { keyType: 'IIsSmtpSessions', keyClass: 'sessions', location: /^\/lm\/smtpsvc\/\d+\/sessions$/, description: 'Run-time session list (not persisted configuration).' },
];

const BY_TYPE = new Map(KEY_TYPES.map((k) => [k.keyType.toLowerCase(), k]));

export function keyTypeDef(keyType: string): KeyTypeDef | undefined {
  return BY_TYPE.get(keyType.toLowerCase());
}

/** Key class implied by a location under /LM/SmtpSvc (for IIsConfigObject keys and for checks). */
export function classFromPath(path: string): KeyTypeDef | undefined {
  return KEY_TYPES.find((k) => k.location.test(path));
}
