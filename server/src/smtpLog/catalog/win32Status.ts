// Values of the sc-win32-status column. Nearly always 0; on the session-end record (QUIT, status 240) IIS
// reuses the column for the session length in milliseconds.

export interface Win32StatusInfo {
  readonly code: number;
  /** Symbolic Windows/WinSock name, when there is one. */
  readonly name?: string;
  readonly summary: string;
  readonly detail: string;
}

export const WIN32_STATUSES = [
  { code: 0, name: 'ERROR_SUCCESS', summary: 'No error.', detail: 'The value on almost every record.' },
  { code: 2, name: 'ERROR_FILE_NOT_FOUND', summary: 'File not found.', detail: 'A file the service needed (queue, pickup or drop directory item) was missing.' },
  { code: 5, name: 'ERROR_ACCESS_DENIED', summary: 'Access denied.', detail: 'The service account lacked rights, typically on the mail root folders.' },
  { code: 8, name: 'ERROR_NOT_ENOUGH_MEMORY', summary: 'Not enough memory.', detail: 'The service could not allocate storage, for example for an incoming message on DATA.' },
  { code: 64, name: 'ERROR_NETNAME_DELETED', summary: 'Network name no longer available.', detail: 'The connection went away underneath the service.' },
  { code: 112, name: 'ERROR_DISK_FULL', summary: 'Disk full.', detail: 'The volume holding the queue or log folders ran out of space.' },
  { code: 121, name: 'ERROR_SEM_TIMEOUT', summary: 'Time-out period expired.', detail: 'A network operation waited too long.' },
  { code: 1236, name: 'ERROR_CONNECTION_ABORTED', summary: 'Connection aborted by the local system.', detail: 'This server closed the connection itself.' },
  { code: 10053, name: 'WSAECONNABORTED', summary: 'Connection aborted.', detail: 'The local network stack aborted the connection (time-out or protocol error).' },
  { code: 10054, name: 'WSAECONNRESET', summary: 'Connection reset by the peer.', detail: 'The other side closed the connection abruptly.' },
  { code: 10060, name: 'WSAETIMEDOUT', summary: 'Connection timed out.', detail: 'The other side did not answer in time.' },
  { code: 10061, name: 'WSAECONNREFUSED', summary: 'Connection refused.', detail: 'Nothing was listening on the remote port.' },
] as const satisfies readonly Win32StatusInfo[];

/** What the column means on the QUIT/240 session-end record. */
export const SESSION_LENGTH_NOTE =
  'On the session-end record (`QUIT` with status 240) this column is not an error code: it is how long the ' +
  'SMTP connection lasted, in milliseconds.';

const byCode = new Map<number, Win32StatusInfo>(WIN32_STATUSES.map((w) => [w.code, w]));

/** Formats a millisecond count for people: `850 ms`, `6.2 s`, `3 min 4 s`. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${ms} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const minutes = Math.floor(ms / 60_000);
  const seconds = Math.round((ms % 60_000) / 1000);
  return `${minutes} min ${seconds} s`;
}

/**
 * Meaning of an sc-win32-status value. Pass the record's sc-status: with 240 the value is a session length.
 * Unknown codes get a generic entry.
 */
export function win32StatusInfo(code: number, context: { status?: number } = {}): Win32StatusInfo {
  if (context.status === 240 && Number.isFinite(code) && code >= 0) {
    return { code, summary: `Session length: ${formatDuration(code)}.`, detail: SESSION_LENGTH_NOTE };
  }
  return (
    byCode.get(code) ?? {
      code,
      summary: `Windows error ${code}.`,
      detail:
        'A Windows or WinSock error number the service hit while handling the command. ' + SESSION_LENGTH_NOTE,
    }
  );
}
