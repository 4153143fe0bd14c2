// `iisSmtp.cutoverStatus`: the cut-over status for IIS and Edge log folders on disk, for editors (the CLI's
// `assess` computes the same through cutover/inputs.ts). Paths go through the server's read policy (an untrusted
// workspace reads only its folders and what the user picked), and the IIS logs and the Edge's are read by the
// worker pool, as the connector plan's are, so the editor stays responsive while gigabytes are read.
import { assessPathsInPool } from '../cli/assessInPool';
import { collectEdgeInPool } from '../cli/edgeInPool';
import { expandPaths } from '../common/files';
import { finalizeAssessment } from '../assessment/profiles';
import { cutoverMarkdown } from './formats';
import { cutoverFor, splitLogKinds } from './inputs';
import { CUTOVER_COMMAND, type CutoverCommandResult } from '../protocol';
import type { CommandContext, ServerCommandOf } from '../serverCommand';

const MAX_PATHS = 1000;

async function run(rawArgs: unknown[], ctx: CommandContext): Promise<CutoverCommandResult> {
  const raw = rawArgs[0] as { paths?: unknown } | undefined;
  const paths = Array.isArray(raw?.paths) ? raw.paths.filter((p): p is string => typeof p === 'string' && p !== '').slice(0, MAX_PATHS) : [];
  const isCancelled = (): boolean => ctx.token.isCancellationRequested;
  const inputs = await splitLogKinds(await expandPaths(paths, undefined, { isCancelled, refusal: ctx.refusal }));
  const { acc, cancelled } = await assessPathsInPool(inputs.iis, { isCancelled });
  if (cancelled) return { markdown: '', message: 'Cancelled.' };
  const assessment = finalizeAssessment(acc, { acceptedDomains: ctx.settings.acceptedDomains });
  let edgeCancelled = false;
  const report = await cutoverFor(inputs, assessment, undefined, async (files) => {
    const { edge, cancelled: stopped } = await collectEdgeInPool(files, { isCancelled });
    edgeCancelled = stopped;
    return edge;
  });
  if (edgeCancelled) return { markdown: '', message: 'Cancelled.' };
  if (!report) {
    // Paths that could not be read (refused by the read policy, missing) are counted apart: they are no IIS logs.
    const unread = inputs.iis.filter((f) => f.error);
    const why = unread.length > 0 ? `; ${unread.length} path(s) not read, such as ${unread[0]!.label}: ${unread[0]!.error}` : '';
    const message = `The cut-over status needs both IIS SMTP logs and the Edge's SMTP receive protocol logs (found ${inputs.iis.length - unread.length} IIS log(s) and ${inputs.edge.length} Exchange protocol log(s)${why}).`;
    return { markdown: `## Cut-over status\n\n${message}\n`, message };
  }
  return { report, markdown: cutoverMarkdown(report) };
}

export const cutoverCommand: ServerCommandOf<typeof CUTOVER_COMMAND> = { id: CUTOVER_COMMAND, run };
