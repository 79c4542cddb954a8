/**
 * Small edits to elements of a template's worksheet, at the positions the schema gives them
 * (CT_SheetPr: tabColor, outlinePr, pageSetUpPr, in that order), made on its DOM.
 */
import { Document, Element, child, createLike, parseXml, root, serializeXml } from './xml-dom';

/**
 * Turns fit-to-page printing on in `<sheetPr>` (created as the worksheet's first child when there is
 * none), unless the template already says whether to fit to the page.
 */
export function setFitToPage(doc: Document, sheetPr: Element): void {
  const setUp = child(sheetPr, 'pageSetUpPr');
  if (setUp) {
    if (!setUp.hasAttribute('fitToPage')) setUp.setAttribute('fitToPage', '1'); // else the template's own choice stands
    return;
  }
  const el = createLike(doc, sheetPr, 'pageSetUpPr');
  el.setAttribute('fitToPage', '1');
  sheetPr.appendChild(el); // after tabColor and outlinePr, its only siblings
}

/**
 * `<sheetPr>` as text (as the template has it, or '' for none) with fit-to-page printing turned on, unless
 * the template already says whether to fit to the page.
 */
export function withFitToPage(sheetPr: string): string {
  const doc = parseXml(sheetPr || '<sheetPr/>', 'sheetPr');
  setFitToPage(doc, root(doc));
  return serializeXml(doc);
}
