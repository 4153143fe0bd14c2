// The cut-over status's wire shape, shared by the CLI, the server and the client (types only, like the rest of
// protocol/: no imports from outside it). The command itself is typed in commands.ts.
import type { Count } from './assessment';

/** Arguments of the server command `iisSmtp.cutoverStatus`: IIS and Edge log files or folders. */
export interface CutoverCommandArgs {
  paths: string[];
}

export interface CutoverCommandResult {
  /** Absent when the paths did not hold both IIS logs and Edge receive protocol logs (`message` says why). */
  report?: CutoverReport;
  markdown: string;
  message?: string;
}

/** Exactly these five values; `cutoverStatus()` (status.ts) documents when each applies. */
export type CutoverStatus = 'moved' | 'failing' | 'still-on-iis' | 'new-on-edge' | 'not-seen';

export const CUTOVER_STATUSES: readonly CutoverStatus[] = ['failing', 'still-on-iis', 'not-seen', 'new-on-edge', 'moved'];

/** What the Edge's receive logs show for one client address. */
export interface EdgeSourceFacts {
  address: string;
  /** ISO timestamps (UTC), '' when unknown. */
  firstSeen: string;
  lastSeen: string;
  sessions: number;
  /** Messages the Edge accepted (250 after DATA/BDAT). */
  messages: number;
  /** Sessions that ended without MAIL FROM. */
  unusedSessions: number;
  /** Refusals by reason (relay refused, AUTH failed…). */
  refusals: Count[];
  /** Refusing replies, e.g. `550 5.7.54`. */
  replyCodes: Count[];
  /** Receive connectors that took its sessions. */
  connectors: Count[];
  /** The connectors that took the refused sessions. */
  refusalConnectors: Count[];
  /** The connectors that took the sessions refused relay (placeholders `(none)`, `(other)` included). */
  relayRefusalConnectors: Count[];
  lastRefusal: string;
  lastAccepted: string;
  heloNames: string[];
}

/** What the IIS logs show for one client address (taken from the assessment's SourceProfile). */
export interface IisSourceFacts {
  address: string;
  category: string;
  firstSeen: string;
  lastSeen: string;
  messages: number;
  /** Days (yyyy-mm-dd) with accepted messages, ascending. */
  activeDays: string[];
  /** Applications only: the connector scenario its IIS traffic shows (see Scenario in protocol/assessment.ts). */
  scenario?: string;
}

export interface CutoverEntry {
  source: string;
  status: CutoverStatus;
  /** One sentence for people: why this status, and what to do. */
  reason: string;
  iis?: IisSourceFacts & {
    /** Median gap in days between active days; absent with fewer than two. */
    typicalIntervalDays?: number;
  };
  edge?: EdgeSourceFacts;
  /** `failing` on a relay refusal at a connector other than the migration connector: what to add, and where. */
  fix?: CutoverFix;
}

/** Where a connector script sets a receive connector's -RemoteIPRanges (from the connector-script parser). */
export interface ScriptRangesLine {
  /** The script's path as given (the CLI's argument, the editor's file path), or the generated plan's label. */
  file: string;
  /** 1-based line and column of the -RemoteIPRanges value. */
  line: number;
  column: number;
  /** The receive connector's name as the script writes it. */
  connector: string;
  /** The literal items of the list, when statically known. */
  ranges?: string[];
  /** The plan the product generated (`file` is its label, not a path on disk). */
  generated?: boolean;
}

export interface CutoverFix {
  /** The address to add, re-printed from its parsed form. */
  address: string;
  /** The connector that took the refused sessions, as logged (`SERVER\Name`). */
  landedOn: string;
  /** The migration connector's -RemoteIPRanges line; absent when no script is known or none can be told apart. */
  target?: ScriptRangesLine;
  /** The script's list on that line already covers the address (the Edge's connector was not set from it). */
  alreadyCovered?: boolean;
  /** Receive connectors with -RemoteIPRanges in the scripts when more than one could be the migration connector. */
  candidates?: ScriptRangesLine[];
  /** One sentence for people: what to add, where. */
  text: string;
}

/** One UTC day of the cut-over timeline. */
export interface VolumeDay {
  /** yyyy-mm-dd */
  day: string;
  /** Messages IIS accepted that day (every source in the IIS logs). */
  iis: number;
  /** Messages the Edge accepted that day (its receive logs). */
  edge: number;
}

export interface CutoverReport {
  /** The Edge went live: the first timestamp in its receive logs. */
  edgeLive: string;
  /** The last timestamp in the Edge receive logs. */
  edgeLast: string;
  iisFirst: string;
  iisLast: string;
  entries: CutoverEntry[];
  /** Counts per status, in CUTOVER_STATUSES order. */
  counts: Count[];
  /** Edge send logs: refusals by the next hop, by reason. */
  sendRefusals: Count[];
  /**
   * IIS and Edge messages per day, one entry for every calendar day from the first to the last day with mail on
   * either side (days without mail are 0), at most MAX_TIMELINE_DAYS of them (see cutover/timeline.ts).
   */
  volumePerDay: VolumeDay[];
  /** Connector scripts read for the `fix` lines (paths as given). */
  scripts: string[];
  /** How many log files of each kind were read. */
  files: { iis: number; edge: number };
  notes: string[];
}

export const MAX_TIMELINE_DAYS = 400;

/** Connector placeholders: no connector-id logged, and connectors past the 20 kept per source. Not connector names. */
export const NO_CONNECTOR = '(none)';
export const OTHER_CONNECTORS = '(other)';

/** A connector count's key as people read it: the placeholders say what they stand for, never pose as names. */
export function connectorLabel(key: string | undefined): string {
  if (key === undefined) return 'unknown';
  if (key === NO_CONNECTOR) return 'not logged (no connector-id)';
  if (key === OTHER_CONNECTORS) return 'one of several (beyond the 20 listed)';
  return `"${key}"`;
}
