/**
 * The fake Excel's calculation engine: HyperFormula (npm) evaluates the workbook's formulas, so a
 * values read of a formula cell returns a computed result — 一致性检查 is then tested against what
 * the formulas really compute, not against numbers a test typed in. Cells go in as Excel holds them:
 * text stays text (HyperFormula's leading apostrophe), ISO dates typed outside text-formatted cells
 * become date serials (Excel converts what HR types), defined names become named expressions.
 */
import { FunctionArgumentType, FunctionPlugin, HyperFormula, SimpleRangeValue } from 'hyperformula';
import type { InterpreterState } from 'hyperformula/typings/interpreter/InterpreterState';
import type { ProcedureAst } from 'hyperformula/typings/parser';
import { isoDateToSerial } from '../core/values';

/** RANK(x, range[, order]) as Excel computes it (HyperFormula has only RANK.EQ-less statistics). */
class RankPlugin extends FunctionPlugin {
  static override implementedFunctions = {
    RANK: {
      method: 'rank',
      parameters: [
        { argumentType: FunctionArgumentType.NUMBER },
        { argumentType: FunctionArgumentType.RANGE },
        { argumentType: FunctionArgumentType.NUMBER, optionalArg: true, defaultValue: 0 },
      ],
    },
  };
  rank(ast: ProcedureAst, state: InterpreterState) {
    return this.runFunction(
      ast.args,
      state,
      this.metadata('RANK'),
      (x: number, range: SimpleRangeValue, order: number) => {
        const values = range.valuesFromTopLeftCorner().filter((v): v is number => typeof v === 'number');
        return 1 + values.filter((v) => (order ? v < x : v > x)).length;
      },
    );
  }
}
HyperFormula.registerFunctionPlugin(RankPlugin, { enGB: { RANK: 'RANK' } });

export interface CalcSheet {
  name: string;
  get(r: number, c: number): unknown;
  format(r: number, c: number): string | undefined;
  size(): { rows: number; cols: number };
}

/**
 * The workbook in HyperFormula, built once and then kept current cell by cell (a full rebuild of a
 * month with 1,000 formula rows takes seconds; a changed cell recalculates what depends on it).
 */
export class Calculation {
  private readonly hf: HyperFormula;
  private readonly ids = new Map<string, number>();

  constructor(sheets: CalcSheet[], names: ReadonlyMap<string, string>) {
    const data: Record<string, unknown[][]> = {};
    for (const s of sheets) {
      const { rows, cols } = s.size();
      const grid: unknown[][] = [];
      for (let r = 1; r <= rows; r++) {
        const line: unknown[] = [];
        for (let c = 0; c < cols; c++) line.push(cellIn(s.get(r, c), s.format(r, c)));
        grid.push(line);
      }
      data[s.name] = grid;
    }
    this.hf = HyperFormula.buildFromSheets(data as never, { licenseKey: 'gpl-v3' });
    for (const [name, ref] of names) {
      try {
        this.hf.addNamedExpression(name, ref.startsWith('=') ? ref : `=${ref}`);
      } catch {
        /* a name HyperFormula cannot hold is simply absent, like a broken name in Excel */
      }
    }
    for (const s of sheets) this.ids.set(s.name, this.hf.getSheetId(s.name)!);
  }

  /** Cells changed since (as Excel holds them now). */
  update(changes: Array<{ sheet: string; r: number; c: number; value: unknown; format?: string }>): void {
    if (changes.length === 0) return;
    this.hf.batch(() => {
      for (const x of changes)
        this.hf.setCellContents({ sheet: this.ids.get(x.sheet)!, row: x.r - 1, col: x.c }, [
          [cellIn(x.value, x.format) as never],
        ]);
    });
  }

  /** What Excel would show (errors as '#NAME?'…). */
  value(sheet: string, r: number, c: number): unknown {
    const v = this.hf.getCellValue({ sheet: this.ids.get(sheet)!, row: r - 1, col: c });
    if (v && typeof v === 'object') return String((v as { value: unknown }).value);
    return v ?? '';
  }

  destroy(): void {
    this.hf.destroy();
  }
}

function cellIn(v: unknown, format: string | undefined): unknown {
  if (v === '' || v === null || v === undefined) return null;
  if (v instanceof Date) return (v.getTime() - Date.UTC(1899, 11, 30)) / 86400000;
  if (typeof v !== 'string') return v;
  if (v.startsWith('=')) return v.replace(/_xlfn\./g, '');
  if (format !== '@' && /^\d{4}-\d{2}-\d{2}$/.test(v)) return isoDateToSerial(v);
  return `'${v}`;
}
