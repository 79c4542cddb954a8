/**
 * Appends many plain rows to a sheet of an .xlsx written by exceljs, as XML text, without building
 * an exceljs Cell object per value. A day's 异常事件 list can hold thousands of lines; written this way
 * a month of reports makes little garbage and the process stays small. The cells copy the styles of
 * a model row that exceljs wrote (the first line of the list), and text is always an inline string,
 * never a formula.
 */
import JSZip from 'jszip';
import { sheetPaths, xmlEscape } from '../charts/chart';
import { child, children, parseXml, root, splitAtMarker } from '../workbook/xml-dom';
import { fitCellText } from '../import/xlsx';
import { colLetter } from '../../core/workbook/layout';

export type PlainCell = string | number | null;

// Characters XML 1.0 does not allow (a stray control character in an export must not break the file).
// eslint-disable-next-line no-control-regex -- matching the control characters XML 1.0 forbids is the point
const INVALID_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

function cellXml(ref: string, v: PlainCell, style: string): string {
  const s = style ? ` s="${style}"` : '';
  if (v === null || v === '') return `<c r="${ref}"${s}/>`;
  if (typeof v === 'number') return `<c r="${ref}"${s}><v>${v}</v></c>`;
  const text = xmlEscape(fitCellText(v.replace(INVALID_XML, '')));
  const space = /^\s|\s$/.test(text) ? ' xml:space="preserve"' : '';
  return `<c r="${ref}"${s} t="inlineStr"><is><t${space}>${text}</t></is></c>`;
}

/**
 * Adds `rows` right below `modelRow` (1-based) of `sheet`; `modelRow` must be the sheet's last row.
 * Returns the new file's bytes.
 */
export async function appendRows(xlsx: Buffer, sheet: string, modelRow: number, rows: PlainCell[][]): Promise<Buffer> {
  if (rows.length === 0) return xlsx;
  const zip = await JSZip.loadAsync(xlsx);
  const file = (await sheetPaths(zip)).get(sheet);
  if (!file) throw new Error(`appendRows: no sheet ${sheet}`);
  const doc = parseXml(await zip.file(file)!.async('string'), file);
  const sheetData = child(root(doc), 'sheetData');
  const rowEls = sheetData ? children(sheetData, 'row') : [];
  const model = rowEls.find((r) => r.getAttribute('r') === String(modelRow));
  if (!sheetData || !model) throw new Error(`appendRows: ${sheet} has no row ${modelRow}`);
  if (model !== rowEls[rowEls.length - 1])
    throw new Error(`appendRows: row ${modelRow} is not the last row of ${sheet}`);
  // the model row's attributes (height, style…) on every new row, without its own number and spans
  let rowAttrs = '';
  for (const a of Array.from(model.attributes))
    if (a.name !== 'r' && a.name !== 'spans') rowAttrs += ` ${a.name}="${xmlEscape(a.value)}"`;
  const styles = new Map<string, string>();
  for (const c of children(model, 'c')) {
    const col = /^([A-Z]+)\d+$/.exec(c.getAttribute('r') ?? '')?.[1];
    if (col) styles.set(col, c.getAttribute('s') ?? '');
  }
  const last = modelRow + rows.length;
  const dimension = child(root(doc), 'dimension');
  const ref = /^([A-Z]+\d+):([A-Z]+)\d+$/.exec(dimension?.getAttribute('ref') ?? '');
  if (dimension && ref) dimension.setAttribute('ref', `${ref[1]}:${ref[2]}${last}`);
  const [head, tail] = splitAtMarker(doc, sheetData);
  // The rows go into the file as UTF-8 chunks, never as one big string: a month's list can hold
  // hundreds of thousands of lines, and a JavaScript string of them (two bytes a character, then copied
  // when joined and spliced) would cost several times the file's size in memory.
  const chunks: Buffer[] = [Buffer.from(head, 'utf8')];
  let parts: string[] = [];
  rows.forEach((cells, i) => {
    const r = modelRow + 1 + i;
    parts.push(`<row r="${r}"${rowAttrs}>`);
    cells.forEach((v, c) => {
      const col = colLetter(c + 1);
      parts.push(cellXml(`${col}${r}`, v, styles.get(col) ?? ''));
    });
    parts.push('</row>');
    if (parts.length >= 20000) {
      chunks.push(Buffer.from(parts.join(''), 'utf8'));
      parts = [];
    }
  });
  chunks.push(Buffer.from(parts.join('') + tail, 'utf8'));
  zip.file(file, Buffer.concat(chunks));
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}
