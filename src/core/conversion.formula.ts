/*
 * INITCONV, CONVPRICE and CONVSHARES as native formulas (src/core/conversion.ts is the term).
 * A price series is a reference (read in reading order, blanks skipped, as the coercion's
 * range()) or an array constant. "The last n values" of a reference are those whose reading-
 * order key ROW*16384+COLUMN is at least the n-th largest key of a number; SUMPRODUCT makes
 * Excel 2016 evaluate LARGE and SMALL over arrays without an array (CSE) formula.
 */
import { anyOf, arrayConstant, constant, guard, ifGiven, isOmitted, NoNativeFormula, price, required, shapeOf, wholeShares, type Arg } from "./formulaText";
import { INITIAL_DAYS, INITIAL_ONLY_DAYS, INITIAL_PREMIUM, RESET_FACTOR, RESET_LOWEST, RESET_WINDOW } from "./conversion";

/** Stands for "not a candidate" in SMALL: far above any price, and 10^300 parses everywhere (1E+300 does not in every engine). */
const FAR = "10^300";

type Series = { kind: "constants"; values: string[] } | { kind: "reference"; ref: string };

function series(arg: Arg, name: string): Series {
  const text = required(arg, name);
  const constants = arrayConstant(text);
  if (constants) return { kind: "constants", values: constants.flat() };
  const shape = shapeOf(text);
  if (shape.kind === "cells" || shape.kind === "column") return { kind: "reference", ref: text };
  throw new NoNativeFormula(`${name} is not a range or an array of numbers`);
}

/** Beyond this many cells the positions are ROW/COLUMN arithmetic rather than an array constant. */
const MAX_CONSTANT_KEYS = 400;

/**
 * Each cell's position in reading order, as an array of the reference's shape: a constant
 * {1;2;...} when the size is in the text (an engine that evaluates ROW(range) to one number,
 * as hyperformula does, still gets it right), else ROW*16384+COLUMN.
 */
function key(ref: string): string {
  const shape = shapeOf(ref);
  if (shape.kind === "cells" && shape.rows * shape.columns <= MAX_CONSTANT_KEYS) {
    const rows = Array.from({ length: shape.rows }, (_, r) => Array.from({ length: shape.columns }, (_, c) => r * shape.columns + c + 1).join(","));
    return `{${rows.join(";")}}`;
  }
  return `(ROW(${ref})*16384+COLUMN(${ref}))`;
}

/** True for the cells among the last `n` numbers of the reference. */
function lastCells(ref: string, n: string): string {
  return `(${key(ref)}>=SUMPRODUCT(LARGE(ISNUMBER(${ref})*${key(ref)},${n})))*ISNUMBER(${ref})`;
}

const ks = (n: number) => `{${Array.from({ length: n }, (_, i) => i + 1).join(",")}}`;

/** =CEO.INITCONV(prices, decimals): 120% of the average of the last five values. */
export function initConvFormula(prices: Arg, decimals?: Arg): string {
  const premium = constant(INITIAL_PREMIUM);
  const s = series(prices, "prices");
  if (s.kind === "constants") {
    if (s.values.length < INITIAL_DAYS) return "#VALUE!";
    const last = s.values.slice(-INITIAL_DAYS);
    const negative = last.some((v) => v.startsWith("-")) || s.values.some((v) => v.startsWith("-"));
    return negative ? "#NUM!" : price(`${premium}*AVERAGE(${last.join(",")})`, decimals);
  }
  const r = s.ref;
  const average = `SUMPRODUCT(${lastCells(r, String(INITIAL_DAYS))},${r})/${INITIAL_DAYS}`;
  return guard(`COUNT(${r})<${INITIAL_DAYS}`, guard(`COUNTIF(${r},"<0")>0`, price(`${premium}*${average}`, decimals)), "#VALUE!");
}

/** 101% of the average of the ten lowest of the last 30 bids, with its guards. */
function resetPrice(bids: Arg): { expr: string; guards: string[]; tooFew: string } {
  const factor = constant(RESET_FACTOR);
  const s = series(bids, "bids");
  if (s.kind === "constants") {
    if (s.values.length < RESET_LOWEST) return { expr: "#VALUE!", guards: [], tooFew: "TRUE" };
    const window = s.values.slice(-RESET_WINDOW);
    const negative = s.values.some((v) => v.startsWith("-"));
    return { expr: `${factor}*AVERAGE(SMALL({${window.join(",")}},${ks(RESET_LOWEST)}))`, guards: negative ? ["1"] : [], tooFew: "FALSE" };
  }
  const r = s.ref;
  const candidates = `${r}+(1-${lastCells(r, `MIN(${RESET_WINDOW},COUNT(${r}))`)})*${FAR}`;
  return {
    expr: `(${factor}*SUMPRODUCT(SMALL(${candidates},${ks(RESET_LOWEST)}))/${RESET_LOWEST})`,
    guards: [`COUNTIF(${r},"<0")>0`],
    tooFew: `COUNT(${r})<${RESET_LOWEST}`,
  };
}

/** The conversion price before any decimals rounding, with its #NUM! guards and its #VALUE! condition. */
function conversionPrice(bids: Arg, initialPrice: Arg, daysSinceIssue: Arg): { expr: string; guards: string[]; invalid: string } {
  const reset = resetPrice(bids);
  const guards = [...reset.guards];
  // daysSinceIssue without initialPrice is #VALUE! in the core; up to 90 days: the initial price alone.
  const withInitial = (ip: string) => {
    guards.push(`${ip}<0`);
    return ifGiven(daysSinceIssue, (d) => `IF(${d}<=${INITIAL_ONLY_DAYS},${ip},MIN(${ip},${reset.expr}))`, `MIN(${ip},${reset.expr})`);
  };
  const withoutInitial = ifGiven(daysSinceIssue, () => "#VALUE!", reset.expr);
  const expr = ifGiven(initialPrice, withInitial, withoutInitial);
  // A negative or fractional day count is refused by the core (excel.ts optInt, conversion.ts).
  if (!isOmitted(daysSinceIssue)) {
    const d = required(daysSinceIssue, "daysSinceIssue");
    guards.push(`AND(${d}<>"",OR(${d}<0,${d}<>INT(${d})))`);
  }
  return { expr, guards, invalid: reset.tooFew };
}

/** =CEO.CONVPRICE(bids, initialPrice, daysSinceIssue, decimals). */
export function convPriceFormula(bids: Arg, initialPrice?: Arg, daysSinceIssue?: Arg, decimals?: Arg): string {
  const p = conversionPrice(bids, initialPrice, daysSinceIssue);
  const body = p.guards.length > 0 ? guard(anyOf(p.guards), price(p.expr, decimals)) : price(p.expr, decimals);
  return p.invalid === "FALSE" ? body : p.invalid === "TRUE" ? "#VALUE!" : guard(p.invalid, body, "#VALUE!");
}

/** =CEO.CONVSHARES(principal, bids, initialPrice, daysSinceIssue): floor(principal / price). */
export function convSharesFormula(principal: Arg, bids: Arg, initialPrice?: Arg, daysSinceIssue?: Arg): string {
  const amount = required(principal, "principal");
  const p = conversionPrice(bids, initialPrice, daysSinceIssue);
  const shares = guard(anyOf([`${amount}<0`, ...p.guards, `(${p.expr})=0`]), wholeShares(`${amount}/(${p.expr})`));
  return p.invalid === "FALSE" ? shares : p.invalid === "TRUE" ? "#VALUE!" : guard(p.invalid, shares, "#VALUE!");
}
