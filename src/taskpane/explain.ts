/*
 * "Explain selected cell": the CEO call(s) in the active cell with each argument's value, and
 * what the function gives for them: the result, or the error with the core's own message
 * (Excel shows a message for #VALUE! and #N/A only, and not on every platform). The functions
 * are called through their wrappers, so the pane says exactly what the cell would.
 */
import { serialOf } from "../core/calendar";
import { addressCorners, callAt, FormulaSyntaxError, tokenize, type Token } from "../core/formulaText";
import type { Wrappers } from "../functions/wrappers";
import type { ExcelRun } from "./shareApply";
import { ceoId, formulaOf, nameTargets, substituteNames } from "./share";

/**
 * The wrappers, as the functions bundle leaves them: the pane and the functions share one
 * JavaScript context (SharedRuntime), so the pane's own bundle carries no second copy (which
 * would associate every id twice).
 */
function wrappers(): Wrappers {
  const table = (globalThis as { ceoWrappers?: Wrappers }).ceoWrappers;
  if (!table) throw new NotEvaluated("the CEO functions are not loaded in this pane");
  return table;
}

/** An argument the pane cannot evaluate (a function it does not know, a reference it could not read). */
export class NotEvaluated extends Error {}

export type Value = number | string | boolean | null | Value[][];

/** Reads a reference or structured reference token to its cells' values (loaded beforehand). */
export type Lookup = (token: Token) => Value[][];

export interface ArgumentExplanation {
  name: string;
  text: string;
  value?: Value;
  /** Why the value is not shown. */
  unknown?: string;
}

export interface CallExplanation {
  id: string;
  args: ArgumentExplanation[];
  result?: number | number[][];
  error?: { code: string; message: string };
}

/** CustomFunctions.Error comes from office.js; where it is missing (a plain browser, a test), a stand-in with the same shape and every ErrorCode of CustomFunctionsRuntime 1.3. */
function ensureCustomFunctions(): void {
  const scope = globalThis as { CustomFunctions?: unknown };
  if (scope.CustomFunctions !== undefined) return;
  class StandIn extends Error {
    constructor(
      readonly code: string,
      message?: string,
    ) {
      super(message);
    }
  }
  scope.CustomFunctions = { Error: StandIn, ErrorCode: { invalidValue: "#VALUE!", notAvailable: "#N/A", divisionByZero: "#DIV/0!", invalidNumber: "#NUM!", nullReference: "#NULL!", invalidName: "#NAME?", invalidReference: "#REF!" } };
}

/** Calls CEO.id with argument values as Excel passes them: the result, or the error code and message. */
export function callFunction(id: string, values: readonly Value[]): Pick<CallExplanation, "result" | "error"> {
  const wrapper = wrappers()[id];
  if (!wrapper) return { error: { code: "#NAME?", message: `CEO.${id} is not a function of this add-in` } };
  if (values.length > wrapper.params.length) return { error: { code: "#VALUE!", message: `CEO.${id} takes ${wrapper.params.length} arguments, got ${values.length}` } };
  ensureCustomFunctions();
  try {
    return { result: wrapper.fn(...values) as number | number[][] };
  } catch (error) {
    const e = error as { code?: string; message?: string };
    return { error: { code: String(e.code ?? "#VALUE!"), message: e.message ?? String(error) } };
  }
}

const unquote = (text: string) => text.slice(1, -1).replace(/""/g, '"');
const scalar = (v: Value): Value => (Array.isArray(v) ? (v.length === 1 && v[0]!.length === 1 ? v[0]![0]! : v) : v);
const number = (v: Value): number => {
  const s = scalar(v);
  if (typeof s === "number") return s;
  if (typeof s === "boolean") return s ? 1 : 0;
  if (s === null || s === "") return 0;
  const n = Number(s);
  if (Number.isNaN(n)) throw new NotEvaluated(`"${s}" is text where a number is needed`);
  return n;
};
const text = (v: Value): string => {
  const s = scalar(v);
  return s === null ? "" : typeof s === "boolean" ? (s ? "TRUE" : "FALSE") : String(s);
};
function compare(a: Value, b: Value, op: string): boolean {
  const x = scalar(a) ?? "";
  const y = scalar(b) ?? "";
  // Excel: numbers sort before text, text compares without case.
  const rank = (v: Value) => (typeof v === "number" ? 0 : typeof v === "string" ? 1 : 2);
  let order = rank(x) - rank(y);
  if (order === 0) order = typeof x === "string" ? x.toLowerCase().localeCompare(String(y).toLowerCase()) : Number(x) - Number(y);
  return { "=": order === 0, "<>": order !== 0, "<": order < 0, ">": order > 0, "<=": order <= 0, ">=": order >= 0 }[op]!;
}

const FUNCTIONS: Record<string, (args: Value[]) => Value> = {
  AND: (args) => args.every((a) => number(a) !== 0),
  OR: (args) => args.some((a) => number(a) !== 0),
  NOT: ([a]) => number(a ?? 0) === 0,
  SUM: (args) => args.flatMap((a) => (Array.isArray(a) ? a.flat() : [a])).reduce<number>((s, v) => s + (typeof v === "number" ? v : 0), 0),
  MIN: (args) => Math.min(...args.flatMap((a) => (Array.isArray(a) ? a.flat().filter((v) => typeof v === "number") : [number(a)])) as number[]),
  MAX: (args) => Math.max(...args.flatMap((a) => (Array.isArray(a) ? a.flat().filter((v) => typeof v === "number") : [number(a)])) as number[]),
  ABS: ([a]) => Math.abs(number(a ?? 0)),
  INT: ([a]) => Math.floor(number(a ?? 0)),
  DATE: ([y, m, d]) => serialOf(number(y ?? 0), number(m ?? 1), number(d ?? 1)),
};

/**
 * The value of an argument's text: literals, references (through `lookup`), nested CEO calls,
 * and simple expressions (arithmetic, &, comparisons, IF, AND, OR, NOT, SUM, MIN, MAX, ABS,
 * INT, DATE). Anything else is NotEvaluated.
 */
export function evaluate(source: string, lookup: Lookup, nested: (id: string, args: string[]) => Value): Value {
  const all = tokenize(source);
  const tokens = all.filter((t) => t.kind !== "space");
  let i = 0;
  const peek = () => tokens[i];
  const take = () => tokens[i++]!;
  const isOp = (...ops: string[]) => peek()?.kind === "op" && ops.includes(peek()!.text);

  function primary(): Value {
    const t = take();
    if (!t) throw new NotEvaluated("the argument ends early");
    switch (t.kind) {
      case "number":
        return Number(t.text);
      case "string":
        return unquote(t.text);
      case "bool":
        return /^TRUE$/i.test(t.text);
      case "error":
        throw new NotEvaluated(`the argument is the error ${t.text}`);
      case "array":
        return t.text
          .slice(1, -1)
          .split(";")
          .map((row) => row.split(",").map((cell) => (/^\s*"/.test(cell) ? unquote(cell.trim()) : Number(cell))));
      case "ref":
      case "struct":
        return lookup(t);
      case "open": {
        const v = comparison();
        if (take()?.kind !== "close") throw new NotEvaluated("unbalanced parentheses");
        return v;
      }
      case "func": {
        const call = callAt(source, all, all.indexOf(t));
        while (i < tokens.length && tokens[i]!.start < call.end) i++;
        const id = ceoId(call.name);
        if (id) return nested(id, call.args);
        const argument = (arg: string | undefined) => (arg === undefined || arg.trim() === "" ? null : evaluate(arg, lookup, nested));
        // IF evaluates only the branch it takes, as Excel does.
        if (/^IF$/i.test(call.name)) return number(argument(call.args[0])) !== 0 ? (argument(call.args[1]) ?? 0) : call.args.length > 2 ? (argument(call.args[2]) ?? 0) : false;
        const fn = FUNCTIONS[call.name.toUpperCase()];
        if (!fn) throw new NotEvaluated(`${call.name.toUpperCase()}() is not evaluated by the pane`);
        return fn(call.args.map(argument));
      }
      default:
        throw new NotEvaluated(`"${t.text}" is not evaluated by the pane`);
    }
  }
  function unary(): Value {
    if (isOp("-")) {
      take();
      return -number(unary());
    }
    if (isOp("+")) {
      take();
      return unary();
    }
    const v = primary();
    if (isOp("%")) {
      take();
      return number(v) / 100;
    }
    return v;
  }
  function power(): Value {
    let v = unary();
    while (isOp("^")) {
      take();
      v = number(v) ** number(unary());
    }
    return v;
  }
  function product(): Value {
    let v = power();
    while (isOp("*", "/")) {
      const op = take().text;
      const r = number(power());
      v = op === "*" ? number(v) * r : number(v) / r;
    }
    return v;
  }
  function sum(): Value {
    let v = product();
    while (isOp("+", "-")) {
      const op = take().text;
      const r = number(product());
      v = op === "+" ? number(v) + r : number(v) - r;
    }
    return v;
  }
  function concat(): Value {
    let v = sum();
    while (isOp("&")) {
      take();
      v = text(v) + text(sum());
    }
    return v;
  }
  function comparison(): Value {
    let v = concat();
    while (isOp("=", "<>", "<", ">", "<=", ">=")) {
      const op = take().text;
      v = compare(v, concat(), op);
    }
    return v;
  }
  const value = comparison();
  if (i < tokens.length) throw new NotEvaluated(`"${tokens[i]!.text}" is not evaluated by the pane`);
  return value;
}

/** Every CEO call of a formula, outermost first, each with its arguments' values and what the function gives. */
export function explainFormula(formula: string, lookup: Lookup): CallExplanation[] {
  const out: CallExplanation[] = [];
  const explainCall = (id: string, argTexts: string[]): Value => {
    const params = wrappers()[id]?.params ?? [];
    const entry: CallExplanation = { id, args: [] };
    out.push(entry);
    const values: Value[] = [];
    let complete = true;
    argTexts.forEach((argText, k) => {
      const arg: ArgumentExplanation = { name: params[k] ?? `argument ${k + 1}`, text: argText.trim() };
      try {
        arg.value = argText.trim() === "" ? null : evaluate(argText, lookup, explainCall);
        values.push(arg.value);
      } catch (error) {
        if (!(error instanceof NotEvaluated || error instanceof FormulaSyntaxError)) throw error;
        arg.unknown = error.message;
        complete = false;
      }
      entry.args.push(arg);
    });
    while (values.length < params.length && complete) values.push(null); // Excel passes null for an omitted argument
    if (!complete) throw new NotEvaluated(`an argument of CEO.${id} could not be evaluated`);
    Object.assign(entry, callFunction(id, values));
    if (entry.error) throw new NotEvaluated(`CEO.${id} gives ${entry.error.code}`);
    return (entry.result ?? null) as Value;
  };
  try {
    const tokens = tokenize(formula);
    for (let i = 0; i < tokens.length; i++) {
      const t = tokens[i]!;
      if (t.kind !== "func") continue;
      const call = callAt(formula, tokens, i);
      const id = ceoId(call.name);
      if (!id) continue;
      try {
        explainCall(id, call.args);
      } catch (error) {
        if (!(error instanceof NotEvaluated)) throw error;
      }
      // Calls nested in this one were explained with it; go on after it.
      while (i + 1 < tokens.length && tokens[i + 1]!.start < call.end) i++;
    }
  } catch (error) {
    if (!(error instanceof FormulaSyntaxError)) throw error;
  }
  return out;
}

const show = (v: Value | undefined): string => {
  if (v === undefined) return "?";
  if (v === null) return "(omitted)";
  if (Array.isArray(v)) {
    const cells = v.flat();
    return cells.length <= 12 ? `{${v.map((row) => row.map((c) => show(c)).join(", ")).join("; ")}}` : `${v.length} x ${v[0]?.length ?? 0} cells: ${cells.slice(0, 6).map((c) => show(c)).join(", ")}, ...`;
  }
  return typeof v === "string" ? JSON.stringify(v) : String(v);
};

/** The explanation as lines for the pane. */
export function explanationLines(address: string, formula: string, shown: unknown, calls: readonly CallExplanation[]): string[] {
  const lines = [`${address}: ${formula}`, `The cell shows: ${show(shown as Value)}`];
  if (calls.length === 0) lines.push("No CEO function in this cell.");
  for (const call of calls) {
    lines.push(`CEO.${call.id}(`);
    for (const arg of call.args) lines.push(`  ${arg.name} = ${arg.unknown ? `not shown (${arg.unknown})` : show(arg.value)}${arg.text && arg.text !== show(arg.value) ? `   [${arg.text}]` : ""}`);
    lines.push(call.error ? `) gives ${call.error.code}: ${call.error.message}` : call.result !== undefined ? `) = ${show(call.result as Value)}` : ") not computed: an argument could not be evaluated");
  }
  return lines;
}

/** The active cell, explained. */
export async function explainSelectedCell(run: ExcelRun): Promise<string[]> {
  return run(async (context) => {
    const cell = context.workbook.getActiveCell().load("address,formulas,values,rowIndex,columnIndex");
    const sheet = context.workbook.worksheets.getActiveWorksheet().load("name");
    await context.sync();
    // Text that reads like a formula (written with the quote prefix, or typed into a Text cell) is not one: its value is its text.
    const written = formulaOf(cell.formulas[0]?.[0], cell.values[0]?.[0]);
    if (written === undefined) {
      const content = cell.formulas[0]?.[0];
      return [typeof content === "string" && content.startsWith("=") ? `${cell.address}: no formula: the cell holds the text ${JSON.stringify(content)}, which Excel does not calculate.` : `${cell.address}: no formula.`];
    }
    // Workbook names (a Terms sheet's Sales_Schedule) read as the references they stand for.
    const names = context.workbook.names.load("items/name,items/formula");
    await context.sync();
    const formula = substituteNames(written, nameTargets(names.items));
    let tokens: Token[] = [];
    try {
      tokens = tokenize(formula);
    } catch (error) {
      return [`${cell.address}: ${written}`, `The formula could not be read: ${(error as Error).message}`];
    }
    // Every reference in the formula, loaded in one request.
    const tables = context.workbook.tables.load("items/name");
    await context.sync();
    const tableRanges = tables.items.map((t) => ({ name: t.name, range: t.getRange().load("address"), table: t }));
    await context.sync();
    const loaded = new Map<string, Excel.Range>();
    const rangeOf = (t: Token): Excel.Range | undefined => {
      if (t.kind === "ref") {
        const body = t.text.slice(t.text.lastIndexOf("!") + 1).replace(/\$/g, "");
        return (t.sheet ? context.workbook.worksheets.getItem(t.sheet) : sheet).getRange(body);
      }
      // Structured: Table[Column], [@Column], Table[@Column], Table[[#This Row],[Column]].
      const m = t.text.match(/^([^[]*)\[(.*)\]$/s);
      if (!m) return undefined;
      const thisRow = /@|#This Row/i.test(m[2]!);
      const column = m[2]!.replace(/^@/, "").replace(/\[#This Row\],/i, "").replace(/^\[|\]$/g, "").replace(/'(.)/g, "$1");
      const table = m[1] ? tableRanges.find((x) => x.name.toLowerCase() === m[1]!.toLowerCase()) : tableRanges.find((x) => within(cell.address, x.range.address));
      if (!table) return undefined;
      const body = table.table.columns.getItem(column).getDataBodyRange();
      return thisRow ? body.getIntersection(cell.getEntireRow()) : body;
    };
    for (const t of tokens) {
      if ((t.kind === "ref" || t.kind === "struct") && !loaded.has(t.text)) {
        const range = rangeOf(t);
        if (range) loaded.set(t.text, range.load("values"));
      }
    }
    try {
      await context.sync();
    } catch (error) {
      return [`${cell.address}: ${written}`, `A reference in the formula could not be read: ${(error as Error).message}`];
    }
    const lookup: Lookup = (t) => {
      const range = loaded.get(t.text);
      if (!range) throw new NotEvaluated(`${t.text} could not be read`);
      return range.values as Value[][];
    };
    return explanationLines(`${sheet.name}!${cell.address.slice(cell.address.lastIndexOf("!") + 1)}`, written, cell.values[0]?.[0], explainFormula(formula, lookup));
  });
}

/** Whether a cell address lies in a range address (same sheet). */
function within(cellAddress: string, rangeAddress: string): boolean {
  const c = addressCorners(cellAddress);
  const r = addressCorners(rangeAddress);
  return !!c && !!r && c.sheet === r.sheet && c.from.row >= r.from.row && c.from.row <= r.to.row && c.from.column >= r.from.column && c.from.column <= r.to.column;
}
