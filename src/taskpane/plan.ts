/*
 * planImport: the agent's placement report (CSV file, pasted text) -> placement rows, or the
 * list of every bad cell. Pure: no Office, no DOM. Applying the plan is apply.ts's job.
 */
import Papa from "papaparse";
import { Decimal } from "../core/decimal";
import { roundMoney } from "../core/rounding";

export type Agreement = "Sales" | "Other";

export interface PlacementRow {
  /** 1-based line of the source text where the row starts. */
  line: number;
  /** Excel serial number (1900 date system). */
  tradeDate: number;
  shares: number;
  price: number;
  gross: number;
  agreement: Agreement;
  placement: string;
  notes: string;
  /** The agent's own figures, when the report states them (for reconciliation). */
  statedCommission?: number;
  statedNet?: number;
}

export interface PlanError {
  line: number;
  column: string;
  message: string;
}

export interface ImportPlan {
  ok: boolean;
  rows: PlacementRow[];
  errors: PlanError[];
}

/** Larger reports are refused with a message rather than freezing the pane (split them). */
export const MAX_IMPORT_BYTES = 30 * 1024 * 1024;

type Field = "tradeDate" | "shares" | "price" | "gross" | "agreement" | "placement" | "notes" | "statedCommission" | "statedNet";

/** Header aliases banks actually send, compared lower-case with spaces, dots and underscores squeezed. */
const ALIASES: Record<Field, string[]> = {
  tradeDate: ["trade date", "date", "tradedate", "trade dt", "execution date", "sale date"],
  shares: ["shares", "qty", "quantity", "shares sold", "share quantity", "no of shares", "number of shares"],
  price: ["price", "avg price", "average price", "avg px", "sale price", "price per share"],
  gross: ["gross", "proceeds", "gross proceeds", "gross amount", "amount"],
  agreement: ["agreement", "program"],
  placement: ["placement", "placement id", "placement no", "placement number"],
  notes: ["notes", "note", "comment", "comments", "memo"],
  statedCommission: ["commission", "agent commission", "commission amount", "fee", "fees"],
  statedNet: ["net proceeds", "net", "net amount"],
};

const COLUMN_LABEL: Record<Field, string> = {
  tradeDate: "Trade Date",
  shares: "Shares",
  price: "Price",
  gross: "Gross",
  agreement: "Agreement",
  placement: "Placement",
  notes: "Notes",
  statedCommission: "Commission",
  statedNet: "Net Proceeds",
};

const normalise = (header: string) => header.trim().toLowerCase().replace(/[\s._#-]+/g, " ").trim();

const FIELD_BY_ALIAS = new Map<string, Field>(
  (Object.entries(ALIASES) as [Field, string[]][]).flatMap(([field, names]) => names.map((name) => [name, field] as const)),
);

function detectDelimiter(firstLine: string): string {
  if (firstLine.includes("\t")) return "\t";
  if (!firstLine.includes(",") && firstLine.includes(";")) return ";";
  return ",";
}

// RECONCILE: use the calendar's serial conversion once src/core/calendar lands.
const serialFromYmd = (y: number, m: number, d: number) => Date.UTC(y, m - 1, d) / 86_400_000 + 25_569;

const MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

function validDate(year: number, month: number, day: number): boolean {
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** ISO (2001-11-01), US (11/01/2001, 11/1/01), 01-Nov-2001, Nov 1, 2001; or an Excel serial. */
export function parseTradeDate(text: string): number | string {
  const t = text.trim();
  let year: number, month: number, day: number;
  let m: RegExpMatchArray | null;
  if ((m = t.match(/^(\d{4})-(\d{1,2})-(\d{1,2})$/))) {
    [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  } else if ((m = t.match(/^(\d{1,2})\/(\d{1,2})\/(\d{4}|\d{2})$/))) {
    const yy = Number(m[3]);
    // Two-digit years: 00-69 are 2000-2069, 70-99 are 1970-1999 (Excel's own rule).
    year = m[3]!.length === 4 ? yy : yy < 70 ? 2000 + yy : 1900 + yy;
    [month, day] = [Number(m[1]), Number(m[2])];
  } else if ((m = t.match(/^(\d{1,2})[- ]([A-Za-z]{3})[A-Za-z]*[- ,]+(\d{4})$/))) {
    [day, month, year] = [Number(m[1]), MONTHS.indexOf(m[2]!.toLowerCase()) + 1, Number(m[3])];
  } else if ((m = t.match(/^([A-Za-z]{3})[A-Za-z]*\.? (\d{1,2}),? (\d{4})$/))) {
    [month, day, year] = [MONTHS.indexOf(m[1]!.toLowerCase()) + 1, Number(m[2]), Number(m[3])];
  } else if (/^\d{5}$/.test(t)) {
    return Number(t); // an Excel serial, as a date cell of the current selection arrives
  } else {
    return `"${text}" is not a date: expected 2001-11-01, 11/01/2001 or 01-Nov-2001`;
  }
  if (month < 1 || !validDate(year, month, day)) return `"${text}" is not a calendar date`;
  return serialFromYmd(year, month, day);
}

/** A positive amount: "$1,234.56", "1234", " 1,234 ". Returns a message when it is not one. */
export function parseAmount(text: string, what: string): Decimal | string {
  const plain = text.trim().replace(/^\$\s*/, "");
  if (/^\(.*\)$/.test(plain)) return `${what} "${text.trim()}" is negative (in parentheses): expected an amount above 0`;
  if (plain.startsWith("-")) return `${what} "${text.trim()}" is negative: expected an amount above 0`;
  if (!/^(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$/.test(plain) && !/^\.\d+$/.test(plain)) {
    return `${what} "${text.trim().slice(0, 40)}" is not a number: expected e.g. 1,234.56`;
  }
  return new Decimal(plain.replace(/,/g, ""));
}

function parseAgreement(text: string): Agreement | undefined {
  const t = text.trim().toLowerCase();
  if (t === "" || t === "sales" || t === "sales agreement" || t === "s") return "Sales";
  if (t === "other" || t === "other agreement" || t === "o") return "Other";
  return undefined;
}

const formatMoney = (amount: Decimal) => "$" + amount.toFixed(2).replace(/\B(?=(\d{3})+(?!\d))/g, ",");

export function planImport(text: string): ImportPlan {
  const errors: PlanError[] = [];
  const fail = (line: number, column: string, message: string): ImportPlan => ({ ok: false, rows: [], errors: [{ line, column, message }] });

  if (text.length > MAX_IMPORT_BYTES) {
    return fail(1, "", `the text is ${(text.length / 1048576).toFixed(1)} MB: the limit is ${MAX_IMPORT_BYTES / 1048576} MB, split the report`);
  }
  const source = text.replace(/^\uFEFF/, "");
  if (source.trim() === "") return fail(1, "", "the report is empty: expected a header line (Trade Date, Shares, Price ...) and one row per sale");

  const firstLine = source.split(/\r\n|\n|\r/, 1)[0] ?? "";
  const parsed = Papa.parse<string[]>(source, { delimiter: detectDelimiter(firstLine), skipEmptyLines: false });
  const breakChar = parsed.meta.linebreak === "\r" ? "\r" : "\n";

  // Line of each record: 1 + line breaks before it (quoted fields may hold line breaks).
  let line = 1;
  const records: { line: number; cells: string[] }[] = [];
  for (const cells of parsed.data) {
    records.push({ line, cells });
    line += 1 + cells.reduce((n, cell) => n + cell.split(breakChar).length - 1, 0);
  }
  const nonBlank = records.filter((r) => r.cells.some((c) => c.trim() !== ""));
  const header = nonBlank[0];
  if (!header) return fail(1, "", "the report is empty");

  const columns = new Map<Field, number>();
  header.cells.forEach((name, index) => {
    if (name.trim() === "") return;
    const field = FIELD_BY_ALIAS.get(normalise(name));
    if (!field) {
      errors.push({ line: header.line, column: name, message: `unknown column "${name.trim().slice(0, 40)}": expected ${Object.values(COLUMN_LABEL).join(", ")} (or their usual aliases)` });
    } else if (columns.has(field)) {
      errors.push({ line: header.line, column: name, message: `column "${name.trim()}" repeats ${COLUMN_LABEL[field]}` });
    } else {
      columns.set(field, index);
    }
  });
  if (errors.length > 0) return { ok: false, rows: [], errors };
  if (!columns.has("tradeDate")) errors.push({ line: header.line, column: "Trade Date", message: "no Trade Date column" });
  const given = (["shares", "price", "gross"] as const).filter((f) => columns.has(f));
  if (given.length < 2) {
    errors.push({ line: header.line, column: "", message: "expected at least two of the columns Shares, Price and Gross" });
  }
  if (errors.length > 0) return { ok: false, rows: [], errors };
  const body = nonBlank.slice(1);
  if (body.length === 0) return fail(header.line, "", "the report has a header but no rows");

  const rows: PlacementRow[] = [];
  for (const record of body) {
    const rowErrors: PlanError[] = [];
    const cell = (field: Field) => {
      const index = columns.get(field);
      return index === undefined ? "" : (record.cells[index] ?? "");
    };
    const bad = (field: Field, message: string) => rowErrors.push({ line: record.line, column: COLUMN_LABEL[field], message });
    if (record.cells.length > header.cells.length && record.cells.slice(header.cells.length).some((c) => c.trim() !== "")) {
      rowErrors.push({ line: record.line, column: "", message: `${record.cells.length} cells, but the header has ${header.cells.length}` });
    }

    const tradeDate = cell("tradeDate").trim() === "" ? "the trade date is missing" : parseTradeDate(cell("tradeDate"));
    if (typeof tradeDate === "string") bad("tradeDate", tradeDate);

    const amount = (field: "shares" | "price" | "gross" | "statedCommission" | "statedNet"): Decimal | undefined => {
      if (cell(field).trim() === "") return undefined;
      const value = parseAmount(cell(field), COLUMN_LABEL[field]);
      if (typeof value === "string") {
        bad(field, value);
        return undefined;
      }
      if (value.isZero() && field !== "statedCommission") bad(field, `${COLUMN_LABEL[field]} is 0: expected an amount above 0`);
      return value;
    };
    let shares = amount("shares");
    let price = amount("price");
    let gross = amount("gross");
    const statedCommission = amount("statedCommission");
    const statedNet = amount("statedNet");
    if (shares && !shares.isInteger()) bad("shares", `Shares "${cell("shares").trim()}" is not a whole number of shares`);

    const agreement = parseAgreement(cell("agreement"));
    if (!agreement) bad("agreement", `agreement "${cell("agreement").trim()}" is not Sales or Other`);

    if (rowErrors.length === 0) {
      if (shares && price && gross) {
        const product = roundMoney(shares.times(price));
        if (product.minus(gross).abs().gt("0.01")) {
          bad("gross", `Gross ${formatMoney(gross)} differs from Shares x Price = ${formatMoney(product)} by more than a cent`);
        }
      } else if (shares && price) {
        gross = roundMoney(shares.times(price));
      } else if (shares && gross) {
        price = gross.dividedBy(shares);
      } else if (price && gross) {
        const derived = gross.dividedBy(price).toDecimalPlaces(0, Decimal.ROUND_HALF_UP);
        if (derived.isZero() || roundMoney(derived.times(price)).minus(gross).abs().gt("0.01")) {
          bad("shares", `Gross ${formatMoney(gross)} / Price ${price.toString()} is not a whole number of shares`);
        } else {
          shares = derived;
        }
      } else {
        bad(given.find((f) => cell(f).trim() === "") ?? "shares", "expected two of Shares, Price and Gross in this row");
      }
    }

    if (rowErrors.length > 0) {
      errors.push(...rowErrors);
      continue;
    }
    rows.push({
      line: record.line,
      tradeDate: tradeDate as number,
      shares: shares!.toNumber(),
      price: price!.toNumber(),
      gross: gross!.toNumber(),
      agreement: agreement!,
      placement: cell("placement").trim(),
      notes: cell("notes").trim(),
      ...(statedCommission ? { statedCommission: statedCommission.toNumber() } : {}),
      ...(statedNet ? { statedNet: statedNet.toNumber() } : {}),
    });
  }
  return errors.length > 0 ? { ok: false, rows: [], errors } : { ok: true, rows, errors: [] };
}
