// Every language the server serves, and the cross-language CodeLenses the host binds onto them (the assessment's
// on IIS logs, the cut-over status's on Edge logs), so no language folder imports assessment/ or cutover/.
// Adding a language is one line here.
import type { CodeLens } from 'vscode-languageserver-types';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { assessmentCodeLenses } from './assessment/codeLens';
import { connectorService } from './connectors/service';
import { exchangeLogCodeLenses } from './exchangeLog/codeLens';
import { exchangeLogService } from './exchangeLog/service';
import type { CommandLens, FeatureContext, LanguageService } from './languageService';
import { metabaseService } from './metabase/service';
import { smtpLogService } from './smtpLog/service';

function toCodeLens({ line, command }: CommandLens): CodeLens {
  return { range: { start: { line, character: 0 }, end: { line, character: 0 } }, command };
}

function withCodeLenses<M>(service: LanguageService<M>, lenses: (model: M, doc: TextDocument, ctx: FeatureContext) => CommandLens[]): LanguageService<M> {
  return { ...service, codeLenses: (model, doc, ctx) => lenses(model, doc, ctx).map(toCodeLens) };
}

export function createLanguageServices(): LanguageService[] {
  const smtpLog = withCodeLenses(smtpLogService(), (model, doc, { settings }) => {
    // On the first line that is not blank: the log's header.
    const header = model.entries.findIndex((e) => e.kind !== 'blank');
    return assessmentCodeLenses(model.sessions().sessions, settings, doc.uri, Math.max(0, header));
  });
  const exchangeLog = withCodeLenses(exchangeLogService(), (model, doc) => exchangeLogCodeLenses(model, doc.uri));
  return [smtpLog, metabaseService(), connectorService(), exchangeLog];
}
