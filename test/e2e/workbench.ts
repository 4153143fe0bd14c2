// What a user does in the VS Code workbench, as playwright-core steps. Every wait is on a UI condition with a
// deadline; nothing sleeps for a fixed time.
import type { FrameLocator, Locator, Page } from 'playwright-core';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { extensionsDirOf, languageServerPids } from './codeServer';

export const UI_TIMEOUT = 30_000;

/** Monaco renders spaces as U+00A0 in the view; tests compare plain text. */
export function plain(text: string): string {
  return text.replace(/\u00a0/g, ' ');
}

export class Workbench {
  /** Path prefix for intermediate screenshots of the running scenario (set by the runner). */
  screenshotPrefix?: string;

  constructor(
    readonly page: Page,
    readonly workspace: string,
  ) {}

  /** Puts the workbench back to a neutral state between scenarios: no key held, no widget or quick input open. */
  async reset(): Promise<void> {
    for (const key of ['Shift', 'Control', 'Alt', 'Meta']) await this.page.keyboard.up(key);
    await this.page.keyboard.press('Escape');
    await this.page.keyboard.press('Escape');
    await this.quickInput().waitFor({ state: 'hidden', timeout: UI_TIMEOUT });
    await this.closeAllEditors();
  }

  /** Closes every editor, answering "Don't Save" for documents a scenario changed or generated. */
  async closeAllEditors(): Promise<void> {
    const tabs = this.page.locator('.editor-group-container .tab');
    if ((await tabs.count()) === 0) return;
    await this.runCommand('View: Close All Editor Groups');
    const dontSave = this.page.locator('.monaco-dialog-box .monaco-button', { hasText: "Don't Save" });
    for (let answered = 0; answered < 10; answered++) {
      // Both waits settle (the loser by its timeout), so neither leaves a rejected promise behind.
      const next = await Promise.race([
        tabs.first().waitFor({ state: 'detached', timeout: UI_TIMEOUT }).then(() => 'closed' as const, () => 'timeout' as const),
        dontSave.waitFor({ state: 'visible', timeout: UI_TIMEOUT }).then(() => 'dialog' as const, () => 'timeout' as const),
      ]);
      if (next === 'closed') return;
      if (next === 'timeout') break;
      await dontSave.click();
    }
    throw new Error('editors did not close');
  }

  /** Saves a screenshot of the current state, e.g. while a hover is shown. */
  async capture(name: string): Promise<void> {
    if (this.screenshotPrefix) await this.page.screenshot({ path: `${this.screenshotPrefix}-${name}.png` });
  }

  async waitReady(timeout = 90_000): Promise<void> {
    await this.page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout });
    await this.page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ state: 'visible', timeout });
  }

  /** The quick input with the list of matches for what was typed. */
  private quickInput(): Locator {
    return this.page.locator('.quick-input-widget');
  }

  private async typeInQuickInput(text: string): Promise<void> {
    const input = this.quickInput().locator('input');
    await input.waitFor({ state: 'visible', timeout: UI_TIMEOUT });
    await input.fill(text);
  }

  /** Runs a command from the command palette by its full title (e.g. `IIS SMTP: Show Assessment Report`). */
  async runCommand(title: string): Promise<void> {
    await this.page.keyboard.press('F1');
    await this.typeInQuickInput(`>${title}`);
    const row = this.quickInput().locator('.monaco-list-row', { hasText: title }).first();
    try {
      await row.waitFor({ state: 'visible', timeout: 10_000 });
    } catch {
      await this.page.keyboard.press('Escape');
      throw new Error(`command palette has no entry "${title}"`);
    }
    await row.click();
    await this.quickInput().waitFor({ state: 'hidden', timeout: UI_TIMEOUT });
  }

  /** Opens a getting-started walkthrough by its title (Welcome: Open Walkthrough..., then the walkthrough). */
  async openWalkthrough(title: string): Promise<void> {
    await this.page.keyboard.press('F1');
    await this.typeInQuickInput('>Welcome: Open Walkthrough');
    await this.quickInput().locator('.monaco-list-row.focused', { hasText: 'Open Walkthrough' }).waitFor({ state: 'visible', timeout: UI_TIMEOUT });
    await this.page.keyboard.press('Enter');
    const row = this.quickInput().locator('.monaco-list-row', { hasText: title }).first();
    await row.waitFor({ state: 'visible', timeout: UI_TIMEOUT });
    await row.click();
    await this.page.locator('.gettingStartedContainer').waitFor({ state: 'visible', timeout: UI_TIMEOUT });
  }

  /** Opens a workspace file through Quick Open, as a user would, and waits for its tab. */
  async openFile(relativePath: string): Promise<void> {
    await this.quickOpen(relativePath);
    await this.activeEditor().locator('.view-lines').waitFor({ state: 'visible', timeout: UI_TIMEOUT });
  }

  /** Quick Open (Ctrl+P) of a workspace file, until its tab is the active one. */
  private async quickOpen(relativePath: string): Promise<void> {
    const name = relativePath.split('/').pop()!;
    await this.page.keyboard.press('Control+P');
    await this.typeInQuickInput(relativePath);
    // Wait until filtering has focused the file itself: before that, Enter would open a recently used file.
    await this.quickInput().locator('.monaco-list-row.focused', { hasText: name }).waitFor({ state: 'visible', timeout: UI_TIMEOUT });
    await this.page.keyboard.press('Enter');
    await this.activeTab(name).waitFor({ state: 'visible', timeout: UI_TIMEOUT });
  }

  /** Opens a file too large for the editor's defaults, answering "Open Anyway" when VS Code asks. */
  async openLargeFile(relativePath: string, timeout = 120_000): Promise<void> {
    await this.quickOpen(relativePath);
    const lines = this.activeEditor().locator('.view-lines');
    const openAnyway = this.page.locator('.editor-group-container.active').getByText('Open Anyway').first();
    const first = await Promise.race([
      lines.waitFor({ state: 'visible', timeout }).then(() => 'editor' as const),
      openAnyway.waitFor({ state: 'visible', timeout }).then(() => 'ask' as const, () => 'editor' as const),
    ]);
    if (first === 'ask') await openAnyway.click();
    await lines.waitFor({ state: 'visible', timeout });
  }

  activeTab(name: string | RegExp): Locator {
    return this.page.locator('.editor-group-container.active .tab.active', { hasText: name });
  }

  activeEditor(): Locator {
    return this.page.locator('.editor-group-container.active .monaco-editor').first();
  }

  async waitForLanguageMode(label: string, timeout = UI_TIMEOUT): Promise<void> {
    const mode = this.page.locator('[id="status.editor.mode"]');
    await mode.filter({ hasText: label }).waitFor({ state: 'visible', timeout }).catch(async () => {
      throw new Error(`language mode is "${await mode.innerText().catch(() => '?')}", expected "${label}"`);
    });
  }

  /** 1-based line and column of the `occurrence`-th match of `needle` in a workspace file. */
  positionOf(relativePath: string, needle: string, occurrence = 1): { line: number; column: number } {
    const text = readFileSync(join(this.workspace, relativePath), 'utf8');
    let at = -1;
    for (let i = 0; i < occurrence; i++) {
      at = text.indexOf(needle, at + 1);
      if (at < 0) throw new Error(`"${needle}" (occurrence ${occurrence}) not in ${relativePath}`);
    }
    const before = text.slice(0, at).split('\n');
    return { line: before.length, column: before[before.length - 1]!.length + 1 };
  }

  /** Moves the cursor with Go to Line/Column. */
  async goTo(line: number, column = 1): Promise<void> {
    // Focus without a click: a click near the top could land on a CodeLens and run it.
    await this.activeEditor().locator('textarea').first().focus();
    await this.page.keyboard.press('Control+G');
    await this.typeInQuickInput(`:${line}:${column}`);
    await this.page.keyboard.press('Enter');
    await this.quickInput().waitFor({ state: 'hidden', timeout: UI_TIMEOUT });
    const status = this.page.locator('[id="status.editor.selection"]');
    // The status bar counts tabs as several columns, so only the line is compared.
    await status.filter({ hasText: `Ln ${line},` }).waitFor({ state: 'visible', timeout: UI_TIMEOUT });
  }

  /** Selects whole lines `first` to `last` (1-based) with the keyboard, as a user would. */
  async selectLines(first: number, last: number): Promise<void> {
    await this.goTo(first, 1);
    for (let line = first; line < last; line++) await this.page.keyboard.press('Shift+ArrowDown');
    await this.page.keyboard.press('Shift+End');
    await this.page.locator('[id="status.editor.selection"]').filter({ hasText: /selected/ }).waitFor({ timeout: 10_000 });
  }

  /** Waits for a CodeLens (in any visible editor) whose text matches; returns its text. */
  async codeLenses(expected: RegExp, timeout = UI_TIMEOUT): Promise<string> {
    const all = this.page.locator('.monaco-editor .codelens-decoration');
    const lens = all.filter({ hasText: expected }).first();
    await lens.waitFor({ state: 'visible', timeout }).catch(async () => {
      throw new Error(`no CodeLens matching ${expected}; shown: ${JSON.stringify(await all.allInnerTexts().catch(() => []))}`);
    });
    return plain(await lens.innerText());
  }

  /** Waits until exactly one language server of this run is running, other than `not`; returns its pid. */
  async languageServerPid(not?: number, timeout = UI_TIMEOUT): Promise<number> {
    let pids: number[] = [];
    for (const deadline = Date.now() + timeout; Date.now() < deadline; ) {
      pids = languageServerPids(extensionsDirOf(this.workspace)).filter((pid) => pid !== not);
      if (pids.length === 1) return pids[0]!;
      await new Promise((r) => setTimeout(r, 200)); // polling interval of a condition with a deadline
    }
    throw new Error(`expected one language server process${not ? ` other than ${not}` : ''}, found ${JSON.stringify(pids)}`);
  }

  /** Kills this run's language server with SIGKILL, as a crash would end it; returns the pid it had. */
  async killLanguageServer(): Promise<number> {
    const pid = await this.languageServerPid();
    process.kill(pid, 'SIGKILL');
    return pid;
  }

  /** The frame of the visible webview (the report), inside VS Code's two iframes. */
  webview(): FrameLocator {
    return this.page.locator('iframe.webview.ready:visible').last().contentFrame().frameLocator('iframe#active-frame');
  }

  /** Waits for a notification toast whose text matches; returns its text. */
  async notification(text: RegExp, timeout = UI_TIMEOUT): Promise<string> {
    const toast = this.page.locator('.notification-toast', { hasText: text }).first();
    const shown = await toast.waitFor({ state: 'visible', timeout }).then(
      () => true,
      () => false,
    );
    if (shown) return plain(await toast.innerText());
    // VS Code sometimes files a notification in the notification centre without a toast (seen after a progress
    // notification ends): the user still finds it under the bell, so look there before failing.
    await this.runCommand('Notifications: Show Notifications');
    const item = this.page.locator('.notifications-center .notification-list-item', { hasText: text }).first();
    const listed = await item.waitFor({ state: 'visible', timeout: 5_000 }).then(
      () => true,
      () => false,
    );
    const text_ = listed ? plain(await item.innerText()) : '';
    const centre = listed ? [] : await this.page.locator('.notifications-center .notification-list-item').allInnerTexts().catch(() => []);
    await this.runCommand('Notifications: Hide Notifications');
    if (!listed) throw new Error(`no notification matching ${text}, neither as a toast nor in the notification centre; centre: ${JSON.stringify(centre)}`);
    return text_;
  }

  /** Closes every notification toast. */
  async clearNotifications(): Promise<void> {
    await this.runCommand('Notifications: Clear All Notifications');
  }

  /** Opens a workspace file from the Explorer: expands its folders, then double-clicks it. */
  async openFromExplorer(relativePath: string): Promise<void> {
    const parts = relativePath.split('/');
    const row = (name: string) => this.page.locator('.explorer-folders-view .monaco-list-row', { has: this.page.locator('.label-name', { hasText: new RegExp(`^${escapeRegExp(name)}$`) }) }).first();
    for (const folder of parts.slice(0, -1)) {
      const r = row(folder);
      await r.waitFor({ state: 'visible', timeout: UI_TIMEOUT });
      if ((await r.getAttribute('aria-expanded')) !== 'true') await r.click();
    }
    const name = parts[parts.length - 1]!;
    await row(name).dblclick();
    await this.activeTab(name).waitFor({ state: 'visible', timeout: UI_TIMEOUT });
  }

  /** Right-clicks an Explorer row and chooses a context-menu entry. */
  async explorerContextMenu(rowName: string, entry: string): Promise<void> {
    await this.runCommand('File: Focus on Files Explorer');
    const row = this.page.locator('.explorer-folders-view .monaco-list-row', { has: this.page.locator('.label-name', { hasText: new RegExp(`^${escapeRegExp(rowName)}$`) }) }).first();
    await row.waitFor({ state: 'visible', timeout: UI_TIMEOUT });
    await row.click({ button: 'right' });
    const item = this.page.locator('.monaco-menu .action-item', { hasText: entry }).first();
    await item.waitFor({ state: 'visible', timeout: UI_TIMEOUT }).catch(async () => {
      const shown = await this.page.locator('.monaco-menu .action-item').allInnerTexts().catch(() => []);
      await this.page.keyboard.press('Escape');
      throw new Error(`Explorer context menu of ${rowName} has no "${entry}"; entries: ${JSON.stringify(shown).slice(0, 600)}`);
    });
    await item.hover();
    await item.click();
    // A click that arrives while the menu is still settling only highlights the entry: Enter then runs it.
    const menu = this.page.locator('.monaco-menu');
    if (!(await menu.waitFor({ state: 'hidden', timeout: 2_000 }).then(() => true, () => false))) await this.page.keyboard.press('Enter');
    await menu.waitFor({ state: 'hidden', timeout: UI_TIMEOUT });
  }

  /** Switches the colour theme through Preferences: Color Theme. */
  async setColorTheme(name: string): Promise<void> {
    // The theme list replaces the command palette in the same quick input, so it never closes in between.
    await this.page.keyboard.press('F1');
    await this.typeInQuickInput('>Preferences: Color Theme');
    await this.quickInput().locator('.monaco-list-row', { hasText: 'Preferences: Color Theme' }).first().click();
    const row = this.quickInput().locator('.monaco-list-row', { has: this.page.locator('.label-name', { hasText: new RegExp(`^${escapeRegExp(name)}$`) }) }).first();
    await row.waitFor({ state: 'visible', timeout: UI_TIMEOUT });
    await row.click();
    await this.quickInput().waitFor({ state: 'hidden', timeout: UI_TIMEOUT });
  }

  /** Reloads the window (Developer: Reload Window) and waits for the workbench. */
  async reload(): Promise<void> {
    const loaded = this.page.waitForEvent('load', { timeout: 90_000 });
    await this.page.keyboard.press('F1');
    await this.typeInQuickInput('>Developer: Reload Window');
    await this.quickInput().locator('.monaco-list-row.focused', { hasText: 'Reload Window' }).waitFor({ state: 'visible', timeout: UI_TIMEOUT });
    await this.page.keyboard.press('Enter');
    await loaded;
    await this.waitReady();
  }

  /** Shows the hover at a position (keyboard: Show or Focus Hover) and returns its text once `expected` is in it. */
  async hoverAt(line: number, column: number, expected: RegExp, timeout = UI_TIMEOUT): Promise<string> {
    await this.goTo(line, column);
    await this.runCommand('Show or Focus Hover');
    const hover = this.page.locator('.monaco-hover:visible').filter({ hasText: expected }).first();
    try {
      await hover.waitFor({ state: 'visible', timeout });
    } catch {
      const shown = await this.page.locator('.monaco-hover:visible').allInnerTexts().catch(() => []);
      throw new Error(`no hover matching ${expected} at ${line}:${column}; hover shown: ${JSON.stringify(shown).slice(0, 400)}`);
    }
    const text = plain(await hover.innerText());
    await this.capture('hover');
    await this.page.keyboard.press('Escape');
    return text;
  }

  /** Opens the Problems panel and waits until a row matches each pattern; returns all row texts. */
  async waitForProblems(patterns: RegExp[], timeout = UI_TIMEOUT): Promise<string[]> {
    await this.runCommand('View: Focus Problems (Errors, Warnings, Infos)');
    return waitForRows(this.page.locator('.markers-panel .monaco-list-row'), patterns, 'Problems panel', timeout);
  }

  /** Opens the Outline view and waits until a row matches each pattern; returns all row texts. */
  async waitForOutline(patterns: RegExp[], timeout = UI_TIMEOUT): Promise<string[]> {
    await this.runCommand('Explorer: Focus on Outline View');
    return waitForRows(this.page.locator('.outline-pane .monaco-list-row'), patterns, 'Outline', timeout);
  }

  /** Triggers suggestions at the cursor and waits for a row with `label`; returns all visible labels. */
  async suggest(label: string | RegExp, timeout = UI_TIMEOUT): Promise<string[]> {
    await this.runCommand('Trigger Suggest');
    const widget = this.page.locator('.editor-widget.suggest-widget');
    const rows = widget.locator('.monaco-list-row');
    try {
      await rows.filter({ hasText: label }).first().waitFor({ state: 'visible', timeout });
    } catch {
      const seen = await rows.allInnerTexts().catch(() => []);
      throw new Error(`suggestions have no ${label}; shown: ${JSON.stringify(seen.map(plain)).slice(0, 600)}`);
    }
    await this.capture(`suggest-${String(label).replace(/[^\w]+/g, '')}`);
    return (await widget.locator('.monaco-list-row .label-name').allInnerTexts()).map(plain);
  }

  /** Accepts the suggestion whose label is exactly `label`. */
  async acceptSuggestion(label: string): Promise<void> {
    const widget = this.page.locator('.editor-widget.suggest-widget');
    // A click on a suggestion accepts it.
    await widget.locator('.monaco-list-row').filter({ has: this.page.locator('.label-name', { hasText: new RegExp(`^${escapeRegExp(label)}$`) }) }).first().click();
    await widget.waitFor({ state: 'hidden', timeout: UI_TIMEOUT });
  }

  /** The activation time VS Code itself shows in Developer: Show Running Extensions. */
  async shownActivationMs(extensionName: string): Promise<number> {
    await this.runCommand('Developer: Show Running Extensions');
    const time = this.page
      .locator('.runtime-extensions-editor .monaco-list-row', { hasText: extensionName })
      .locator('.activation-time', { hasText: /Activation: \d+\s*ms/ });
    await time.waitFor({ state: 'visible', timeout: UI_TIMEOUT });
    return Number(/Activation: (\d+)/.exec(await time.innerText())![1]);
  }

  /** Number of matches of `text` in the active editor, as the Find widget reports it (0 for "No results"). */
  async countInEditor(text: string): Promise<number> {
    await this.page.keyboard.press('Control+F');
    const widget = this.page.locator('.editor-group-container.active .find-widget.visible');
    const input = widget.locator('.find-part textarea, .find-part input').first();
    await input.waitFor({ state: 'visible', timeout: UI_TIMEOUT });
    await input.fill(text);
    const count = widget.locator('.matchesCount');
    // In a narrow editor the widget hides the count, so it is read from the DOM rather than the screen.
    await count.filter({ hasText: /No results|of \d+/ }).waitFor({ state: 'attached', timeout: UI_TIMEOUT });
    const shown = (await count.textContent()) ?? '';
    await widget.locator('[aria-label^="Close"]').click();
    await widget.waitFor({ state: 'hidden', timeout: UI_TIMEOUT });
    return /of (\d+)/.exec(shown) ? Number(/of (\d+)/.exec(shown)![1]) : 0;
  }

  /** Text of the active editor's rendered lines (enough for the small documents the tests use). */
  async activeEditorText(): Promise<string> {
    return plain(await this.activeEditor().locator('.view-lines').innerText());
  }

  /** Waits until the active editor shows text matching every pattern. */
  async waitForEditorText(patterns: RegExp[], timeout = UI_TIMEOUT): Promise<string> {
    const lines = this.activeEditor().locator('.view-lines');
    for (const pattern of patterns) {
      try {
        await lines.filter({ hasText: pattern }).waitFor({ state: 'visible', timeout });
      } catch {
        throw new Error(`active editor does not show ${pattern}; text: ${JSON.stringify((await this.activeEditorText()).slice(0, 600))}`);
      }
    }
    return this.activeEditorText();
  }
}

/** Waits until some row matches each pattern; the error lists the rows that were there. */
async function waitForRows(rows: Locator, patterns: RegExp[], what: string, timeout: number): Promise<string[]> {
  for (const pattern of patterns) {
    try {
      await rows.filter({ hasText: pattern }).first().waitFor({ state: 'visible', timeout });
    } catch {
      const seen = await rows.allInnerTexts().catch(() => []);
      throw new Error(`${what} has no row matching ${pattern}; rows: ${JSON.stringify(seen.map(plain)).slice(0, 600)}`);
    }
  }
  return (await rows.allInnerTexts()).map(plain);
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
