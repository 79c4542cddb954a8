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
import { withFitToPage } from './sheet-xml';

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

const attr = (tag: string, name: string): string | undefined => {
  const m = new RegExp(`\\s${name}="([^"]*)"`).exec(tag);
  return m ? m[1] : undefined;
};

/** A parsed template: its zip, sheet parts by name, and the places found. */
export interface Template {
  zip: JSZip;
  file: string;
  sheetPart: Map<string, string>;
  sheetIndex: Map<string, number>;
  layout: PolicyLayout;
}

function decodeName(s: string): string {
  return s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
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
  const rels = new Map<string, string>();
  for (const m of relsXml.matchAll(/<Relationship\b[^>]*>/g)) {
    const id = attr(m[0], 'Id');
    const target = attr(m[0], 'Target');
    if (id && target) rels.set(id, target.startsWith('/') ? target.slice(1) : `xl/${target}`);
  }
  const sheetPart = new Map<string, string>();
  const sheetIndex = new Map<string, number>();
  let i = 0;
  for (const m of wbXml.matchAll(/<sheet\b[^>]*>/g)) {
    const name = decodeName(attr(m[0], 'name') ?? '');
    const rid = attr(m[0], 'r:id');
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
  for (const m of wbXml.matchAll(/<definedName\b([^>]*)>([^<]*)<\/definedName>/g))
    names.set(attr(m[0], 'name') ?? '', decodeName(m[2]));
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

/** Styles of the template's cells: header and first data row of each block (the prototype row). */
function cellStyles(sheetXml: string): Map<string, string> {
  const out = new Map<string, string>();
  const data = /<sheetData[^>]*>([\s\S]*?)<\/sheetData>/.exec(sheetXml)?.[1] ?? '';
  for (const m of data.matchAll(/<c\b([^>]*?)(\/>|>)/g)) {
    const r = attr(m[0], 'r');
    const s = attr(m[0], 's');
    if (r && s) out.set(r, s);
  }
  return out;
}

function element(xml: string, tag: string): string {
  const self = new RegExp(`<${tag}\\b[^>]*/>`).exec(xml);
  const full = new RegExp(`<${tag}\\b[^>]*>[\\s\\S]*?</${tag}>`).exec(xml);
  if (full && (!self || full.index <= self.index)) return full[0];
  return self ? self[0] : '';
}

function allElements(xml: string, tag: string): string {
  const re = new RegExp(`<${tag}\\b[^>]*?(?:/>|>[\\s\\S]*?</${tag}>)`, 'g');
  return (xml.match(re) ?? []).join('');
}

interface StyleBook {
  xml: string;
  dxfs: string[];
  dateXf: number;
}

async function readStyles(zip: JSZip): Promise<StyleBook> {
  let xml = (await zip.file('xl/styles.xml')?.async('string')) ?? '';
  const xfs = /<cellXfs\b[^>]*>([\s\S]*?)<\/cellXfs>/.exec(xml);
  let dateXf = 0;
  if (xfs) {
    const count = (xfs[1].match(/<xf\b/g) ?? []).length;
    const added = '<xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>';
    xml = xml.replace(xfs[0], `<cellXfs count="${count + 1}">${xfs[1]}${added}</cellXfs>`);
    dateXf = count;
  }
  const dx = /<dxfs\b[^>]*>([\s\S]*?)<\/dxfs>/.exec(xml);
  const dxfs = dx ? (dx[1].match(/<dxf>[\s\S]*?<\/dxf>/g) ?? []) : [];
  return { xml, dxfs, dateXf };
}

function finishStyles(book: StyleBook): string {
  const dxfs = `<dxfs count="${book.dxfs.length}">${book.dxfs.join('')}</dxfs>`;
  if (/<dxfs\b[^>]*\/>/.test(book.xml)) return book.xml.replace(/<dxfs\b[^>]*\/>/, dxfs);
  if (/<dxfs\b[^>]*>[\s\S]*?<\/dxfs>/.test(book.xml)) return book.xml.replace(/<dxfs\b[^>]*>[\s\S]*?<\/dxfs>/, dxfs);
  return book.xml.replace(/(<\/cellStyles>|<cellStyles\b[^>]*\/>)/, `$1${dxfs}`);
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

/** Header texts of a template sheet: `row\u0000text` → column letter (first occurrence). */
function templateHeaders(sheetXml: string, shared: string[]): Map<string, string> {
  const out = new Map<string, string>();
  const data = /<sheetData[^>]*>([\s\S]*?)<\/sheetData>/.exec(sheetXml)?.[1] ?? '';
  for (const m of data.matchAll(/<c\b([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g)) {
    const r = attr(m[0], 'r');
    if (!r || !m[2]) continue;
    const [, letters, row] = /^([A-Z]+)(\d+)$/.exec(r) ?? [];
    if (!letters) continue;
    const t = attr(m[0], 't');
    let text: string | undefined;
    if (t === 's') text = shared[Number(/<v>([^<]*)<\/v>/.exec(m[2])?.[1])];
    else if (t === 'inlineStr' || t === 'str')
      text = decodeName((/<t[^>]*>([^<]*)<\/t>/.exec(m[2]) ?? /<v>([^<]*)<\/v>/.exec(m[2]))?.[1] ?? '');
    const key = `${row}\u0000${text}`;
    if (text !== undefined && !out.has(key)) out.set(key, letters);
  }
  return out;
}

async function sharedStrings(zip: JSZip): Promise<string[]> {
  const xml = (await zip.file('xl/sharedStrings.xml')?.async('string')) ?? '';
  return (xml.match(/<si>[\s\S]*?<\/si>/g) ?? []).map((si) =>
    decodeName((si.match(/<t[^>]*>([^<]*)<\/t>/g) ?? []).map((t) => t.replace(/<[^>]+>/g, '')).join('')),
  );
}

/** The <sheetData> of a sheet, as chunks: blocks side by side share rows, so rows are merged by number. */
function* sheetDataChunks(
  sheet: SheetModel,
  styles: Map<string, string>,
  dateXf: number,
  sharedBase: { si: number },
  from: string[][],
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
  yield '<sheetData>';
  let buf = '';
  for (let r = firstRow; r <= lastRow; r++) {
    let cells = '';
    for (let bi = 0; bi < blocks.length; bi++) {
      const b = blocks[bi];
      if (r === b.row) {
        b.columns.forEach((c, ci) => (cells += cellXml(`${letters[bi][ci]}${r}`, headerStyle[bi][ci], c.header)));
      } else if (r > b.row && r <= b.row + b.rows.length) {
        const values = b.rows[r - b.row - 1];
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
    if (buf.length > 1 << 20) {
      yield buf;
      buf = '';
    }
  }
  yield buf + '</sheetData>';
}

function colsXml(sheet: SheetModel, templateCols: string, from: string[][]): string {
  const tmpl = new Map<number, string>();
  for (const m of templateCols.matchAll(/<col\b[^>]*>/g)) {
    const min = Number(attr(m[0], 'min'));
    const max = Number(attr(m[0], 'max'));
    const width = attr(m[0], 'width');
    if (width && max - min < 200) for (let c = min; c <= max; c++) tmpl.set(c, width);
  }
  const out: string[] = [];
  const seen = new Set<number>();
  const used = new Set<number>();
  sheet.blocks.forEach((b, bi) => b.columns.forEach((_, i) => from[bi][i] && used.add(colNumber(from[bi][i]))));
  sheet.blocks.forEach((b, bi) => {
    b.columns.forEach((c, i) => {
      const n = b.col + i;
      if (seen.has(n)) return;
      seen.add(n);
      const width = (from[bi][i] ? tmpl.get(colNumber(from[bi][i])) : undefined) ?? String(c.width);
      out.push(`<col min="${n}" max="${n}" width="${width}" customWidth="1"${c.hidden ? ' hidden="1"' : ''}/>`);
    });
  });
  for (const [n, w] of tmpl)
    if (!seen.has(n) && !used.has(n)) out.push(`<col min="${n}" max="${n}" width="${w}" customWidth="1"/>`);
  out.sort((a, b) => Number(attr(a, 'min')) - Number(attr(b, 'min')));
  return out.length ? `<cols>${out.join('')}</cols>` : '';
}

function validationXml(v: ValidationModel): string {
  const op = v.operator ? ` operator="${v.operator}"` : '';
  const f = v.formulae.map((x, i) => `<formula${i + 1}>${xmlEscape(x)}</formula${i + 1}>`).join('');
  return `<dataValidation type="${v.type}"${op} allowBlank="${v.allowBlank ? 1 : 0}" showErrorMessage="1" errorStyle="stop" errorTitle="输入有误" error="${xmlEscape(v.error)}" sqref="${v.ref}">${f}</dataValidation>`;
}

function sheetViewXml(sheet: SheetModel, template: string, selected: boolean): string {
  const open = /<sheetView\b[^>]*?(\/?)>/.exec(template);
  let tag = open ? open[0].replace(/\/?>$/, '').replace(/\stabSelected="[^"]*"/, '') : '<sheetView workbookViewId="0"';
  if (!/workbookViewId=/.test(tag)) tag += ' workbookViewId="0"';
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
export async function writeWorkbook(template: Template, model: WorkbookModel, outFile: string): Promise<void> {
  const zip = template.zip;
  const styles = await readStyles(zip);
  const zw = new ZipWriter();
  const replaced = new Map<string, string | null>(); // part name → new content (null = drop)
  let contentTypes = await zip.file('[Content_Types].xml')!.async('string');
  let wbXml = await zip.file('xl/workbook.xml')!.async('string');
  let wbRels = await zip.file('xl/_rels/workbook.xml.rels')!.async('string');

  // calcChain is stale once cells change; drop it.
  replaced.set('xl/calcChain.xml', null);
  contentTypes = contentTypes.replace(/<Override[^>]*PartName="\/xl\/calcChain.xml"[^>]*\/>/, '');
  wbRels = wbRels.replace(/<Relationship[^>]*Target="[^"]*calcChain.xml"[^>]*\/>/, '');

  const sharedBase = { si: 0 };
  const shared = await sharedStrings(zip);
  let tableId = 1 + Object.keys(zip.files).filter((n) => /^xl\/tables\/table\d+\.xml$/.test(n)).length;
  const firstSheet = model.sheets[0]?.name;
  const sheetChunks: { part: string; chunks: Iterable<string> }[] = [];
  for (const sheet of model.sheets) {
    const part = template.sheetPart.get(sheet.name)!;
    const xml =
      (await zip.file(part)?.async('string')) ??
      `<worksheet xmlns="${MAIN_NS}" xmlns:r="${REL_NS}"><sheetData/></worksheet>`;
    const relsPart = part.replace(/([^/]+)$/, '_rels/$1.rels');
    let rels = (await zip.file(relsPart)?.async('string')) ?? '';
    // drop the template's tables on this sheet: the model brings its own
    for (const m of rels.matchAll(/<Relationship\b[^>]*Type="[^"]*\/table"[^>]*\/>/g)) {
      const target = attr(m[0], 'Target') ?? '';
      const full = path.posix.normalize(path.posix.join(path.posix.dirname(part), target));
      replaced.set(full, null);
      contentTypes = contentTypes.replace(
        new RegExp(`<Override[^>]*PartName="/${full.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"[^>]*/>`),
        '',
      );
      rels = rels.replace(m[0], '');
    }
    const dfIds = sheet.fills.map((f) => {
      styles.dxfs.push(dxfOf(f));
      return styles.dxfs.length - 1;
    });
    const cf = sheet.fills
      .map(
        (f, i) =>
          `<conditionalFormatting sqref="${f.ref}"><cfRule type="expression" dxfId="${dfIds[i]}" priority="${i + 1}"><formula>${xmlEscape(f.formula)}</formula></cfRule></conditionalFormatting>`,
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
      contentTypes = contentTypes.replace(
        '</Types>',
        `<Override PartName="/${tpart}" ContentType="${TABLE_CT}"/></Types>`,
      );
      const rid = `rIdKhTable${id}`;
      const rel = `<Relationship Id="${rid}" Type="${TABLE_REL}" Target="../tables/table${id}.xml"/>`;
      rels = rels
        ? rels.replace('</Relationships>', `${rel}</Relationships>`)
        : `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${rel}</Relationships>`;
      tableParts = `<tableParts count="1"><tablePart r:id="${rid}"/></tableParts>`;
    }
    if (rels) replaced.set(relsPart, rels);
    const styleMap = cellStyles(xml);
    const from = templateColumns(sheet, templateHeaders(xml, shared));
    const lastRow = Math.max(...sheet.blocks.map((b) => b.row + b.rows.length));
    const lastCol = Math.max(...sheet.blocks.map((b) => b.col + b.columns.length - 1));
    let sheetPr = element(xml, 'sheetPr');
    let pageSetup = element(xml, 'pageSetup');
    if (sheet.print) {
      if (!pageSetup)
        pageSetup = `<pageSetup paperSize="9" orientation="${sheet.print.landscape ? 'landscape' : 'portrait'}"${sheet.print.fitToWidth ? ' fitToWidth="1" fitToHeight="0"' : ''}/>`;
      if (sheet.print.fitToWidth) sheetPr = withFitToPage(sheetPr);
    }
    const rootTag = /<worksheet\b[^>]*>/.exec(xml)?.[0] ?? `<worksheet xmlns="${MAIN_NS}" xmlns:r="${REL_NS}">`;
    const head =
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n${/xmlns:r=/.test(rootTag) ? rootTag : rootTag.replace('<worksheet', `<worksheet xmlns:r="${REL_NS}"`)}` +
      sheetPr +
      `<dimension ref="A1:${colLetter(lastCol)}${lastRow}"/>` +
      sheetViewXml(sheet, xml, sheet.name === firstSheet) +
      (element(xml, 'sheetFormatPr') || '<sheetFormatPr defaultRowHeight="15"/>') +
      colsXml(sheet, element(xml, 'cols'), from);
    const tail =
      element(xml, 'sheetProtection') +
      cf +
      dv +
      element(xml, 'printOptions') +
      (element(xml, 'pageMargins') ||
        '<pageMargins left="0.5" right="0.5" top="0.6" bottom="0.6" header="0.3" footer="0.3"/>') +
      pageSetup +
      element(xml, 'headerFooter') +
      allElements(xml, 'rowBreaks') +
      allElements(xml, 'colBreaks') +
      element(xml, 'drawing') +
      element(xml, 'legacyDrawing') +
      tableParts +
      '</worksheet>';
    const chunks = (function* () {
      yield head;
      yield* sheetDataChunks(sheet, styleMap, styles.dateXf, sharedBase, from);
      yield tail;
    })();
    sheetChunks.push({ part, chunks });
  }

  // workbook.xml: defined names (the model's places, print area/titles), recalculation on open
  const names: string[] = [];
  const existing = /<definedNames>([\s\S]*?)<\/definedNames>/.exec(wbXml);
  const ours = new Set(Object.keys(model.names));
  const summaryIndex = template.sheetIndex.get(SHEET.summary)!;
  if (existing) {
    for (const m of existing[1].matchAll(/<definedName\b[^>]*>[^<]*<\/definedName>/g)) {
      const n = attr(m[0], 'name') ?? '';
      const local = attr(m[0], 'localSheetId');
      if (ours.has(n)) continue;
      if ((n === '_xlnm.Print_Area' || n === '_xlnm.Print_Titles') && local === String(summaryIndex)) continue;
      names.push(m[0]);
    }
  }
  for (const [n, ref] of Object.entries(model.names))
    names.push(`<definedName name="${n}">${xmlEscape(ref)}</definedName>`);
  const summary = model.sheets.find((s) => s.name === SHEET.summary);
  if (summary?.printColumns) {
    const rows = Math.max(2, summary.blocks[0].rows.length + 1);
    const ref = sheetRef(SHEET.summary);
    names.push(
      `<definedName name="_xlnm.Print_Area" localSheetId="${summaryIndex}">${xmlEscape(`${ref}!$A$1:$${colLetter(summary.printColumns)}$${rows}`)}</definedName>`,
    );
    names.push(
      `<definedName name="_xlnm.Print_Titles" localSheetId="${summaryIndex}">${xmlEscape(`${ref}!$1:$1`)}</definedName>`,
    );
  }
  const dn = `<definedNames>${names.join('')}</definedNames>`;
  if (existing) wbXml = wbXml.replace(existing[0], dn);
  else wbXml = wbXml.replace(/(<\/sheets>)/, `$1${dn}`);
  if (/<calcPr\b[^>]*\/>/.test(wbXml)) {
    wbXml = wbXml.replace(
      /<calcPr\b([^>]*)\/>/,
      (_, a: string) =>
        `<calcPr${a.replace(/\s(fullCalcOnLoad|calcMode|forceFullCalc)="[^"]*"/g, '')} fullCalcOnLoad="1" forceFullCalc="1"/>`,
    );
  } else {
    wbXml = wbXml.replace(/(<\/definedNames>)/, '$1<calcPr calcId="191029" fullCalcOnLoad="1" forceFullCalc="1"/>');
  }
  // the first sheet is the active tab
  wbXml = wbXml.replace(/\sactiveTab="\d+"/, '').replace(/\sfirstSheet="\d+"/, '');
  replaced.set('xl/workbook.xml', wbXml);
  replaced.set('xl/_rels/workbook.xml.rels', wbRels);
  replaced.set('[Content_Types].xml', contentTypes);
  replaced.set('xl/styles.xml', finishStyles(styles));

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
