/*
 * A real spreadsheet engine in-process for checking native formulas: hyperformula, with Excel's
 * ROUND and ROUNDDOWN. Its own ROUND is Math.round(x*10^p)/10^p (ROUND(1.005,2) = 1, Excel
 * gives 1.01); Excel first takes the double to 15 significant digits, then rounds the decimal
 * half away from zero. ROUNDDOWN is kept strict (plain truncation of the double, the harsher
 * reading), so that a formula passing here does not lean on an engine's tolerance.
 */
import { FunctionArgumentType, FunctionPlugin, HyperFormula, type ConfigParams, type SimpleCellAddress } from "hyperformula";
import { Decimal } from "../../src/core/decimal";
import { HOLIDAY_COLUMNS, HOLIDAYS_SHEET, holidayLists } from "../../src/core/calendar.formula";

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

let registered = false;
function register(): void {
  if (registered) return;
  HyperFormula.unregisterFunction("ROUND");
  HyperFormula.unregisterFunction("ROUNDDOWN");
  HyperFormula.registerFunctionPlugin(ExcelRounding, { enGB: { ROUND: "ROUND", ROUNDDOWN: "ROUNDDOWN" } });
  registered = true;
}

export type CellValue = number | string | boolean | null;

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
    const { trading, settlement } = holidayLists();
    const holidays: CellValue[][] = [["Exchange closed", "Reason", null, "Settlement closed", "Reason"]];
    for (let i = 0; i < Math.max(trading.length, settlement.length); i++) {
      const t = trading[i];
      const s = settlement[i];
      holidays.push([t?.date ?? null, t?.name ?? null, null, s?.date ?? null, s?.name ?? null]);
    }
    if (HOLIDAY_COLUMNS.trading.date !== "A" || HOLIDAY_COLUMNS.settlement.date !== "D") throw new Error("holiday layout changed: update test/support/hyperformula.ts");
    this.hf = HyperFormula.buildFromSheets({ Inputs: [[]], [HOLIDAYS_SHEET]: holidays }, { licenseKey: "gpl-v3", useArrayArithmetic: true, smartRounding: false, ...config });
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
