/**
 * The structure of an XML part's root element, read by a tokenizer rather than by searching the text:
 * where the root's start tag is and where each of its direct children starts and ends. Comments, CDATA,
 * processing instructions and '>' or '<' inside attribute values are skipped as XML defines them, so
 * `<extLst>` inside a `<cfRule>` is never taken for the worksheet's own `<extLst>`.
 *
 * Used to insert an element at its schema position among a worksheet's children (scripts/ ships only
 * with the production dependencies, which include no DOM library).
 */

export interface XmlElementSpan {
  /** Qualified name as written, e.g. "extLst" or "x:extLst". */
  name: string;
  /** Name without its prefix. */
  localName: string;
  /** Offset of '<' of the start tag. */
  start: number;
  /** Offset just past the end tag (or past '/>' of an empty element). */
  end: number;
}

export interface XmlRoot {
  /** The root element, with `startTagEnd` just past its start tag's '>'. */
  root: XmlElementSpan & {
    startTag: string;
    startTagEnd: number;
    selfClosing: boolean;
    attributes: Map<string, string>;
  };
  /** The root's direct child elements, in document order. */
  children: XmlElementSpan[];
}

const localOf = (name: string) => name.slice(name.indexOf(':') + 1);

const ENTITY: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
const decode = (v: string) =>
  v.replace(/&(#x[0-9a-fA-F]+|#\d+|lt|gt|amp|quot|apos);/g, (_, e: string) =>
    e[0] === '#' ? String.fromCodePoint(e[1] === 'x' ? parseInt(e.slice(2), 16) : Number(e.slice(1))) : ENTITY[e],
  );

/** The attributes of a start tag, by qualified name (xmlns declarations included), values decoded. */
export function tagAttributes(tag: string): Map<string, string> {
  const out = new Map<string, string>();
  const body = tag.replace(/^<[^\s/>]+/, '').replace(/\/?>$/, '');
  for (const m of body.matchAll(/([^\s=]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) out.set(m[1], decode(m[2] ?? m[3]));
  return out;
}

function fail(what: string, at: number): never {
  throw new Error(`malformed XML: ${what} at offset ${at}`);
}

/** Offset just past the '>' of the tag starting at `lt` (quoted attribute values may contain '>'). */
function tagEnd(xml: string, lt: number): number {
  let quote = '';
  for (let i = lt + 1; i < xml.length; i++) {
    const ch = xml[i];
    if (quote) {
      if (ch === quote) quote = '';
    } else if (ch === '"' || ch === "'") quote = ch;
    else if (ch === '>') return i + 1;
  }
  return fail('unterminated tag', lt);
}

function skipTo(xml: string, from: number, terminator: string, what: string): number {
  const at = xml.indexOf(terminator, from);
  if (at < 0) fail(`unterminated ${what}`, from);
  return at + terminator.length;
}

/** Reads the root element and its direct children. Throws on XML that is not well nested. */
export function scanRoot(xml: string): XmlRoot {
  let root: XmlRoot['root'] | undefined;
  const children: XmlElementSpan[] = [];
  const stack: { name: string; start: number }[] = [];
  let i = 0;
  while (i < xml.length) {
    const lt = xml.indexOf('<', i);
    if (lt < 0) break;
    if (xml.startsWith('<!--', lt)) {
      i = skipTo(xml, lt + 4, '-->', 'comment');
      continue;
    }
    if (xml.startsWith('<![CDATA[', lt)) {
      i = skipTo(xml, lt + 9, ']]>', 'CDATA section');
      continue;
    }
    if (xml.startsWith('<?', lt)) {
      i = skipTo(xml, lt + 2, '?>', 'processing instruction');
      continue;
    }
    if (xml.startsWith('<!', lt)) {
      i = tagEnd(xml, lt); // DOCTYPE without an internal subset (never in OOXML parts)
      continue;
    }
    const end = tagEnd(xml, lt);
    const tag = xml.slice(lt, end);
    if (tag.startsWith('</')) {
      const name = tag.slice(2, -1).trim();
      const open = stack.pop();
      if (!open || open.name !== name) fail(`</${name}> does not close <${open?.name ?? ''}>`, lt);
      if (stack.length === 1) children.push({ name, localName: localOf(name), start: open.start, end });
      if (stack.length === 0) {
        root!.end = end;
        return { root: root!, children };
      }
    } else {
      const name = /^<([^\s/>]+)/.exec(tag)?.[1] ?? fail('element without a name', lt);
      const selfClosing = tag.endsWith('/>');
      if (!root) {
        root = {
          name,
          localName: localOf(name),
          start: lt,
          end,
          startTag: tag,
          startTagEnd: end,
          selfClosing,
          attributes: tagAttributes(tag),
        };
        if (selfClosing) return { root, children };
        stack.push({ name, start: lt });
      } else if (selfClosing) {
        if (stack.length === 1) children.push({ name, localName: localOf(name), start: lt, end });
      } else stack.push({ name, start: lt });
    }
    i = end;
  }
  return fail(root ? `<${root.name}> is not closed` : 'no root element', xml.length);
}
