// Public entry points of the metabase language for the CLI and other modules.
import type { Diagnostic } from 'vscode-languageserver-types';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { METABASE_LANGUAGE_ID } from '../protocol';
import { DEFAULT_SETTINGS, type Settings } from '../settings';
import { parseMetabase } from './model';

export { parseMetabase };
import { metabaseDiagnostics } from './service';
import { summarizeAll, type VirtualServerSummary } from './virtualServer';

export type { VirtualServerSummary };

/** Diagnostics for a metabase text (used by `iis-smtp check` for .xml files). */
export function checkMetabaseText(text: string, settings: Partial<Settings> = {}): Diagnostic[] {
  const doc = TextDocument.create('file:///metabase.xml', METABASE_LANGUAGE_ID, 1, text);
  const max = settings.maxDiagnostics ?? DEFAULT_SETTINGS.maxDiagnostics;
  return metabaseDiagnostics(parseMetabase(text), doc, max);
}

/** Every SMTP virtual server of a metabase text, decoded on effective values (for the assessment engine). */
export function summarizeMetabaseText(text: string): VirtualServerSummary[] {
  return summarizeAll(parseMetabase(text));
}

/** Decodes file bytes as the metabase writer emits them (UTF-8, optional BOM); invalid bytes become U+FFFD and are reported. */
export function decodeMetabaseBytes(bytes: Uint8Array): string {
  const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
