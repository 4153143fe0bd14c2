// The smart host of the IIS Delivery tab, from a MetaBase.xml given with the logs. Kept behind one function so
// the assessment does not depend on the metabase module's internals.
import { readFile, stat } from 'node:fs/promises';

const MAX_METABASE_BYTES = 64 * 1024 * 1024;

export interface MetabaseSmartHost {
  smartHost?: string;
  error?: string;
}

/**
 * Reads `SmartHost="…"` of the SMTP virtual server. Only the attribute value is taken; it is validated as a host
 * name or IP by the plan before it reaches a script.
 */
export async function readMetabaseSmartHost(path: string): Promise<MetabaseSmartHost> {
  try {
    const st = await stat(path);
    if (st.size > MAX_METABASE_BYTES) return { error: `Metabase ${path.split(/[\\/]/).pop()} is larger than 64 MB: not read.` };
    const text = await readFile(path, 'latin1');
    const m = /\bSmartHost\s*=\s*"([^"]{0,300})"/i.exec(text);
    return m && m[1]!.trim() !== '' ? { smartHost: m[1]!.trim() } : {};
  } catch {
    return { error: 'The metabase file could not be read.' };
  }
}
