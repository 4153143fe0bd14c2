// Turns a `#Fields:` directive into a column layout, reporting unknown names and missing essentials.
import { closestFieldName, fieldByName } from './catalog/fields';
import { SMTPLOG_CODES } from './codes';
import { problem } from './problem';
import type { FieldLayout, LineProblem } from './types';

const FIELD_KEYS: Record<string, keyof FieldLayout['index']> = {
  date: 'date',
  time: 'time',
  'c-ip': 'clientIp',
  'cs-username': 'username',
  's-sitename': 'siteName',
  's-computername': 'computerName',
  's-ip': 'serverIp',
  's-port': 'serverPort',
  'cs-method': 'method',
  'cs-uri-stem': 'uriStem',
  'cs-uri-query': 'uriQuery',
  'sc-status': 'status',
  'sc-win32-status': 'win32Status',
  'sc-bytes': 'bytesSent',
  'cs-bytes': 'bytesReceived',
  'time-taken': 'timeTaken',
  'cs-version': 'version',
};

function emptyIndex(): FieldLayout['index'] {
  return {
    date: -1,
    time: -1,
    clientIp: -1,
    username: -1,
    siteName: -1,
    computerName: -1,
    serverIp: -1,
    serverPort: -1,
    method: -1,
    uriStem: -1,
    uriQuery: -1,
    status: -1,
    win32Status: -1,
    bytesSent: -1,
    bytesReceived: -1,
    timeTaken: -1,
    version: -1,
  };
}

/** What a relay assessment cannot answer without each field (the IIS option to tick is in the catalogue). */
const ASSESSMENT_NEEDS: readonly { key: keyof FieldLayout['index']; name: string; loses: string }[] = [
  { key: 'clientIp', name: 'c-ip', loses: 'which hosts send mail' },
  { key: 'username', name: 'cs-username', loses: 'HELO names and the inbound/outbound split' },
  { key: 'method', name: 'cs-method', loses: 'which SMTP command each record is' },
  { key: 'uriQuery', name: 'cs-uri-query', loses: 'sender and recipient addresses' },
  { key: 'status', name: 'sc-status', loses: 'accepted, relayed and denied outcomes' },
];

/**
 * Parses the text after `#Fields:`. `valueStart` is the column where that text begins on the line.
 * Field names are separated by single spaces; trailing spaces are tolerated.
 */
export function parseFieldsDirective(value: string, valueStart: number, line: number, blockDate: number, problems: LineProblem[]): FieldLayout {
  const names: string[] = [];
  const index = emptyIndex();
  const re = /\S+/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(value)) !== null) {
    const raw = m[0];
    const name = raw.toLowerCase();
    const column = names.length;
    names.push(name);
    const key = FIELD_KEYS[name];
    if (key !== undefined) {
      if (index[key] === -1) index[key] = column;
      else
        problems.push(problem(SMTPLOG_CODES.duplicateField, `Field "${raw}" is listed twice in #Fields; only the first column is used.`, valueStart + m.index, valueStart + m.index + raw.length));
    } else if (!fieldByName(name) && !name.startsWith('x-')) {
      const suggestion = closestFieldName(name);
      problems.push(
        problem(
          SMTPLOG_CODES.unknownField,
          `Unknown field "${raw}" in #Fields: IIS SMTP does not write it.${suggestion ? ` Did you mean "${suggestion}"?` : ''} Its column is read but not interpreted.`,
          valueStart + m.index,
          valueStart + m.index + raw.length,
        ),
      );
    }
    if (names.length > 256) break; // a hostile directive cannot make the layout unbounded
  }
  if (names.length === 0) {
    problems.push(problem(SMTPLOG_CODES.emptyFields, '#Fields lists no fields, so the records after it cannot be read.', 0, valueStart + value.length));
  }
  const layout: FieldLayout = { names, index, blockDate, line };
  const missing = ASSESSMENT_NEEDS.filter((n) => index[n.key] === -1);
  const noDate = index.date === -1 && Number.isNaN(blockDate);
  if (names.length > 0 && (missing.length > 0 || noDate)) {
    const parts = missing.map((n) => `${n.name} (${n.loses})`);
    if (noDate) parts.push('date (and no #Date directive to take it from)');
    const toTick = missing.map((n) => fieldByName(n.name)?.uiLabel ?? n.name);
    if (noDate) toTick.unshift(fieldByName('date')?.uiLabel ?? 'Date (date)');
    problems.push(
      problem(
        SMTPLOG_CODES.incompleteFieldSet,
        `This field set makes a relay assessment incomplete; missing: ${parts.join('; ')}. ` +
          `In IIS Manager open the SMTP virtual server's Properties → General → Logging Properties → Advanced and tick: ${toTick.join(', ')}.`,
        0,
        valueStart + value.length,
      ),
    );
  }
  return layout;
}
