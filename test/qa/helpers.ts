/**
 * Kept only for test/qa/workbook.test.ts, which is being rewritten with the monthly workbook: the
 * helpers live in test/helpers/user-files.ts. Remove this file when workbook.test.ts moves.
 */
export * from '../helpers/user-files';
