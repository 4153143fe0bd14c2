// Cross-statement state: per script, the connectors (and accepted domains) it creates or changes, in
// document order, with the permissions granted to them. Rules read the state, not single commands.
import { PERMISSIONS } from '../catalogue/catalog';
import type { ConnectorCommand, ParameterUse, Value } from './model';
import { boolOf, includesCI, stringsOf, stringsOfValue, useOf } from './params';
import { identityOf, type ScriptModel } from './script';

export type ObjectKind = 'receive' | 'send' | 'inbound' | 'outbound' | 'acceptedDomain';

const KIND_BY_NOUN: Record<string, ObjectKind> = {
  receiveconnector: 'receive',
  sendconnector: 'send',
  inboundconnector: 'inbound',
  outboundconnector: 'outbound',
  accepteddomain: 'acceptedDomain',
};

export interface Grant {
  cmd: ConnectorCommand;
  /** Literal principals, or undefined when not statically known. */
  users?: string[];
  rights?: string[];
  deny: boolean;
  removal: boolean;
}

/** A list-valued setting as the script leaves it: literal items, or unknown. */
export interface ListSetting {
  items?: string[];
  /** The parameter use that last set or edited it. */
  use?: ParameterUse;
  cmd?: ConnectorCommand;
  fromTemplate?: boolean;
}

export interface ConnectorState {
  kind: ObjectKind;
  /** Display name (as first written). */
  name: string;
  /** False when the identity is not statically known (each such command gets its own state). */
  known: boolean;
  created?: ConnectorCommand;
  commands: ConnectorCommand[];
  /** Latest use of each parameter (canonical name → use and command). */
  latest: Map<string, { use: ParameterUse; cmd: ConnectorCommand }>;
  grants: Grant[];
  usage?: string;
  permissionGroups: ListSetting;
  authMechanism: ListSetting;
  remoteIPRanges: ListSetting;
  bindings: ListSetting;
  /** Set-ReceiveConnector commands that replace RemoteIPRanges wholesale, with the list they replace when known. */
  rangeReplacements: { cmd: ConnectorCommand; use: ParameterUse; before?: string[] }[];
}

export interface ScriptState {
  objects: ConnectorState[];
  /** State of the object a command acts on. */
  byCommand: Map<ConnectorCommand, ConnectorState>;
}

/** `EX01\Relay` → `relay`. */
export function identityKey(value: Value | undefined): string | undefined {
  if (!value || value.kind !== 'string') return undefined;
  const name = value.value.includes('\\') ? value.value.slice(value.value.lastIndexOf('\\') + 1) : value.value;
  return name.trim().toLowerCase();
}

const kinds = new WeakMap<object, ObjectKind | 'permission' | 'none'>();

/** What a cmdlet acts on (computed once per catalogue entry). */
function kindOfEntry(cmd: ConnectorCommand): ObjectKind | 'permission' | 'none' {
  let k = kinds.get(cmd.entry);
  if (k === undefined) {
    const name = cmd.entry.name;
    k = /-ADPermission$/.test(name) ? 'permission' : KIND_BY_NOUN[name.slice(name.indexOf('-') + 1).toLowerCase()] ?? 'none';
    kinds.set(cmd.entry, k);
  }
  return k;
}

function kindOf(cmd: ConnectorCommand): ObjectKind | undefined {
  const k = kindOfEntry(cmd);
  return k === 'permission' || k === 'none' ? undefined : k;
}

const TEMPLATES = new Map(Object.entries(PERMISSIONS.usageTemplates).map(([k, v]) => [k.toLowerCase(), v]));

function emptyState(kind: ObjectKind, name: string, known: boolean): ConnectorState {
  return { kind, name, known, commands: [], latest: new Map(), grants: [], permissionGroups: {}, authMechanism: {}, remoteIPRanges: {}, bindings: {}, rangeReplacements: [] };
}

const USAGE_SWITCHES = ['Client', 'Custom', 'Internal', 'Internet', 'Partner'];

function applyList(setting: ListSetting, use: ParameterUse | undefined, cmd: ConnectorCommand): void {
  if (!use) return;
  const v = use.value;
  if (v?.kind === 'hashtable' && setting.items) {
    const add = v.entries.filter((e) => /^add$/i.test(e.key)).map((e) => stringsOfValue(e.value));
    const remove = v.entries.filter((e) => /^remove$/i.test(e.key)).map((e) => stringsOfValue(e.value));
    if (add.some((a) => !a) || remove.some((r) => !r)) setting.items = undefined;
    else {
      const removed = new Set(remove.flat().map((r) => r!.toLowerCase()));
      setting.items = [...setting.items.filter((i) => !removed.has(i.toLowerCase())), ...add.flat().map((a) => a!)];
    }
  } else {
    setting.items = v?.kind === 'hashtable' ? undefined : stringsOfValue(v);
  }
  setting.use = use;
  setting.cmd = cmd;
  setting.fromTemplate = false;
}

function applyReceive(state: ConnectorState, cmd: ConnectorCommand): void {
  if (cmd.entry.name === 'New-ReceiveConnector') {
    // no usage type: PowerShell binds the default set, Custom (see the catalogue's parameter sets)
    const explicit = USAGE_SWITCHES.find((s) => boolOf(cmd, s) === true) ?? stringsOf(cmd, 'Usage')?.[0];
    const usage = explicit ?? (cmd.opaqueSplat || useOf(cmd, 'Usage') ? undefined : cmd.entry.spec.parameterSets.find((s) => s.default)?.name);
    state.usage = usage;
    const template = usage ? TEMPLATES.get(usage.toLowerCase()) : undefined;
    if (template) {
      state.permissionGroups = { items: [...template.permissionGroups], fromTemplate: true, cmd };
      state.authMechanism = { items: [...template.authMechanism], fromTemplate: true, cmd };
      if (usage?.toLowerCase() === 'internet') state.remoteIPRanges = { items: ['0.0.0.0-255.255.255.255'], fromTemplate: true, cmd };
    }
  }
  applyList(state.permissionGroups, useOf(cmd, 'PermissionGroups'), cmd);
  applyList(state.authMechanism, useOf(cmd, 'AuthMechanism'), cmd);
  const ranges = useOf(cmd, 'RemoteIPRanges');
  if (ranges && cmd.entry.name === 'Set-ReceiveConnector' && ranges.value?.kind !== 'hashtable') {
    state.rangeReplacements.push({ cmd, use: ranges, before: state.remoteIPRanges.items && [...state.remoteIPRanges.items] });
  }
  applyList(state.remoteIPRanges, ranges, cmd);
  applyList(state.bindings, useOf(cmd, 'Bindings'), cmd);
}

const DEFAULT_EDGE = /^default internal receive connector/i;

function seedDefaults(state: ConnectorState): void {
  if (state.kind !== 'receive' || !DEFAULT_EDGE.test(state.name)) return;
  const d = PERMISSIONS.defaultEdgeReceiveConnector;
  state.permissionGroups = { items: [...d.permissionGroups], fromTemplate: true };
  state.authMechanism = { items: [...d.authMechanism], fromTemplate: true };
  state.remoteIPRanges = { items: [...d.remoteIPRanges], fromTemplate: true };
  state.bindings = { items: [...d.bindings], fromTemplate: true };
}

export function buildState(model: ScriptModel): ScriptState {
  const objects: ConnectorState[] = [];
  const byKey = new Map<string, ConnectorState>();
  const byCommand = new Map<ConnectorCommand, ConnectorState>();
  const lookup = (kind: ObjectKind, key: string, display: string): ConnectorState => {
    const k = `${kind}:${key}`;
    let s = byKey.get(k);
    if (!s) {
      s = emptyState(kind, display, true);
      seedDefaults(s);
      byKey.set(k, s);
      objects.push(s);
    }
    return s;
  };
  for (const cmd of model.commands) {
    const entryKind = kindOfEntry(cmd);
    if (entryKind === 'none') continue;
    const isPermission = entryKind === 'permission';
    const kind = isPermission ? (cmd.pipelineFrom ? kindOf(cmd.pipelineFrom) : undefined) ?? 'receive' : kindOf(cmd);
    if (!kind) continue;
    const idValue = isPermission ? useOf(cmd, 'Identity')?.value : identityOf(cmd);
    const key = identityKey(idValue);
    let state: ConnectorState;
    if (key === undefined) {
      state = emptyState(kind, idValue && idValue.kind === 'unknown' && idValue.text !== '(pipeline)' ? idValue.text : 'name not known statically', false);
      objects.push(state);
    } else {
      const display = (idValue as { value: string }).value;
      state = isPermission && !byKey.has(`receive:${key}`) && byKey.has(`send:${key}`) ? byKey.get(`send:${key}`)! : lookup(kind, key, display);
    }
    if (cmd.entry.name.startsWith('Get-')) {
      byCommand.set(cmd, state);
      continue;
    }
    state.commands.push(cmd);
    if (cmd.entry.name.startsWith('New-')) state.created ??= cmd;
    byCommand.set(cmd, state);
    if (isPermission) {
      if (cmd.entry.name === 'Get-ADPermission') continue;
      state.grants.push({
        cmd,
        users: stringsOf(cmd, 'User'),
        rights: stringsOf(cmd, 'ExtendedRights'),
        deny: boolOf(cmd, 'Deny') === true,
        removal: cmd.entry.name === 'Remove-ADPermission',
      });
      continue;
    }
    for (const use of cmd.parameters) if (use.spec && use.source !== 'pipeline') state.latest.set(use.spec.name, { use, cmd });
    if (state.kind === 'receive') applyReceive(state, cmd);
    const rename = cmd.entry.name.startsWith('Set-') ? identityKey(useOf(cmd, 'Name')?.value) : undefined;
    if (rename && state.known) byKey.set(`${state.kind}:${rename}`, state);
  }
  return { objects, byCommand };
}

/** Rights a principal effectively holds on a receive connector (permission groups plus grants, minus removals). */
export function effectiveRights(state: ConnectorState, principal: string): { rights: Set<string>; unknown: boolean } {
  const rights = new Set<string>();
  let unknown = state.permissionGroups.items === undefined;
  const auth = state.authMechanism.items ?? [];
  for (const g of state.permissionGroups.items ?? []) {
    const spec = Object.entries(PERMISSIONS.permissionGroups).find(([k]) => k.toLowerCase() === g.toLowerCase())?.[1];
    if (!spec) continue;
    const sets = [spec, ...(includesCI(auth, 'ExternalAuthoritative') && spec.whenAuthMechanismIncludesExternalAuthoritative ? [spec.whenAuthMechanismIncludesExternalAuthoritative] : [])];
    for (const s of sets) if (includesCI(s.principals, principal)) for (const r of s.rights) rights.add(r.toLowerCase());
  }
  for (const g of state.grants) {
    if (g.deny) continue;
    if (!g.users || !g.rights) {
      unknown = true;
      continue;
    }
    if (!includesCI(g.users, principal)) continue;
    for (const r of g.rights) {
      if (g.removal) rights.delete(r.toLowerCase());
      else rights.add(r.toLowerCase());
    }
  }
  return { rights, unknown };
}
