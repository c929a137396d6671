/*
 * The inputs analysts really leave, per CEO function: seeded random cases (a small PRNG, so that
 * a seed reproduces a run exactly) and the regressions of issue 16. Parameter kinds come from
 * functions.json (test/support/differential.ts); the figures' domains from the functions' JSDoc.
 */
import { edate } from "../../src/core/calendar";
import { functionsJson, isRowFunction, paramKind, shown, type Arg, type Call, type Case, type InputCell, type Wrap } from "../support/differential";

// ---------------------------------------------------------------------------------------------
// A seeded PRNG (mulberry32): the same seed, the same cases

export class Rng {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }
  weighted<T>(options: readonly (readonly [number, T])[]): T {
    const total = options.reduce((s, [w]) => s + w, 0);
    let x = this.next() * total;
    for (const [w, v] of options) if ((x -= w) < 0) return v;
    return options[options.length - 1]![1];
  }
}

// ---------------------------------------------------------------------------------------------
// Domains: typical figures and edges (valid and not) of each kind of argument

interface Domain {
  typical: (r: Rng) => number;
  edges: readonly number[];
}

/** Cents from 0 to about 10^digits, spread over magnitudes. */
const cents = (r: Rng, digits: number) => Math.round(10 ** (r.next() * digits) * 100 * r.next()) / 100;
const price4 = (r: Rng, max = 40) => Math.round(r.next() * max * 10_000) / 10_000;
const day = (from: number, to: number) => (r: Rng) => r.int(from, to);

const DOMAINS = {
  gross: { typical: (r) => r.weighted([[6, cents(r, 7.5)], [2, Math.round(r.int(9_990_000, 10_010_000) * 100 + r.int(0, 99)) / 100], [1, Math.round(r.int(19_990_000, 20_010_000) * 100 + r.int(0, 99)) / 100]]), edges: [0, 0.01, 0.005, 0.125, 9_999_999.99, 10_000_000, 10_000_000.01, 19_999_999.99, 20_000_000, 20_000_000.01, 11_104_666.24, 25_000_000, -0.01, -1000] },
  money: { typical: (r) => cents(r, 7), edges: [0, 0.005, 0.01, 60_000, 25_000_000, 8_400_000, -0.01, -5] },
  small: { typical: (r) => cents(r, 5), edges: [0, 0.01, 45_000, 60_000, 60_000.01, -1] },
  shares: { typical: (r) => r.weighted([[3, r.int(0, 5_000_000)], [1, r.int(0, 100_000_000)], [1, r.int(0, 2000)]]), edges: [0, 1, -1, 0.5, 1_000_000_000, 21_862_772] },
  outstanding: { typical: (r) => r.int(1, 200_000_000), edges: [0, 1, -1, 100.5, 21_862_772] },
  price: { typical: (r) => r.weighted([[4, price4(r)], [1, price4(r, 6)], [1, Math.round(r.int(49_000, 51_000)) / 10_000]]), edges: [0, 0.0001, 5, 4.9999, 5.0001, 33.75, 40, -0.01, 1e-7] },
  rate: { typical: (r) => r.int(0, 1000) / 10_000, edges: [0, 0.04, 1, 1.0001, 4, -0.01] },
  coverage: { typical: (r) => r.int(0, 1000) / 10_000, edges: [0, 0.1, 0.1001, 0.2, -0.01] },
  premium: { typical: (r) => r.int(10_000, 20_000) / 10_000, edges: [1, 1.3, 0.99, 0.3, 2.5, -1] },
  decimals: { typical: (r) => r.int(0, 10), edges: [0, 10, 11, 12, -1, 0.5, 2.5] },
  date: { typical: day(36_526, 47_484), edges: [37_145, 37_146, 42_982, 42_983, 45_440, 45_439, 36_892, 31_048, 73_415, 0, -1, 2_000_000, 37_200.5] },
  cycle: { typical: (r) => r.int(0, 5), edges: [0, 10, 11, -1, 2.5] },
  steps: { typical: (r) => r.int(-40, 40), edges: [0, 1, -1, 0.5, 1000] },
  days: { typical: (r) => r.int(0, 200), edges: [90, 91, 0, -1, 0.5] },
  count: { typical: (r) => r.int(1, 5), edges: [1, 0, -1, 1.5] },
  index: { typical: (r) => r.int(1, 5), edges: [1, 0, 6, 1.5] },
  years: { typical: (r) => r.int(0, 1000) / 100, edges: [0, 5, 100, 101, -1] },
  volatility: { typical: (r) => r.int(0, 2000) / 1000, edges: [0, 0.8, 5, 5.1, -0.1] },
  riskFree: { typical: (r) => r.int(-500, 1000) / 10_000, edges: [0, -1, 1, 1.1, -0.05] },
  dividend: { typical: (r) => r.int(0, 1000) / 10_000, edges: [0, 1, 1.1, -0.1] },
  generic: { typical: (r) => cents(r, 6), edges: [0, -1, 0.5, 1e9] },
  /** Non-affiliate shares: public floats on both sides of $75,000,000 at the usual prices. */
  floatShares: { typical: (r) => r.weighted([[3, r.int(0, 30_000_000)], [1, r.int(0, 2_000_000)], [1, r.int(7_000_000, 8_000_000)]]), edges: [0, 1, 7_500_000, 7_499_999, 7_500_001, 250_000_000, -1, 0.5] },
  /** Gross sold in 12 months: up to about one-third of $75,000,000. */
  sold: { typical: (r) => r.weighted([[4, cents(r, 7.4)], [1, Math.round(r.int(0, 2_500_000_000)) / 100]]), edges: [0, 0.01, 24_999_999.99, 25_000_000, 2_900_000, -0.01] },
} satisfies Record<string, Domain>;

type DomainName = keyof typeof DOMAINS;

/** Range arguments: per-sale or per-day series, fee schedules, other compensation. */
type RangeKind = { series: "price" | "shares" | "money"; min: number; max: number; header: string } | { schedule: true };
type ParamSpec = DomainName | RangeKind;

const bids = (min: number): RangeKind => ({ series: "price", min, max: 40, header: "Bid" });

/** Per function, per parameter (the order of functions.json). VWAP and WARRANTS have parallel ranges (below). */
const SPECS: Record<string, readonly ParamSpec[]> = {
  FEE: ["gross", "gross", { schedule: true }],
  NET: ["gross", "gross", { schedule: true }],
  FEERATE: ["gross", "gross", { schedule: true }],
  INITCONV: [bids(5), "decimals"],
  CONVPRICE: [bids(10), "price", "days", "decimals"],
  CONVSHARES: ["money", bids(10), "price", "days"],
  CLASSBPRICE: ["price", "price", "price", "decimals"],
  CASHLESS: ["shares", "price", "price"],
  DILUTION: ["shares", "outstanding"],
  OWNERSHIP: ["shares", "shares", "outstanding"],
  NASDAQ20: ["outstanding", "shares"],
  COMPPCT: ["money", "small", "small", { series: "money", min: 1, max: 6, header: "Other" }],
  CAPACITY: ["money", "money"],
  REIMBURSE: ["small", "small", "small"],
  RETAINER: ["small", "small", "count", "index"],
  BSWARRANT: ["price", "price", "years", "volatility", "riskFree", "dividend", "decimals"],
  SETTLE: ["date", "cycle"],
  TRADEDAY: ["date", "steps"],
  TRADEDAYS: ["date", "date"],
  LOCKUP: ["date", "date"],
  MINPRICE: [{ series: "price", min: 5, max: 40, header: "Close" }, "decimals"],
  BABYSHELF: ["floatShares", "price", "sold"],
};

/** The CEO calls whose result fits a kind of number (exact results only: a nested unrounded price would leave the exact comparison). */
const INNER: Partial<Record<DomainName, readonly (readonly [string, number?])[]>> = {
  gross: [["FEE"], ["NET"], ["CAPACITY"]],
  money: [["FEE"], ["NET"], ["CAPACITY"], ["REIMBURSE"]],
  small: [["REIMBURSE"], ["RETAINER"], ["FEE"]],
  shares: [["NASDAQ20"], ["CASHLESS"], ["CONVSHARES"], ["WARRANTS", 1]],
  outstanding: [["NASDAQ20"]],
  price: [["CLASSBPRICE"], ["WARRANTS", 2], ["INITCONV"]],
  date: [["SETTLE"], ["TRADEDAY"], ["LOCKUP", 1], ["LOCKUP", 2]],
};
/** Decimals that make a nested price exact. */
const ROUNDS_AT: Record<string, number> = { CLASSBPRICE: 3, WARRANTS: 4, INITCONV: 1 };

const TEXTS = ["abc", "n/a", "TBD", "Other", "pending", "x1"];
const ERRORS = ["#N/A", "#DIV/0!", "#NUM!", "#VALUE!"] as const;

/** Plain numerals only (docs/SHARING-MODEL.md): Excel, LibreOffice and hyperformula read them alike. */
function numeral(r: Rng, v: number): string {
  const plain = String(v);
  if (/e/i.test(plain)) return plain;
  return r.weighted([
    [4, plain],
    [2, ` ${plain} `],
    [1, `${plain} `],
    [1, v.toExponential()],
  ]);
}

interface Ctx {
  depth: number;
  /** Whole columns drawn in this case (the pool of a batch is finite). */
  wholeColumns: number;
  /** Whole columns may be drawn (they cost LibreOffice seconds per formula: a budget per function). */
  allowWhole: boolean;
}

const cell = (value: InputCell): Arg => ({ kind: "cell", value });
const omit: Arg = { kind: "omit" };

function oddCell(r: Rng): InputCell {
  return r.weighted<InputCell>([
    [3, null],
    [2, ""],
    [2, r.pick(TEXTS)],
    [1, r.chance(0.5)],
    [1, { error: r.pick(ERRORS) }],
  ]);
}

function numberArg(r: Rng, domain: DomainName, optional: boolean, ctx: Ctx): Arg {
  const d: Domain = DOMAINS[domain];
  const inner = ctx.depth === 0 ? INNER[domain] : undefined;
  return r.weighted<() => Arg>([
    [38, () => cell(d.typical(r))],
    [10, () => ({ kind: "literal", value: d.typical(r) })],
    [9, () => cell(r.pick(d.edges))],
    [3, () => ({ kind: "literal", value: r.pick(d.edges) })],
    [6, () => cell(null)],
    [3, () => cell("")],
    [6, () => cell(numeral(r, r.chance(0.7) ? d.typical(r) : r.pick(d.edges)))],
    [2, () => ({ kind: "literal", value: numeral(r, d.typical(r)).trim() })],
    [3, () => cell(r.pick(TEXTS))],
    [1, () => ({ kind: "literal", value: r.pick(TEXTS) })],
    [2, () => cell(r.chance(0.5))],
    [1, () => ({ kind: "literal", value: r.chance(0.5) })],
    [3, () => cell({ error: r.pick(ERRORS) })],
    [optional ? 10 : 1, () => omit],
    [1.5, () => ({ kind: "range", cells: r.chance(0.5) ? [[d.typical(r)], [d.typical(r)]] : [[d.typical(r), d.typical(r), d.typical(r)]] })],
    [1, () => ({ kind: "ifOther", cond: r.pick(["Other", "Sales", null]), rate: d.typical(r) })],
    [inner ? 3 : 0, () => nested(r, inner!, ctx)],
  ])();
}

function nested(r: Rng, candidates: readonly (readonly [string, number?])[], ctx: Ctx): Arg {
  const [id, index] = r.pick(candidates);
  const call = randomCall(r, id, { depth: ctx.depth + 1, wholeColumns: 0, allowWhole: false });
  const roundAt = ROUNDS_AT[id];
  if (roundAt !== undefined && (index === undefined || index === 2)) {
    while (call.args.length <= roundAt) call.args.push(omit);
    call.args[roundAt] = { kind: "literal", value: r.int(2, 4) };
  }
  return index === undefined ? { kind: "call", call } : { kind: "call", call, index };
}

function seriesValue(r: Rng, kind: "price" | "shares" | "money"): number {
  if (kind === "price") return Math.round((0.5 + r.next() * 20) * 10_000) / 10_000;
  if (kind === "shares") return r.int(0, 200_000);
  return cents(r, 6);
}

/** A series with what analysts leave in it: blanks, "", text, numeric text, TRUE, errors, a zero, a negative. */
function seriesCells(r: Rng, kind: "price" | "shares" | "money", n: number, dirty: boolean): InputCell[] {
  const cells: InputCell[] = Array.from({ length: n }, () => seriesValue(r, kind));
  if (r.chance(0.15)) for (let k = r.int(1, 3); k > 0; k--) cells.splice(r.int(0, cells.length), 0, null);
  if (dirty) {
    const at = r.int(0, Math.max(0, cells.length - 1));
    cells[at] = r.weighted<InputCell>([
      [3, ""],
      [3, r.pick(TEXTS)],
      [3, numeral(r, seriesValue(r, kind))],
      [2, r.chance(0.5)],
      [2, { error: r.pick(ERRORS) }],
      [2, 0],
      [2, -seriesValue(r, kind) || -1],
    ]);
  }
  return cells;
}

function rangeArg(r: Rng, spec: Exclude<RangeKind, { schedule: true }>, ctx: Ctx): Arg {
  const n = r.weighted([
    [8, r.int(spec.min, spec.max)],
    [1, r.int(Math.max(1, spec.min - 3), Math.max(1, spec.min - 1))],
  ]);
  const dirty = r.chance(0.18);
  return r.weighted<() => Arg>([
    [50, () => ({ kind: "range", cells: seriesCells(r, spec.series, n, dirty).map((v) => [v]) })],
    [20, () => ({ kind: "range", cells: [seriesCells(r, spec.series, n, dirty)] })],
    [6, () => ({ kind: "array", cells: r.chance(0.5) ? Array.from({ length: n }, () => [seriesValue(r, spec.series)]) : [Array.from({ length: n }, () => seriesValue(r, spec.series))] })],
    [4, () => cell(r.chance(0.7) ? seriesValue(r, spec.series) : oddCell(r))],
    [2, () => ({ kind: "literal", value: seriesValue(r, spec.series) })],
    [2, () => ({ kind: "range", cells: [[seriesValue(r, spec.series), seriesValue(r, spec.series)], [seriesValue(r, spec.series), null]] })],
    [
      ctx.allowWhole ? 40 : 0,
      () => {
        ctx.wholeColumns++;
        const header: InputCell = r.weighted<InputCell>([
          [3, spec.header],
          [1, null],
        ]);
        return { kind: "columns", cells: [header, ...seriesCells(r, spec.series, n, dirty)].map((v) => [v]) };
      },
    ],
    [3, () => omit],
  ])();
}

/** The schedule argument: omitted, a flat rate (cell, literal, text), a 2-column range (valid, unsorted, rate > 1, blank rows), IF(cond,rate,""). */
function scheduleArg(r: Rng, ctx: Ctx): Arg {
  const rate = () => r.int(0, 1000) / 10_000;
  const table = (): InputCell[][] => {
    const rows = r.int(1, 4);
    let bound = 0;
    return Array.from({ length: rows }, (_, i) => {
      if (i > 0) bound += r.pick([1_000_000, 2_500_000, 5_000_000, 10_000_000]);
      return [bound, rate()];
    });
  };
  return r.weighted<() => Arg>([
    [18, () => omit],
    [4, () => cell(null)],
    [2, () => cell("")],
    [10, () => cell(r.chance(0.85) ? rate() : r.pick([1, 1.5, 4, -0.01]))],
    [5, () => ({ kind: "literal", value: rate() })],
    [3, () => cell(numeral(r, rate()))],
    [1, () => ({ kind: "literal", value: String(rate()) })],
    [2, () => cell(r.pick(TEXTS))],
    [1, () => cell({ error: r.pick(ERRORS) })],
    [12, () => ({ kind: "ifOther", cond: r.weighted<InputCell>([[5, "Other"], [4, "Sales"], [1, null]]), rate: r.chance(0.9) ? rate() : 4 })],
    [16, () => ({ kind: "range", cells: table() })],
    [3, () => ({ kind: "range", cells: [...table(), [r.int(1, 9) * 1_000_000, rate()]].reverse() })], // unsorted
    [3, () => ({ kind: "range", cells: table().map((row, i) => (i === 0 ? [row[0]!, r.pick([1.5, 4, 2])] : row)) })], // rate > 1
    [4, () => ({ kind: "range", cells: [[null, null], ...table(), [null, null]] })], // blank rows
    [2, () => ({ kind: "range", cells: [...table(), [5_000_000, null]] })], // half-blank row
    [2, () => ({ kind: "range", cells: table().map((row, i) => (i === 0 ? [row[0]!, numeral(r, row[1] as number)] : row)) })], // a rate as text inside
    [1, () => ({ kind: "range", cells: table().map((row) => [row[1]!]) })], // one column
    [1, () => ({ kind: "range", cells: table().map((row) => [...row, 0]) })], // three columns
    [2, () => ({ kind: "array", cells: table() as number[][] })],
    [
      ctx.allowWhole ? 40 : 0,
      () => {
        ctx.wholeColumns += 2;
        return { kind: "columns", cells: [r.chance(0.7) ? ["From", "Rate"] : [null, null], ...table()] };
      },
    ],
  ])();
}

/** Per-sale shares and prices: the same or different orientations, a blank beside a number, unequal sizes, whole columns. */
function parallelArgs(r: Rng, ctx: Ctx): [Arg, Arg] {
  const n = r.int(1, 12);
  const shares: InputCell[] = Array.from({ length: n }, () => r.int(0, 200_000));
  const prices: InputCell[] = Array.from({ length: n }, () => seriesValue(r, "price"));
  return pairedForms(r, ctx, shares, prices, ["Shares", "Price"], () => seriesValue(r, "price"), true);
}

/**
 * Two parallel series in the forms analysts give them: a pair of blanks, a blank beside a number,
 * unequal sizes, an odd cell (and with `zeroLeft`, a left series of zeros); both down columns, both across rows, a column and a row, array
 * constants, whole columns under a header.
 */
function pairedForms(r: Rng, ctx: Ctx, left: InputCell[], right: InputCell[], headers: [string, string], another: () => number, zeroLeft = false): [Arg, Arg] {
  const n = left.length;
  const perturb = r.weighted([
    [55, "none"],
    [10, "blank pair"],
    [8, "blank beside"],
    [5, "unequal"],
    [6, "odd"],
    [zeroLeft ? 3 : 0, "zero left"],
  ] as const);
  if (perturb === "blank pair") {
    const at = r.int(0, n);
    left.splice(at, 0, null);
    right.splice(at, 0, r.chance(0.8) ? null : "");
  } else if (perturb === "blank beside") {
    const at = r.int(0, n - 1);
    if (r.chance(0.5)) left[at] = r.chance(0.7) ? null : "";
    else right[at] = r.chance(0.7) ? null : "";
  } else if (perturb === "unequal") {
    right.push(another());
  } else if (perturb === "odd") {
    (r.chance(0.5) ? left : right)[r.int(0, n - 1)] = r.weighted<InputCell>([
      [2, r.pick(TEXTS)],
      [3, numeral(r, r.int(1, 1000))],
      [1, r.chance(0.5)],
      [2, { error: r.pick(ERRORS) }],
      [2, -r.int(1, 1000)],
    ]);
  } else if (perturb === "zero left") {
    left.fill(0); // zero volume
  }
  const form = r.weighted([
    [40, "columns"],
    [10, "rows"],
    [25, "column and row"],
    [7, "arrays"],
    [ctx.allowWhole ? 100 : 0, "whole columns"],
  ] as const);
  const column = (cells: InputCell[]): Arg => ({ kind: "range", cells: cells.map((v) => [v]) });
  const row = (cells: InputCell[]): Arg => ({ kind: "range", cells: [cells] });
  if (form === "columns") return [column(left), column(right)];
  if (form === "rows") return [row(left), row(right)];
  if (form === "column and row") return r.chance(0.5) ? [column(left), row(right)] : [row(left), column(right)];
  if (form === "arrays" && [...left, ...right].every((v) => typeof v === "number")) return [{ kind: "array", cells: (left as number[]).map((v) => [v]) }, { kind: "array", cells: [right as number[]] }];
  ctx.wholeColumns += 2;
  const header = r.chance(0.75);
  return [
    { kind: "columns", cells: [header ? headers[0] : null, ...left].map((v) => [v]) },
    { kind: "columns", cells: [header ? headers[1] : null, ...right].map((v) => [v]) },
  ];
}

/** Sale dates the look-backs turn on: 2024-02-29, 2025-02-28, 2025-03-01, 2023-02-28, 2026-02-28. */
const LEAP_DATES = [45_351, 45_716, 45_717, 44_985, 46_081];

/**
 * FLOATPRICE(prices, dates, saleDate) and SOLD12M(dates, grosses, saleDate): dated amounts around
 * the window of a sale date (its ends, the sale day, a time of day, none in the window) and the
 * sale date itself, mostly the one the dates were drawn around.
 */
function datedArgs(r: Rng, id: "FLOATPRICE" | "SOLD12M", ctx: Ctx): Arg[] {
  const sale = r.weighted([
    [3, r.int(36_900, 47_000)],
    [1, r.pick(LEAP_DATES)],
  ]);
  const first = id === "FLOATPRICE" ? sale - 60 : edate(sale, -12) + 1;
  const [from, to] = id === "FLOATPRICE" ? [-75, 2] : [-420, 3];
  const none = r.chance(0.08);
  const n = r.int(1, 12);
  const dates: InputCell[] = Array.from({ length: n }, () =>
    none
      ? first - r.int(1, 90)
      : r.weighted([
          [6, sale + r.int(from, to)],
          [3, r.pick([first - 1, first, sale - 1, sale, sale + 1])],
          [1, sale + r.int(from, to) + 0.5],
        ]),
  );
  const amounts: InputCell[] = Array.from({ length: n }, () => (id === "FLOATPRICE" ? seriesValue(r, "price") : cents(r, 6.5)));
  if (id === "FLOATPRICE" && r.chance(0.05)) amounts[r.int(0, n - 1)] = 0;
  const another = () => (id === "FLOATPRICE" ? seriesValue(r, "price") : cents(r, 6.5));
  const pair = id === "FLOATPRICE" ? pairedForms(r, ctx, amounts, dates, ["Close", "Date"], another) : pairedForms(r, ctx, dates, amounts, ["Date", "Gross"], another);
  const saleArg = r.weighted<() => Arg>([
    [8, () => cell(sale)],
    [2, () => ({ kind: "literal", value: sale })],
    [3, () => numberArg(r, "date", false, ctx)],
  ])();
  return [...pair, saleArg];
}

function paramArg(r: Rng, id: string, index: number, spec: ParamSpec | undefined, optional: boolean, ctx: Ctx): Arg {
  if (spec === undefined) spec = paramKind(id, index) === "any" ? { series: "money", min: 1, max: 12, header: "Value" } : "generic";
  if (typeof spec === "string") return numberArg(r, spec, optional, ctx);
  if ("schedule" in spec) return scheduleArg(r, ctx);
  return rangeArg(r, spec, ctx);
}

/** One random call of CEO.id: its arguments, trailing omitted ones dropped as an analyst writes them. */
export function randomCall(r: Rng, id: string, ctx: Ctx): Call {
  const meta = functionsJson().get(id)!;
  const args: Arg[] = [];
  const specs = SPECS[id];
  if (id === "VWAP" || id === "WARRANTS") {
    const form = id === "VWAP" ? "parallel" : r.weighted([
      [45, "parallel"],
      [20, "totals"],
      [15, "shares range, one vwap"],
      [20, "any"],
    ] as const);
    if (form === "parallel") args.push(...parallelArgs(r, ctx));
    else if (form === "totals") args.push(numberArg(r, "shares", false, ctx), numberArg(r, "price", false, ctx));
    else if (form === "shares range, one vwap") args.push(rangeArg(r, { series: "shares", min: 1, max: 12, header: "Shares" }, ctx), numberArg(r, "price", false, ctx));
    else args.push(r.chance(0.5) ? rangeArg(r, { series: "shares", min: 1, max: 8, header: "Shares" }, ctx) : numberArg(r, "shares", false, ctx), r.chance(0.5) ? rangeArg(r, { series: "price", min: 1, max: 8, header: "Price" }, ctx) : numberArg(r, "price", false, ctx));
    const rest: DomainName[] = id === "VWAP" ? ["decimals"] : ["coverage", "premium", "decimals"];
    rest.forEach((d) => args.push(r.chance(0.55) ? omit : numberArg(r, d, true, ctx)));
  } else if (id === "FLOATPRICE" || id === "SOLD12M") {
    args.push(...datedArgs(r, id, ctx));
  } else {
    meta.parameters.forEach((p, i) => {
      // Optional arguments are mostly left out, as analysts do.
      if (p.optional && r.chance(0.35)) args.push(omit);
      else args.push(paramArg(r, id, i, specs?.[i], p.optional ?? false, ctx));
    });
  }
  // The lifted forms of a function that spills a row are not modelled (Excel gives an array of rows).
  if (isRowFunction(id)) args.forEach((a, i) => paramKind(id, i) === "number" && a.kind === "range" && (args[i] = cell(a.cells[0]![0]!)));
  // Dates: a lock-up's final settlement on or after its terms, mostly.
  if (id === "LOCKUP" && args[0]?.kind === "cell" && typeof args[0].value === "number" && args[1]?.kind === "cell" && typeof args[1].value === "number" && r.chance(0.7)) args[1] = cell(args[0].value + r.int(0, 90));
  if (id === "TRADEDAYS" && args[0]?.kind === "cell" && typeof args[0].value === "number" && args[1]?.kind === "cell" && typeof args[1].value === "number" && r.chance(0.6)) args[1] = cell(args[0].value + r.int(-30, 400));
  return { id, args, ...(r.chance(0.03) && args.length < meta.parameters.length ? { trailingComma: true } : {}) };
}

function randomWrap(r: Rng, id: string): Wrap {
  if (isRowFunction(id)) {
    return r.weighted<Wrap>([
      [45, { iferror: false }],
      [20, { iferror: false, index: 1 }],
      [20, { iferror: false, index: 2 }],
      [15, { iferror: true, index: r.int(1, 2) }],
    ]);
  }
  return r.chance(0.14) ? { iferror: true } : { iferror: false };
}

export interface RandomCase extends Case {
  wholeColumns: number;
}

/**
 * `whole`: how many of a function's cases may read whole columns (B:B). A whole-column native
 * formula costs seconds (its array checks run over 1,048,576 rows in both engines), so they are
 * drawn sparingly: when a case may, it mostly does (the weights above), then the budget shrinks.
 */
export function randomCases(seed: number, perFunction: number, ids: readonly string[], whole: number): RandomCase[] {
  const out: RandomCase[] = [];
  for (const id of ids) {
    // One stream per function, so that adding a function leaves the others' cases alone.
    const r = new Rng(seed ^ hash(id));
    let wholeLeft = Math.min(whole, perFunction);
    for (let k = 0; k < perFunction; k++) {
      const ctx: Ctx = { depth: 0, wholeColumns: 0, allowWhole: wholeLeft > 0 && r.chance(Math.min(1, (wholeLeft * 4) / Math.max(1, perFunction - k))) };
      const call = randomCall(r, id, ctx);
      if (ctx.wholeColumns > 0) wholeLeft--;
      out.push({ fn: id, label: `random #${k + 1}`, call, wrap: randomWrap(r, id), wholeColumns: ctx.wholeColumns });
    }
  }
  return out;
}

function hash(text: string): number {
  let h = 2166136261;
  for (const ch of text) h = Math.imul(h ^ ch.charCodeAt(0), 16777619);
  return h >>> 0;
}

// ---------------------------------------------------------------------------------------------
// The regressions of issue 16

const range = (cells: InputCell[][]): Arg => ({ kind: "range", cells });
const columnOf = (cells: InputCell[]): Arg => range(cells.map((v) => [v]));
const rowOf = (cells: InputCell[]): Arg => range([cells]);
const lit = (value: number | string | boolean): Arg => ({ kind: "literal", value });
const call = (id: string, ...args: Arg[]): Call => ({ id, args });
const plain: Wrap = { iferror: false };
const IFERROR: Wrap = { iferror: true };

const SCHEDULE: InputCell[][] = [
  [0, 0.05],
  [1_000_000, 0.02],
  [5_000_000, 0.01],
];

export interface Regression extends Case {
  /** What the test asserts beside the rule, e.g. "the add-in shows 438663.32". */
  expect?: { addin?: number | string };
}

export function regressions(): Regression[] {
  const out: Regression[] = [];
  const add = (fn: string, label: string, c: Call, wrap: Wrap, extra: Partial<Regression> = {}) => out.push({ fn, label, call: c, wrap, ...extra });
  // A blank priorGross cell: MIN(G231,10000000) skips an empty cell.
  add("FEE", "=CEO.FEE($F$231,G231), F231 = 11,104,666.24, G231 empty: 438,663.32", call("FEE", cell(11_104_666.24), cell(null)), plain, { strict: true, expect: { addin: 438_663.32 } });
  for (const fn of ["NET", "FEERATE"]) add(fn, `=CEO.${fn}($F$231,G231), G231 empty`, call(fn, cell(11_104_666.24), cell(null)), plain, { strict: true });
  for (const fn of ["FEE", "NET", "FEERATE"]) {
    add(fn, `${fn} with a blank priorGross and a 2-column schedule range`, call(fn, cell(11_104_666.24), cell(null), range(SCHEDULE)), plain, { strict: true });
    add(fn, `${fn} with a blank priorGross and a schedule array constant`, call(fn, cell(11_104_666.24), cell(null), { kind: "array", cells: SCHEDULE as number[][] }), plain, { strict: true });
    add(fn, `${fn} with a blank priorGross and a flat rate cell`, call(fn, cell(11_104_666.24), cell(null), cell(0.04)), plain, { strict: true });
    add(fn, `${fn} with a blank priorGross and IF(cond,rate,"")`, call(fn, cell(11_104_666.24), cell(null), { kind: "ifOther", cond: "Sales", rate: 0.04 }), plain, { strict: true });
  }
  add("FEE", "=CEO.FEE(N5), N5 empty: #VALUE!", call("FEE", cell(null)), plain, { expect: { addin: "#VALUE!" } });
  // A pre-filled empty row of the Placements table: gross, prior and agreement all blank.
  const emptyRow = (fn: string) => call(fn, cell(null), cell(null), { kind: "ifOther", cond: null, rate: 0.04 });
  for (const fn of ["FEE", "NET", "FEERATE"]) {
    add(fn, `a pre-filled empty row: =CEO.${fn}(D5,F5,IF(E5="Other",0.04,"")), all blank`, emptyRow(fn), plain, { expect: { addin: "#VALUE!" } });
    add(fn, `a pre-filled empty row under IFERROR(...,0)`, emptyRow(fn), IFERROR, { strict: true, expect: { addin: 0 } });
  }
  add("SETTLE", "a pre-filled empty row: =CEO.SETTLE(A5), A5 blank", call("SETTLE", cell(null)), plain, { expect: { addin: "#VALUE!" } });
  add("WARRANTS", "a pre-filled empty row: =CEO.WARRANTS(B5,C5), both blank", call("WARRANTS", cell(null), cell(null)), plain, { expect: { addin: "#VALUE!" } });
  add("REIMBURSE", "=CEO.REIMBURSE(blank,45000): #VALUE!", call("REIMBURSE", cell(null), lit(45_000)), plain, { expect: { addin: "#VALUE!" } });
  // Numeric text.
  add("CASHLESS", '=CEO.CASHLESS(1000,"5.2",8): 350', call("CASHLESS", lit(1000), lit("5.2"), lit(8)), plain, { strict: true, expect: { addin: 350 } });
  add("CASHLESS", 'CASHLESS with the strike in a cell holding text "5.2"', call("CASHLESS", lit(1000), cell("5.2"), lit(8)), plain, { strict: true, expect: { addin: 350 } });
  add("FEE", '=CEO.FEE("5000"): 200', call("FEE", lit("5000")), plain, { strict: true, expect: { addin: 200 } });
  add("FEE", 'FEE of a cell holding text "5000"', call("FEE", cell("5000")), plain, { strict: true, expect: { addin: 200 } });
  add("CLASSBPRICE", 'CLASSBPRICE(4.04,"4.5"): 95%, 3.838', call("CLASSBPRICE", lit(4.04), lit("4.5")), plain, { strict: true, expect: { addin: 3.838 } });
  add("CLASSBPRICE", 'CLASSBPRICE with marketPrice in a cell holding text "4.5"', call("CLASSBPRICE", cell(4.04), cell("4.5")), plain, { strict: true, expect: { addin: 3.838 } });
  // Orientation.
  const shares = [50_000, 25_000, 40_000];
  const prices = [4.04, 4.06, 4.1];
  add("VWAP", "shares down a column, prices across a row", call("VWAP", columnOf(shares), rowOf(prices)), plain, { strict: true });
  add("VWAP", "shares across a row, prices down a column", call("VWAP", rowOf(shares), columnOf(prices)), plain, { strict: true });
  add("WARRANTS", "WARRANTS: shares down a column, prices across a row", call("WARRANTS", columnOf(shares), rowOf(prices)), plain, { strict: true });
  add("VWAP", "a blank beside a number in parallel ranges: #VALUE!", call("VWAP", columnOf([50_000, null, 40_000]), columnOf(prices)), plain, { expect: { addin: "#VALUE!" } });
  add("WARRANTS", "WARRANTS: a blank beside a number in parallel ranges", call("WARRANTS", columnOf(shares), columnOf([4.04, null, 4.1])), plain, { expect: { addin: "#VALUE!" } });
  // WARRANTS with invalid decimals: the add-in errs both cells.
  for (const d of [12, -1, 0.5]) {
    add("WARRANTS", `WARRANTS(12345,4.0412,,,${d}): both cells err`, call("WARRANTS", cell(12_345), cell(4.0412), omit, omit, cell(d)), plain);
    add("WARRANTS", `WARRANTS decimals ${d} as a literal`, call("WARRANTS", lit(12_345), lit(4.0412), omit, omit, lit(d)), plain);
  }
  // A range where one value belongs: Excel lifts the call; the copy keeps the value.
  add("FEE", "=CEO.FEE(D2:D3): a range where one value belongs", call("FEE", columnOf([5000, 12_000_000])), plain);
  // Whole columns over a header row.
  add("VWAP", "=CEO.VWAP(B:B,C:C) over a header row: #VALUE!", call("VWAP", { kind: "columns", cells: ["Shares", ...shares].map((v) => [v]) }, { kind: "columns", cells: ["Price", ...prices].map((v) => [v]) }), plain, { expect: { addin: "#VALUE!" } });
  add("VWAP", "=CEO.VWAP(B:B,C:C) without a header", call("VWAP", { kind: "columns", cells: [null, ...shares].map((v) => [v]) }, { kind: "columns", cells: [null, ...prices].map((v) => [v]) }), plain);
  const bidsColumn = Array.from({ length: 14 }, (_, i) => Math.round((3 + 0.1 * ((i * 7) % 11)) * 10_000) / 10_000);
  const notARange = (reason: string) => (/not a range/i.test(reason) ? `P:P is a range: "${reason}"` : undefined);
  add("CONVPRICE", "=CEO.CONVPRICE(P:P) over a header row: its reason must be true", call("CONVPRICE", { kind: "columns", cells: ["Bid", ...bidsColumn].map((v) => [v]) }), plain, { reasonCheck: notARange });
  add("CONVPRICE", "=CEO.CONVPRICE(P:P) without a header: its reason must be true", call("CONVPRICE", { kind: "columns", cells: [null, ...bidsColumn].map((v) => [v]) }), plain, { reasonCheck: notARange });
  // Issue 18: the boundaries of MINPRICE, FLOATPRICE, SOLD12M and BABYSHELF, where the copy must show the number.
  add("MINPRICE", "MINPRICE README: the last close below the average", call("MINPRICE", columnOf([4.1, 4.3, 4.2, 4.4, 4])), plain, { strict: true, expect: { addin: 4 } });
  add("MINPRICE", "MINPRICE 2.025 to 2 decimals, half-up", call("MINPRICE", rowOf([2, 2, 2, 2, 2.125]), lit(2)), plain, { strict: true, expect: { addin: 2.03 } });
  const sale = 45_717; // 2025-03-01
  add("FLOATPRICE", "FLOATPRICE: 60 days before in, 61 out, the sale day out", call("FLOATPRICE", columnOf([9, 2.9, 8]), columnOf([sale - 61, sale - 60, sale]), cell(sale)), plain, { strict: true, expect: { addin: 2.9 } });
  add("FLOATPRICE", "FLOATPRICE: none in the window is #N/A", call("FLOATPRICE", columnOf([9, 8]), columnOf([sale - 61, sale]), cell(sale)), plain, { expect: { addin: "#N/A" } });
  add("SOLD12M", "SOLD12M: a sale on 2025-02-28 counts 2024-02-29, not 2024-02-28", call("SOLD12M", columnOf([45_351, 45_350, 45_716]), columnOf([1_000_000, 500_000, 400_000]), cell(45_716)), plain, { strict: true, expect: { addin: 1_400_000 } });
  add("SOLD12M", "SOLD12M: a sale on 2024-02-29 looks back past 2023-02-28", call("SOLD12M", rowOf([44_985, 44_986, 45_351, 45_352]), columnOf([7, 11, 13, 17]), cell(45_351)), plain, { strict: true, expect: { addin: 24 } });
  add("BABYSHELF", "BABYSHELF: a public float of exactly $75,000,000 is #N/A", call("BABYSHELF", cell(7_500_000), cell(10)), plain, { expect: { addin: "#N/A" } });
  add("BABYSHELF", "BABYSHELF: one share under $75,000,000", call("BABYSHELF", cell(7_499_999), cell(10), cell(0)), plain, { strict: true, expect: { addin: 24_999_996.66 } });
  add("BABYSHELF", "BABYSHELF: one cent under $75,000,000", call("BABYSHELF", cell(7_499_999_999), cell(0.01)), plain, { strict: true, expect: { addin: 24_999_999.99 } });
  add("BABYSHELF", "BABYSHELF: 3.3 / 3 is 1.0999999999999999 in doubles, 1.10 exactly", call("BABYSHELF", cell(1), cell(3.3)), plain, { strict: true, expect: { addin: 1.1 } });
  add("BABYSHELF", "BABYSHELF: two-thirds of a cent rounds down", call("BABYSHELF", cell(200), cell(0.01)), plain, { strict: true, expect: { addin: 0.66 } });
  add("BABYSHELF", "BABYSHELF: sold one cent above one-third is #NUM!", call("BABYSHELF", cell(3), cell(10), cell(10.01)), plain, { expect: { addin: "#NUM!" } });
  // A workbook name pointing into a copied sheet: =CEO.FEE(D2,,Sales_Schedule).
  out.push(namesCase());
  return out;
}

/** The name Sales_Schedule points to a schedule on the Deal sheet itself (a copied sheet): the copy must read its own copy. */
function namesCase(): Regression {
  const gross = 2_000_000;
  const label = "=CEO.FEE(D2,,Sales_Schedule), the name pointing into the copied Deal sheet";
  const schedule = SCHEDULE;
  return {
    fn: "FEE",
    label,
    call: call("FEE", cell(gross), omit, range(schedule)),
    wrap: plain,
    strict: true,
    expect: { addin: 70_000 },
    custom: {
      formula: (row) => `=CEO.FEE(H${row},,Sales_Schedule)`,
      dealCells: (row) => [{ column: 7, row, value: gross }, ...schedule.flatMap((cells, i) => cells.map((value, c) => ({ column: 8 + c, row: row + i, value })))],
      names: (row) => [{ name: "Sales_Schedule", formula: `=Deal!$I$${row}:$J$${row + schedule.length - 1}` }],
      addin: () => shown({ fn: "FEE", label, call: call("FEE", cell(gross), omit, range(schedule)), wrap: plain }).elements,
      describe: (row) => `Deal!H${row}=${gross}; Sales_Schedule = Deal!$I$${row}:$J$${row + schedule.length - 1} = [0,0.05;1000000,0.02;5000000,0.01]`,
    },
  };
}
