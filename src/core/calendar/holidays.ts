import { serialOf, weekday } from "./serial";

/** A day the exchanges or the Federal Reserve Banks are closed, with the reason. */
export interface Closure {
  readonly date: number; // Excel serial
  readonly name: string;
}

const SUNDAY = 0;
const MONDAY = 1;
const THURSDAY = 4;
const SATURDAY = 6;

/** The n-th (1-based) given weekday of a month, or the last one for n = -1. */
function nthWeekday(year: number, month: number, day: number, n: number): number {
  if (n < 0) {
    const last = serialOf(year, month + 1, 0);
    return last - ((weekday(last) - day + 7) % 7);
  }
  const first = serialOf(year, month, 1);
  return first + ((day - weekday(first) + 7) % 7) + 7 * (n - 1);
}

/** Easter Sunday by the Gregorian computus (the anonymous "Meeus/Jones/Butcher" algorithm). */
export function easterSunday(year: number): number {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const monthDay = h + l - 7 * m + 114;
  return serialOf(year, Math.floor(monthDay / 31), (monthDay % 31) + 1);
}

/**
 * NYSE Rule 7.2: a holiday on a Sunday is observed the Monday after, on a Saturday the Friday
 * before, unless that Friday ends a monthly or yearly accounting period: so New Year's Day on a
 * Saturday is not observed at all (the exchange is open on December 31).
 */
function exchangeObserved(date: number, name: string): Closure[] {
  const day = weekday(date);
  if (day === SUNDAY) return [{ date: date + 1, name }];
  if (day === SATURDAY) return name === NEW_YEAR ? [] : [{ date: date - 1, name }];
  return [{ date, name }];
}

/**
 * The Federal Reserve Banks observe a Sunday holiday on the Monday after, but stay open on the
 * Friday before a Saturday holiday.
 */
function fedObserved(date: number, name: string): Closure[] {
  const day = weekday(date);
  if (day === SUNDAY) return [{ date: date + 1, name }];
  if (day === SATURDAY) return [];
  return [{ date, name }];
}

const NEW_YEAR = "New Year's Day";
const MLK = "Martin Luther King, Jr. Day";
const WASHINGTON = "Washington's Birthday";
const MEMORIAL = "Memorial Day";
const JUNETEENTH = "Juneteenth National Independence Day";
const INDEPENDENCE = "Independence Day";
const LABOR = "Labor Day";
const COLUMBUS = "Columbus Day";
const VETERANS = "Veterans Day";
const THANKSGIVING = "Thanksgiving Day";
const CHRISTMAS = "Christmas Day";

/** NYSE/Nasdaq holidays of a year by rule (special closures are listed apart). */
export function exchangeHolidays(year: number): Closure[] {
  return [
    ...exchangeObserved(serialOf(year, 1, 1), NEW_YEAR),
    ...(year >= 1998 ? [{ date: nthWeekday(year, 1, MONDAY, 3), name: MLK }] : []), // first closed in 1998
    { date: nthWeekday(year, 2, MONDAY, 3), name: WASHINGTON },
    { date: easterSunday(year) - 2, name: "Good Friday" },
    { date: nthWeekday(year, 5, MONDAY, -1), name: MEMORIAL },
    ...(year >= 2022 ? exchangeObserved(serialOf(year, 6, 19), JUNETEENTH) : []), // first closed in 2022
    ...exchangeObserved(serialOf(year, 7, 4), INDEPENDENCE),
    { date: nthWeekday(year, 9, MONDAY, 1), name: LABOR },
    { date: nthWeekday(year, 11, THURSDAY, 4), name: THANKSGIVING },
    ...exchangeObserved(serialOf(year, 12, 25), CHRISTMAS),
  ];
}

/** Federal Reserve holidays of a year (Good Friday is not one; Columbus and Veterans Day are). */
export function fedHolidays(year: number): Closure[] {
  return [
    ...fedObserved(serialOf(year, 1, 1), NEW_YEAR),
    ...(year >= 1986 ? fedObserved(nthWeekday(year, 1, MONDAY, 3), MLK) : []), // a federal holiday from 1986
    { date: nthWeekday(year, 2, MONDAY, 3), name: WASHINGTON },
    { date: nthWeekday(year, 5, MONDAY, -1), name: MEMORIAL },
    ...(year >= 2021 ? fedObserved(serialOf(year, 6, 19), JUNETEENTH) : []), // 2021's fell on a Saturday
    ...fedObserved(serialOf(year, 7, 4), INDEPENDENCE),
    { date: nthWeekday(year, 9, MONDAY, 1), name: LABOR },
    { date: nthWeekday(year, 10, MONDAY, 2), name: COLUMBUS },
    ...fedObserved(serialOf(year, 11, 11), VETERANS),
    { date: nthWeekday(year, 11, THURSDAY, 4), name: THANKSGIVING },
    ...fedObserved(serialOf(year, 12, 25), CHRISTMAS),
  ];
}

const closed = (year: number, month: number, day: number, name: string): Closure => ({ date: serialOf(year, month, day), name });
const mourning = (president: string) => `National Day of Mourning for former President ${president}`;
const SEPTEMBER_11 = "closed after the September 11 attacks";
const SANDY = "Hurricane Sandy";

/**
 * Full-day exchange closures outside the holiday rules, 1985 on. Later ones cannot be known in
 * advance: dates after the last entry follow the rules alone.
 */
export const SPECIAL_CLOSURES: readonly Closure[] = [
  closed(1985, 9, 27, "Hurricane Gloria"),
  closed(1994, 4, 27, mourning("Richard Nixon")),
  closed(2001, 9, 11, SEPTEMBER_11),
  closed(2001, 9, 12, SEPTEMBER_11),
  closed(2001, 9, 13, SEPTEMBER_11),
  closed(2001, 9, 14, SEPTEMBER_11),
  closed(2004, 6, 11, mourning("Ronald Reagan")),
  closed(2007, 1, 2, mourning("Gerald R. Ford")),
  closed(2012, 10, 29, SANDY),
  closed(2012, 10, 30, SANDY),
  closed(2018, 12, 5, mourning("George H. W. Bush")),
  closed(2025, 1, 9, mourning("Jimmy Carter")),
];
