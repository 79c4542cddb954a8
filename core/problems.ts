/** One problem type everywhere: importers, validation, the task pane and the CLI all speak it. */
export interface Problem {
  /** The input's file name (or sheet name inside the add-in). */
  file: string;
  /** The row as Excel numbers it: the header is row 1. 0 when the problem is about the whole file. */
  row: number;
  /** The column header as HR sees it ('' when the problem is about the whole row). */
  column: string;
  /** Stable machine code, e.g. POINTS_OUT_OF_RANGE. */
  code: string;
  /** Chinese message telling HR what is wrong and how to fix it. */
  message: string;
}

/** A fatal input problem (missing file, missing column, bad policy): the CLI prints it and exits non-zero. */
export class InputError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
    this.name = 'InputError';
  }
}

export function byPosition(a: Problem, b: Problem): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  return a.row - b.row;
}
