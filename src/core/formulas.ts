/*
 * The native formula of every CEO function, by id: what "Prepare for sharing" writes in place
 * of =CEO.ID(...) so that a banker without the add-in sees the same live figure. A builder
 * takes the argument texts as written and gives one formula per element (one for a figure, two
 * for a spilled row); it throws NoNativeFormula for an argument form it cannot follow, and the
 * cell's value is used instead.
 *
 * Number arguments are read here, once for every builder, as the add-in reads them (issue 16):
 * each function's parameters are declared as in functions.json (a test keeps them equal), and
 * nativeFormula turns each number argument into Excel's coercion of it plus the checks that give
 * the add-in's error for a blank, a logical, text or an error. Range arguments reach the builders
 * as written.
 */
import { babyShelfFormula } from "./babyShelf.formula";
import { bsWarrantFormula } from "./blackScholes.formula";
import { lockUpFormulas, settleFormula, tradeDaysFormula, tradeDayFormula } from "./calendar.formula";
import { capacityFormula } from "./capacity.formula";
import { cashlessFormula } from "./cashless.formula";
import { classBPriceFormula } from "./classB.formula";
import { compPctFormula } from "./compensation.formula";
import { convPriceFormula, convSharesFormula, initConvFormula } from "./conversion.formula";
import { reimburseFormula, retainerFormula } from "./expenses.formula";
import { feeFormula, feeRateFormula, netFormula } from "./fees.formula";
import { floatPriceFormula } from "./floatPrice.formula";
import { anyOf, FormulaSyntaxError, isNumeric, isNumberLiteral, isOmitted, meaningful, NoNativeFormula, severalValues, wrap, type Arg } from "./formulaText";
import { minPriceFormula } from "./minPrice.formula";
import { nasdaq20Formula } from "./nasdaq.formula";
import { dilutionFormula, ownershipFormula } from "./ownership.formula";
import { sold12mFormula } from "./sold12m.formula";
import { vwapFormula } from "./vwap.formula";
import { warrantsFormulas } from "./warrants.formula";

/**
 * A parameter as functions.json declares it: a number (JSDoc number), a whole number (a number the
 * wrapper reads with optInt, so that a fraction is #VALUE!), or a range (any[][]); optional or not.
 */
export interface Param {
  readonly name: string;
  readonly kind: "number" | "whole" | "range";
  readonly optional: boolean;
}

/** "gross priorGross? schedule[]? decimals#?": a name per parameter; [] a range, # whole, ? optional. */
function params(spec: string): Param[] {
  return spec.split(" ").map((word) => {
    const m = word.match(/^(\w+)(\[\]|#)?(\?)?$/)!;
    return { name: m[1]!, kind: m[2] === "[]" ? "range" : m[2] === "#" ? "whole" : "number", optional: m[3] === "?" };
  });
}

export interface NativeBuilder {
  /** The function's parameters (more arguments are #VALUE! in Excel, so no native formula). */
  readonly params: readonly Param[];
  /** Needs the CEO Holidays sheet. */
  readonly holidays?: boolean;
  /** Values it gives: 1, or the cells of its spilled row (WARRANTS and LOCKUP give 2). */
  readonly width: number;
  readonly build: (args: readonly Arg[]) => readonly string[];
}

const one =
  (spec: string, build: (...args: Arg[]) => string, holidays = false): NativeBuilder => ({ params: params(spec), holidays, width: 1, build: (args) => [build(...args)] });
const row =
  (spec: string, build: (...args: Arg[]) => readonly string[], holidays = false): NativeBuilder => ({ params: params(spec), holidays, width: 2, build: (args) => build(...args) });

export const NATIVE_FORMULAS: Readonly<Record<string, NativeBuilder>> = {
  FEE: one("gross priorGross? schedule[]?", feeFormula),
  NET: one("gross priorGross? schedule[]?", netFormula),
  FEERATE: one("gross priorGross? schedule[]?", feeRateFormula),
  VWAP: one("shares[] prices[] decimals#?", vwapFormula),
  WARRANTS: row("shares[] vwap[] coverage? premium? decimals#?", warrantsFormulas),
  INITCONV: one("prices[] decimals#?", initConvFormula),
  CONVPRICE: one("bids[] initialPrice? daysSinceIssue#? decimals#?", convPriceFormula),
  CONVSHARES: one("principal bids[] initialPrice? daysSinceIssue#?", convSharesFormula),
  CLASSBPRICE: one("bid marketPrice? cap? decimals#?", classBPriceFormula),
  CASHLESS: one("warrants strike price", cashlessFormula),
  DILUTION: one("newShares outstanding", dilutionFormula),
  OWNERSHIP: one("held exercisable outstanding", ownershipFormula),
  NASDAQ20: one("preOutstanding alreadyIssued?", nasdaq20Formula),
  COMPPCT: one("gross fee expenses? other[]?", compPctFormula),
  CAPACITY: one("soldGross programMax?", capacityFormula),
  REIMBURSE: one("expenses alreadyReimbursed? cap?", reimburseFormula),
  RETAINER: one("retainer? deposit? offerings? offering?", retainerFormula),
  BSWARRANT: one("stockPrice strike years volatility riskFree dividendYield? decimals#?", bsWarrantFormula),
  SETTLE: one("tradeDate cycle?", settleFormula, true),
  TRADEDAY: one("date n", tradeDayFormula, true),
  TRADEDAYS: one("start end", tradeDaysFormula, true),
  LOCKUP: row("termsDate finalSettleDate", lockUpFormulas, true),
  MINPRICE: one("closes[] decimals#?", minPriceFormula),
  FLOATPRICE: one("prices[] dates[] saleDate", floatPriceFormula),
  SOLD12M: one("dates[] grosses[] saleDate", sold12mFormula),
  BABYSHELF: one("nonAffiliateShares floatPrice soldLast12Months?", babyShelfFormula),
};

/** The parameters of CEO.id, as in functions.json. */
export function parametersOf(id: string): readonly Param[] {
  const builder = NATIVE_FORMULAS[id.toUpperCase()];
  if (!builder) throw new Error(`CEO.${id} is not a CEO function`);
  return builder.params;
}

export type NativeResult = { ok: true; elements: readonly string[]; holidays: boolean } | { ok: false; reason: string };

const NUMERAL = /^\s*[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?\s*$/;

/**
 * How one number argument is read, in the two steps of a call (issue 16's model):
 * - Excel evaluates it before calling: an error, or text that is not a number, and the function is
 *   not called; the first such argument gives the cell its error. `value` is an expression that is
 *   that error, or a number: IF(X="",0,--X) (X="" passes an error on; --X is #VALUE! for text).
 * - The wrapper then reads it: a blank where one is required, a logical, a fraction where a whole
 *   number belongs are #VALUE! (`checks`, conditions). `refused`: a literal TRUE or FALSE.
 * `given` is what the builder gets: undefined when omitted (a blank cell, "" or nothing: the
 * builder's default), a number literal as written (numeric text literal as its number), or "--X",
 * Excel's own coercion, which the builder's optional() and ifGiven() know to test X="" for.
 */
interface Reading {
  given: Arg;
  value?: string;
  checks: string[];
  refused?: boolean;
}

function numberArgument(arg: Arg, param: Param): Reading {
  // A required argument left out: the cell keeps the add-in's #VALUE!, and the pane says why.
  const omitted = (): Reading => {
    if (!param.optional) throw new NoNativeFormula(`${param.name} is missing`);
    return { given: undefined, checks: [] };
  };
  if (isOmitted(arg)) return omitted();
  let tokens;
  try {
    tokens = meaningful(arg);
  } catch (error) {
    if (error instanceof FormulaSyntaxError) throw new NoNativeFormula(`${param.name} could not be read: ${error.message}`);
    throw error;
  }
  const several = severalValues(arg);
  if (several) throw new NoNativeFormula(`${param.name} ${several} where one value belongs`);
  const only = tokens.length === 1 ? tokens[0]! : undefined;
  if (only?.kind === "bool") return { given: "0", checks: [], refused: true };
  if (only?.kind === "error") return { given: "0", value: only.text.toUpperCase(), checks: [] };
  let literal = isNumberLiteral(arg) ? arg.trim() : undefined;
  if (only?.kind === "string") {
    const text = only.text.slice(1, -1).replace(/""/g, '"');
    if (text === "") return omitted();
    if (NUMERAL.test(text)) literal = String(Number(text)).includes("e") ? text.trim().replace(/^\+/, "") : String(Number(text));
  }
  if (literal !== undefined) {
    const refused = param.kind === "whole" && !Number.isInteger(Number(literal));
    return { given: literal, checks: [], ...(refused ? { refused } : {}) };
  }
  const x = wrap(arg);
  // A number or an error whatever its inputs (arithmetic, ROUND, a nested CEO call): as it is.
  if (isNumeric(arg)) return { given: arg.trim(), value: x, checks: param.kind === "whole" ? [`${x}<>INT(${x})`] : [] };
  const checks = param.optional ? [`ISLOGICAL(${x})`] : [`${x}=""`, `ISLOGICAL(${x})`];
  if (param.kind === "whole") checks.push(`AND(${x}<>"",IFERROR(--${x}<>INT(--${x}),1))`);
  return { given: `--${x}`, value: `IF(${x}="",0,--${x})`, checks };
}

const isErrorLiteral = (text: string) => text.startsWith("#");

/**
 * The native formula(s) of CEO.id(args), or why there is none. Every number argument is read by
 * numberArgument; each element is then IF(OR(0*(values),checks),#VALUE!,element): the first
 * argument Excel cannot pass gives its error, then the wrapper's #VALUE!, and only then the
 * builder's own #NUM! for a domain, in the add-in's order.
 */
export function nativeFormula(id: string, args: readonly Arg[]): NativeResult {
  const builder = NATIVE_FORMULAS[id.toUpperCase()];
  if (!builder) return { ok: false, reason: `CEO.${id} has no native formula in this version` };
  if (args.length > builder.params.length) return { ok: false, reason: `CEO.${id} takes ${builder.params.length} arguments, the formula gives ${args.length}` };
  try {
    const readings = builder.params.map((param, i): Reading => (param.kind === "range" ? { given: args[i], checks: [] } : numberArgument(args[i], param)));
    const values = readings.flatMap((r) => (r.value === undefined ? [] : [r.value]));
    const holidays = builder.holidays ?? false;
    const passed = values.length === 0 ? undefined : `0*${values.length === 1 ? values[0] : `(${values.join("+")})`}`;
    if (readings.some((r) => r.refused || (r.value !== undefined && isErrorLiteral(r.value)))) {
      // The cell errs whatever the term: the first error Excel meets, else the wrapper's #VALUE!.
      const code = values[0] !== undefined && isErrorLiteral(values[0]) ? values[0] : passed === undefined ? "#VALUE!" : `${passed}+#VALUE!`;
      return { ok: true, elements: Array<string>(builder.width).fill(code), holidays };
    }
    const conditions = [...(passed === undefined ? [] : [passed]), ...readings.flatMap((r) => r.checks)];
    const elements = builder.build(readings.map((r) => r.given));
    return { ok: true, elements: conditions.length === 0 ? elements : elements.map((e) => `IF(${anyOf(conditions)},#VALUE!,${e})`), holidays };
  } catch (error) {
    if (error instanceof NoNativeFormula) return { ok: false, reason: `CEO.${id}: ${error.message}` };
    throw error;
  }
}
