// Pathological inputs per parser, each a function of a size n (characters of the hostile part), and a way to
// run one through a language service the way the server does (open, diagnostics, outline, hovers).
import { TextDocument } from 'vscode-languageserver-textdocument';
import { createLanguageServices } from '../../../server/src/languages';
import type { LanguageService } from '../../../server/src/languageService';
import { LineTextDocument } from '../../../server/src/lineDocument';
import { normalizeSettings } from '../../../server/src/settings';

export interface PathologicalCase {
  languageId: string;
  name: string;
  make: (n: number) => string;
}

const LOG_HEAD = '#Software: Microsoft Internet Information Services 6.0\r\n#Version: 1.0\r\n#Date: 2026-11-02 00:00:00\r\n#Fields: date time c-ip cs-username s-sitename s-computername s-ip s-port cs-method cs-uri-stem cs-uri-query sc-status sc-win32-status sc-bytes cs-bytes time-taken cs-version cs-host cs(User-Agent) cs(Cookie) cs(Referer)\r\n';
const rec = (ip: string, helo: string, verb: string, query: string, status = '250'): string => `2026-11-02 07:00:01 ${ip} ${helo} SMTPSVC1 RELAY01 10.1.0.5 0 ${verb} - ${query} ${status} 0 47 40 0 SMTP - - - -\r\n`;
const lines = (n: number, width: number, f: (i: number) => string): string => Array.from({ length: Math.max(1, Math.floor(n / width)) }, (_, i) => f(i)).join('');

const MB_HEAD = '<?xml version ="1.0"?>\r\n<configuration xmlns="urn:microsoft-catalog:XML_Metabase_V64_0">\r\n<MBProperty>\r\n';
const MB_TAIL = '</MBProperty>\r\n</configuration>\r\n';
const mbServer = (props: string): string => `<IIsSmtpServer\tLocation ="/LM/SmtpSvc/1"\r\n${props}\t>\r\n</IIsSmtpServer>\r\n`;

export const CASES: PathologicalCase[] = [
  { languageId: 'iis-smtp-log', name: 'run of spaces in a record', make: (n) => LOG_HEAD + rec('10.1.20.15', 'erp01', 'EHLO', `+erp01${' '.repeat(n)}x`) },
  { languageId: 'iis-smtp-log', name: 'run of quotes', make: (n) => LOG_HEAD + rec('10.1.20.15', '"'.repeat(n), 'MAIL', `+FROM:<${'"'.repeat(n)}>`) },
  { languageId: 'iis-smtp-log', name: 'run of +', make: (n) => LOG_HEAD + rec('10.1.20.15', 'erp01', 'RCPT', `+TO:<${'+'.repeat(n)}@contoso.com>`) },
  { languageId: 'iis-smtp-log', name: 'run of commas', make: (n) => LOG_HEAD + rec('10.1.20.15', 'erp01', 'RCPT', `+TO:<a@b>${','.repeat(n)}`) },
  { languageId: 'iis-smtp-log', name: 'very long domain names', make: (n) => LOG_HEAD + lines(n, 300, (i) => rec('10.1.20.15', `${'a'.repeat(60)}.`.repeat(4) + i, 'MAIL', `+FROM:<x@${'b'.repeat(63)}.${'c'.repeat(63)}.example${i}>`)) },
  { languageId: 'iis-smtp-log', name: 'IPv6 and malformed addresses', make: (n) => LOG_HEAD + lines(n, 140, (i) => rec(['fe80::1%eth0', '::ffff:10.1.2.3', '1:2:3:4:5:6:7:8:9', '999.1.1.1', `${'f'.repeat(40)}::`, '[::1]:25'][i % 6]!, 'x', 'EHLO', '+x')) },
  { languageId: 'iis-smtp-log', name: 'huge #Fields list', make: (n) => `${LOG_HEAD}#Fields: ${Array.from({ length: Math.max(1, Math.floor(n / 10)) }, (_, i) => `x-f${i}`).join(' ')}\r\n${rec('10.1.20.15', 'a', 'EHLO', '+a')}` },
  { languageId: 'iis-smtp-log', name: 'one client, a new server address per record, never QUIT', make: (n) => LOG_HEAD + lines(n, 130, (i) => rec('192.0.2.7', 'bot', 'EHLO', '+bot').replace(' 10.1.0.5 ', ` 10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255} `)) },
  { languageId: 'iis-smtp-log', name: 'many records', make: (n) => LOG_HEAD + lines(n, 130, (i) => rec(`10.1.${(i >> 8) & 255}.${i & 255}`, `h${i}`, i % 3 ? 'RCPT' : 'MAIL', i % 3 ? `+TO:<u${i}@fabrikam.example>` : `+FROM:<a${i}@contoso.com>`, i % 7 ? '250' : '550')) },
  { languageId: 'iis-metabase', name: 'MULTISZ with a long run of spaces', make: (n) => MB_HEAD + mbServer(`\t\tServerBindings="10.1.1.25:25:${' '.repeat(n)}\r\n\t\t\t${' '.repeat(n)}10.1.1.26:25:"\r\n`) + MB_TAIL },
  { languageId: 'iis-metabase', name: 'XML nested deep', make: (n) => MB_HEAD + '<a>'.repeat(Math.floor(n / 3)) + '</a>'.repeat(Math.floor(n / 4)) + MB_TAIL },
  { languageId: 'iis-metabase', name: 'relay blob whose counts lie', make: (n) => MB_HEAD + mbServer(`\t\tRelayIpList="18000080200000803c000080440000800100000064000000ffffff7f00000000ffffff7f0100000002000000ffffff7f000000004c000080${'00'.repeat(Math.floor(n / 2))}"\r\n`) + MB_TAIL },
  { languageId: 'iis-metabase', name: 'run of quotes and angle brackets', make: (n) => MB_HEAD + mbServer(`\t\tServerComment="${'"<'.repeat(Math.floor(n / 2))}"\r\n`) + MB_TAIL },
  { languageId: 'iis-metabase', name: 'many keys', make: (n) => MB_HEAD + lines(n, 120, (i) => `<IIsSmtpDomain\tLocation ="/LM/SmtpSvc/1/Domain/d${i}.example"\r\n\t\tRouteAction="16"\r\n\t>\r\n</IIsSmtpDomain>\r\n`) + MB_TAIL },
  { languageId: 'powershell', name: 'long -RemoteIPRanges list', make: (n) => `New-ReceiveConnector -Name 'A' -Usage Custom -Bindings 0.0.0.0:25 -RemoteIPRanges ${lines(n, 12, (i) => `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255},`)}10.0.0.1\r\n` },
  { languageId: 'powershell', name: 'run of backticks and quotes', make: (n) => `New-ReceiveConnector -Name '${"'".repeat(n)}' -Usage Custom ${'`'.repeat(n)}\r\n` },
];

let services: Promise<Map<string, LanguageService>> | undefined;

/** The server's language services, initialised once. */
export function languageServices(): Promise<Map<string, LanguageService>> {
  services ??= (async () => {
    const list = createLanguageServices();
    await Promise.all(list.map((s) => s.initialize?.()));
    return new Map(list.flatMap((s) => s.languageIds.map((id) => [id, s] as const)));
  })();
  return services;
}

const ctx = { settings: normalizeSettings({}) };

/** Open, diagnostics, outline and a few hovers, as the server would do them. Returns the diagnostics count. */
export function exercise(service: LanguageService, languageId: string, text: string): number {
  const doc = service.lineDocuments ? new LineTextDocument('file:///attack/x', languageId, 1, text) : TextDocument.create('file:///attack/x', languageId, 1, text);
  const model = service.open(doc);
  const count = service.diagnostics(model, doc, ctx).length;
  service.documentSymbols?.(model, doc, ctx);
  for (const line of [0, 3, 4, Math.floor(doc.lineCount / 2), doc.lineCount - 2]) {
    for (const character of [0, 5, 40, 200]) service.hover?.(model, doc, { line: Math.max(0, line), character }, ctx);
  }
  service.close?.(model);
  return count;
}
