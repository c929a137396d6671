/*
 * FEE, NET and FEERATE as native Excel formulas (src/core/fees.ts is the term). The fee keeps
 * the core's cumulative rounding: FEE(g, p) = ROUND(C(p + g), 2) - ROUND(C(p), 2), C the
 * marginal tier sum, so a banker's copy adds up to the same cents as the analyst's.
 */
import { anyOf, callAt, columnLetters, constant, guard, isMany, isOmitted, money, NoNativeFormula, optionalZero, rangeCorners, required, sheetPrefix, tokenize, wrap, type Arg } from "./formulaText";
import { SALES_AGREEMENT_SCHEDULE, type FeeSchedule } from "./fees";
import { arrayConstantError, arrayElements, checksOf, holdsNonNumbers, rangeShape } from "./rangeFormula";

/** Tier rows as (lower bound, rate) texts: cell references or constants. */
type TierCells = { from: string; rate: string }[];

/** Beyond this many tier rows the formula grows past what a banker could read: the value is used. */
const MAX_TIER_ROWS = 20;

/** C(x) over constant tiers: sum of rate x (min(x, next bound) - bound), as the core's cumulativeCommission. */
function constantTiers(x: string, tiers: TierCells): string {
  return tiers
    .map(({ from, rate }, i) => {
      const next = tiers[i + 1];
      const top = next ? `MIN(${x},${next.from})` : x;
      return from === "0" ? `${rate}*${top}` : `${rate}*MAX(0,${top}-${from})`;
    })
    .join("+");
}

/**
 * C(x) over a range of (lower bound, rate) rows. A row's tier ends at the smallest bound below
 * it: MIN(x, A(i+1):A(n)) ignores blank cells and empty text as the core skips blank rows, and a
 * blank row adds rate 0.
 */
function rangeTiers(x: string, prefix: string, firstRow: number, lastRow: number, firstColumn: number): string {
  const a = columnLetters(firstColumn);
  const b = columnLetters(firstColumn + 1);
  const terms: string[] = [];
  for (let row = firstRow; row <= lastRow; row++) {
    const top = row < lastRow ? `MIN(${x},${prefix}$${a}$${row + 1}:$${a}$${lastRow})` : x;
    // N(): a row of empty text ("" from a formula) is skipped by the core; ""*... would be #VALUE!.
    terms.push(`N(${prefix}$${b}$${row})*MAX(0,${top}-N(${prefix}$${a}$${row}))`);
  }
  return terms.join("+");
}

const defaultTiers = (schedule: FeeSchedule): TierCells => schedule.map((t) => ({ from: constant(t.from), rate: constant(t.rate) }));

/**
 * A schedule as a native formula: C(x), and the condition under which the add-in refuses it:
 * true for the core's #NUM! (a domain check), or itself the error #VALUE! where the coercion
 * refuses the cells (text, a logical, a half-blank row), which the guard around it passes on.
 */
type Tiers = { invalid?: string } & (
  | { c: (x: string) => string }
  /** IF(condition, then, otherwise) between two schedules: the fee takes the condition once, outside both tier sums. */
  | { split: { condition: string; then: Tiers; otherwise: Tiers } }
);

/**
 * The checks of a (lower bound, rate) range: the coercion's (excel.ts rows(): text, even numeric
 * text, or a logical in a cell, a row half blank: #VALUE!), then the core's (fees.ts feeSchedule:
 * no row, a first bound other than 0, a bound not above the ones before, a rate outside 0..1:
 * #NUM!). Blank rows (blank cells or empty text) are skipped, as the core skips them.
 */
function rangeInvalid(prefix: string, firstRow: number, lastRow: number, firstColumn: number): string {
  const a = columnLetters(firstColumn);
  const b = columnLetters(firstColumn + 1);
  const bounds = `${prefix}$${a}$${firstRow}:$${a}$${lastRow}`;
  const rates = `${prefix}$${b}$${firstRow}:$${b}$${lastRow}`;
  const block = `${prefix}$${a}$${firstRow}:$${b}$${lastRow}`;
  const refused = checksOf(holdsNonNumbers(block), `SUMPRODUCT(--((${bounds}="")<>(${rates}="")))>0`);
  const conditions = [`COUNT(${bounds})=0`, `MIN(${bounds})<>0`, `SUMPRODUCT((${rates}<>"")*((${rates}<0)+(${rates}>1)))>0`];
  for (let row = firstRow + 1; row <= lastRow; row++) {
    const cell = `${prefix}$${a}$${row}`;
    const above = `${prefix}$${a}$${firstRow}:$${a}$${row - 1}`;
    conditions.push(`AND(${cell}<>"",${cell}<=MAX(${above}),COUNT(${above})>0)`);
  }
  return `IF(${anyOf(refused)},#VALUE!,${anyOf(conditions)})`;
}

/** The core's checks on an array constant's rows of numbers, made here: "1" (true) when the core refuses them. */
function constantInvalid(rows: readonly (readonly string[])[]): string | undefined {
  const bounds = rows.map((r) => Number(r[0]));
  const rates = rows.map((r) => Number(r[1]));
  const bad = bounds[0] !== 0 || bounds.some((x, i) => i > 0 && x <= bounds[i - 1]!) || rates.some((r) => r < 0 || r > 1);
  return bad ? "1" : undefined;
}

/** The lone IF(condition, a, b) an argument consists of, if any. */
function loneIf(text: string): string[] | undefined {
  const tokens = tokenize(text.trim());
  const first = tokens[0];
  if (!first || first.kind !== "func" || !/^IF$/i.test(first.text)) return undefined;
  const call = callAt(text.trim(), tokens, 0);
  return call.next === tokens.length ? call.args : undefined;
}

/**
 * C(x) for the schedule argument as written: omitted, a 2-column range or array, one rate (or
 * blank), or IF(condition, schedule, schedule) choosing between them, kept as the split of its
 * branches (the Placements table's IF([@Agreement]="Sales",Terms!$A$13:$B$15,IF(...,NA())) once
 * its names are replaced).
 */
function cumulative(schedule: Arg): Tiers {
  if (isOmitted(schedule)) return { c: (x) => constantTiers(x, defaultTiers(SALES_AGREEMENT_SCHEDULE)) };
  if (/^\s*NA\(\s*\)\s*$/i.test(schedule)) return { c: () => "NA()" };
  // Empty text is a blank schedule: the Sales Agreement's tiers (the Placements table's IF(...,0.04,"")).
  if (/^\s*""\s*$/.test(schedule)) return cumulative(undefined);
  // IF(condition, a, b) is split into its branches whatever they are, so that each branch's checks
  // are made on what it is (a literal rate needs no SUMPRODUCT over a one-cell "range").
  const branches = loneIf(schedule);
  if (branches && branches.length === 3) {
    const condition = wrap(branches[0]!);
    const [then, otherwise] = [cumulative(branches[1]), cumulative(branches[2])];
    const invalid = then.invalid === undefined && otherwise.invalid === undefined ? undefined : `IF(${condition},${then.invalid ?? "0"},${otherwise.invalid ?? "0"})`;
    return { split: { condition, then, otherwise }, ...(invalid === undefined ? {} : { invalid }) };
  }
  const shape = rangeShape(schedule);
  if (shape.kind === "column" || shape.kind === "unknown") {
    throw new NoNativeFormula("schedule is a table column or a name: its rows are not known to a native formula");
  }
  if (isMany(shape)) {
    if (shape.kind !== "cells" || shape.columns !== 2) throw new NoNativeFormula("schedule must be a range of 2 columns");
    if (shape.rows > MAX_TIER_ROWS) throw new NoNativeFormula(`schedule has more than ${MAX_TIER_ROWS} rows`);
    const rows = arrayElements(schedule);
    if (rows) {
      // Text, a logical or an error among the elements: the add-in refuses the schedule (or passes the error on).
      const code = arrayConstantError(rows);
      if (code !== undefined) return { c: () => code, invalid: code };
      const invalid = constantInvalid(rows);
      return { c: (x) => constantTiers(x, rows.map(([from, rate]) => ({ from: from!, rate: rate! }))), ...(invalid === undefined ? {} : { invalid }) };
    }
    const corners = rangeCorners(tokenize(schedule.trim())[0]!)!;
    const top = Math.min(corners.from.row, corners.to.row);
    const bottom = Math.max(corners.from.row, corners.to.row);
    const left = Math.min(corners.from.column, corners.to.column);
    const prefix = corners.sheet === undefined ? "" : sheetPrefix(corners.sheet);
    return { c: (x) => rangeTiers(x, prefix, top, bottom, left), invalid: rangeInvalid(prefix, top, bottom, left) };
  }
  // One value: a flat rate, or blank for the Sales Agreement's tiers (the Placements table's IF(...,0.04,"")).
  const rate = wrap(schedule);
  const sales = (x: string) => constantTiers(x, defaultTiers(SALES_AGREEMENT_SCHEDULE));
  // A flat rate above 1 or below 0 is #NUM! in the core; given as text (even "0.04") or a logical, #VALUE!
  // (Excel passes a range parameter the raw value, which num() refuses), where Excel's * would take it.
  if (/^\s*[0-9.]+\s*$/.test(schedule)) return { c: (x) => `${rate}*${x}`, ...(Number(schedule) > 1 ? { invalid: "1" } : {}) };
  const domain = `AND(${rate}<>"",OR(${rate}<0,${rate}>1))`;
  const refused = holdsNonNumbers(rate);
  return { c: (x) => `IF(${rate}="",${sales(x)},${rate}*${x})`, invalid: refused ? `IF(${refused},#VALUE!,${domain})` : domain };
}

/** ROUND(C(p + g), 2) - ROUND(C(p), 2) to the cent; a split schedule's condition tested once, around the two. */
function cumulativeFee(tiers: Tiers, g: string, p: string | undefined): string {
  if ("split" in tiers) return `IF(${tiers.split.condition},${cumulativeFee(tiers.split.then, g, p)},${cumulativeFee(tiers.split.otherwise, g, p)})`;
  const after = money(tiers.c(p === undefined ? g : `(${p}+${g})`));
  return p === undefined ? after : money(`${after}-${money(tiers.c(p))}`);
}

function feeExpression(gross: Arg, priorGross: Arg, schedule: Arg): { expr: string; guards: string[]; g: string } {
  const g = required(gross, "gross");
  const p = optionalZero(priorGross);
  const tiers = cumulative(schedule);
  const guards = [`${g}<0`, ...(isOmitted(priorGross) ? [] : [`${p}<0`]), ...(tiers.invalid === undefined ? [] : [tiers.invalid])];
  return { expr: cumulativeFee(tiers, g, isOmitted(priorGross) ? undefined : p), guards, g };
}

/** =CEO.FEE(gross, priorGross, schedule) as a native formula (without the leading =). */
export function feeFormula(gross: Arg, priorGross?: Arg, schedule?: Arg): string {
  const { expr, guards } = feeExpression(gross, priorGross, schedule);
  return guard(anyOf(guards), expr);
}

/** =CEO.NET(...): gross less the fee, to the cent. */
export function netFormula(gross: Arg, priorGross?: Arg, schedule?: Arg): string {
  const { expr, guards, g } = feeExpression(gross, priorGross, schedule);
  return guard(anyOf(guards), money(`${g}-${expr}`));
}

/** =CEO.FEERATE(...): the fee over gross; gross 0 is #NUM! as in the core. */
export function feeRateFormula(gross: Arg, priorGross?: Arg, schedule?: Arg): string {
  const { expr, guards, g } = feeExpression(gross, priorGross, schedule);
  return guard(anyOf([...guards, `${g}=0`]), `${expr}/${g}`);
}

/**
 * =CEO.NET(gross, ...) in a cell whose FEE of the same arguments is at `fee` (a reference): gross
 * less that fee, to the cent, as netFormula computes it (ROUND(gross - the fee's expression, 2));
 * where the fee is an error, that error (NET refuses what FEE refuses, with the same checks). The
 * tiers are then computed once per row of a banker's copy, not twice.
 */
export function netOfFeeFormula(gross: Arg, fee: string): string {
  return `IF(ISNUMBER(${fee}),${money(`(--${required(gross, "gross")})-${fee}`)},${fee})`;
}
