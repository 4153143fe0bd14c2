// The project's typed view of data/cmdlets.json (a copy of the reference schema, provenance fields kept).
// Feature code asks this module about cmdlets, parameters, enums and the permission model; it never
// lists parameters itself, so adding a cmdlet or parameter is a change to the JSON only.
import type { Severity } from '../../common/finding';
import rawCatalog from './data/cmdlets.json';
import rawOther from './data/otherCmdlets.json';

export type EdgeStatus = 'available' | 'standaloneOnly' | 'edgeOnly' | 'notApplicable';
export type ParameterEdge = 'available' | 'notSupported' | 'notApplicable' | 'edgeOnly';

export interface SourceRef {
  repo: string;
  path: string;
  commit: string;
}

export interface ParameterSpec {
  name: string;
  /** Normalised semantic type, e.g. `bool`, `switch`, `MultiValuedProperty<IPRange>`, `Unlimited<int>`. */
  type: string;
  psType: string;
  parameterSets: string[];
  mandatoryIn: string[];
  position?: number;
  versions: string[];
  edge: ParameterEdge;
  edgeNote?: string;
  description: string;
  default?: string;
  /** Name of an entry in `enums`. */
  enum?: string;
  allowedValues?: string[];
  multipleValues?: boolean;
  /** e.g. `1-500`, `65536-2147483647 bytes`, `1-10000 or unlimited`, `00:00:01-1.00:00:00`. */
  range?: string;
  constraints?: string[];
  knownValues?: string[];
  internalUseOnly?: boolean;
  deprecated?: boolean;
}

export interface ParameterSetSpec {
  name: string;
  mandatory: string[];
  selectorSwitch?: string;
  selectorParameter?: string;
  note?: string;
  /** The set PowerShell binds when no selector is given (New-ReceiveConnector without a usage type: Custom). */
  default?: boolean;
  defaultNote?: string;
}

export interface CmdletSpec {
  synopsis: string;
  environments: string[];
  edgeTransport: { status: EdgeStatus; note: string };
  docs: string;
  source: SourceRef;
  parameterSets: ParameterSetSpec[];
  parameters: ParameterSpec[];
  supportsCommonParameters: boolean;
  parameterCoverage: string;
  crossParameterRules?: { id: string; rule: string }[];
  deprecated?: string;
}

export interface EnumSpec {
  flags: boolean;
  values: string[];
  notes?: string;
}

export interface PermissionGroupSpec {
  principals: string[];
  rights: string[];
  internalOnlyRights?: string[];
  whenAuthMechanismIncludesExternalAuthoritative?: { principals: string[]; rights: string[] };
  note?: string;
}

export interface PermissionModel {
  source: string;
  permissionGroups: Record<string, PermissionGroupSpec>;
  receiveRights: Record<string, string>;
  sendRights: string[];
  usageTemplates: Record<string, { permissionGroups: string[]; authMechanism: string[]; bindings: string; remoteIPRanges: string }>;
  defaultEdgeReceiveConnector: { namePattern: string; bindings: string[]; remoteIPRanges: string[]; authMechanism: string[]; permissionGroups: string[] };
  cmdletsDisabledOnSubscribedEdge: string[];
  wellKnownPrincipals: string[];
}

export interface SecurityRuleSpec {
  id: string;
  severity: Exclude<Severity, 'hint'>;
  title: string;
  match?: string;
  escalateTo?: string;
  note?: string;
}

export interface CatalogData {
  schemaVersion: string;
  description: string;
  sources: { repo: string; commit: string; path: string; use: string }[];
  legend: Record<string, unknown>;
  enums: Record<string, EnumSpec>;
  valueTypes: Record<string, { desc: string; examples: string[]; forms?: string[] }>;
  cmdlets: Record<string, CmdletSpec>;
  permissionModel: PermissionModel;
  securityRules: SecurityRuleSpec[];
}

/** Real cmdlets that share a noun with the catalogue but are not modelled (so they are never "unknown"). */
interface OtherCmdletsData {
  note: string;
  cmdlets: string[];
}

export const CATALOG = rawCatalog as unknown as CatalogData;
const OTHER = rawOther as unknown as OtherCmdletsData;

/** PowerShell's common parameters, accepted by every cmdlet whose `supportsCommonParameters` is true. */
export const COMMON_PARAMETERS: readonly ParameterSpec[] = [
  'Verbose', 'Debug', 'ErrorAction', 'WarningAction', 'InformationAction', 'ProgressAction', 'ErrorVariable',
  'WarningVariable', 'InformationVariable', 'OutVariable', 'OutBuffer', 'PipelineVariable',
].map((name) => ({
  name,
  type: name === 'Verbose' || name === 'Debug' ? 'switch' : 'string',
  psType: 'CommonParameter',
  parameterSets: [],
  mandatoryIn: [],
  versions: [],
  edge: 'available',
  description: `PowerShell common parameter -${name}.`,
}));

export interface CmdletEntry {
  name: string;
  spec: CmdletSpec;
  /** Lower-case parameter name → spec (cmdlet parameters and, when supported, the common ones). */
  byLowerName: Map<string, ParameterSpec>;
  /** Parameters in catalogue order, common parameters last. */
  allParameters: ParameterSpec[];
}

const entries = new Map<string, CmdletEntry>();
for (const [name, spec] of Object.entries(CATALOG.cmdlets)) {
  const all = [...spec.parameters, ...(spec.supportsCommonParameters ? COMMON_PARAMETERS : [])];
  const byLowerName = new Map<string, ParameterSpec>();
  for (const p of all) if (!byLowerName.has(p.name.toLowerCase())) byLowerName.set(p.name.toLowerCase(), p);
  entries.set(name.toLowerCase(), { name, spec, byLowerName, allParameters: all });
}
const otherNames = new Set(OTHER.cmdlets.map((c) => c.toLowerCase()));

export function cmdletNames(): string[] {
  return [...entries.values()].map((e) => e.name);
}

/** Case-insensitive lookup; a module-qualified name (`Module\New-ReceiveConnector`) is accepted. */
export function findCmdlet(name: string): CmdletEntry | undefined {
  const bare = name.includes('\\') ? name.slice(name.lastIndexOf('\\') + 1) : name;
  return entries.get(bare.toLowerCase());
}

export function isOtherKnownCmdlet(name: string): boolean {
  return otherNames.has(name.toLowerCase());
}

/** Nouns of the catalogue's cmdlets (`ReceiveConnector`, `ADPermission`, ...), lower-case. */
export const CATALOG_NOUNS: ReadonlySet<string> = new Set(
  [...entries.values()].map((e) => e.name.slice(e.name.indexOf('-') + 1).toLowerCase()),
);

export type ParameterMatch =
  | { kind: 'exact'; spec: ParameterSpec }
  | { kind: 'prefix'; spec: ParameterSpec }
  | { kind: 'ambiguous'; candidates: ParameterSpec[] }
  | { kind: 'none' };

/** Resolves a parameter name as PowerShell does: exact name, else a unique prefix. */
export function matchParameter(entry: CmdletEntry, written: string): ParameterMatch {
  const lower = written.toLowerCase();
  const exact = entry.byLowerName.get(lower);
  if (exact) return { kind: 'exact', spec: exact };
  const candidates = entry.allParameters.filter((p) => p.name.toLowerCase().startsWith(lower));
  if (candidates.length === 1) return { kind: 'prefix', spec: candidates[0]! };
  if (candidates.length > 1) return { kind: 'ambiguous', candidates };
  return { kind: 'none' };
}

/** Allowed values of an enum-typed parameter, if it has any. */
export function enumOf(spec: ParameterSpec): EnumSpec | undefined {
  if (spec.enum && CATALOG.enums[spec.enum]) return CATALOG.enums[spec.enum];
  if (spec.allowedValues) return { flags: spec.multipleValues === true, values: spec.allowedValues };
  return undefined;
}

export function isMultiValued(spec: ParameterSpec): boolean {
  return spec.type.startsWith('MultiValuedProperty<') || spec.type.endsWith('[]') || spec.multipleValues === true;
}

/** The element type of a multi-valued type, or the type itself. */
export function elementType(spec: ParameterSpec): string {
  const m = /^MultiValuedProperty<(.+)>$/.exec(spec.type);
  if (m) return m[1]!;
  return spec.type.endsWith('[]') ? spec.type.slice(0, -2) : spec.type;
}

export const PERMISSIONS = CATALOG.permissionModel;

export function rightNames(): string[] {
  const names = new Set<string>(Object.keys(PERMISSIONS.receiveRights));
  for (const r of PERMISSIONS.sendRights) names.add(r);
  for (const c of Object.values(CATALOG.cmdlets)) {
    for (const p of c.parameters) if (p.name === 'ExtendedRights') for (const v of p.knownValues ?? []) names.add(v);
  }
  for (const g of Object.values(PERMISSIONS.permissionGroups)) for (const r of g.internalOnlyRights ?? []) names.add(r);
  return [...names];
}

export function securityRule(id: string): SecurityRuleSpec | undefined {
  return CATALOG.securityRules.find((r) => r.id === id);
}
