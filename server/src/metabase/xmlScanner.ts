// A small, total XML scanner for metabase files. It keeps offsets of every attribute's raw text
// (multi-value properties live inside one attribute, separated by CR LF + tabs, which a conforming
// XML parser would normalise away), never expands entities, never reads a DTD and never fetches
// anything. Malformed input yields problems, not exceptions; work and memory are bounded.

export type XmlProblemKind =
  | 'syntax'
  | 'doctype'
  | 'entity'
  | 'depth'
  | 'limit';

export interface XmlProblem {
  kind: XmlProblemKind;
  start: number;
  end: number;
  message: string;
}

export interface XmlAttribute {
  name: string;
  nameStart: number;
  /** Raw value text between the quotes (no entity decoding, no whitespace normalisation). */
  valueStart: number;
  valueEnd: number;
}

export interface XmlElement {
  name: string;
  /** Offset of '<'. */
  start: number;
  nameEnd: number;
  /** Offset just after the '>' of the start tag (or where the unterminated tag stopped). */
  openEnd: number;
  /** Offset just after the end tag (or openEnd when self-closing). */
  end: number;
  attributes: XmlAttribute[];
  /** Index of the enclosing stored element in `elements`, or -1. */
  parent: number;
  depth: number;
  closed: boolean;
}

export interface XmlScan {
  elements: XmlElement[];
  problems: XmlProblem[];
  comments: { start: number; end: number }[];
}

export const SCAN_LIMITS = {
  /** A metabase is four levels deep; anything past this is reported once and not stored. */
  maxDepth: 64,
  maxElements: 200_000,
  maxAttributesPerElement: 2_000,
  /** Problems of one kind beyond this are summarised by one extra problem. */
  maxProblemsPerKind: 50,
};

const PREDEFINED_ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
}

/** Characters that end a name (whitespace and XML punctuation). */
function endsName(c: number): boolean {
  return isSpace(c) || c === 0x3e /* > */ || c === 0x2f /* / */ || c === 0x3d /* = */ || c === 0x3c /* < */ || c === 0x22 || c === 0x27;
}

class ProblemSink {
  readonly problems: XmlProblem[] = [];
  private readonly counts = new Map<XmlProblemKind, number>();

  add(kind: XmlProblemKind, start: number, end: number, message: string): void {
    const n = (this.counts.get(kind) ?? 0) + 1;
    this.counts.set(kind, n);
    if (n <= SCAN_LIMITS.maxProblemsPerKind) this.problems.push({ kind, start, end, message });
    else if (n === SCAN_LIMITS.maxProblemsPerKind + 1) {
      this.problems.push({ kind, start, end, message: `More problems of this kind follow; only the first ${SCAN_LIMITS.maxProblemsPerKind} are reported.` });
    }
  }
}

/**
 * Reports entity references in `text[from, to)`: predefined and numeric references are fine,
 * anything else is a named entity that this reader deliberately leaves unexpanded.
 */
function checkEntityRefs(text: string, from: number, to: number, sink: ProblemSink): void {
  let amp = text.indexOf('&', from);
  while (amp >= 0 && amp < to) {
    let refEnd = -1;
    for (let k = amp + 1; k < to && k <= amp + 64; k++) {
      if (text.charCodeAt(k) === 0x3b /* ; */) {
        refEnd = k;
        break;
      }
    }
    const name = refEnd > 0 ? text.slice(amp + 1, refEnd) : '';
    if (refEnd < 0 || name.length === 0) {
      sink.add('syntax', amp, amp + 1, "A bare '&' is not valid XML; write '&amp;'.");
    } else if (!(name in PREDEFINED_ENTITIES) && !/^#(\d{1,7}|x[0-9a-fA-F]{1,6})$/.test(name)) {
      sink.add(
        'entity',
        amp,
        refEnd + 1,
        `Entity reference '&${name};' is not expanded: this reader never expands entities or reads a DTD (protection against entity-expansion and external-entity attacks). A genuine MetaBase.xml never uses them.`,
      );
    }
    amp = text.indexOf('&', (refEnd > 0 ? refEnd : amp) + 1);
  }
}

/** Decodes the five predefined entities and numeric character references; other references stay literal. */
export function decodeXmlText(raw: string): string {
  if (raw.indexOf('&') < 0) return raw;
  return raw.replace(/&(#x[0-9a-fA-F]{1,6}|#\d{1,7}|lt|gt|amp|quot|apos);/g, (whole, name: string) => {
    if (name[0] === '#') {
      const code = name[1] === 'x' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff) ? String.fromCodePoint(code) : whole;
    }
    return PREDEFINED_ENTITIES[name] ?? whole;
  });
}

/**
 * Skips a DOCTYPE declaration starting at `start` ('<!DOCTYPE'), honouring quotes and an internal
 * subset in brackets, and returns the offset after it. Nothing inside is interpreted.
 */
function skipDoctype(text: string, start: number, end: number): { after: number; entities: number; external: boolean } {
  let i = start + 9;
  let depth = 0;
  let entities = 0;
  let quote = 0;
  while (i < end) {
    const c = text.charCodeAt(i);
    if (quote !== 0) {
      if (c === quote) quote = 0;
    } else if (c === 0x22 || c === 0x27) quote = c;
    else if (c === 0x5b /* [ */) depth++;
    else if (c === 0x5d /* ] */) depth = Math.max(0, depth - 1);
    else if (c === 0x3c /* < */ && text.startsWith('<!ENTITY', i)) entities++;
    else if (c === 0x3e /* > */ && depth === 0) return { after: i + 1, entities, external: /\b(SYSTEM|PUBLIC)\b/.test(text.slice(start, Math.min(i, start + 4096))) };
    i++;
  }
  return { after: end, entities, external: /\b(SYSTEM|PUBLIC)\b/.test(text.slice(start, Math.min(end, start + 4096))) };
}

/** Sections skipped as a whole: comments (kept for folding) and CDATA. */
const SECTIONS = [
  { open: '<!--', close: '-->', comment: true, unclosed: 'Comment is not closed (missing -->); the rest of the file is inside it.' },
  { open: '<![CDATA[', close: ']]>', comment: false, unclosed: 'CDATA section is not closed (missing ]]>).' },
] as const;

interface Frame {
  name: string;
  /** Index into `elements`, or -1 when the element was not stored (too deep / too many). */
  index: number;
}

/** Scans `text[from, to)`. Offsets in the result are absolute offsets into `text`. */
export function scanXml(text: string, from = 0, to = text.length): XmlScan {
  const sink = new ProblemSink();
  const elements: XmlElement[] = [];
  const comments: { start: number; end: number }[] = [];
  const stack: Frame[] = [];
  let overflowDepth = 0;
  let depthReported = false;
  let limitReported = false;
  let i = from;

  // Next '&' at or after a position; cached so that scanning stays linear when the file has none.
  let nextAmp = -2;
  const hasAmpIn = (a: number, b: number): boolean => {
    if (nextAmp === -1) return false;
    if (nextAmp < a) nextAmp = text.indexOf('&', a);
    return nextAmp >= 0 && nextAmp < b;
  };

  const parentIndex = (): number => {
    for (let k = stack.length - 1; k >= 0; k--) if (stack[k]!.index >= 0) return stack[k]!.index;
    return -1;
  };

  while (i < to) {
    const lt = text.indexOf('<', i);
    const textEnd = lt < 0 || lt >= to ? to : lt;
    if (textEnd > i && hasAmpIn(i, textEnd)) checkEntityRefs(text, i, textEnd, sink);
    if (lt < 0 || lt >= to) break;
    const section = SECTIONS.find((sec) => text.startsWith(sec.open, lt));
    if (section) {
      const close = text.indexOf(section.close, lt + section.open.length);
      const closed = close >= 0 && close + section.close.length <= to;
      const end = closed ? close + section.close.length : to;
      if (!closed) sink.add('syntax', lt, Math.min(to, lt + section.open.length), section.unclosed);
      if (section.comment) comments.push({ start: lt, end });
      i = end;
      continue;
    }
    if (text.startsWith('<!DOCTYPE', lt) || text.startsWith('<!doctype', lt)) {
      const d = skipDoctype(text, lt, to);
      const parts = ['A DOCTYPE declaration is not part of a metabase file and is ignored: no DTD is read and no entity is expanded'];
      if (d.entities > 0) parts.push(`(it declares ${d.entities} entit${d.entities === 1 ? 'y' : 'ies'}, a pattern used by entity-expansion attacks such as "billion laughs")`);
      if (d.external) parts.push('and its external identifier (SYSTEM/PUBLIC) is never fetched');
      sink.add('doctype', lt, Math.min(d.after, lt + 9), parts.join(' ') + '.');
      i = d.after;
      continue;
    }
    if (text.startsWith('<!', lt)) {
      const close = text.indexOf('>', lt + 2);
      const after = close < 0 || close >= to ? to : close + 1;
      sink.add('syntax', lt, Math.min(after, lt + 2), 'Markup declaration is not allowed here and is ignored.');
      i = after;
      continue;
    }
    if (text.startsWith('<?', lt)) {
      const close = text.indexOf('?>', lt + 2);
      if (close < 0 || close + 2 > to) {
        sink.add('syntax', lt, lt + 2, 'Processing instruction is not closed (missing ?>).');
        i = to;
      } else i = close + 2;
      continue;
    }
    if (text.charCodeAt(lt + 1) === 0x2f /* / */) {
      let j = lt + 2;
      while (j < to && !endsName(text.charCodeAt(j))) j++;
      const name = text.slice(lt + 2, j);
      const close = text.indexOf('>', j);
      const after = close < 0 || close >= to ? to : close + 1;
      if (close < 0 || close >= to) sink.add('syntax', lt, j, `End tag </${name}> is not closed (missing >).`);
      if (overflowDepth > 0) {
        overflowDepth--;
      } else {
        let k = stack.length - 1;
        while (k >= 0 && stack[k]!.name !== name) k--;
        if (k < 0) {
          sink.add('syntax', lt, after, `End tag </${name}> has no matching start tag.`);
        } else {
          for (let m = stack.length - 1; m > k; m--) {
            const f = stack[m]!;
            if (f.index >= 0) {
              const e = elements[f.index]!;
              e.end = lt;
              sink.add('syntax', e.start, e.nameEnd, `Element <${e.name}> is not closed before </${name}>.`);
            }
          }
          const f = stack[k]!;
          if (f.index >= 0) {
            const e = elements[f.index]!;
            e.end = after;
            e.closed = true;
          }
          stack.length = k;
        }
      }
      i = after;
      continue;
    }
    // Start tag.
    let j = lt + 1;
    while (j < to && !endsName(text.charCodeAt(j))) j++;
    if (j === lt + 1) {
      sink.add('syntax', lt, lt + 1, "A '<' that does not start a tag; write '&lt;'.");
      i = lt + 1;
      continue;
    }
    const name = text.slice(lt + 1, j);
    const attributes: XmlAttribute[] = [];
    let selfClosing = false;
    let openEnd = -1;
    let p = j;
    let attrsReported = false;
    while (p < to) {
      const c = text.charCodeAt(p);
      if (isSpace(c)) {
        p++;
        continue;
      }
      if (c === 0x3e) {
        openEnd = p + 1;
        break;
      }
      if (c === 0x2f && text.charCodeAt(p + 1) === 0x3e) {
        selfClosing = true;
        openEnd = p + 2;
        break;
      }
      if (c === 0x3c) break;
      const nameStart = p;
      while (p < to && !endsName(text.charCodeAt(p))) p++;
      if (p === nameStart) {
        sink.add('syntax', p, p + 1, `Unexpected character '${text[p]}' inside the start tag of <${name}>.`);
        p++;
        continue;
      }
      const attrName = text.slice(nameStart, p);
      let q = p;
      while (q < to && isSpace(text.charCodeAt(q))) q++;
      if (text.charCodeAt(q) !== 0x3d /* = */) {
        sink.add('syntax', nameStart, p, `'${attrName.slice(0, 40)}' inside the start tag of <${name}> is not an attribute (name="value"); it is ignored.`);
        continue;
      }
      q++;
      while (q < to && isSpace(text.charCodeAt(q))) q++;
      const quote = text.charCodeAt(q);
      let valueStart: number;
      let valueEnd: number;
      if (quote === 0x22 || quote === 0x27) {
        valueStart = q + 1;
        const close = text.indexOf(quote === 0x22 ? '"' : "'", valueStart);
        if (close < 0 || close >= to) {
          sink.add('syntax', nameStart, valueStart, `Value of ${attrName} is not closed (missing quote); the rest of the file is read as its value.`);
          valueEnd = to;
          p = to;
        } else {
          valueEnd = close;
          p = close + 1;
        }
      } else {
        valueStart = q;
        while (q < to && !isSpace(text.charCodeAt(q)) && text.charCodeAt(q) !== 0x3e) q++;
        valueEnd = q;
        p = q;
        sink.add('syntax', nameStart, Math.max(valueEnd, nameStart + 1), `Value of ${attrName} is not quoted.`);
      }
      if (hasAmpIn(valueStart, valueEnd)) checkEntityRefs(text, valueStart, valueEnd, sink);
      if (attributes.length < SCAN_LIMITS.maxAttributesPerElement) attributes.push({ name: attrName, nameStart, valueStart, valueEnd });
      else if (!attrsReported) {
        attrsReported = true;
        sink.add('limit', nameStart, p, `<${name}> has more than ${SCAN_LIMITS.maxAttributesPerElement} attributes; the rest are not analysed.`);
      }
    }
    if (openEnd < 0) {
      openEnd = p;
      sink.add('syntax', lt, j, `Start tag <${name}> is not closed (missing >).`);
    }
    i = openEnd;
    const depth = stack.length + overflowDepth + 1;
    if (overflowDepth > 0 || depth > SCAN_LIMITS.maxDepth) {
      if (!depthReported) {
        depthReported = true;
        sink.add('depth', lt, j, `Elements are nested more than ${SCAN_LIMITS.maxDepth} levels deep; a metabase is only a few levels deep, so deeper elements are not analysed.`);
      }
      if (!selfClosing) overflowDepth++;
      continue;
    }
    let index = -1;
    if (elements.length < SCAN_LIMITS.maxElements) {
      index = elements.length;
      elements.push({ name, start: lt, nameEnd: j, openEnd, end: selfClosing ? openEnd : to, attributes, parent: parentIndex(), depth, closed: selfClosing });
    } else if (!limitReported) {
      limitReported = true;
      sink.add('limit', lt, j, `The file has more than ${SCAN_LIMITS.maxElements} elements; the rest are not analysed.`);
      break;
    }
    if (!selfClosing) stack.push({ name, index });
  }
  for (let k = stack.length - 1; k >= 0; k--) {
    const f = stack[k]!;
    if (f.index < 0) continue;
    const e = elements[f.index]!;
    e.end = to;
    sink.add('syntax', e.start, e.nameEnd, `Element <${e.name}> is not closed.`);
  }
  return { elements, problems: sink.problems, comments };
}
