// Stable diagnostic codes of the connector language. CONNECTOR0xx are validation findings;
// CONNECTOR1NN is the security catalogue entry EXRNNN of connectors.md §3 (severity from cmdlets.json).
import type { CodeInfo, DiagnosticVocabulary, Severity } from '../../common/finding';
import { CATALOG } from './catalog';
import type { Span } from '../syntax/model';

export type CodeSpec = CodeInfo;

export const VALIDATION_CODES = {
  unknownParameter: { code: 'CONNECTOR001', severity: 'error', title: 'Unknown parameter' },
  ambiguousParameter: { code: 'CONNECTOR002', severity: 'error', title: 'Ambiguous parameter name' },
  duplicateParameter: { code: 'CONNECTOR003', severity: 'error', title: 'Parameter given more than once' },
  missingMandatory: { code: 'CONNECTOR004', severity: 'error', title: 'Missing mandatory parameter' },
  conflictingSets: { code: 'CONNECTOR005', severity: 'error', title: 'Parameters from conflicting parameter sets' },
  enumValue: { code: 'CONNECTOR006', severity: 'error', title: 'Value not accepted by the parameter' },
  malformedValue: { code: 'CONNECTOR007', severity: 'error', title: 'Malformed value' },
  unquotedSemicolon: { code: 'CONNECTOR008', severity: 'error', title: "Unquoted ';' ends the command" },
  parameterNotForRole: { code: 'CONNECTOR009', severity: 'error', title: 'Parameter not available for the target role' },
  cmdletNotForRole: { code: 'CONNECTOR010', severity: 'warning', title: 'Cmdlet not available for the target role' },
  unknownPrincipal: { code: 'CONNECTOR011', severity: 'warning', title: 'Unknown security principal' },
  unknownRight: { code: 'CONNECTOR012', severity: 'error', title: 'Unknown extended right' },
  unknownCmdlet: { code: 'CONNECTOR013', severity: 'error', title: 'Not an Exchange cmdlet' },
  outOfRange: { code: 'CONNECTOR014', severity: 'error', title: 'Value out of range' },
  missingArgument: { code: 'CONNECTOR015', severity: 'error', title: 'Missing argument' },
  extraPositional: { code: 'CONNECTOR016', severity: 'error', title: 'Positional argument not accepted' },
  crossParameter: { code: 'CONNECTOR017', severity: 'error', title: 'Parameters that do not go together' },
  pastedPrompt: { code: 'CONNECTOR018', severity: 'error', title: 'Pasted console prompt' },
  wrongKind: { code: 'CONNECTOR019', severity: 'error', title: 'Wrong kind of value' },
  deprecatedParameter: { code: 'CONNECTOR020', severity: 'warning', title: 'Deprecated or internal parameter' },
  formatHint: { code: 'CONNECTOR021', severity: 'info', title: 'Value accepted with a caveat' },
  /** Catalogue entry EXR021, found while checking values, so it keeps the security numbering. */
  certificateName: { code: 'CONNECTOR121', severity: 'error', title: 'TlsCertificateName not in <I>…<S>… form' },
} satisfies Record<string, CodeSpec>;

export type ValidationKind = keyof typeof VALIDATION_CODES;

/** The security code for catalogue rule `EXRnnn`, with the catalogue's default severity. */
export function securityCode(exr: string): CodeSpec {
  const rule = CATALOG.securityRules.find((r) => r.id === exr);
  return { code: `CONNECTOR1${exr.slice(-2)}`, severity: rule?.severity ?? 'warning', title: rule?.title ?? exr };
}

/** The per-file cap (not a validation finding: no rule emits it). */
export const CAP_REACHED: CodeSpec = { code: 'CONNECTOR000', severity: 'info', title: 'Diagnostic cap reached' };

const validationCodes: CodeSpec[] = Object.values(VALIDATION_CODES);
/** Security codes not already validation codes (EXR021 is found while checking values: CONNECTOR121). */
const securityCodes = CATALOG.securityRules.map((r) => securityCode(r.id)).filter((c) => !validationCodes.some((v) => v.code === c.code));

export const CONNECTOR_DIAGNOSTICS: DiagnosticVocabulary = { source: 'IIS SMTP connectors', codes: [...validationCodes, ...securityCodes, CAP_REACHED], capReached: CAP_REACHED };

export interface Edit {
  start: number;
  end: number;
  newText: string;
}

/**
 * One finding on the script text (offsets, so that it follows its command when an edit above moves it), with its
 * quick fixes; locate.ts makes it a Finding (common/finding.ts).
 */
export interface ScriptFinding {
  code: string;
  severity: Severity;
  message: string;
  start: number;
  end: number;
  /** Quick fixes offered for this finding. */
  fixes?: { title: string; edits: Edit[] }[];
}

/** How validation rules report: a code of the table on a span, with fixes and a severity other than the default. */
export type Emit = (kind: ValidationKind, span: Span, message: string, fixes?: ScriptFinding['fixes'], severity?: Severity) => void;
