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
  notes: string[];
}
