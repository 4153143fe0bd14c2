// Small helpers shared by the assessment tests: assess in-memory log texts and plan them.
import { AssessmentAccumulator } from '../../server/src/assessment/accumulator';
import { finalizeAssessment } from '../../server/src/assessment/profiles';
import { planFromAssessment } from '../../server/src/assessment/run';
import { assessText } from '../../server/src/assessment/sources';
import type { Assessment, ConnectorPlanResult, PlanRange } from '../../server/src/protocol/assessment';

export function assessTexts(files: { name: string; text: string; ranges?: PlanRange[] }[], acceptedDomains: string[] = [], metabaseSmartHost?: string): Assessment {
  const acc = new AssessmentAccumulator();
  for (const f of files) {
    const part = new AssessmentAccumulator();
    assessText(part, f.name, f.text, f.ranges);
    acc.merge(part);
  }
  return finalizeAssessment(acc, { acceptedDomains, metabaseSmartHost });
}

export function planTexts(files: { name: string; text: string; ranges?: PlanRange[] }[], acceptedDomains: string[] = [], metabaseSmartHost?: string, cidrRounding = false): ConnectorPlanResult {
  const a = assessTexts(files, acceptedDomains, metabaseSmartHost);
  return planFromAssessment(a, { acceptedDomains, cidrRounding, metabaseSmartHost, includeReport: true });
}

const FIELDS = '#Fields: date time c-ip cs-username s-sitename s-computername s-ip s-port cs-method cs-uri-stem cs-uri-query sc-status sc-win32-status sc-bytes cs-bytes time-taken cs-version cs-host cs(User-Agent) cs(Referer)';

/** A W3C log from compact rows: [time, ip, helo, verb, query, status, csBytes?]. Synthetic. */
export function w3cLog(day: string, rows: [string, string, string, string, string, number, number?][]): string {
  const lines = ['#Software: Microsoft Internet Information Services 6.0', '#Version: 1.0', `#Date: ${day} 00:00:00`, FIELDS];
  for (const [time, ip, helo, verb, query, status, bytes] of rows) {
    lines.push(`${day} ${time} ${ip} ${helo || '-'} SMTPSVC1 RELAY01 10.1.1.25 0 ${verb} - ${query || '-'} ${status} 0 50 ${bytes ?? 20} 0 SMTP - - -`);
  }
  return lines.join('\r\n') + '\r\n';
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
