/**
 * Small edits to elements of a template's worksheet XML, at the positions the schema gives them
 * (CT_SheetPr: tabColor, outlinePr, pageSetUpPr, in that order), found by the tokenizer in xml-scan.
 */
import { scanRoot, tagAttributes } from './xml-scan';

/**
 * `<sheetPr>` (as the template has it, or '' for none) with fit-to-page printing turned on, unless the
 * template already says whether to fit to the page.
 */
export function withFitToPage(sheetPr: string): string {
  if (!sheetPr) return '<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>';
  const { root, children } = scanRoot(sheetPr);
  const setUp = children.find((c) => c.localName === 'pageSetUpPr');
  const prefix = root.name.includes(':') ? root.name.slice(0, root.name.indexOf(':') + 1) : '';
  if (setUp) {
    const tag = sheetPr.slice(setUp.start, setUp.end);
    if (tagAttributes(tag).has('fitToPage')) return sheetPr; // the template's own choice stands
    const end = tag.endsWith('/>') ? tag.length - 2 : tag.indexOf('>');
    return (
      sheetPr.slice(0, setUp.start) +
      `${tag.slice(0, end).trimEnd()} fitToPage="1"${tag.slice(end)}` +
      sheetPr.slice(setUp.end)
    );
  }
  const tag = `<${prefix}pageSetUpPr fitToPage="1"/>`;
  if (root.selfClosing) return `${sheetPr.slice(0, -2).trimEnd()}>${tag}</${root.name}>`;
  // after tabColor and outlinePr: the last of the root's children, or right after its start tag
  const at = children.length > 0 ? children[children.length - 1].end : root.startTagEnd;
  return sheetPr.slice(0, at) + tag + sheetPr.slice(at);
}
