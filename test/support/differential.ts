/*
 * The differential harness of issue 16: a banker's copy shows the add-in's number or an error,
 * never a different number and never a number where the add-in errs.
 *
 * A case is an analyst's formula =CEO.F(args) on a Deal sheet whose arguments read cells of an
 * Inputs sheet (blank, "", numeric text, text, TRUE, errors, ranges down and across, whole
 * columns, IF(cond,rate,""), nested CEO calls, IFERROR around). For each case:
 *   (a) the add-in: the BUILT bundle's function (test/support/bundle.ts, CEO_DIST) called with
 *       what Excel passes per parameter type (docs/SHARING-MODEL.md): number
 *       parameters get the coerced scalar, null or the error (then not called); any[][]
 *       parameters the 2-D array of raw cell values;
 *   (b) the copy: the pane's own converter (planSharing of src/taskpane/share/share.ts, the whole
 *       Deal row, with workbook names), evaluated in hyperformula;
 *   (c) the same copy in LibreOffice: all cases of a batch in ONE .xlsx (exceljs, formulas
 *       without cached values), one headless recalculation to CSV.
 * Kept values (the converter says "value") agree by construction and are counted by reason.
 */
import { execFileSync } from "child_process";
import fs from "fs";
import os from "os";
import path from "path";
import ExcelJS from "exceljs";
import { columnLetters } from "../../src/core/formulaText";
import { planSharing, type WorkbookName } from "../../src/taskpane/share/share";
import { DIST, loadFunctions, StubCustomFunctionsError } from "./bundle";
import { Engine } from "./hyperformula";
import { addHolidaysSheet, recalculatingProfile as profile, soffice } from "./libreoffice";
export { soffice };

// ---------------------------------------------------------------------------------------------
// Cases

export type ErrorCode = "#N/A" | "#DIV/0!" | "#NUM!" | "#VALUE!";

/** A cell an analyst leaves: a number, text ("" is a cell holding empty text, e.g. =""), TRUE/FALSE, an error, or blank (null). */
export type InputCell = number | string | boolean | null | { error: ErrorCode };

export type Arg =
  | { kind: "omit" }
  | { kind: "literal"; value: number | string | boolean }
  | { kind: "cell"; value: InputCell }
  /** A block of cells, rows by columns (a column: n x 1, a row: 1 x n). */
  | { kind: "range"; cells: InputCell[][] }
  /** Whole columns (B:B, or B:C for a schedule): cells[0] is row 1 (the header row). */
  | { kind: "columns"; cells: InputCell[][] }
  | { kind: "array"; cells: number[][] }
  /** The Placements table's form IF(cell="Other",rate,""): the cell holds "Other" (then rate), "Sales", blank, ... */
  | { kind: "ifOther"; cond: InputCell; rate: number }
  /** A CEO call as the argument; `index`: INDEX(CEO.X(...),1,k), element k of a spilled row. */
  | { kind: "call"; call: Call; index?: number };

export interface Call {
  id: string;
  args: Arg[];
  /** Write a trailing empty argument (=CEO.FEE(A1,)). */
  trailingComma?: boolean;
}

export type Wrap = { iferror: boolean; index?: number };

export interface Case {
  fn: string;
  /** Why the case exists: "random" or a regression's name. */
  label: string;
  call: Call;
  wrap: Wrap;
  /** A regression where the copy must show the add-in's number (an error does not do). */
  strict?: boolean;
  /** For a kept value: why the reason would be untrue (undefined when it is fine). */
  reasonCheck?: (reason: string) => string | undefined;
  /** A case laid out by hand (workbook names, cells on the Deal sheet itself). */
  custom?: CustomCase;
}

/**
 * A hand-made case: `formula(row)` is the analyst's formula in Deal!A{row}; `dealCells` are
 * cells of the Deal sheet itself (copied with it), `names` the workbook's names (as
 * Office.js lists them), `addin` what the add-in shows.
 */
export interface CustomCase {
  formula: (row: number) => string;
  dealCells: (row: number) => { column: number; row: number; value: InputCell }[];
  names: (row: number) => WorkbookName[];
  addin: () => Shown[];
  describe: (row: number) => string;
}

// ---------------------------------------------------------------------------------------------
// Layout: the Inputs sheet

/** Columns A.. of the case bands; whole columns come from a pool right of them. */
const BAND_WIDTH = 90;
const POOL_START = 100;
/** LibreOffice 7.4's default sheet is 1024 columns wide. */
const POOL_END = 1020;

export class InputsSheet {
  readonly cells = new Map<number, Map<number, InputCell>>();
  private next = 0;
  private pool = POOL_START;
  height = 0;

  private set(row: number, column: number, value: InputCell): void {
    if (value === null) return;
    let r = this.cells.get(row);
    if (!r) this.cells.set(row, (r = new Map()));
    r.set(column, value);
    this.height = Math.max(this.height, row + 1);
  }

  /** A band of rows for one case; blocks go left to right, wrapping below when the band is full. */
  band(): Band {
    return new Band(this, this.next);
  }

  endBand(band: Band): void {
    this.next = band.bottom() + 1; // one empty row between cases
  }

  put(top: number, left: number, block: readonly InputCell[][]): void {
    block.forEach((row, r) => row.forEach((v, c) => this.set(top + r, left + c, v)));
  }

  /** Whole columns of the pool, `width` wide: 0-based left column. */
  columns(block: readonly InputCell[][]): number {
    const width = Math.max(1, ...block.map((row) => row.length));
    if (this.pool + width > POOL_END) throw new PoolFull();
    const left = this.pool;
    this.pool += width;
    this.put(0, left, block);
    return left;
  }

  poolLeft(): number {
    return POOL_END - this.pool;
  }

  get(row: number, column: number): InputCell {
    return this.cells.get(row)?.get(column) ?? null;
  }
}

export class PoolFull extends Error {}

class Band {
  private column = 0;
  private offset = 0;
  private rowHeight = 1;
  constructor(
    private readonly sheet: InputsSheet,
    readonly top: number,
  ) {}

  /** Places a block: its 0-based top-left. */
  place(block: readonly InputCell[][]): { row: number; column: number } {
    const height = block.length;
    const width = Math.max(1, ...block.map((r) => r.length));
    if (this.column + width > BAND_WIDTH && this.column > 0) {
      this.offset += this.rowHeight;
      this.rowHeight = 1;
      this.column = 0;
    }
    const at = { row: this.top + this.offset, column: this.column };
    this.sheet.put(at.row, at.column, block);
    this.column += width;
    this.rowHeight = Math.max(this.rowHeight, height);
    return at;
  }

  bottom(): number {
    return this.top + this.offset + this.rowHeight - 1;
  }
}

const a1 = (row: number, column: number, absolute: boolean) => (absolute ? `$${columnLetters(column + 1)}$${row + 1}` : `${columnLetters(column + 1)}${row + 1}`);

// ---------------------------------------------------------------------------------------------
// Rendering a case: the formula text and a description of its inputs

export interface Rendered {
  formula: string;
  inputs: string[];
}

const INPUTS = "Inputs";

export function showCell(v: InputCell): string {
  if (v === null) return "(blank)";
  if (v === "") return '=""';
  if (typeof v === "string") return JSON.stringify(v);
  if (typeof v === "boolean") return v ? "TRUE" : "FALSE";
  if (typeof v === "number") return String(v);
  return v.error;
}

const showBlock = (block: readonly InputCell[][]) => `[${block.map((row) => row.map(showCell).join(",")).join(";")}]`;

/** A number as formula text (Excel takes 1E-07 and 1E+21 as typed). */
export const numberText = (n: number) => String(n).toUpperCase();

function literalText(value: number | string | boolean): string {
  if (typeof value === "number") return numberText(value);
  if (typeof value === "boolean") return value ? "TRUE" : "FALSE";
  return `"${value.replace(/"/g, '""')}"`;
}

/** Lays out a call's input cells and writes its formula text; `absolute` picks $A$1 or A1 per reference. */
export function renderCall(call: Call, sheet: InputsSheet, band: Band, inputs: string[], absolute: () => boolean): string {
  const args = call.args.map((arg) => renderArg(arg, sheet, band, inputs, absolute));
  while (args.length > 0 && call.args[args.length - 1]!.kind === "omit" && !call.trailingComma) args.pop();
  return `CEO.${call.id}(${args.join(",")})`;
}

function renderArg(arg: Arg, sheet: InputsSheet, band: Band, inputs: string[], absolute: () => boolean): string {
  switch (arg.kind) {
    case "omit":
      return "";
    case "literal":
      return literalText(arg.value);
    case "cell": {
      const at = band.place([[arg.value]]);
      const ref = `${INPUTS}!${a1(at.row, at.column, absolute())}`;
      inputs.push(`${ref}=${showCell(arg.value)}`);
      return ref;
    }
    case "range": {
      const at = band.place(arg.cells);
      const abs = absolute();
      const ref = `${INPUTS}!${a1(at.row, at.column, abs)}:${a1(at.row + arg.cells.length - 1, at.column + arg.cells[0]!.length - 1, abs)}`;
      inputs.push(`${ref}=${showBlock(arg.cells)}`);
      return ref;
    }
    case "columns": {
      const left = sheet.columns(arg.cells);
      const width = arg.cells[0]!.length;
      const d = absolute() ? "$" : "";
      const ref = `${INPUTS}!${d}${columnLetters(left + 1)}:${d}${columnLetters(left + width)}`;
      inputs.push(`${ref}=${showBlock(arg.cells)}`);
      return ref;
    }
    case "array":
      return `{${arg.cells.map((row) => row.map(numberText).join(",")).join(";")}}`;
    case "ifOther": {
      const at = band.place([[arg.cond]]);
      const ref = `${INPUTS}!${a1(at.row, at.column, absolute())}`;
      inputs.push(`${ref}=${showCell(arg.cond)}`);
      return `IF(${ref}="Other",${numberText(arg.rate)},"")`;
    }
    case "call": {
      const inner = renderCall(arg.call, sheet, band, inputs, absolute);
      return arg.index === undefined ? inner : `INDEX(${inner},1,${arg.index})`;
    }
  }
}

export function wrapFormula(call: string, wrap: Wrap): string {
  const picked = wrap.index === undefined ? call : `INDEX(${call},1,${wrap.index})`;
  return `=${wrap.iferror ? `IFERROR(${picked},0)` : picked}`;
}

// ---------------------------------------------------------------------------------------------
// (a) The add-in: what Excel passes (docs/SHARING-MODEL.md), the built bundle's function

export type Shown = { kind: "number"; value: number } | { kind: "error"; code: string; message?: string };

class XError {
  constructor(
    readonly code: string,
    readonly message = "",
  ) {}
}

type Scalar = number | string | boolean | null | XError;
type XValue = { t: "omit" } | { t: "scalar"; v: Scalar } | { t: "matrix"; v: Scalar[][] };

interface FunctionMeta {
  id: string;
  parameters: { name: string; type?: string; dimensionality?: string; optional?: boolean }[];
  result?: { dimensionality?: string };
}

let metadata: Map<string, FunctionMeta> | undefined;

/** dist/functions.json (of CEO_DIST) by id. */
export function functionsJson(): Map<string, FunctionMeta> {
  if (!metadata) {
    const json = JSON.parse(fs.readFileSync(path.join(DIST, "functions.json"), "utf8")) as { functions: FunctionMeta[] };
    metadata = new Map(json.functions.map((f) => [f.id, f]));
  }
  return metadata;
}

/** A parameter's kind as Excel passes it: a coerced scalar (number) or a 2-D array of raw values (any). */
export function paramKind(id: string, index: number): "number" | "any" {
  const p = functionsJson().get(id)?.parameters[index];
  if (!p) throw new Error(`CEO.${id} has no parameter ${index + 1}`);
  if (p.dimensionality === "matrix") return "any";
  if ((p.type ?? "any") === "number") return "number";
  if ((p.type ?? "any") === "any") return "any";
  throw new Error(`CEO.${id} parameter ${p.name} is a ${p.type}: the harness models number and any parameters only (docs/SHARING-MODEL.md)`);
}

export const isRowFunction = (id: string) => functionsJson().get(id)?.result?.dimensionality === "matrix";

/** Excel's VALUE rules for the plain numerals the harness writes as text (digits, sign, point, exponent, spaces). */
export const NUMERAL = /^\s*[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?\s*$/;

function cellScalar(v: InputCell): Scalar {
  return v !== null && typeof v === "object" ? new XError(v.error) : v;
}

function argValue(arg: Arg): XValue {
  switch (arg.kind) {
    case "omit":
      return { t: "omit" };
    case "literal":
      return { t: "scalar", v: arg.value };
    case "cell":
      return { t: "scalar", v: cellScalar(arg.value) };
    case "range":
    case "columns":
      return { t: "matrix", v: arg.cells.map((row) => row.map(cellScalar)) };
    case "array":
      return { t: "matrix", v: arg.cells.map((row) => [...row]) };
    case "ifOther":
      if (arg.cond !== null && typeof arg.cond === "object") return { t: "scalar", v: new XError(arg.cond.error) };
      return { t: "scalar", v: arg.cond === "Other" ? arg.rate : "" };
    case "call": {
      const inner = evaluateCall(arg.call).result;
      if (inner instanceof XError) return { t: "scalar", v: inner };
      if (typeof inner === "number") return arg.index === undefined || arg.index === 1 ? { t: "scalar", v: inner } : { t: "scalar", v: new XError("#REF!") };
      if (arg.index !== undefined) return { t: "scalar", v: arg.index >= 1 && arg.index <= inner.length ? inner[arg.index - 1]! : new XError("#REF!") };
      return { t: "matrix", v: [inner] };
    }
  }
}

type Passed = { ok: unknown } | { error: XError } | { lift: Scalar[][] };

/** A number parameter's scalar (docs/SHARING-MODEL.md): blank and "" are null, numeric text its number, other text #VALUE!, an error itself. */
function numberScalar(v: Scalar): Passed {
  if (v instanceof XError) return { error: v };
  if (v === null || v === "") return { ok: null };
  if (typeof v === "string") return NUMERAL.test(v) ? { ok: Number(v.trim()) } : { error: new XError("#VALUE!", `text "${v}" where a number belongs (Excel does not call the function)`) };
  return { ok: v };
}

function toParameter(x: XValue, kind: "number" | "any"): Passed {
  if (x.t === "omit") return { ok: null };
  if (kind === "number") {
    if (x.t === "scalar") return numberScalar(x.v);
    const cells = x.v.flat();
    if (cells.length === 1) return numberScalar(cells[0]!);
    return { lift: x.v };
  }
  if (x.t === "scalar") return x.v instanceof XError ? { error: x.v } : { ok: [[x.v]] };
  const error = x.v.flat().find((v): v is XError => v instanceof XError);
  return error ? { error } : { ok: x.v };
}

export interface Evaluated {
  /** number, a spilled row, or the error the cell shows. */
  result: number | number[] | XError;
  /** What the function was called with (the anchor's call when lifted), or undefined when Excel did not call it. */
  passed?: unknown[];
  /** A number parameter got several cells: Excel lifts the call over them (the anchor is shown). */
  lifted: boolean;
}

/** What the add-in's cell shows for CEO.id(args): Excel's argument passing, then the built function. */
export function evaluateCall(call: Call): Evaluated {
  const meta = functionsJson().get(call.id);
  if (!meta) throw new Error(`CEO.${call.id} is not in functions.json`);
  if (call.args.length > meta.parameters.length) return { result: new XError("#VALUE!", "too many arguments"), lifted: false };
  const passed: unknown[] = [];
  let lifted = false;
  for (let i = 0; i < meta.parameters.length; i++) {
    const kind = paramKind(call.id, i);
    const given = toParameter(argValue(call.args[i] ?? { kind: "omit" }), kind);
    lifted ||= "lift" in given;
    // Lifted: the anchor, the call with each lifted argument's first cell.
    const p = "lift" in given ? numberScalar(given.lift[0]![0]!) : given;
    if ("error" in p) return { result: p.error, lifted };
    if (!("ok" in p)) throw new Error("unreachable");
    passed.push(p.ok);
  }
  const fn = loadFunctions().get(call.id);
  if (!fn) throw new Error(`CEO.${call.id} is not associated in the bundle`);
  const invocation = { address: "Deal!A1", functionName: call.id }; // Excel passes it last
  let value: unknown;
  try {
    value = fn(...passed, invocation);
  } catch (error) {
    if (error instanceof StubCustomFunctionsError) return { result: new XError(error.code, error.message), passed, lifted };
    return { result: new XError("#CRASH", `the function threw ${String(error)}`), passed, lifted };
  }
  if (typeof value === "number") return { result: Number.isFinite(value) ? value : new XError("#NUM!", `non-finite ${value}`), passed, lifted };
  if (Array.isArray(value) && value.length === 1 && Array.isArray(value[0]) && value[0].every((v: unknown) => typeof v === "number")) return { result: value[0] as number[], passed, lifted };
  return { result: new XError("#CRASH", `unexpected result ${JSON.stringify(value)}`), passed, lifted };
}

/** The cells the analyst sees: one, or each of a spilled row (an error errs every cell of the row). */
export function shown(c: Case): { elements: Shown[]; evaluated: Evaluated } {
  const evaluated = evaluateCall(c.call);
  const width = c.wrap.index === undefined && isRowFunction(c.call.id) ? 2 : 1;
  let cells: (number | XError)[];
  const r = evaluated.result;
  if (r instanceof XError) cells = Array.from({ length: width }, () => r);
  else if (typeof r === "number") cells = c.wrap.index === undefined || c.wrap.index === 1 ? [r] : [new XError("#REF!")];
  else if (c.wrap.index !== undefined) cells = [c.wrap.index >= 1 && c.wrap.index <= r.length ? r[c.wrap.index - 1]! : new XError("#REF!")];
  else cells = r;
  if (c.wrap.iferror) cells = cells.map((v) => (v instanceof XError ? 0 : v));
  return { elements: cells.map((v) => (v instanceof XError ? { kind: "error", code: v.code, message: v.message } : { kind: "number", value: v })), evaluated };
}

// ---------------------------------------------------------------------------------------------
// Precision: money, counts and dates exactly; ratios and unrounded prices to a relative 1e-12

export type Precision = { kind: "exact" } | { kind: "relative"; scale?: number };

/** FLOATPRICE picks one of its prices (numbers of 15 digits or fewer come back as themselves), SOLD12M and BABYSHELF are money. */
const EXACT = new Set(["FEE", "NET", "CONVSHARES", "CASHLESS", "NASDAQ20", "CAPACITY", "REIMBURSE", "RETAINER", "SETTLE", "TRADEDAY", "TRADEDAYS", "LOCKUP", "FLOATPRICE", "SOLD12M", "BABYSHELF"]);
/** Prices: exact when rounded to `decimals` (the parameter at this index), else relative. */
const PRICE_DECIMALS: Record<string, number> = { VWAP: 2, WARRANTS: 4, INITCONV: 1, CONVPRICE: 3, CLASSBPRICE: 3, BSWARRANT: 6, MINPRICE: 1 };

export function precisionOf(id: string, element: number, passed: unknown[] | undefined): Precision {
  if (EXACT.has(id)) return { kind: "exact" };
  if (id === "WARRANTS" && element === 0) return { kind: "exact" };
  const d = PRICE_DECIMALS[id];
  if (d !== undefined && typeof passed?.[d] === "number") return { kind: "exact" };
  // Black-Scholes: double NORM.S.DIST against the 40-digit core, relative to the stock price and
  // strike (a deep out-of-the-money value is tiny, its relative error large; test/libreoffice
  // takes the stock price).
  // The value is a difference of two terms bounded by S and K: its rounding error is relative to
  // them, not to the (possibly tiny) result.
  if (id === "BSWARRANT") return { kind: "relative", scale: Math.max(...[passed?.[0], passed?.[1]].map((v) => (typeof v === "number" ? Math.abs(v) : 0))) };
  return { kind: "relative" };
}

const tolerance = (addin: number, precision: Precision) => (precision.kind === "exact" ? 0 : 1e-12 * Math.max(Math.abs(addin), precision.scale ?? 0, 1e-300) + 1e-300);

/** The copy's number against the add-in's; `diff` (copy - add-in, computed by the engine itself) when known. */
export function close(copy: number, addin: number, precision: Precision, diff?: number): boolean {
  if (diff !== undefined) return precision.kind === "exact" ? diff === 0 : Math.abs(diff) <= tolerance(addin, precision);
  return precision.kind === "exact" ? copy === addin : Math.abs(copy - addin) <= tolerance(addin, precision);
}

// ---------------------------------------------------------------------------------------------
// (b) The pane's converter

export type Converted = { kind: "kept"; reason: string } | { kind: "formula"; formulas: string[]; warnings: string[] } | { kind: "crash"; message: string };

export const COPY = "Deal (shared)";

const valueOf = (s: Shown | undefined): unknown => (s === undefined ? null : s.kind === "number" ? s.value : s.code.startsWith("#CRASH") ? "#VALUE!" : s.code);

/**
 * The plan of Prepare for sharing for the Deal row of one case (planSharing, the pane's whole-sheet
 * converter: retargeting, workbook names, spilled rows): a native formula per element, or the
 * kept value's reason.
 */
export function convert(formula: string, row: number, elements: Shown[], names: WorkbookName[] = []): Converted {
  const width = 10;
  const formulas: unknown[][] = [Array.from({ length: width }, (_, c) => (c === 0 ? formula : null))];
  const values: unknown[][] = [Array.from({ length: width }, (_, c) => valueOf(elements[c]))];
  const grids = [{ name: "Deal", copy: COPY, address: `A${row}:${columnLetters(width)}${row}`, formulas, values }];
  let plan;
  try {
    plan = planSharing(grids, ["Deal", INPUTS], names);
  } catch (error) {
    return { kind: "crash", message: `planSharing threw: ${error instanceof Error ? error.message : String(error)}` };
  }
  const sheet = plan.sheets[0]!;
  const at = `A${row}`;
  if (sheet.values > 0) {
    const note = sheet.notes.find((n) => n.startsWith(`${at}: value kept (`));
    const reason = note ? note.slice(`${at}: value kept (`.length, -1) : sheet.notes.join("; ");
    return { kind: "kept", reason };
  }
  const out: string[] = [];
  for (let c = 0; c < Math.max(1, elements.length); c++) {
    const write = sheet.writes.find((w) => w.row === row - 1 && w.column === c);
    if (!write || typeof write.content !== "string" || !write.content.startsWith("=")) {
      if (c === 0) return { kind: "crash", message: `the plan writes ${JSON.stringify(write?.content)} for a CEO formula` };
      out.push(""); // the copy leaves this cell of the row empty
      continue;
    }
    out.push(write.content);
  }
  return { kind: "formula", formulas: out, warnings: plan.warnings };
}

// ---------------------------------------------------------------------------------------------
// A batch: the cases laid out in one workbook

export interface Prepared {
  case: Case;
  index: number;
  /** 1-based row of Deal. */
  row: number;
  formula: string;
  inputs: string[];
  elements: Shown[];
  evaluated?: Evaluated;
  converted: Converted;
  /** Cells of the Deal sheet itself (custom cases). */
  dealCells: { column: number; row: number; value: InputCell }[];
}

export interface Batch {
  inputs: InputsSheet;
  prepared: Prepared[];
}

/** Lays out `cases` (one Deal row each) and computes the add-in's cells and the copy's formulas. */
export function prepare(cases: readonly Case[], absolute: () => boolean): Batch {
  const inputs = new InputsSheet();
  const prepared: Prepared[] = [];
  cases.forEach((c, index) => {
    const row = index + 1;
    if (c.custom) {
      const formula = c.custom.formula(row);
      const elements = c.custom.addin();
      const dealCells = c.custom.dealCells(row);
      const converted = convert(formula, row, elements, c.custom.names(row));
      prepared.push({ case: c, index, row, formula, inputs: [c.custom.describe(row)], elements, converted, dealCells });
      return;
    }
    const band = inputs.band();
    const described: string[] = [];
    const text = renderCall(c.call, inputs, band, described, absolute);
    inputs.endBand(band);
    const formula = wrapFormula(text, c.wrap);
    const { elements, evaluated } = shown(c);
    let converted = convert(formula, row, elements);
    if (converted.kind === "formula" && evaluated.lifted) {
      converted = { kind: "crash", message: "a range where one value belongs was converted (docs/SHARING-MODEL.md: Excel lifts the call over the cells; the converter keeps the value)" };
    }
    prepared.push({ case: c, index, row, formula, inputs: described, elements, evaluated, converted, dealCells: [] });
  });
  return { inputs, prepared };
}

// ---------------------------------------------------------------------------------------------
// What a copy's cell shows in an engine

export type Observed =
  | { kind: "number"; value: number; text: string; diff?: number }
  | { kind: "error"; code: string }
  | { kind: "text"; text: string }
  | { kind: "logical"; value: boolean }
  | { kind: "missing" };

const ERROR_FORMULAS: Record<ErrorCode, string> = { "#N/A": "NA()", "#DIV/0!": "1/0", "#NUM!": "EXP(1000)", "#VALUE!": '"a"+1' };

/**
 * A formula as hyperformula parses it: the same formula with number literals' exponents in lower
 * case (hyperformula 3.5 reads 1e-7 but gives #ERROR! for 1E-7 and 1E-07, which Excel writes).
 */
export const hfFormula = (formula: string) => formula.split(/("(?:[^"]|"")*")/).map((part, i) => (i % 2 === 1 ? part : part.replace(/(?<![A-Za-z0-9_$.])([0-9]+\.?[0-9]*|\.[0-9]+)E([+-]?[0-9]+)/g, "$1e$2"))).join("");

/** hyperformula: the batch's Inputs, the copy's Deal row per case, the holidays. */
export function evaluateInHyperformula(batch: Batch): Map<number, Observed[]> {
  const engine = new Engine({ maxRows: 1_048_576, maxColumns: 16_384 });
  const hf = engine.hf;
  const hfCell = (v: InputCell): unknown => {
    if (v === "") return '=""';
    if (typeof v === "string") return `'${v}`; // text stays text (hyperformula reads "5.2" as a number otherwise)
    if (v !== null && typeof v === "object") return `=${ERROR_FORMULAS[v.error]}`;
    return v;
  };
  const grid: unknown[][] = [];
  for (const [r, cells] of batch.inputs.cells) {
    const row = (grid[r] ??= []);
    for (const [c, v] of cells) row[c] = hfCell(v);
  }
  for (let r = 0; r < grid.length; r++) grid[r] ??= [];
  const deal: unknown[][] = [];
  for (const p of batch.prepared) {
    const row: unknown[] = [];
    for (const d of p.dealCells) (deal[d.row - 1] ??= [])[d.column] = hfCell(d.value);
    if (p.converted.kind === "formula") p.converted.formulas.forEach((f, c) => f && (row[c] = hfFormula(f)));
    deal[p.row - 1] = Object.assign(deal[p.row - 1] ?? [], row);
  }
  for (let r = 0; r < deal.length; r++) deal[r] ??= [];
  hf.batch(() => {
    hf.setSheetContent(engine.inputs, grid as any);
    hf.addSheet(COPY);
    hf.setSheetContent(hf.getSheetId(COPY)!, deal as any);
  });
  const sheet = hf.getSheetId(COPY)!;
  const out = new Map<number, Observed[]>();
  for (const p of batch.prepared) {
    if (p.converted.kind !== "formula") continue;
    out.set(
      p.index,
      p.converted.formulas.map((f, c) => {
        if (!f) return { kind: "missing" };
        const v = hf.getCellValue({ sheet, row: p.row - 1, col: c }) as unknown;
        return observedOf(v);
      }),
    );
  }
  return out;
}

function observedOf(v: unknown): Observed {
  if (v === null || v === undefined) return { kind: "number", value: 0, text: "0" }; // a formula reading a blank shows 0
  if (typeof v === "number") return { kind: "number", value: v, text: String(v) };
  if (typeof v === "boolean") return { kind: "logical", value: v };
  if (typeof v === "string") return { kind: "text", text: v };
  if (typeof v === "object" && "value" in (v as object)) return { kind: "error", code: String((v as { value: unknown }).value) };
  return { kind: "text", text: JSON.stringify(v) };
}



/** Fields of a CSV LibreOffice wrote (quoted fields with "" escapes). */
export function readCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') (field += '"'), i++;
      else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") row.push(field), (field = "");
    else if (ch === "\n" || ch === "\r") {
      if (ch === "\r" && text[i + 1] === "\n") i++;
      row.push(field), rows.push(row), (row = []), (field = "");
    } else field += ch;
  }
  if (field !== "" || row.length > 0) row.push(field), rows.push(row);
  return rows;
}

/**
 * As an .xlsx stores it: functions newer than Excel 2007 carry the _xlfn. prefix (Office.js
 * writes them bare), and LibreOffice reads them only so.
 */
export const xlsxFormula = (formula: string) => formula.replace(/^=/, "").replace(/(?<![A-Za-z0-9_.])(NORM\.S\.DIST|NORM\.DIST|NORM\.S\.INV|MAXIFS|MINIFS|IFS|SWITCH|CONCAT|TEXTJOIN|XLOOKUP|XMATCH|AGGREGATE)\(/g, "_xlfn.$1(");

/**
 * LibreOffice: one workbook for the batch (the copy's Deal sheet first, so that the CSV export
 * writes it), one headless recalculation. Beside each element two helper cells: TYPE (text and
 * numbers look alike in a CSV) and RAWSUBTRACT from the add-in's number (LibreOffice writes 15
 * digits and its minus snaps near-equal values to 0; RAWSUBTRACT does not), so that "exactly"
 * means the same double.
 */
export async function evaluateInLibreOffice(batch: Batch, binary: string, keep?: string): Promise<{ observed: Map<number, Observed[]>; seconds: number; writeSeconds: number }> {
  const started = Date.now();
  const book = new ExcelJS.Workbook();
  const deal = book.addWorksheet(COPY);
  const inputs = book.addWorksheet(INPUTS);
  const xlCell = (v: InputCell): ExcelJS.CellValue => {
    if (v === "") return { formula: '""' } as ExcelJS.CellFormulaValue;
    if (v !== null && typeof v === "object") return { formula: ERROR_FORMULAS[v.error] } as ExcelJS.CellFormulaValue;
    return v;
  };
  for (const [r, cells] of batch.inputs.cells) {
    const row = inputs.getRow(r + 1);
    for (const [c, v] of cells) row.getCell(c + 1).value = xlCell(v);
  }
  const TYPE_AT = 2; // C, D
  const DIFF_AT = 4; // E, F
  // A number format of its own: LibreOffice formats a date function's result as a date otherwise, and writes it so.
  for (let c = 1; c <= 6; c++) deal.getColumn(c).numFmt = "0.00##############";
  for (const p of batch.prepared) {
    const row = deal.getRow(p.row);
    for (const d of p.dealCells) deal.getRow(d.row).getCell(d.column + 1).value = xlCell(d.value);
    if (p.converted.kind !== "formula") continue;
    p.converted.formulas.forEach((f, c) => {
      if (!f) return;
      const ref = `${columnLetters(c + 1)}${p.row}`;
      row.getCell(c + 1).value = { formula: xlsxFormula(f) } as ExcelJS.CellFormulaValue;
      row.getCell(TYPE_AT + c + 1).value = { formula: `TYPE(${ref})` } as ExcelJS.CellFormulaValue;
      const expected = p.elements[c];
      if (expected?.kind === "number") row.getCell(DIFF_AT + c + 1).value = { formula: `IF(ISNUMBER(${ref}),_xlfn.ORG.LIBREOFFICE.RAWSUBTRACT(${ref},${numberText(expected.value)}),"")` } as ExcelJS.CellFormulaValue;
    });
  }
  addHolidaysSheet(book);
  const dir = keep ?? fs.mkdtempSync(path.join(os.tmpdir(), "ceo-diff-"));
  fs.mkdirSync(dir, { recursive: true });
  try {
    const xlsx = path.join(dir, "differential.xlsx");
    await book.xlsx.writeFile(xlsx);
    const writeSeconds = (Date.now() - started) / 1000;
    execFileSync(binary, [`-env:UserInstallation=${profile(dir)}`, "--headless", "--norestore", "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false", "--outdir", dir, xlsx], { stdio: "pipe", timeout: 1_200_000 });
    const csv = readCsv(fs.readFileSync(path.join(dir, "differential.csv"), "utf8"));
    const observed = new Map<number, Observed[]>();
    for (const p of batch.prepared) {
      if (p.converted.kind !== "formula") continue;
      const fields = csv[p.row - 1] ?? [];
      observed.set(
        p.index,
        p.converted.formulas.map((f, c): Observed => {
          if (!f) return { kind: "missing" };
          const raw = fields[c] ?? "";
          const type = fields[TYPE_AT + c] ?? "";
          if (/^(#|Err:)/.test(raw) || type === "16") return { kind: "error", code: raw };
          if (raw === "TRUE" || raw === "FALSE") return { kind: "logical", value: raw === "TRUE" };
          if (type === "2" || raw === "" || !/^[-+0-9.E]+$/i.test(raw)) return { kind: "text", text: raw };
          const diffText = fields[DIFF_AT + c];
          const diff = diffText === undefined || diffText === "" ? undefined : Number(diffText);
          return { kind: "number", value: Number(raw), text: raw, ...(diff === undefined || Number.isNaN(diff) ? {} : { diff }) };
        }),
      );
    }
    return { observed, seconds: (Date.now() - started) / 1000, writeSeconds };
  } finally {
    if (!keep) fs.rmSync(dir, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------------
// Comparison

export type Verdict =
  | "number" // the same number
  | "both-error"
  | "copy-error" // the copy errs where the add-in shows a number: allowed by the rule, listed
  | "kept"
  /** It would fail, but its inputs or formula touch what this engine does not do as Excel does (BLIND_SPOTS). */
  | "blind"
  | "FAIL";

export interface Judged {
  verdict: Verdict;
  /** Why it failed, per element. */
  why?: string;
  /** Both err with different codes: "add-in #VALUE! / copy #NUM!". */
  codes?: string[];
}

const showShown = (s: Shown) => (s.kind === "number" ? String(s.value) : s.code);

export function showObserved(o: Observed): string {
  switch (o.kind) {
    case "number":
      return o.diff !== undefined && o.diff !== 0 ? `${o.text} (differs by ${o.diff})` : o.text;
    case "error":
      return o.code;
    case "text":
      return o.text === "" ? '""' : JSON.stringify(o.text);
    case "logical":
      return o.value ? "TRUE" : "FALSE";
    case "missing":
      return "(empty)";
  }
}

/** Every input cell and literal a call reads, nested calls included. */
function inputsOf(call: Call): { cells: InputCell[]; literals: (number | string | boolean)[] } {
  const cells: InputCell[] = [];
  const literals: (number | string | boolean)[] = [];
  const walk = (c: Call) =>
    c.args.forEach((arg) => {
      if (arg.kind === "literal") literals.push(arg.value);
      else if (arg.kind === "cell") cells.push(arg.value);
      else if (arg.kind === "range" || arg.kind === "columns") cells.push(...arg.cells.flat());
      else if (arg.kind === "ifOther") cells.push(arg.cond, arg.cond === "Other" ? arg.rate : "");
      else if (arg.kind === "call") walk(arg.call);
    });
  walk(call);
  return { cells, literals };
}

/** The case reads an error value (a cell or inside a range): then which error shows depends on the order arguments are read. */
export const readsAnError = (p: Prepared) => inputsOf(p.case.call).cells.some((v) => v !== null && typeof v === "object");

/**
 * Where an engine does not compute as Excel does, so that a difference there says nothing about
 * the native formula (checked on this machine; the other engine covers each):
 * - LibreOffice has no logical type in arrays: TRUE is 1 (ISNUMBER(TRUE) is TRUE, COUNT counts
 *   it, SUMPRODUCT(ISLOGICAL(range)) is 0), where Excel and hyperformula tell logicals apart.
 * - hyperformula reads "" as 0 in arithmetic (--"" is 0, ""+1 is 1; Excel and LibreOffice:
 *   #VALUE!), and ROW(range) / COLUMN(range) give one number, not an array (test/libreoffice
 *   checks those positions for that reason); its NORM.S.DIST takes the lower tail as 1 - Φ, which
 *   cancels to 0 below about -8 (NORM.S.DIST(-10,1) is 0 there; LibreOffice gives 7.6e-24), so a
 *   Black-Scholes value whose discounted strike multiplies a far tail is LibreOffice's to check.
 */
export const BLIND_SPOTS: Record<"hyperformula" | "libreoffice", (p: Prepared) => string | undefined> = {
  libreoffice: (p) => {
    const { cells, literals } = inputsOf(p.case.call);
    return [...cells, ...literals].some((v) => typeof v === "boolean") ? "a TRUE/FALSE input: LibreOffice has no logical type in arrays (TRUE is 1)" : undefined;
  },
  hyperformula: (p) => {
    const formulas = p.converted.kind === "formula" ? p.converted.formulas.join(" ") : "";
    if (/\b(?:ROW|COLUMN)\((?!\))/.test(formulas)) return "ROW(range)/COLUMN(range): hyperformula gives the first position only";
    if (/NORM\.S\.DIST\(/.test(formulas)) return "NORM.S.DIST: hyperformula's lower tail cancels to 0 below about -8";
    return inputsOf(p.case.call).cells.some((v) => v === "") ? 'an empty-text input: hyperformula reads "" as 0 in arithmetic' : undefined;
  },
};

/** One case in one engine: the copy shows the add-in's number or an error (strict: the number itself). */
export function judge(p: Prepared, observed: Observed[] | undefined, useDiff: boolean, blindSpot?: (p: Prepared) => string | undefined): Judged {
  const crash = p.elements.find((e) => e.kind === "error" && e.code === "#CRASH");
  if (crash?.kind === "error") return { verdict: "FAIL", why: `the add-in's function did not answer as a custom function: ${crash.message}` };
  if (p.converted.kind === "crash") return { verdict: "FAIL", why: p.converted.message };
  if (p.converted.kind === "kept") {
    const untrue = p.case.reasonCheck?.(p.converted.reason);
    return untrue ? { verdict: "FAIL", why: `kept with an untrue reason: ${untrue}` } : { verdict: "kept" };
  }
  if (!observed) return { verdict: "FAIL", why: "not evaluated" };
  const verdicts: Verdict[] = [];
  const why: string[] = [];
  const codes: string[] = [];
  p.elements.forEach((addin, i) => {
    const copy = observed[i] ?? { kind: "missing" };
    const label = p.elements.length > 1 ? `element ${i + 1}: ` : "";
    if (addin.kind === "error") {
      if (copy.kind === "error") {
        verdicts.push("both-error");
        if (copy.code !== addin.code) codes.push(`add-in ${addin.code} / copy ${copy.code}`);
      } else {
        verdicts.push("FAIL");
        why.push(`${label}the add-in shows ${addin.code}, the copy ${showObserved(copy)}`);
      }
      return;
    }
    if (copy.kind === "error") {
      verdicts.push(p.case.strict ? "FAIL" : "copy-error");
      if (p.case.strict) why.push(`${label}the add-in shows ${addin.value}, the copy ${copy.code} (this regression needs the number)`);
      return;
    }
    if (copy.kind !== "number") {
      verdicts.push("FAIL");
      why.push(`${label}the add-in shows ${addin.value}, the copy ${showObserved(copy)}`);
      return;
    }
    const precision = precisionOf(p.case.call.id, p.case.wrap.index !== undefined ? p.case.wrap.index - 1 : i, p.evaluated?.passed);
    const same = close(copy.value, addin.value, precision, useDiff ? copy.diff : undefined);
    if (same) verdicts.push("number");
    else {
      verdicts.push("FAIL");
      why.push(`${label}the add-in shows ${addin.value}, the copy ${showObserved(copy)}`);
    }
  });
  const order: Verdict[] = ["FAIL", "copy-error", "both-error", "number"];
  const verdict = order.find((v) => verdicts.includes(v)) ?? "number";
  const blind = verdict === "FAIL" ? blindSpot?.(p) : undefined;
  if (blind) return { verdict: "blind", why: `${why.join("; ")} [${blind}]` };
  return { verdict, ...(why.length ? { why: why.join("; ") } : {}), ...(codes.length ? { codes } : {}) };
}

export const describeShown = (elements: Shown[]) => elements.map(showShown).join(", ");

// ---------------------------------------------------------------------------------------------
// Report

export interface Tally {
  cases: number;
  number: number;
  bothError: number;
  copyError: number;
  kept: number;
  blind: number;
  fail: number;
  keptReasons: Map<string, number>;
  /** The first formula of each kept reason. */
  keptExamples: Map<string, string>;
  codeMismatches: Map<string, number>;
  /** The first case of each mismatch. */
  codeExamples: Map<string, string>;
  failures: string[];
  blindSpots: string[];
}

export const newTally = (): Tally => ({ cases: 0, number: 0, bothError: 0, copyError: 0, kept: 0, blind: 0, fail: 0, keptReasons: new Map(), keptExamples: new Map(), codeMismatches: new Map(), codeExamples: new Map(), failures: [], blindSpots: [] });

/** A kept value's reason without the figures and references of one case (so reasons group); the function named when it is a nested one. */
export const reasonKey = (reason: string, fn?: string) =>
  reason
    .replace(/^CEO\.([A-Z0-9]+): /, (prefix, id: string) => (id === fn ? "" : prefix))
    .replace(/(?:'(?:[^']|'')*'!|\b[A-Za-z_][\w.]*!)?(?<![\w.$])(?:\$?[A-Z]{1,3}\$?[0-9]+(?::\$?[A-Z]{1,3}\$?[0-9]+)?|\$?[A-Z]{1,3}:\$?[A-Z]{1,3})(?![\w.(])/g, "<ref>")
    .replace(/\b[0-9]+(?:\.[0-9]+)?\b/g, "n");

/** One line of a list: function, case, inputs, analyst formula, native formula, add-in, each engine's copy, why. */
export function failureLine(p: Prepared, observed: Partial<Record<"hyperformula" | "libreoffice", Observed[]>>, why: string): string {
  const native = p.converted.kind === "formula" ? p.converted.formulas.filter(Boolean).join("  &  ") : p.converted.kind === "kept" ? `(value kept: ${p.converted.reason})` : "(no native formula)";
  const copies = (["hyperformula", "libreoffice"] as const).map((engine) => `${engine}: ${observed[engine] ? observed[engine]!.map(showObserved).join(", ") : "-"}`);
  return [p.case.fn, `${p.case.label}${p.case.strict ? " [strict]" : ""}`, `inputs: ${p.inputs.join("; ") || "(none)"}`, p.formula, `native: ${native}`, `add-in: ${describeShown(p.elements)}`, ...copies, why].join(" | ");
}

export function table(headers: string[], rows: (string | number)[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const line = (cells: (string | number)[]) => cells.map((c, i) => (typeof c === "number" ? String(c).padStart(widths[i]!) : String(c).padEnd(widths[i]!))).join("  ");
  return [line(headers), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)].join("\n");
}
