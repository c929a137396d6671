/*
 * Trade dates as a report or the Terms sheet writes them, read into Excel serials. Apart from the
 * planner (plan.ts) so that the Terms sheet and the New deal form read dates without papaparse.
 */
import { civilDate, FIRST_DAY, isoDate, LAST_DAY, serialOf } from "../../core/calendar";

const MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

function validDate(year: number, month: number, day: number): boolean {
  const date = civilDate(serialOf(year, month, day));
  return date.year === year && date.month === month && date.day === day;
}

/**
 * How the report writes numbers and dates. US: 1,234.56 and 11/01/2001. European (fields separated
 * by ";"): 1.234,56 and 01.11.2001. "undecided": a ";" report none of whose cells fits only one of
 * the two, so that a cell the two read differently (12.500: 12.5 or 12,500) is an error, never a guess.
 */
export type NumberForm = "us" | "eu" | "undecided";

/** What the messages say of each form. */
export const FORM_WORDS: Record<"us" | "eu", string> = {
  us: "US form (1,234.56; dates as 2001-11-01 or 11/01/2001)",
  eu: 'European form (";" between fields, 1.234,56, dates as 01.11.2001)',
};

const EU_DATE = /^(\d{1,2})\.(\d{1,2})\.(\d{4}|\d{2})$/;
const US_DATE = /^(\d{1,2})\/(\d{1,2})\/(\d{4}|\d{2})$/;

/** Two-digit years: 00-69 are 2000-2069, 70-99 are 1970-1999 (Excel's own rule). */
const fullYear = (yy: string) => (yy.length === 4 ? Number(yy) : Number(yy) < 70 ? 2000 + Number(yy) : 1900 + Number(yy));

/**
 * ISO (2001-11-01), 01-Nov-2001, Nov 1, 2001 or an Excel serial in either form; US 11/01/2001 and
 * 11/1/01 in US form, 01.11.2001 in European form. A date in the other form than the file's is an
 * error saying so (never a day and month swapped in silence).
 */
export function parseTradeDate(text: string, form: NumberForm = "us"): number | string {
  const t = text.trim();
  let year: number, month: number, day: number;
  let m: RegExpMatchArray | null;
  if ((m = t.match(/^(\d{4})-(\d{1,2})-(\d{1,2})$/))) {
    [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  } else if ((m = t.match(US_DATE))) {
    if (form === "eu") return `"${t}" is a date in US form, but the file is in ${FORM_WORDS.eu}: write it as ${otherFormDate(t, "us")}`;
    [month, day, year] = [Number(m[1]), Number(m[2]), fullYear(m[3]!)];
  } else if ((m = t.match(EU_DATE))) {
    if (form !== "eu") return `"${t}" is a date in European form, but the file is in ${FORM_WORDS.us}: write it as ${otherFormDate(t, "eu")}`;
    [day, month, year] = [Number(m[1]), Number(m[2]), fullYear(m[3]!)];
  } else if ((m = t.match(/^(\d{1,2})[- ]([A-Za-z]{3})[A-Za-z]*[- ,]+(\d{4})$/))) {
    [day, month, year] = [Number(m[1]), MONTHS.indexOf(m[2]!.toLowerCase()) + 1, Number(m[3])];
  } else if ((m = t.match(/^([A-Za-z]{3})[A-Za-z]*\.? (\d{1,2}),? (\d{4})$/))) {
    [month, day, year] = [MONTHS.indexOf(m[1]!.toLowerCase()) + 1, Number(m[2]), Number(m[3])];
  } else if (/^\d{5}$/.test(t)) {
    const serial = Number(t); // an Excel serial, as a date cell of the current selection arrives
    if (serial < FIRST_DAY || serial > LAST_DAY) return `${t} is not a date from ${isoDate(FIRST_DAY)} to ${isoDate(LAST_DAY)}`;
    return serial;
  } else {
    return `"${text}" is not a date: expected ${form === "eu" ? "01.11.2001, 2001-11-01" : "2001-11-01, 11/01/2001"} or 01-Nov-2001`;
  }
  if (month < 1 || !validDate(year, month, day)) return `"${text}" is not a calendar date`;
  return serialOf(year, month, day);
}

/** A date written in `form` as ISO, which either form reads; or as it is when it is no date. */
function otherFormDate(text: string, form: "us" | "eu"): string {
  const serial = parseTradeDate(text, form);
  return typeof serial === "number" ? isoDate(serial) : "2001-11-01";
}

/** Which form a date cell is written in: only one of them writes dd.mm.yyyy or mm/dd/yyyy. */
export function dateForm(text: string): "us" | "eu" | undefined {
  const t = text.trim();
  return US_DATE.test(t) ? "us" : EU_DATE.test(t) ? "eu" : undefined;
}
