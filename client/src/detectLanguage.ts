// Switches documents to our languages when their content (not their name) identifies them: metabase exports
// saved under any name and opened as XML. (Logs are recognised by the manifest's firstLine and file patterns.)
import * as vscode from 'vscode';
import { METABASE_LANGUAGE_ID } from '../../server/src/protocol';

const METABASE_NAMESPACE = /<configuration\b[^>]*urn:microsoft-catalog:XML_Metabase_V64_0/i;
const SNIFF_LENGTH = 4096;

function head(doc: vscode.TextDocument): string {
  const end = doc.positionAt(SNIFF_LENGTH);
  return doc.getText(new vscode.Range(new vscode.Position(0, 0), end));
}

async function detect(doc: vscode.TextDocument): Promise<void> {
  if (doc.languageId === 'xml' && METABASE_NAMESPACE.test(head(doc))) {
    await vscode.languages.setTextDocumentLanguage(doc, METABASE_LANGUAGE_ID);
  }
}

export function registerLanguageDetection(context: vscode.ExtensionContext): void {
  context.subscriptions.push(vscode.workspace.onDidOpenTextDocument((doc) => void detect(doc)));
  for (const doc of vscode.workspace.textDocuments) void detect(doc);
}
