/**
 * XML parts of an .xlsx read and edited with a DOM (@xmldom/xmldom) rather than by searching the text:
 * a template's workbook, relationships, content types, styles and sheets, and the parts exceljs wrote
 * before charts or rows are added. Only the big generated parts (a month's sheetData, a day's event
 * list) are written as text, in chunks, between the serialized halves of a part built here.
 */
import { DOMParser, Document, Element, Node, XMLSerializer, onErrorStopParsing } from '@xmldom/xmldom';

export type { Document, Element };

export const NS = {
  main: 'http://schemas.openxmlformats.org/spreadsheetml/2006/main',
  r: 'http://schemas.openxmlformats.org/officeDocument/2006/relationships',
  pkgRel: 'http://schemas.openxmlformats.org/package/2006/relationships',
  types: 'http://schemas.openxmlformats.org/package/2006/content-types',
} as const;

/** Parses a part; malformed XML throws (with the part's name), never gives a half document. */
export function parseXml(text: string, part = 'XML'): Document {
  try {
    return new DOMParser({ onError: onErrorStopParsing }).parseFromString(text, 'application/xml');
  } catch (e) {
    throw new Error(`malformed XML in ${part}: ${(e as Error).message}`);
  }
}

/** The document as text, its XML declaration (if it had one) kept. */
export function serializeXml(doc: Document | Element): string {
  return new XMLSerializer().serializeToString(doc as Node);
}

export function root(doc: Document): Element {
  const el = doc.documentElement;
  if (!el) throw new Error('malformed XML: no root element');
  return el;
}

/** Direct child elements, optionally only those with the given local name. */
export function children(el: Element, localName?: string): Element[] {
  const out: Element[] = [];
  for (let c = el.firstChild; c; c = c.nextSibling)
    if (c.nodeType === 1 && (localName === undefined || (c as Element).localName === localName)) out.push(c as Element);
  return out;
}

export function child(el: Element, localName: string): Element | undefined {
  return children(el, localName)[0];
}

/** Every descendant element with the given local name, in document order. */
export function descendants(el: Element | Document, localName: string): Element[] {
  return Array.from(el.getElementsByTagNameNS('*', localName)) as Element[];
}

/** Text content of an element ('' for none). */
export function text(el: Element): string {
  return el.textContent ?? '';
}

/**
 * Inserts `node` as a child of `parent` before the first child whose local name is in `before` (the
 * elements the schema puts after it); at the end when there is none.
 */
export function insertBefore(parent: Element, node: Element, before: ReadonlySet<string>): void {
  const next = children(parent).find((c) => before.has(c.localName ?? ''));
  parent.insertBefore(node, next ?? null);
}

/**
 * Elements written as XML text by our own code (`fragment`, in the namespace `ns` unless it declares one),
 * imported into `doc`.
 */
export function fragment(doc: Document, xml: string, ns: string): Element[] {
  const holder = root(parseXml(`<kaohe-fragment xmlns="${ns}">${xml}</kaohe-fragment>`, 'fragment'));
  return children(holder).map((c) => doc.importNode(c, true) as Element);
}

/** A new element in the namespace of `like` (with its prefix), so it matches the part it joins. */
export function createLike(doc: Document, like: Element, localName: string): Element {
  const name = like.prefix ? `${like.prefix}:${localName}` : localName;
  return doc.createElementNS(like.namespaceURI, name);
}

/** An empty relationships part, to add <Relationship> elements to. */
export function emptyRelationships(): Document {
  return parseXml(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="${NS.pkgRel}"/>`);
}

/** Adds <Relationship Id Type Target/> to a relationships part. */
export function addRelationship(rels: Document, id: string, type: string, target: string): void {
  const el = rels.createElementNS(NS.pkgRel, 'Relationship');
  el.setAttribute('Id', id);
  el.setAttribute('Type', type);
  el.setAttribute('Target', target);
  root(rels).appendChild(el);
}

/** Adds <Override PartName ContentType/> to [Content_Types].xml. */
export function addOverride(types: Document, partName: string, contentType: string): void {
  const el = types.createElementNS(NS.types, 'Override');
  el.setAttribute('PartName', partName);
  el.setAttribute('ContentType', contentType);
  root(types).appendChild(el);
}

/** Removes the <Override> of a part from [Content_Types].xml (if there is one). */
export function removeOverride(types: Document, partName: string): void {
  for (const o of children(root(types), 'Override'))
    if (o.getAttribute('PartName') === partName) root(types).removeChild(o);
}

/**
 * The document as two pieces of text, before and after the (new) last child of `parent`: generated
 * children (thousands of rows) are written between them as text, in chunks, never parsed.
 */
export function splitAtMarker(doc: Document, parent: Element): [string, string] {
  const marker = 'kaohe-generated-content';
  const comment = doc.createComment(marker);
  parent.appendChild(comment);
  const xml = serializeXml(doc);
  parent.removeChild(comment);
  const at = xml.indexOf(`<!--${marker}-->`);
  if (at < 0 || xml.indexOf(`<!--${marker}-->`, at + 1) >= 0) throw new Error('splitAtMarker: marker not unique');
  return [xml.slice(0, at), xml.slice(at + marker.length + 7)];
}
