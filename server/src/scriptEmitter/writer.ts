// Collects the lines of a generated script: comments, catalogue-checked commands (one line each, or one
// parameter a line with backtick continuations), and review notes that are rendered at a chosen place.
import type { PlanWarning } from '../protocol/assessment';
import { commandLine, paramTexts, type Command } from './command';
import { commentText } from './text';

export type Layout = 'line' | 'continued';

/** A review note: what the script does on purpose that a reviewer (or the connector language, as EXRnnn) will flag. */
export type ReviewNote = PlanWarning;

/** Authored comment text must stay on one printable ASCII line; values read from input go through commentText first. */
function oneLine(text: string): string {
  return text.replace(/[^\x20-\x7E]/g, '?');
}

export class ScriptWriter {
  private readonly lines: string[] = [];
  private notesAt = -1;
  readonly notes: ReviewNote[] = [];

  constructor(private readonly layout: Layout = 'continued') {}

  /** `# text` per argument; an empty string gives a bare `#`. */
  comment(...texts: string[]): void {
    for (const t of texts) this.lines.push(t === '' ? '#' : `# ${oneLine(t)}`);
  }

  blank(): void {
    this.lines.push('');
  }

  /** An authored statement that is not a catalogue cmdlet (variables, Get-Credential, throw); built with psQuote by the caller. */
  statement(line: string): void {
    this.lines.push(oneLine(line));
  }

  command(c: Command): void {
    const params = paramTexts(c);
    if (this.layout === 'line' || params.length === 0) {
      this.lines.push([c.cmdlet, ...params].join(' '));
      return;
    }
    this.lines.push(`${c.cmdlet} \``);
    params.forEach((p, i) => this.lines.push(`    ${p}${i < params.length - 1 ? ' `' : ''}`));
  }

  /** `A | B` on one line (e.g. Get-ReceiveConnector | Add-ADPermission). */
  pipeline(...commands: Command[]): void {
    this.lines.push(commands.map(commandLine).join(' | '));
  }

  /** A checked command left for the admin to run, as a comment (`# ` + the command, or `#   ` when indented). */
  commented(c: Command, indent = ''): void {
    this.lines.push(`#${indent ? indent : ' '}${commandLine(c)}`);
  }

  note(n: ReviewNote): void {
    if (!this.notes.some((x) => x.code === n.code && x.message === n.message)) this.notes.push(n);
  }

  /** Review notes are rendered here (the header), whenever they are added. */
  reviewNotesHere(): void {
    this.notesAt = this.lines.length;
  }

  render(eol = '\n'): string {
    const lines = [...this.lines];
    if (this.notesAt >= 0 && this.notes.length > 0) {
      lines.splice(this.notesAt, 0, '#', '# Review notes:', ...this.notes.map((w) => `#   [${w.code}${w.exr ? ` ${w.exr}` : ''}] ${commentText(w.message, 400)}`));
    }
    while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
    return lines.join(eol) + eol;
  }
}
