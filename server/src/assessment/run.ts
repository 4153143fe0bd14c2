// One entry point for every front end (server command, CLI): accumulated totals → assessment → plan →
// script, with the same options, so the same input gives the same profiles and script everywhere.
import type { Assessment, ConnectorPlanResult, PlanWarning } from '../protocol/assessment';
import type { AssessmentAccumulator } from './accumulator';
import { toCsv, toJson, toMarkdown } from './formats';
import { buildPlan } from './plan';
import { finalizeAssessment } from './profiles';
import { renderScript } from './script';

export interface PlanOptions {
  acceptedDomains: readonly string[];
  cidrRounding: boolean;
  metabaseSmartHost?: string;
  metabaseRequireTls?: boolean;
  metabaseDomains?: readonly string[];
  metabaseMaxMessageSize?: number;
  /** Why the input is incomplete (cancelled…): stated in the script header and the report. */
  partial?: readonly string[];
  /** Review notes from elsewhere (the metabase), shown with the plan's own. */
  notes?: PlanWarning[];
  includeReport?: boolean;
}

export function planFromAssessment(assessment: Assessment, options: PlanOptions): ConnectorPlanResult {
  const plan = buildPlan(assessment, { cidrRounding: options.cidrRounding });
  if (options.notes) plan.warnings.push(...options.notes);
  const s = assessment.summary;
  const script = renderScript(plan, { files: assessment.files, firstSeen: s.firstSeen, lastSeen: s.lastSeen, messages: s.messages, applications: s.applications });
  const result: ConnectorPlanResult = {
    script,
    profiles: assessment.sources.filter((p) => p.category === 'application'),
    warnings: plan.warnings,
    summary: s,
  };
  if (options.includeReport) {
    result.assessment = assessment;
    result.exports = { csv: toCsv(assessment), markdown: toMarkdown(assessment), json: toJson(assessment) };
  }
  return result;
}

export function planFromAccumulator(acc: AssessmentAccumulator, options: PlanOptions): ConnectorPlanResult {
  const assessment = finalizeAssessment(acc, options);
  return planFromAssessment(assessment, options);
}
