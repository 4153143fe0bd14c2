// Checks one parameter's value against its catalogue type: enums, value formats, ranges, booleans,
// extended rights and principals. Unknown values are skipped: nothing is guessed.
import { PERMISSIONS, elementType, enumOf, isMultiValued, rightNames, type ParameterSpec } from '../catalogue/catalog';
import type { ScriptFinding, ValidationKind } from '../catalogue/codes';
import * as F from './formats';
import type { ConnectorCommand, ParameterUse, Value } from '../syntax/model';
import { closest, looseKey } from '../catalogue/suggest';
import { leaves } from '../syntax/values';
import { groupDigits } from '../../common/numbers';

type Emit = (kind: ValidationKind, value: { start: number; end: number }, message: string, fixes?: ScriptFinding['fixes']) => void;

const FORMAT_CHECKS: Record<string, (text: string, cmd: ConnectorCommand) => F.Check> = {
  IPRange: F.checkIpRange,
  IPBinding: F.checkBinding,
  AddressSpace: F.checkAddressSpace,
  SmartHost: (t, cmd) => F.checkSmartHost(t, cmd.entry.name.endsWith('OutboundConnector')),
  SmtpX509Identifier: F.checkCertificateName,
  Fqdn: F.checkFqdn,
  SmtpDomainWithSubdomains: F.checkDomainWithSubdomains,
  TlsDomainCapability: F.checkTlsDomainCapability,
  IPv4OrCidr24to32: F.checkIpv4OrCidr24to32,
  IPAddress: F.checkIpAddress,
};

interface ParsedRange {
  min: number;
  max: number;
  unit: 'number' | 'bytes' | 'chars' | 'seconds';
  unlimited: boolean;
}

/** Reads the catalogue's `range` strings: `1-500`, `65536-2147483647 bytes`, `1-64 chars`, `00:00:01-1.00:00:00`, `… or unlimited`. */
export function parseRange(range: string | undefined): ParsedRange | undefined {
  if (!range) return undefined;
  const m = /^([\d.:]+)-([\d.:]+)(?:\s+(bytes|chars))?/.exec(range);
  if (!m) return undefined;
  const unlimited = /unlimited/.test(range);
  if (m[1]!.includes(':')) {
    const min = F.parseTimeSpan(m[1]!);
    const max = F.parseTimeSpan(m[2]!);
    return min === undefined || max === undefined ? undefined : { min, max, unit: 'seconds', unlimited };
  }
  return { min: Number(m[1]), max: Number(m[2]), unit: (m[3] as 'bytes' | 'chars' | undefined) ?? 'number', unlimited };
}

function scalarText(v: Value): string | undefined {
  if (v.kind === 'string') return v.value;
  if (v.kind === 'number') return v.text;
  return undefined;
}

function describe(v: Value): string {
  return v.kind === 'string' ? `'${v.value}'` : v.kind === 'number' ? v.text : v.kind === 'bool' ? (v.value ? '$true' : '$false') : '$null';
}

function checkEnum(spec: ParameterSpec, items: Value[], emit: Emit): void {
  const en = enumOf(spec)!;
  const known = items.filter((v) => v.kind === 'string' || v.kind === 'number');
  const split: { text: string; start: number; end: number; v: Value }[] = [];
  for (const v of known) {
    const text = scalarText(v)!;
    if (en.flags && text.includes(',')) {
      let offset = 0;
      for (const part of text.split(',')) {
        const quotedShift = v.kind === 'string' && v.quoted ? 1 : 0;
        const s = v.span.start + quotedShift + offset + (part.length - part.trimStart().length);
        split.push({ text: part.trim(), start: s, end: s + part.trim().length, v });
        offset += part.length + 1;
      }
    } else split.push({ text, start: v.span.start, end: v.span.end, v });
  }
  if (!en.flags && items.length > 1) {
    emit('enumValue', { start: items[1]!.span.start, end: items[items.length - 1]!.span.end }, `-${spec.name} takes a single value (one of ${en.values.join(', ')}), not a list.`);
  }
  for (const part of split) {
    if (en.values.some((x) => x.toLowerCase() === part.text.toLowerCase())) continue;
    const suggestion = closest(part.text, en.values);
    const fixes = suggestion && part.v.kind === 'string' && !part.v.via && !part.text.includes(' ')
      ? [{ title: `Change to '${suggestion}'`, edits: [{ start: part.start, end: part.end, newText: suggestion }] }]
      : undefined;
    emit('enumValue', part, `'${part.text}' is not a valid value for -${spec.name}${suggestion ? `; did you mean '${suggestion}'?` : '.'} The cmdlet rejects the command, so none of it is applied. Accepted values: ${en.values.join(', ')}.`, fixes);
  }
}

function checkNumber(spec: ParameterSpec, v: Value, emit: Emit): void {
  const range = parseRange(spec.range);
  const text = scalarText(v);
  if (text === undefined) {
    if (v.kind === 'bool' || v.kind === 'null') emit('wrongKind', v.span, `-${spec.name} takes a number, not ${describe(v)}.`);
    return;
  }
  if (/^unlimited$/i.test(text)) {
    if (!spec.type.startsWith('Unlimited<')) emit('malformedValue', v.span, `-${spec.name} does not accept 'unlimited' (its type is ${spec.type}); give a number.`);
    return;
  }
  const n = v.kind === 'number' ? v.value : /^\d+$/.test(text) ? Number(text) : NaN;
  if (!Number.isInteger(n)) {
    emit('malformedValue', v.span, `'${text}' is not a whole number; -${spec.name} takes ${spec.type.startsWith('Unlimited<') ? "a number or 'unlimited'" : 'a number'}.`);
    return;
  }
  if (range && range.unit === 'number' && (n < range.min || n > range.max)) {
    emit('outOfRange', v.span, `${n} is outside the range of -${spec.name} (${spec.range}); the cmdlet rejects it.${spec.default ? ` The default is ${spec.default}.` : ''}`);
  }
}

function checkSize(spec: ParameterSpec, v: Value, emit: Emit): void {
  const text = scalarText(v);
  if (text === undefined) return;
  if (/^unlimited$/i.test(text)) {
    if (!spec.type.startsWith('Unlimited<')) emit('malformedValue', v.span, `-${spec.name} is a plain size and does not accept 'unlimited' (only Send connector and transport limits do); give a size such as 36MB.`);
    return;
  }
  const bytes = v.kind === 'number' ? v.value : F.parseSize(text);
  if (bytes === undefined) {
    emit('malformedValue', v.span, `'${text}' is not a valid size: use a number with an optional unit B, KB, MB, GB or TB (e.g. 36MB or '35 MB').`);
    return;
  }
  const range = parseRange(spec.range);
  if (range && range.unit === 'bytes' && (bytes < range.min || bytes > range.max)) {
    emit('outOfRange', v.span, `${text} (${groupDigits(bytes)} bytes) is outside the range of -${spec.name} (${spec.range}); the cmdlet rejects it.${spec.default ? ` The default is ${spec.default}.` : ''}`);
  }
}

function checkTimeSpan(spec: ParameterSpec, v: Value, emit: Emit): void {
  const text = scalarText(v);
  if (text === undefined) return;
  const seconds = F.parseTimeSpan(text);
  if (seconds === undefined) {
    emit('malformedValue', v.span, `'${text}' is not a valid time span: use [d.]hh:mm:ss, e.g. 00:05:00 or 1.00:00:00.`);
    return;
  }
  const range = parseRange(spec.range);
  if (range && range.unit === 'seconds' && (seconds < range.min || seconds > range.max)) {
    emit('outOfRange', v.span, `${text} is outside the range of -${spec.name} (${spec.range}); the cmdlet rejects it.${spec.default ? ` The default is ${spec.default}.` : ''}`);
  }
}

function checkBool(spec: ParameterSpec, v: Value, emit: Emit): void {
  if (v.kind === 'bool' || (v.kind === 'number' && (v.value === 0 || v.value === 1))) return;
  if (v.kind === 'string' && /^(true|false)$/i.test(v.value)) {
    emit('wrongKind', v.span, `-${spec.name} takes $true or $false; '${v.value}' is a string, which PowerShell does not convert to a Boolean. Write $${v.value.toLowerCase()}.`, [
      { title: `Change to $${v.value.toLowerCase()}`, edits: [{ start: v.span.start, end: v.span.end, newText: `$${v.value.toLowerCase()}` }] },
    ]);
  } else if (v.kind === 'string' || v.kind === 'number' || v.kind === 'null') {
    emit('wrongKind', v.span, `-${spec.name} takes $true or $false, not ${describe(v)}.`);
  }
}

const RIGHTS = rightNames();
const PRINCIPALS = PERMISSIONS.wellKnownPrincipals;

function checkRight(v: Value, emit: Emit): void {
  const text = scalarText(v);
  if (text === undefined) return;
  for (const part of text.split(',').map((p) => p.trim()).filter((p) => p.length > 0)) {
    if (RIGHTS.some((r) => r.toLowerCase() === part.toLowerCase())) continue;
    if (!/^ms-exch-/i.test(part) && !RIGHTS.some((r) => looseKey(r) === looseKey(part)) && !closest(part, RIGHTS)) continue;
    const suggestion = closest(part, RIGHTS);
    const fixes = suggestion && v.kind === 'string' && !v.via && part === text ? [{ title: `Change to '${suggestion}'`, edits: [{ start: v.span.start, end: v.span.end, newText: v.quoted ? `'${suggestion}'` : suggestion }] }] : undefined;
    emit('unknownRight', v.span, `'${part}' is not an extended right Exchange knows${suggestion ? `; did you mean '${suggestion}'?` : '.'} Add-ADPermission fails, and the intended permission is never granted.`, fixes);
  }
}

function checkPrincipal(v: Value, emit: Emit): void {
  const text = scalarText(v);
  if (text === undefined) return;
  if (PRINCIPALS.some((p) => p.toLowerCase() === text.toLowerCase())) return;
  const close = PRINCIPALS.find((p) => looseKey(p) === looseKey(text)) ?? closest(text, PRINCIPALS);
  const looksWellKnown = /^(nt[\s-]*authority|ms[\s-]*exchange)\\/i.test(text);
  if (!close && !looksWellKnown) return;
  const fixes = close && v.kind === 'string' && !v.via ? [{ title: `Change to '${close}'`, edits: [{ start: v.span.start, end: v.span.end, newText: `'${close}'` }] }] : undefined;
  emit('unknownPrincipal', v.span, `'${text}' is not a security principal that exists${close ? `; did you mean '${close}'?` : '.'} The permission command fails, so the connector does not behave as intended.`, fixes);
}

/** Checks the value of one parameter use. */
export function checkParameterValue(cmd: ConnectorCommand, use: ParameterUse, emit: Emit, text: string): void {
  const spec = use.spec;
  const value = use.value;
  if (!spec || !value) return;
  if (spec.type === 'switch') {
    if (use.colon) {
      if (value.kind === 'string' || value.kind === 'null') emit('wrongKind', value.span, `Switch -${spec.name} takes $true or $false after the colon.`);
    }
    return;
  }
  let items: Value[];
  if (value.kind === 'hashtable') {
    if (!isMultiValued(spec)) return;
    for (const e of value.entries) {
      if (!/^(add|remove)$/i.test(e.key)) emit('malformedValue', { start: e.keySpan.start, end: e.keySpan.end }, `A hashtable for -${spec.name} edits the list in place and takes only the keys Add and Remove, not '${e.key}'.`);
    }
    items = value.entries.flatMap((e) => leaves(e.value));
  } else {
    items = leaves(value);
  }
  if (items.length > 1 && !isMultiValued(spec) && !enumOf(spec)?.flags && spec.type !== 'string') {
    emit('malformedValue', { start: items[0]!.span.start, end: items[items.length - 1]!.span.end }, `-${spec.name} takes a single value, not a list.`);
    return;
  }
  const type = elementType(spec);
  if (enumOf(spec) && spec.type !== 'bool') return checkEnum(spec, items, emit);
  for (const v of items) {
    if (v.kind === 'unknown' || v.kind === 'variable' || v.kind === 'hashtable' || v.kind === 'array') continue;
    if (type === 'bool') checkBool(spec, v, emit);
    else if (type === 'int' || type === 'Unlimited<int>') checkNumber(spec, v, emit);
    else if (type === 'ByteQuantifiedSize' || type === 'Unlimited<ByteQuantifiedSize>') checkSize(spec, v, emit);
    else if (type === 'TimeSpan') checkTimeSpan(spec, v, emit);
    else if (type === 'ExtendedRightId') checkRight(v, emit);
    else if (type === 'SecurityPrincipalId' && spec.name === 'User') checkPrincipal(v, emit);
    else if ((spec.name === 'Identity' || spec.name === 'Name') && v.kind === 'string' && /[<>]/.test(v.value) && !/^<I>/i.test(v.value)) {
      emit('malformedValue', v.span, `'${v.value}' still contains a documentation placeholder ('<' or '>'); put the real ${spec.name === 'Identity' ? 'connector or server name' : 'name'} here, otherwise the cmdlet finds nothing or creates a misnamed object.`, undefined);
    } else if (type === 'string') {
      const range = parseRange(spec.range);
      const t = scalarText(v);
      if (t !== undefined && range?.unit === 'chars' && (t.length < range.min || t.length > range.max)) {
        emit('outOfRange', v.span, `-${spec.name} must be ${range.min}–${range.max} characters long (this one has ${t.length}).`);
      }
      if (spec.name === 'Banner' && t !== undefined && !t.startsWith('220')) {
        emit('malformedValue', v.span, `A banner must start with '220' (the SMTP greeting code), e.g. '220 SMTP Server Ready'.`);
      }
    } else if (FORMAT_CHECKS[type]) {
      const t = scalarText(v);
      if (t === undefined) continue;
      if (type === 'AddressSpace' && v.kind === 'string' && !v.quoted && /^[^;]+$/.test(t) && text[v.span.end] === ';') {
        const after = /^;\s*(\d+)/.exec(text.slice(v.span.end, v.span.end + 8));
        const end = v.span.end + (after ? after[0].length : 1);
        emit('unquotedSemicolon', { start: v.span.start, end }, `The unquoted ';' ends the command here, so ${after ? `the cost ${after[1]} becomes a separate statement` : 'the rest of the line is a separate statement'}. Quote an address space that has a type or cost: "${t}${after ? `;${after[1]}` : ''}".`, [
          { title: 'Quote the address space', edits: [{ start: v.span.start, end, newText: `"${t}${after ? `;${after[1]}` : ''}"` }] },
        ]);
        continue;
      }
      const r = FORMAT_CHECKS[type]!(t, cmd);
      if (!r.ok) emit(type === 'SmtpX509Identifier' ? 'certificateName' : 'malformedValue', v.span, r.message);
      else if (r.note) emit('formatHint', v.span, `'${t}': ${r.note}.`);
    }
  }
}
