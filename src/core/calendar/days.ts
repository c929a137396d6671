import { numError } from "../errors";
import { exchangeHolidays, fedHolidays, SPECIAL_CLOSURES, type Closure } from "./holidays";
import { checkedDate, FIRST_DAY, FIRST_YEAR, isoDate, LAST_DAY, LAST_YEAR, outOfRange, serialOf, weekday } from "./serial";

/**
 * One day-index table for the whole supported range, built once on first use: for each of the
 * two calendars, the running count of its days and the list of its days, so that stepping n
 * days or counting the days between two dates is two array reads, whatever n.
 */
interface DayList {
  readonly upTo: Int32Array; // upTo[date - FIRST_DAY] = number of days in the calendar <= date
  readonly days: Int32Array; // the calendar's days, ascending
}

interface Tables {
  readonly trading: DayList;
  readonly settlement: DayList;
  readonly exchangeClosed: Map<number, string>;
  readonly fedClosed: Map<number, string>;
}

let tables: Tables | undefined;

function dayList(isDay: (date: number) => boolean): DayList {
  const upTo = new Int32Array(LAST_DAY - FIRST_DAY + 1);
  const days: number[] = [];
  for (let date = FIRST_DAY; date <= LAST_DAY; date++) {
    if (isDay(date)) days.push(date);
    upTo[date - FIRST_DAY] = days.length;
  }
  return { upTo, days: Int32Array.from(days) };
}

function build(): Tables {
  const exchangeClosed = new Map<number, string>();
  const fedClosed = new Map<number, string>();
  for (let year = FIRST_YEAR; year <= LAST_YEAR; year++) {
    for (const { date, name } of exchangeHolidays(year)) exchangeClosed.set(date, name);
    for (const { date, name } of fedHolidays(year)) fedClosed.set(date, name);
  }
  for (const { date, name } of SPECIAL_CLOSURES) exchangeClosed.set(date, name);
  const weekend = (date: number) => weekday(date) === 0 || weekday(date) === 6;
  const trading = dayList((date) => !weekend(date) && !exchangeClosed.has(date));
  // A day the exchanges are shut is never a settlement day, even when the Fed is open.
  const settlement = dayList((date) => !weekend(date) && !exchangeClosed.has(date) && !fedClosed.has(date));
  return { trading, settlement, exchangeClosed, fedClosed };
}

function get(): Tables {
  return (tables ??= build());
}

function count(list: DayList, date: number): number {
  return list.upTo[date - FIRST_DAY]!;
}

function isIn(list: DayList, date: number): boolean {
  const before = date === FIRST_DAY ? 0 : count(list, date - 1);
  return count(list, date) > before;
}

/** The n-th day of the calendar after (n > 0) or before (n < 0) `date`; n = 0 is `date` itself. */
function step(list: DayList, date: number, n: number, what: () => string): number {
  const index = n > 0 ? count(list, date) + n - 1 : count(list, date) - (isIn(list, date) ? 1 : 0) + n;
  if (index < 0 || index >= list.days.length) throw outOfRange(what());
  return list.days[index]!;
}

function checkedSteps(n: number, name: string): number {
  if (!Number.isInteger(n)) throw numError(`${name} is ${n}: expected a whole number of days`);
  return n;
}

/** Why the exchanges are shut on `date` (weekend, holiday or special closure), or undefined. */
export function exchangeClosure(date: number): string | undefined {
  const day = weekday(date);
  if (day === 0 || day === 6) return day === 0 ? "a Sunday" : "a Saturday";
  return get().exchangeClosed.get(date);
}

/** Why `date` is not a settlement business day, or undefined when it is one. */
export function settlementClosure(date: number): string | undefined {
  return exchangeClosure(date) ?? get().fedClosed.get(date);
}

export function isTradingDay(date: number): boolean {
  return isIn(get().trading, checkedDate(date, "date"));
}

export function isSettlementDay(date: number): boolean {
  return isIn(get().settlement, checkedDate(date, "date"));
}

/** The weekdays the exchanges are closed in a year, holidays and special closures alike, in order. */
export function exchangeClosures(year: number): Closure[] {
  if (!Number.isInteger(year) || year < FIRST_YEAR || year > LAST_YEAR) {
    throw numError(`year is ${year}: expected a year from ${FIRST_YEAR} to ${LAST_YEAR}`);
  }
  const first = serialOf(year, 1, 1);
  const last = serialOf(year, 12, 31);
  return [...get().exchangeClosed]
    .filter(([date]) => date >= first && date <= last && weekday(date) !== 0 && weekday(date) !== 6)
    .sort(([a], [b]) => a - b)
    .map(([date, name]) => ({ date, name }));
}

/** TRADEDAY: the n-th trading day after (n > 0) or before (n < 0) `date`. n = 0 returns `date`, which must be a trading day. */
export function tradingDay(date: number, n: number): number {
  const day = checkedDate(date, "date");
  const steps = checkedSteps(n, "n");
  const list = get().trading;
  if (steps === 0 && !isIn(list, day)) {
    throw numError(`date ${isoDate(day)} is not a trading day (${exchangeClosure(day)}): with n = 0 the date must be a trading day`);
  }
  return step(list, day, steps, () => `the trading day ${Math.abs(steps)} ${steps > 0 ? "after" : "before"} ${isoDate(day)}`);
}

/**
 * TRADEDAYS: the number of trading days d with start < d <= end (the days TRADEDAY steps over),
 * negative when end is before start: TRADEDAYS(d, TRADEDAY(d, n)) = n for every trading day d.
 */
export function tradingDaysBetween(start: number, end: number): number {
  const from = checkedDate(start, "start");
  const to = checkedDate(end, "end");
  const list = get().trading;
  return count(list, to) - count(list, from);
}

/** The n-th settlement business day after `date` (n >= 1), or `date` itself for n = 0. */
export function settlementDay(date: number, n: number, name = "date"): number {
  const day = checkedDate(date, name);
  const list = get().settlement;
  if (n === 0 && !isIn(list, day)) {
    throw numError(`${name} ${isoDate(day)} is not a settlement business day (${settlementClosure(day)}): same-day settlement needs one`);
  }
  return step(list, day, checkedSteps(n, "cycle"), () => `the settlement day ${n} after ${isoDate(day)}`);
}
