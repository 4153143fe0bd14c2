// Public entry for other modules (assessment helper, CLI): analyse a PowerShell script's connector
// commands with the same grammar and rules as the language server.
import type { Diagnostic } from 'vscode-languageserver-types';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Finding, Range } from '../common/finding';
import { toLspDiagnostics } from '../lspDiagnostics';
import type { Settings } from '../settings';
import { analyze } from './rules/analysis';
import { CONNECTOR_DIAGNOSTICS } from './catalogue/codes';
import { ConnectorDocument } from './syntax/document';
import { loadGrammar } from './syntax/grammar';
import { connectorFindings, locateFinding, toRange } from './features/locate';
import type { ConnectorCommand, Value } from './syntax/model';

/**
 * A literal argument value as plain data. Strings, numbers and Booleans are as PowerShell would pass them
 * (`100MB` is the number 104857600 with `text` '100MB' kept in `ArgumentSummary.text`); arrays and
 * hashtables (`@{Add=…}`) nest. `null` is `$null`.
 */
export type LiteralValue = string | number | boolean | null | LiteralValue[] | { [key: string]: LiteralValue };

export interface ArgumentSummary {
  /** Canonical parameter name from the catalogue, or the name as written when it is not a known parameter. */
  name: string;
  /** How it was given: `-Name value`, positionally, in a splatted hashtable, or bound from the pipeline. */
  source: 'named' | 'positional' | 'splat' | 'pipeline';
  /** False when any part of the value cannot be known statically (variables from elsewhere, sub-expressions). */
  isLiteral: boolean;
  /** The literal value, `'unknown'` when `isLiteral` is false, or `true` for a switch given without a value. */
  value: LiteralValue | 'unknown';
  /** The argument text as written (empty for a bare switch). */
  text: string;
  /** Range of the parameter name (or of the value, for positional and pipeline binding). */
  range: Range;
  /** Range of the value, when there is one. */
  valueRange?: Range;
}

export interface CommandSummary {
  /** Canonical cmdlet name, e.g. `New-ReceiveConnector`. */
  cmdlet: string;
  /** From the cmdlet name to the end of its last argument. */
  range: Range;
  parameters: ArgumentSummary[];
  /** True when a splat such as `@PSBoundParameters` hides parameters from the static view. */
  opaqueSplat: boolean;
  /** The upstream cmdlet when the command receives pipeline input (`Get-ReceiveConnector X | Add-ADPermission …`). */
  pipelineFrom?: string;
}

export interface ConnectorScriptAnalysis {
  /** Every finding, located (not capped: `check` caps and says so itself). */
  findings: Finding[];
  /** The findings as the editor publishes them: capped at maxDiagnostics, as LSP diagnostics. */
  diagnostics: Diagnostic[];
  commands: CommandSummary[];
}

const UNKNOWN = Symbol('unknown');

function literal(v: Value): LiteralValue | typeof UNKNOWN {
  switch (v.kind) {
    case 'string':
      return v.value;
    case 'number':
      return v.value;
    case 'bool':
      return v.value;
    case 'null':
      return null;
    case 'array': {
      const items = v.items.map(literal);
      return items.includes(UNKNOWN) ? UNKNOWN : (items as LiteralValue[]);
    }
    case 'hashtable': {
      const out: Record<string, LiteralValue> = {};
      for (const e of v.entries) {
        const x = literal(e.value);
        if (x === UNKNOWN) return UNKNOWN;
        out[e.key] = x;
      }
      return out;
    }
    default:
      return UNKNOWN;
  }
}

export function summarizeCommand(doc: TextDocument, cmd: ConnectorCommand): CommandSummary {
  const text = doc.getText();
  return {
    cmdlet: cmd.entry.name,
    range: toRange(doc, cmd.span),
    opaqueSplat: cmd.opaqueSplat,
    pipelineFrom: cmd.pipelineFrom?.entry.name,
    parameters: cmd.parameters.map((p) => {
      const lit = p.value ? literal(p.value) : true;
      const span = p.nameSpan ?? p.value?.span ?? cmd.nameSpan;
      return {
        name: p.spec?.name ?? p.written,
        source: p.source,
        isLiteral: lit !== UNKNOWN,
        value: lit === UNKNOWN ? 'unknown' : lit,
        text: p.value && p.source !== 'pipeline' ? text.slice(p.value.span.start, p.value.span.end) : '',
        range: toRange(doc, span),
        valueRange: p.value && p.source !== 'pipeline' ? toRange(doc, p.value.span) : undefined,
      };
    }),
  };
}

/**
 * Parses `text` with the PowerShell grammar (loading it on first use) and returns the connector
 * diagnostics and the command model. Ordinary PowerShell yields no diagnostics and no commands.
 */
export async function analyzeConnectorScript(text: string, settings: Settings): Promise<ConnectorScriptAnalysis> {
  const grammar = await loadGrammar();
  const document = new ConnectorDocument(grammar, text);
  try {
    const doc = TextDocument.create('untitled:script.ps1', 'powershell', 1, text);
    const model = document.model();
    const { findings } = analyze(model, settings.connectors.targetRole);
    return {
      findings: findings.map((f) => locateFinding(doc, f)),
      diagnostics: toLspDiagnostics(connectorFindings(doc, findings, settings.maxDiagnostics), doc.uri, CONNECTOR_DIAGNOSTICS.source),
      commands: model.commands.map((c) => summarizeCommand(doc, c)),
    };
  } finally {
    document.dispose();
  }
}

export { connectorService } from './service';
