// One PowerShell command, written only with what the connector catalogue (connectors/catalogue/data/cmdlets.json)
// knows: the cmdlet, each parameter's exact name, enum values, extended rights and principals. A
// mismatch is a bug in the generator, not in the input, so it throws; the tests run every path.
import { enumOf, findCmdlet, PERMISSIONS, rightNames, type ParameterSpec } from '../connectors/catalogue/catalog';
import { psList, psQuote } from './text';

/** A typed argument. Strings are always single-quoted literals; nothing is written unquoted but numbers, booleans and variables. */
export type Arg =
  | { kind: 'string'; value: string }
  | { kind: 'strings'; values: readonly string[] }
  | { kind: 'bool'; value: boolean }
  | { kind: 'int'; value: number }
  | { kind: 'variable'; name: string }
  | { kind: 'switch' };

export const str = (value: string): Arg => ({ kind: 'string', value });
export const strs = (values: readonly string[]): Arg => ({ kind: 'strings', values });
export const bool = (value: boolean): Arg => ({ kind: 'bool', value });
export const int = (value: number): Arg => ({ kind: 'int', value });
export const variable = (name: string): Arg => ({ kind: 'variable', name });

export type Param = readonly [name: string, arg: Arg];

export interface Command {
  cmdlet: string;
  params: readonly Param[];
}

class CatalogueError extends Error {}

function fail(message: string): never {
  throw new CatalogueError(`script emitter: ${message}`);
}

const RIGHTS = new Set(rightNames());
const PRINCIPALS = new Set(PERMISSIONS.wellKnownPrincipals);

function literals(arg: Arg): readonly string[] {
  return arg.kind === 'string' ? [arg.value] : arg.kind === 'strings' ? arg.values : [];
}

function checkArg(cmdlet: string, spec: ParameterSpec, arg: Arg): void {
  const where = `${cmdlet} -${spec.name}`;
  if (arg.kind === 'switch' && spec.type !== 'switch') fail(`${where} is not a switch`);
  if (arg.kind === 'bool' && spec.type !== 'bool') fail(`${where} is not a Boolean`);
  if (arg.kind === 'int' && !(Number.isSafeInteger(arg.value) && arg.value >= 0)) fail(`${where}: ${arg.value} is not a whole number`);
  if (arg.kind === 'variable' && !/^[A-Za-z][A-Za-z0-9]*$/.test(arg.name)) fail(`${where}: bad variable name`);
  if (arg.kind === 'strings' && arg.values.length === 0) fail(`${where}: empty list`);
  const values = literals(arg);
  const e = enumOf(spec);
  if (e && values.length > 0) {
    for (const v of values) if (!e.values.includes(v)) fail(`${where}: '${v}' is not one of ${e.values.join(', ')}`);
    if (!e.flags && values.length > 1) fail(`${where} takes one value`);
  }
  if (spec.name === 'ExtendedRights') for (const v of values) if (!RIGHTS.has(v)) fail(`${where}: unknown right ${v}`);
  if (spec.name === 'User' && cmdlet.endsWith('-ADPermission')) for (const v of values) if (!PRINCIPALS.has(v)) fail(`${where}: unknown principal ${v}`);
}

/** Checks a command against the catalogue; throws on anything it does not know. */
export function checkCommand(c: Command): void {
  const entry = findCmdlet(c.cmdlet);
  if (!entry || entry.name !== c.cmdlet) fail(`unknown cmdlet ${c.cmdlet}`);
  const seen = new Set<string>();
  for (const [name, arg] of c.params) {
    const spec = entry.byLowerName.get(name.toLowerCase());
    if (!spec || spec.name !== name) fail(`${c.cmdlet} has no parameter -${name}`);
    if (seen.has(name)) fail(`${c.cmdlet} -${name} given twice`);
    seen.add(name);
    checkArg(c.cmdlet, spec, arg);
  }
}

function argText(arg: Arg): string {
  switch (arg.kind) {
    case 'string':
      return psQuote(arg.value);
    case 'strings':
      return psList(arg.values);
    case 'bool':
      return arg.value ? '$true' : '$false';
    case 'int':
      return String(arg.value);
    case 'variable':
      return `$${arg.name}`;
    case 'switch':
      return '';
  }
}

/** `-Name 'value'` pieces of a checked command. */
export function paramTexts(c: Command): string[] {
  checkCommand(c);
  return c.params.map(([name, arg]) => (arg.kind === 'switch' ? `-${name}` : `-${name} ${argText(arg)}`));
}

/** The command on one line. */
export function commandLine(c: Command): string {
  return [c.cmdlet, ...paramTexts(c)].join(' ');
}
