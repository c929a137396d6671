/*
 * planImport: the agent's placement report (CSV file, pasted text) -> placement rows, or the
 * list of every bad cell. Pure: no Office, no DOM. Applying the plan is apply.ts's job.
 */
import Papa from "papaparse";
import { MAX_IMPORT_BYTES } from "../excel/limits";
import { exchangeClosure, FIRST_DAY, isoDate, LAST_DAY } from "../../core/calendar";
import { dateForm, FORM_WORDS, parseTradeDate, type NumberForm } from "./dates";
import { Decimal } from "../../core/decimal";
import { pow10 } from "../../core/exact";
import { saleGross, saleGrossCentsOfUnits } from "../../core/gross";
import { roundMoney } from "../../core/rounding";
import { formatCount, formatMoney } from "../format";

/** The agreements a report may name when the workbook has no Terms sheet: the seed's two. */
export const DEFAULT_AGREEMENTS: readonly string[] = ["Sales", "Other"];

export interface PlacementRow {
  /** 1-based line of the source text where the row starts. */
  line: number;
  /** Excel serial number (1900 date system). */
  tradeDate: number;
  shares: number;
  price: number;
  gross: number;
  /** One of the deal's agreement names ("Sales", "Other"); a blank cell is the first agreement. */
  agreement: string;
  placement: string;
  notes: string;
  /** The agent's own figures, when the report states them (for reconciliation). */
  statedCommission?: number;
  statedNet?: number;
  /** The agent's settlement date, when the report states one (Excel serial): compared with SETTLE, a difference flagged, not refused. */
  statedSettlement?: number;
}

export interface PlanError {
  line: number;
  column: string;
  message: string;
}

/** A line the import read but did not make a row of, or a reading the analyst should know about. */
export interface PlanNote {
  line: number;
  message: string;
}

export interface ImportPlan {
  ok: boolean;
  rows: PlacementRow[];
  errors: PlanError[];
  /** Lines skipped (a title above the header, the Total line) and readings to know about; planImport always sets it. */
  notes?: PlanNote[];
}

/** Title lines a report may have above its header (company, period, agent); a header further down is not looked for. */
export const MAX_TITLE_LINES = 5;

/** "Sales or Other", "Sales, Other or Direct". */
const either = (names: readonly string[]) => (names.length < 2 ? names.join("") : `${names.slice(0, -1).join(", ")} or ${names.at(-1)}`);
/** "Sales and Other", "Sales, Other and Direct". */
const both = (names: readonly string[]) => (names.length < 2 ? names.join("") : `${names.slice(0, -1).join(", ")} and ${names.at(-1)}`);

/** Characters papaparse reads at a time: about a thousand records, short-lived enough for the young generation. */
const CHUNK_CHARS = 64 * 1024;

type Field = "tradeDate" | "shares" | "price" | "gross" | "agreement" | "placement" | "notes" | "statedCommission" | "statedNet" | "statedSettlement" | "side";

/** Header aliases banks actually send, compared lower-case with spaces, dots and underscores squeezed. */
const ALIASES: Record<Field, string[]> = {
  tradeDate: ["trade date", "date", "tradedate", "trade dt", "execution date", "sale date"],
  shares: ["shares", "qty", "quantity", "shares sold", "share quantity", "no of shares", "number of shares", "executed shares"],
  price: ["price", "avg price", "average price", "avg px", "sale price", "price per share", "vwap"],
  gross: ["gross", "proceeds", "gross proceeds", "gross amount", "amount"],
  agreement: ["agreement", "program"],
  placement: ["placement", "placement id", "placement no", "placement number"],
  notes: ["notes", "note", "comment", "comments", "memo"],
  statedCommission: ["commission", "agent commission", "commission amount", "fee", "fees", "agent fee", "sales commission"],
  statedNet: ["net proceeds", "net", "net amount"],
  statedSettlement: ["settlement date", "settle date", "settlement", "value date", "settlement dt", "settle dt"],
  side: ["side", "buy/sell", "b/s", "trade side"],
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
  statedSettlement: "Settlement Date",
  side: "Side",
};

const normalise = (header: string) => header.trim().toLowerCase().replace(/[\s._#-]+/g, " ").trim();

const FIELD_BY_ALIAS = new Map<string, Field>(
  (Object.entries(ALIASES) as [Field, string[]][]).flatMap(([field, names]) => names.map((name) => [name, field] as const)),
);

/**
 * The header's separator: tab, semicolon or comma, whichever splits one of the first lines into at
 * least two known column names (a title above the header may hold commas, a header pasted from
 * Excel tabs); else the first line's.
 */
function detectDelimiter(source: string): string {
  const lines = source.split(/\r\n|\n|\r/, 4 * (MAX_TITLE_LINES + 1)).filter((l) => l.trim() !== "").slice(0, MAX_TITLE_LINES + 1);
  for (const line of lines) {
    for (const delimiter of ["\t", ";", ","]) {
      if (knownColumns(line.split(delimiter).map((c) => c.trim().replace(/^"(.*)"$/, "$1"))) >= 2) return delimiter;
    }
  }
  const firstLine = lines[0] ?? "";
  if (firstLine.includes("\t")) return "\t";
  if (!firstLine.includes(",") && firstLine.includes(";")) return ";";
  return ",";
}

/**
 * An amount cell read ("$1,234.56", " 1234 ", ".5"): its digits as the integer `units` of
 * 10^-scale, exact up to 15 digits; a longer amount keeps its plain numeral for Decimal instead.
 */
interface Amount {
  units: number;
  scale: number;
  /** The plain numeral ("1234.56"), only when the amount has more than 15 digits. */
  long: string | undefined;
  zero: boolean;
  /** No non-zero digit after the point. */
  whole: boolean;
}

/** Scanned without a regex or a substring: a report holds hundreds of thousands of amounts. */
function scanAmount(text: string): Amount | undefined {
  let i = 0;
  const n = text.length;
  while (i < n && text.charCodeAt(i) === 32) i++;
  if (i < n && text.charCodeAt(i) === 36 /* $ */) {
    i++;
    while (i < n && text.charCodeAt(i) === 32) i++;
  }
  const start = i;
  let units = 0;
  let digits = 0;
  let zero = true;
  let groupDigits = 0;
  let commas = false;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      units = units * 10 + (c - 48);
      digits++;
      zero &&= c === 48;
      groupDigits++;
    } else if (c === 44 /* , */) {
      if (groupDigits === 0 || groupDigits > 3 || (commas && groupDigits !== 3)) return undefined;
      commas = true;
      groupDigits = 0;
    } else break;
    i++;
  }
  if (commas && groupDigits !== 3) return undefined;
  const wholeEnd = i;
  let whole = true;
  if (i < n && text.charCodeAt(i) === 46 /* . */) {
    i++;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c < 48 || c > 57) break;
      units = units * 10 + (c - 48);
      digits++;
      zero &&= c === 48;
      whole &&= c === 48;
      i++;
    }
    if (i === wholeEnd + 1 && wholeEnd === start) return undefined;
  }
  const end = i;
  while (i < n && text.charCodeAt(i) === 32) i++;
  if (i !== n || end === start) return undefined;
  const scale = end === wholeEnd ? 0 : end - wholeEnd - 1; // "1,000." is 1000
  if (digits <= 15) return { units, scale, long: undefined, zero, whole };
  const integer = wholeEnd === start ? "0" : text.slice(start, wholeEnd).replace(/,/g, "");
  return { units: NaN, scale, long: scale === 0 ? integer : `${integer}.${text.slice(wholeEnd + 1, end)}`, zero, whole };
}

/** The amount as the Decimal path reads it. */
const decimalOf = (a: Amount): Decimal => (a.long !== undefined ? new Decimal(a.long) : new Decimal(a.units).dividedBy(pow10(a.scale)));

/** The amount as a cell holds it: units / 10^scale is one correctly rounded division, as Number(numeral) is. */
const numberOf = (a: Amount): number => (a.long !== undefined ? Number(a.long) : a.units / pow10(a.scale));

/** The amount as written, without $ and thousands separators ("$1,234.50" -> "1234.50"). */
const numeralOf = (a: Amount): string => a.long ?? decimalOf(a).toFixed(a.scale);

/** "1.234,56" <-> "1,234.56": the European form's separators swapped, which scanAmount then reads. */
function swapSeparators(text: string): string {
  let swapped = "";
  let from = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c !== 44 /* , */ && c !== 46 /* . */) continue;
    swapped += text.slice(from, i) + (c === 44 ? "." : ",");
    from = i + 1;
  }
  return from === 0 ? text : swapped + text.slice(from);
}

/** The amount a cell holds in the file's form; "ambiguous" when the file's form is undecided and the two forms read the cell differently. */
function scanIn(text: string, form: NumberForm): Amount | undefined | "ambiguous" {
  if (form === "us") return scanAmount(text);
  if (form === "eu") return scanAmount(swapSeparators(text));
  const us = scanAmount(text);
  const eu = scanAmount(swapSeparators(text));
  if (us && eu && !decimalOf(us).eq(decimalOf(eu))) return "ambiguous";
  return us ?? eu;
}

/** Which form an amount cell is written in: the one form that reads it, if only one does (4.04 US, 4,04 European; 100 and 1,234 either). */
function amountForm(text: string): "us" | "eu" | undefined {
  const us = scanAmount(text) !== undefined;
  const eu = scanAmount(swapSeparators(text)) !== undefined;
  return us === eu ? undefined : us ? "us" : "eu";
}

/** An amount cell -> its numeral, or a message saying why it is not an amount (in the file's form). */
export function parseAmount(text: string, what: string, form: NumberForm = "us"): { numeral: string } | string {
  const t = text.trim();
  const amount = scanIn(text, form);
  if (amount === "ambiguous") {
    const [us, eu] = [scanAmount(text)!, scanAmount(swapSeparators(text))!].map((a) => decimalOf(a).toString());
    return `${what} "${t}" reads as ${us} in US form and as ${eu} in European form, and no other cell of the file says which form it is in: write it without a thousands separator`;
  }
  if (amount) return { numeral: numeralOf(amount) };
  const plain = t.replace(/^\$\s*/, "");
  if (/^\(.*\)$/.test(plain)) return `${what} "${t}" is negative (in parentheses): expected an amount above 0`;
  if (plain.startsWith("-")) return `${what} "${t}" is negative: expected an amount above 0`;
  const other = form === "us" ? "eu" : form === "eu" ? "us" : undefined;
  if (other && amountForm(text) === other) {
    return `${what} "${t}" is in ${other === "eu" ? "European" : "US"} form, but the file is in ${FORM_WORDS[form as "us" | "eu"]}: write it as ${swapSeparators(t)}`;
  }
  return `${what} "${t.slice(0, 40)}" is not a number: expected e.g. ${form === "eu" ? "1.234,56" : "1,234.56"}`;
}

/**
 * The report's form, from every amount and date cell of the columns read: the form that reads the
 * more of them where only one does (a tie goes to the European form, whose separator the file has);
 * "undecided" when none tells.
 */
function decideForm(records: readonly { cells: string[] }[], index: Record<Field, number>): NumberForm {
  let us = 0;
  let eu = 0;
  const amounts = [index.shares, index.price, index.gross, index.statedCommission, index.statedNet].filter((i) => i >= 0);
  const dates = [index.tradeDate, index.statedSettlement].filter((i) => i >= 0);
  for (const { cells } of records) {
    for (const i of amounts) {
      const form = amountForm(cells[i] ?? "");
      if (form === "us") us++;
      else if (form === "eu") eu++;
    }
    for (const i of dates) {
      const form = dateForm(cells[i] ?? "");
      if (form === "us") us++;
      else if (form === "eu") eu++;
    }
  }
  return us === 0 && eu === 0 ? "undecided" : eu >= us ? "eu" : "us";
}

/** Agreement cell text -> agreement name: the name, "<name> Agreement", its unique initial; blank is the first. */
function agreementLookup(names: readonly string[]): Map<string, string> {
  const lookup = new Map<string, string>([["", names[0] ?? ""]]);
  for (const name of names) {
    lookup.set(name.toLowerCase(), name).set(`${name} agreement`.toLowerCase(), name);
    const initial = name[0]!.toLowerCase();
    if (names.filter((n) => n[0]!.toLowerCase() === initial).length === 1) lookup.set(initial, name);
  }
  return lookup;
}

/** shares x price to the cent: the integer fast path of core/gross, or undefined where only Decimal can answer. */
function grossCents(shares: Amount, price: Amount): number | undefined {
  return shares.long === undefined && price.long === undefined ? saleGrossCentsOfUnits(numberOf(shares), price.units, price.scale) : undefined;
}

const isBlank = (cells: string[]): boolean => (cells[0] === undefined || cells[0] === "" || cells[0].trim() === "") && cells.every((c) => c.trim() === "");

/** How many cells name a column the import knows: the header names at least two (a valid one three); a title line, as a rule, none. */
const knownColumns = (cells: string[]): number => cells.reduce((n, cell) => (FIELD_BY_ALIAS.has(normalise(cell)) ? n + 1 : n), 0);

const TOTAL = /^(grand )?totals?:?$/i;

/** A total line: its first non-empty cell is "Total" (or "Totals", "Grand Total", "TOTAL:"). */
function isTotal(cells: string[]): boolean {
  for (const cell of cells) {
    if (cell === "") continue;
    const text = cell.trim();
    if (text !== "") return TOTAL.test(text);
  }
  return false;
}

/** A title line as the note quotes it: its cells as written, shortened. */
function quoted(cells: string[]): string {
  const text = cells.map((c) => c.trim()).filter((c) => c !== "").join(", ");
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

const HEADER_NOT_FOUND = `header not found: no line names the columns of the report (expected a line such as "Trade Date,Shares,Price,Agreement" above the first sale, and at most ${MAX_TITLE_LINES} title lines above it)`;

/**
 * The report's text -> its rows, or every bad cell. The header is the first line naming at least two
 * of the import's columns; up to MAX_TITLE_LINES lines above it (a title, the agent's name, the period)
 * are skipped with a note. A line whose first cell is "Total" after the data is skipped with a note too,
 * once its figures are checked against the rows. Line numbers are always the source's lines.
 */
export function planImport(text: string, agreements: readonly string[] = DEFAULT_AGREEMENTS): ImportPlan {
  const notes: PlanNote[] = [];
  const fail = (line: number, column: string, message: string): ImportPlan => ({ ok: false, rows: [], errors: [{ line, column, message }], notes });
  if (text.length > MAX_IMPORT_BYTES) {
    return fail(1, "", `the text is ${(text.length / 1048576).toFixed(1)} MB: the limit is ${MAX_IMPORT_BYTES / 1048576} MB, split the report`);
  }
  const source = text.replace(/^\uFEFF/, "");
  if (source.trim() === "") return fail(1, "", "the report is empty: expected a header line (Trade Date, Shares, Price ...) and one row per sale");

  const errors: PlanError[] = [];
  const rows: PlacementRow[] = [];
  let headerLine: number | undefined;
  let context: RowContext | undefined;
  /** Non-blank lines above the header while it is looked for: titles once it is found. */
  const above: { line: number; cells: string[]; known: number }[] = [];
  let total: { line: number; cells: string[] } | undefined;
  const delimiter = detectDelimiter(source);
  // A ";" report may be in either form: its records wait until the whole file has said which (decideForm).
  const pending: { line: number; cells: string[] }[] | undefined = delimiter === ";" ? [] : undefined;
  const take = (recordLine: number, cells: string[]) => {
    if (total) {
      errors.push({ line: recordLine, column: "", message: `a line after the Total line (line ${total.line}): the Total line ends the report` });
    } else if (isTotal(cells)) {
      total = { line: recordLine, cells };
    } else {
      const row = planRow(recordLine, cells, context!, errors);
      if (row) rows.push(row);
    }
  };
  // The line a record starts on: 1 + the line breaks before it in the source (quoted fields may hold some).
  let line = 1;
  let breakChar = "";
  let chunkStart = 0;
  // In chunks, so that each chunk's cells die young instead of piling up (half the garbage
  // collection of parsing all at once). papaparse's docs and typings speak of chunks for files,
  // but its string streamer chunks alike: test/taskpane/plan.test.ts plans reports of many chunks.
  Papa.parse<string[]>(source, <Papa.ParseConfig<string[]>>{
    delimiter,
    skipEmptyLines: false,
    chunkSize: CHUNK_CHARS,
    chunk: ({ data: records, meta }: Papa.ParseResult<string[]>, parser: Papa.Parser) => {
      if (breakChar === "") breakChar = meta.linebreak === "\r" ? "\r" : "\n";
      let breaks = 0;
      for (let at = source.indexOf(breakChar, chunkStart); at >= 0 && at < meta.cursor; at = source.indexOf(breakChar, at + 1)) breaks++;
      chunkStart = meta.cursor;
      // A break ends each record but the report's last; any more are inside quoted fields, so count those.
      const inFields = breaks !== records.length - (meta.cursor >= source.length ? 1 : 0);
      for (const cells of records) {
        const recordLine = line;
        line += 1;
        if (inFields) for (const cell of cells) for (let at = cell.indexOf(breakChar); at >= 0; at = cell.indexOf(breakChar, at + 1)) line++;
        if (isBlank(cells)) continue;
        if (context) {
          if (pending) pending.push({ line: recordLine, cells });
          else take(recordLine, cells);
        } else if (headerLine === undefined) {
          const known = knownColumns(cells);
          if (known >= 2) {
            headerLine = recordLine;
            for (const title of above) notes.push({ line: title.line, message: `skipped: a title above the header ("${quoted(title.cells)}")` });
            context = readHeader(cells, recordLine, agreements, errors, notes);
            if (!context) return parser.abort();
          } else {
            above.push({ line: recordLine, cells, known });
            if (above.length > MAX_TITLE_LINES) return parser.abort();
          }
        }
      }
    },
  });
  if (headerLine === undefined) {
    if (above.length === 0) return fail(1, "", "the report is empty");
    // No line looks like a header. The one naming most known columns, if any does, is read as the
    // header so that its misspelt or unknown columns are named; else there is no header to speak of.
    const best = above.reduce((a, b) => (b.known > a.known ? b : a));
    if (best.known === 0) {
      return fail(above[0]!.line, "", `${HEADER_NOT_FOUND}; line ${above[0]!.line} reads "${quoted(above[0]!.cells)}"`);
    }
    readHeader(best.cells, best.line, agreements, errors, notes);
    return { ok: false, rows: [], errors, notes };
  }
  if (pending && context) {
    context.form = decideForm(pending, context.index);
    context.tradeDateOf = tradeDateChecker(context.form);
    for (const record of pending) take(record.line, record.cells);
  }
  if (total && errors.length === 0) checkTotal(total, context!, rows, errors, notes);
  if (errors.length > 0) return { ok: false, rows: [], errors, notes };
  // Every non-blank record after the header gave a row or an error.
  if (rows.length === 0) return fail(headerLine, "", "the report has a header but no rows");
  return { ok: true, rows, errors: [], notes };
}

/** The figures a Total line may carry, summed over the rows: price is an average, never summed. */
const TOTALLED: readonly { field: AmountField; of: (row: PlacementRow) => number | undefined; money: boolean }[] = [
  { field: "shares", of: (r) => r.shares, money: false },
  { field: "gross", of: (r) => r.gross, money: true },
  { field: "statedCommission", of: (r) => r.statedCommission, money: true },
  { field: "statedNet", of: (r) => r.statedNet, money: true },
];

/** The Total line's figures against the rows' sums: each that differs is an error; agreeing, the line is skipped with a note. */
function checkTotal(total: { line: number; cells: string[] }, context: RowContext, rows: readonly PlacementRow[], errors: PlanError[], notes: PlanNote[]): void {
  const agreeing: string[] = [];
  for (const { field, of, money } of TOTALLED) {
    const text = cellText(total.cells, context.index[field]);
    if (text.trim() === "") continue;
    const label = COLUMN_LABEL[field];
    const amount = scanIn(text, context.form);
    if (!amount || amount === "ambiguous") {
      pushError(errors, total.line, field, parseAmount(text, `the Total line's ${label}`, context.form) as string);
      continue;
    }
    const sum = rows.reduce((s, r) => s.plus(of(r) ?? 0), new Decimal(0));
    const [stated, summed] = money ? [roundMoney(decimalOf(amount)), roundMoney(sum)] : [decimalOf(amount), sum];
    if (stated.eq(summed)) agreeing.push(label);
    else {
      const shown = (d: Decimal) => (money ? formatMoney(d) : formatCount(d));
      pushError(errors, total.line, field, `the Total line's ${label} ${shown(stated)} is not the sum of the rows above, ${shown(summed)}: a row is missing or extra`);
    }
  }
  if (errors.length > 0) return;
  const agree = agreeing.length === 1 && agreeing[0] !== "Shares" ? "agrees" : "agree";
  notes.push({ line: total.line, message: `skipped: the Total line${agreeing.length > 0 ? ` (its ${both(agreeing)} ${agree} with the rows above)` : ""}` });
}

/** The header line -> where each field is, and how to read a row; or its errors pushed onto `errors`. */
function readHeader(cells: string[], line: number, agreements: readonly string[], errors: PlanError[], notes: PlanNote[]): RowContext | undefined {
  const columns = new Map<Field, number>();
  const ignored: string[] = [];
  cells.forEach((name, index) => {
    if (name.trim() === "") return;
    const field = FIELD_BY_ALIAS.get(normalise(name));
    if (!field) {
      ignored.push(name.trim().slice(0, 40)); // Ticker, Broker, Account ...: what the report carries beside the sales
    } else if (columns.has(field)) {
      errors.push({ line, column: name, message: `column "${name.trim()}" repeats ${COLUMN_LABEL[field]}` });
    } else {
      columns.set(field, index);
    }
  });
  if (errors.length > 0) return undefined;
  const given = (["shares", "price", "gross"] as const).filter((f) => columns.has(f));
  const found = `the header names ${cells.map((c) => c.trim()).filter((c) => c !== "").join(", ")}`;
  const expected = "expected Trade Date and at least two of Shares, Price and Gross (or their aliases: Date; Qty, Executed Shares; Avg Price, VWAP; Proceeds)";
  if (!columns.has("tradeDate") && given.length === 0) {
    errors.push({ line, column: "", message: `none of the columns the import needs: ${found}; ${expected}` });
    return undefined;
  }
  if (!columns.has("tradeDate")) errors.push({ line, column: "Trade Date", message: `no Trade Date column (or Date, Execution Date, Sale Date): ${found}` });
  if (given.length < 2) errors.push({ line, column: "", message: `expected at least two of the columns Shares, Price and Gross: ${found}` });
  if (errors.length > 0) return undefined;
  if (ignored.length > 0) notes.push({ line, message: `ignored: ${ignored.join(", ")} (columns the import does not use)` });
  if (!columns.has("agreement") && agreements.length > 1) {
    notes.push({ line, message: `no Agreement column: every row is counted under ${agreements[0]} (the deal's agreements: ${both(agreements)})` });
  }

  // A literal, so that the engine gives it a fixed shape: it is read several times a row.
  const at = (field: Field) => columns.get(field) ?? -1;
  const index: Record<Field, number> = {
    tradeDate: at("tradeDate"),
    shares: at("shares"),
    price: at("price"),
    gross: at("gross"),
    agreement: at("agreement"),
    placement: at("placement"),
    notes: at("notes"),
    statedCommission: at("statedCommission"),
    statedNet: at("statedNet"),
    statedSettlement: at("statedSettlement"),
    side: at("side"),
  };
  return { index, width: cells.length, given, form: "us", tradeDateOf: tradeDateChecker("us"), agreements: agreementLookup(agreements), agreementNames: agreements };
}

/** Trade date cell text -> Excel serial, or why it is not a trading day. Reports repeat the same few dates, usually in runs: each is checked once, and compared with the last before it is looked up. */
function tradeDateChecker(form: NumberForm): (text: string) => number | string {
  const dates = new Map<string, number | string>();
  let lastText: string | undefined;
  let lastDate: number | string = "";
  return (text) => {
    if (text === lastText) return lastDate;
    let date = dates.get(text);
    if (date === undefined) {
      date = text.trim() === "" ? "the trade date is missing" : parseTradeDate(text, form);
      if (typeof date === "number") {
        if (date < FIRST_DAY || date > LAST_DAY) date = `${isoDate(date)} is outside the calendars (${isoDate(FIRST_DAY)} to ${isoDate(LAST_DAY)})`;
        else {
          const closed = exchangeClosure(date);
          if (closed) date = `${isoDate(date)} is not a trading day (${closed})`;
        }
      }
      dates.set(text, date);
    }
    lastText = text;
    lastDate = date;
    return date;
  };
}

type AmountField = "shares" | "price" | "gross" | "statedCommission" | "statedNet";

/** What a Side cell may say of a sale; anything else (Buy, B, Short) is not one. */
const SALE_SIDES = new Set(["sell", "s", "sale"]);

/** The Side cell: a sale, or an error on the line. An issuer's program only sells: a buy or a short sale in its report is a mistake to fix, not a row to drop. */
function readSide(text: string, line: number, errors: PlanError[]): void {
  const side = text.trim();
  if (SALE_SIDES.has(side.toLowerCase())) return;
  pushError(errors, line, "side", side === "" ? "the side is blank: expected Sell, S or Sale" : `side "${side.slice(0, 20)}" is not a sale: an issuer's program only sells (expected Sell, S or Sale)`);
}

/**
 * The agent's settlement date: blank is not stated; a date the calendars cover, on or after the
 * trade date (one before it is a misread date, not a difference to flag). Whether it is the day
 * SETTLE gives is the Placements table's and Reconcile's question: flagged there, never refused here.
 */
function readSettlement(text: string, tradeDate: number | string, line: number, errors: PlanError[], form: NumberForm): number | undefined {
  if (text.trim() === "") return undefined;
  const date = parseTradeDate(text, form);
  if (typeof date === "string") return void pushError(errors, line, "statedSettlement", `settlement date: ${date}`);
  if (date < FIRST_DAY || date > LAST_DAY) return void pushError(errors, line, "statedSettlement", `settlement date ${isoDate(date)} is outside the calendars (${isoDate(FIRST_DAY)} to ${isoDate(LAST_DAY)})`);
  if (typeof tradeDate === "number" && date < tradeDate) {
    return void pushError(errors, line, "statedSettlement", `settlement date ${isoDate(date)} is before the trade date ${isoDate(tradeDate)}`);
  }
  return date;
}

// Module-level helpers rather than closures per row: 100,000 rows make that difference measurable.
function cellText(cells: string[], index: number): string {
  return index < 0 ? "" : (cells[index] ?? "");
}

function pushError(errors: PlanError[], line: number, field: Field, message: string): void {
  errors.push({ line, column: COLUMN_LABEL[field], message });
}

function readAmount(cells: string[], index: number, field: AmountField, line: number, errors: PlanError[], form: NumberForm): Amount | undefined {
  const text = cellText(cells, index);
  if (text === "") return undefined;
  const amount = form === "us" ? scanAmount(text) : scanIn(text, form);
  if (amount === undefined || amount === "ambiguous") {
    if (text.trim() !== "") pushError(errors, line, field, parseAmount(text, COLUMN_LABEL[field], form) as string);
    return undefined;
  } else if (amount.zero && field !== "statedCommission") {
    pushError(errors, line, field, `${COLUMN_LABEL[field]} is 0: expected an amount above 0`);
  } else if (!amount.whole && field === "shares") {
    pushError(errors, line, field, `Shares "${text.trim()}" is not a whole number of shares`);
  }
  return amount;
}

/** One report line: its row, or its errors pushed onto `errors`. */
interface RowContext {
  index: Record<Field, number>;
  width: number;
  given: readonly ("shares" | "price" | "gross")[];
  /** How the report writes numbers and dates: "us" until a ";" report has been read whole (decideForm). */
  form: NumberForm;
  tradeDateOf: (text: string) => number | string;
  agreements: Map<string, string>;
  agreementNames: readonly string[];
}

function planRow(line: number, cells: string[], context: RowContext, errors: PlanError[]): PlacementRow | undefined {
  const { index, width } = context;
  const before = errors.length;
  if (cells.length > width && cells.slice(width).some((c) => c.trim() !== "")) {
    errors.push({ line, column: "", message: `${cells.length} cells, but the header has ${width}` });
  }

  const tradeDate = context.tradeDateOf(cellText(cells, index.tradeDate));
  if (typeof tradeDate === "string") pushError(errors, line, "tradeDate", tradeDate);
  const { form } = context;
  const shares = readAmount(cells, index.shares, "shares", line, errors, form);
  const price = readAmount(cells, index.price, "price", line, errors, form);
  const gross = readAmount(cells, index.gross, "gross", line, errors, form);
  const statedCommission = readAmount(cells, index.statedCommission, "statedCommission", line, errors, form);
  const statedNet = readAmount(cells, index.statedNet, "statedNet", line, errors, form);
  if (index.side >= 0) readSide(cellText(cells, index.side), line, errors);
  const statedSettlement = index.statedSettlement >= 0 ? readSettlement(cellText(cells, index.statedSettlement), tradeDate, line, errors, form) : undefined;
  const agreementText = cellText(cells, index.agreement);
  const agreement = context.agreementNames.includes(agreementText)
    ? agreementText // the usual spelling: compared before hashing it
    : index.agreement >= 0 && context.agreementNames.length > 1 && agreementText.trim() === ""
      ? undefined // a report that names agreements, silent on this sale's: which program it counts against is not a guess
      : (context.agreements.get(agreementText) ?? context.agreements.get(agreementText.trim().toLowerCase()));
  if (!agreement) {
    pushError(errors, line, "agreement", agreementText.trim() === "" ? `the agreement is blank, and the deal has more than one: expected ${either(context.agreementNames)}` : `agreement "${agreementText.trim()}" is not ${context.agreementNames.join(" or ")}`);
  }
  if (errors.length > before) return undefined;

  let sharesValue: number, priceValue: number, grossValue: number;
  if (shares && price && gross) {
    const product = grossCents(shares, price);
    const stated = gross.long === undefined && gross.scale <= 2 ? gross.units * pow10(2 - gross.scale) : undefined;
    const computed = () => saleGross(decimalOf(shares), decimalOf(price));
    if (product !== undefined && stated !== undefined ? Math.abs(product - stated) > 1 : computed().minus(decimalOf(gross)).abs().gt("0.01")) {
      pushError(errors, line, "gross", `Gross ${formatMoney(decimalOf(gross))} differs from Shares x Price = ${formatMoney(computed())} by more than a cent`);
      return undefined;
    }
    sharesValue = numberOf(shares);
    priceValue = numberOf(price);
    grossValue = numberOf(gross);
  } else if (shares && price) {
    const product = grossCents(shares, price);
    sharesValue = numberOf(shares);
    priceValue = numberOf(price);
    grossValue = product !== undefined ? product / 100 : saleGross(decimalOf(shares), decimalOf(price)).toNumber();
  } else if (shares && gross) {
    sharesValue = numberOf(shares);
    priceValue = decimalOf(gross).dividedBy(decimalOf(shares)).toNumber();
    grossValue = numberOf(gross);
  } else if (price && gross) {
    const derived = decimalOf(gross).dividedBy(decimalOf(price)).toDecimalPlaces(0, Decimal.ROUND_HALF_UP);
    if (derived.isZero() || roundMoney(derived.times(decimalOf(price))).minus(decimalOf(gross)).abs().gt("0.01")) {
      pushError(errors, line, "shares", `Gross ${formatMoney(decimalOf(gross))} / Price ${numeralOf(price)} is not a whole number of shares`);
      return undefined;
    }
    sharesValue = derived.toNumber();
    priceValue = numberOf(price);
    grossValue = numberOf(gross);
  } else {
    pushError(errors, line, context.given.find((f) => cellText(cells, index[f]).trim() === "") ?? "shares", "expected two of Shares, Price and Gross in this row");
    return undefined;
  }

  const row: PlacementRow = {
    line,
    tradeDate: tradeDate as number,
    shares: sharesValue,
    price: priceValue,
    gross: grossValue,
    agreement: agreement!,
    placement: cellText(cells, index.placement).trim(),
    notes: cellText(cells, index.notes).trim(),
  };
  if (statedCommission) row.statedCommission = numberOf(statedCommission);
  if (statedNet) row.statedNet = numberOf(statedNet);
  if (statedSettlement !== undefined) row.statedSettlement = statedSettlement;
  return row;
}
