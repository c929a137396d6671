/*
 * SETTLE, TRADEDAY, TRADEDAYS and LOCKUP as native formulas (src/core/calendar is the term), over
 * a "CEO Holidays" sheet written from the same rules and special closures as the core's calendars
 * for 1985-2100: the weekdays each calendar is closed, and the settlement business days
 * themselves. SETTLE steps through that list as the core steps through its own (days.ts: n days
 * on is an index n further), an INDEX of a binary-search MATCH: WORKDAY.INTL re-reads and sorts
 * its whole holiday range on every call, which made Settlement Date the slowest column of a large
 * banker's copy. The others use WORKDAY.INTL and NETWORKDAYS.INTL (Excel 2010 and later) over
 * Saturday-Sunday weekends and the closures. A closure announced after the copy was made is in
 * none of the lists.
 */
import { exchangeClosure, FIRST_DAY, LAST_DAY, LOCKUP_TRADING_DAYS, MAX_CYCLE, SETTLEMENT_CYCLES, settlementClosure, weekday, type Closure } from "./calendar";
import { anyOf, bare, columnNumber, guard, ifGiven, required, sheetPrefix, type Arg } from "./formulaText";

export const HOLIDAYS_SHEET = "CEO Holidays";

/** The weekdays each calendar is closed, 1985-2100, with the reason; and the settlement business days. */
export function holidayLists(): { trading: Closure[]; settlement: Closure[]; settlementDays: number[] } {
  const trading: Closure[] = [];
  const settlement: Closure[] = [];
  const settlementDays: number[] = [];
  for (let date = FIRST_DAY; date <= LAST_DAY; date++) {
    if (weekday(date) === 0 || weekday(date) === 6) continue;
    const exchange = exchangeClosure(date);
    if (exchange !== undefined) trading.push({ date, name: exchange });
    const settle = settlementClosure(date);
    if (settle !== undefined) settlement.push({ date, name: settle });
    else settlementDays.push(date);
  }
  return { trading, settlement, settlementDays };
}

/** Where the lists go on the holidays sheet, under their titles in row 1: dates from row 2, each closure's reason beside it. */
export const HOLIDAY_COLUMNS = {
  trading: { date: "A", name: "B", title: "Exchange closed (weekdays)" },
  settlement: { date: "D", name: "E", title: "Settlement closed (weekdays)" },
  settlementDays: { date: "G", title: "Settlement business days" },
} as const;
export const HOLIDAY_REASON_TITLE = "Reason";

/** The whole holidays sheet from A1, as Prepare for sharing writes it (HOLIDAY_COLUMNS), null where blank: for tests and benches. */
export function holidaySheetRows(): (number | string | null)[][] {
  const { trading, settlement, settlementDays } = holidayLists();
  const { trading: t, settlement: s, settlementDays: d } = HOLIDAY_COLUMNS;
  const columns: { at: string; cells: (number | string)[] }[] = [
    { at: t.date, cells: [t.title, ...trading.map((c) => c.date)] },
    { at: t.name, cells: [HOLIDAY_REASON_TITLE, ...trading.map((c) => c.name)] },
    { at: s.date, cells: [s.title, ...settlement.map((c) => c.date)] },
    { at: s.name, cells: [HOLIDAY_REASON_TITLE, ...settlement.map((c) => c.name)] },
    { at: d.date, cells: [d.title, ...settlementDays] },
  ];
  const width = Math.max(...columns.map((c) => columnNumber(c.at)));
  const height = Math.max(...columns.map((c) => c.cells.length));
  const rows = Array.from({ length: height }, () => Array<number | string | null>(width).fill(null));
  for (const { at, cells } of columns) cells.forEach((cell, r) => (rows[r]![columnNumber(at) - 1] = cell));
  return rows;
}

let ranges: { trading: string; settlement: string; settlementDays: string } | undefined;

/** The ranges the formulas name, e.g. 'CEO Holidays'!$A$2:$A$1045. */
export function holidayRanges(): { trading: string; settlement: string; settlementDays: string } {
  if (!ranges) {
    const lists = holidayLists();
    const prefix = sheetPrefix(HOLIDAYS_SHEET);
    const range = (column: string, count: number) => `${prefix}$${column}$2:$${column}$${count + 1}`;
    ranges = {
      trading: range(HOLIDAY_COLUMNS.trading.date, lists.trading.length),
      settlement: range(HOLIDAY_COLUMNS.settlement.date, lists.settlement.length),
      settlementDays: range(HOLIDAY_COLUMNS.settlementDays.date, lists.settlementDays.length),
    };
  }
  return ranges;
}

const outside = (day: string) => `OR(${day}<${FIRST_DAY},${day}>${LAST_DAY})`;
/** Not a day of the calendar whose weekday closures are `closures`: a weekend, or found by a binary-search MATCH among the closures. */
const isNot = (day: string, closures: string) => `OR(WEEKDAY(${day},2)>5,IFERROR(INDEX(${closures},MATCH(${day},${closures},1)),0)=${day})`;
/** A result is checked against the calendar's range too (the lists end with 2100). */
const inRange = (expr: string) => `IF(${outside(expr)},#NUM!,${expr})`;

/** =CEO.SETTLE(tradeDate, cycle): the cycle-th settlement business day after a trading day. */
export function settleFormula(tradeDate: Arg, cycle?: Arg): string {
  const { trading, settlement, settlementDays } = holidayRanges();
  const day = `INT(${bare(required(tradeDate, "tradeDate"))})`;
  // The era's cycle by trade date, latest era first as SETTLEMENT_CYCLES lists them.
  const eras = SETTLEMENT_CYCLES.reduceRight((inner, era) => (Number.isFinite(era.from) ? `IF(${day}>=${era.from},${era.cycle},${inner})` : String(era.cycle)), "");
  const n = ifGiven(cycle, (c) => c, eras);
  // 0 for "no problem": some engines (hyperformula) know TRUE() and FALSE() but not the bare words.
  const cycleGuard = ifGiven(cycle, (c) => `OR(${c}<0,${c}>${MAX_CYCLE},${c}<>INT(${c}),AND(${c}=0,${isNot(day, settlement)}))`, "0");
  const checks = [outside(day), isNot(day, trading), ...(cycleGuard === "0" ? [] : [cycleGuard])];
  // The n-th settlement day after a trading day: the last settlement day on or before it (MATCH
  // type 1, a binary search of the ascending list), n places on. Past the list's end (2100) INDEX
  // is #REF!, the core's out-of-range #NUM!.
  return guard(anyOf(checks), `IFERROR(INDEX(${settlementDays},MATCH(${day},${settlementDays},1)+${n}),#NUM!)`);
}

/** =CEO.TRADEDAY(date, n): the n-th trading day after (n > 0) or before (n < 0); n = 0 needs a trading day. */
export function tradeDayFormula(date: Arg, n: Arg): string {
  const { trading } = holidayRanges();
  const day = `INT(${bare(required(date, "date"))})`;
  const steps = required(n, "n");
  const checks = [outside(day), `${steps}<>INT(${steps})`, `AND(${steps}=0,${isNot(day, trading)})`];
  return guard(anyOf(checks), inRange(`WORKDAY.INTL(${day},${steps},1,${trading})`));
}

/** =CEO.TRADEDAYS(start, end): trading days d with start < d <= end; negative when end is before start. */
export function tradeDaysFormula(start: Arg, end: Arg): string {
  const { trading } = holidayRanges();
  const from = `INT(${bare(required(start, "start"))})`;
  const to = `INT(${bare(required(end, "end"))})`;
  const count = `IF(${to}=${from},0,IF(${to}>${from},NETWORKDAYS.INTL(${from}+1,${to},1,${trading}),-NETWORKDAYS.INTL(${to}+1,${from},1,${trading})))`;
  return guard(anyOf([outside(from), outside(to)]), count);
}

/** =CEO.LOCKUP(termsDate, finalSettleDate): [5th trading day before the terms, 5th trading day after settlement]. */
export function lockUpFormulas(termsDate: Arg, finalSettleDate: Arg): [string, string] {
  const { trading, settlement } = holidayRanges();
  const terms = `INT(${bare(required(termsDate, "termsDate"))})`;
  const settled = `INT(${bare(required(finalSettleDate, "finalSettleDate"))})`;
  const start = `WORKDAY.INTL(${terms},-${LOCKUP_TRADING_DAYS},1,${trading})`;
  const end = `WORKDAY.INTL(${settled},${LOCKUP_TRADING_DAYS},1,${trading})`;
  // The core refuses the whole row when either end falls outside the calendar.
  const checks = anyOf([outside(terms), outside(settled), `${settled}<${terms}`, isNot(settled, settlement), outside(start), outside(end)]);
  return [guard(checks, start), guard(checks, end)];
}
