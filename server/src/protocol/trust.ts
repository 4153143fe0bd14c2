// Client → server notifications about workspace trust (see server/src/common/readPolicy.ts).

/** The user granted workspace trust while the server runs. */
export const WORKSPACE_TRUST_NOTIFICATION = 'iisSmtp/workspaceTrust';
export interface WorkspaceTrustParams {
  trusted: true;
}

/** Files and folders the user chose in the client's own UI; readable even when untrusted. */
export const USER_PICKED_NOTIFICATION = 'iisSmtp/userPickedPaths';
export interface UserPickedParams {
  paths: string[];
}

/** What each notification carries. */
export interface ClientNotificationMap {
  [WORKSPACE_TRUST_NOTIFICATION]: WorkspaceTrustParams;
  [USER_PICKED_NOTIFICATION]: UserPickedParams;
}
