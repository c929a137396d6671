import * as calendar from "../core/calendar";
import { excelPlain, excelPlainRow, optPlainNum, plainNum } from "./excel";

/**
 * Settlement date of a sale: T+n settlement business days (exchange open and not a Federal Reserve holiday), n by the trade date's era.
 * Example: =CEO.SETTLE(DATE(2001,10,31)) returns 37200 (2001-11-05, T+3).
 * @customfunction SETTLE
 * @param tradeDate Date of the sale, an Excel date (a trading day from 1985 to 2100; a time of day is dropped).
 * @param [cycle] Business days to settlement, a whole number from 0 to 10; default the era's: 5 before 1995-06-07, 3 (the seed's "third business day"), 2 from 2017-09-05, 1 from 2024-05-28.
 * @returns Settlement date, an Excel date serial.
 */
export function settle(tradeDate: number, cycle?: number): number {
  return excelPlain(() => calendar.settlementDate(plainNum(tradeDate, "tradeDate"), optPlainNum(cycle, "cycle")));
}

/**
 * The n-th NYSE/Nasdaq trading day after (n > 0) or before (n < 0) a date.
 * Example: =CEO.TRADEDAY(DATE(2001,9,10),1) returns 37151 (2001-09-17: the exchanges were closed September 11-14).
 * @customfunction TRADEDAY
 * @param date Starting date, an Excel date (1985 to 2100; a time of day is dropped).
 * @param n Trading days to step, a whole number: after the date when positive, before when negative; 0 returns the date, which must be a trading day.
 * @returns A trading day, an Excel date serial.
 */
export function tradeDay(date: number, n: number): number {
  return excelPlain(() => calendar.tradingDay(plainNum(date, "date"), plainNum(n, "n")));
}

/**
 * The number of NYSE/Nasdaq trading days after start up to and including end (negative when end is before start).
 * Example: =CEO.TRADEDAYS(DATE(2001,9,10),DATE(2001,9,17)) returns 1.
 * @customfunction TRADEDAYS
 * @param start First date, an Excel date (1985 to 2100; not counted).
 * @param end Last date, an Excel date (1985 to 2100; counted when a trading day).
 * @returns Trading days d with start < d <= end; minus those with end < d <= start when end is before start.
 */
export function tradeDays(start: number, end: number): number {
  return excelPlain(() => calendar.tradingDaysBetween(plainNum(start, "start"), plainNum(end, "end")));
}

/**
 * The lock-up period of a placement: from the 5th trading day before its terms were agreed to the 5th trading day after its final sale settled.
 * Example: =CEO.LOCKUP(DATE(2001,11,1),DATE(2001,11,6)) returns 37189, 37208 (2001-10-25 to 2001-11-13).
 * @customfunction LOCKUP
 * @param termsDate Date the issuer and Cantor agreed the terms of the placement, an Excel date (1985 to 2100).
 * @param finalSettleDate Settlement date of the placement's final sale, an Excel date (a settlement business day on or after termsDate).
 * @returns One row: first day and last day of the lock-up (both included), Excel date serials.
 */
export function lockUp(termsDate: number, finalSettleDate: number): number[][] {
  return excelPlainRow(() => calendar.lockUpPeriod(plainNum(termsDate, "termsDate"), plainNum(finalSettleDate, "finalSettleDate")));
}
