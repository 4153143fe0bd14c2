// Validation of each connector command against the catalogue: parameter names, sets, mandatory
// parameters, availability for the target role, positional arguments, values and cross-parameter rules.
import type { TargetRole } from '../../settings';
import { cmdletNames, findCmdlet, matchParameter, type CmdletEntry, type ParameterSpec } from '../catalogue/catalog';
import { VALIDATION_CODES, type Emit, type ScriptFinding } from '../catalogue/codes';
import { checkCrossRules } from './crossRules';
import type { ConnectorCommand, ParameterUse } from '../syntax/model';
import { cacheEntryOf, type ScriptModel } from '../syntax/script';
import { closest } from '../catalogue/suggest';
import { checkParameterValue } from './valueChecks';


function emitter(out: ScriptFinding[]): Emit {
  return (kind, span, message, fixes, severity) => {
    const c = VALIDATION_CODES[kind];
    out.push({ code: c.code, severity: severity ?? c.severity, message, start: span.start, end: span.end, fixes });
  };
}

const isSelector = (entry: CmdletEntry, spec: ParameterSpec): boolean =>
  entry.spec.parameterSets.some((s) => s.selectorSwitch === spec.name || s.selectorParameter === spec.name);

/** The parameter sets the given parameters allow, and the set in use (when it can be told). */
export function parameterSetInUse(cmd: ConnectorCommand): { candidates: string[]; active?: string } {
  const sets = cmd.entry.spec.parameterSets;
  let candidates = sets.map((s) => s.name);
  for (const use of cmd.parameters) {
    const spec = use.spec;
    if (!spec || spec.parameterSets.length === 0) continue;
    if (use.source === 'pipeline') continue;
    const narrowed = candidates.filter((c) => spec.parameterSets.includes(c));
    if (narrowed.length > 0) candidates = narrowed;
  }
  const selectorSet = sets.find((s) => cmd.parameters.some((u) => u.spec && (s.selectorSwitch === u.spec.name || s.selectorParameter === u.spec.name)));
  if (selectorSet) return { candidates, active: selectorSet.name };
  return { candidates, active: candidates.length === 1 ? candidates[0] : undefined };
}

function checkNames(cmd: ConnectorCommand, emit: Emit): void {
  const seen = new Map<string, ParameterUse>();
  for (const use of cmd.parameters) {
    if (use.source === 'pipeline') continue;
    const span = use.nameSpan ?? use.value?.span ?? cmd.nameSpan;
    if (!use.spec) {
      const m = matchParameter(cmd.entry, use.written);
      if (m.kind === 'ambiguous') {
        emit('ambiguousParameter', span, `-${use.written} is ambiguous for ${cmd.entry.name}: it could be ${m.candidates.map((c) => `-${c.name}`).join(', ')}. Write the full parameter name.`);
      } else {
        const suggestion = closest(use.written, cmd.entry.allParameters.map((p) => p.name));
        const keyStart = use.source === 'named' ? span.start + 1 : span.start;
        const fixes = suggestion && use.nameSpan && use.source === 'named'
          ? [{ title: `Change to -${suggestion}`, edits: [{ start: keyStart, end: use.nameSpan.end, newText: suggestion }] }]
          : undefined;
        emit('unknownParameter', span, `${cmd.entry.name} has no parameter -${use.written}${suggestion ? `; did you mean -${suggestion}?` : '.'} PowerShell stops the command with an error, so none of it is applied.`, fixes);
      }
      continue;
    }
    const key = use.spec.name.toLowerCase();
    const earlier = seen.get(key);
    if (earlier) {
      emit('duplicateParameter', span, `-${use.spec.name} is given more than once${earlier.source !== use.source ? ` (also through ${earlier.source === 'splat' ? 'the splatted hashtable' : 'a named argument'})` : ''}; PowerShell rejects the command. Keep one.`);
    } else seen.set(key, use);
    if (use.spec.deprecated) emit('deprecatedParameter', span, `-${use.spec.name} is deprecated: ${use.spec.description}`);
    else if (use.spec.internalUseOnly) emit('deprecatedParameter', span, `-${use.spec.name} is reserved for Microsoft internal use; leave it out.`);
  }
}

function checkSets(cmd: ConnectorCommand, emit: Emit): void {
  const entry = cmd.entry;
  const selectors = cmd.parameters.filter((u) => u.spec && u.source !== 'pipeline' && isSelector(entry, u.spec) && !(u.colon && u.value?.kind === 'bool' && !u.value.value));
  if (selectors.length > 1) {
    for (const s of selectors.slice(1)) {
      emit('conflictingSets', s.nameSpan ?? cmd.nameSpan, `-${s.spec!.name} conflicts with -${selectors[0]!.spec!.name}: a ${entry.name} takes one usage type only (one of the switches or -Usage).`);
    }
    return;
  }
  const sets = entry.spec.parameterSets;
  const given = cmd.parameters.filter((u) => u.spec && u.spec.parameterSets.length > 0 && u.source !== 'pipeline');
  const selectorSet = selectors[0] && sets.find((s) => s.selectorSwitch === selectors[0]!.spec!.name || s.selectorParameter === selectors[0]!.spec!.name);
  if (selectorSet) {
    for (const u of given) {
      if (!u.spec!.parameterSets.includes(selectorSet.name)) {
        emit('conflictingSets', u.nameSpan ?? cmd.nameSpan, `-${u.spec!.name} cannot be used with -${selectors[0]!.spec!.name} (parameter set '${selectorSet.name}'); it belongs to ${u.spec!.parameterSets.join(', ')}.`);
      }
    }
  } else {
    const names = sets.map((s) => s.name);
    let candidates = names;
    for (const u of given) {
      const next = candidates.filter((c) => u.spec!.parameterSets.includes(c));
      if (next.length === 0) {
        emit('conflictingSets', u.nameSpan ?? cmd.nameSpan, `-${u.spec!.name} (parameter set ${u.spec!.parameterSets.join(', ')}) cannot be combined with the parameters before it (set ${candidates.join(', ')}).`);
        return;
      }
      candidates = next;
    }
  }
  if (cmd.opaqueSplat) return;
  const { candidates, active } = parameterSetInUse(cmd);
  let mandatory: string[];
  let setLabel: string;
  if (active) {
    const set = sets.find((s) => s.name === active)!;
    mandatory = [...set.mandatory];
    setLabel = active;
    if (set.selectorParameter) {
      const usage = cmd.parameters.find((u) => u.spec?.name === set.selectorParameter)?.value;
      const usageSet = usage?.kind === 'string' ? sets.find((s) => s.selectorSwitch?.toLowerCase() === usage.value.toLowerCase()) : undefined;
      if (usageSet) {
        mandatory = [...new Set([...mandatory, ...usageSet.mandatory])];
        setLabel = `Usage ${usageSet.selectorSwitch}`;
      }
    }
  } else {
    const inSets = sets.filter((s) => candidates.includes(s.name));
    const fallback = inSets.find((s) => s.default);
    if (fallback) {
      // no usage type given: PowerShell binds the default set and prompts for what it lacks
      const missing = fallback.mandatory.filter((name) => !cmd.parameters.some((u) => (u.spec ?? u.assumed)?.name === name));
      if (missing.length > 0) {
        emit('missingMandatory', cmd.nameSpan, `${entry.name} without a usage type uses the default parameter set ${fallback.name} (the connector is created as ${fallback.name}), which needs ${missing.map((m) => `-${m}`).join(', ')}; PowerShell would prompt for ${missing.length > 1 ? 'them' : 'it'} and an unattended script stops. Add ${missing.length > 1 ? 'them' : 'it'}, or name the usage type (-Usage ${fallback.name}, -Internet, -Internal, …).`);
      }
      return;
    }
    if (inSets.length > 0 && inSets.every((s) => s.selectorSwitch || s.selectorParameter)) {
      const choices = inSets.map((s) => (s.selectorSwitch ? `-${s.selectorSwitch}` : `-${s.selectorParameter}`));
      emit('missingMandatory', cmd.nameSpan, `${entry.name} needs a usage type: one of ${choices.join(', ')}. Without it PowerShell cannot tell which parameter set to use.`);
      return;
    }
    mandatory = inSets.length > 0 ? inSets.map((s) => s.mandatory).reduce((a, b) => a.filter((x) => b.includes(x))) : [];
    setLabel = candidates.join(' / ');
  }
  const missing = mandatory.filter((name) => !cmd.parameters.some((u) => (u.spec ?? u.assumed)?.name === name));
  if (missing.length > 0) {
    const identityOnly = missing.length === 1 && missing[0] === 'Identity' && cmd.pipelineUnknown;
    if (!identityOnly) {
      emit('missingMandatory', cmd.nameSpan, `${entry.name} (parameter set ${setLabel}) is missing mandatory ${missing.map((m) => `-${m}`).join(', ')}; PowerShell would prompt for ${missing.length > 1 ? 'them' : 'it'} and an unattended script stops.`);
    }
  }
}

/** Why a parameter cannot be used with the target role, if it cannot (one rule for diagnostics and completion). */
export function roleProblem(entry: CmdletEntry, p: ParameterSpec, role: TargetRole): 'notOnEdge' | 'edgeOnly' | 'notInExo' | undefined {
  if (role === 'EdgeTransport' && p.edge === 'notSupported') return 'notOnEdge';
  if (role !== 'EdgeTransport' && p.edge === 'edgeOnly') return 'edgeOnly';
  if (role === 'ExchangeOnline' && entry.spec.environments.includes('EXO') && p.versions.length > 0 && !p.versions.includes('EXO')) return 'notInExo';
  return undefined;
}

function checkRole(cmd: ConnectorCommand, role: TargetRole, emit: Emit): void {
  const spec = cmd.entry.spec;
  const name = cmd.entry.name;
  if (role === 'EdgeTransport' && spec.edgeTransport.status === 'notApplicable') {
    emit('cmdletNotForRole', cmd.nameSpan, `${name} is an Exchange Online cmdlet (${spec.environments.join(', ')}); it does not exist on an Edge Transport server. Run it in an Exchange Online session (Connect-ExchangeOnline), or change iisSmtp.connectors.targetRole.`);
  } else if (role === 'Mailbox' && spec.edgeTransport.status === 'edgeOnly') {
    emit('cmdletNotForRole', cmd.nameSpan, `${name} only takes effect on an Edge Transport server. ${spec.edgeTransport.note}`);
  } else if (role === 'Mailbox' && !spec.environments.some((e) => /^\d|SE/.test(e))) {
    emit('cmdletNotForRole', cmd.nameSpan, `${name} is an Exchange Online cmdlet; it does not exist on an Exchange server. Run it in an Exchange Online session.`);
  } else if (role === 'ExchangeOnline' && !spec.environments.includes('EXO')) {
    emit('cmdletNotForRole', cmd.nameSpan, `${name} is not available in Exchange Online (it exists in ${spec.environments.join(', ')}); run it on the Exchange server itself.`);
  }
  for (const use of cmd.parameters) {
    const p = use.spec;
    if (!p || use.source === 'pipeline') continue;
    const span = use.nameSpan ?? use.value?.span ?? cmd.nameSpan;
    const problem = roleProblem(cmd.entry, p, role);
    if (problem === 'notOnEdge') {
      const onlyWarn = p.name === 'Identity' && /^Set-Transport(Service|Server)$/.test(name);
      const why = p.edgeNote ?? spec.edgeTransport.note;
      emit('parameterNotForRole', span, `-${p.name} cannot be used on an Edge Transport server${why ? ` (${why.replace(/\.$/, '')})` : ''}; the cmdlet fails or ignores it. Drop the parameter${onlyWarn ? ' (on Edge, pipe Get-TransportService into it instead)' : ''}.`, undefined, onlyWarn ? 'warning' : undefined);
    } else if (problem === 'edgeOnly') {
      emit('parameterNotForRole', span, `-${p.name} is only valid on an Edge Transport server; with target role ${role} the cmdlet rejects it.`);
    } else if (problem === 'notInExo') {
      emit('parameterNotForRole', span, `-${p.name} is not available in Exchange Online (only in ${p.versions.join(', ')}).`);
    }
  }
}

function checkArguments(cmd: ConnectorCommand, text: string, emit: Emit): void {
  for (const p of cmd.prompts) {
    emit('pastedPrompt', p, `'>>' is the console's continuation prompt pasted into the script; PowerShell reads it as a redirection to a file named after the next word, so the command is broken. Delete the '>>'.`, [
      { title: "Delete the pasted '>>'", edits: [{ start: p.start, end: p.end + (text[p.end] === ' ' ? 1 : 0), newText: '' }] },
    ]);
  }
  for (const use of cmd.parameters) {
    if (use.source !== 'named' || !use.spec || use.spec.type === 'switch' || use.value) continue;
    emit('missingArgument', use.nameSpan ?? cmd.nameSpan, `-${use.spec.name} needs a value (${use.spec.type}); without one PowerShell stops with "Missing an argument for parameter".`);
  }
  for (const v of cmd.extraPositional) {
    const before = text.slice(Math.max(cmd.span.start, v.span.start - 80), v.span.start);
    const sw = /-([A-Za-z]+)\s+$/.exec(before);
    const swSpec = sw ? cmd.entry.byLowerName.get(sw[1]!.toLowerCase()) : undefined;
    const hint = swSpec?.type === 'switch' ? ` -${swSpec.name} is a switch: write -${swSpec.name}:${text.slice(v.span.start, v.span.end)} instead.` : ' Name the parameter it is meant for.';
    emit('extraPositional', v.span, `${cmd.entry.name} takes no further positional argument, so '${text.slice(v.span.start, v.span.end)}' makes the command fail.${hint}`);
  }
}

export function validateCommand(cmd: ConnectorCommand, role: TargetRole, text: string, out: ScriptFinding[]): void {
  const emit = emitter(out);
  checkNames(cmd, emit);
  checkSets(cmd, emit);
  checkRole(cmd, role, emit);
  checkArguments(cmd, text, emit);
  for (const use of cmd.parameters) checkParameterValue(cmd, use, emit, text);
  checkCrossRules(cmd, emit, text);
}

export function validateScript(model: ScriptModel, role: TargetRole, out: ScriptFinding[]): void {
  const emit = emitter(out);
  for (const u of model.unknownCmdlets) {
    const noun = u.written.slice(u.written.indexOf('-') + 1).toLowerCase();
    const sameNoun = cmdletNames().filter((n) => n.toLowerCase().endsWith(`-${noun}`));
    const suggestion = closest(u.written, cmdletNames()) ?? (sameNoun.length === 1 ? sameNoun[0] : undefined);
    const fixes = suggestion ? [{ title: `Change to ${suggestion}`, edits: [{ start: u.nameSpan.start, end: u.nameSpan.end, newText: suggestion }] }] : undefined;
    emit('unknownCmdlet', u.nameSpan, `${u.written} is not an Exchange cmdlet${suggestion ? `; did you mean ${suggestion}?` : '.'} The script stops here with "term not recognized".`, fixes);
  }
  for (const cmd of model.commands) {
    const cached = cacheEntryOf.get(cmd);
    let local = cached?.findings.get(role);
    if (!local) {
      local = [];
      validateCommand(cmd, role, model.text, local);
      cached?.findings.set(role, local);
    }
    for (const f of local) out.push(f);
  }
  void findCmdlet;
}
