// Names what an assessment covered (files, line ranges, period) for titles, headers, tab and file names, and
// says when there was nothing to assess. Pure formatting of the server's result: no traffic facts decided here.
import { t } from '@vscode/l10n';
import type { ConnectorPlanResult, FileSummary } from '../../server/src/protocol';
import { plural } from './plural';

export { plural };

/** "ex261120.log (lines 5-17)", "ex261120.log, ex261121.log", "12 files (ex261101.log … ex261130.log)". */
export function scopeLabel(files: readonly FileSummary[] | undefined, fallback: string): string {
  if (!files || files.length === 0) return fallback;
  const named = files.map((f) => (f.range ? `${f.name} (${f.range})` : f.name));
  if (named.length <= 2) return named.join(', ');
  return `${plural(named.length, 'file', 'files')} (${named[0]} … ${named[named.length - 1]})`;
}

/** "2026-11-20" or "2026-11-01 – 2026-11-30"; '' when the logs carry no dates. */
export function periodLabel(result: ConnectorPlanResult): string {
  const first = result.summary.firstSeen.slice(0, 10);
  const last = result.summary.lastSeen.slice(0, 10);
  if (!first) return '';
  return first === last || !last ? first : `${first} – ${last}`;
}

/** A file-name part from a scope label: "ex261120-lines-5-17". */
export function scopeSlug(label: string): string {
  const slug = label
    .replace(/\.log\b/gi, '')
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .toLowerCase()
    .slice(0, 60)
    .replace(/-+$/, '');
  return slug || 'logs';
}

/** Suggested file name for an export or a script: scope and period, e.g. `iis-smtp-ex261120-2026-11-20.csv`. */
export function suggestedFileName(prefix: string, label: string, result: ConnectorPlanResult, ext: string): string {
  const period = periodLabel(result).replace(/ – /, '-to-');
  return `${prefix}-${scopeSlug(label)}${period ? `-${period}` : ''}.${ext}`;
}

/**
 * Why there is nothing to assess, or undefined when the result has records. Decided from the totals the server
 * returned (files and their record counts), so an empty folder, a text file or a selection of header lines never
 * yields a "0 records" script.
 */
export function nothingToAssess(result: ConnectorPlanResult, label: string): string | undefined {
  const files = result.assessment?.files;
  if (!files) return undefined;
  if (files.length === 0) return t('Nothing to assess: {0} holds no log files (folders are searched for *.log files).', label);
  if (files.some((f) => f.records > 0)) return undefined;
  const unreadable = files.filter((f) => f.error);
  if (unreadable.length === files.length) return t('Nothing to assess: {0} could not be read ({1}).', label, unreadable[0]!.error!);
  if (files.some((f) => f.range)) return t('Nothing to assess: {0} holds no log records, only header, comment or blank lines. Select the records of the sessions you want.', label);
  return t('Nothing to assess: {0} holds no IIS SMTP log records (is it an IIS SMTP log in W3C, IIS or NCSA format?).', label);
}
