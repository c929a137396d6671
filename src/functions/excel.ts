/*
 * The Excel boundary, in one place: coercion of Excel's raw arguments into typed inputs,
 * Decimal -> number, and CalcError -> CustomFunctions.Error.
 */
import { Decimal } from "../core/decimal";
import { CalcError, valueError } from "../core/errors";
import { toExcelNumber } from "../core/rounding";

type Cell = unknown;

/**
 * A data type's JSON as Excel passes it. functions.json sets allowCustomDataForDataTypeAny, so a
 * cell holding a data type reaches an `any` parameter (a schedule, a range of per-sale values) as
 * an Excel.CellValue object: custom functions "use the same JSON schema for data types as the Excel
 * JavaScript API" (https://learn.microsoft.com/office/dev/add-ins/excel/custom-functions-data-types-concepts).
 * Every Excel.CellValue has a string `type` ("Double", "FormattedNumber", "Entity", "Error", ...)
 * and most a `basicValue`, "the value that would be returned by Range.values for a cell with this
 * value" (Excel.CellValue in @types/office-js, ExcelApi 1.16).
 */
interface CellValueObject {
  type: string;
  basicValue?: unknown;
  errorType?: string;
  text?: string;
}

const isObject = (value: Cell): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);
const isCellValue = (value: Cell): value is CellValueObject => isObject(value) && typeof value.type === "string";

/**
 * Excel's invocation object: "every custom function is automatically passed an invocation argument
 * as the last input parameter" (https://learn.microsoft.com/office/dev/add-ins/excel/custom-functions-parameter-options).
 * With metadata cached from an older release it arrives where the new code expects a new trailing
 * optional parameter, and must read as that argument omitted (docs/DEPLOY.md). It has no `type`,
 * which tells it from a data type.
 */
const isInvocation = (value: Cell) => isObject(value) && !isCellValue(value);

/** Blank: an empty cell, an omitted argument, an Empty data type, or the invocation object. */
const isBlank = (value: Cell) =>
  value === null || value === undefined || value === "" || isInvocation(value) || (isCellValue(value) && value.type === "Empty");

/** An Excel error value among the arguments: it leaves the function as that error. */
class ErrorArgument extends Error {
  constructor(
    readonly errorCode: keyof typeof CustomFunctions.ErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** Excel.ErrorCellValueType -> the CustomFunctions.ErrorCode that shows the same error; others show as #VALUE! naming them. */
const ERROR_CODES: Readonly<Record<string, keyof typeof CustomFunctions.ErrorCode>> = {
  Div0: "divisionByZero",
  NotAvailable: "notAvailable",
  Name: "invalidName",
  Null: "nullReference",
  Num: "invalidNumber",
  Ref: "invalidReference",
  Value: "invalidValue",
};
/** The same by the error's text, for an error value without an errorType. */
const ERROR_CODES_BY_TEXT: Readonly<Record<string, keyof typeof CustomFunctions.ErrorCode>> = {
  "#DIV/0!": "divisionByZero",
  "#N/A": "notAvailable",
  "#NAME?": "invalidName",
  "#NULL!": "nullReference",
  "#NUM!": "invalidNumber",
  "#REF!": "invalidReference",
  "#VALUE!": "invalidValue",
};

function describeDataType(value: CellValueObject): string {
  const article = /^[AEIOU]/.test(value.type) ? "an" : "a";
  const text = typeof value.text === "string" ? ` "${value.text.length > 40 ? value.text.slice(0, 40) + "..." : value.text}"` : "";
  return `${article} ${value.type} value${text}`;
}

/**
 * A data type as the plain value it stands for: its basicValue where that is a number (Double,
 * FormattedNumber, and any other type whose basic value is a number); a String or Boolean as that
 * text or logical value (then refused where a number belongs, as a typed one would be); an Error
 * as that error. Anything else (an entity, a linked entity, an image, an array) is #VALUE! saying
 * what arrived: never a blank.
 */
function plain(value: Cell, where: string): Cell {
  if (!isCellValue(value) || isBlank(value)) return value;
  const { type, basicValue } = value;
  if (type === "Error") {
    const shown = typeof basicValue === "string" && basicValue.startsWith("#") ? basicValue : `#${(value.errorType ?? "VALUE").toUpperCase()}!`;
    const code = ERROR_CODES[value.errorType ?? ""] ?? ERROR_CODES_BY_TEXT[shown] ?? "invalidValue";
    throw new ErrorArgument(code, `${where} is ${shown}${code === "invalidValue" && shown !== "#VALUE!" ? ": expected a number" : ""}`);
  }
  if (typeof basicValue === "number") return basicValue;
  if ((type === "String" && typeof basicValue === "string") || (type === "Boolean" && typeof basicValue === "boolean")) return basicValue;
  throw valueError(`${where} is ${describeDataType(value)}: expected a number (a data type is read by its basic value, which must be a number)`);
}

function describe(value: Cell): string {
  if (typeof value === "string") return `text "${value.length > 40 ? value.slice(0, 40) + "..." : value}"`;
  if (typeof value === "boolean") return value ? "TRUE" : "FALSE";
  if (Array.isArray(value)) return "a range";
  if (isCellValue(value)) return describeDataType(value);
  return String(value);
}

function finiteNumber(value: Cell, where: string): number {
  if (typeof value !== "number") throw valueError(`${where} is ${describe(value)}: expected a number`);
  if (!Number.isFinite(value)) throw valueError(`${where} is ${value}: expected a finite number`);
  return value;
}

const toDecimal = (value: Cell, where: string) => new Decimal(finiteNumber(value, where));

/** The value of a one-cell range argument (Excel passes a scalar to a range parameter as [[x]]), or the argument itself. */
export function single(value: Cell): Cell {
  return Array.isArray(value) && value.length === 1 && Array.isArray(value[0]) && value[0].length === 1 ? value[0][0] : value;
}

/** A one-value argument, a data type read as its plain value: a range of more cells is refused. */
function scalar(value: Cell, name: string): Cell {
  const v = single(value);
  if (Array.isArray(v)) throw valueError(`${name} is a range: expected a single value`);
  return plain(v, name);
}

/** A required number argument kept as a plain number (dates and day counts: no Decimal needed). */
export function plainNum(value: Cell, name: string): number {
  const v = scalar(value, name);
  if (isBlank(v)) throw valueError(`${name} is missing: expected a number`);
  return finiteNumber(v, name);
}

/** A required number argument. */
export const num = (value: Cell, name: string): Decimal => new Decimal(plainNum(value, name));

/** An optional plain number argument: Excel passes null when it is omitted. */
export function optPlainNum(value: Cell, name: string): number | undefined {
  return isBlank(scalar(value, name)) ? undefined : plainNum(value, name);
}

/** An optional number argument. */
export function optNum(value: Cell, name: string): Decimal | undefined {
  const n = optPlainNum(value, name);
  return n === undefined ? undefined : new Decimal(n);
}

/** An optional whole-number argument (decimals, cycles, day counts). */
export function optInt(value: Cell, name: string): number | undefined {
  const d = optNum(value, name);
  if (d === undefined) return undefined;
  if (!d.isInteger()) throw valueError(`${name} is ${d.toString()}: expected a whole number`);
  return d.toNumber();
}

/** The cells of a range in reading order as (position, plain value) pairs, blanks included. */
function cells(value: Cell, name: string): { where: string; value: Cell }[] {
  if (!Array.isArray(value)) return [{ where: name, value: plain(value, name) }];
  const out: { where: string; value: Cell }[] = [];
  value.forEach((row: Cell, r) => {
    const items = Array.isArray(row) ? row : [row];
    items.forEach((cell, c) => {
      const where = `${name} cell (row ${r + 1}, column ${c + 1})`;
      out.push({ where, value: plain(cell, where) });
    });
  });
  return out;
}

/** A range of numbers in reading order (either orientation), blank cells skipped. */
export function range(value: Cell, name: string): Decimal[] {
  return cells(value, name)
    .filter((cell) => !isBlank(cell.value))
    .map((cell) => toDecimal(cell.value, cell.where));
}

/**
 * Two parallel ranges (per-sale shares and prices): equal size in either orientation; a
 * pair of blanks is skipped, a blank beside a number is an error.
 */
export function parallelRanges(a: Cell, aName: string, b: Cell, bName: string): [Decimal[], Decimal[]] {
  const left = cells(a, aName);
  const right = cells(b, bName);
  if (left.length !== right.length) {
    throw valueError(`${aName} has ${left.length} cells and ${bName} has ${right.length}: expected ranges of the same size`);
  }
  const xs: Decimal[] = [];
  const ys: Decimal[] = [];
  left.forEach((l, i) => {
    const r = right[i]!;
    if (isBlank(l.value) && isBlank(r.value)) return;
    if (isBlank(l.value) || isBlank(r.value)) {
      throw valueError(`${isBlank(l.value) ? l.where : r.where} is blank but its pair is not: expected both or neither`);
    }
    xs.push(toDecimal(l.value, l.where));
    ys.push(toDecimal(r.value, r.where));
  });
  return [xs, ys];
}

/** A range of rows (e.g. a fee schedule: tier lower bound, rate), fully blank rows skipped. */
export function rows(value: Cell, name: string, width: number): Decimal[][] {
  if (!Array.isArray(value)) throw valueError(`${name} must be a range of ${width} columns`);
  const out: Decimal[][] = [];
  value.forEach((row: Cell, r) => {
    const items = (Array.isArray(row) ? row : [row]).map((cell, c) => plain(cell, `${name} cell (row ${r + 1}, column ${c + 1})`));
    if (items.every(isBlank)) return;
    if (items.length !== width) {
      throw valueError(`${name} row ${r + 1} has ${items.length} columns: expected ${width}`);
    }
    out.push(items.map((cell, c) => toDecimal(cell, `${name} cell (row ${r + 1}, column ${c + 1})`)));
  });
  return out;
}

export function isOmitted(value: Cell): boolean {
  return isBlank(single(value));
}

function toCustomFunctionsError(error: unknown): CustomFunctions.Error {
  if (error instanceof ErrorArgument) return new CustomFunctions.Error(CustomFunctions.ErrorCode[error.errorCode], error.message);
  if (error instanceof CalcError) {
    const code =
      error.code === "#NUM!" ? CustomFunctions.ErrorCode.invalidNumber : error.code === "#N/A" ? CustomFunctions.ErrorCode.notAvailable : CustomFunctions.ErrorCode.invalidValue;
    return new CustomFunctions.Error(code, error.message);
  }
  const detail = error instanceof Error ? error.message : String(error);
  return new CustomFunctions.Error(CustomFunctions.ErrorCode.invalidValue, `unexpected input: ${detail}`);
}

/** Runs `compute` at the Excel boundary: any error it throws leaves as a CustomFunctions.Error. */
function mapped<T>(compute: () => T): T {
  try {
    return compute();
  } catch (error) {
    throw toCustomFunctionsError(error);
  }
}

function finite(n: number): number {
  if (!Number.isFinite(n)) throw new CalcError("#NUM!", `the result ${n} is not a finite number`);
  return n === 0 ? 0 : n;
}

/** Runs a deal term and returns its one number to Excel, or throws the mapped error. */
export const excel = (compute: () => Decimal): number => mapped(() => toExcelNumber(compute()));

/** Runs a term whose result is already a plain number (a date serial, a count of days). */
export const excelPlain = (compute: () => number): number => mapped(() => finite(compute()));

/** Runs a term that spills one row of plain numbers (e.g. the first and last day of a lock-up). */
export const excelPlainRow = (compute: () => readonly number[]): number[][] => mapped(() => [compute().map(finite)]);

/** Runs a deal term that spills one row (e.g. warrant shares, exercise price). */
export const excelRow = (compute: () => readonly Decimal[]): number[][] => mapped(() => [compute().map(toExcelNumber)]);
