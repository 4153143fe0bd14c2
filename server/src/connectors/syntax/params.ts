// Reading parameter values off a command: presence, Booleans and string lists, with "unknown" kept apart.
import type { ConnectorCommand, ParameterUse, Span, Value } from './model';
import { leaves } from './values';

export function useOf(cmd: ConnectorCommand, name: string): ParameterUse | undefined {
  for (let i = cmd.parameters.length - 1; i >= 0; i--) if (cmd.parameters[i]!.spec?.name === name) return cmd.parameters[i];
  for (let i = cmd.parameters.length - 1; i >= 0; i--) if (cmd.parameters[i]!.assumed?.name === name) return cmd.parameters[i];
  return undefined;
}

export function has(cmd: ConnectorCommand, name: string): boolean {
  return useOf(cmd, name) !== undefined;
}

/** true/false for a literal Boolean (or a present switch), undefined when absent or unknown. */
export function boolOf(cmd: ConnectorCommand, name: string): boolean | undefined {
  const use = useOf(cmd, name);
  if (!use) return undefined;
  if (!use.value) return use.spec?.type === 'switch' ? true : undefined;
  const v = use.value;
  if (v.kind === 'bool') return v.value;
  if (v.kind === 'number') return v.value !== 0;
  return undefined;
}

const stringsMemo = new WeakMap<Value, string[] | undefined>();

/**
 * Literal strings of a value (flag lists split on commas); undefined when any part is unknown. Memoised per
 * value object (cached commands keep their values between versions); callers must not mutate the result.
 */
export function stringsOfValue(value: Value | undefined): string[] | undefined {
  if (!value) return undefined;
  if (stringsMemo.has(value)) return stringsMemo.get(value);
  const out = computeStrings(value);
  stringsMemo.set(value, out);
  return out;
}

function computeStrings(value: Value): string[] | undefined {
  const out: string[] = [];
  const items = value.kind === 'hashtable' ? value.entries.filter((e) => /^add$/i.test(e.key)).flatMap((e) => leaves(e.value)) : leaves(value);
  for (const v of items) {
    if (v.kind === 'string') out.push(...v.value.split(',').map((s) => s.trim()).filter((s) => s.length > 0));
    else if (v.kind === 'number') out.push(v.text);
    else return undefined;
  }
  return out;
}

export function stringsOf(cmd: ConnectorCommand, name: string): string[] | undefined {
  return stringsOfValue(useOf(cmd, name)?.value);
}

export function includesCI(list: readonly string[] | undefined, value: string): boolean {
  return list !== undefined && list.some((x) => x.toLowerCase() === value.toLowerCase());
}

/** Where to point a finding about a parameter: its value, else its name, else the command name. */
export function spanOf(cmd: ConnectorCommand, name: string): Span {
  const use = useOf(cmd, name);
  return use?.value?.span ?? use?.nameSpan ?? cmd.nameSpan;
}

export function nameSpanOf(cmd: ConnectorCommand, name: string): Span {
  const use = useOf(cmd, name);
  return use?.nameSpan ?? use?.value?.span ?? cmd.nameSpan;
}

export const isNew = (cmd: ConnectorCommand): boolean => cmd.entry.name.startsWith('New-');
