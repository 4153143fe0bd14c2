// Client → server notifications about workspace trust (see server/src/common/readPolicy.ts).

/** `{ trusted: true }`: the user granted workspace trust while the server runs. */
export const WORKSPACE_TRUST_NOTIFICATION = 'iisSmtp/workspaceTrust';
/** `{ paths: string[] }`: files and folders the user chose in the client's own UI; readable even when untrusted. */
export const USER_PICKED_NOTIFICATION = 'iisSmtp/userPickedPaths';
