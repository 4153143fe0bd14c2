// The user-level scenarios of the workbench test: the five of issue 6, the walkthrough, then those of issue 14
// (report scope, empty input, chart legend in both themes, entry points, logs over 50 MB, walkthrough progress), then
// the migration paths, the Exchange Online Basic SMTP AUTH notice and the predicted Exchange Online rejections of
// issues 10 and 11, then the server's crash recovery of issue 15. Each asserts what a user sees, on the synthetic
// fixture workspace in test/e2e/workspace (its README describes the files).
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeLargeLog } from './largeLog';
import type { FrameLocator } from 'playwright-core';
import { plain, UI_TIMEOUT, Workbench } from './workbench';

export interface Scenario {
  name: string;
  /** Manifest command titles ("Category: Title") the scenario runs; checked first so a missing feature says so. */
  commands?: string[];
  run(wb: Workbench): Promise<void>;
}

const LOG = 'SMTPSVC1/ex261120.log';
const METABASE = 'MetaBase.xml';
const CONNECTOR = 'connectors/app-relay.ps1';
const EXO_LOG = 'SMTPSVC3/ex261102.log';
const EXO_RELAY_LOG = 'SMTPSVC4/ex261110.log';

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
      // The read-only script is named after its scope: the file and the selected lines.
      await wb.activeTab(`connectors-ex261120-lines-${first.line}-${last.line}-2026-11-20.ps1`).waitFor({ state: 'visible', timeout: 30_000 });
      await wb.waitForLanguageMode('PowerShell');
      await wb.waitForEditorText([/Exchange/]);
      // The script is longer than the screen: the Find widget counts matches in the whole document.
      const count = async (text: string) => wb.countInEditor(text);
      for (const text of ['New-ReceiveConnector', '-RemoteIPRanges', '10.1.20.15', '10.1.30.7']) {
        if ((await count(text)) === 0) throw new Error(`generated script has no "${text}"`);
      }
      if ((await count('198.51.100.23')) > 0) throw new Error('the refused outside host, not in the selection, reached the script');
      // Save As from the editor title suggests the tab's name in the workspace folder, then offers to open it.
      const name = `connectors-ex261120-lines-${first.line}-${last.line}-2026-11-20.ps1`;
      await wb.page.locator('.editor-group-container.active [aria-label*="Save Generated Document As"]').first().click();
      await wb.page.locator('.quick-input-widget input').filter({ hasNot: wb.page.locator('[disabled]') }).first().waitFor({ state: 'visible', timeout: UI_TIMEOUT });
      // The simple file dialog fills in the folder first, then the name.
      const input = wb.page.locator('.quick-input-widget input').first();
      let suggested = '';
      for (const deadline = Date.now() + UI_TIMEOUT; Date.now() < deadline && !suggested.endsWith(`/${name}`); ) {
        suggested = await input.inputValue();
        if (!suggested.endsWith(`/${name}`)) await new Promise((r) => setTimeout(r, 200)); // polling interval of a condition with a deadline
      }
      if (suggested !== join(wb.workspace, name)) throw new Error(`Save As suggests "${suggested}", expected ${join(wb.workspace, name)}`);
      await wb.page.keyboard.press('Enter');
      await wb.notification(new RegExp(`Saved .*${name.replace(/\./g, '\\.')}`));
      if (!existsSync(join(wb.workspace, name))) throw new Error(`${name} was not written to the workspace folder`);
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
  {
    name: 'report scope: the CodeLens and its report count the whole file; the selection report names its lines',
    commands: ['IIS SMTP: Show Assessment Report', 'IIS SMTP: Show Assessment Report for Selection'],
    async run(wb) {
      await wb.openFile(LOG);
      await wb.waitForLanguageMode('IIS SMTP Log');
      await wb.codeLenses(/2 applications · 2 messages/);
      // The selection is an explicit choice, and its report says which lines it covers.
      const erp = wb.positionOf(LOG, '10.1.20.15');
      const erpQuit = wb.positionOf(LOG, 'QUIT - erp01');
      await wb.selectLines(erp.line, erpQuit.line);
      await wb.runCommand('IIS SMTP: Show Assessment Report for Selection');
      const scoped = `ex261120.log (lines ${erp.line}-${erpQuit.line})`;
      await wb.page.locator('.tab', { hasText: `IIS SMTP Assessment: ${scoped}` }).waitFor({ state: 'visible', timeout: 60_000 });
      const part = wb.webview();
      await part.locator('h1', { hasText: `IIS SMTP relay assessment: ${scoped}` }).waitFor({ state: 'visible', timeout: UI_TIMEOUT });
      await part.locator('.scope', { hasText: `Scope: ${scoped} · Period: 2026-11-20` }).waitFor({ state: 'visible', timeout: UI_TIMEOUT });
      await banner(part, 'Applications', '1');
      await wb.capture('selection');
      // With those lines still selected, the CodeLens reports, and its report shows, the whole file.
      await wb.codeLenses(/2 applications · 2 messages/);
      await wb.page.locator('.codelens-decoration a', { hasText: 'Show report' }).first().click();
      await wb.page.locator('.tab', { hasText: /^IIS SMTP Assessment: ex261120\.log$/ }).waitFor({ state: 'visible', timeout: 60_000 });
      const whole = wb.webview();
      await whole.locator('h1', { hasText: /^IIS SMTP relay assessment: ex261120\.log$/ }).waitFor({ state: 'visible', timeout: UI_TIMEOUT });
      await banner(whole, 'Applications', '2');
    },
  },
  {
    name: 'nothing to assess: header lines or an empty folder give a reason and no script',
    commands: ['IIS SMTP: Generate Connectors from Selection', 'IIS SMTP: Assess Folder with IIS SMTP'],
    async run(wb) {
      mkdirSync(join(wb.workspace, 'empty-folder'), { recursive: true });
      await wb.openFile(LOG);
      await wb.waitForLanguageMode('IIS SMTP Log');
      await wb.selectLines(1, 4);
      await wb.runCommand('IIS SMTP: Generate Connectors from Selection');
      await wb.notification(/Nothing to assess: ex261120\.log \(lines 1-4\) holds no log records/);
      await wb.capture('header-lines');
      await wb.clearNotifications();
      await wb.explorerContextMenu('empty-folder', 'Assess Folder with IIS SMTP');
      await wb.notification(/Nothing to assess: empty-folder holds no log files/);
      if ((await wb.page.locator('.tab', { hasText: /connectors-|IIS SMTP Assessment/ }).count()) > 0) throw new Error('a script or report was opened for empty input');
      // The same Explorer entry on a folder of logs opens the report for the logs in it.
      await wb.explorerContextMenu('SMTPSVC1', 'Assess Folder with IIS SMTP');
      await wb.page.locator('.tab', { hasText: 'IIS SMTP Assessment: SMTPSVC1/ex261120.log' }).waitFor({ state: 'visible', timeout: 60_000 });
      await wb.webview().locator('.scope', { hasText: 'Scope: SMTPSVC1/ex261120.log' }).waitFor({ state: 'visible', timeout: UI_TIMEOUT });
    },
  },
  {
    name: 'report chart: legend colours match the bars in light and dark themes; the table fits half the window',
    async run(wb) {
      await wb.openFile(LOG);
      await wb.waitForLanguageMode('IIS SMTP Log');
      // Entry point: the editor-title button of an SMTP log.
      await wb.page.locator('.editor-group-container.active [aria-label*="Show Assessment Report"]').first().click();
      const frame = wb.webview();
      await frame.locator('.legend .swatch').first().waitFor({ state: 'visible', timeout: 60_000 });
      await wb.page.locator('.notification-toast', { hasText: /Assessing/ }).waitFor({ state: 'hidden', timeout: 60_000 });
      let previous = '';
      for (const theme of ['Light Modern', 'Dark Modern']) {
        await wb.setColorTheme(theme);
        previous = await legendMatchesBars(frame, previous);
        const fits = await frame.locator('html').evaluate((html) => html.scrollWidth <= html.clientWidth + 1);
        if (!fits) throw new Error(`the report scrolls sideways at half width in ${theme}`);
        await frame.locator('.legend').scrollIntoViewIfNeeded();
        await wb.capture(theme.toLowerCase().replace(/\s+/g, '-'));
      }
      // Copy buttons put the script or the tables on the clipboard and say so.
      await frame.locator('button[data-action="copy"][data-format="script"]').click();
      await wb.page.locator('.statusbar-item', { hasText: 'Copied the connector script to the clipboard' }).waitFor({ state: 'visible', timeout: UI_TIMEOUT });
    },
  },
  {
    name: 'log over 50 MB: the user is told what works, selection generation asks, the status bar opens the report',
    async run(wb) {
      const records = writeLargeLog(join(wb.workspace, 'SMTPSVC2', 'ex261121.log'));
      await wb.openLargeFile('SMTPSVC2/ex261121.log');
      await wb.notification(/ex261121\.log is \d+ MB: VS Code does not pass files over 50 MB to extensions[\s\S]*report and connector generation still work/, 60_000);
      await wb.capture('notice');
      await wb.clearNotifications();
      await wb.selectLines(10, 30);
      await wb.runCommand('IIS SMTP: Generate Connectors from Selection');
      const dialog = wb.page.locator('.monaco-dialog-box', { hasText: /too large for VS Code to pass to extensions/ });
      await dialog.waitFor({ state: 'visible', timeout: UI_TIMEOUT });
      await wb.capture('selection-question');
      await dialog.locator('.monaco-button', { hasText: 'Assess Whole File' }).click();
      // While the server reads the file from disk, the status-bar item asks for the report too.
      const status = wb.page.locator('.statusbar-item', { hasText: /Assessing/ }).first();
      await status.waitFor({ state: 'visible', timeout: UI_TIMEOUT });
      await status.click();
      await wb.page.locator('.tab', { hasText: 'connectors-ex261121-2026-11-21.ps1' }).waitFor({ state: 'visible', timeout: 180_000 });
      await wb.page.locator('.tab', { hasText: 'IIS SMTP Assessment: ex261121.log' }).waitFor({ state: 'visible', timeout: 60_000 });
      // The script and the report share one output column beside the log.
      const groups = await wb.page.locator('.editor-group-container').count();
      if (groups !== 2) throw new Error(`the log, its script and its report use ${groups} editor groups, expected 2`);
      const frame = wb.webview();
      await frame.locator('.scope', { hasText: 'Scope: ex261121.log' }).waitFor({ state: 'visible', timeout: UI_TIMEOUT });
      await banner(frame, 'Messages', records.messages.toLocaleString('en-US'));
      // Long tables show the top rows; sort and filter survive switching tabs.
      const more = frame.locator('button.more[data-table="apps"]');
      await more.waitFor({ state: 'visible', timeout: UI_TIMEOUT });
      if ((await frame.locator('#apps tbody tr:visible').count()) !== 25) throw new Error('the applications table does not start with the top 25 rows');
      await frame.locator('#apps th button', { hasText: 'Recipients' }).click();
      await frame.locator('#filter').fill('10.1.2.');
      await wb.capture('report');
      await wb.page.locator('.tab', { hasText: 'connectors-ex261121-2026-11-21.ps1' }).click();
      await wb.page.locator('.tab', { hasText: 'IIS SMTP Assessment: ex261121.log' }).click();
      const back = wb.webview();
      await back.locator('#apps th[aria-sort="descending"]', { hasText: 'Recipients' }).waitFor({ state: 'attached', timeout: UI_TIMEOUT });
      if ((await back.locator('#filter').inputValue()) !== '10.1.2.') throw new Error('the filter was lost when switching tabs');
    },
  },
  {
    name: 'walkthrough: opening a log and a metabase completes their steps',
    async run(wb) {
      // VS Code registers walkthrough events when its walkthrough service starts, and ignores a condition that
      // is already true then: start from a fresh window, the walkthrough open, as a new user following it does.
      await wb.reload();
      await wb.openWalkthrough('Retire the IIS SMTP relay');
      // Opened from the Explorer, as the step says.
      await wb.openFromExplorer(LOG);
      await wb.waitForLanguageMode('IIS SMTP Log');
      await wb.openFromExplorer(METABASE);
      await wb.waitForLanguageMode('IIS Metabase');
      // The walkthrough opened as a preview tab, which the files replaced: open it again.
      await wb.openWalkthrough('Retire the IIS SMTP relay');
      for (const step of ['Open your SMTP logs', 'Review the warnings']) {
        await wb.page.locator('.getting-started-step', { hasText: step, has: wb.page.locator('.codicon.complete') }).waitFor({ state: 'attached', timeout: UI_TIMEOUT }).catch(() => {
          throw new Error(`walkthrough step "${step}" is not complete`);
        });
      }
      await wb.capture('steps');
    },
  },
  {
    name: 'settings and restart: settings titled without "Iis Smtp", the restart says it is done',
    commands: ['IIS SMTP: Restart Language Server'],
    async run(wb) {
      await wb.openFile(LOG);
      await wb.waitForLanguageMode('IIS SMTP Log');
      // The server is up when the log's problems are listed. (Not its CodeLens: right after the window reload of
      // the walkthrough scenario, VS Code has been seen not to show this restored editor's lenses at all, while
      // problems and outline were there; the crash-recovery scenario checks the lenses on a fresh open.)
      await wb.waitForProblems([/SMTPLOG020/], 60_000);
      await wb.runCommand('IIS SMTP: Restart Language Server');
      await wb.notification(/The IIS SMTP language server restarted/, 60_000);
      await wb.waitForProblems([/SMTPLOG020/], 60_000);
      await wb.clearNotifications();
      // The extension's page of the Settings editor (table of contents: Extensions, then the extension).
      await wb.runCommand('Preferences: Open Settings (UI)');
      const toc = (label: RegExp) => wb.page.locator('.settings-editor .monaco-list-row', { has: wb.page.locator('.settings-toc-entry', { hasText: label }) }).first();
      await toc(/^Extensions$/).click();
      if ((await toc(/^Extensions$/).getAttribute('aria-expanded')) !== 'true') await toc(/^Extensions$/).locator('.monaco-tl-twistie').click();
      await toc(/^IIS SMTP Migration Assistant$/).click();
      const setting = (label: string) => wb.page.locator('.settings-editor .setting-item-contents', { has: wb.page.locator('.setting-item-label', { hasText: new RegExp(`^${label}$`) }) }).first();
      for (const [label, category] of [['Accepted Domains', ''], ['Max Diagnostics', '']] as const) {
        const item = setting(label);
        await item.waitFor({ state: 'visible', timeout: UI_TIMEOUT }).catch(async () => {
          throw new Error(`the extension's settings page shows no "${label}"; titles: ${JSON.stringify((await wb.page.locator('.settings-editor .setting-item-title').allInnerTexts()).map(plain))}`);
        });
        const shown = plain((await item.locator('.setting-item-category').textContent()) ?? '').trim();
        if (shown.replace(/:$/, '') !== category) throw new Error(`setting "${label}" is titled "${shown} ${label}"`);
      }
      await wb.capture('settings');
    },
  },
  {
    name: 'report migration paths: verdicts, the Exchange Online Basic SMTP AUTH notice and inbound mail, matching the CodeLens',
    commands: ['IIS SMTP: Show Assessment Report'],
    async run(wb) {
      await wb.openFile(EXO_LOG);
      await wb.waitForLanguageMode('IIS SMTP Log');
      const lens = await wb.codeLenses(/applications? · [\d,]+ messages?/);
      const [, apps, messages] = /([\d,]+) applications? · ([\d,]+) messages?/.exec(lens) ?? [];
      if (apps !== '2' || messages !== '6') throw new Error(`CodeLens "${lens}", expected 2 applications · 6 messages`);
      await wb.page.locator('.codelens-decoration a', { hasText: 'Show report' }).first().click();
      await wb.page.locator('.tab', { hasText: /^IIS SMTP Assessment: ex261102\.log$/ }).waitFor({ state: 'visible', timeout: 60_000 });
      const frame = wb.webview();
      await banner(frame, 'Applications', apps);
      await banner(frame, 'Messages', messages);
      await banner(frame, 'Inbound mail sources', '1');
      await wb.page.locator('.notification-toast', { hasText: /Assessing/ }).waitFor({ state: 'hidden', timeout: 60_000 });
      // The dependency on Basic SMTP AUTH, with the server's evidence and date, above the tables.
      const notice = frame.locator('.notice.exo-basic-auth');
      await notice.filter({ hasText: /3 AUTH LOGIN\/PLAIN command\(s\) to am0pr01ca0001\.outlook\.office365\.com on port 587[\s\S]*end of December 2026/ }).waitFor({ state: 'visible', timeout: UI_TIMEOUT }).catch(async () => {
        throw new Error(`no Basic SMTP AUTH notice with its evidence and date: ${JSON.stringify(await notice.allInnerTexts().catch(() => []))}`);
      });
      // Each application's migration path: the verdict, the alternatives the evidence allows, and why.
      for (const [address, path] of [
        ['10.1.20.15', /Relay through the Edge\s+High Volume Email, Direct Send to Exchange Online\s+sends only to accepted domains/],
        ['10.1.30.40', /Relay through the Edge\s+OAuth SMTP AUTH\s+sends to 1 external domain/],
      ] as const) {
        const text = plain((await frame.locator('#migration tbody tr', { hasText: address }).innerText({ timeout: UI_TIMEOUT })) ?? '');
        if (!path.test(text)) throw new Error(`migration path of ${address} reads "${text}", expected ${path}`);
      }
      // The predicted Exchange Online rejection of the ERP: only on its Direct Send alternative, with its code.
      const erpRow = plain((await frame.locator('#migration tbody tr', { hasText: '10.1.20.15' }).innerText({ timeout: UI_TIMEOUT })) ?? '');
      if (!/550 5\.7\.68 if moved to Direct Send/.test(erpRow)) throw new Error(`no predicted 5.7.68 for 10.1.20.15: "${erpRow}"`);
      const rejections = frame.locator('.notice.exo-rejections');
      await rejections.filter({ hasText: /0 applications on the plan's route, 1 more only if moved to Direct Send[\s\S]*4\.7\.230\/5\.7\.230[\s\S]*is not predicted/ }).waitFor({ state: 'visible', timeout: UI_TIMEOUT }).catch(async () => {
        throw new Error(`no predicted-rejections summary: ${JSON.stringify(await rejections.allInnerTexts().catch(() => []))}`);
      });
      // The partner's MX is inbound mail, not a public (abuse) source.
      await frame.locator('#inbound tbody tr', { hasText: '198.51.100.80' }).waitFor({ state: 'visible', timeout: UI_TIMEOUT });
      if ((await frame.locator('#public tbody tr', { hasText: '198.51.100.80' }).count()) > 0) throw new Error('the inbound MX is listed under public sources');
      for (const theme of ['Light Modern', 'Dark Modern']) {
        await wb.setColorTheme(theme);
        const fits = await frame.locator('html').evaluate((html) => html.scrollWidth <= html.clientWidth + 1);
        if (!fits) throw new Error(`the report with the migration-path column scrolls sideways in ${theme}`);
        const slug = theme.toLowerCase().replace(/\s+/g, '-');
        await notice.scrollIntoViewIfNeeded();
        await wb.capture(`${slug}-notice`);
        await frame.locator('#migration').scrollIntoViewIfNeeded();
        await wb.capture(`${slug}-paths`);
      }
    },
  },
  {
    name: 'report predicted Exchange Online rejections: 5.7.64 for a vendor sender domain relayed through Exchange Online, with its evidence',
    commands: ['IIS SMTP: Show Assessment Report'],
    async run(wb) {
      await wb.openFile(EXO_RELAY_LOG);
      await wb.waitForLanguageMode('IIS SMTP Log');
      await wb.codeLenses(/2 applications · 6 messages/);
      await wb.page.locator('.codelens-decoration a', { hasText: 'Show report' }).first().click();
      await wb.page.locator('.tab', { hasText: /^IIS SMTP Assessment: ex261110\.log$/ }).waitFor({ state: 'visible', timeout: 60_000 });
      const frame = wb.webview();
      await banner(frame, 'Applications', '2');
      await wb.page.locator('.notification-toast', { hasText: /Assessing/ }).waitFor({ state: 'hidden', timeout: 60_000 });
      // The summary line above the tables, as a danger notice: one application breaks on the plan's own route.
      const notice = frame.locator('.notice.exo-rejections.danger');
      await notice.filter({ hasText: /1 application on the plan's route, 1 more only if moved to Direct Send\. By code: 5\.7\.64 \(1\), 5\.7\.68 \(1\)/ }).waitFor({ state: 'visible', timeout: UI_TIMEOUT }).catch(async () => {
        throw new Error(`no predicted-rejections summary: ${JSON.stringify(await notice.allInnerTexts().catch(() => []))}`);
      });
      // The scanner's row names the code; below the table, expanding its prediction shows the evidence (sender
      // domain, recipient domain, count) and what to do.
      const row = plain((await frame.locator('#migration tbody tr', { hasText: '10.1.40.20' }).innerText({ timeout: UI_TIMEOUT })) ?? '');
      if (!/550 5\.7\.64/.test(row)) throw new Error(`no predicted 5.7.64 in the migration row of 10.1.40.20: "${row}"`);
      const detail = frame.locator('#rejections details.reject-plan', { hasText: '10.1.40.20' });
      await detail.locator('summary').click({ timeout: UI_TIMEOUT });
      const text = plain(await detail.innerText({ timeout: UI_TIMEOUT }));
      for (const expected of [/sends as tailspin\.net to fabrikam\.example \(2\)/, /not among the accepted domains inferred from the logs \(contoso\.com; a guess/, /What to do: /]) {
        if (!expected.test(text)) throw new Error(`the 5.7.64 detail of 10.1.40.20 reads "${text}", expected ${expected}`);
      }
      const fits = await frame.locator('html').evaluate((html) => html.scrollWidth <= html.clientWidth + 1);
      if (!fits) throw new Error('the migration table with the rejections column scrolls sideways');
      await notice.scrollIntoViewIfNeeded();
      await wb.capture('notice');
      await detail.scrollIntoViewIfNeeded();
      await wb.capture('rejection-detail');
    },
  },
  {
    name: 'server killed: the client restarts it, says so, and the language features come back (issue 15)',
    async run(wb) {
      await wb.openFile(LOG);
      await wb.waitForLanguageMode('IIS SMTP Log');
      await wb.codeLenses(/2 applications · 2 messages/);
      // A crash, as the operating system would end it: SIGKILL to the server process from outside.
      const killed = await wb.killLanguageServer();
      await wb.notification(/The IIS SMTP language server stopped unexpectedly and was restarted \(1 of \d+\)/, 60_000);
      await wb.capture('restart-notice');
      await wb.languageServerPid(killed, 60_000);
      // The new server has the open log: its problems, its CodeLens, and the diagnostics of an edit made now.
      await wb.waitForProblems([/SMTPLOG020/], 60_000);
      await wb.openFile(LOG);
      await wb.codeLenses(/2 applications · 2 messages/, 60_000);
      const text = readFileSync(join(wb.workspace, LOG), 'utf8');
      const lastLine = text.split('\n').length; // the empty line after the final line break
      await wb.page.keyboard.press('Control+End');
      await wb.page.keyboard.type('2026-11-20 99:99:99 10.1.20.15 erp01 SMTPSVC1 RELAY01 10.1.1.25 0 EHLO - +erp01 250 0 220 11 0 SMTP - - -');
      await wb.waitForProblems([new RegExp(`SMTPLOG002[\\s\\S]*\\[Ln ${lastLine},`)], 60_000);
      await wb.capture('edit-diagnosed');
    },
  },
  {
    name: 'cut-over view: counts per status match the table, a failing source names its script line, one timeline slot per day',
    commands: ['IIS SMTP: Show Cut-over Status'],
    async run(wb) {
      await wb.openFile(EDGE_LOG);
      await wb.waitForLanguageMode('Exchange SMTP Protocol Log');
      await wb.runCommand('IIS SMTP: Show Cut-over Status');
      // The Edge's protocol logs, then the IIS logs: each a folder of the workspace picked in a list.
      await pickFolder(wb, /Exchange Edge SMTP protocol logs/, 'cutover/edge/ProtocolLog/SmtpReceive');
      await pickFolder(wb, /IIS SMTP logs/, 'cutover/iis');
      await wb.page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: UI_TIMEOUT });
      await wb.page.locator('.tab', { hasText: /IIS SMTP Cut-over: IIS cutover\/iis; Edge cutover\/edge/ }).waitFor({ state: 'visible', timeout: 60_000 });
      const frame = wb.webview();
      await frame.locator('#cutover tbody tr').first().waitFor({ state: 'visible', timeout: 60_000 });
      // The fixture (cutover/README.md) has one source of each status; the banner counts the table's rows.
      for (const status of ['failing', 'still-on-iis', 'not-seen', 'new-on-edge', 'moved']) {
        const shown = (await frame.locator(`.banner div[data-status="${status}"] strong`).innerText()).trim();
        const rows = await frame.locator(`#cutover tbody tr[data-status="${status}"]`).count();
        if (shown !== String(rows) || rows !== 1) throw new Error(`banner shows ${shown} ${status}, the table has ${rows} (expected 1)`);
      }
      const failing = frame.locator('#cutover tbody tr[data-status="failing"]');
      const text = plain(await failing.innerText());
      if (!/192\.168\.10\.40/.test(text) || !/Add 192\.168\.10\.40 to the RemoteIPRanges of 'Cutover relay' at .*edge-relay\.ps1:4/.test(text)) throw new Error(`the failing entry does not name the script line: ${text}`);
      // The timeline has one slot per calendar day of the fixture: 16 to 21 November, 6 days.
      const days = await frame.locator('.chart g.day').count();
      if (days !== 6) throw new Error(`the timeline has ${days} days, expected 6`);
      const bars = await frame.locator('.chart rect.s0, .chart rect.s1').count();
      if (bars === 0) throw new Error('the timeline draws no bars');
      await wb.page.locator('.notification-toast', { hasText: /Reading IIS and Edge logs/ }).waitFor({ state: 'hidden', timeout: 60_000 });
      // The two series' legend colours match their bars, and follow the theme.
      let previous = '';
      for (const theme of ['Light Modern', 'Dark Modern']) {
        await wb.setColorTheme(theme);
        previous = await legendMatchesBars(frame, previous);
        await frame.locator('.chart').scrollIntoViewIfNeeded();
        await wb.capture(theme.toLowerCase().replace(/\s+/g, '-'));
      }
      await failing.scrollIntoViewIfNeeded();
      await wb.capture('failing-entry');
      // The script line is a link: the extension opens the script at that line, on the ranges' value.
      await failing.locator('button.script-line', { hasText: 'edge-relay.ps1:4' }).click();
      await wb.page.locator('.tab.active', { hasText: 'edge-relay.ps1' }).waitFor({ state: 'visible', timeout: UI_TIMEOUT });
      await wb.page.locator('.statusbar-item', { hasText: /Ln 4, Col 19\b/ }).waitFor({ state: 'visible', timeout: UI_TIMEOUT });
      await wb.capture('script-line');
    },
  },
];

/** The cut-over scenario's Edge receive log (cutover/README.md describes the folder). */
const EDGE_LOG = 'cutover/edge/ProtocolLog/SmtpReceive/RECV2026111907-1.LOG';

/** Picks one folder in the cut-over command's list of log folders (a multi-select quick pick titled `title`), then OK. */
async function pickFolder(wb: Workbench, title: RegExp, folder: string): Promise<void> {
  await wb.page.locator('.quick-input-widget .quick-input-title', { hasText: title }).waitFor({ state: 'visible', timeout: UI_TIMEOUT });
  const input = wb.page.locator('.quick-input-widget input[type="text"], .quick-input-widget input:not([type])').first();
  await input.waitFor({ state: 'visible', timeout: UI_TIMEOUT });
  await input.fill(folder);
  const row = wb.page.locator('.quick-input-widget .monaco-list-row', { hasText: new RegExp(`^\\s*${folder.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}(?!/)`) }).first();
  await row.waitFor({ state: 'visible', timeout: UI_TIMEOUT }).catch(async () => {
    throw new Error(`the folder list has no ${folder}: ${JSON.stringify(await wb.page.locator('.quick-input-widget .monaco-list-row').allInnerTexts())}`);
  });
  await row.click();
  await wb.page.locator('.quick-input-widget .monaco-list-row[aria-checked="true"]', { hasText: folder }).waitFor({ state: 'visible', timeout: UI_TIMEOUT });
  await input.press('Enter');
  await wb.page.locator('.quick-input-widget .quick-input-title', { hasText: title }).waitFor({ state: 'hidden', timeout: UI_TIMEOUT });
}

/** The figure under a banner heading of the report. */
async function banner(frame: FrameLocator, heading: string, expected: string): Promise<void> {
  const figure = frame.locator('.banner > div', { has: frame.locator('span', { hasText: new RegExp(`^${heading}$`) }) }).locator('strong');
  await figure.filter({ hasText: new RegExp(`^${expected.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) }).waitFor({ state: 'visible', timeout: UI_TIMEOUT }).catch(async () => {
    throw new Error(`report banner "${heading}" shows ${JSON.stringify(await figure.allInnerTexts().catch(() => []))}, expected ${expected}`);
  });
}

/**
 * Waits until the legend's computed swatch colours equal the computed fills of their bars, are not transparent,
 * and differ from `previous` (the other theme's); returns them.
 */
async function legendMatchesBars(frame: FrameLocator, previous: string): Promise<string> {
  const deadline = Date.now() + UI_TIMEOUT;
  let seen = '';
  while (Date.now() < deadline) {
    // Runs in the webview: the test has no DOM types, so the page's globals are reached through globalThis.
    const pairs = (await frame.locator('body').evaluate(`[...document.querySelectorAll('.legend .swatch')].map((swatch) => {
        const cls = [...swatch.classList].find((c) => c !== 'swatch');
        const bar = document.querySelector('.chart rect.' + cls);
        return { swatch: getComputedStyle(swatch).backgroundColor, bar: bar ? getComputedStyle(bar).fill : 'none' };
      })`)) as { swatch: string; bar: string }[];
    seen = JSON.stringify(pairs);
    const ok = pairs.length > 0 && pairs.every((p) => p.swatch === p.bar && !/rgba\(0, 0, 0, 0\)|transparent/.test(p.swatch));
    if (ok && seen !== previous) return seen;
    await new Promise((r) => setTimeout(r, 200)); // polling interval of a condition with a deadline
  }
  throw new Error(`legend swatches do not match their bars (or did not follow the theme): ${seen}`);
}
