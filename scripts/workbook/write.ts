/**
 * Writes a WorkbookModel into a copy of a template .xlsx. The template supplies styles, column widths,
 * print settings and the places (sheets by name, defined names for the policy blocks); the model supplies
 * the cells. Sheet XML is generated directly (shared formulas, inline strings) and deflated as it is
 * produced, so an 80,000-entry month stays fast and small in memory. The template is never modified;
 * the output is written to a temporary file in the target folder and renamed.
 */
import { promises as fs } from 'fs';
import * as path from 'path';
import JSZip from 'jszip';
import { InputError } from '../../core/problems';
import { assertInputFile } from '../import/table';
import { writeAtomically } from '../output';
import { fitCellText } from '../import/xlsx';
import { formulaAt } from '../../core/workbook/model';
import type {
  BlockModel,
  ConditionalFill,
  Scalar,
  SheetModel,
  ValidationModel,
  WorkbookModel,
} from '../../core/workbook/model';
import {
  POLICY_BLOCKS,
  PolicyLayout,
  REQUIRED_SHEETS,
  colLetter,
  colNumber,
  defaultPolicyLayout,
  sheetRef,
} from '../../core/workbook/layout';
import { SHEET } from '../../core/workbook/sheets';
import { ZipWriter } from './zip';
import { setFitToPage } from './sheet-xml';
import {
  Document,
  Element,
  addOverride,
  addRelationship,
  child,
  children,
  createLike,
  descendants,
  emptyRelationships,
  fragment,
  insertBefore,
  parseXml,
  removeOverride,
  root,
  serializeXml,
  splitAtMarker,
  text,
} from './xml-dom';

const MAIN_NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL_NS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const TABLE_REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/table';
const TABLE_CT = 'application/vnd.openxmlformats-officedocument.spreadsheetml.table+xml';

// eslint-disable-next-line no-control-regex
const BAD_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;
// eslint-disable-next-line no-control-regex -- characters XML 1.0 forbids must be found to be escaped
const NEEDS_ESCAPE = /[&<>"\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/;
export function xmlEscape(s: string): string {
  if (!NEEDS_ESCAPE.test(s)) return s;
  return s
    .replace(BAD_XML, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

/** A parsed template: its zip, sheet parts by name, and the places found. */
export interface Template {
  zip: JSZip;
  file: string;
  sheetPart: Map<string, string>;
  sheetIndex: Map<string, number>;
  layout: PolicyLayout;
}

/** Opens a template and checks that every required place is there; a missing one is named. */
export async function loadTemplate(file: string): Promise<Template> {
  await assertInputFile(file, { label: '模板', xlsx: true });
  const buf = await fs.readFile(file);
  let zip: JSZip;
  try {
    zip = await JSZip.loadAsync(buf);
  } catch {
    throw new InputError(
      `模板 ${path.basename(file)} 不是有效的 .xlsx 工作簿（文件已损坏）。请用 Excel 打开后另存为 .xlsx。`,
      'TEMPLATE_INVALID',
    );
  }
  const wbXml = await zip.file('xl/workbook.xml')?.async('string');
  const relsXml = await zip.file('xl/_rels/workbook.xml.rels')?.async('string');
  if (!wbXml || !relsXml)
    throw new InputError(
      `模板 ${path.basename(file)} 不是有效的 .xlsx 工作簿（缺少 workbook.xml）。`,
      'TEMPLATE_INVALID',
    );
  let wb: Document;
  let relsDoc: Document;
  try {
    wb = parseXml(wbXml, 'xl/workbook.xml');
    relsDoc = parseXml(relsXml, 'xl/_rels/workbook.xml.rels');
  } catch {
    throw new InputError(
      `模板 ${path.basename(file)} 不是有效的 .xlsx 工作簿（workbook.xml 已损坏）。请用 Excel 打开后另存为 .xlsx。`,
      'TEMPLATE_INVALID',
    );
  }
  const rels = new Map<string, string>();
  for (const rel of children(root(relsDoc), 'Relationship')) {
    const id = rel.getAttribute('Id');
    const target = rel.getAttribute('Target');
    if (id && target) rels.set(id, target.startsWith('/') ? target.slice(1) : `xl/${target}`);
  }
  const sheetPart = new Map<string, string>();
  const sheetIndex = new Map<string, number>();
  let i = 0;
  for (const sheet of descendants(wb, 'sheet')) {
    const name = sheet.getAttribute('name') ?? '';
    const rid = sheet.getAttributeNS(REL_NS, 'id');
    if (rid && rels.has(rid)) sheetPart.set(name, rels.get(rid)!);
    sheetIndex.set(name, i++);
  }
  const missingSheets = REQUIRED_SHEETS.filter((s) => !sheetPart.has(s));
  if (missingSheets.length) {
    throw new InputError(
      `模板 ${path.basename(file)} 缺少工作表「${missingSheets.join('」「')}」：月度考核模板必须包含这些工作表（名称不可更改）。`,
      'TEMPLATE_PLACE_MISSING',
    );
  }
  const names = new Map<string, string>();
  for (const dn of descendants(wb, 'definedName')) names.set(dn.getAttribute('name') ?? '', text(dn));
  const layout = defaultPolicyLayout();
  const missing: string[] = [];
  for (const key of Object.keys(POLICY_BLOCKS) as (keyof PolicyLayout)[]) {
    const name = POLICY_BLOCKS[key].name;
    const ref = names.get(name);
    const m = ref ? /^(?:'((?:[^']|'')+)'|([^!]+))!\$?([A-Z]+)\$?(\d+)/.exec(ref) : null;
    const sheet = m ? (m[1] ?? m[2]).replace(/''/g, "'") : '';
    if (!m || sheet !== SHEET.items) {
      missing.push(name);
      continue;
    }
    layout[key] = { row: Number(m[4]), col: colNumber(m[3]) };
  }
  if (missing.length) {
    throw new InputError(
      `模板 ${path.basename(file)} 缺少名称「${missing.join('」「')}」：这些名称（公式 → 名称管理器）标出「${SHEET.items}」表中各参数区的左上角单元格，生成器据此填写。`,
      'TEMPLATE_PLACE_MISSING',
    );
  }
  return { zip, file, sheetPart, sheetIndex, layout };
}

/** The template sheet's cells (those inside its <sheetData>). */
function templateCells(sheet: Element): Element[] {
  const data = child(sheet, 'sheetData');
  return data ? children(data, 'row').flatMap((r) => children(r, 'c')) : [];
}

/** Styles of the template's cells: header and first data row of each block (the prototype row). */
function cellStyles(sheet: Element): Map<string, string> {
  const out = new Map<string, string>();
  for (const c of templateCells(sheet)) {
    const r = c.getAttribute('r');
    const s = c.getAttribute('s');
    if (r && s) out.set(r, s);
  }
  return out;
}

/** The styles part, with a date format added to its cell formats and the dxfs the sheets' fills add. */
interface StyleBook {
  doc: Document;
  dxfs: Element;
  dateXf: number;
}

/** The elements after <dxfs> in CT_Stylesheet. */
const AFTER_DXFS = new Set(['tableStyles', 'colors', 'extLst']);

async function readStyles(zip: JSZip): Promise<StyleBook> {
  const doc = parseXml(
    (await zip.file('xl/styles.xml')?.async('string')) ?? `<styleSheet xmlns="${MAIN_NS}"/>`,
    'xl/styles.xml',
  );
  const sheet = root(doc);
  const xfs = child(sheet, 'cellXfs');
  let dateXf = 0;
  if (xfs) {
    dateXf = children(xfs, 'xf').length;
    const [added] = fragment(
      doc,
      '<xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>',
      xfs.namespaceURI ?? MAIN_NS,
    );
    xfs.appendChild(added);
    xfs.setAttribute('count', String(dateXf + 1));
  }
  let dxfs = child(sheet, 'dxfs');
  if (!dxfs) {
    dxfs = createLike(doc, sheet, 'dxfs');
    insertBefore(sheet, dxfs, AFTER_DXFS);
  }
  return { doc, dxfs, dateXf };
}

/** Adds a differential format; its index. */
function addDxf(book: StyleBook, dxfXml: string): number {
  for (const el of fragment(book.doc, dxfXml, book.dxfs.namespaceURI ?? MAIN_NS)) book.dxfs.appendChild(el);
  const n = children(book.dxfs, 'dxf').length;
  book.dxfs.setAttribute('count', String(n));
  return n - 1;
}

function dxfOf(f: ConditionalFill): string {
  const font =
    f.fontColor || f.strike
      ? `<font>${f.strike ? '<strike/>' : ''}${f.fontColor ? `<color rgb="${f.fontColor}"/>` : ''}</font>`
      : '';
  const fill = f.fill
    ? `<fill><patternFill patternType="solid"><fgColor rgb="${f.fill}"/><bgColor rgb="${f.fill}"/></patternFill></fill>`
    : '';
  return `<dxf>${font}${fill}</dxf>`;
}

function cellXml(ref: string, style: string | undefined, v: Scalar, formula?: string): string {
  const s = style !== undefined ? ` s="${style}"` : '';
  if (formula !== undefined) {
    if (v === null || v === undefined) return `<c r="${ref}"${s} t="str">${formula}<v></v></c>`;
    if (typeof v === 'number') return `<c r="${ref}"${s}>${formula}<v>${Number.isFinite(v) ? v : 0}</v></c>`;
    if (typeof v === 'boolean') return `<c r="${ref}"${s} t="b">${formula}<v>${v ? 1 : 0}</v></c>`;
    return `<c r="${ref}"${s} t="str">${formula}<v>${xmlEscape(v)}</v></c>`;
  }
  if (v === null || v === undefined) return style !== undefined ? `<c r="${ref}"${s}/>` : '';
  if (typeof v === 'number') return `<c r="${ref}"${s}><v>${Number.isFinite(v) ? v : 0}</v></c>`;
  if (typeof v === 'boolean') return `<c r="${ref}"${s} t="b"><v>${v ? 1 : 0}</v></c>`;
  const text = xmlEscape(fitCellText(v));
  const space =
    v.length > 0 && (v.charCodeAt(0) <= 32 || v.charCodeAt(v.length - 1) <= 32 || v.includes('\n'))
      ? ' xml:space="preserve"'
      : '';
  return `<c r="${ref}"${s} t="inlineStr"><is><t${space}>${text}</t></is></c>`;
}

/**
 * The template's column of each column of a sheet's main blocks, found by its header text in the template's
 * header row (so a template made before a column was added, or restyled by HR, still gives each column its
 * own style and width); the column's own letter when the template has no such header. Policy blocks (named
 * places) keep their addresses.
 */
function templateColumns(sheet: SheetModel, headers: Map<string, string>): string[][] {
  return sheet.blocks.map((b) =>
    b.columns.map((c, i) => {
      const own = colLetter(b.col + i);
      if (b.place !== '' || headers.size === 0) return own;
      // a header the template does not have (a column added since): no template style rather than a neighbour's
      return headers.get(`${b.row}\u0000${c.header}`) ?? '';
    }),
  );
}

/** The text of a string item or inline string: its runs, without phonetic guides. */
function richText(el: Element): string {
  return descendants(el, 't')
    .filter((t) => (t.parentNode as Element | null)?.localName !== 'rPh')
    .map(text)
    .join('');
}

/** Header texts of a template sheet: `row\u0000text` → column letter (first occurrence). */
function templateHeaders(sheet: Element, shared: string[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const c of templateCells(sheet)) {
    const [, letters, row] = /^([A-Z]+)(\d+)$/.exec(c.getAttribute('r') ?? '') ?? [];
    if (!letters || !c.firstChild) continue;
    const t = c.getAttribute('t');
    const v = child(c, 'v');
    const is = child(c, 'is');
    let value: string | undefined;
    if (t === 's') value = v ? shared[Number(text(v))] : undefined;
    else if (t === 'inlineStr') value = is ? richText(is) : v ? text(v) : undefined;
    else if (t === 'str') value = v ? text(v) : undefined;
    const key = `${row}\u0000${value}`;
    if (value !== undefined && !out.has(key)) out.set(key, letters);
  }
  return out;
}

async function sharedStrings(zip: JSZip): Promise<string[]> {
  const xml = await zip.file('xl/sharedStrings.xml')?.async('string');
  if (!xml) return [];
  return children(root(parseXml(xml, 'xl/sharedStrings.xml')), 'si').map(richText);
}

/** The <sheetData> of a sheet, as chunks: blocks side by side share rows, so rows are merged by number. */
function* sheetDataChunks(
  sheet: SheetModel,
  styles: Map<string, string>,
  dateXf: number,
  sharedBase: { si: number },
  from: string[][],
  release = false,
): Generator<string> {
  const blocks = sheet.blocks;
  const lastRow = Math.max(...blocks.map((b) => b.row + b.rows.length));
  const letters = blocks.map((b) => b.columns.map((_, i) => colLetter(b.col + i)));
  const headerStyle = blocks.map((b, bi) => from[bi].map((l) => styles.get(`${l}${b.row}`)));
  const dataStyle = blocks.map((b, bi) =>
    from[bi].map((l, ci) => {
      const s = styles.get(`${l}${b.row + 1}`);
      if (s === undefined && b.columns[ci].kind === 'date') return String(dateXf);
      return s;
    }),
  );
  // shared formula ids per block column
  const si = blocks.map((b) => b.columns.map((c) => (c.formula && b.rows.length > 0 ? sharedBase.si++ : -1)));
  const firstRow = Math.min(...blocks.map((b) => b.row));
  let buf = '';
  for (let r = firstRow; r <= lastRow; r++) {
    let cells = '';
    for (let bi = 0; bi < blocks.length; bi++) {
      const b = blocks[bi];
      if (r === b.row) {
        b.columns.forEach((c, ci) => (cells += cellXml(`${letters[bi][ci]}${r}`, headerStyle[bi][ci], c.header)));
      } else if (r > b.row && r <= b.row + b.rows.length) {
        const values = b.rows[r - b.row - 1];
        // the row is written: let it go (a 300,000-row month holds its rows only until they are XML)
        if (release) (b.rows as (Scalar[] | undefined)[])[r - b.row - 1] = undefined;
        for (let ci = 0; ci < b.columns.length; ci++) {
          const c = b.columns[ci];
          const ref = `${letters[bi][ci]}${r}`;
          let f: string | undefined;
          if (c.formula) {
            if (r === b.row + 1) {
              const text = xmlEscape(formulaAt(c.formula, r));
              f = `<f t="shared" ref="${ref}:${letters[bi][ci]}${b.row + b.rows.length}" si="${si[bi][ci]}">${text}</f>`;
            } else f = `<f t="shared" si="${si[bi][ci]}"/>`;
          } else if (c.cellFormulas?.[r - b.row - 1] !== undefined) {
            f = `<f>${xmlEscape(c.cellFormulas[r - b.row - 1])}</f>`;
          }
          cells += cellXml(ref, dataStyle[bi][ci], values[ci] ?? null, f);
        }
      }
    }
    if (cells) buf += `<row r="${r}">${cells}</row>`;
    // 256 KB chunks: the text of a chunk dies young. With 1 MB chunks their pieces reached the old
    // generation and a 300,000-entry month peaked at 1,028 MB (now 777 MB, time unchanged; npm run bench)
    if (buf.length > 1 << 18) {
      yield buf;
      buf = '';
    }
  }
  yield buf;
}

function colsXml(sheet: SheetModel, templateCols: Element | undefined, from: string[][]): string {
  const tmpl = new Map<number, string>();
  for (const col of templateCols ? children(templateCols, 'col') : []) {
    const min = Number(col.getAttribute('min'));
    const max = Number(col.getAttribute('max'));
    const width = col.getAttribute('width');
    if (width && max - min < 200) for (let c = min; c <= max; c++) tmpl.set(c, width);
  }
  const out: { min: number; xml: string }[] = [];
  const seen = new Set<number>();
  const used = new Set<number>();
  sheet.blocks.forEach((b, bi) => b.columns.forEach((_, i) => from[bi][i] && used.add(colNumber(from[bi][i]))));
  sheet.blocks.forEach((b, bi) => {
    b.columns.forEach((c, i) => {
      const n = b.col + i;
      if (seen.has(n)) return;
      seen.add(n);
      const width = (from[bi][i] ? tmpl.get(colNumber(from[bi][i])) : undefined) ?? String(c.width);
      out.push({
        min: n,
        xml: `<col min="${n}" max="${n}" width="${xmlEscape(width)}" customWidth="1"${c.hidden ? ' hidden="1"' : ''}/>`,
      });
    });
  });
  for (const [n, w] of tmpl)
    if (!seen.has(n) && !used.has(n))
      out.push({ min: n, xml: `<col min="${n}" max="${n}" width="${xmlEscape(w)}" customWidth="1"/>` });
  out.sort((a, b) => a.min - b.min);
  return out.length ? `<cols>${out.map((c) => c.xml).join('')}</cols>` : '';
}

function validationXml(v: ValidationModel): string {
  const op = v.operator ? ` operator="${v.operator}"` : '';
  const f = v.formulae.map((x, i) => `<formula${i + 1}>${xmlEscape(x)}</formula${i + 1}>`).join('');
  return `<dataValidation type="${v.type}"${op} allowBlank="${v.allowBlank ? 1 : 0}" showErrorMessage="1" errorStyle="stop" errorTitle="输入有误" error="${xmlEscape(v.error)}" sqref="${v.ref}">${f}</dataValidation>`;
}

/** The template's first sheet view's settings (zoom, grid lines…), its panes and selection replaced. */
function sheetViewXml(sheet: SheetModel, template: Element, selected: boolean): string {
  const views = child(template, 'sheetViews');
  const view = views ? child(views, 'sheetView') : undefined;
  let tag = '<sheetView';
  let viewId = false;
  for (const a of view ? Array.from(view.attributes) : []) {
    if (a.name === 'tabSelected' || a.name.startsWith('xmlns')) continue;
    if (a.name === 'workbookViewId') viewId = true;
    tag += ` ${a.name}="${xmlEscape(a.value)}"`;
  }
  if (!viewId) tag += ' workbookViewId="0"';
  if (selected) tag += ' tabSelected="1"';
  const fz = sheet.freeze;
  if (!fz || (fz.rows === 0 && fz.cols === 0)) return `<sheetViews>${tag}/></sheetViews>`;
  const pane = fz.rows && fz.cols ? 'bottomRight' : fz.rows ? 'bottomLeft' : 'topRight';
  const topLeft = `${colLetter(fz.cols + 1)}${fz.rows + 1}`;
  return `<sheetViews>${tag}><pane${fz.cols ? ` xSplit="${fz.cols}"` : ''}${fz.rows ? ` ySplit="${fz.rows}"` : ''} topLeftCell="${topLeft}" activePane="${pane}" state="frozen"/><selection pane="${pane}" activeCell="${topLeft}" sqref="${topLeft}"/></sheetView></sheetViews>`;
}

function tableXml(id: number, name: string, style: string, block: BlockModel): string {
  const ref = `${colLetter(block.col)}${block.row}:${colLetter(block.col + block.columns.length - 1)}${block.row + Math.max(1, block.rows.length)}`;
  // a formula column is a calculated column: Excel and WPS fill its formula into rows inserted or appended in the table
  // (the formula as in the first data row; {p}/{n} stay relative to it)
  const first = block.row + 1;
  const cols = block.columns
    .map((c, i) =>
      c.formula
        ? `<tableColumn id="${i + 1}" name="${xmlEscape(c.header)}"><calculatedColumnFormula>${xmlEscape(formulaAt(c.formula, first))}</calculatedColumnFormula></tableColumn>`
        : `<tableColumn id="${i + 1}" name="${xmlEscape(c.header)}"/>`,
    )
    .join('');
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<table xmlns="${MAIN_NS}" id="${id}" name="${xmlEscape(name)}" displayName="${xmlEscape(name)}" ref="${ref}" totalsRowShown="0"><autoFilter ref="${ref}"/><tableColumns count="${block.columns.length}">${cols}</tableColumns><tableStyleInfo name="${style}" showFirstColumn="0" showLastColumn="0" showRowStripes="1" showColumnStripes="0"/></table>`;
}

/** Writes `model` into a copy of the template at `outFile` (atomically: temp file + rename). */
/** Parts of CT_Workbook after <definedNames>, and after <calcPr>. */
const AFTER_DEFINED_NAMES = new Set([
  'calcPr',
  'oleSize',
  'customWorkbookViews',
  'pivotCaches',
  'smartTagPr',
  'smartTagTypes',
  'webPublishing',
  'fileRecoveryPr',
  'webPublishObjects',
  'extLst',
]);
const AFTER_CALC_PR = new Set([...AFTER_DEFINED_NAMES].filter((n) => n !== 'calcPr'));

/** Writes `model` into a copy of the template at `outFile` (atomically: temp file + rename). */
export interface WriteOptions {
  /**
   * Drop each data row from the model once it is written (the model is unusable afterwards): the caller
   * that only writes, `kaohe monthly`, then peaks far lower on a big month.
   */
  releaseRows?: boolean;
}

export async function writeWorkbook(
  template: Template,
  model: WorkbookModel,
  outFile: string,
  opts: WriteOptions = {},
): Promise<void> {
  const zip = template.zip;
  const styles = await readStyles(zip);
  const replaced = new Map<string, string | null>(); // part name → new content (null = drop)
  const contentTypes = parseXml(await zip.file('[Content_Types].xml')!.async('string'), '[Content_Types].xml');
  const wb = parseXml(await zip.file('xl/workbook.xml')!.async('string'), 'xl/workbook.xml');
  const wbRels = parseXml(await zip.file('xl/_rels/workbook.xml.rels')!.async('string'), 'xl/_rels/workbook.xml.rels');

  // calcChain is stale once cells change; drop it.
  replaced.set('xl/calcChain.xml', null);
  removeOverride(contentTypes, '/xl/calcChain.xml');
  for (const rel of children(root(wbRels), 'Relationship'))
    if ((rel.getAttribute('Target') ?? '').endsWith('calcChain.xml')) root(wbRels).removeChild(rel);

  const sharedBase = { si: 0 };
  const shared = await sharedStrings(zip);
  let tableId = 1 + Object.keys(zip.files).filter((n) => /^xl\/tables\/table\d+\.xml$/.test(n)).length;
  const firstSheet = model.sheets[0]?.name;
  const sheetChunks: { part: string; chunks: Iterable<string> }[] = [];
  for (const sheet of model.sheets) {
    const part = template.sheetPart.get(sheet.name)!;
    const doc = parseXml(
      (await zip.file(part)?.async('string')) ??
        `<worksheet xmlns="${MAIN_NS}" xmlns:r="${REL_NS}"><sheetData/></worksheet>`,
      part,
    );
    const ws = root(doc);
    const relsPart = part.replace(/([^/]+)$/, '_rels/$1.rels');
    const relsXml = await zip.file(relsPart)?.async('string');
    let rels = relsXml ? parseXml(relsXml, relsPart) : undefined;
    // drop the template's tables on this sheet: the model brings its own
    for (const rel of rels ? children(root(rels), 'Relationship') : []) {
      if (rel.getAttribute('Type') !== TABLE_REL) continue;
      const full = path.posix.normalize(path.posix.join(path.posix.dirname(part), rel.getAttribute('Target') ?? ''));
      replaced.set(full, null);
      removeOverride(contentTypes, `/${full}`);
      rel.parentNode!.removeChild(rel);
    }
    const cf = sheet.fills
      .map(
        (f, i) =>
          `<conditionalFormatting sqref="${f.ref}"><cfRule type="expression" dxfId="${addDxf(styles, dxfOf(f))}" priority="${i + 1}"><formula>${xmlEscape(f.formula)}</formula></cfRule></conditionalFormatting>`,
      )
      .join('');
    const dv = sheet.validations.length
      ? `<dataValidations count="${sheet.validations.length}">${sheet.validations.map(validationXml).join('')}</dataValidations>`
      : '';
    let tableParts = '';
    if (sheet.table) {
      const id = tableId++;
      const tpart = `xl/tables/table${id}.xml`;
      replaced.set(tpart, tableXml(id, sheet.table.name, sheet.table.style, sheet.blocks[0]));
      addOverride(contentTypes, `/${tpart}`, TABLE_CT);
      const rid = `rIdKhTable${id}`;
      rels ??= emptyRelationships();
      addRelationship(rels, rid, TABLE_REL, `../tables/table${id}.xml`);
      tableParts = `<tableParts count="1"><tablePart xmlns:r="${REL_NS}" r:id="${rid}"/></tableParts>`;
    }
    if (rels) replaced.set(relsPart, serializeXml(rels));
    const styleMap = cellStyles(ws);
    const from = templateColumns(sheet, templateHeaders(ws, shared));
    const lastRow = Math.max(...sheet.blocks.map((b) => b.row + b.rows.length));
    const lastCol = Math.max(...sheet.blocks.map((b) => b.col + b.columns.length - 1));

    // The worksheet rebuilt from the template's own elements (print settings, margins, drawings…) and the
    // model's, in CT_Worksheet's order; its sheetData is streamed in between the two halves.
    const own = (name: string) => child(ws, name);
    let sheetPr = own('sheetPr');
    let pageSetup: Element | string | undefined = own('pageSetup');
    if (sheet.print) {
      if (!pageSetup)
        pageSetup = `<pageSetup paperSize="9" orientation="${sheet.print.landscape ? 'landscape' : 'portrait'}"${sheet.print.fitToWidth ? ' fitToWidth="1" fitToHeight="0"' : ''}/>`;
      if (sheet.print.fitToWidth) {
        sheetPr ??= createLike(doc, ws, 'sheetPr');
        setFitToPage(doc, sheetPr);
      }
    }
    const parts: (Element | string | undefined)[] = [
      sheetPr,
      `<dimension ref="A1:${colLetter(lastCol)}${lastRow}"/>`,
      sheetViewXml(sheet, ws, sheet.name === firstSheet),
      own('sheetFormatPr') ?? '<sheetFormatPr defaultRowHeight="15"/>',
      colsXml(sheet, own('cols'), from),
      '<sheetData/>',
      own('sheetProtection'),
      cf,
      dv,
      own('printOptions'),
      own('pageMargins') ?? '<pageMargins left="0.5" right="0.5" top="0.6" bottom="0.6" header="0.3" footer="0.3"/>',
      pageSetup,
      own('headerFooter'),
      ...children(ws, 'rowBreaks'),
      ...children(ws, 'colBreaks'),
      own('drawing'),
      own('legacyDrawing'),
      tableParts,
    ];
    while (ws.firstChild) ws.removeChild(ws.firstChild);
    for (const p of parts) {
      if (typeof p === 'object') ws.appendChild(p);
      else if (p) for (const el of fragment(doc, p, ws.namespaceURI ?? MAIN_NS)) ws.appendChild(el);
    }
    const [head, tail] = splitAtMarker(doc, child(ws, 'sheetData')!);
    const chunks = (function* () {
      yield head;
      yield* sheetDataChunks(sheet, styleMap, styles.dateXf, sharedBase, from, opts.releaseRows === true);
      yield tail;
    })();
    sheetChunks.push({ part, chunks });
  }

  // workbook.xml: defined names (the model's places, print area/titles), recalculation on open
  const wbRoot = root(wb);
  let definedNames = child(wbRoot, 'definedNames');
  const ours = new Set(Object.keys(model.names));
  const summaryIndex = template.sheetIndex.get(SHEET.summary)!;
  for (const dn of definedNames ? children(definedNames, 'definedName') : []) {
    const n = dn.getAttribute('name') ?? '';
    const local = dn.getAttribute('localSheetId');
    const printOfSummary = (n === '_xlnm.Print_Area' || n === '_xlnm.Print_Titles') && local === String(summaryIndex);
    if (ours.has(n) || printOfSummary) definedNames!.removeChild(dn);
  }
  if (!definedNames) {
    definedNames = createLike(wb, wbRoot, 'definedNames');
    insertBefore(wbRoot, definedNames, AFTER_DEFINED_NAMES);
  }
  const addName = (name: string, ref: string, localSheetId?: number) => {
    const dn = createLike(wb, definedNames!, 'definedName');
    dn.setAttribute('name', name);
    if (localSheetId !== undefined) dn.setAttribute('localSheetId', String(localSheetId));
    dn.appendChild(wb.createTextNode(ref));
    definedNames!.appendChild(dn);
  };
  for (const [n, ref] of Object.entries(model.names)) addName(n, ref);
  const summary = model.sheets.find((s) => s.name === SHEET.summary);
  if (summary?.printColumns) {
    const rows = Math.max(2, summary.blocks[0].rows.length + 1);
    const ref = sheetRef(SHEET.summary);
    addName('_xlnm.Print_Area', `${ref}!$A$1:$${colLetter(summary.printColumns)}$${rows}`, summaryIndex);
    addName('_xlnm.Print_Titles', `${ref}!$1:$1`, summaryIndex);
  }
  let calcPr = child(wbRoot, 'calcPr');
  if (calcPr) calcPr.removeAttribute('calcMode');
  else {
    calcPr = createLike(wb, wbRoot, 'calcPr');
    calcPr.setAttribute('calcId', '191029');
    insertBefore(wbRoot, calcPr, AFTER_CALC_PR);
  }
  calcPr.setAttribute('fullCalcOnLoad', '1');
  calcPr.setAttribute('forceFullCalc', '1');
  // the first sheet is the active tab
  for (const view of descendants(wb, 'workbookView')) {
    view.removeAttribute('activeTab');
    view.removeAttribute('firstSheet');
  }
  replaced.set('xl/workbook.xml', serializeXml(wb));
  replaced.set('xl/_rels/workbook.xml.rels', serializeXml(wbRels));
  replaced.set('[Content_Types].xml', serializeXml(contentTypes));
  replaced.set('xl/styles.xml', serializeXml(styles.doc));

  // The archive is written by ZipWriter (./zip), not jszip: see there for the measured figures.
  const zw = new ZipWriter();
  const sheetParts = new Set(sheetChunks.map((s) => s.part));
  const names0 = Object.keys(zip.files).filter((n) => !zip.files[n].dir);
  // [Content_Types].xml first, as Office writes it
  names0.sort((a, b) => (a === '[Content_Types].xml' ? -1 : b === '[Content_Types].xml' ? 1 : 0));
  for (const n of names0) {
    if (sheetParts.has(n)) {
      await zw.addChunks(n, sheetChunks.find((s) => s.part === n)!.chunks);
      continue;
    }
    if (replaced.has(n)) {
      const v = replaced.get(n);
      if (v !== null && v !== undefined) await zw.add(n, v);
      replaced.delete(n);
      continue;
    }
    await zw.add(n, await zip.file(n)!.async('nodebuffer'));
  }
  for (const [n, v] of replaced) if (v) await zw.add(n, v);
  await writeAtomically(outFile, (tmp) => zw.writeTo(tmp));
}

export { writeAtomically };
