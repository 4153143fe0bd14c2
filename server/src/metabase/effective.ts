// Effective values through inheritance (reference metabase.md §1.3): own key → parent keys (only
// for INHERIT properties) → the service's runtime default → the schema default.
import { propertyByName, type PropertyDef } from './catalog/properties';
import { modelCache, rawValue, textValue, type MetabaseKey, type MetabaseModel, type PropertyOccurrence } from './model';

export type Origin =
  /** Set on the key itself. */
  | 'own'
  /** Inherited from an ancestor key (see `from`). */
  | 'inherited'
  /** Absent everywhere: what smtpsvc assumes at run time (may differ from the schema default). */
  | 'runtime-default'
  /** Absent everywhere: the schema default. */
  | 'schema-default'
  /** Absent and no default known. */
  | 'absent';

export interface EffectiveValue {
  name: string;
  def?: PropertyDef;
  origin: Origin;
  /** Text value (entities decoded), or the default text. Undefined when absent. */
  text?: string;
  /** Where the value is written (own or inherited). */
  occurrence?: PropertyOccurrence;
  from?: MetabaseKey;
  /** Note for defaults (confidence of the runtime default). */
  note?: string;
}

/** Ancestor paths of `path`, nearest first: /lm/smtpsvc/1/domain/x → /lm/smtpsvc/1/domain, /lm/smtpsvc/1, /lm/smtpsvc, /lm. */
export function ancestorPaths(path: string): string[] {
  const out: string[] = [];
  let p = path;
  for (;;) {
    const cut = p.lastIndexOf('/');
    if (cut <= 0) break;
    p = p.slice(0, cut);
    out.push(p);
  }
  return out;
}

/** Property index per key (keys are immutable once built; an edit replaces the key object). */
const ownIndex = new WeakMap<MetabaseKey, Map<string, PropertyOccurrence>>();

export function findOwn(key: MetabaseKey, name: string): PropertyOccurrence | undefined {
  let index = ownIndex.get(key);
  if (!index) {
    index = new Map();
    // The last occurrence wins, as when the metabase loads attributes and Custom children in order.
    for (const p of key.props) index.set(p.name.toLowerCase(), p);
    ownIndex.set(key, index);
  }
  return index.get(name.toLowerCase());
}

export function effectiveValue(model: MetabaseModel, key: MetabaseKey, name: string): EffectiveValue {
  const def = propertyByName(name);
  const canonical = def?.name ?? name;
  const own = findOwn(key, canonical);
  if (own) return { name: canonical, def, origin: 'own', text: textValue(model, own), occurrence: own, from: key };
  if (!def || def.inherit) {
    for (const p of ancestorPaths(key.path)) {
      const anc = model.byPath.get(p);
      if (!anc) continue;
      const occ = findOwn(anc, canonical);
      if (occ) return { name: canonical, def, origin: 'inherited', text: textValue(model, occ), occurrence: occ, from: anc };
    }
  }
  if (def?.runtimeDefault) return { name: canonical, def, origin: 'runtime-default', text: def.runtimeDefault.value, note: def.runtimeDefault.note };
  if (def?.schemaDefault !== undefined) return { name: canonical, def, origin: 'schema-default', text: def.schemaDefault };
  return { name: canonical, def, origin: 'absent' };
}

/** Raw attribute text of an occurrence (for blobs: no entity decoding needed). */
export function effectiveRaw(model: MetabaseModel, ev: EffectiveValue): string | undefined {
  return ev.occurrence ? rawValue(model, ev.occurrence) : ev.text;
}

/** "set here", "inherited from /LM/SmtpSvc", "not set: the service assumes …". */
export function describeOrigin(ev: EffectiveValue): string {
  switch (ev.origin) {
    case 'own':
      return ev.occurrence?.source === 'custom' ? 'set on this key (as a <Custom> element)' : 'set on this key';
    case 'inherited':
      return `inherited from ${ev.from?.location ?? 'a parent key'}`;
    case 'runtime-default':
      return `not set anywhere in the inheritance chain; the SMTP service assumes ${ev.def?.runtimeDefault?.display ?? ev.text} (${ev.note ?? 'runtime default'})`;
    case 'schema-default':
      return `not set anywhere in the inheritance chain; schema default ${ev.text === '' ? '(empty)' : ev.text}`;
    case 'absent':
      return 'not set anywhere in the inheritance chain';
  }
}

/** True when the file has servers but no /LM/SmtpSvc key: inherited values are unknown. */
export function lacksServiceKey(model: MetabaseModel): boolean {
  return modelCache(model, 'lacksServiceKey', () => !model.byPath.has('/lm/smtpsvc') && model.keys.some((k) => k.pathDef?.keyClass === 'server'));
}
