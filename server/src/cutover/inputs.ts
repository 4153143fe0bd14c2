// `assess` takes IIS logs and Exchange protocol logs together: each file's kind is detected (content, then
// name), IIS logs go to the assessment and the Edge's logs to the cut-over status.
import type { ExpandedPath } from '../common/files';
import { detectLogKind, logTypeOfKind } from '../exchangeLog/detect';
import { collectEdgeSources, type EdgeFile } from '../exchangeLog/edgeSources';
import type { Assessment } from '../protocol/assessment';
import { buildCutover } from './collect';
import type { CutoverReport } from '../protocol/cutover';

export interface SplitInputs {
  iis: ExpandedPath[];
  edge: EdgeFile[];
  /** Exchange logs that are not SMTP protocol logs (message tracking…), left out. */
  skipped: string[];
}

export async function splitLogKinds(files: readonly ExpandedPath[]): Promise<SplitInputs> {
  const out: SplitInputs = { iis: [], edge: [], skipped: [] };
  for (const f of files) {
    const kind = f.error ? 'iis' : await detectLogKind(f.path);
    if (kind === 'iis') out.iis.push(f);
    else if (kind === 'exchange-other') out.skipped.push(f.label);
    else out.edge.push({ path: f.path, logType: logTypeOfKind(kind) });
  }
  return out;
}

/** The cut-over status, when both kinds of log were given; undefined otherwise. */
export async function cutoverFor(inputs: SplitInputs, assessment: Assessment): Promise<CutoverReport | undefined> {
  if (inputs.edge.length === 0 || inputs.iis.length === 0) return undefined;
  if (!inputs.edge.some((f) => f.logType === 'receive')) return undefined;
  return buildCutover(assessment, await collectEdgeSources(inputs.edge));
}
