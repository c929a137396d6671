/*
 * "Explain selected cell": the CEO call(s) in the active cell with each argument's value, and
 * what the function gives for them: the result, or the error with the core's own message
 * (Excel shows a message for #VALUE! and #N/A only, and not on every platform). The functions
 * are called through their wrappers, so the pane says exactly what the cell would.
 */
import { isoDate, serialOf } from "../../core/calendar";
import { Decimal } from "../../core/decimal";
import { feeSchedule, flatFee, SALES_AGREEMENT_SCHEDULE, tierPortions, type FeeSchedule } from "../../core/fees";
import { addressCorners, callAt, FormulaSyntaxError, tokenize, type Token } from "../../core/formulaText";
import type { Wrappers } from "../../functions/wrappers";
import type { ExcelRun } from "../share/shareApply";
import { supports } from "../excel/run";
import { ceoId, formulaOf, isErrorValue, nameTargets, spillWidth } from "../share/share";

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

/** Reads a reference, structured reference or defined name token to its cells' values (loaded beforehand). */
export type Lookup = (token: Token) => Value[][];

export interface ArgumentExplanation {
  name: string;
  text: string;
  value?: Value;
  /** The defined name the value was read through (a Terms sheet's Sales_Schedule), where it was one. */
  source?: string;
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
      case "name":
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
export function explainFormula(formula: string, readCells: Lookup): CallExplanation[] {
  const out: CallExplanation[] = [];
  // The cells read through a defined name, so that an argument (even one chosen by an IF) can say which.
  const names = new WeakMap<object, string>();
  const lookup: Lookup = (t) => {
    const cellValues = readCells(t);
    if (t.kind === "name" && Array.isArray(cellValues)) names.set(cellValues, t.text);
    return cellValues;
  };
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
        const source = Array.isArray(arg.value) ? names.get(arg.value) : undefined;
        if (source) arg.source = source;
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

/*
 * Showing values in the units a banker reads them in. What each argument and result measures is
 * said once here, by parameter name (the wrappers' names, as functions.json has them) and by
 * function id: money with cents, prices as the cell holds them, counts, rates as percentages,
 * dates as dates. Values are shown exactly (never rounded for display): 4.046666666666667 stays.
 */
export type Unit = "money" | "price" | "count" | "rate" | "date" | "schedule" | "number";

const UNITS_BY_PARAMETER: Readonly<Record<string, Unit>> = {
  gross: "money", priorGross: "money", soldGross: "money", programMax: "money", principal: "money", fee: "money",
  expenses: "money", other: "money", alreadyReimbursed: "money", cap: "money", retainer: "money", deposit: "money", grosses: "money", soldLast12Months: "money",
  prices: "price", bids: "price", closes: "price", vwap: "price", price: "price", bid: "price", marketPrice: "price",
  initialPrice: "price", strike: "price", stockPrice: "price", floatPrice: "price",
  shares: "count", warrants: "count", newShares: "count", outstanding: "count", held: "count", exercisable: "count",
  preOutstanding: "count", alreadyIssued: "count", nonAffiliateShares: "count", n: "count", cycle: "count",
  daysSinceIssue: "count", offerings: "count", offering: "count", decimals: "count",
  coverage: "rate", premium: "rate", volatility: "rate", riskFree: "rate", dividendYield: "rate",
  tradeDate: "date", date: "date", start: "date", end: "date", termsDate: "date", finalSettleDate: "date", saleDate: "date", dates: "date",
  schedule: "schedule",
};
/** Where a parameter name means something else in one function: CLASSBPRICE's cap is a price per share. */
const UNITS_BY_FUNCTION_PARAMETER: Readonly<Record<string, Unit>> = { "CLASSBPRICE.cap": "price" };

/** What each function returns; a row (WARRANTS, LOCKUP) one unit per column. */
const RESULT_UNITS: Readonly<Record<string, Unit | readonly Unit[]>> = {
  FEE: "money", NET: "money", CAPACITY: "money", REIMBURSE: "money", RETAINER: "money", BABYSHELF: "money", SOLD12M: "money",
  FEERATE: "rate", COMPPCT: "rate", DILUTION: "rate", OWNERSHIP: "rate",
  VWAP: "price", INITCONV: "price", CONVPRICE: "price", CLASSBPRICE: "price", BSWARRANT: "price", MINPRICE: "price", FLOATPRICE: "price",
  CONVSHARES: "count", CASHLESS: "count", NASDAQ20: "count", TRADEDAYS: "count",
  SETTLE: "date", TRADEDAY: "date", LOCKUP: ["date", "date"],
  WARRANTS: ["count", "price"],
};
/** The cells of a spilled row, named. */
const RESULT_LABELS: Readonly<Record<string, readonly string[]>> = { WARRANTS: ["warrant shares", "exercise price"], LOCKUP: ["start", "end"] };

/** The unit of CEO.id's parameter (by its wrapper's name). */
export const unitOf = (id: string, parameter: string): Unit => UNITS_BY_FUNCTION_PARAMETER[`${id}.${parameter}`] ?? UNITS_BY_PARAMETER[parameter] ?? "number";
/** The unit of CEO.id's result (of one column of a spilled row). */
export const resultUnit = (id: string, column: number): Unit => {
  const unit = RESULT_UNITS[id] ?? "number";
  return typeof unit === "string" ? unit : (unit[column] ?? "number");
};

const separated = (digits: string) => digits.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
/** The number as JavaScript writes it back (shortest exact form), with separators and at least `decimals` decimals. */
function exact(n: number, decimals = 0): string {
  if (!Number.isFinite(n)) return String(n);
  const [whole, fraction = ""] = new Decimal(Math.abs(n)).toFixed().split(".");
  const digits = fraction.padEnd(decimals, "0");
  return `${n < 0 ? "-" : ""}${separated(whole!)}${digits ? `.${digits}` : ""}`;
}
const dollars = (n: number, decimals = 2) => (n < 0 ? `-$${exact(-n, decimals)}` : `$${exact(n, decimals)}`);
/** A bound or a part of a gross: whole dollars without cents ("$10,000,000"), else with them. */
const amount = (n: Decimal) => dollars(n.toNumber(), n.isInteger() ? 0 : 2);
const percent = (fraction: number | Decimal) => `${new Decimal(fraction).times(100).toFixed()}%`;
/** Serials of 1900-03-01 to 9999-12-31 (past Excel's phantom 1900-02-29); a time of day shown as Excel writes it. */
function date(serial: number): string | undefined {
  if (serial < 61 || serial > 2_958_465) return undefined;
  const day = Math.floor(serial);
  if (day === serial) return isoDate(day);
  const minutes = Math.round((serial - day) * 1440);
  return `${isoDate(day)} ${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`;
}

function formatNumber(n: number, unit: Unit): string {
  switch (unit) {
    case "money":
    case "price":
      return dollars(n);
    case "rate":
      return Number.isFinite(n) ? percent(n) : String(n);
    case "date":
      return date(n) ?? exact(n);
    default:
      return exact(n);
  }
}

const ERROR_VALUE = /^#(?:NULL!|DIV\/0!|VALUE!|REF!|NAME\?|NUM!|N\/A|GETTING_DATA|SPILL!|CALC!|BUSY!|BLOCKED!|CONNECT!|FIELD!|UNKNOWN!)$/;

/** A value in its unit: one cell without braces, a few cells as {a, b; c}, many as their count and the first six. */
function show(v: Value | undefined, unit: Unit = "number"): string {
  if (v === undefined) return "?";
  if (v === null) return "(omitted)";
  if (Array.isArray(v)) {
    if (v.length === 1 && v[0]!.length === 1) return show(v[0]![0]!, unit);
    const cells = v.flat();
    return cells.length <= 12 ? `{${v.map((row) => row.map((c) => show(c, unit)).join(", ")).join("; ")}}` : `${v.length} x ${v[0]?.length ?? 0} cells: ${cells.slice(0, 6).map((c) => show(c, unit)).join(", ")}, ...`;
  }
  if (typeof v === "number") return formatNumber(v, unit);
  if (typeof v === "boolean") return v ? "TRUE" : "FALSE";
  return ERROR_VALUE.test(v) ? v : JSON.stringify(v);
}

/** A fee schedule argument as the function reads it, or undefined when it is not one (the call's error then says why). */
function scheduleOf(value: Value): FeeSchedule | undefined {
  const v = scalar(value);
  try {
    if (v === null || v === "") return SALES_AGREEMENT_SCHEDULE;
    if (!Array.isArray(v)) return typeof v === "number" ? flatFee(new Decimal(v)) : undefined;
    // A range's blank rows are skipped, as the function skips blank cells.
    const rows = v.filter((row) => row.some((c) => c !== null && c !== ""));
    if (rows.some((row) => row.length !== 2 || row.some((c) => typeof c !== "number"))) return undefined;
    return feeSchedule(rows.map(([from, rate]) => [new Decimal(from as number), new Decimal(rate as number)] as const));
  } catch {
    return undefined;
  }
}

/** "Sales Agreement tiers 4% / 3.5% / 3%", "Sales_Schedule: 4% to $10,000,000, 3.5% to $20,000,000, 3% above", "flat 4%". */
function describeSchedule(value: Value, source?: string): string | undefined {
  const v = scalar(value);
  if (v === null || v === "") return `Sales Agreement tiers ${SALES_AGREEMENT_SCHEDULE.map((t) => percent(t.rate)).join(" / ")}`;
  const schedule = scheduleOf(value);
  if (!schedule) return undefined;
  const tiers =
    typeof v === "number"
      ? `flat ${percent(v)}`
      : schedule.length === 1
        ? `${percent(schedule[0]!.rate)} on all`
        : schedule.map((t, i) => `${percent(t.rate)} ${schedule[i + 1] ? `to ${amount(schedule[i + 1]!.from)}` : "above"}`).join(", ");
  return source ? `${source}: ${tiers}` : tiers;
}

/** "$8,000,000 at 4%, then $2,000,000 at 3.5%": the tiers this sale's gross fell in. */
function portionsOf(call: CallExplanation): string | undefined {
  const [gross, priorGross, schedule] = [0, 1, 2].map((k): Value => call.args[k]?.value ?? null);
  const tiers = scheduleOf(schedule!);
  if (!tiers || gross === null) return undefined;
  try {
    const parts = tierPortions(new Decimal(number(gross!)), new Decimal(number(priorGross!)), tiers);
    return parts.length === 0 ? undefined : parts.map((p) => `${amount(p.amount)} at ${percent(p.rate)}`).join(", then ");
  } catch {
    return undefined;
  }
}

/** "  gross = $241,200.00 from [@Gross]": the value first (a narrow pane wraps the rest), then what the cell wrote. */
function argumentLine(id: string, arg: ArgumentExplanation): string {
  const unit = unitOf(id, arg.name);
  // A number, percentage or array written in the formula says no more than its value.
  const literal = arg.text === "" || /^(?:[0-9.]+%?|\{.*\})$/s.test(arg.text);
  // A value read through a name is named in the value itself (the formula line shows the IF that chose it).
  const written = unit === "schedule" && arg.value === null ? " (omitted: the default)" : literal || arg.source ? "" : ` from ${arg.text}`;
  if (arg.unknown) return `  ${arg.name} = not shown: ${arg.unknown}${written}`;
  const value = unit === "schedule" ? (describeSchedule(arg.value ?? null, arg.source) ?? show(arg.value)) : show(arg.value, unit);
  return `  ${arg.name} = ${value}${written}`;
}

function resultText(call: CallExplanation): string {
  const result = call.result!;
  const labels = RESULT_LABELS[call.id];
  if (Array.isArray(result) && result.length === 1 && labels && result[0]!.length === labels.length) {
    return result[0]!.map((cell, j) => `${labels[j]} ${formatNumber(cell, resultUnit(call.id, j))}`).join(", ");
  }
  const text = show(result as Value, resultUnit(call.id, 0));
  if (call.id === "FEE") {
    const portions = portionsOf(call);
    return portions ? `${text}: ${portions}` : text;
  }
  if (call.id === "NET") {
    const fee = callFunction("FEE", call.args.map((a) => a.value ?? null)).result;
    const portions = portionsOf(call);
    return typeof fee === "number" ? `${text}: gross less the fee of ${dollars(fee)}${portions ? ` (${portions})` : ""}` : text;
  }
  return text;
}

/** What the cell shows, in the unit of the call whose result it is (a Settlement Date cell reads as a date). */
function shownText(shown: Value, calls: readonly CallExplanation[]): string {
  if (typeof shown !== "number") return show(shown);
  for (const call of calls) {
    const row = Array.isArray(call.result) ? (call.result[0] ?? []) : call.result === undefined ? [] : [call.result];
    const column = row.indexOf(shown);
    if (column >= 0) return formatNumber(shown, resultUnit(call.id, column));
  }
  return exact(shown);
}

/** The explanation as lines for the pane. */
export function explanationLines(address: string, formula: string, shown: unknown, calls: readonly CallExplanation[]): string[] {
  const lines = [`${address}: ${formula}`, `The cell shows: ${shownText(shown as Value, calls)}`];
  if (calls.length === 0) lines.push("No CEO function in this cell.");
  for (const call of calls) {
    lines.push(`CEO.${call.id}(`);
    const args = [...call.args];
    // An omitted schedule is the default's, which the explanation names.
    const params = wrappers()[call.id]?.params ?? [];
    params.forEach((name, k) => {
      if (k >= args.length && unitOf(call.id, name) === "schedule") args.push({ name, text: "", value: null });
    });
    for (const arg of args) lines.push(argumentLine(call.id, arg));
    lines.push(call.error ? `) gives ${call.error.code}: ${call.error.message}` : call.result !== undefined ? `) = ${resultText(call)}` : ") not computed: an argument could not be evaluated");
  }
  return lines;
}

/**
 * The cell whose formula spilled into `cell`, when `cell` is not that formula's own cell: what
 * Range.formulas gives for a spilled cell is undocumented ("" or the formula that spilled;
 * docs/EXCEL-CHECKS.md, spilled-formulas), so it is asked of the spill API (ExcelApi 1.12), or,
 * below it, found for the CEO row results (WARRANTS, LOCKUP: two cells): the cell to the left
 * holds one, shows no error (it spilled), and this cell holds nothing or the same formula.
 */
async function spillParent(context: Excel.RequestContext, cell: Excel.Range): Promise<Excel.Range | undefined> {
  if (supports("ExcelApi", "1.12")) {
    const parent = cell.getSpillParentOrNullObject().load("address,formulas,values,columnIndex");
    await context.sync();
    return parent.isNullObject || parent.address === cell.address ? undefined : parent;
  }
  const own = cell.formulas[0]?.[0];
  const mayBeSpilled = own === "" ? cell.values[0]?.[0] !== "" : typeof own === "string" && spillWidth(own) > 1;
  if (!mayBeSpilled || cell.columnIndex === 0) return undefined;
  const left = cell.getOffsetRange(0, -1).load("address,formulas,values,columnIndex");
  await context.sync();
  const formula = formulaOf(left.formulas[0]?.[0], left.values[0]?.[0]);
  const spilled = formula !== undefined && spillWidth(formula) > 1 && !isErrorValue(left.values[0]?.[0]) && (own === "" || own === formula);
  return spilled ? left : undefined;
}

/** The active cell, explained; a cell a CEO row result spilled into, by the formula that spilled. */
export async function explainSelectedCell(run: ExcelRun): Promise<string[]> {
  return run(async (context) => {
    const active = context.workbook.getActiveCell().load("address,formulas,values,rowIndex,columnIndex");
    const sheet = context.workbook.worksheets.getActiveWorksheet().load("name");
    await context.sync();
    const parent = await spillParent(context, active);
    const cell = parent ?? active;
    const local = (address: string) => address.slice(address.lastIndexOf("!") + 1);
    const spilledLine = (formula: string) => {
      const id = ceoId(formula.replace(/^=\s*@?/, "").split("(")[0]!.trim());
      const column = active.columnIndex - cell.columnIndex;
      const label = id ? RESULT_LABELS[id]?.[column] : undefined;
      const shown = show(active.values[0]?.[0] as Value, id ? resultUnit(id, column) : "number");
      return `${sheet.name}!${local(active.address)} holds no formula of its own: it shows ${label ? `the ${label}` : "a value"} of the row ${local(cell.address)}'s formula spilled (${shown}).`;
    };
    // Text that reads like a formula (written with the quote prefix, or typed into a Text cell) is not one: its value is its text.
    const written = formulaOf(cell.formulas[0]?.[0], cell.values[0]?.[0]);
    if (written === undefined) {
      const content = cell.formulas[0]?.[0];
      return [typeof content === "string" && content.startsWith("=") ? `${cell.address}: no formula: the cell holds the text ${JSON.stringify(content)}, which Excel does not calculate.` : `${cell.address}: no formula.`];
    }
    // Workbook names (a Terms sheet's Sales_Schedule) read as the references they stand for, and named in the explanation.
    const names = context.workbook.names.load("items/name,items/formula");
    await context.sync();
    const targets = nameTargets(names.items);
    let tokens: Token[] = [];
    try {
      tokens = tokenize(written);
    } catch (error) {
      return [`${cell.address}: ${written}`, `The formula could not be read: ${(error as Error).message}`];
    }
    // Every reference in the formula, loaded in one request.
    const tables = context.workbook.tables.load("items/name");
    await context.sync();
    const tableRanges = tables.items.map((t) => ({ name: t.name, range: t.getRange().load("address"), table: t }));
    await context.sync();
    const loaded = new Map<string, Excel.Range>();
    const constants = new Map<string, Value[][]>();
    const key = (t: Token) => (t.kind === "name" ? `name:${t.text.toLowerCase()}` : t.text);
    const rangeOf = (t: Token): Excel.Range | undefined => {
      if (t.kind === "name") {
        const target = targets.get(t.text.toLowerCase());
        const [reference] = target === undefined ? [] : tokenize(target);
        if (reference?.kind === "number") constants.set(key(t), [[Number(reference.text)]]);
        return reference?.kind === "ref" ? rangeOf(reference) : undefined;
      }
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
      if ((t.kind === "ref" || t.kind === "struct" || t.kind === "name") && !loaded.has(key(t))) {
        const range = rangeOf(t);
        if (range) loaded.set(key(t), range.load("values"));
      }
    }
    try {
      await context.sync();
    } catch (error) {
      return [`${cell.address}: ${written}`, `A reference in the formula could not be read: ${(error as Error).message}`];
    }
    const lookup: Lookup = (t) => {
      const constant = constants.get(key(t));
      if (constant) return constant;
      const range = loaded.get(key(t));
      if (!range) throw new NotEvaluated(t.kind === "name" ? `the name ${t.text} is not a range or number the pane reads` : `${t.text} could not be read`);
      return range.values as Value[][];
    };
    const lines = explanationLines(`${sheet.name}!${local(cell.address)}`, written, cell.values[0]?.[0], explainFormula(written, lookup));
    return parent ? [spilledLine(written), ...lines] : lines;
  });
}

/** Whether a cell address lies in a range address (same sheet). */
function within(cellAddress: string, rangeAddress: string): boolean {
  const c = addressCorners(cellAddress);
  const r = addressCorners(rangeAddress);
  return !!c && !!r && c.sheet === r.sheet && c.from.row >= r.from.row && c.from.row <= r.to.row && c.from.column >= r.from.column && c.from.column <= r.to.column;
}
