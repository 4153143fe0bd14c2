// The metabase document model: keys (elements with a Location) with their properties, found as
// attributes and as <Custom> children. Offsets are absolute; raw values are read from `model.text`
// on demand so that no key keeps an old copy of the document alive after an edit.
import { classFromPath, keyTypeDef, type KeyTypeDef } from './catalog/keyTypes';
import { propertyById, propertyByName, type PropertyDef } from './catalog/properties';
import { decodeXmlText, SCAN_LIMITS, scanXml, type XmlElement, type XmlProblem } from './xmlScanner';

export const METABASE_NAMESPACE = 'urn:microsoft-catalog:XML_Metabase_V64_0';

export interface PropertyOccurrence {
  /** Name as written (attribute name or Custom Name). */
  name: string;
  def?: PropertyDef;
  source: 'attribute' | 'custom';
  nameStart: number;
  nameEnd: number;
  valueStart: number;
  valueEnd: number;
  /** For Custom elements: the element span and its ID/Type attributes. */
  elementStart?: number;
  elementEnd?: number;
  customId?: string;
  customType?: string;
  /** Per-occurrence cache of decoded values (blob decodes); dropped when the key is re-parsed. */
  cache?: Map<string, unknown>;
}

export interface MetabaseKey {
  keyType: string;
  /** Location as written. */
  location: string;
  /** Normalised: lower case, no trailing slash. */
  path: string;
  typeDef?: KeyTypeDef;
  /** Key type implied by the location (for IIsConfigObject and mismatch checks). */
  pathDef?: KeyTypeDef;
  start: number;
  nameEnd: number;
  openEnd: number;
  end: number;
  locationStart: number;
  locationEnd: number;
  props: PropertyOccurrence[];
  /** Problems that lie inside this key's element. */
  problems: XmlProblem[];
  /** Custom children that lack Name or Value. */
  badCustoms: { start: number; end: number; message: string }[];
}

export interface MetabaseModel {
  text: string;
  keys: MetabaseKey[];
  /** Problems outside any key. */
  problems: XmlProblem[];
  comments: { start: number; end: number }[];
  byPath: Map<string, MetabaseKey>;
  /** Root element name and namespace (for the "is this a metabase" check). */
  root?: { name: string; namespace?: string; start: number; nameEnd: number };
  /** Elements that look like keys but have no Location. */
  locationless: { start: number; nameEnd: number; name: string }[];
  /** Bumped on every change; caches keyed on it. */
  generation: number;
}

const derived = new WeakMap<MetabaseModel, Map<string, unknown>>();

/** Caches a value derived from the whole model; every edit creates a new model object, so it is recomputed then. */
export function modelCache<T>(model: MetabaseModel, name: string, compute: () => T): T {
  let m = derived.get(model);
  if (!m) derived.set(model, (m = new Map()));
  if (!m.has(name)) m.set(name, compute());
  return m.get(name) as T;
}

export function normalisePath(location: string): string {
  let p = location.trim().toLowerCase().replace(/\\/g, '/');
  while (p.length > 1 && p.endsWith('/')) p = p.slice(0, -1);
  return p;
}

export function rawValue(model: MetabaseModel, occ: PropertyOccurrence): string {
  return model.text.slice(occ.valueStart, occ.valueEnd);
}

/** Value with the predefined entities decoded (still with line breaks and tabs). */
export function textValue(model: MetabaseModel, occ: PropertyOccurrence): string {
  return decodeXmlText(rawValue(model, occ));
}

function attr(el: XmlElement, name: string): XmlElement['attributes'][number] | undefined {
  const lower = name.toLowerCase();
  return el.attributes.find((a) => a.name.toLowerCase() === lower);
}

/** Builds keys from scanned elements. `elements[i].parent` indexes the same array. */
function buildKeys(text: string, elements: XmlElement[], problems: XmlProblem[]): { keys: MetabaseKey[]; rest: XmlProblem[]; locationless: MetabaseModel['locationless'] } {
  const keys: MetabaseKey[] = [];
  const keyOfElement = new Map<number, MetabaseKey>();
  const locationless: MetabaseModel['locationless'] = [];
  elements.forEach((el, index) => {
    const loc = attr(el, 'Location');
    const parentKey = el.parent >= 0 ? keyOfElement.get(el.parent) : undefined;
    if (loc && !parentKey) {
      const location = decodeXmlText(text.slice(loc.valueStart, loc.valueEnd));
      const path = normalisePath(location);
      const key: MetabaseKey = {
        keyType: el.name,
        location,
        path,
        typeDef: keyTypeDef(el.name),
        pathDef: classFromPath(path),
        start: el.start,
        nameEnd: el.nameEnd,
        openEnd: el.openEnd,
        end: el.end,
        locationStart: loc.valueStart,
        locationEnd: loc.valueEnd,
        props: [],
        problems: [],
        badCustoms: [],
      };
      for (const a of el.attributes) {
        if (a === loc) continue;
        key.props.push({ name: a.name, def: propertyByName(a.name), source: 'attribute', nameStart: a.nameStart, nameEnd: a.nameStart + a.name.length, valueStart: a.valueStart, valueEnd: a.valueEnd });
      }
      keys.push(key);
      keyOfElement.set(index, key);
      return;
    }
    if (parentKey && el.name === 'Custom') {
      const nameAttr = attr(el, 'Name');
      const valueAttr = attr(el, 'Value');
      const idAttr = attr(el, 'ID');
      const typeAttr = attr(el, 'Type');
      if (!nameAttr || !valueAttr) {
        parentKey.badCustoms.push({ start: el.start, end: el.openEnd, message: `<Custom> needs Name and Value attributes (missing ${[!nameAttr && 'Name', !valueAttr && 'Value'].filter(Boolean).join(' and ')}); it is ignored.` });
        return;
      }
      const name = decodeXmlText(text.slice(nameAttr.valueStart, nameAttr.valueEnd)).trim();
      const customId = idAttr ? text.slice(idAttr.valueStart, idAttr.valueEnd).trim() : undefined;
      let def = propertyByName(name);
      const unknownId = /^UnknownName_(\d+)$/i.exec(name);
      if (!def && unknownId) def = propertyById(Number(unknownId[1]));
      if (!def && customId && /^\d+$/.test(customId)) def = propertyById(Number(customId));
      parentKey.props.push({
        name: def && unknownId ? def.name : name,
        def,
        source: 'custom',
        nameStart: nameAttr.valueStart,
        nameEnd: nameAttr.valueEnd,
        valueStart: valueAttr.valueStart,
        valueEnd: valueAttr.valueEnd,
        elementStart: el.start,
        elementEnd: el.end,
        customId,
        customType: typeAttr ? text.slice(typeAttr.valueStart, typeAttr.valueEnd).trim() : undefined,
      });
      keyOfElement.set(index, parentKey);
      return;
    }
    if (parentKey) {
      keyOfElement.set(index, parentKey);
      return;
    }
    // Elements directly inside <MBProperty> without a Location are malformed keys.
    const parent = el.parent >= 0 ? elements[el.parent] : undefined;
    // IIS_Global (export session key) is not a key [unverified shape of iiscnfg exports].
    if (parent && parent.name === 'MBProperty' && el.name !== 'IIS_Global') locationless.push({ start: el.start, nameEnd: el.nameEnd, name: el.name });
  });
  // Attach problems to the key whose element contains them (keys are in document order).
  const rest: XmlProblem[] = [];
  let k = 0;
  const sorted = [...problems].sort((a, b) => a.start - b.start);
  for (const p of sorted) {
    while (k < keys.length && keys[k]!.end <= p.start) k++;
    const key = keys[k];
    if (key && key.start <= p.start && p.start < key.end) key.problems.push(p);
    else rest.push(p);
  }
  return { keys, rest, locationless };
}

function indexKeys(keys: MetabaseKey[]): Map<string, MetabaseKey> {
  const byPath = new Map<string, MetabaseKey>();
  for (const k of keys) if (!byPath.has(k.path)) byPath.set(k.path, k);
  return byPath;
}

export function parseMetabase(text: string): MetabaseModel {
  const scan = scanXml(text);
  const { keys, rest, locationless } = buildKeys(text, scan.elements, scan.problems);
  const rootEl = scan.elements.find((e) => e.parent < 0);
  let root: MetabaseModel['root'];
  if (rootEl) {
    const ns = attr(rootEl, 'xmlns');
    root = { name: rootEl.name, namespace: ns ? text.slice(ns.valueStart, ns.valueEnd).trim() : undefined, start: rootEl.start, nameEnd: rootEl.nameEnd };
  }
  return { text, keys, problems: rest, comments: scan.comments, byPath: indexKeys(keys), root, locationless, generation: 0 };
}

function shiftKey(k: MetabaseKey, delta: number): void {
  k.start += delta;
  k.nameEnd += delta;
  k.openEnd += delta;
  k.end += delta;
  k.locationStart += delta;
  k.locationEnd += delta;
  for (const p of k.props) {
    p.nameStart += delta;
    p.nameEnd += delta;
    p.valueStart += delta;
    p.valueEnd += delta;
    if (p.elementStart !== undefined) p.elementStart += delta;
    if (p.elementEnd !== undefined) p.elementEnd += delta;
  }
  for (const p of k.problems) {
    p.start += delta;
    p.end += delta;
  }
  for (const c of k.badCustoms) {
    c.start += delta;
    c.end += delta;
  }
}

/**
 * Whether the model before and after `old` is replaced by `problems` holds at most the scanner's per-kind cap
 * of problems. A fresh scan counts each kind over the whole document and summarises past the cap, dropping
 * the rest; a key scanned alone counts only its own. Once either model reaches the cap, only a full parse
 * agrees with a fresh open.
 */
function withinProblemCap(model: MetabaseModel, old: MetabaseKey, problems: readonly XmlProblem[]): boolean {
  const counts = new Map<XmlProblem['kind'], number>();
  const count = (list: readonly XmlProblem[], into: Map<XmlProblem['kind'], number>): boolean => {
    for (const p of list) {
      const n = (into.get(p.kind) ?? 0) + 1;
      if (n > SCAN_LIMITS.maxProblemsPerKind) return false;
      into.set(p.kind, n);
    }
    return true;
  };
  if (!count(model.problems, counts) || !model.keys.every((k) => k === old || count(k.problems, counts))) return false;
  return count(old.problems, new Map(counts)) && count(problems, new Map(counts));
}

/**
 * Applies one edit. When the edit lies strictly inside one key element and re-scanning that
 * element alone yields exactly one well-bounded key, only that key is rebuilt and later keys are
 * shifted; otherwise the whole document is parsed again.
 */
export function updateMetabase(model: MetabaseModel, newText: string, start: number, end: number, insertedLength: number): MetabaseModel {
  const delta = insertedLength - (end - start);
  const keys = model.keys;
  // Binary search for the key containing `start`.
  let lo = 0;
  let hi = keys.length - 1;
  let idx = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const k = keys[mid]!;
    if (k.end <= start) lo = mid + 1;
    else if (k.start > start) hi = mid - 1;
    else {
      idx = mid;
      break;
    }
  }
  const key = idx >= 0 ? keys[idx]! : undefined;
  const touchesComment = model.comments.some((c) => c.start < end && start < c.end);
  if (key && key.start < start && end < key.end - 1 && !touchesComment) {
    const newEnd = key.end + delta;
    const scan = scanXml(newText, key.start, newEnd);
    const top = scan.elements.filter((e) => e.parent < 0);
    const el = top[0];
    if (top.length === 1 && el && el.closed && el.end === newEnd && el.name === key.keyType && scan.comments.length === 0) {
      const built = buildKeys(newText, scan.elements, scan.problems);
      if (built.keys.length === 1 && built.rest.length === 0 && withinProblemCap(model, key, built.keys[0]!.problems)) {
        const fresh = built.keys[0]!;
        for (let i = idx + 1; i < keys.length; i++) shiftKey(keys[i]!, delta);
        for (const p of model.problems) {
          if (p.start >= key.end) {
            p.start += delta;
            p.end += delta;
          }
        }
        for (const c of model.comments) {
          if (c.start >= key.end) {
            c.start += delta;
            c.end += delta;
          }
        }
        for (const l of model.locationless) {
          if (l.start >= key.end) {
            l.start += delta;
            l.nameEnd += delta;
          }
        }
        if (model.root && model.root.start >= key.end) {
          model.root.start += delta;
          model.root.nameEnd += delta;
        }
        keys[idx] = fresh;
        const pathChanged = fresh.path !== key.path;
        return {
          ...model,
          text: newText,
          keys,
          byPath: pathChanged ? indexKeys(keys) : (model.byPath.get(key.path) === key ? (model.byPath.set(key.path, fresh), model.byPath) : model.byPath),
          generation: model.generation + 1,
        };
      }
    }
  }
  const fresh = parseMetabase(newText);
  fresh.generation = model.generation + 1;
  return fresh;
}
