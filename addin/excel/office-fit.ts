/**
 * Compile-time proof (tsc -p tsconfig.json) that the real Office.js objects satisfy the narrow types
 * the add-in and its fake use. Nothing imports this file; it only has to type-check.
 */
import type { XContext, XRange, XWorksheet } from './types';

type Assignable<T, U> = T extends U ? true : false;
export const realContextFits: Assignable<Excel.RequestContext, XContext> = true;
export const realRangeFits: Assignable<Excel.Range, XRange> = true;
export const realWorksheetFits: Assignable<Excel.Worksheet, XWorksheet> = true;
