/*
 * "Share with bankers", the pure part: which cells of a sheet hold CEO formulas, and what each
 * becomes in the shared copy (the native formula built by src/core/formulas.ts, or the cell's
 * value with the reason). shareApply.ts carries the plan out with Excel.run.
 */
import { nativeFormula } from "../core/formulas";
import { textContent } from "./excel/text";
import { addressCorners, callAt, cellAddress, FormulaSyntaxError, rangeCorners, sheetPrefix, tokenize, type Token } from "../core/formulaText";

/**
 * Excel refuses longer formulas: "Excel restricts the contents of this simple type [ST_Formula] to
 * be at most 8192 characters" (MS-OI29500 2.1.1085,
 * https://learn.microsoft.com/openspecs/office_standards/ms-oi29500/8ebf82e4-4fa4-43a6-9ecd-d2d793a6f4bf;
 * "Length of formula contents: 8,192 characters" in Excel specifications and limits,
 * https://support.microsoft.com/office/excel-specifications-and-limits-1672b34d-7043-467e-8e27-269d656771c3).
 */
export const MAX_FORMULA_LENGTH = 8192;

/**
 * "Nested levels of functions: 64" (Excel specifications and limits, as above; that page could
 * not be read where this was written: the figure is as Excel's users and other engines' manuals
 * quote it, and MS-OI29500 2.1.963 says only that Office nests "as many levels ... as the
 * application allows"). Excel's other limit, the formula's internal length in bytes, cannot be
 * computed from the text: a write Excel refuses for it is caught when written (shareApply keeps
 * the value then).
 */
export const MAX_FUNCTION_DEPTH = 64;

/** How deeply function calls nest in a formula (parentheses that are not a call do not count). */
export function functionDepth(formula: string): number {
  const calls: boolean[] = [];
  let depth = 0;
  let max = 0;
  let afterName = false;
  for (const t of tokenize(formula)) {
    if (t.kind === "space") continue;
    if (t.kind === "open") {
      calls.push(afterName);
      if (afterName) max = Math.max(max, ++depth);
    } else if (t.kind === "close" && calls.pop()) depth--;
    afterName = t.kind === "func";
  }
  return max;
}

/**
 * The formula a cell holds, or undefined when it holds text, a number or nothing. Range.formulas
 * gives a quote-prefixed text cell's text without the apostrophe (office-js issue 6687), and a
 * cell formatted as Text holds what was typed as text: "=CEO.FEE(1)" may be either. Only the value
 * tells them apart: a text cell's value is its text, a formula's value is its result. (A formula
 * whose result is exactly its own text would read as text: none of the pane's concern.)
 */
export function formulaOf(formula: unknown, value: unknown): string | undefined {
  if (typeof formula !== "string" || !formula.startsWith("=")) return undefined;
  return value === formula ? undefined : formula;
}

const CEO_NAME = /^(?:_xll\.)?CEO\.([A-Z0-9]+)$/i;

/** The id of a CEO function name (CEO.FEE -> FEE), or undefined. */
export function ceoId(name: string): string | undefined {
  return name.match(CEO_NAME)?.[1]?.toUpperCase();
}

/**
 * True when a cell's formula calls a CEO function (a string in a formula that merely reads
 * "CEO.FEE(" does not count). A formula the tokenizer cannot read counts when it names CEO.
 * anywhere: Prepare keeps its value with the reason, Repair enters it again.
 */
export function hasCeoCall(formula: unknown): boolean {
  if (typeof formula !== "string" || !formula.startsWith("=") || !/CEO\./i.test(formula)) return false;
  try {
    return tokenize(formula).some((t) => t.kind === "func" && ceoId(t.text) !== undefined);
  } catch {
    return true;
  }
}

/** What a CEO formula becomes: one native formula, one per cell of its spilled row, or its value. */
export type Conversion =
  | { kind: "native"; formula: string; holidays: boolean }
  | { kind: "spill"; formulas: string[]; holidays: boolean }
  | { kind: "value"; reason: string };

class NoNative extends Error {}

interface State {
  holidays: boolean;
}

function build(id: string, args: readonly string[], state: State): readonly string[] {
  const native = nativeFormula(id, args.map((arg) => rewrite(arg, state)));
  if (!native.ok) throw new NoNative(native.reason);
  state.holidays ||= native.holidays;
  return native.elements;
}

/** The lone CEO call an argument consists of, if any. */
function loneCeoCall(text: string): { id: string; args: string[] } | undefined {
  const tokens = tokenize(text);
  const first = tokens.findIndex((t) => t.kind !== "space");
  const head = tokens[first];
  if (!head || head.kind !== "func" || !ceoId(head.text)) return undefined;
  const call = callAt(text, tokens, first);
  if (tokens.slice(call.next).some((t) => t.kind !== "space")) return undefined;
  return { id: ceoId(head.text)!, args: call.args };
}

/** INDEX(CEO.WARRANTS(...),1,k) or INDEX(CEO.LOCKUP(...),k): element k of the spilled row. */
function indexOfRow(args: readonly string[], state: State): string | undefined {
  const inner = args[0] === undefined ? undefined : loneCeoCall(args[0]);
  if (!inner) return undefined;
  const whole = (text: string | undefined) => (text !== undefined && /^\s*[0-9]+\s*$/.test(text) ? Number(text) : undefined);
  const elements = build(inner.id, inner.args, state);
  const k = args.length === 2 ? whole(args[1]) : args.length === 3 && whole(args[1]) === 1 ? whole(args[2]) : undefined;
  if (k === undefined || k < 1 || k > elements.length) {
    throw new NoNative(`INDEX(CEO.${inner.id}(...)) picks no single element of its row with these indexes`);
  }
  return elements[k - 1];
}

/** The text with every CEO call replaced by its native expression, innermost first. */
function rewrite(text: string, state: State): string {
  const tokens = tokenize(text);
  let out = "";
  for (let i = 0; i < tokens.length; ) {
    const t = tokens[i]!;
    const next = tokens[i + 1];
    // Excel 365's implicit intersection "@" before a function of one value: not in Excel 2016.
    if (t.kind === "op" && t.text === "@" && next?.kind === "func" && ceoId(next.text)) {
      i++;
      continue;
    }
    if (t.kind !== "func") {
      out += t.text;
      i++;
      continue;
    }
    const call = callAt(text, tokens, i);
    const id = ceoId(call.name);
    if (id) {
      const elements = build(id, call.args, state);
      if (elements.length !== 1) throw new NoNative(`CEO.${id} returns a row of ${elements.length} values and is used inside a larger formula`);
      out += `(${elements[0]})`;
    } else if (/^INDEX$/i.test(call.name) && loneCeoCall(call.args[0] ?? "")) {
      out += `(${indexOfRow(call.args, state)})`;
    } else {
      out += `${call.name}(${call.args.map((arg) => rewrite(arg, state)).join(",")})`;
    }
    i = call.next;
  }
  return out;
}

/** Throws NoNative for a formula Excel would refuse to take: too long, or functions nested too deep. */
function refusable(formula: string): void {
  if (formula.length > MAX_FORMULA_LENGTH) throw new NoNative(`the native formula is longer than Excel's ${MAX_FORMULA_LENGTH} characters`);
  const depth = functionDepth(formula);
  if (depth > MAX_FUNCTION_DEPTH) throw new NoNative(`the native formula nests functions ${depth} levels deep: Excel takes ${MAX_FUNCTION_DEPTH}`);
}

/** What a cell's CEO formula becomes in the shared copy. */
export function convertFormula(formula: string): Conversion {
  const state: State = { holidays: false };
  try {
    const body = formula.replace(/^=/, "");
    const spill = tokenize(body).find((t) => t.kind === "ref" && t.text.endsWith("#"));
    if (spill) throw new NoNative(`${spill.text} is a spill reference: its size is not known to a native formula`);
    const lone = loneCeoCall(body.replace(/^\s*@/, ""));
    if (lone) {
      const elements = build(lone.id, lone.args, state);
      const formulas = elements.map((e) => `=${e}`);
      formulas.forEach(refusable);
      return elements.length === 1 ? { kind: "native", formula: formulas[0]!, holidays: state.holidays } : { kind: "spill", formulas, holidays: state.holidays };
    }
    const native = `=${rewrite(body, state)}`;
    refusable(native);
    return { kind: "native", formula: native, holidays: state.holidays };
  } catch (error) {
    if (error instanceof NoNative) return { kind: "value", reason: error.message };
    if (error instanceof FormulaSyntaxError) return { kind: "value", reason: `the formula could not be read: ${error.message}` };
    throw error;
  }
}

/** The sheets a formula's references name (unquoted), in order of appearance. */
export function referencedSheets(formula: string): string[] {
  try {
    return [...new Set(tokenize(formula).filter((t): t is Token & { sheet: string } => t.kind === "ref" && t.sheet !== undefined).map((t) => t.sheet))];
  } catch {
    return [];
  }
}

/** A formula whose references to the sheets in `renamed` (original -> copy, any case) point to the copies instead. */
export function retarget(formula: string, renamed: ReadonlyMap<string, string>): string {
  if (renamed.size === 0 || !formula.includes("!")) return formula;
  const byLower = new Map([...renamed].map(([from, to]) => [from.toLowerCase(), to]));
  let tokens: Token[];
  try {
    tokens = tokenize(formula);
  } catch {
    return formula;
  }
  return tokens
    .map((t) => {
      const to = t.kind === "ref" && t.sheet !== undefined ? byLower.get(t.sheet.toLowerCase()) : undefined;
      return to === undefined ? t.text : sheetPrefix(to) + t.text.slice(t.text.lastIndexOf("!") + 1);
    })
    .join("");
}

/** A workbook name as Office.js lists it (context.workbook.names, items/name,items/formula). */
export interface WorkbookName {
  name: string;
  formula: unknown;
}

/**
 * The names a formula can be given instead of: name (lower case) -> the reference or number it
 * stands for ("Sales_Schedule" -> "Terms!$A$13:$B$15"). Names of anything else (a formula, a
 * constant array) are left out: a CEO call that reads them keeps its value.
 */
export function nameTargets(items: readonly WorkbookName[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const { name, formula } of items) {
    if (typeof formula !== "string") continue;
    const body = formula.replace(/^=/, "").trim();
    let tokens: Token[];
    try {
      tokens = tokenize(body).filter((t) => t.kind !== "space");
    } catch {
      continue;
    }
    const one = tokens.length === 1 ? tokens[0]! : undefined;
    if (one && ((one.kind === "ref" && rangeCorners(one)) || one.kind === "number")) out.set(name.toLowerCase(), one.text);
  }
  return out;
}

/** A formula with each workbook name of `names` (from nameTargets) replaced by what it stands for. */
export function substituteNames(formula: string, names: ReadonlyMap<string, string>): string {
  if (names.size === 0) return formula;
  try {
    return tokenize(formula)
      .map((t) => (t.kind === "name" ? (names.get(t.text.toLowerCase()) ?? t.text) : t.text))
      .join("");
  } catch {
    return formula;
  }
}

/** The top-left cell of an address like "Sheet1!B2:K40" or "B2", 0-based. */
export function topLeft(address: string): { row: number; column: number } {
  const corners = addressCorners(address);
  if (!corners) throw new Error(`not a cell address: ${address}`);
  return { row: corners.from.row - 1, column: corners.from.column - 1 };
}

/** One sheet as read for sharing: the copy's formulas and the original's computed values, same shape. */
export interface SheetGrid {
  /** The original sheet's name. */
  name: string;
  /** The copy's name. */
  copy: string;
  /** Address of the block read (the used range), e.g. "A1:V13". */
  address: string;
  formulas: unknown[][];
  values: unknown[][];
}

/** A cell of a copy to write: a formula text, or a value kept where no native formula fits (as valueContent writes it). */
export interface CellWrite {
  address: string;
  row: number;
  column: number;
  content: string | number | boolean;
  /**
   * For a formula of the copy: the cell's value, written instead if Excel refuses the formula;
   * `counts` when the cell is a CEO formula (then counted as kept by its value, not native).
   */
  fallback?: { content: string | number | boolean; counts: boolean; note?: string };
}

/** A cell's formula before the change, kept on the hidden sheet so that Restore puts it back ("" was empty). */
export interface Original {
  sheet: string;
  address: string;
  formula: string;
}

export interface SheetPlan {
  name: string;
  copy: string;
  writes: CellWrite[];
  originals: Original[];
  native: number;
  values: number;
  /** Cells given their value, each with the reason. */
  notes: string[];
}

export interface SharePlan {
  sheets: SheetPlan[];
  holidays: boolean;
  /** Sheets left out because they have no CEO formula. */
  skipped: string[];
  /** Warnings for the whole copy (references to sheets that are not copied). */
  warnings: string[];
}

const isEmpty = (formula: unknown) => formula === null || formula === undefined || formula === "";

/**
 * The error values a formula may be typed with: the error-constant of the formula grammar,
 * "#REF!" / "#DIV/0!" / "#N/A" / "#NAME?" / "#NULL!" / "#NUM!" / "#VALUE!" (MS-XLSX 2.2.2 Formulas,
 * https://learn.microsoft.com/openspecs/office_standards/ms-xlsx/3d025add-118d-4413-9856-ab65712ec1b0).
 * That grammar also lists #GETTING_DATA, a transient state of a cell still loading: kept as a
 * value it would be stale, so it goes the way of the others below.
 */
const ERROR_LITERALS = /^#(?:NULL!|DIV\/0!|VALUE!|REF!|NAME\?|NUM!|N\/A)$/;

/**
 * The other error values Range.values reads (Excel.ErrorCellValueType, ExcelApi 1.16:
 * https://learn.microsoft.com/javascript/api/excel/excel.errorcellvaluetype). None is a literal of
 * the formula grammar, so "=#SPILL!" is a formula Excel refuses; whether Excel takes any of them
 * typed is undocumented. A kept one is written =NA(): still an error, so every formula that reads
 * it shows an error as the original did, never a number; the details name the original error.
 */
const OTHER_ERRORS = /^#(?:GETTING_DATA|SPILL!|CALC!|FIELD!|BLOCKED!|CONNECT!|BUSY!|UNKNOWN!|PYTHON!|EXTERNAL!|TIMEOUT!)$/;

/** A kept error value that cannot be written as itself: why it shows #N/A in the copy. */
export function keptErrorNote(value: unknown): string | undefined {
  return typeof value === "string" && OTHER_ERRORS.test(value) ? `it showed ${value}, written as =NA(): Excel takes no ${value} typed in a formula` : undefined;
}

/**
 * A value as a cell content Excel takes through Range.formulas: numbers and booleans as they are,
 * error literals as the error itself (=#NUM!), other errors as =NA(), text through the one text
 * writer (never read as a formula, a number or a date).
 */
export function valueContent(value: unknown): string | number | boolean {
  if (typeof value === "number" || typeof value === "boolean") return value;
  if (typeof value !== "string") return "";
  if (ERROR_LITERALS.test(value)) return `=${value}`;
  if (OTHER_ERRORS.test(value)) return "=NA()";
  return textContent(value);
}

/** CEO functions whose result is one row of several values, spilled right of the cell. */
const ROW_RESULTS: Readonly<Record<string, number>> = { WARRANTS: 2, LOCKUP: 2 };

/** How many cells a formula's result takes: the row of a lone WARRANTS or LOCKUP call, else 1. */
function spillWidth(formula: string): number {
  try {
    const call = loneCeoCall(formula.replace(/^=/, ""));
    return (call && ROW_RESULTS[call.id]) || 1;
  } catch {
    return 1;
  }
}

/**
 * The plan for the copies of `grids` (the chosen sheets that hold CEO formulas). `names` (from
 * nameTargets): the workbook's names, replaced in CEO formulas by what they stand for, since a
 * native builder reads a range's rows from its reference.
 */
export function planSharing(grids: readonly SheetGrid[], allSheets: readonly string[] = [], names: ReadonlyMap<string, string> = new Map()): SharePlan {
  const renamed = new Map(grids.map((g) => [g.name, g.copy]));
  const copied = new Set([...grids.map((g) => g.name.toLowerCase()), ...grids.map((g) => g.copy.toLowerCase())]);
  const plan: SharePlan = { sheets: [], holidays: false, skipped: [], warnings: [] };
  const outside = new Set<string>();
  for (const grid of grids) {
    const origin = topLeft(grid.address);
    const sheet: SheetPlan = { name: grid.name, copy: grid.copy, writes: [], originals: [], native: 0, values: 0, notes: [] };
    const at = (r: number, c: number) => cellAddress(origin.row + r + 1, origin.column + c + 1);
    const write = (r: number, c: number, content: string | number | boolean, before: unknown, fallback?: CellWrite["fallback"]) => {
      const address = at(r, c);
      sheet.writes.push({ address, row: origin.row + r, column: origin.column + c, content, ...(fallback ? { fallback } : {}) });
      sheet.originals.push({ sheet: grid.copy, address, formula: isEmpty(before) ? "" : String(before) });
    };
    /** The value of cell (r, c) as the copy keeps it, and what the details say when it is an error Excel takes no literal of. */
    const kept = (r: number, c: number, counts: boolean): NonNullable<CellWrite["fallback"]> => {
      const value = grid.values[r]?.[c];
      const note = keptErrorNote(value);
      return { content: valueContent(value), counts, ...(note ? { note } : {}) };
    };
    const taken = new Set<string>();
    grid.formulas.forEach((row, r) =>
      row.forEach((written, c) => {
        // Text that reads like a formula (a note "=WEBSERVICE(...)", "=CEO.FEE(1)" typed as text) is not touched.
        const formula = formulaOf(written, grid.values[r]?.[c]);
        if (formula === undefined || taken.has(`${r},${c}`)) return;
        for (const name of referencedSheets(formula)) if (!copied.has(name.toLowerCase()) && allSheets.some((s) => s.toLowerCase() === name.toLowerCase())) outside.add(name);
        const formulaHere = retarget(formula, renamed);
        if (!hasCeoCall(formulaHere)) {
          if (formulaHere === formula) return;
          if (formulaHere.length > MAX_FORMULA_LENGTH) {
            const value = kept(r, c, false);
            write(r, c, value.content, formula);
            sheet.notes.push(`${at(r, c)}: value kept (pointed at the copies, the formula is longer than Excel's ${MAX_FORMULA_LENGTH} characters${value.note ? `; ${value.note}` : ""})`);
          } else write(r, c, formulaHere, formula, kept(r, c, false));
          return;
        }
        const expanded = substituteNames(formulaHere, names);
        if (expanded !== formulaHere) for (const name of referencedSheets(expanded)) if (!copied.has(name.toLowerCase()) && allSheets.some((s) => s.toLowerCase() === name.toLowerCase())) outside.add(name);
        let conversion = convertFormula(expanded);
        if (conversion.kind === "spill") {
          const blocked = conversion.formulas.slice(1).some((_, k) => !isEmpty(row[c + k + 1]));
          if (blocked) conversion = { kind: "value", reason: "its row of values is blocked by the cell to its right" };
        }
        if (conversion.kind === "value") {
          const value = kept(r, c, true);
          write(r, c, value.content, formula);
          // The cells its row spilled into lose it with the formula: they keep their values too.
          const width = spillWidth(formulaHere);
          const spilled = Array.from({ length: width - 1 }, (_, k) => c + k + 1);
          if (spilled.every((column) => isEmpty(row[column]))) {
            for (const column of spilled) {
              if (isEmpty(grid.values[r]?.[column])) continue;
              const neighbour = kept(r, column, false);
              write(r, column, neighbour.content, row[column]);
              if (neighbour.note) sheet.notes.push(`${at(r, column)}: ${neighbour.note}`);
              taken.add(`${r},${column}`);
            }
          }
          sheet.values++;
          sheet.notes.push(`${at(r, c)}: value kept (${conversion.reason}${value.note ? `; ${value.note}` : ""})`);
          return;
        }
        plan.holidays ||= conversion.holidays;
        sheet.native++;
        if (conversion.kind === "native") {
          write(r, c, conversion.formula, formula, kept(r, c, true));
        } else {
          conversion.formulas.forEach((f, k) => {
            write(r, c + k, f, k === 0 ? formula : row[c + k], kept(r, c + k, k === 0));
            taken.add(`${r},${c + k}`);
          });
        }
      }),
    );
    plan.sheets.push(sheet);
  }
  for (const name of outside) plan.warnings.push(`A copied formula refers to sheet "${name}", which is not part of the shared copy: if it holds CEO formulas, copy it too.`);
  return plan;
}

/** The visible note on each copy, in the first free column right of its used range. */
export function noteAddress(usedAddress: string): string {
  const corners = addressCorners(usedAddress);
  if (!corners) throw new Error(`not a range address: ${usedAddress}`);
  return cellAddress(corners.from.row, corners.to.column + 2);
}

export function noteText(sheet: SheetPlan, made: Date): string {
  const day = made.toISOString().slice(0, 10);
  const kept = sheet.values > 0 ? `, ${sheet.values} by ${sheet.values === 1 ? "its value" : "their values"}` : "";
  return `Copy of "${sheet.name}" for sharing (CEO add-in, ${day}): ${sheet.native} CEO formula${sheet.native === 1 ? "" : "s"} replaced by native Excel formulas${kept}. The originals are on the hidden sheet "CEO Originals"; Restore formulas in the CEO pane puts them back.`;
}

/** A copy's name: "<name> (shared)", made unique and kept within Excel's 31 characters. */
export function copyName(name: string, taken: readonly string[]): string {
  const used = new Set(taken.map((t) => t.toLowerCase()));
  for (let k = 1; ; k++) {
    const suffix = k === 1 ? " (shared)" : ` (shared ${k})`;
    const candidate = name.slice(0, 31 - suffix.length) + suffix;
    if (!used.has(candidate.toLowerCase())) return candidate;
  }
}
