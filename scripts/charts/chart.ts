/**
 * Native Excel charts for workbooks written by exceljs (which cannot write charts): post-processes the
 * .xlsx zip with jszip, adding xl/charts/chartN.xml, a drawing per sheet, the relationships and the
 * content types. Generic: clustered bars and lines (either on a secondary value axis), categories and
 * series given as sheet ranges, with cached values so viewers that do not recalculate still draw them.
 *
 *   const buf2 = await addCharts(buf, [{ sheet: '日报汇总', title: '来电与完成率', anchor: {...},
 *     categories: { ref: "'日报汇总'!$A$4:$A$34", values: labels },
 *     series: [{ name: '来电总数', type: 'bar', ref: "'日报汇总'!$B$4:$B$34", values: calls },
 *              { name: '完成率', type: 'line', secondary: true, ref: "'日报汇总'!$E$4:$E$34", values: rates, numFmt: '0%' }] }]);
 */
import JSZip from 'jszip';
import * as path from 'path';
import {
  NS as PART_NS,
  Document,
  addOverride,
  addRelationship,
  children,
  descendants,
  emptyRelationships,
  fragment,
  insertBefore,
  parseXml,
  root,
  serializeXml,
} from '../workbook/xml-dom';
import { xmlEscape } from '../workbook/write';

export interface ChartSeries {
  name: string;
  type: 'bar' | 'line';
  /** Sheet range of the values, e.g. "'日报汇总'!$B$4:$B$34". */
  ref: string;
  /** Cached values (same length as the categories); null for an empty cell. */
  values: (number | null)[];
  /** Plot on a secondary value axis (right side). */
  secondary?: boolean;
  /** RGB hex without '#', e.g. '4472C4'. */
  color?: string;
  numFmt?: string;
  /** Show each point's value on the chart (optional; off by default). */
  dataLabels?: boolean;
}

export interface ChartSpec {
  sheet: string;
  title: string;
  /**
   * Category labels. Text categories give `values` as strings; date or number categories give the
   * cell values as numbers plus `numFmt` (e.g. 'm"月"d"日"') so every viewer formats them alike.
   */
  categories: { ref: string; values: string[] } | { ref: string; values: number[]; numFmt: string };
  series: ChartSeries[];
  /** Zero-based cell corners: the chart covers from (col,row) to (col,row). */
  anchor: { fromCol: number; fromRow: number; toCol: number; toRow: number };
  yTitle?: string;
  y2Title?: string;
  y2NumFmt?: string;
  yNumFmt?: string;
}

const NS = {
  c: 'http://schemas.openxmlformats.org/drawingml/2006/chart',
  a: 'http://schemas.openxmlformats.org/drawingml/2006/main',
  r: 'http://schemas.openxmlformats.org/officeDocument/2006/relationships',
  xdr: 'http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing',
  rel: 'http://schemas.openxmlformats.org/package/2006/relationships',
};
const REL_DRAWING = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/drawing';
const REL_CHART = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/chart';
const CT_CHART = 'application/vnd.openxmlformats-officedocument.drawingml.chart+xml';
const CT_DRAWING = 'application/vnd.openxmlformats-officedocument.drawing+xml';
const PALETTE = ['4472C4', 'ED7D31', 'A5A5A5', 'FFC000', '5B9BD5', '70AD47'];

/**
 * Text for XML content and attribute values: escaped, and without the characters XML 1.0 does not allow
 * (a control character typed into a 组别 or a name would otherwise make the chart part unreadable); the
 * sheet cells drop the same characters, so a chart's cached labels equal its cells.
 */
export { xmlEscape };

function richText(text: string, size = 1200, bold = true): string {
  return `<c:tx><c:rich><a:bodyPr/><a:lstStyle/><a:p><a:pPr><a:defRPr sz="${size}" b="${bold ? 1 : 0}"/></a:pPr><a:r><a:rPr lang="zh-CN" sz="${size}" b="${bold ? 1 : 0}"/><a:t>${xmlEscape(text)}</a:t></a:r></a:p></c:rich></c:tx>`;
}

function titleXml(text: string, size = 1400): string {
  return `<c:title>${richText(text, size)}<c:overlay val="0"/></c:title>`;
}

function strCache(values: string[]): string {
  return `<c:strCache><c:ptCount val="${values.length}"/>${values.map((v, i) => `<c:pt idx="${i}"><c:v>${xmlEscape(v)}</c:v></c:pt>`).join('')}</c:strCache>`;
}

function numCache(values: (number | null)[], fmt: string): string {
  const pts = values
    .map((v, i) => (v === null || !Number.isFinite(v) ? '' : `<c:pt idx="${i}"><c:v>${v}</c:v></c:pt>`))
    .join('');
  return `<c:numCache><c:formatCode>${xmlEscape(fmt)}</c:formatCode><c:ptCount val="${values.length}"/>${pts}</c:numCache>`;
}

function seriesXml(s: ChartSeries, idx: number, cats: ChartSpec['categories']): string {
  const color = s.color ?? PALETTE[idx % PALETTE.length];
  const head = `<c:idx val="${idx}"/><c:order val="${idx}"/><c:tx><c:v>${xmlEscape(s.name)}</c:v></c:tx>`;
  const cat =
    'numFmt' in cats
      ? `<c:cat><c:numRef><c:f>${xmlEscape(cats.ref)}</c:f>${numCache(cats.values, cats.numFmt)}</c:numRef></c:cat>`
      : `<c:cat><c:strRef><c:f>${xmlEscape(cats.ref)}</c:f>${strCache(cats.values as string[])}</c:strRef></c:cat>`;
  const val = `<c:val><c:numRef><c:f>${xmlEscape(s.ref)}</c:f>${numCache(s.values, s.numFmt ?? 'General')}</c:numRef></c:val>`;
  const labels = s.dataLabels
    ? `<c:dLbls>${s.numFmt ? `<c:numFmt formatCode="${xmlEscape(s.numFmt)}" sourceLinked="0"/>` : ''}<c:spPr><a:noFill/><a:ln><a:noFill/></a:ln></c:spPr><c:dLblPos val="${s.type === 'bar' ? 'outEnd' : 't'}"/><c:showLegendKey val="0"/><c:showVal val="1"/><c:showCatName val="0"/><c:showSerName val="0"/><c:showPercent val="0"/><c:showBubbleSize val="0"/></c:dLbls>`
    : '';
  if (s.type === 'bar') {
    return `<c:ser>${head}<c:spPr><a:solidFill><a:srgbClr val="${color}"/></a:solidFill></c:spPr><c:invertIfNegative val="0"/>${labels}${cat}${val}</c:ser>`;
  }
  return `<c:ser>${head}<c:spPr><a:ln w="28575" cap="rnd"><a:solidFill><a:srgbClr val="${color}"/></a:solidFill><a:round/></a:ln></c:spPr><c:marker><c:symbol val="circle"/><c:size val="5"/><c:spPr><a:solidFill><a:srgbClr val="${color}"/></a:solidFill></c:spPr></c:marker>${labels}${cat}${val}<c:smooth val="0"/></c:ser>`;
}

function catAx(id: number, cross: number, hidden: boolean, fmt?: string): string {
  return `<c:catAx><c:axId val="${id}"/><c:scaling><c:orientation val="minMax"/></c:scaling><c:delete val="${hidden ? 1 : 0}"/><c:axPos val="b"/><c:numFmt formatCode="${xmlEscape(fmt ?? 'General')}" sourceLinked="${fmt ? 0 : 1}"/><c:majorTickMark val="out"/><c:minorTickMark val="none"/><c:tickLblPos val="nextTo"/><c:crossAx val="${cross}"/><c:crosses val="autoZero"/><c:auto val="1"/><c:lblAlgn val="ctr"/><c:lblOffset val="100"/><c:noMultiLvlLbl val="0"/></c:catAx>`;
}

function valAx(id: number, cross: number, right: boolean, title?: string, fmt?: string): string {
  return `<c:valAx><c:axId val="${id}"/><c:scaling><c:orientation val="minMax"/></c:scaling><c:delete val="0"/><c:axPos val="${right ? 'r' : 'l'}"/>${right ? '' : '<c:majorGridlines/>'}${title ? titleXml(title, 1000) : ''}<c:numFmt formatCode="${xmlEscape(fmt ?? 'General')}" sourceLinked="${fmt ? 0 : 1}"/><c:majorTickMark val="out"/><c:minorTickMark val="none"/><c:tickLblPos val="nextTo"/><c:crossAx val="${cross}"/><c:crosses val="${right ? 'max' : 'autoZero'}"/><c:crossBetween val="between"/></c:valAx>`;
}

export function chartXml(spec: ChartSpec): string {
  const primary = spec.series.map((s, i) => ({ s, i })).filter((x) => !x.s.secondary);
  const secondary = spec.series.map((s, i) => ({ s, i })).filter((x) => x.s.secondary);
  const group = (items: { s: ChartSeries; i: number }[], type: 'bar' | 'line', ax: [number, number]) => {
    const ser = items
      .filter((x) => x.s.type === type)
      .map((x) => seriesXml(x.s, x.i, spec.categories))
      .join('');
    if (!ser) return '';
    const axes = `<c:axId val="${ax[0]}"/><c:axId val="${ax[1]}"/>`;
    return type === 'bar'
      ? `<c:barChart><c:barDir val="col"/><c:grouping val="clustered"/><c:varyColors val="0"/>${ser}<c:gapWidth val="80"/>${axes}</c:barChart>`
      : `<c:lineChart><c:grouping val="standard"/><c:varyColors val="0"/>${ser}<c:marker val="1"/>${axes}</c:lineChart>`;
  };
  let plot = group(primary, 'bar', [101, 102]) + group(primary, 'line', [101, 102]);
  const catFmt = 'numFmt' in spec.categories ? spec.categories.numFmt : undefined;
  let axes = catAx(101, 102, false, catFmt) + valAx(102, 101, false, spec.yTitle, spec.yNumFmt);
  if (secondary.length > 0) {
    plot += group(secondary, 'bar', [103, 104]) + group(secondary, 'line', [103, 104]);
    axes += catAx(103, 104, true, catFmt) + valAx(104, 103, true, spec.y2Title, spec.y2NumFmt);
  }
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<c:chartSpace xmlns:c="${NS.c}" xmlns:a="${NS.a}" xmlns:r="${NS.r}"><c:roundedCorners val="0"/><c:chart>${titleXml(spec.title)}<c:autoTitleDeleted val="0"/><c:plotArea><c:layout/>${plot}${axes}</c:plotArea><c:legend><c:legendPos val="b"/><c:overlay val="0"/></c:legend><c:plotVisOnly val="1"/><c:dispBlanksAs val="gap"/></c:chart><c:txPr><a:bodyPr/><a:lstStyle/><a:p><a:pPr><a:defRPr sz="900"><a:latin typeface="等线"/><a:ea typeface="等线"/></a:defRPr></a:pPr><a:endParaRPr lang="zh-CN"/></a:p></c:txPr></c:chartSpace>`;
}

function anchorXml(spec: ChartSpec, id: number, chartNo: number, rid: string): string {
  const a = spec.anchor;
  const pt = (tag: string, c: number, r: number) =>
    `<xdr:${tag}><xdr:col>${c}</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>${r}</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:${tag}>`;
  // the namespaces are declared here: the anchor may join a drawing Excel wrote with other prefixes
  return `<xdr:twoCellAnchor xmlns:xdr="${NS.xdr}" xmlns:a="${NS.a}" editAs="oneCell">${pt('from', a.fromCol, a.fromRow)}${pt('to', a.toCol, a.toRow)}<xdr:graphicFrame macro=""><xdr:nvGraphicFramePr><xdr:cNvPr id="${id}" name="图表 ${chartNo}"/><xdr:cNvGraphicFramePr/></xdr:nvGraphicFramePr><xdr:xfrm><a:off x="0" y="0"/><a:ext cx="0" cy="0"/></xdr:xfrm><a:graphic><a:graphicData uri="${NS.c}"><c:chart xmlns:c="${NS.c}" xmlns:r="${NS.r}" r:id="${rid}"/></a:graphicData></a:graphic></xdr:graphicFrame><xdr:clientData/></xdr:twoCellAnchor>`;
}

/** a/b/c.xml → a/b/_rels/c.xml.rels */
const relsPathOf = (part: string) => `${path.posix.dirname(part)}/_rels/${path.posix.basename(part)}.rels`;

/** Relationship targets by Id. */
function relationshipTargets(rels: Document): Map<string, string> {
  return new Map(
    children(root(rels), 'Relationship').map((el) => [el.getAttribute('Id') ?? '', el.getAttribute('Target') ?? '']),
  );
}

function nextIndex(zip: JSZip, re: RegExp): number {
  let max = 0;
  zip.forEach((p) => {
    const m = re.exec(p);
    if (m) max = Math.max(max, Number(m[1]));
  });
  return max + 1;
}

/** `target` of a relationship of `source`, as a part name inside the package. */
function resolveTarget(source: string, target: string): string {
  return target.startsWith('/')
    ? target.slice(1)
    : path.posix.normalize(path.posix.join(path.posix.dirname(source), target));
}

/** Path inside the zip of each worksheet, by sheet name. */
export async function sheetPaths(zip: JSZip): Promise<Map<string, string>> {
  const wb = parseXml(await zip.file('xl/workbook.xml')!.async('string'), 'xl/workbook.xml');
  const rels = parseXml(await zip.file('xl/_rels/workbook.xml.rels')!.async('string'), 'xl/_rels/workbook.xml.rels');
  const targets = relationshipTargets(rels);
  const out = new Map<string, string>();
  for (const sheet of descendants(wb, 'sheet')) {
    const name = sheet.getAttribute('name');
    const target = targets.get(sheet.getAttributeNS(PART_NS.r, 'id') ?? '');
    if (name !== null && target) out.set(name, resolveTarget('xl/workbook.xml', target));
  }
  return out;
}

/** Adds the charts to an .xlsx (as written by exceljs) and returns the new file's bytes. */
export async function addCharts(xlsx: Buffer | Uint8Array, charts: ChartSpec[]): Promise<Buffer> {
  const zip = await JSZip.loadAsync(xlsx);
  const paths = await sheetPaths(zip);
  let chartN = nextIndex(zip, /^xl\/charts\/chart(\d+)\.xml$/);
  let drawingN = nextIndex(zip, /^xl\/drawings\/drawing(\d+)\.xml$/);
  const types = parseXml(await zip.file('[Content_Types].xml')!.async('string'), '[Content_Types].xml');
  const bySheet = new Map<string, ChartSpec[]>();
  for (const c of charts) bySheet.set(c.sheet, [...(bySheet.get(c.sheet) ?? []), c]);

  for (const [sheet, specs] of bySheet) {
    const sheetPath = paths.get(sheet);
    if (!sheetPath) throw new Error(`addCharts: no sheet named ${sheet}`);
    const sheetXml = await zip.file(sheetPath)!.async('string');
    const sheetRelsPath = relsPathOf(sheetPath);
    const sheetRelsXml = await zip.file(sheetRelsPath)?.async('string');
    const sheetRels = sheetRelsXml ? parseXml(sheetRelsXml, sheetRelsPath) : emptyRelationships();

    // A sheet that already has a drawing (a logo HR put on the template) gets the charts in that drawing:
    // a worksheet has at most one.
    const own = children(root(parseXml(sheetXml, sheetPath)), 'drawing')[0];
    let drawingPath: string;
    if (own) {
      const rid = own.getAttributeNS(PART_NS.r, 'id');
      const target = rid ? relationshipTargets(sheetRels).get(rid) : undefined;
      if (!target) throw new Error(`addCharts: the drawing of sheet ${sheet} has no relationship`);
      drawingPath = resolveTarget(sheetPath, target);
    } else {
      drawingPath = `xl/drawings/drawing${drawingN++}.xml`;
      zip.file(
        drawingPath,
        `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<xdr:wsDr xmlns:xdr="${NS.xdr}" xmlns:a="${NS.a}"></xdr:wsDr>`,
      );
      addOverride(types, `/${drawingPath}`, CT_DRAWING);
      let rid = `rIdChart${drawingPath.replace(/\D/g, '')}`;
      while (relationshipTargets(sheetRels).has(rid)) rid += 'x';
      addRelationship(sheetRels, rid, REL_DRAWING, `../drawings/${path.posix.basename(drawingPath)}`);
      zip.file(sheetRelsPath, serializeXml(sheetRels));
      zip.file(sheetPath, insertDrawing(sheetXml, rid));
    }
    const drawing = parseXml(await zip.file(drawingPath)!.async('string'), drawingPath);
    const drawingRelsPath = relsPathOf(drawingPath);
    const drawingRelsXml = await zip.file(drawingRelsPath)?.async('string');
    const drawingRels = drawingRelsXml ? parseXml(drawingRelsXml, drawingRelsPath) : emptyRelationships();
    const takenIds = new Set(relationshipTargets(drawingRels).keys());
    // shape ids are unique within a drawing: start above every id attribute already there
    let shapeId = Math.max(
      1,
      ...descendants(drawing, '*')
        .map((el) => Number(el.getAttribute('id')))
        .filter((n) => Number.isInteger(n)),
    );
    let chartNo = 0;
    for (const spec of specs) {
      const chartPath = `xl/charts/chart${chartN}.xml`;
      zip.file(chartPath, chartXml(spec));
      addOverride(types, `/${chartPath}`, CT_CHART);
      let rid = `rIdKhChart${chartN}`;
      while (takenIds.has(rid)) rid += 'x';
      takenIds.add(rid);
      addRelationship(drawingRels, rid, REL_CHART, `../charts/chart${chartN}.xml`);
      for (const anchor of fragment(drawing, anchorXml(spec, ++shapeId, ++chartNo, rid), NS.xdr))
        root(drawing).appendChild(anchor);
      chartN++;
    }
    zip.file(drawingPath, serializeXml(drawing));
    zip.file(drawingRelsPath, serializeXml(drawingRels));
  }
  zip.file('[Content_Types].xml', serializeXml(types));
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}

/**
 * The worksheet's children that come after <drawing> in CT_Worksheet (ISO/IEC 29500-1 §18.3.1.99):
 * <drawing> goes before the first of them, after everything else (sheetData, conditionalFormatting,
 * pageSetup, headerFooter, breaks…). Only the worksheet's own children count: a data bar's <cfRule>
 * carries an <extLst> of its own.
 */
const AFTER_DRAWING = new Set([
  'legacyDrawing',
  'legacyDrawingHF',
  'drawingHF',
  'picture',
  'oleObjects',
  'controls',
  'webPublishItems',
  'tableParts',
  'extLst',
]);

/** Inserts <drawing r:id="rid"/> at its schema position among the worksheet's children. */
export function insertDrawing(sheetXml: string, rid: string): string {
  const doc = parseXml(sheetXml, 'worksheet');
  const ws = root(doc);
  if (ws.localName !== 'worksheet') throw new Error('addCharts: malformed worksheet XML');
  const drawing = doc.createElementNS(ws.namespaceURI, ws.prefix ? `${ws.prefix}:drawing` : 'drawing');
  // the prefix the worksheet binds to the relationships namespace, or a local declaration of r
  const bound = ws.lookupPrefix(PART_NS.r);
  drawing.setAttributeNS(PART_NS.r, `${bound ?? 'r'}:id`, rid);
  insertBefore(ws, drawing, AFTER_DRAWING);
  return serializeXml(doc);
}
