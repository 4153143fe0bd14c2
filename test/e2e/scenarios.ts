// The user-level scenarios of the workbench test: the five of issue 6, then the walkthrough. Each asserts what a
// user sees, on the synthetic fixture workspace in test/e2e/workspace (its README describes the files).
import { Workbench } from './workbench';

export interface Scenario {
  name: string;
  /** Manifest command titles ("Category: Title") the scenario runs; checked first so a missing feature says so. */
  commands?: string[];
  run(wb: Workbench): Promise<void>;
}

const LOG = 'SMTPSVC1/ex261120.log';
const METABASE = 'MetaBase.xml';
const CONNECTOR = 'connectors/app-relay.ps1';

export const SCENARIOS: Scenario[] = [
  {
    name: 'smtp-log: language mode, problems, reply-code hover, session outline',
    async run(wb) {
      await wb.openFile(LOG);
      await wb.waitForLanguageMode('IIS SMTP Log');
      const relay = wb.positionOf(LOG, ' 550 ');
      const auth = wb.positionOf(LOG, 'AUTH - +LOGIN');
      // Relay denial (RCPT 550) and AUTH LOGIN without STARTTLS, each on its own line.
      await wb.waitForProblems([
        new RegExp(`SMTPLOG020[\\s\\S]*\\[Ln ${relay.line},`),
        new RegExp(`SMTPLOG021[\\s\\S]*\\[Ln ${auth.line},`),
      ]);
      const hover = await wb.hoverAt(relay.line, relay.column + 2, /550/);
      if (!/relay/i.test(hover)) throw new Error(`reply-code hover does not explain relay denial: ${hover.slice(0, 300)}`);
      await wb.openFile(LOG); // back to the editor before the outline
      await wb.waitForOutline([/10\.1\.20\.15\s+erp01/, /10\.1\.30\.7\s+scanner07/, /198\.51\.100\.23/]);
    },
  },
  {
    name: 'generate connectors from selected log lines',
    commands: ['IIS SMTP: Generate Connectors from Selection'],
    async run(wb) {
      await wb.openFile(LOG);
      await wb.waitForLanguageMode('IIS SMTP Log');
      // Select the ERP and scanner sessions (lines 5 to 17), not the refused outside host.
      const first = wb.positionOf(LOG, '10.1.20.15');
      const last = wb.positionOf(LOG, 'QUIT - scanner07');
      await wb.goTo(first.line, 1);
      for (let line = first.line; line < last.line; line++) await wb.page.keyboard.press('Shift+ArrowDown');
      await wb.page.keyboard.press('Shift+End');
      await wb.page.locator('[id="status.editor.selection"]').filter({ hasText: /selected/ }).waitFor({ timeout: 10_000 });
      await wb.runCommand('IIS SMTP: Generate Connectors from Selection');
      await wb.activeTab(/Untitled/).waitFor({ state: 'visible', timeout: 30_000 });
      await wb.waitForLanguageMode('PowerShell');
      await wb.waitForEditorText([/Exchange/]);
      // The script is longer than the screen: the Find widget counts matches in the whole document.
      const count = async (text: string) => wb.countInEditor(text);
      for (const text of ['New-ReceiveConnector', '-RemoteIPRanges', '10.1.20.15', '10.1.30.7']) {
        if ((await count(text)) === 0) throw new Error(`generated script has no "${text}"`);
      }
      if ((await count('198.51.100.23')) > 0) throw new Error('the refused outside host, not in the selection, reached the script');
    },
  },
  {
    name: 'metabase: relay-list warning and decoded ranges in the hover',
    async run(wb) {
      await wb.openFile(METABASE);
      await wb.waitForLanguageMode('IIS Metabase');
      const relay = wb.positionOf(METABASE, 'RelayIpList="');
      await wb.waitForProblems([new RegExp(`METABASE\\d{3}[\\s\\S]*\\[Ln ${relay.line},`)]);
      await wb.openFile(METABASE);
      await wb.activeEditor().locator('.squiggly-warning, .squiggly-error').first().waitFor({ state: 'visible', timeout: 30_000 });
      // The hover over the blob decodes it; try the value first, then the attribute name.
      const ranges = /10\.1\.20\.0[\s\S]*10\.1\.30\.7|10\.1\.30\.7[\s\S]*10\.1\.20\.0/;
      let hover: string;
      try {
        hover = await wb.hoverAt(relay.line, relay.column + 'RelayIpList="'.length + 4, ranges, 15_000);
      } catch {
        hover = await wb.hoverAt(relay.line, relay.column + 2, ranges, 15_000);
      }
      if (!/10\.0\.0\.0/.test(hover)) throw new Error(`hover lacks the 10.0.0.0/8 grant: ${hover.slice(0, 300)}`);
    },
  },
  {
    name: 'connector script: insecure-setting warning, -AuthMechanism completion and its values',
    async run(wb) {
      await wb.openFile(CONNECTOR);
      await wb.waitForLanguageMode('PowerShell');
      const connector = wb.positionOf(CONNECTOR, 'New-ReceiveConnector');
      const permission = wb.positionOf(CONNECTOR, 'Add-ADPermission');
      await wb.waitForProblems([new RegExp(`CONNECTOR\\d{3}[\\s\\S]*\\[Ln (${connector.line}|${permission.line}),`)]);
      await wb.openFile(CONNECTOR);
      await wb.activeEditor().locator('.squiggly-warning, .squiggly-error').first().waitFor({ state: 'visible', timeout: 30_000 });
      await wb.page.keyboard.press('Control+End');
      await wb.page.keyboard.press('Enter');
      await wb.page.keyboard.type('New-ReceiveConnector -Auth');
      await wb.suggest('-AuthMechanism');
      await wb.acceptSuggestion('-AuthMechanism');
      await wb.waitForEditorText([/New-ReceiveConnector\s+-AuthMechanism/]);
      await wb.page.keyboard.type(' ');
      const values = await wb.suggest('BasicAuthRequireTLS');
      for (const value of ['Tls', 'BasicAuth', 'BasicAuthRequireTLS']) {
        if (!values.some((label) => label.includes(value))) throw new Error(`-AuthMechanism values lack ${value}: ${values.join(', ')}`);
      }
      await wb.page.keyboard.press('Escape');
    },
  },
  {
    name: 'assessment report webview: application table, chart, and its connector script',
    commands: ['IIS SMTP: Show Assessment Report'],
    async run(wb) {
      await wb.openFile(LOG);
      await wb.runCommand('IIS SMTP: Show Assessment Report');
      const frame = wb.page.frameLocator('iframe.webview.ready').frameLocator('iframe#active-frame');
      const table = frame.locator('table').filter({ hasText: /10\.1\.20\.15/ }).first();
      await table.waitFor({ state: 'visible', timeout: 60_000 }).catch(() => {
        throw new Error('assessment report shows no application table listing 10.1.20.15');
      });
      await frame.locator('svg, canvas').first().waitFor({ state: 'visible', timeout: 30_000 }).catch(() => {
        throw new Error('assessment report shows no chart (svg or canvas)');
      });
      // The progress notification closes when the assessment is complete; the screenshot is taken after that.
      await wb.page.locator('.notification-toast', { hasText: /Assessing/ }).waitFor({ state: 'hidden', timeout: 60_000 });
      await wb.capture('report');
      // Close the log so the report and its script share the screen, then the report's own button opens the
      // connector script beside it.
      await wb.runCommand('View: Focus First Editor Group');
      await wb.runCommand('View: Close Editor Group');
      await wb.page.locator('.editor-group-container').nth(1).waitFor({ state: 'detached', timeout: 30_000 });
      await frame.locator('button', { hasText: 'Generate connector script' }).click();
      await wb.waitForLanguageMode('PowerShell');
      await wb.waitForEditorText([/Exchange/]);
      await wb.capture('with-script');
      if ((await wb.countInEditor('New-ReceiveConnector')) === 0) throw new Error('the script opened from the report has no New-ReceiveConnector');
    },
  },
  {
    name: 'walkthrough: the example log is one click away and opens as an IIS SMTP log',
    async run(wb) {
      await wb.openWalkthrough('Retire the IIS SMTP relay');
      // Step media markdown renders in a webview; its link runs the command that opens the example.
      const media = wb.page.frameLocator('iframe.webview.ready').frameLocator('iframe#active-frame');
      const link = media.locator('a', { hasText: 'Open an example log' });
      await link.waitFor({ state: 'visible', timeout: 30_000 });
      await wb.capture('walkthrough');
      await link.click();
      await wb.waitForLanguageMode('IIS SMTP Log');
      await wb.waitForProblems([/SMTPLOG020/]);
    },
  },
];
