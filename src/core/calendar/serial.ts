import { numError, valueError } from "../errors";

/*
 * Dates are Excel serial numbers in the 1900 date system. Excel counts a 1900-02-29 that never
 * was (serial 60), so only from serial 61 (1900-03-01) on is a serial the days since 1899-12-30.
 */
const EPOCH = Date.UTC(1899, 11, 30);
const MS_PER_DAY = 86_400_000;

/** The calendars cover 1985-01-01 to 2100-12-31; a date or result outside is #NUM!. */
export const FIRST_YEAR = 1985;
export const LAST_YEAR = 2100;

export function serialOf(year: number, month: number, day: number): number {
  return Math.round((Date.UTC(year, month - 1, day) - EPOCH) / MS_PER_DAY);
}

export const FIRST_DAY = serialOf(FIRST_YEAR, 1, 1);
export const LAST_DAY = serialOf(LAST_YEAR, 12, 31);

export interface CivilDate {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

export function civilDate(serial: number): CivilDate {
  const date = new Date(EPOCH + serial * MS_PER_DAY);
  return { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() };
}

/** "2001-11-01" */
export function isoDate(serial: number): string {
  return new Date(EPOCH + serial * MS_PER_DAY).toISOString().slice(0, 10);
}

/** 0 = Sunday ... 6 = Saturday (serial 0, 1899-12-30, was a Saturday). */
export function weekday(serial: number): number {
  return (serial + 6) % 7;
}

const RANGE = `expected a date from ${isoDate(FIRST_DAY)} (serial ${FIRST_DAY}) to ${isoDate(LAST_DAY)} (serial ${LAST_DAY})`;

/** A date argument as a whole serial: a time of day (the fraction) is dropped. */
export function checkedDate(serial: number, name: string): number {
  if (!Number.isFinite(serial)) throw valueError(`${name} is ${serial}: expected a date serial number`);
  const day = Math.floor(serial);
  if (day <= 60) {
    throw numError(`${name} is ${serial}: serials up to 60 fall before 1900-03-01, where Excel's 1900 date system counts a February 29 that never was; ${RANGE}`);
  }
  if (day < FIRST_DAY || day > LAST_DAY) {
    const when = day <= 2_958_465 ? ` (${isoDate(day)})` : ""; // Excel's last date, 9999-12-31
    throw numError(`${name} is ${serial}${when}: ${RANGE}`);
  }
  return day;
}

/** A result that left the supported range (e.g. the 5th trading day after 2100-12-29). */
export function outOfRange(what: string): Error {
  return numError(`${what} falls outside the calendar: ${RANGE.replace("expected a date", "it covers dates")}`);
}

/**
 * Excel's EDATE: the same day of the month `months` later (earlier when negative); a day the
 * target month lacks becomes its last day (EDATE(2024-02-29, -12) is 2023-02-28, and
 * EDATE(2024-03-31, -1) is 2024-02-29). A time of day is dropped.
 */
export function edate(serial: number, months: number): number {
  const { year, month, day } = civilDate(Math.floor(serial));
  const index = year * 12 + (month - 1) + Math.trunc(months);
  const [toYear, toMonth] = [Math.floor(index / 12), (index % 12) + 1];
  const lastDay = new Date(Date.UTC(toYear, toMonth, 0)).getUTCDate();
  return serialOf(toYear, toMonth, Math.min(day, lastDay));
}
