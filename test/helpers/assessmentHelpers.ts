// Small helpers shared by the assessment tests: assess in-memory log texts and plan them, build synthetic
// logs, and check a generated script with the product's own connector language.
import assert from 'node:assert/strict';
import { DiagnosticSeverity } from 'vscode-languageserver';
import { AssessmentAccumulator } from '../../server/src/assessment/accumulator';
import { analyzeConnectorScript } from '../../server/src/connectors/index';
import { DEFAULT_SETTINGS } from '../../server/src/settings';
import { finalizeAssessment } from '../../server/src/assessment/profiles';
import { planFromAssessment } from '../../server/src/assessment/run';
import { assessText } from '../../server/src/assessment/sources';
import type { Assessment, ConnectorPlanResult, PlanRange } from '../../server/src/protocol/assessment';

/** Metabase facts and a partial-run reason, as the command and the CLI pass them. */
export interface ExtraOptions {
  metabaseDomains?: string[];
  metabaseMaxMessageSize?: number;
  partial?: string[];
}

export function assessTexts(files: { name: string; text: string; ranges?: PlanRange[] }[], acceptedDomains: string[] = [], metabaseSmartHost?: string, extra: ExtraOptions = {}): Assessment {
  const acc = new AssessmentAccumulator();
  for (const f of files) {
    const part = new AssessmentAccumulator();
    assessText(part, f.name, f.text, f.ranges);
    acc.merge(part);
  }
  return finalizeAssessment(acc, { acceptedDomains, metabaseSmartHost, ...extra });
}

export function planTexts(files: { name: string; text: string; ranges?: PlanRange[] }[], acceptedDomains: string[] = [], metabaseSmartHost?: string, cidrRounding = false, extra: ExtraOptions = {}): ConnectorPlanResult {
  const a = assessTexts(files, acceptedDomains, metabaseSmartHost, extra);
  return planFromAssessment(a, { acceptedDomains, cidrRounding, metabaseSmartHost, includeReport: true });
}

const FIELDS = '#Fields: date time c-ip cs-username s-sitename s-computername s-ip s-port cs-method cs-uri-stem cs-uri-query sc-status sc-win32-status sc-bytes cs-bytes time-taken cs-version cs-host cs(User-Agent) cs(Referer)';

/** A W3C log from compact rows: [time, ip, helo, verb, query, status, csBytes?]. Synthetic. The server's own address (s-ip) is 10.1.1.25 unless given. */
export function w3cLog(day: string, rows: [string, string, string, string, string, number, number?][], serverIp = '10.1.1.25'): string {
  const lines = ['#Software: Microsoft Internet Information Services 6.0', '#Version: 1.0', `#Date: ${day} 00:00:00`, FIELDS];
  for (const [time, ip, helo, verb, query, status, bytes] of rows) {
    lines.push(`${day} ${time} ${ip} ${helo || '-'} SMTPSVC1 RELAY01 ${serverIp} 0 ${verb} - ${query || '-'} ${status} 0 50 ${bytes ?? 20} 0 SMTP - - -`);
  }
  return lines.join('\r\n') + '\r\n';
}

/** Outbound records (no header: append to a w3cLog) of one delivery to `ip`, whose banner names `banner`. Synthetic. */
export function outboundDelivery(day: string, time: string, ip: string, banner: string, recipients: string[]): string {
  const line = (kind: 'Command' | 'Response', verb: string, arg: string): string => `${day} ${time} ${ip} OutboundConnection${kind} SMTPSVC1 RELAY01 - 25 ${verb} - ${arg} 0 0 30 0 0 SMTP - - -`;
  const lines = [line('Response', '-', `220+${banner}+ESMTP+ready`), line('Command', 'EHLO', 'relay01.contoso.com'), line('Response', '-', '250+OK'), line('Command', 'MAIL', 'FROM:<app@contoso.com>'), line('Response', '-', '250+OK')];
  for (const r of recipients) lines.push(line('Command', 'RCPT', `TO:<${r}>`), line('Response', '-', '250+OK'));
  lines.push(line('Command', 'DATA', '-'), line('Response', '-', '354+go'), line('Response', '-', '250+queued'), line('Command', 'QUIT', '-'), line('Response', '-', '221+bye'));
  return lines.join('\r\n') + '\r\n';
}

/**
 * A generated script checked by the connector language: no errors, every warning one the plan states (each
 * plan note names the connector rule EXRnnn it expects, reported as CONNECTOR1nn), every value literal.
 */
export async function checkPlanScript(name: string, r: ConnectorPlanResult): Promise<Awaited<ReturnType<typeof analyzeConnectorScript>>> {
  const a = await analyzeConnectorScript(r.script, DEFAULT_SETTINGS);
  const errors = a.diagnostics.filter((d) => d.severity === DiagnosticSeverity.Error);
  assert.deepEqual(errors.map((d) => `${d.code} ${d.message}`), [], `${name}: errors`);
  const stated = new Set(r.warnings.map((w) => w.exr).filter((x): x is string => !!x));
  for (const d of a.diagnostics.filter((x) => x.severity === DiagnosticSeverity.Warning)) {
    const exr = /^CONNECTOR1(\d\d)$/.exec(String(d.code));
    assert.ok(exr && stated.has(`EXR0${exr[1]}`), `${name}: warning the plan does not state: ${d.code} ${d.message}`);
  }
  for (const c of a.commands) for (const p of c.parameters) assert.ok(p.isLiteral, `${name}: ${c.cmdlet} -${p.name} is not literal`);
  return a;
}

/** The executable lines of a script (comments and blank lines dropped). */
export function scriptCommands(script: string): string[] {
  return script.split(/\r\n/).filter((l) => l.trim() !== '' && !l.startsWith('#'));
}

/** One anonymous or authenticated session delivering one message. */
export function session(time: string, ip: string, helo: string, from: string, to: string[], opts: { auth?: string; tls?: boolean; size?: number } = {}): [string, string, string, string, string, number, number?][] {
  const rows: [string, string, string, string, string, number, number?][] = [[time, ip, helo, 'EHLO', `+${helo}`, 250]];
  if (opts.tls) rows.push([time, ip, helo, 'STARTTLS', '', 220], [time, ip, helo, 'EHLO', `+${helo}`, 250]);
  if (opts.auth) rows.push([time, ip, helo, 'AUTH', `+${opts.auth}`, 235]);
  rows.push([time, ip, helo, 'MAIL', `+FROM:<${from}>`, 250]);
  for (const t of to) rows.push([time, ip, helo, 'RCPT', `+TO:<${t}>`, 250]);
  rows.push([time, ip, helo, 'DATA', '+<1@x>', 250, opts.size ?? 1000], [time, ip, helo, 'QUIT', helo, 240]);
  return rows;
}
