// Which files the server may read for a client's command. A trusted workspace (or a client that knows no
// trust, such as a plain LSP client) may read any path it names; an untrusted one only what lies inside its
// workspace folders or what the user picked in a dialog, compared by real path so links cannot lead out.
import { realpath } from 'node:fs/promises';
import { isAbsolute, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

export { USER_PICKED_NOTIFICATION, WORKSPACE_TRUST_NOTIFICATION } from '../protocol/trust';

export const OUTSIDE_WORKSPACE = 'outside the workspace folders: not read in an untrusted workspace';

/** `file:` URI or path → path (anything else → undefined). */
export function uriToPath(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}

async function real(path: string): Promise<string | undefined> {
  try {
    return await realpath(path);
  } catch {
    return undefined;
  }
}

function inside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel));
}

export class ReadPolicy {
  trusted = true;
  private folders: string[] = [];
  private readonly picked = new Set<string>();
  /** Real paths of picked files still being resolved (a request right after the notification waits for them). */
  private pending: Promise<unknown> = Promise.resolve();

  setFolders(paths: readonly string[]): void {
    this.folders = [...paths];
  }

  addFolder(path: string): void {
    if (!this.folders.includes(path)) this.folders.push(path);
  }

  removeFolder(path: string): void {
    this.folders = this.folders.filter((f) => f !== path);
  }

  /** Paths the user chose in the client's file dialog (and what is under them). */
  addPicked(paths: readonly string[]): Promise<unknown> {
    const resolving = Promise.all(paths.map(async (p) => {
      const r = await real(p);
      if (r) this.picked.add(r);
    }));
    this.pending = Promise.all([this.pending, resolving]);
    return this.pending;
  }

  /** Why `path` may not be read, or undefined when it may. */
  async refusal(path: string): Promise<string | undefined> {
    if (this.trusted) return undefined;
    await this.pending;
    const r = await real(path);
    if (r === undefined) return OUTSIDE_WORKSPACE;
    for (const p of this.picked) if (inside(p, r)) return undefined;
    for (const f of this.folders) {
      const root = await real(f);
      if (root && inside(root, r)) return undefined;
    }
    return OUTSIDE_WORKSPACE;
  }
}
