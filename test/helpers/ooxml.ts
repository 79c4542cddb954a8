/**
 * Checks an .xlsx the way Excel's loader does before it offers to "repair" a file: every XML part is
 * validated against the ISO/IEC 29500 Transitional schemas (vendored in test/fixtures/ooxml-schemas/,
 * see its README) with xmllint (Debian libxml2-utils), after applying Markup Compatibility as a consumer
 * does (attributes and elements in mc:Ignorable namespaces dropped, mc:AlternateContent replaced by its
 * mc:Fallback). The package itself is checked too: every part has a content type, every override and
 * every internal relationship points at a part that exists; and so are the rules Excel enforces that no
 * schema states (sheet names, tables whose columns match their header cells, 255-character validation
 * formulas…, see excelRuleErrors).
 *
 *   const errors = await validateXlsx('out/月度考核-2026-10.xlsx');   // [] when Excel-clean
 *
 * Each error is one line: "<part>: <message>". Tests skip when xmllint is missing outside CI and fail
 * in CI (env CI=true), like the LibreOffice tests. VML parts (legacy drawings behind comments) are not
 * XML Schema material and are skipped. Each part is parsed once with xmldom, which is slow on big sheets
 * (a 7 MB 考核记录 takes about 20 s): validate small workbooks in tests.
 */
import { execFile, execFileSync } from 'child_process';
import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import JSZip from 'jszip';
import { DOMParser, XMLSerializer } from '@xmldom/xmldom';
import { testWith } from './tools';
import type { Element as XElement, Node as XNode } from '@xmldom/xmldom';

export const SCHEMA_DIR = path.resolve(__dirname, '..', 'fixtures', 'ooxml-schemas');

const ISO = (f: string) => path.join(SCHEMA_DIR, 'ISO-IEC29500-4_2016', f);
const ECMA = (f: string) => path.join(SCHEMA_DIR, 'ecma', 'fouth-edition', f);

/** The schema for each root element namespace. */
export const SCHEMA_BY_NAMESPACE: Record<string, string> = {
  'http://schemas.openxmlformats.org/spreadsheetml/2006/main': ISO('sml.xsd'),
  'http://schemas.openxmlformats.org/drawingml/2006/main': ISO('dml-main.xsd'),
  'http://schemas.openxmlformats.org/drawingml/2006/chart': ISO('dml-chart.xsd'),
  'http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing': ISO('dml-spreadsheetDrawing.xsd'),
  'http://schemas.openxmlformats.org/officeDocument/2006/extended-properties': ISO(
    'shared-documentPropertiesExtended.xsd',
  ),
  'http://schemas.openxmlformats.org/officeDocument/2006/custom-properties': ISO('shared-documentPropertiesCustom.xsd'),
  'http://schemas.openxmlformats.org/package/2006/content-types': ECMA('opc-contentTypes.xsd'),
  'http://schemas.openxmlformats.org/package/2006/relationships': ECMA('opc-relationships.xsd'),
  'http://schemas.openxmlformats.org/package/2006/metadata/core-properties': ECMA('opc-coreProperties.xsd'),
};

const MC = 'http://schemas.openxmlformats.org/markup-compatibility/2006';
const XMLNS = 'http://www.w3.org/2000/xmlns/';
const XML_NS = 'http://www.w3.org/XML/1998/namespace';

/** The Debian package that provides xmllint, named in skip and failure messages. */
export const XMLLINT_PACKAGE = 'libxml2-utils';

export function xmllintPath(): string | null {
  try {
    const p = execFileSync('sh', ['-c', 'command -v xmllint'], { encoding: 'utf8' }).trim();
    return p || null;
  } catch {
    return null;
  }
}

/** `test` when xmllint is installed or in CI (where a missing xmllint must fail), else `test.skip` with the skip line. */
export function schemaTest(): jest.It {
  return testWith(['xmllint'], 'OOXML 架构校验');
}

function elementChildren(node: XNode): XElement[] {
  const out: XElement[] = [];
  for (let c = node.firstChild; c; c = c.nextSibling) if (c.nodeType === 1) out.push(c as XElement);
  return out;
}

/**
 * Markup Compatibility as a consumer that understands none of the ignorable namespaces applies it
 * (ISO/IEC 29500-3): ignorable attributes and elements removed, AlternateContent replaced by the
 * content of its Fallback (or removed when it has none), mc:* attributes dropped. xml:space attributes
 * are dropped too: Excel writes <t xml:space="preserve"> in every file, and the Transitional schema
 * types <t> as plain text without attributes (a gap in the schema, not in the file).
 */
export function applyMarkupCompatibility(xml: string): string {
  const doc = parsePart(xml);
  markupCompatibility(doc);
  return new XMLSerializer().serializeToString(doc);
}

type XDocument = ReturnType<DOMParser['parseFromString']>;

/** Parses a part; throws "not well-formed XML: …" for what Excel would refuse to read. */
function parsePart(xml: string): XDocument {
  // xmldom accepts characters XML 1.0 forbids; Excel does not
  // eslint-disable-next-line no-control-regex
  const bad = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/.exec(xml);
  if (bad) {
    const line = xml.slice(0, bad.index).split('\n').length;
    throw new Error(
      `not well-formed XML: character U+${bad[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')} (not allowed in XML 1.0) on line ${line}`,
    );
  }
  const errors: string[] = [];
  const doc = new DOMParser({
    onError: (level, msg) => void (level !== 'warning' && errors.push(msg)),
  }).parseFromString(xml, 'text/xml');
  if (errors.length > 0 || !doc.documentElement) throw new Error(`not well-formed XML: ${errors.join('; ')}`);
  return doc;
}

/** Applies Markup Compatibility to a parsed part, in place. */
function markupCompatibility(doc: XDocument): void {
  const visit = (el: XElement, inherited: Set<string>): void => {
    const ignorable = new Set(inherited);
    const declared = el.getAttributeNS(MC, 'Ignorable');
    if (declared) {
      for (const prefix of declared.trim().split(/\s+/)) {
        const uri = el.lookupNamespaceURI(prefix);
        if (uri) ignorable.add(uri);
      }
    }
    for (const a of Array.from(el.attributes)) {
      if (a.namespaceURI === XMLNS) continue;
      if (a.namespaceURI === MC || (a.namespaceURI && ignorable.has(a.namespaceURI))) el.removeAttributeNode(a);
      // Excel itself writes <t xml:space="preserve">, which the Transitional schema (t is a simple type) omits
      else if (a.namespaceURI === XML_NS && a.localName === 'space') el.removeAttributeNode(a);
    }
    for (const child of elementChildren(el)) {
      if (child.namespaceURI === MC && child.localName === 'AlternateContent') {
        const fallback = elementChildren(child).find((c) => c.namespaceURI === MC && c.localName === 'Fallback');
        const replacement = fallback ? elementChildren(fallback) : [];
        for (const r of replacement) el.insertBefore(r, child);
        el.removeChild(child);
        for (const r of replacement) visit(r, ignorable);
      } else if (child.namespaceURI && ignorable.has(child.namespaceURI)) {
        el.removeChild(child);
      } else {
        visit(child, ignorable);
      }
    }
  };
  visit(doc.documentElement!, new Set());
}

const isXmlPart = (name: string) => /\.(xml|rels)$/i.test(name);

const SML = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const RELS_NS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

const smlElements = (node: { getElementsByTagNameNS(ns: string, n: string): ArrayLike<XElement> }, name: string) =>
  Array.from(node.getElementsByTagNameNS(SML, name));

/** Zero-based [col, row] of an A1 reference. */
function cellAt(ref: string): [number, number] {
  const m = /^\$?([A-Z]+)\$?(\d+)$/.exec(ref) ?? ['', 'A', '1'];
  let col = 0;
  for (const ch of m[1]) col = col * 26 + ch.charCodeAt(0) - 64;
  return [col - 1, Number(m[2]) - 1];
}
const rangeOf = (ref: string) => {
  const [a, b = a] = ref.split(':');
  const [c1, r1] = cellAt(a);
  const [c2, r2] = cellAt(b);
  return { c1, r1, c2, r2 };
};
const overlaps = (a: ReturnType<typeof rangeOf>, b: ReturnType<typeof rangeOf>) =>
  a.c1 <= b.c2 && b.c1 <= a.c2 && a.r1 <= b.r2 && b.r1 <= a.r2;

/** The text of a <si> or <is>: its <t> runs, phonetic runs left out. */
function runText(el: XElement): string {
  return smlElements(el, 't')
    .filter((t) => (t.parentNode as XElement | null)?.localName !== 'rPh')
    .map((t) => t.textContent ?? '')
    .join('');
}

/**
 * The order and references Excel relies on when it reads sheetData and cols: rows ascending and unique,
 * cells ascending within their row and in it, style and shared-string indexes in range, formulas of at
 * most 8,192 characters and texts of at most 32,767, every shared
 * formula's dependent inside the range of an earlier master with the same si, column ranges ascending
 * without overlap. At most 3 messages of each kind per part.
 */
function cellStructureErrors(part: string, sheet: XDocument, sharedCount: number, xfCount: number): string[] {
  const found = new Map<string, string[]>();
  let more = 0;
  const report = (kind: string, message: string) => {
    const list = found.get(kind) ?? [];
    if (list.length < 3) list.push(`${part}: ${message}`);
    else more++;
    found.set(kind, list);
  };
  let lastRow = 0;
  const masters = new Map<string, ReturnType<typeof rangeOf>>();
  for (const row of smlElements(sheet, 'row')) {
    const r = Number(row.getAttribute('r') ?? lastRow + 1);
    if (!(r > lastRow)) report('row order', `row ${r} comes after row ${lastRow}`);
    lastRow = r;
    let lastCol = -1;
    for (const c of smlElements(row, 'c')) {
      const ref = c.getAttribute('r');
      const [col, cr] = ref ? cellAt(ref) : [lastCol + 1, r - 1];
      if (cr !== r - 1) report('cell row', `cell ${ref} is in row ${r}`);
      if (!(col > lastCol)) report('cell order', `cell ${ref} is out of order in row ${r}`);
      lastCol = col;
      const style = c.getAttribute('s');
      if (style && Number(style) >= xfCount)
        report('style', `cell ${ref} has style ${style}, styles.xml has ${xfCount} cell formats`);
      const v = smlElements(c, 'v')[0]?.textContent;
      if (c.getAttribute('t') === 's' && v !== undefined && !(Number(v) < sharedCount))
        report('shared string', `cell ${ref} uses shared string ${v} of ${sharedCount}`);
      const f = smlElements(c, 'f')[0];
      if (f && (f.textContent ?? '').length > 8192)
        report(
          'formula length',
          `cell ${ref} has a formula of ${(f.textContent ?? '').length} characters (Excel allows 8,192)`,
        );
      if (c.getAttribute('t') === 'inlineStr' && runText(smlElements(c, 'is')[0] ?? c).length > 32767)
        report('text length', `cell ${ref} holds more than 32,767 characters`);
      if (f && f.getAttribute('t') === 'shared') {
        const si = f.getAttribute('si') ?? '';
        if ((f.textContent ?? '') !== '' && f.getAttribute('ref')) masters.set(si, rangeOf(f.getAttribute('ref')!));
        else {
          const range = masters.get(si);
          const here = { c1: col, r1: r - 1, c2: col, r2: r - 1 };
          if (!range || !overlaps(range, here))
            report(
              'shared formula',
              `cell ${ref} shares formula si=${si}, whose master range ${range ? 'does not cover it' : 'comes later or does not exist'}`,
            );
        }
      }
    }
  }
  let lastMax = 0;
  for (const col of smlElements(sheet, 'col')) {
    const min = Number(col.getAttribute('min'));
    const max = Number(col.getAttribute('max'));
    if (!(min >= 1 && max >= min && min > lastMax))
      report(
        'cols',
        `<col min="${min}" max="${max}"> overlaps or precedes the column range before it (ending at ${lastMax})`,
      );
    lastMax = Math.max(lastMax, max);
  }
  const out = [...found.values()].flat();
  if (more > 0) out.push(`${part}: … and ${more} more problems of the same kinds`);
  return out;
}

/**
 * Rules Excel enforces on load that the schemas cannot express (each breach makes Excel repair the file):
 * sheet names, unique defined names, tables (unique names, column names unique and equal to their header
 * cells, counts, no overlap), data-validation formulas of at most 255 characters, merged cells that do not
 * overlap, conditional formats whose dxfId exists, and the cell structure (cellStructureErrors).
 */
function excelRuleErrors(docs: Map<string, XDocument>): string[] {
  const errors: string[] = [];
  const wb = docs.get('xl/workbook.xml');
  const wbRels = docs.get('xl/_rels/workbook.xml.rels');
  if (!wb || !wbRels) return errors;
  const targets = new Map<string, string>();
  for (const r of Array.from(wbRels.getElementsByTagName('Relationship'))) {
    const t = r.getAttribute('Target') ?? '';
    targets.set(r.getAttribute('Id') ?? '', t.startsWith('/') ? t.slice(1) : path.posix.normalize(`xl/${t}`));
  }
  const seenSheets = new Set<string>();
  const sheets: { name: string; part: string }[] = [];
  for (const sh of smlElements(wb, 'sheet')) {
    const name = sh.getAttribute('name') ?? '';
    if (name.length < 1 || name.length > 31)
      errors.push(`xl/workbook.xml: sheet name "${name}" is not 1 to 31 characters long`);
    if (/[[\]:*?/\\]/.test(name) || /^'|'$/.test(name))
      errors.push(
        `xl/workbook.xml: sheet name "${name}" has a character Excel does not allow ([ ] : * ? / \\ or ' at either end)`,
      );
    if (seenSheets.has(name.toLowerCase())) errors.push(`xl/workbook.xml: two sheets named "${name}"`);
    seenSheets.add(name.toLowerCase());
    const part = targets.get(sh.getAttributeNS(RELS_NS, 'id') ?? '');
    if (part) sheets.push({ name, part });
  }
  const names = new Set<string>();
  for (const dn of smlElements(wb, 'definedName')) {
    const key = `${(dn.getAttribute('name') ?? '').toLowerCase()}@${dn.getAttribute('localSheetId') ?? ''}`;
    if (names.has(key)) errors.push(`xl/workbook.xml: defined name ${dn.getAttribute('name')} defined twice`);
    names.add(key);
  }
  const sst = docs.get('xl/sharedStrings.xml');
  const shared = sst ? smlElements(sst, 'si').map(runText) : [];
  shared.forEach(
    (t, i) =>
      t.length > 32767 &&
      errors.push(`xl/sharedStrings.xml: string ${i} has ${t.length} characters (a cell holds 32,767)`),
  );
  const styles = docs.get('xl/styles.xml') ?? null;
  const xfCount = styles ? smlElements(smlElements(styles, 'cellXfs')[0] ?? styles, 'xf').length : 0;
  const dxfCount = styles ? smlElements(styles, 'dxf').length : 0;
  const tableNames = new Map<string, string>();
  for (const { name: sheetName, part } of sheets) {
    const sheet = docs.get(part);
    if (!sheet) continue;
    // tables may not overlap on one sheet; tables on different sheets share no cells
    const tableRanges: { part: string; range: ReturnType<typeof rangeOf> }[] = [];
    const cellText = new Map<string, string>();
    for (const c of smlElements(sheet, 'c')) {
      const t = c.getAttribute('t');
      const v = smlElements(c, 'v')[0]?.textContent ?? '';
      const value =
        t === 'inlineStr' ? runText(smlElements(c, 'is')[0] ?? c) : t === 's' ? (shared[Number(v)] ?? '') : v;
      cellText.set(c.getAttribute('r') ?? '', value);
    }
    errors.push(...cellStructureErrors(part, sheet, shared.length, xfCount));
    for (const cf of smlElements(sheet, 'cfRule')) {
      const dxf = cf.getAttribute('dxfId');
      if (dxf !== null && dxf !== '' && Number(dxf) >= dxfCount)
        errors.push(
          `${part}: conditional format on ${(cf.parentNode as XElement).getAttribute('sqref')} uses dxfId ${dxf}, styles.xml has ${dxfCount}`,
        );
    }
    for (const dv of smlElements(sheet, 'dataValidation')) {
      for (const f of [...smlElements(dv, 'formula1'), ...smlElements(dv, 'formula2')]) {
        if ((f.textContent ?? '').length > 255)
          errors.push(
            `${part}: data validation on ${dv.getAttribute('sqref')} has a formula of ${(f.textContent ?? '').length} characters (Excel allows 255)`,
          );
      }
    }
    const merges = smlElements(sheet, 'mergeCell').map((m) => m.getAttribute('ref') ?? '');
    merges.forEach((a, i) =>
      merges
        .slice(i + 1)
        .forEach((b) => overlaps(rangeOf(a), rangeOf(b)) && errors.push(`${part}: merged cells ${a} and ${b} overlap`)),
    );
    const sheetRels = docs.get(part.replace(/([^/]+)$/, '_rels/$1.rels'));
    const sheetTargets = new Map<string, string>();
    if (sheetRels) {
      for (const r of Array.from(sheetRels.getElementsByTagName('Relationship'))) {
        sheetTargets.set(
          r.getAttribute('Id') ?? '',
          path.posix.normalize(path.posix.join(path.posix.dirname(part), r.getAttribute('Target') ?? '')),
        );
      }
    }
    for (const tp of smlElements(sheet, 'tablePart')) {
      const tpart = sheetTargets.get(tp.getAttributeNS(RELS_NS, 'id') ?? '');
      const tdoc = tpart ? docs.get(tpart) : undefined;
      if (!tpart || !tdoc) continue;
      const table = tdoc.documentElement!;
      const display = table.getAttribute('displayName') ?? '';
      const ref = table.getAttribute('ref') ?? '';
      const range = rangeOf(ref);
      if (tableNames.has(display.toLowerCase()))
        errors.push(`${tpart}: table name ${display} is also used by ${tableNames.get(display.toLowerCase())}`);
      if ([...names].some((k) => k.split('@')[0] === display.toLowerCase()))
        errors.push(`${tpart}: table name ${display} is also a defined name`);
      tableNames.set(display.toLowerCase(), tpart);
      for (const other of tableRanges)
        if (overlaps(other.range, range)) errors.push(`${tpart}: table ${ref} overlaps the table of ${other.part}`);
      tableRanges.push({ part: tpart, range });
      for (const m of merges)
        if (overlaps(rangeOf(m), range))
          errors.push(`${tpart}: table ${ref} overlaps merged cells ${m} on ${sheetName}`);
      const cols = smlElements(table, 'tableColumn');
      const count = smlElements(table, 'tableColumns')[0]?.getAttribute('count');
      if (count !== null && count !== undefined && Number(count) !== cols.length)
        errors.push(`${tpart}: tableColumns count="${count}" but ${cols.length} columns`);
      if (cols.length !== range.c2 - range.c1 + 1) errors.push(`${tpart}: ${cols.length} columns for the range ${ref}`);
      const seenCols = new Set<string>();
      const headerRow = table.getAttribute('headerRowCount') !== '0';
      cols.forEach((col, i) => {
        const name = col.getAttribute('name') ?? '';
        if (seenCols.has(name.toLowerCase())) errors.push(`${tpart}: two columns named ${name}`);
        seenCols.add(name.toLowerCase());
        let letters = '';
        for (let n = range.c1 + i + 1; n > 0; n = Math.floor((n - 1) / 26))
          letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
        const headRef = `${letters}${range.r1 + 1}`;
        const head = cellText.get(headRef);
        if (headerRow && head !== name)
          errors.push(
            `${tpart}: column ${name} but header cell ${sheetName}!${headRef} holds ${head === undefined ? 'nothing' : JSON.stringify(head)}`,
          );
      });
      const filter = smlElements(table, 'autoFilter')[0]?.getAttribute('ref');
      const totals = Number(table.getAttribute('totalsRowCount') ?? '0');
      if (filter && totals === 0 && filter !== ref)
        errors.push(`${tpart}: autoFilter ${filter} differs from the table's range ${ref}`);
    }
  }
  return errors;
}

/** Package checks (OPC): content types for every part, overrides and relationships that resolve. */
function packageErrors(zip: JSZip, docs: Map<string, XDocument>): string[] {
  const errors: string[] = [];
  const parts = new Set(Object.keys(zip.files).filter((n) => !zip.files[n].dir));
  const ct = docs.get('[Content_Types].xml');
  if (!ct) return ['[Content_Types].xml: missing or unreadable'];
  const defaults = new Set<string>();
  const overrides = new Set<string>();
  for (const el of Array.from(ct.getElementsByTagName('Default')))
    defaults.add((el.getAttribute('Extension') ?? '').toLowerCase());
  for (const el of Array.from(ct.getElementsByTagName('Override'))) {
    const name = (el.getAttribute('PartName') ?? '').replace(/^\//, '');
    overrides.add(name.toLowerCase());
    if (!parts.has(name)) errors.push(`[Content_Types].xml: Override for /${name}, which is not in the package`);
  }
  for (const p of parts) {
    if (p === '[Content_Types].xml') continue;
    const ext = p.includes('.') ? p.slice(p.lastIndexOf('.') + 1).toLowerCase() : '';
    if (!overrides.has(p.toLowerCase()) && !defaults.has(ext))
      errors.push(`${p}: no content type in [Content_Types].xml`);
  }
  for (const [relsPath, doc] of docs) {
    if (!relsPath.endsWith('.rels')) continue;
    // a/b/_rels/c.xml.rels describes a/b/c.xml; targets are relative to a/b/.
    const base = path.posix.dirname(path.posix.dirname(relsPath));
    const ids = new Set<string>();
    for (const r of Array.from(doc.getElementsByTagName('Relationship'))) {
      const id = r.getAttribute('Id') ?? '';
      if (ids.has(id)) errors.push(`${relsPath}: duplicate relationship Id ${id}`);
      ids.add(id);
      if (r.getAttribute('TargetMode') === 'External') continue;
      let target = r.getAttribute('Target') ?? '';
      try {
        target = decodeURIComponent(target); // a part name may be percent-encoded (OPC part names are URIs)
      } catch {
        /* not percent-encoded */
      }
      const resolved = target.startsWith('/')
        ? target.slice(1)
        : path.posix.normalize(path.posix.join(base === '.' ? '' : base, target));
      if (!parts.has(resolved))
        errors.push(`${relsPath}: relationship ${id} points at ${resolved}, which is not in the package`);
    }
  }
  return errors;
}

interface PreparedPart {
  /** Index of the file in the batch. */
  file: number;
  part: string;
  tmp: string;
}

function runXmllint(schema: string, files: string[]): Promise<{ code: number; output: string }> {
  return new Promise((resolve, reject) => {
    execFile(
      xmllintPath() ?? 'xmllint',
      ['--noout', '--nonet', '--schema', schema, ...files],
      { maxBuffer: 64 << 20 },
      (err, stdout, stderr) => {
        if (err && typeof err.code !== 'number')
          reject(new Error(`xmllint (${XMLLINT_PACKAGE}) could not run: ${err.message}`));
        else resolve({ code: err ? Number(err.code) : 0, output: `${stdout}${stderr}` });
      },
    );
  });
}

/**
 * Validates every XML part of the .xlsx at `file` (its bytes may be given instead of a path) and checks
 * the package. Returns one line per problem, "<part>: <message>"; empty when the file is clean.
 */
export async function validateXlsx(file: string | Buffer): Promise<string[]> {
  return (await validateXlsxFiles([file]))[0];
}

/** validateXlsx for many files at once (one xmllint run per schema for the whole batch: much faster). */
export async function validateXlsxFiles(files: (string | Buffer)[]): Promise<string[][]> {
  const errors: string[][] = files.map(() => []);
  const work = await fs.mkdtemp(path.join(os.tmpdir(), 'kaohe-ooxml-'));
  try {
    const bySchema = new Map<string, PreparedPart[]>();
    let n = 0;
    for (const [i, file] of files.entries()) {
      const zip = await JSZip.loadAsync(typeof file === 'string' ? await fs.readFile(file) : file);
      // each part parsed once: Markup Compatibility applied in place, then serialized for xmllint and read by the rule checks
      const docs = new Map<string, XDocument>();
      for (const part of Object.keys(zip.files).sort()) {
        if (zip.files[part].dir || !isXmlPart(part)) continue; // VML (legacy drawings for comments) is not XML Schema material
        let doc: XDocument;
        try {
          doc = parsePart(await zip.files[part].async('string'));
          markupCompatibility(doc);
        } catch (err) {
          errors[i].push(`${part}: ${(err as Error).message}`);
          continue;
        }
        docs.set(part, doc);
        const ns = doc.documentElement!.namespaceURI;
        const schema = ns ? SCHEMA_BY_NAMESPACE[ns] : undefined;
        if (!schema) {
          errors[i].push(`${part}: no schema for root namespace ${ns ?? '(none)'}`);
          continue;
        }
        const tmp = path.join(work, `part${n++}.xml`);
        await fs.writeFile(tmp, new XMLSerializer().serializeToString(doc));
        bySchema.set(schema, [...(bySchema.get(schema) ?? []), { file: i, part, tmp }]);
      }
      errors[i].push(...packageErrors(zip, docs), ...excelRuleErrors(docs));
    }
    for (const [schema, all] of bySchema) {
      for (let from = 0; from < all.length; from += 400) {
        const parts = all.slice(from, from + 400);
        const { code, output } = await runXmllint(
          schema,
          parts.map((p) => p.tmp),
        );
        const byTmp = new Map(parts.map((p) => [p.tmp, p]));
        // "<file>:<line>: element x: Schemas validity error : …" per problem; "<file> fails to validate" or
        // "<file> validates" per file; anything else is context (or a schema that does not compile)
        let found = 0;
        for (const line of output.split('\n')) {
          const m = /^(.*?\.xml)(?::\d+)?: (.*)$/.exec(line);
          const p = m && byTmp.get(m[1]);
          if (!p) continue;
          errors[p.file].push(`${p.part}: ${m[2].replace(/^element /, '').replace(/Schemas validity error : /, '')}`);
          found++;
        }
        if (code !== 0 && found === 0) {
          for (const i of new Set(parts.map((p) => p.file)))
            errors[i].push(`xmllint (${path.basename(schema)}) exited with ${code}: ${output.trim()}`);
        }
      }
    }
  } finally {
    await fs.rm(work, { recursive: true, force: true });
  }
  // schema errors first came grouped by schema: put each file's in part order
  return errors.map((list) => [...list].sort((a, b) => a.split(': ')[0].localeCompare(b.split(': ')[0])));
}
