// Writes a synthetic IIS SMTP log over 50 MB (VS Code's limit for passing a file to extensions) into the run's
// workspace copy: 300 internal applications, one message per session, one day. Nothing here is committed.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

const FIELDS = '#Fields: date time c-ip cs-username s-sitename s-computername s-ip s-port cs-method cs-uri-stem cs-uri-query sc-status sc-win32-status sc-bytes cs-bytes time-taken cs-version cs-host cs(User-Agent) cs(Referer)';
const TARGET_BYTES = 52 * 1024 * 1024;
const DAY = '2026-11-21';

function clock(second: number): string {
  const h = Math.floor(second / 3600) % 24;
  const m = Math.floor(second / 60) % 60;
  const s = second % 60;
  return [h, m, s].map((n) => String(n).padStart(2, '0')).join(':');
}

/** Writes the log; returns how many messages it holds. */
export function writeLargeLog(path: string): { messages: number; bytes: number } {
  mkdirSync(dirname(path), { recursive: true });
  const lines = ['#Software: Microsoft Internet Information Services 6.0', '#Version: 1.0', `#Date: ${DAY} 00:00:00`, FIELDS];
  let bytes = lines.join('\r\n').length;
  let messages = 0;
  for (let i = 0; bytes < TARGET_BYTES; i++) {
    const app = i % 300;
    const ip = `10.1.${1 + Math.floor(app / 100)}.${1 + (app % 100)}`;
    const host = `app${app}`;
    const at = `${DAY} ${clock(Math.floor(i / 1.2))}`;
    const row = (verb: string, query: string, status: number, win32 = 0): string => `${at} ${ip} ${host} SMTPSVC1 RELAY01 10.1.1.25 0 ${verb} - ${query} ${status} ${win32} 50 20 0 SMTP - - -`;
    const session = [
      row('EHLO', `+${host}`, 250),
      row('MAIL', `+FROM:<${host}@contoso.com>`, 250),
      row('RCPT', `+TO:<user${i % 50}@contoso.com>`, 250),
      row('DATA', `+<${i}@${host}.contoso.com>`, 250),
      row('QUIT', host, 240, 900),
    ];
    for (const l of session) bytes += l.length + 2;
    lines.push(...session);
    messages++;
  }
  const text = lines.join('\r\n') + '\r\n';
  writeFileSync(path, text);
  return { messages, bytes: text.length };
}
