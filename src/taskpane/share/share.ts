/*
 * "Share with bankers", the pure part: which cells of a sheet hold CEO formulas, and what each
 * becomes in the shared copy (the native formula built by src/core/formulas.ts, or the cell's
 * value with the reason). shareApply.ts carries the plan out with Excel.run.
 */
import { netOfFeeFormula } from "../../core/fees.formula";
import { nativeFormula } from "../../core/formulas";
import { textContent } from "../excel/text";
import { addressCorners, callAt, cellAddress, FormulaSyntaxError, rangeCorners, sheetPrefix, tokenize, type Token } from "../../core/formulaText";

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

/** `formula` with each token's text replaced by what `replace` gives (undefined keeps it); a formula that cannot be read, as it is. */
function mapTokens(formula: string, replace: (token: Token) => string | undefined): string {
  let tokens: Token[];
  try {
    tokens = tokenize(formula);
  } catch {
    return formula;
  }
  return tokens.map((t) => replace(t) ?? t.text).join("");
}

/** A formula whose references to the sheets in `renamed` (original -> copy, any case) point to the copies instead. */
export function retarget(formula: string, renamed: ReadonlyMap<string, string>): string {
  if (renamed.size === 0 || !formula.includes("!")) return formula;
  const byLower = new Map([...renamed].map(([from, to]) => [from.toLowerCase(), to]));
  return mapTokens(formula, (t) => {
    const to = t.kind === "ref" && t.sheet !== undefined ? byLower.get(t.sheet.toLowerCase()) : undefined;
    return to === undefined ? undefined : sheetPrefix(to) + t.text.slice(t.text.lastIndexOf("!") + 1);
  });
}

/**
 * A formula whose structured references to the tables in `tables` (original -> copy, any case)
 * read the copies instead: Placements[Gross] -> Placements2[Gross]. Excel renames a table it copies
 * with its sheet and points that sheet's own formulas at the copy, but a formula on another copied
 * sheet (the ATM Report's SUMIFS over Placements[...]) still reads the original table, whose CEO
 * columns show #NAME? without the add-in.
 */
export function retargetTables(formula: string, tables: ReadonlyMap<string, string>): string {
  if (tables.size === 0 || !formula.includes("[")) return formula;
  const byLower = new Map([...tables].map(([from, to]) => [from.toLowerCase(), to]));
  return mapTokens(formula, (t) => {
    const open = t.text.indexOf("[");
    const to = t.kind === "struct" && open > 0 ? byLower.get(t.text.slice(0, open).toLowerCase()) : undefined;
    return to === undefined ? undefined : to + t.text.slice(open);
  });
}

/** A name as Office.js lists it (context.workbook.names or worksheet.names, items/name,items/formula). */
export interface WorkbookName {
  name: string;
  formula: unknown;
}

/** A reference every part of which is absolute ($A$13:$B$15): the same cells wherever the name is used. */
const ABSOLUTE = /^\$[A-Za-z]{1,3}\$[0-9]+(?::\$[A-Za-z]{1,3}\$[0-9]+)?$/;

/**
 * The names a formula can be given instead of: name (lower case) -> the reference or number it
 * stands for ("Sales_Schedule" -> "Terms!$A$13:$B$15"). Names of anything else (a formula, a
 * constant array, a relative reference, whose cells depend on the cell that uses the name) are
 * left out: a CEO call that reads them as a range keeps its value.
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
    const absolute = one?.kind === "ref" && rangeCorners(one) !== undefined && ABSOLUTE.test(one.text.slice(one.text.lastIndexOf("!") + 1));
    if (one && (absolute || one.kind === "number")) out.set(name.toLowerCase(), one.text);
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

/**
 * The names a sheet's formulas read, lower case -> the name: the workbook's, and over them the
 * sheet's own (Worksheet.names), which Excel reads first on that sheet when both exist.
 */
function namesOnSheet(workbook: readonly WorkbookName[], own: readonly WorkbookName[] = []): Map<string, WorkbookName & { own: boolean }> {
  const out = new Map<string, WorkbookName & { own: boolean }>();
  for (const item of workbook) out.set(item.name.toLowerCase(), { ...item, own: false });
  for (const item of own) out.set(item.name.toLowerCase(), { ...item, own: true });
  return out;
}

/** The sheets a name's formula reads (none for a number, or for a formula the tokenizer cannot read). */
const nameSheets = (item: WorkbookName) => (typeof item.formula === "string" ? referencedSheets(item.formula) : []);

/** The sheets a formula reads: written in it, or through a name of `targets` (from nameTargets), which the copy's formula is given instead. */
function sheetsRead(formula: string, targets: ReadonlyMap<string, string>): string[] {
  if (targets.size === 0 && !formula.includes("!")) return [];
  let tokens: Token[];
  try {
    tokens = tokenize(formula);
  } catch {
    return [];
  }
  const out: string[] = [];
  for (const t of tokens) {
    if (t.kind === "ref" && t.sheet !== undefined) out.push(t.sheet);
    const target = t.kind === "name" ? targets.get(t.text.toLowerCase()) : undefined;
    if (target !== undefined) out.push(...referencedSheets(target));
  }
  return out;
}

/** A sheet as read before copying: its name, and its cells' formulas and values. */
export interface ReadSheet {
  name: string;
  formulas: unknown[][];
  values: unknown[][];
}

/**
 * The chosen sheets to copy, in their order: those with CEO formulas, and the chosen sheets the
 * copies read (written in a formula, or through a name the copy is given the reference of), and
 * so on. A Terms sheet read through the deal sheet's names is copied with it, so that the copies
 * read only copies: moved alone to a new book, they keep no link to this workbook. `sheetNames`:
 * each sheet's own names (Worksheet.names).
 */
export function sheetsToCopy(read: readonly ReadSheet[], names: readonly WorkbookName[] = [], sheetNames: ReadonlyMap<string, readonly WorkbookName[]> = new Map()): string[] {
  const formulas = (sheet: ReadSheet) => sheet.formulas.flatMap((row, r) => row.map((f, c) => formulaOf(f, sheet.values[r]?.[c])).filter((f): f is string => f !== undefined));
  const byLower = new Map(read.map((sheet) => [sheet.name.toLowerCase(), sheet]));
  const copied = new Set(read.filter((sheet) => formulas(sheet).some(hasCeoCall)).map((sheet) => sheet.name.toLowerCase()));
  const pending = [...copied];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const sheet = byLower.get(next)!;
    const targets = nameTargets([...namesOnSheet(names, sheetNames.get(sheet.name)).values()]);
    for (const formula of formulas(sheet)) {
      for (const name of sheetsRead(formula, targets)) {
        const lower = name.toLowerCase();
        if (byLower.has(lower) && !copied.has(lower)) {
          copied.add(lower);
          pending.push(lower);
        }
      }
    }
  }
  return read.filter((sheet) => copied.has(sheet.name.toLowerCase())).map((sheet) => sheet.name);
}

/** A cell of a copy whose formula reads a sheet that is not a copy: written in it, or through a name. */
export interface OutsideRead {
  copy: string;
  address: string;
  /** The sheet read (an original). */
  sheet: string;
  /** The name it is read through, as the workbook spells it, and that name's formula. */
  name?: { name: string; formula: string };
  /** The name stands for something the pane does not rewrite (a formula, a relative reference): the copy reads the original even when the sheet is copied. */
  kept?: boolean;
}

const CELLS_LISTED = 10;

/** What the details say about the cells of the copies that read sheets outside them: one line per copy and sheet read. */
export function outsideWarnings(reads: readonly OutsideRead[]): string[] {
  const groups = new Map<string, OutsideRead[]>();
  for (const read of reads) {
    const key = [read.copy, read.sheet.toLowerCase(), read.kept ? "kept" : ""].join("\u0000");
    groups.set(key, [...(groups.get(key) ?? []), read]);
  }
  return [...groups.values()].map((group) => {
    const { copy, sheet, kept } = group[0]!;
    const addresses = [...new Set(group.map((g) => g.address))];
    const more = addresses.length > CELLS_LISTED ? ` and ${addresses.length - CELLS_LISTED} more cells` : "";
    const cells = `"${copy}" ${addresses.slice(0, CELLS_LISTED).join(", ")}${more}`;
    const verb = addresses.length === 1 ? "reads" : "read";
    const names = [...new Map(group.filter((g) => g.name).map((g) => [g.name!.name.toLowerCase(), g.name!])).values()];
    const direct = group.some((g) => !g.name);
    const through = names.length === 0 ? "" : `${direct ? " directly and" : ""} through the name${names.length === 1 ? "" : "s"} ${names.map((n) => `${n.name} (${n.formula.replace(/^=/, "")})`).join(", ")}`;
    if (kept) {
      return `${cells} ${verb} "${sheet}"${through}, which the pane does not rewrite (it rewrites names of absolute references and numbers), so the copy reads the original sheet: sent without "${sheet}", it would link back to this workbook. Replace the name by the cells it reads, or send the whole workbook.`;
    }
    return `${cells} ${verb} "${sheet}"${through}, which is not one of the shared copies: the copies depend on it, and sent without it they would link back to this workbook. Prepare "${sheet}" with them (not only the active sheet; unhide it if hidden), or send the whole workbook.`;
  });
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
  /**
   * Where the lone CEO.WARRANTS and CEO.LOCKUP calls (rowResultCells) spilled, by the spill API
   * (Range.getSpillingToRangeOrNullObject, ExcelApi 1.12): the formula's cell ("C5") -> how many
   * cells of its row its result took (1: it did not spill). Without it (below ExcelApi 1.12) a row
   * result spilled unless its cell shows an error (#SPILL! when blocked). Never from `formulas`:
   * what it gives for the cells a result spilled into is undocumented ("" or the formula that
   * spilled; docs/EXCEL-CHECKS.md, spilled-formulas).
   */
  spills?: ReadonlyMap<string, number>;
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
  /** Cells of the copies whose formulas read a sheet that is not a copy. */
  outside: OutsideRead[];
  /** Warnings for the whole copy: outsideWarnings(outside). */
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

/** An error value as Range.values gives it ("#SPILL!", "#VALUE!"). */
export const isErrorValue = (value: unknown) => typeof value === "string" && (ERROR_LITERALS.test(value) || OTHER_ERRORS.test(value) || value === "#GETTING_DATA");

/** The cells of a grid (relative to `address`, its top-left) holding a lone row-result CEO call, which may have spilled right: for the spill API. */
export function rowResultCells(address: string, formulas: readonly (readonly unknown[])[], values: readonly (readonly unknown[])[]): string[] {
  const origin = topLeft(address);
  const out: string[] = [];
  formulas.forEach((row, r) =>
    row.forEach((written, c) => {
      const formula = formulaOf(written, values[r]?.[c]);
      if (formula !== undefined && hasCeoCall(formula) && spillWidth(formula) > 1) out.push(cellAddress(origin.row + r + 1, origin.column + c + 1));
    }),
  );
  return out;
}

/** How many cells a formula's result takes: the row of a lone WARRANTS or LOCKUP call, else 1. */
export function spillWidth(formula: string): number {
  try {
    const call = loneCeoCall(formula.replace(/^=/, ""));
    return (call && ROW_RESULTS[call.id]) || 1;
  } catch {
    return 1;
  }
}

/**
 * The plan for the copies of `grids` (the chosen sheets to copy: sheetsToCopy). `names`: the
 * workbook's names; `sheetNames`: each sheet's own (Worksheet.names), read first on that sheet.
 *
 * Names are replaced before the references are pointed at the copies, so that a name standing
 * for cells of a copied sheet (Sales_Schedule on Terms) reads the copy ('Terms (shared)'!$A$13:$B$15):
 * - in a CEO formula, every name of an absolute reference or a number, since a native builder
 *   reads a range's rows from its reference;
 * - in any other formula, only names of absolute references into the copied sheets: the
 *   formula's written references to those sheets already point at the copies, so its names do too
 *   (left as a name, it would read the original, and the copies moved to a new book would keep a
 *   link to this workbook). Other names stay as written.
 * A cell whose copy holds a formula reading a sheet that is not a copy (written in it, or through
 * a name) is listed in `outside`, with the name.
 */
export function planSharing(
  grids: readonly SheetGrid[],
  allSheets: readonly string[] = [],
  names: readonly WorkbookName[] = [],
  sheetNames: ReadonlyMap<string, readonly WorkbookName[]> = new Map(),
  /** Tables of the copied sheets: original name -> the copy's (retargetTables). */
  tables: ReadonlyMap<string, string> = new Map(),
): SharePlan {
  const renamed = new Map(grids.map((g) => [g.name, g.copy]));
  const originals = new Set(grids.map((g) => g.name.toLowerCase()));
  const copies = new Set(grids.map((g) => g.copy.toLowerCase()));
  const existing = new Set(allSheets.map((s) => s.toLowerCase()));
  const plan: SharePlan = { sheets: [], holidays: false, skipped: [], outside: [], warnings: [] };
  for (const grid of grids) {
    const origin = topLeft(grid.address);
    const sheet: SheetPlan = { name: grid.name, copy: grid.copy, writes: [], originals: [], native: 0, values: 0, notes: [] };
    const at = (r: number, c: number) => cellAddress(origin.row + r + 1, origin.column + c + 1);
    const scope = namesOnSheet(names, sheetNames.get(grid.name));
    const targets = nameTargets([...scope.values()]);
    const intoCopies = new Map(
      [...targets].filter(([, target]) => {
        const sheets = referencedSheets(target);
        return sheets.length > 0 && sheets.every((s) => originals.has(s.toLowerCase()));
      }),
    );
    /** Records the reads of `formula` (as the analyst wrote it) that leave the copies once the copy at (r, c) holds it, rewritten. */
    // A table column holds the same formula text on every row: each distinct text is read once.
    const outsideByFormula = new Map<string, Omit<OutsideRead, "copy" | "address">[]>();
    const readsOutside = (r: number, c: number, formula: string) => {
      let reads = outsideByFormula.get(formula);
      if (!reads) outsideByFormula.set(formula, (reads = outsideReads(formula)));
      for (const read of reads) plan.outside.push({ copy: grid.copy, address: at(r, c), ...read });
    };
    const outsideReads = (formula: string) => {
      const found: Omit<OutsideRead, "copy" | "address">[] = [];
      const outside = (name: string) => existing.has(name.toLowerCase()) && !originals.has(name.toLowerCase()) && !copies.has(name.toLowerCase());
      let tokens: Token[];
      try {
        tokens = tokenize(formula);
      } catch {
        return found;
      }
      for (const t of tokens) {
        if (t.kind === "ref" && t.sheet !== undefined && outside(t.sheet)) found.push({ sheet: t.sheet });
        const item = t.kind === "name" ? scope.get(t.text.toLowerCase()) : undefined;
        if (!item) continue;
        const name = { name: item.name, formula: String(item.formula) };
        if (targets.has(t.text.toLowerCase())) {
          // Written in, and pointed at the copies where the sheet is copied: what is left reads a sheet not copied.
          for (const read of nameSheets(item)) if (outside(read)) found.push({ sheet: read, name });
        } else {
          // A name the pane does not rewrite reads the original sheet, copied or not; a sheet's own names go with its copy.
          for (const read of nameSheets(item)) {
            const own = item.own && read.toLowerCase() === grid.name.toLowerCase();
            if (!own && existing.has(read.toLowerCase()) && !copies.has(read.toLowerCase())) found.push({ sheet: read, name, kept: true });
          }
        }
      }
      return found;
    };
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
    /** Per distinct formula text: whether it calls CEO, its text in the copy and its conversion (convertFormula is pure). */
    const byFormula = new Map<string, { ceo: boolean; formulaHere: string; conversion?: Conversion }>();
    // The cells a row result spilled into, left to right (a spilled cell is no formula of its own):
    // by the spill API where read, else from the formula's value (see SheetGrid.spills).
    const spilledInto = new Set<string>();
    const widths = new Map<string, number>();
    const widthOf = (formula: string) => widths.get(formula) ?? (widths.set(formula, spillWidth(formula)), widths.get(formula)!);
    const widthAt = (r: number, c: number, formula: string) => (grid.spills ? (grid.spills.get(at(r, c)) ?? 1) : isErrorValue(grid.values[r]?.[c]) ? 1 : widthOf(formula));
    const ceoCalls = new Map<string, boolean>();
    const callsCeo = (formula: string) => ceoCalls.get(formula) ?? (ceoCalls.set(formula, hasCeoCall(formula)), ceoCalls.get(formula)!);
    grid.formulas.forEach((row, r) =>
      row.forEach((written, c) => {
        const formula = spilledInto.has(`${r},${c}`) ? undefined : formulaOf(written, grid.values[r]?.[c]);
        if (formula === undefined || !callsCeo(formula)) return;
        for (let k = 1; k < widthAt(r, c, formula); k++) spilledInto.add(`${r},${c + k}`);
      }),
    );
    /** What a cell holds as the analyst wrote it: nothing for a cell a result spilled into. */
    const content = (r: number, c: number) => (spilledInto.has(`${r},${c}`) ? "" : grid.formulas[r]?.[c]);
    const knownOf = (formula: string) => {
      let known = byFormula.get(formula);
      if (!known) {
        const isCeo = hasCeoCall(formula);
        const here = retargetTables(retarget(substituteNames(formula, isCeo ? targets : intoCopies), renamed), tables);
        byFormula.set(formula, (known = { ceo: isCeo, formulaHere: here, conversion: isCeo ? convertFormula(here) : undefined }));
      }
      return known;
    };
    const feesOfRows = siblingFees(grid, content, knownOf);
    grid.formulas.forEach((row, r) =>
      row.forEach((written, c) => {
        // Text that reads like a formula (a note "=WEBSERVICE(...)", "=CEO.FEE(1)" typed as text) is not touched.
        const formula = spilledInto.has(`${r},${c}`) ? undefined : formulaOf(written, grid.values[r]?.[c]);
        if (formula === undefined || taken.has(`${r},${c}`)) return;
        const known = knownOf(formula);
        const { ceo, formulaHere } = known;
        if (!ceo) {
          if (formulaHere === formula) {
            readsOutside(r, c, formula);
            return;
          }
          if (formulaHere.length > MAX_FORMULA_LENGTH) {
            const value = kept(r, c, false);
            write(r, c, value.content, formula);
            sheet.notes.push(`${at(r, c)}: value kept (pointed at the copies, the formula is longer than Excel's ${MAX_FORMULA_LENGTH} characters${value.note ? `; ${value.note}` : ""})`);
          } else {
            write(r, c, formulaHere, formula, kept(r, c, false));
            readsOutside(r, c, formula);
          }
          return;
        }
        let conversion = known.conversion!;
        if (conversion.kind === "spill") {
          const blocked = conversion.formulas.slice(1).some((_, k) => !isEmpty(content(r, c + k + 1)));
          if (blocked) conversion = { kind: "value", reason: "its row of values is blocked by the cell to its right" };
        }
        if (conversion.kind === "value") {
          const value = kept(r, c, true);
          write(r, c, value.content, formula);
          // The cells its row spilled into lose it with the formula: they keep their values too.
          const spilled = Array.from({ length: widthAt(r, c, formula) - 1 }, (_, k) => c + k + 1);
          if (spilled.every((column) => isEmpty(content(r, column)))) {
            for (const column of spilled) {
              if (isEmpty(grid.values[r]?.[column])) continue;
              const neighbour = kept(r, column, false);
              write(r, column, neighbour.content, content(r, column));
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
        readsOutside(r, c, formula);
        if (conversion.kind === "native") {
          write(r, c, feesOfRows(r, c, formulaHere) ?? conversion.formula, formula, kept(r, c, true));
        } else {
          conversion.formulas.forEach((f, k) => {
            write(r, c + k, f, k === 0 ? formula : content(r, c + k), kept(r, c + k, k === 0));
            taken.add(`${r},${c + k}`);
          });
        }
      }),
    );
    plan.sheets.push(sheet);
  }
  plan.warnings = outsideWarnings(plan.outside);
  return plan;
}

/**
 * For a CEO.NET cell of a table row (its arguments read the row through [@...]) whose row also
 * holds CEO.FEE of the very same arguments in another column of the table: NET as gross less that
 * cell ([@[its header]]), so the banker's copy computes the tiers once per row (fees.formula.ts
 * netOfFeeFormula). The header is the cell above the column's run of the FEE formula; both runs
 * must start on the same row (one table). Anything else: undefined, and the full native NET.
 */
function siblingFees(
  grid: SheetGrid,
  content: (r: number, c: number) => unknown,
  knownOf: (formula: string) => { ceo: boolean; formulaHere: string },
): (r: number, c: number, formulaHere: string) => string | undefined {
  const calls = new Map<string, { id: string; args: string[] } | undefined>();
  const callOf = (here: string) => {
    if (!calls.has(here)) calls.set(here, here.includes("[@") ? loneCeoCall(here.replace(/^=\s*@?/, "")) : undefined);
    return calls.get(here);
  };
  const formulaAt = (r: number, c: number) => formulaOf(content(r, c), grid.values[r]?.[c]);
  /** The first row of the run of `formula` in column c that holds row r (remembered: each cell is walked once). */
  const tops = new Map<string, number>();
  const runTop = (r: number, c: number, formula: string) => {
    const walked: number[] = [];
    let top = r;
    while (!tops.has(`${top},${c}`) && top > 0 && formulaAt(top - 1, c) === formula) walked.push(top--);
    const found = tops.get(`${top},${c}`) ?? top;
    for (const row of [...walked, top]) tops.set(`${row},${c}`, found);
    return found;
  };
  return (r, c, here) => {
    const net = callOf(here);
    if (net?.id !== "NET") return undefined;
    const row = grid.formulas[r] ?? [];
    for (let f = 0; f < row.length; f++) {
      const formula = f === c ? undefined : formulaAt(r, f);
      if (formula === undefined) continue;
      const known = knownOf(formula);
      const fee = known.ceo ? callOf(known.formulaHere) : undefined;
      if (fee?.id !== "FEE" || fee.args.length !== net.args.length || fee.args.some((a, i) => a.trim() !== net.args[i]!.trim())) continue;
      const top = runTop(r, f, formula);
      const header = grid.values[top - 1]?.[f];
      if (top === 0 || typeof header !== "string" || header === "" || runTop(r, c, formulaAt(r, c)!) !== top) continue;
      return `=${netOfFeeFormula(net.args[0], `[@[${header.replace(/(['#[\]])/g, "'$1")}]]`)}`;
    }
    return undefined;
  };
}

/** The visible note on each copy, in the first free column right of its used range. */
export function noteAddress(usedAddress: string): string {
  const corners = addressCorners(usedAddress);
  if (!corners) throw new Error(`not a range address: ${usedAddress}`);
  return cellAddress(corners.from.row, corners.to.column + 2);
}

export function noteText(sheet: SheetPlan, made: Date): string {
  const day = made.toISOString().slice(0, 10);
  if (sheet.native + sheet.values === 0) return `Copy of "${sheet.name}" for sharing (CEO add-in, ${day}): no CEO formulas; the other shared copies read this copy in place of "${sheet.name}".`;
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

/**
 * The sheet a copy was made from, by its name alone ("Deal (shared 2)" -> "Deal"): for the records
 * of versions that did not write it beside the note. Undefined when the name is not a copy's, or
 * was cut to 31 characters (the original's name cannot be told then).
 */
export function copyOrigin(copy: string): string | undefined {
  const match = /^(.+) \(shared(?: \d+)?\)$/.exec(copy);
  return match && copy.length < 31 ? match[1] : undefined;
}

/** The name a sheet being replaced goes by until the command that replaces it is done: "<name> (old)", unique, within 31 characters. */
export function replacedName(name: string, taken: readonly string[]): string {
  const used = new Set(taken.map((t) => t.toLowerCase()));
  for (let k = 1; ; k++) {
    const suffix = k === 1 ? " (old)" : ` (old ${k})`;
    const candidate = name.slice(0, 31 - suffix.length) + suffix;
    if (!used.has(candidate.toLowerCase())) return candidate;
  }
}
