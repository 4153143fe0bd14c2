// Structural checks: XML problems, file identity, keys, property names, value types and blobs.
import type { KeyClass } from './catalog/properties';
import type { CodeName } from './codes';
import { keySpan, occurrenceSpan, type SpanFinding } from './findings';
import { METABASE_NAMESPACE, rawValue, type MetabaseKey, type MetabaseModel, type PropertyOccurrence } from './model';
import { decodeOccurrenceList } from './virtualServer';
import { checkValue, decodeBindings } from './values';
import type { XmlProblem } from './xmlScanner';

/** Values above this size are not type-checked or shown in full. */
export const MAX_VALUE_CHARS = 8 * 1024 * 1024;
/** Duplicate keys beyond this many are not reported one by one. */
const MAX_DUPLICATE_REPORTS = 50;

const PROBLEM_CODES: Record<XmlProblem['kind'], CodeName> = {
  syntax: 'xmlSyntax',
  doctype: 'doctype',
  entity: 'entity',
  depth: 'depth',
  limit: 'limit',
};

function problemFindings(problems: readonly XmlProblem[], out: SpanFinding[]): void {
  for (const p of problems) out.push({ code: PROBLEM_CODES[p.kind], start: p.start, end: Math.max(p.end, p.start + 1), message: p.message });
}

function charFindings(text: string, out: SpanFinding[]): void {
  for (const [ch, what] of [
    ['\uFFFD', 'invalid UTF-8 byte sequences (shown as U+FFFD)'],
    ['\u0000', 'NUL characters (binary content)'],
  ] as const) {
    let first = text.indexOf(ch);
    if (first < 0) continue;
    let count = 0;
    for (let i = first; i >= 0 && count < 1_000_000; i = text.indexOf(ch, i + 1)) count++;
    out.push({
      code: 'badChars',
      start: first,
      end: first + 1,
      message: `The file contains ${count} ${what}. A MetaBase.xml is UTF-8 text; values near these characters may be wrong. Re-export the metabase or check the file's encoding.`,
    });
    first = -1;
  }
}

function rootFindings(model: MetabaseModel, out: SpanFinding[]): void {
  const r = model.root;
  if (!r) {
    if (model.keys.length === 0) out.push({ code: 'notMetabase', start: 0, end: Math.min(1, model.text.length), message: 'No XML element found: this does not look like a MetaBase.xml or iiscnfg export.' });
    return;
  }
  if (r.name === 'configuration') {
    if (r.namespace !== undefined && r.namespace !== METABASE_NAMESPACE) {
      out.push({ code: 'notMetabase', start: r.start + 1, end: r.nameEnd, severity: 'info', message: `The namespace is '${r.namespace.slice(0, 80)}', not ${METABASE_NAMESPACE} (IIS 6). The file is analysed anyway; property meanings may differ in other versions.` });
    }
    return;
  }
  if (model.keys.length === 0) {
    out.push({ code: 'notMetabase', start: r.start + 1, end: r.nameEnd, message: `The root element is <${r.name}>, not <configuration xmlns="${METABASE_NAMESPACE}">, and no metabase key (an element with a Location) was found.` });
  }
}

function duplicateKeyFinding(key: MetabaseKey, seen: Map<string, MetabaseKey>, dupes: { count: number }, out: SpanFinding[]): void {
  const first = seen.get(key.path);
  if (first && first !== key && dupes.count++ < MAX_DUPLICATE_REPORTS) {
    out.push({ code: 'duplicateKey', ...keySpan(key), message: `${key.location} is defined twice; the metabase keeps one of them, and this tool reads the first.`, related: [{ ...keySpan(first), message: 'first definition' }] });
  } else if (!first) seen.set(key.path, key);
}

/** Findings that depend on one key alone, cached with the key's start so that a shifted key reuses them. */
const localCache = new WeakMap<MetabaseKey, { base: number; findings: SpanFinding[] }>();

function localFindings(model: MetabaseModel, key: MetabaseKey, out: SpanFinding[]): void {
  let cached = localCache.get(key);
  if (!cached) {
    const findings: SpanFinding[] = [];
    problemFindings(key.problems, findings);
    keyFindings(model, key, findings);
    cached = { base: key.start, findings };
    localCache.set(key, cached);
  }
  const delta = key.start - cached.base;
  for (const f of cached.findings) {
    out.push(delta === 0 ? f : { ...f, start: f.start + delta, end: f.end + delta, related: f.related?.map((r) => ({ ...r, start: r.start + delta, end: r.end + delta })) });
  }
}

function keyFindings(model: MetabaseModel, key: MetabaseKey, out: SpanFinding[]): void {
  const span = keySpan(key);
  const smtp = key.path === '/lm/smtpsvc' || key.path.startsWith('/lm/smtpsvc/');
  if (key.typeDef && key.pathDef && key.typeDef !== key.pathDef && smtp) {
    out.push({ code: 'keyTypeMismatch', ...span, message: `<${key.keyType}> at ${key.location}: a key at this location is normally ${key.pathDef.keyType}. Effective values and checks follow the location.` });
  }
  for (const c of key.badCustoms) out.push({ code: 'badCustom', start: c.start, end: c.end, message: c.message });
  const keyClass = (key.typeDef?.keyClass ?? key.pathDef?.keyClass) as KeyClass | 'sessions' | 'computer' | undefined;
  const counts = new Map<string, PropertyOccurrence>();
  for (const occ of key.props) {
    const lower = occ.name.toLowerCase();
    const prev = counts.get(lower);
    if (prev) {
      out.push({ code: 'duplicateProperty', ...occurrenceSpan(occ), message: `${occ.name} is set twice on ${key.location} (as ${prev.source === 'custom' ? 'a <Custom> element' : 'an attribute'} and as ${occ.source === 'custom' ? 'a <Custom> element' : 'an attribute'}); this one is used.`, related: [{ ...occurrenceSpan(prev), message: 'other definition' }] });
    }
    counts.set(lower, occ);
    propertyFindings(model, key, keyClass, occ, smtp, out);
  }
}

function propertyFindings(model: MetabaseModel, key: MetabaseKey, keyClass: string | undefined, occ: PropertyOccurrence, smtp: boolean, out: SpanFinding[]): void {
  const def = occ.def;
  const nameSpan = { start: occ.nameStart, end: occ.nameEnd };
  const valueSpan = { start: occ.valueStart, end: Math.max(occ.valueEnd, occ.valueStart) };
  const length = occ.valueEnd - occ.valueStart;
  if (!def) {
    if (smtp && keyClass && !/^UnknownName_\d+$/i.test(occ.name)) {
      out.push({ code: 'unknownProperty', ...nameSpan, message: `${occ.name} is not in this tool's SMTP property catalogue; its value is not checked and it has no known Edge mapping.` });
    }
    return;
  }
  if (keyClass && keyClass !== 'sessions' && keyClass !== 'computer' && !def.keys.includes(keyClass as KeyClass)) {
    out.push({ code: 'wrongKeyType', ...nameSpan, message: `${def.name} is not a property of ${key.keyType} keys (it belongs on ${def.keys.join(', ')} keys); the SMTP service is not expected to read it here.` });
  }
  if (occ.source === 'custom' && def.id !== undefined && occ.customId && /^\d+$/.test(occ.customId) && Number(occ.customId) !== def.id) {
    out.push({ code: 'badCustom', ...occurrenceSpan(occ), message: `<Custom Name="${def.name}"> has ID ${occ.customId}, but ${def.name} is ID ${def.id}; the metabase identifies properties by ID.` });
  }
  if (length > MAX_VALUE_CHARS) {
    out.push({ code: 'hugeValue', ...nameSpan, message: `The value of ${def.name} is ${(length / 1024 / 1024).toFixed(1)} MB; values over ${MAX_VALUE_CHARS / 1024 / 1024} MB are not analysed.` });
    return;
  }
  const raw = rawValue(model, occ);
  if (def.type === 'IPSECLIST') {
    const list = decodeOccurrenceList(model, occ);
    const fatal = list.problems.filter((p) => p.fatal);
    if (fatal.length > 0) {
      out.push({ code: 'malformedBlob', ...valueSpan, message: `${def.name} cannot be decoded: ${fatal.map((p) => p.message).join(' ')} Treat the list as unknown and check it in IIS Manager.` });
    } else {
      for (const p of list.problems.slice(0, 10)) {
        const s = occ.valueStart + p.offset * 2;
        out.push({ code: 'inconsistentList', start: Math.min(s, occ.valueEnd), end: Math.min(s + Math.max(2, p.length * 2), occ.valueEnd), message: `${def.name}: ${p.message} The blob was edited by hand or truncated; IIS Manager and the SMTP service may read it differently.` });
      }
      if ((list.denyCount > 0 || list.denyNames.length > 0) && (list.grantCount > 0 || list.grantNames.length > 0)) {
        out.push({ code: 'inconsistentList', ...nameSpan, message: `${def.name} has both a grant list and a deny list (not producible in IIS Manager). IIS Manager shows "${list.grantByDefault ? 'All except' : 'Only'} the list below", but the service uses the deny list and ignores the grants. Fix the list in IIS Manager first.` });
      }
    }
    return;
  }
  if (def.secure) return;
  const err = checkValue(def, raw);
  if (err) {
    out.push({ code: 'wrongValueType', ...valueSpan, end: Math.max(valueSpan.end, valueSpan.start + 1), message: `${def.name} (${def.type}): ${err}` });
    return;
  }
  if (def.name === 'ServerBindings' || def.name === 'SecureBindings') {
    const { errors } = decodeBindings(raw);
    for (const e of errors.slice(0, 5)) out.push({ code: 'wrongValueType', ...valueSpan, message: `${def.name}: ${e}` });
  }
}

export function structuralFindings(model: MetabaseModel): SpanFinding[] {
  const out: SpanFinding[] = [];
  problemFindings(model.problems, out);
  charFindings(model.text, out);
  rootFindings(model, out);
  for (const l of model.locationless) {
    out.push({ code: 'missingLocation', start: l.start + 1, end: l.nameEnd, message: `<${l.name}> has no Location attribute, so it is not a metabase key and is ignored.` });
  }
  const seen = new Map<string, MetabaseKey>();
  const dupes = { count: 0 };
  for (const key of model.keys) {
    duplicateKeyFinding(key, seen, dupes, out);
    localFindings(model, key, out);
  }
  return out;
}
