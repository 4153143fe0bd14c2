// The server's view of the `iisSmtp.*` settings. The manifest (package.json) declares the same keys;
// test/unit/settings.test.ts keeps the two in step.

export type TargetRole = 'EdgeTransport' | 'Mailbox' | 'ExchangeOnline';
export type TraceLevel = 'off' | 'messages' | 'verbose';

export interface Settings {
  /** Domains the organisation accepts mail for; empty means "infer from sender domains". */
  acceptedDomains: string[];
  /** Most diagnostics published for one document (one extra diagnostic reports the cap). */
  maxDiagnostics: number;
  /** Most outline symbols for one document. */
  maxOutlineSymbols: number;
  connectors: {
    /** Which availability rules apply to connector cmdlets and parameters. */
    targetRole: TargetRole;
  };
  assessment: {
    /** Round RemoteIPRanges out to the smallest covering CIDR blocks instead of listing only what was seen. */
    cidrRounding: boolean;
  };
  trace: {
    /** Read by the client only; kept here so the manifest and this type agree. */
    server: TraceLevel;
  };
}

export const SETTINGS_SECTION = 'iisSmtp';

export const DEFAULT_SETTINGS: Readonly<Settings> = Object.freeze<Settings>({
  acceptedDomains: [],
  maxDiagnostics: 1000,
  maxOutlineSymbols: 5000,
  connectors: { targetRole: 'EdgeTransport' },
  assessment: { cidrRounding: false },
  trace: { server: 'off' },
});

const TARGET_ROLES: readonly TargetRole[] = ['EdgeTransport', 'Mailbox', 'ExchangeOnline'];
const TRACE_LEVELS: readonly TraceLevel[] = ['off', 'messages', 'verbose'];

/**
 * Upper bounds of the numeric settings. A workspace's settings are not the user's choice (an untrusted
 * repository can carry `.vscode/settings.json`), so no value may make the server do unbounded work.
 */
export const SETTING_LIMITS = {
  maxDiagnostics: 10_000,
  maxOutlineSymbols: 50_000,
  acceptedDomains: 1_000,
  /** Longest DNS name. */
  domainLength: 253,
} as const;

/** A whole number in [1, max]; below 1 or not a number falls back, above `max` is clamped. */
function positiveInt(value: unknown, fallback: number, max: number): number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 1 ? Math.min(max, Math.floor(value)) : fallback;
}

function oneOf<T extends string>(value: unknown, allowed: readonly T[], fallback: T): T {
  return typeof value === 'string' && (allowed as readonly string[]).includes(value) ? (value as T) : fallback;
}

function record(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/** Accepts whatever a client sends (nested objects, partial, wrong types) and returns complete settings. */
export function normalizeSettings(raw: unknown): Settings {
  const r = record(raw);
  const domains = Array.isArray(r.acceptedDomains)
    ? r.acceptedDomains
        .slice(0, SETTING_LIMITS.acceptedDomains)
        .filter((d): d is string => typeof d === 'string')
        .map((d) => d.trim().toLowerCase())
        .filter((d) => d.length > 0 && d.length <= SETTING_LIMITS.domainLength)
    : [];
  return {
    acceptedDomains: domains,
    maxDiagnostics: positiveInt(r.maxDiagnostics, DEFAULT_SETTINGS.maxDiagnostics, SETTING_LIMITS.maxDiagnostics),
    maxOutlineSymbols: positiveInt(r.maxOutlineSymbols, DEFAULT_SETTINGS.maxOutlineSymbols, SETTING_LIMITS.maxOutlineSymbols),
    connectors: { targetRole: oneOf(record(r.connectors).targetRole, TARGET_ROLES, DEFAULT_SETTINGS.connectors.targetRole) },
    assessment: { cidrRounding: record(r.assessment).cidrRounding === true },
    trace: { server: oneOf(record(r.trace).server, TRACE_LEVELS, DEFAULT_SETTINGS.trace.server) },
  };
}

/** `{ a: { b: 1 } }` → `{ 'iisSmtp.a.b': 1 }`, the shape the manifest uses. */
export function flattenSettings(settings: Readonly<Settings>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const walk = (prefix: string, value: unknown): void => {
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      for (const [k, v] of Object.entries(value)) walk(`${prefix}.${k}`, v);
    } else {
      out[prefix] = value;
    }
  };
  walk(SETTINGS_SECTION, settings);
  return out;
}
