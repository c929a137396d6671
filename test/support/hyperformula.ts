/*
 * A real spreadsheet engine in-process for checking native formulas: hyperformula, with Excel's
 * ROUND, ROUNDDOWN and FIXED (and two speed-ups that change no result: INDEX reading one cell, the
 * holiday ranges kept in its graph). Its own ROUND is Math.round(x*10^p)/10^p (ROUND(1.005,2) = 1, Excel
 * gives 1.01); Excel first takes the double to 15 significant digits, then rounds the decimal
 * half away from zero. ROUNDDOWN is kept strict (plain truncation of the double, the harsher
 * reading), so that a formula passing here does not lean on an engine's tolerance.
 */
import { CellError, ErrorType, FunctionArgumentType, FunctionPlugin, HyperFormula, type ConfigParams, type SimpleCellAddress } from "hyperformula";
import { Decimal } from "../../src/core/decimal";
import { holidayRanges, HOLIDAYS_SHEET, holidaySheetRows } from "../../src/core/calendar.formula";

/** To `places` decimals; a negative count rounds to tens, hundreds, ... as Excel's ROUND(x,-2). */
function toPlaces(x: Decimal, places: number, mode: 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8): Decimal {
  if (places >= 0) return x.toDecimalPlaces(places, mode);
  const unit = new Decimal(10).pow(-places);
  return x.div(unit).toDecimalPlaces(0, mode).mul(unit);
}

/** Excel's ROUND: to 15 significant digits, then half away from zero at `places`. */
export function excelRound(x: number, places: number): number {
  if (!Number.isFinite(x)) return x;
  const fifteen = new Decimal(x.toPrecision(15));
  const rounded = toPlaces(fifteen, Math.trunc(places), Decimal.ROUND_HALF_UP).toNumber();
  return rounded === 0 ? 0 : rounded;
}

function excelRoundDown(x: number, places: number): number {
  if (!Number.isFinite(x)) return x;
  const strict = toPlaces(new Decimal(x), Math.trunc(places), Decimal.ROUND_DOWN).toNumber();
  return strict === 0 ? 0 : strict;
}

class ExcelRounding extends FunctionPlugin {
  static override implementedFunctions = {
    ROUND: { method: "round", parameters: [{ argumentType: FunctionArgumentType.NUMBER }, { argumentType: FunctionArgumentType.NUMBER, defaultValue: 0 }] },
    ROUNDDOWN: { method: "rounddown", parameters: [{ argumentType: FunctionArgumentType.NUMBER }, { argumentType: FunctionArgumentType.NUMBER, defaultValue: 0 }] },
  };
  round(ast: any, state: any) {
    return this.runFunction(ast.args, state, this.metadata("ROUND"), (x: number, p: number) => excelRound(x, p));
  }
  rounddown(ast: any, state: any) {
    return this.runFunction(ast.args, state, this.metadata("ROUNDDOWN"), (x: number, p: number) => excelRoundDown(x, p));
  }
}

/**
 * Excel's FIXED(number, decimals, no_commas), which hyperformula lacks: "Rounds a number to the
 * specified number of decimals, formats the number in decimal format using a period and commas,
 * and returns the result as text"; decimals default 2, negative rounds left of the point; with
 * no_commas TRUE, no commas (support.microsoft.com, FIXED function). Rounded as ROUND.
 */
function excelFixed(x: number, decimals: number, noCommas: boolean): string {
  const places = Math.trunc(decimals);
  const digits = new Decimal(excelRound(x, places)).toFixed(Math.max(places, 0));
  if (noCommas) return digits;
  const [whole, fraction] = digits.split(".");
  const grouped = whole!.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return fraction === undefined ? grouped : `${grouped}.${fraction}`;
}

class ExcelFixed extends FunctionPlugin {
  static override implementedFunctions = {
    FIXED: {
      method: "fixed",
      parameters: [{ argumentType: FunctionArgumentType.NUMBER }, { argumentType: FunctionArgumentType.NUMBER, defaultValue: 2 }, { argumentType: FunctionArgumentType.BOOLEAN, defaultValue: false }],
    },
  };
  fixed(ast: any, state: any) {
    return this.runFunction(ast.args, state, this.metadata("FIXED"), (x: number, d: number, noCommas: boolean) => excelFixed(x, d, noCommas));
  }
}

/**
 * INDEX(range, row, column) reading the one cell it names. hyperformula's own INDEX reads every
 * cell of the range first (SimpleRangeValue.data), 28,930 of them for SETTLE's list of settlement
 * days: 20 ms a call. Same results as its INDEX (same checks, same errors, a cell's value as
 * data[row - 1][column - 1] would hold it); only an array argument, which has no cells, goes
 * through the full read.
 */
class CellIndex extends FunctionPlugin {
  static override implementedFunctions = {
    INDEX: { method: "index", parameters: [{ argumentType: FunctionArgumentType.RANGE }, { argumentType: FunctionArgumentType.NUMBER }, { argumentType: FunctionArgumentType.NUMBER, defaultValue: 1 }] },
  };
  index(ast: any, state: any) {
    return this.runFunction(ast.args, state, this.metadata("INDEX"), (range: any, row: number, column: number) => {
      if (column < 1 || row < 1) return new CellError(ErrorType.VALUE);
      if (column > range.width() || row > range.height()) return new CellError(ErrorType.NUM);
      if (range._data !== undefined || range.range === undefined) return range.data?.[row - 1]?.[column - 1] ?? range.data?.[0]?.[0] ?? new CellError(ErrorType.VALUE);
      const start = range.range.start;
      const value = range.dependencyGraph.getCellValue({ sheet: start.sheet, row: start.row + row - 1, col: start.col + column - 1 });
      return value !== null && typeof value === "object" && "width" in value ? new CellError(ErrorType.VALUE) : value;
    });
  }
}

let registered = false;
/** hyperformula with Excel's ROUND, ROUNDDOWN and FIXED, and INDEX reading one cell (every engine made after this). */
export function register(): void {
  if (registered) return;
  HyperFormula.unregisterFunction("ROUND");
  HyperFormula.unregisterFunction("ROUNDDOWN");
  HyperFormula.unregisterFunction("INDEX");
  HyperFormula.registerFunctionPlugin(ExcelRounding, { enGB: { ROUND: "ROUND", ROUNDDOWN: "ROUNDDOWN" } });
  HyperFormula.registerFunctionPlugin(CellIndex, { enGB: { INDEX: "INDEX" } });
  HyperFormula.registerFunctionPlugin(ExcelFixed, { enGB: { FIXED: "FIXED" } });
  registered = true;
}

export type CellValue = number | string | boolean | null;

/**
 * The holidays sheet with one more cell, which names each list's range less its last row.
 * hyperformula links a formula to a range it names through every cell of the range, again for
 * each formula, unless a range one row shorter is already in its graph: then through that range
 * and the one cell left (DependencyGraph.processCellDependencies, findSmallerRange). With this
 * cell, SETTLE over the 28,930 settlement days costs what it costs over a short list.
 */
function keptRanges(rows: (number | string | null)[][]): (number | string | null)[][] {
  const shorter = (range: string) => range.replace(/(\d+)$/, (last) => String(Number(last) - 1));
  const keeper = `=${Object.values(holidayRanges()).map((range) => `COUNT(${shorter(range)})`).join("+")}`;
  return rows.map((row, i) => (i === 0 ? [...row, null, keeper] : row));
}

/**
 * One engine with an "Inputs" sheet (where a test puts argument cells and the formula) and the
 * CEO Holidays sheet as Prepare for sharing writes it.
 */
export class Engine {
  readonly hf: HyperFormula;
  readonly inputs: number;

  /** `config`: more hyperformula settings (e.g. maxRows for a large batch of cases). */
  constructor(config: Partial<ConfigParams> = {}) {
    register();
    this.hf = HyperFormula.buildFromSheets({ Inputs: [[]], [HOLIDAYS_SHEET]: keptRanges(holidaySheetRows()) }, { licenseKey: "gpl-v3", useArrayArithmetic: true, smartRounding: false, ...config });
    this.inputs = this.hf.getSheetId("Inputs")!;
  }

  /** Puts a block of values (or formulas) at row, column (0-based) of Inputs. */
  set(row: number, column: number, cells: CellValue[][]): void {
    this.hf.setCellContents({ sheet: this.inputs, row, col: column }, cells);
  }

  /** Evaluates "=..." in a scratch cell of Inputs: a number, a string, or an error code like "#NUM!". */
  evaluate(formula: string, at: SimpleCellAddress = { sheet: this.inputs, row: 999, col: 0 }): CellValue {
    this.hf.setCellContents(at, [[formula]]);
    const value = this.hf.getCellValue(at);
    this.hf.setCellContents(at, [[null]]);
    if (value !== null && typeof value === "object") return (value as { value: string }).value;
    return value as CellValue;
  }

  clear(): void {
    this.hf.setSheetContent(this.inputs, [[]]);
  }
}
