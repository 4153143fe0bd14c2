// The command model the connector features work on. Offsets are UTF-16 offsets into the document text
// (the same units as TextDocument.offsetAt); `Span.end` is exclusive.
import type { ParameterSpec, CmdletEntry } from '../catalogue/catalog';

export interface Span {
  start: number;
  end: number;
}

/** A statically known or unknown argument value. Anything the server cannot know is `unknown`, never guessed. */
export type Value =
  | { kind: 'string'; value: string; quoted: boolean; span: Span; via?: string }
  | { kind: 'number'; value: number; text: string; span: Span; via?: string }
  | { kind: 'bool'; value: boolean; span: Span; via?: string }
  | { kind: 'null'; span: Span; via?: string }
  | { kind: 'array'; items: Value[]; span: Span; via?: string }
  | { kind: 'hashtable'; entries: HashEntry[]; span: Span; via?: string; partial?: boolean }
  | { kind: 'variable'; name: string; span: Span }
  | { kind: 'unknown'; text: string; span: Span; via?: string };

/** `partial`: some entries could not be read (e.g. one is being typed); the known ones are kept. */
export interface HashEntry {
  key: string;
  keySpan: Span;
  value: Value;
}

/** Where a parameter's value came from. */
export type ParameterSource = 'named' | 'positional' | 'splat' | 'pipeline';

export interface ParameterUse {
  /** Name as written (for splats: the hashtable key; for positional/pipeline: the bound parameter's name). */
  written: string;
  /** The catalogue parameter, when the name resolves to exactly one. */
  spec?: ParameterSpec;
  /** For a misspelt name (no `spec`): the closest catalogue parameter, which the rules read it as. */
  assumed?: ParameterSpec;
  source: ParameterSource;
  /** Span of `-Name` (or of the hashtable key), undefined for positional and pipeline binding. */
  nameSpan?: Span;
  /** Undefined for a switch given without a value. */
  value?: Value;
  /** `-Name:value` form. */
  colon: boolean;
}

export interface ConnectorCommand {
  /** Catalogue entry for the cmdlet. */
  entry: CmdletEntry;
  /** Name as written. */
  written: string;
  nameSpan: Span;
  /** From the command name to the end of its last argument. */
  span: Span;
  parameters: ParameterUse[];
  /** Positional arguments that could not be bound to any parameter. */
  extraPositional: Value[];
  /** `@PSBoundParameters` or a splat whose contents are not statically known: parameters may be missing from the model. */
  opaqueSplat: boolean;
  /** The upstream command when this one receives pipeline input (`Get-ReceiveConnector X | Add-ADPermission ...`). */
  pipelineFrom?: ConnectorCommand;
  /** True when the upstream stage is not a modelled cmdlet (pipeline input of unknown origin). */
  pipelineUnknown: boolean;
  /** Spans of pasted console prompts (`>>`) inside the command. */
  prompts: Span[];
}

/** A command whose name looks like a connector cmdlet but is not one. */
export interface UnknownCmdletUse {
  written: string;
  nameSpan: Span;
}
