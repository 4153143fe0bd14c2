// `iisSmtp.connectorPlan`: the documented LSP command. A document (optionally only some ranges) is
// re-parsed from its text; files and folders are streamed from disk with `$/progress` and cancellation.
import { WorkDoneProgress, type WorkDoneProgressBegin, type WorkDoneProgressEnd, type WorkDoneProgressReport } from 'vscode-languageserver';
import { CONNECTOR_PLAN_COMMAND, type ConnectorPlanArgs, type ConnectorPlanResult, type PlanRange } from '../protocol';
import type { CommandContext, ServerCommandOf } from '../serverCommand';
import { AssessmentAccumulator } from './accumulator';
import { metabaseNotes, readMetabase } from './metabase';
import { planFromAccumulator } from './run';
import { assessPathsInPool } from '../cli/assessInPool';
import { assessText, expandPaths } from './sources';

const MAX_PATHS = 100_000;

function isPosition(v: unknown): v is { line: number; character: number } {
  const p = v as { line?: unknown; character?: unknown };
  return !!p && typeof p === 'object' && Number.isInteger(p.line) && (p.line as number) >= 0 && Number.isInteger(p.character);
}

/** Validates whatever a client sent (total: bad fields are dropped, never thrown on). */
export function parsePlanArgs(raw: unknown): ConnectorPlanArgs {
  const r = raw !== null && typeof raw === 'object' && !Array.isArray(raw) ? (raw as Record<string, unknown>) : {};
  const args: ConnectorPlanArgs = {};
  if (typeof r.uri === 'string') args.uri = r.uri;
  if (Array.isArray(r.ranges)) {
    args.ranges = r.ranges.filter((x): x is PlanRange => {
      const range = x as { start?: unknown; end?: unknown };
      return !!range && isPosition(range.start) && isPosition(range.end);
    });
  }
  if (Array.isArray(r.paths)) args.paths = r.paths.filter((p): p is string => typeof p === 'string' && p.length > 0).slice(0, MAX_PATHS);
  if (typeof r.metabase === 'string' && r.metabase !== '') args.metabase = r.metabase;
  if (Array.isArray(r.acceptedDomains)) args.acceptedDomains = r.acceptedDomains.filter((d): d is string => typeof d === 'string').map((d) => d.trim().toLowerCase()).filter((d) => d !== '');
  if (r.includeReport === true) args.includeReport = true;
  return args;
}

function uriLabel(uri: string): string {
  const last = uri.split(/[\\/]/).pop() ?? uri;
  try {
    return decodeURIComponent(last);
  } catch {
    return last;
  }
}

async function run(rawArgs: unknown[], ctx: CommandContext): Promise<ConnectorPlanResult> {
  const args = parsePlanArgs(rawArgs[0]);
  let acc = new AssessmentAccumulator();
  let cancelled = false;
  if (args.paths && args.paths.length > 0) {
    const progress = ctx.workDoneProgress;
    const token = ctx.workDoneToken;
    const report = (value: WorkDoneProgressBegin | WorkDoneProgressReport | WorkDoneProgressEnd): void => {
      if (progress) {
        if (value.kind === 'begin') progress.begin(value.title, value.percentage, value.message, value.cancellable);
        else if (value.kind === 'report') progress.report(value.percentage ?? 0, value.message ?? '');
        else progress.done();
      } else if (token !== undefined) void ctx.connection.sendProgress(WorkDoneProgress.type, token, value);
    };
    report({ kind: 'begin', title: 'Assessing IIS SMTP logs', cancellable: true, percentage: 0 });
    let lastPct = -1;
    const files = await expandPaths(args.paths, undefined, { isCancelled: () => ctx.token.isCancellationRequested, refusal: ctx.refusal });
    // Read through the worker pool (the CLI's): files shared out, a large one in byte ranges.
    const result = await assessPathsInPool(files, {
      isCancelled: () => ctx.token.isCancellationRequested,
      onProgress: (done, total, file) => {
        const pct = total > 0 ? Math.floor((done / total) * 100) : 100;
        if (pct !== lastPct) {
          lastPct = pct;
          report({ kind: 'report', message: file, percentage: pct });
        }
      },
    });
    acc = result.acc;
    cancelled = result.cancelled;
    report({ kind: 'end', message: cancelled ? 'Cancelled' : 'Done' });
  } else if (args.uri) {
    const open = ctx.documents.get(args.uri);
    if (!open) throw new Error(`Document not open: ${args.uri}`);
    assessText(acc, uriLabel(args.uri), open.doc.getText(), args.ranges && args.ranges.length > 0 ? args.ranges : undefined);
  }
  const refused = args.metabase ? await ctx.refusal?.(args.metabase) : undefined;
  const metabase = args.metabase ? (refused ? { notes: [], error: `The metabase file: ${refused}.` } : await readMetabase(args.metabase, () => ctx.token.isCancellationRequested)) : undefined;
  const result = planFromAccumulator(acc, {
    acceptedDomains: args.acceptedDomains && args.acceptedDomains.length > 0 ? args.acceptedDomains : ctx.settings.acceptedDomains,
    cidrRounding: ctx.settings.assessment.cidrRounding,
    metabaseSmartHost: metabase?.smartHost,
    metabaseRequireTls: metabase?.alwaysTls,
    metabaseDomains: metabase?.localDomains,
    metabaseMaxMessageSize: metabase?.maxMessageSize,
    partial: cancelled ? ['the read was cancelled before every file was assessed'] : undefined,
    notes: metabaseNotes(metabase),
    includeReport: args.includeReport,
  });
  if (cancelled) result.cancelled = true;
  return result;
}

export const connectorPlanCommand: ServerCommandOf<typeof CONNECTOR_PLAN_COMMAND> = { id: CONNECTOR_PLAN_COMMAND, run };
