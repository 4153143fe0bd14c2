// `assess` takes IIS logs and Exchange protocol logs together: each file's kind is detected (content, then
// name), IIS logs go to the assessment and the Edge's logs to the cut-over status. Connector scripts (`.ps1`)
// given with them let `failing` entries name the line to change.
import type { ExpandedPath } from '../common/files';
import { readRegularFile } from '../common/safeRead';
import { detectLogKind, logTypeOfKind } from '../exchangeLog/detect';
import { collectEdgeSources, type EdgeCollection, type EdgeFile } from '../exchangeLog/edgeSources';
import type { Assessment } from '../protocol/assessment';
import { buildCutover } from './collect';
import { relayFix } from './fixes';
import { connectorShortName, remoteRangesLines } from './scriptLines';
import type { CutoverReport, ScriptRangesLine } from '../protocol/cutover';

export interface SplitInputs {
  iis: ExpandedPath[];
  edge: EdgeFile[];
  /** Connector scripts (`*.ps1`) given by name: read for the migration connector's RemoteIPRanges line. */
  scripts: ExpandedPath[];
  /** Exchange logs that are not SMTP protocol logs (message tracking…), left out. */
  skipped: string[];
}

const isScript = (path: string): boolean => /\.ps1$/i.test(path);
/** A connector script larger than this is not read for line numbers (it is not a connector script). */
const MAX_SCRIPT_BYTES = 4 << 20;
const MAX_SCRIPTS = 50;

export async function splitLogKinds(files: readonly ExpandedPath[]): Promise<SplitInputs> {
  const out: SplitInputs = { iis: [], edge: [], scripts: [], skipped: [] };
  for (const f of files) {
    if (!f.error && isScript(f.path)) {
      out.scripts.push(f);
      continue;
    }
    const kind = f.error ? 'iis' : await detectLogKind(f.path);
    if (kind === 'iis') out.iis.push(f);
    else if (kind === 'exchange-other') out.skipped.push(f.label);
    else out.edge.push({ path: f.path, logType: logTypeOfKind(kind) });
  }
  return out;
}

/** A script the product wrote rather than read from disk: the plan `assess` prints. */
export interface PlannedScript {
  /** How the report names it, e.g. `the script assess --format ps1 writes`. */
  label: string;
  text: string;
}

/** The scripts' receive connectors; undefined when none was given. Unreadable scripts become notes. */
async function scriptLines(inputs: SplitInputs, plan: PlannedScript | undefined, notes: string[]): Promise<{ lines?: ScriptRangesLine[]; read: string[] }> {
  const read: string[] = [];
  const lines: ScriptRangesLine[] = [];
  for (const s of inputs.scripts.slice(0, MAX_SCRIPTS)) {
    try {
      const text = (await readRegularFile(s.path, { maxBytes: MAX_SCRIPT_BYTES })).toString('utf8');
      lines.push(...(await remoteRangesLines(s.path, text)));
      read.push(s.path);
    } catch (err) {
      notes.push(`Could not read the connector script ${s.label}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  if (inputs.scripts.length > MAX_SCRIPTS) notes.push(`Only the first ${MAX_SCRIPTS} connector scripts were read.`);
  if (read.length === 0 && plan) {
    lines.push(...(await remoteRangesLines(plan.label, plan.text, true)));
    read.push(plan.label);
  }
  return { lines: read.length > 0 ? lines : undefined, read };
}

/**
 * The cut-over status, when both kinds of log were given; undefined otherwise. `collectEdge` reads the Edge logs
 * (the server's reads them in a worker thread).
 */
export async function cutoverFor(inputs: SplitInputs, assessment: Assessment, plan?: PlannedScript, collectEdge: (files: readonly EdgeFile[]) => Promise<EdgeCollection> = collectEdgeSources): Promise<CutoverReport | undefined> {
  const unread = inputs.iis.filter((f) => f.error);
  if (inputs.edge.length === 0 || inputs.iis.length === unread.length) return undefined;
  if (!inputs.edge.some((f) => f.logType === 'receive')) return undefined;
  const report = buildCutover(assessment, await collectEdge(inputs.edge));
  // A path not read (refused, missing: IIS or Edge, its kind unknown) hides the sources it logged.
  for (const f of unread.slice(0, 20)) report.notes.push(`Could not read ${f.label}: ${f.error}. The sources it logged are missing, so a status of moved, new-on-edge, still-on-iis or not-seen may be wrong.`);
  if (unread.length > 20) report.notes.push(`${unread.length - 20} more path(s) could not be read.`);
  const { lines, read } = await scriptLines(inputs, plan, report.notes);
  const edgeConnectors = new Set(report.entries.flatMap((e) => e.edge?.connectors ?? []).map((c) => connectorShortName(c.key).toLowerCase()));
  for (const e of report.entries) {
    const fix = relayFix(e, lines, edgeConnectors);
    if (fix) e.fix = fix;
  }
  report.scripts = read;
  report.files = { iis: inputs.iis.length - unread.length, edge: inputs.edge.length };
  return report;
}
