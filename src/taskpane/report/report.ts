/*
 * The quarterly ATM report, the pure part: the periods of a chosen quarter, and the report sheet's
 * layout. Every figure is a live formula over the Placements table (SUMIFS between the period's
 * bounds, which are cells of the sheet), so that editing a bound or a row of the table recomputes
 * it; capacity is CEO.CAPACITY of the gross sold to the period's end against the program maximum
 * (the Terms sheet's name, or the seed's figure without one). Nothing here is computed in the pane.
 *
 * What a 10-Q note says of an ATM program, e.g. "During the three months ended September 30, 2024,
 * the Company sold 1,234,567 shares of common stock under the Sales Agreement at a weighted average
 * price of $4.56 per share, for net proceeds of $5,432,109.87, after commissions of $...": the
 * paragraph beside each group's figures is built by a formula from those cells.
 */
import { civilDate, serialOf } from "../../core/calendar";
import { columnLetters } from "../../core/address";
import { TABLE } from "../import/placementsTable";
import { SEED_TERMS, type AgreementTerms, type DealTerms } from "../terms/terms";

export const REPORT_SHEET = "ATM Report";

export interface Quarter {
  year: number;
  /** 1 to 4. */
  quarter: number;
}

/** The last day of the quarter, as an Excel serial (day 0 of the next quarter's first month). */
export const quarterEnd = ({ year, quarter }: Quarter): number => serialOf(year, 3 * quarter + 1, 0);

/** The first day of the quarter. */
export const quarterStart = ({ year, quarter }: Quarter): number => serialOf(year, 3 * quarter - 2, 1);

/** The quarter a date falls in. */
export function quarterOf(serial: number): Quarter {
  const { year, month } = civilDate(serial);
  return { year, quarter: Math.ceil(month / 3) };
}

/** "Q3 2024" */
export const quarterLabel = ({ year, quarter }: Quarter) => `Q${quarter} ${year}`;

/** A quarter the picker may offer: Q1 to Q4 of a year the calendars cover (1985 to 2100). */
export function checkedQuarter(year: number, quarter: number): Quarter {
  if (!Number.isInteger(quarter) || quarter < 1 || quarter > 4) throw new Error(`the quarter is 1 to 4, not ${quarter}`);
  if (!Number.isInteger(year) || year < 1985 || year > 2100) throw new Error(`the year is a whole year from 1985 to 2100, not ${year}`);
  return { year, quarter };
}

/**
 * The pane's picker read: undefined for "Last with sales" (quarter ""), the quarter, or why not (the
 * year missing, or outside what the calendars cover).
 */
export function pickedQuarter(quarter: string, year: string): Quarter | undefined | { refused: string } {
  if (quarter === "") return undefined;
  if (year.trim() === "") return { refused: `Choose the year of Q${quarter} (1985 to 2100), or "Last with sales". Nothing was written.` };
  if (!/^\d{4}$/.test(year.trim())) return { refused: `"${year.trim()}" is not a year: write it as 2024 (1985 to 2100). Nothing was written.` };
  try {
    return checkedQuarter(Number(year.trim()), Number(quarter));
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { refused: `${message.charAt(0).toUpperCase()}${message.slice(1)}. Nothing was written.` };
  }
}

/** A cell of the report: a formula, text (written as text, never read as a formula), a number, or nothing. */
export type ReportCell = { formula: string } | { text: string } | { value: number } | null;

/** The figures of a group, in the order of its rows. */
export const FIGURES = [
  "Shares sold",
  "Gross proceeds",
  "Commissions",
  "Net proceeds",
  "Weighted average price (gross / shares)",
  "Gross sold since inception, at period end",
  "Capacity left at period end",
  "Warrants issued (warrant shares)",
] as const;
export type Figure = (typeof FIGURES)[number];

/** The three periods, in their columns B, C, D. */
export const PERIODS = ["Quarter", "Year to date", "Since inception"] as const;

/** Where things are: the quarter-end cell, the bounds' rows, each group's first figure row. */
export interface ReportLayout {
  /** Columns A:F from row 1: labels, the three periods, a spacer, the paragraphs. */
  cells: ReportCell[][];
  /** Number formats, same shape (null: General). */
  formats: (string | null)[][];
  quarterEndCell: string;
  /** Rows (1-based) of the From and To bounds and of each period's opening words. */
  fromRow: number;
  toRow: number;
  /** Each group (agreement names, then "Total" with more than one) and the row of its header. */
  groups: { name: string; header: number; paragraphs: number }[];
  chart: ChartLayout;
}

export interface ChartLayout {
  /** Rows (1-based) of the chart data: its header row, then `points` rows of dates and series. */
  header: number;
  first: number;
  last: number;
  /** Column A: the dates; each series its column (letter) and name. */
  series: { column: string; name: string; kind: "gross" | "maximum" | "tier" }[];
  title: string;
}

/** How many dates the chart plots, evenly spaced from the first sale to the quarter's end. */
export const CHART_POINTS = 25;

const DATE = "yyyy-mm-dd";
const MONEY = "#,##0.00";
const SHARES = "#,##0";
const PRICE = "0.0000";
/** A date as a 10-Q writes it; TEXT's format codes are those of an English Excel. */
const LONG_DATE = '"mmmm d, yyyy"';

/** A column of the Placements table, as Excel writes it (spaces need no inner brackets). */
const column = (name: string) => `${TABLE}[${name}]`;
const text = (s: string): ReportCell => ({ text: s });
const formula = (f: string): ReportCell => ({ formula: f });
const quoted = (s: string) => `"${s.replace(/"/g, '""')}"`;

/** "the Sales Agreement", "the Sales Agreement and the Other Agreement", "the A, the B and the C Agreement". */
export function agreementWords(names: readonly string[]): string {
  const each = names.map((n) => `the ${n} Agreement`);
  return each.length <= 1 ? (each[0] ?? "") : `${each.slice(0, -1).join(", ")} and ${each[each.length - 1]}`;
}

/** The program maximum as a formula operand: the Terms sheet's name, or the seed's figure without a Terms sheet. */
const programMax = (a: AgreementTerms, terms?: DealTerms) => (terms ? `${a.name}_Program_Max` : String(a.programMax));

/** The fee tiers' lower bounds above 0, as operands: the Terms sheet's schedule (INDEX of its rows) or the figures. */
function tierBounds(a: AgreementTerms, terms?: DealTerms): { from: number; operand: string }[] {
  return a.tiers.flatMap((t, i) => (t.from > 0 ? [{ from: t.from, operand: terms ? `INDEX(${a.name}_Schedule,${i + 1},1)` : String(t.from) }] : []));
}

const dollars = (n: number) => `$${n.toLocaleString("en-US", { maximumFractionDigits: 2 })}`;

/**
 * The report sheet for `quarter`: with a Terms sheet (`terms` given) its agreements and names,
 * without one the seed's Sales and Other Agreements and figures.
 */
export function reportLayout(quarter: Quarter, terms?: DealTerms): ReportLayout {
  const deal = terms ?? SEED_TERMS;
  const cells: ReportCell[][] = [];
  const formats: (string | null)[][] = [];
  const row = (content: ReportCell[], format: (string | null)[] = []) => {
    cells.push(Array.from({ length: 6 }, (_, i) => content[i] ?? null));
    formats.push(Array.from({ length: 6 }, (_, i) => format[i] ?? null));
    return cells.length;
  };
  const periodColumns = ["B", "C", "D"];

  row([text("Quarterly ATM report")]);
  row([text(`Live formulas over the ${TABLE} table: change the quarter end (B4) or a From / To date and every figure, paragraph and the chart follow.`)]);
  row([]);
  const quarterEndRow = row([text("Quarter ended"), { value: quarterEnd(quarter) }], [null, DATE]);
  const quarterEndCell = `$B$${quarterEndRow}`;
  row([]);
  row([text("Period"), ...PERIODS.map(text)]);
  const fromRow = cells.length + 1;
  const toRow = fromRow + 1;
  const to = (p: string) => `${p}$${toRow}`;
  const from = (p: string) => `${p}$${fromRow}`;
  row(
    [
      text("From"),
      formula(`=DATE(YEAR(${quarterEndCell}),MONTH(${quarterEndCell})-2,1)`),
      formula(`=DATE(YEAR(${quarterEndCell}),1,1)`),
      // Inception: the first sale (or the period's end while the table has none).
      formula(`=IF(COUNT(${column("Trade Date")})=0,D${toRow},MIN(${column("Trade Date")}))`),
    ],
    [null, DATE, DATE, DATE],
  );
  row([text("To"), ...periodColumns.map(() => formula(`=${quarterEndCell}`))], [null, DATE, DATE, DATE]);
  // "During the three months ended ...": the months between whole-month bounds, else the bounds themselves.
  const months = (p: string) => `((YEAR(${to(p)})-YEAR(${from(p)}))*12+MONTH(${to(p)})-MONTH(${from(p)})+1)`;
  const words = ["month", "two months", "three months", "four months", "five months", "six months", "seven months", "eight months", "nine months", "ten months", "eleven months", "twelve months"];
  const opening = (p: string) =>
    `=IF(AND(DAY(${from(p)})=1,DAY(${to(p)}+1)=1,${months(p)}>=1,${months(p)}<=12),"During the "&CHOOSE(${months(p)},${words.map(quoted).join(",")})&" ended "&TEXT(${to(p)},${LONG_DATE}),` +
    `"During the period from "&TEXT(${from(p)},${LONG_DATE})&" to "&TEXT(${to(p)},${LONG_DATE}))`;
  const openingRow = row([text("The note opens"), formula(opening("B")), formula(opening("C")), formula(`="From the first sale under the program through "&TEXT(${to("D")},${LONG_DATE})`)]);
  row([]);

  const groups: ReportLayout["groups"] = [];
  const agreementGroups: { name: string; criteria: string; words: string; capacity: (p: string, grossToDateCell: string) => string }[] = deal.agreements.map((a) => ({
    name: `${a.name} Agreement`,
    criteria: `,${column("Agreement")},${quoted(a.name)}`,
    words: agreementWords([a.name]),
    capacity: (_p, grossToDate) => `=CEO.CAPACITY(${grossToDate},${programMax(a, terms)})`,
  }));
  const capacityRows: number[] = [];
  const all = [...agreementGroups];
  if (deal.agreements.length > 1) {
    all.push({
      name: "Total",
      criteria: "",
      words: agreementWords(deal.agreements.map((a) => a.name)),
      capacity: (p) => `=${capacityRows.map((r) => `${p}${r}`).join("+")}`,
    });
  }
  for (const g of all) {
    const header = row([text(g.name), ...PERIODS.map(text), null, text("10-Q note")]);
    const at = (figure: Figure, p: string) => `${p}${header + 1 + FIGURES.indexOf(figure)}`;
    const between = (p: string) => `${g.criteria},${column("Trade Date")},">="&${from(p)},${column("Trade Date")},"<="&${to(p)}`;
    const sum = (name: string) => (p: string) => `=SUMIFS(${column(name)}${between(p)})`;
    const perFigure: Record<Figure, { make: (p: string) => string; format: string }> = {
      "Shares sold": { make: sum("Shares"), format: SHARES },
      "Gross proceeds": { make: sum("Gross"), format: MONEY },
      Commissions: { make: sum("Fee"), format: MONEY },
      "Net proceeds": { make: sum("Net"), format: MONEY },
      // Gross over shares: with no shares sold there is no price ("n/a"), never #DIV/0!.
      "Weighted average price (gross / shares)": { make: (p) => `=IF(${at("Shares sold", p)}=0,"n/a",${at("Gross proceeds", p)}/${at("Shares sold", p)})`, format: PRICE },
      "Gross sold since inception, at period end": { make: (p) => `=SUMIFS(${column("Gross")}${g.criteria},${column("Trade Date")},"<="&${to(p)})`, format: MONEY },
      "Capacity left at period end": { make: (p) => g.capacity(p, at("Gross sold since inception, at period end", p)), format: MONEY },
      "Warrants issued (warrant shares)": { make: sum("Warrant Shares"), format: SHARES },
    };
    const paragraphLabels = ["Quarter:", "Year to date:", "Since inception:"];
    FIGURES.forEach((figure, k) => {
      const r = header + 1 + k;
      if (figure === "Capacity left at period end" && g.name !== "Total") capacityRows.push(r);
      const p = periodColumns[k];
      const paragraph = p === undefined ? [] : [text(paragraphLabels[k]!), formula(paragraphFormula(p, g.words, openingRow, toRow, (f) => at(f, p)))];
      row([text(figure), ...periodColumns.map((c) => formula(perFigure[figure].make(c))), ...paragraph], [null, perFigure[figure].format, perFigure[figure].format, perFigure[figure].format]);
    });
    groups.push({ name: g.name, header, paragraphs: header + 1 });
    row([]);
  }

  // The chart's data: dates evenly spaced from the first sale to the quarter's end, the gross sold
  // to each date per agreement, and constant series for each program maximum and fee tier bound.
  const series: ChartLayout["series"] = [];
  const seriesFormulas: ((dateCell: string) => string)[] = [];
  for (const a of deal.agreements) {
    series.push({ column: "", name: `${a.name}: gross sold`, kind: "gross" });
    seriesFormulas.push((d) => `=SUMIFS(${column("Gross")},${column("Agreement")},${quoted(a.name)},${column("Trade Date")},"<="&${d})`);
    series.push({ column: "", name: `${a.name}: program maximum`, kind: "maximum" });
    seriesFormulas.push(() => `=${programMax(a, terms)}`);
    for (const tier of tierBounds(a, terms)) {
      series.push({ column: "", name: `${a.name}: fee tier from ${dollars(tier.from)}`, kind: "tier" });
      seriesFormulas.push(() => `=${tier.operand}`);
    }
  }
  series.forEach((s, i) => (s.column = columnLetters(i + 2)));
  const width = Math.max(6, series.length + 1);
  const chartRow = (content: ReportCell[], format: (string | null)[] = []) => {
    cells.push(Array.from({ length: width }, (_, i) => content[i] ?? null));
    formats.push(Array.from({ length: width }, (_, i) => format[i] ?? null));
    return cells.length;
  };
  for (const r of cells) while (r.length < width) r.push(null);
  for (const r of formats) while (r.length < width) r.push(null);
  chartRow([text("Chart data: gross sold since inception, by date")]);
  const header = chartRow([text("Date"), ...series.map((s) => text(s.name))]);
  for (let k = 0; k < CHART_POINTS; k++) {
    const r = header + 1 + k;
    const date = `=INT(${from("D")}+(${to("D")}-${from("D")})*${k}/${CHART_POINTS - 1})`;
    chartRow([formula(date), ...seriesFormulas.map((f) => formula(f(`$A${r}`)))], [DATE, ...series.map(() => MONEY)]);
  }
  const chart: ChartLayout = { header, first: header + 1, last: header + CHART_POINTS, series, title: "Gross sold since inception against each program's maximum and fee tiers" };
  return { cells, formats, quarterEndCell, fromRow, toRow, groups, chart };
}

/**
 * The 10-Q paragraph of one period, from the period's cells: a period without sales reads "did not
 * sell any shares"; the capacity sentence is left out while the capacity is an error (sold past the
 * program maximum: the cell itself says so).
 */
function paragraphFormula(p: string, agreements: string, openingRow: number, toRow: number, at: (f: Figure) => string): string {
  const open = `${p}$${openingRow}`;
  const money = (cell: string) => `TEXT(${cell},"$#,##0.00")`;
  const capacity = at("Capacity left at period end");
  const available = `IF(ISNUMBER(${capacity})," As of "&TEXT(${p}$${toRow},${LONG_DATE})&", "&${money(capacity)}&" remained available for sale under ${agreements}.","")`;
  const none = `${open}&", the Company did not sell any shares of common stock under ${agreements}."&${available}`;
  const sold =
    `${open}&", the Company sold "&TEXT(${at("Shares sold")},"#,##0")&" shares of common stock under ${agreements} at a weighted average price of "&${money(at("Weighted average price (gross / shares)"))}&" per share, ` +
    `for gross proceeds of "&${money(at("Gross proceeds"))}&" and net proceeds of "&${money(at("Net proceeds"))}&", after commissions of "&${money(at("Commissions"))}&"."&${available}`;
  return `=IF(${at("Shares sold")}=0,${none},${sold})`;
}
