/*
 * INITCONV, CONVPRICE and CONVSHARES as native formulas (src/core/conversion.ts is the term).
 * A price series is a reference (read in reading order, blanks skipped, text and logicals
 * refused, as the coercion's range()) or an array constant. "The last n values" of a reference
 * are those whose reading-order key is at least the n-th largest key of a number; SUMPRODUCT
 * makes Excel 2010 and later evaluate LARGE and SMALL over arrays without an array (CSE) formula.
 */
import { anyOf, constant, guard, ifGiven, isOmitted, NoNativeFormula, price, required, wholeShares, type Arg } from "./formulaText";
import { INITIAL_DAYS, INITIAL_ONLY_DAYS, INITIAL_PREMIUM, RESET_FACTOR, RESET_LOWEST, RESET_WINDOW } from "./conversion";
import { arrayConstantError, arrayElements, checksOf, holdsNonNumbers, numbersOrZero, rangeShape } from "./rangeFormula";

/** Stands for "not a candidate" in SMALL: far above any price, and 10^300 parses everywhere (1E+300 does not in every engine). */
const FAR = "10^300";

export type Series = { kind: "constants"; values: string[] } | { kind: "reference"; ref: string } | { kind: "error"; code: string };

/** A price series argument: array constants by value, a reference as itself, else no native formula. */
export function series(arg: Arg, name: string, last: number): Series {
  const text = required(arg, name);
  const elements = arrayElements(text);
  if (elements) {
    const code = arrayConstantError(elements);
    return code === undefined ? { kind: "constants", values: elements.flat() } : { kind: "error", code };
  }
  const shape = rangeShape(text);
  if (shape.kind === "cells" || shape.kind === "column") return { kind: "reference", ref: text };
  throw new NoNativeFormula(`${name} is not a range or an array constant: a native formula finds its last ${last} values in reading order only in one of those`);
}

/** Beyond this many cells the positions are ROW/COLUMN arithmetic rather than an array constant. */
const MAX_CONSTANT_KEYS = 400;

/**
 * Each cell's position in reading order, as an array of the reference's shape: a constant
 * {1;2;...} when the size is in the text (an engine that evaluates ROW(range) to one number,
 * as hyperformula does, still gets it right), else ROW for a column (a whole column, a table
 * column), COLUMN for a row, ROW*16384+COLUMN for a block.
 */
function key(ref: string): string {
  const shape = rangeShape(ref);
  if (shape.kind === "cells" && shape.rows * shape.columns <= MAX_CONSTANT_KEYS) {
    const rows = Array.from({ length: shape.rows }, (_, r) => Array.from({ length: shape.columns }, (_, c) => r * shape.columns + c + 1).join(","));
    return `{${rows.join(";")}}`;
  }
  if (shape.kind === "column" || (shape.kind === "cells" && shape.columns === 1)) return `ROW(${ref})`;
  if (shape.kind === "cells" && shape.rows === 1) return `COLUMN(${ref})`;
  return `(ROW(${ref})*16384+COLUMN(${ref}))`;
}

/** True for the cells among the last `n` numbers of the reference. */
export function lastCells(ref: string, n: string): string {
  return `(${key(ref)}>=SUMPRODUCT(LARGE(ISNUMBER(${ref})*${key(ref)},${n})))*ISNUMBER(${ref})`;
}

const ks = (n: number) => `{${Array.from({ length: n }, (_, i) => i + 1).join(",")}}`;

/** =CEO.INITCONV(prices, decimals): 120% of the average of the last five values. */
export function initConvFormula(prices: Arg, decimals?: Arg): string {
  const premium = constant(INITIAL_PREMIUM);
  const s = series(prices, "prices", INITIAL_DAYS);
  if (s.kind === "error") return s.code;
  if (s.kind === "constants") {
    if (s.values.length < INITIAL_DAYS) return "#VALUE!";
    const last = s.values.slice(-INITIAL_DAYS);
    const negative = last.some((v) => v.startsWith("-")) || s.values.some((v) => v.startsWith("-"));
    return negative ? "#NUM!" : price(`${premium}*AVERAGE(${last.join(",")})`, decimals);
  }
  const r = s.ref;
  const average = `SUMPRODUCT(${lastCells(r, String(INITIAL_DAYS))},${r})/${INITIAL_DAYS}`;
  // Text or a logical is refused by range() before the count is checked: #VALUE! either way.
  return guard(anyOf(checksOf(holdsNonNumbers(r), `COUNT(${r})<${INITIAL_DAYS}`)), guard(`COUNTIF(${r},"<0")>0`, price(`${premium}*${average}`, decimals)), "#VALUE!");
}

/**
 * 101% of the average of the ten lowest of the last 30 bids: its expression, its #NUM! guards,
 * the condition under which the add-in says #VALUE! (text or a logical among the bids, fewer
 * than ten), or the error the formula is whatever the cells hold (an array constant's).
 */
type Reset = { expr: string; guards: string[]; invalid?: string } | { fails: string };

function resetPrice(bids: Arg): Reset {
  const factor = constant(RESET_FACTOR);
  const s = series(bids, "bids", RESET_WINDOW);
  if (s.kind === "error") return { fails: s.code };
  if (s.kind === "constants") {
    if (s.values.length < RESET_LOWEST) return { fails: "#VALUE!" };
    const window = s.values.slice(-RESET_WINDOW);
    const negative = s.values.some((v) => v.startsWith("-"));
    return { expr: `${factor}*AVERAGE(SMALL({${window.join(",")}},${ks(RESET_LOWEST)}))`, guards: negative ? ["1"] : [] };
  }
  const r = s.ref;
  // Empty text among the bids is skipped by the add-in; r+... would make it a #VALUE! element.
  const candidates = `${numbersOrZero(r)}+(1-${lastCells(r, `MIN(${RESET_WINDOW},COUNT(${r}))`)})*${FAR}`;
  return {
    expr: `(${factor}*SUMPRODUCT(SMALL(${candidates},${ks(RESET_LOWEST)}))/${RESET_LOWEST})`,
    guards: [`COUNTIF(${r},"<0")>0`],
    // Text or a logical is refused by range() before the count is checked: #VALUE! either way.
    invalid: anyOf(checksOf(holdsNonNumbers(r), `COUNT(${r})<${RESET_LOWEST}`)),
  };
}

/** The conversion price before any decimals rounding, with its #NUM! guards and its #VALUE! condition. */
function conversionPrice(bids: Arg, initialPrice: Arg, daysSinceIssue: Arg): Reset {
  const reset = resetPrice(bids);
  if ("fails" in reset) return reset;
  const guards = [...reset.guards];
  // daysSinceIssue without initialPrice is #VALUE! in the core; up to 90 days: the initial price alone.
  const withInitial = (ip: string) => ifGiven(daysSinceIssue, (d) => `IF(${d}<=${INITIAL_ONLY_DAYS},${ip},MIN(${ip},${reset.expr}))`, `MIN(${ip},${reset.expr})`);
  const withoutInitial = ifGiven(daysSinceIssue, () => "#VALUE!", reset.expr);
  const expr = ifGiven(initialPrice, withInitial, withoutInitial);
  // Tested only when given: --"" would be #VALUE! where the add-in reads an empty initialPrice as omitted.
  if (!isOmitted(initialPrice)) guards.push(ifGiven(initialPrice, (ip) => `${ip}<0`, "0"));
  // A negative or fractional day count is refused by the core (excel.ts optInt, conversion.ts).
  if (!isOmitted(daysSinceIssue)) guards.push(ifGiven(daysSinceIssue, (d) => `OR(${d}<0,${d}<>INT(${d}))`, "0"));
  return { expr, guards, ...(reset.invalid === undefined ? {} : { invalid: reset.invalid }) };
}

/** =CEO.CONVPRICE(bids, initialPrice, daysSinceIssue, decimals). */
export function convPriceFormula(bids: Arg, initialPrice?: Arg, daysSinceIssue?: Arg, decimals?: Arg): string {
  const p = conversionPrice(bids, initialPrice, daysSinceIssue);
  if ("fails" in p) return p.fails;
  const body = p.guards.length > 0 ? guard(anyOf(p.guards), price(p.expr, decimals)) : price(p.expr, decimals);
  return p.invalid === undefined ? body : guard(p.invalid, body, "#VALUE!");
}

/** =CEO.CONVSHARES(principal, bids, initialPrice, daysSinceIssue): floor(principal / price). */
export function convSharesFormula(principal: Arg, bids: Arg, initialPrice?: Arg, daysSinceIssue?: Arg): string {
  const amount = required(principal, "principal");
  const p = conversionPrice(bids, initialPrice, daysSinceIssue);
  if ("fails" in p) return p.fails;
  // The price is computed only once its guards pass (a negative bid is #NUM!, not the #VALUE! of "0"&-5).
  const shares = guard(anyOf([`${amount}<0`, ...p.guards]), guard(`(${p.expr})=0`, wholeShares(`${amount}/(${p.expr})`)));
  return p.invalid === undefined ? shares : guard(p.invalid, shares, "#VALUE!");
}
