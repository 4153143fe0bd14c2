// All findings for a script: command validation, then the security catalogue over the script state.
import type { TargetRole } from '../../settings';
import type { ScriptFinding } from '../catalogue/codes';
import type { ScriptModel } from '../syntax/script';
import { checkSecurity } from './security';
import { buildState, type ScriptState } from '../syntax/state';
import { validateScript } from './validate';

export interface Analysis {
  findings: ScriptFinding[];
  state: ScriptState;
}

const memo = new WeakMap<ScriptModel, Map<TargetRole, Analysis>>();

export function analyze(model: ScriptModel, role: TargetRole): Analysis {
  let byRole = memo.get(model);
  if (!byRole) memo.set(model, (byRole = new Map()));
  const cached = byRole.get(role);
  if (cached) return cached;
  const findings: ScriptFinding[] = [];
  const state = buildState(model);
  validateScript(model, role, findings);
  checkSecurity(model, state, role, findings);
  findings.sort((a, b) => a.start - b.start || a.code.localeCompare(b.code));
  const result = { findings: dedupe(findings), state };
  byRole.set(role, result);
  return result;
}

function dedupe(findings: ScriptFinding[]): ScriptFinding[] {
  const seen = new Set<string>();
  return findings.filter((f) => {
    const k = `${f.code}:${f.start}:${f.end}:${f.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
