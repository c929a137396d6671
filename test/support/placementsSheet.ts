/*
 * A Placements table as a spreadsheet engine without Excel tables sees it: the table at A1 (header
 * row 1), every data row holding the column formulas the import writes (as Excel fills a
 * calculated column, also into a row inserted by hand), and the structured references resolved to
 * the cells they name, as Excel resolves them:
 *   [@Gross] -> D7 (this row), [Gross] -> $D$2:$D$n+1, [#Headers] -> $A$1:$X$1, Placements[Gross] alike.
 * `banker` first passes the sheet through the pane's own planner (planSharing), so the grid is the
 * banker's copy as Prepare for sharing writes it (CEO calls replaced by native formulas).
 *
 * hyperformula's dependency graph takes INDEX's whole range as a precedent, so a column reading its
 * own row above through INDEX([Column], k) is a #CYCLE! there (Excel and LibreOffice follow the
 * reference INDEX returns, as Excel does for OFFSET(C3,-1,0) in C3). `resolveAbove` replaces
 * INDEX([Column],(ROW()-ROW([#Headers]))-1), the only such read, by the cell it names on that row
 * for hyperformula; LibreOffice gets the formula as written.
 */
import { columnLetters, tokenize } from "../../src/core/formulaText";
import { computedColumns, HEADERS, summary, type Column } from "../../src/taskpane/import/placementsTable";
import { planSharing } from "../../src/taskpane/share/share";
import type { DealTerms } from "../../src/taskpane/terms/terms";
import { Decimal } from "../../src/core/decimal";
import { commission, netProceeds, OTHER_AGREEMENT_SCHEDULE, SALES_AGREEMENT_SCHEDULE, type FeeSchedule } from "../../src/core/fees";

export type Cell = string | number | null;

/** A sale as the input columns hold it (null: a blank cell). */
export interface SaleCells {
  tradeDate: Cell;
  shares: Cell;
  price: Cell;
  gross: Cell;
  agreement: Cell;
  placement?: Cell;
  notes?: Cell;
  agentCommission?: Cell;
  agentNet?: Cell;
}

const INPUTS: Record<string, (s: SaleCells) => Cell> = {
  "Trade Date": (s) => s.tradeDate,
  Shares: (s) => s.shares,
  Price: (s) => s.price,
  Gross: (s) => s.gross,
  Agreement: (s) => s.agreement,
  Placement: (s) => s.placement ?? null,
  Notes: (s) => s.notes ?? null,
  "Agent Commission": (s) => s.agentCommission ?? null,
  "Agent Net": (s) => s.agentNet ?? null,
};
/** A cell the import writes as a value: the sale's, or blank (Agent Settlement, Compliance). */
export const inputCell = (s: SaleCells, header: string): Cell => INPUTS[header]?.(s) ?? null;

export interface Layout {
  headers: string[];
  columns: Column[];
  /** 0-based column of each header. */
  at: (header: string) => number;
}

export function layout(terms?: DealTerms): Layout {
  const columns = computedColumns(terms);
  // The table's order (HEADERS): the computed columns' names do not depend on the terms.
  const headers = [...HEADERS];
  if (columns.some((c) => !headers.includes(c.name))) throw new Error("HEADERS changed: update test/support/placementsSheet.ts");
  return { headers, columns, at: (h) => headers.indexOf(h) };
}

/** A structured formula of the table, with its references resolved for a data row at sheet row `row` (1-based) of a table of `count` rows. */
export function resolve(formula: string, lay: Layout, row: number, count: number, resolveAbove: boolean): string {
  const letter = (header: string) => {
    const i = lay.at(header);
    if (i < 0) throw new Error(`no column ${header}`);
    return columnLetters(i + 1);
  };
  const last = count + 1;
  const column = (header: string) => `$${letter(header)}$2:$${letter(header)}$${Math.max(last, 2)}`;
  let text = formula;
  if (resolveAbove) text = text.replace(/INDEX\(\[([^\]]+)\],\(ROW\(\)-ROW\(\[#Headers\]\)\)-1\)/g, (_, header: string) => `${letter(header)}${Math.max(row - 1, 1)}`);
  return tokenize(text)
    .map((t) => {
      if (t.kind !== "struct") return t.text;
      const body = t.text.replace(/^Placements/, "");
      if (body === "[#Headers]") return `$A$1:$${columnLetters(lay.headers.length)}$1`;
      const thisRow = body.match(/^\[@(?:\[(.+)\]|(.+))\]$/);
      if (thisRow) return `${letter(thisRow[1] ?? thisRow[2]!)}${row}`;
      const whole = body.match(/^\[(.+)\]$/);
      if (whole && !whole[1]!.startsWith("[")) return column(whole[1]!);
      throw new Error(`structured reference not handled: ${t.text}`);
    })
    .join("");
}

/** The table's formulas, as the workbook holds them (structured) or as the banker's copy holds them. */
export function columnFormulas(lay: Layout, banker: boolean): string[] {
  if (!banker) return lay.columns.map((c) => c.formula);
  const formulas = [[...lay.headers], lay.headers.map((h) => lay.columns.find((c) => c.name === h)?.formula ?? null)];
  // As Prepare reads them: the header row's values are its names (NET reads FEE's column by its header).
  const values = [[...lay.headers], lay.headers.map(() => null)];
  const plan = planSharing([{ name: "Placements", copy: "Placements (shared)", address: `A1:${columnLetters(lay.headers.length)}2`, formulas, values }]);
  const sheet = plan.sheets[0]!;
  const kept = sheet.notes;
  if (sheet.values > 0) throw new Error(`the banker's copy keeps values: ${kept.join("; ")}`);
  const written = new Map(sheet.writes.map((w) => [w.column, w.content]));
  return lay.columns.map((c, k) => {
    const content = written.get(lay.at(c.name));
    return typeof content === "string" ? content : c.formula;
  });
}

/** The sheet: header row, then each row's input cells and the column formulas resolved for it. */
export function sheetRows(rows: readonly SaleCells[], lay: Layout, formulas: readonly string[], resolveAbove: boolean): Cell[][] {
  return [
    lay.headers,
    ...rows.map((sale, i) =>
      lay.headers.map((h) => {
        const k = lay.columns.findIndex((c) => c.name === h);
        return k < 0 ? inputCell(sale, h) : resolve(formulas[k]!, lay, i + 2, rows.length, resolveAbove);
      }),
    ),
  ];
}

/** The summary's formulas resolved the same way (label, formula), placed from column `summaryColumn`. */
export function summaryFormulas(lay: Layout, count: number, terms: DealTerms | undefined, resolveAbove: boolean): [string, string][] {
  return summary(terms, { column: lay.headers.length + 1, row: 1 }).rows.map(([label, formula]) => [label, resolve(formula, lay, 2, count, resolveAbove)]);
}

/** Excel's sort of a table by a column's values: stable, numbers before text before blanks (blanks last in both directions). */
export function sortedBy<T>(rows: readonly T[], key: (row: T) => unknown, descending: boolean): T[] {
  const rank = (v: unknown) => (v === null || v === undefined || v === "" ? 2 : typeof v === "number" ? 0 : 1);
  return rows
    .map((row, i) => ({ row, i, v: key(row) }))
    .sort((a, b) => {
      const ra = rank(a.v);
      const rb = rank(b.v);
      if (ra !== rb || ra === 2) return ra - rb || a.i - b.i;
      const c = ra === 0 ? (a.v as number) - (b.v as number) : String(a.v).toLowerCase().localeCompare(String(b.v).toLowerCase());
      return (descending ? -c : c) || a.i - b.i;
    })
    .map((x) => x.row);
}

/** Trading days of November and December 2001 (serials), for sales with ties. */
export const DAYS = [37196, 37197, 37200, 37201, 37202, 37203, 37204, 37207, 37208, 37209, 37210, 37211, 37214, 37215, 37216, 37218, 37221, 37222, 37223, 37224, 37225];

/** 36 sales, a few a day, both agreements, crossing the Sales Agreement's $10M and $20M tiers; fixed pseudo-random. */
export function sales(count = 36): SaleCells[] {
  let seed = 19;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const out: SaleCells[] = [];
  for (let i = 0; i < count; i++) {
    const shares = 20_000 + Math.floor(random() * 180_000);
    const price = Math.round((3 + random() * 3) * 10_000) / 10_000;
    out.push({
      tradeDate: DAYS[Math.floor((i * DAYS.length) / count)]!,
      shares,
      price,
      gross: Math.round(shares * price * 100) / 100,
      agreement: random() < 0.3 ? "Other" : "Sales",
      placement: `P-${String(count - i).padStart(3, "0")}`,
      notes: i % 5 === 0 ? "block" : null,
    });
  }
  return out;
}

export const SCHEDULES: Record<string, FeeSchedule> = { Sales: SALES_AGREEMENT_SCHEDULE, Other: OTHER_AGREEMENT_SCHEDULE };

/** What the table must show, computed here: per row Prior Gross, Fee, Net; or the first problem when the running sums cannot be trusted. */
export function expected(rows: readonly SaleCells[], schedules: Record<string, FeeSchedule> = SCHEDULES): { prior: number; fee: number; net: number }[] | { problem: string } {
  for (const [i, r] of rows.entries()) {
    if (typeof r.tradeDate !== "number") return { problem: "Trade Date is blank or not a date" };
    if (typeof r.gross !== "number") return { problem: "Gross is blank or not a number" };
    if (r.gross < 0 || !new Decimal(r.gross).mul(10_000).isInteger()) return { problem: "Gross is negative or has more than 4 decimals" };
    if (typeof r.agreement !== "string" || !Object.keys(schedules).some((a) => a.toLowerCase() === (r.agreement as string).toLowerCase())) return { problem: "Agreement is not one of" };
    if (i > 0 && typeof rows[i - 1]!.tradeDate === "number" && r.tradeDate < (rows[i - 1]!.tradeDate as number)) return { problem: "Trade Date is earlier than the row above" };
  }
  const sold = new Map<string, Decimal>();
  return rows.map((r) => {
    const agreement = Object.keys(schedules).find((a) => a.toLowerCase() === (r.agreement as string).toLowerCase())!;
    const gross = new Decimal(r.gross as number);
    const prior = sold.get(agreement) ?? new Decimal(0);
    sold.set(agreement, prior.plus(gross));
    return { prior: prior.toNumber(), fee: commission(gross, prior, schedules[agreement]!).toNumber(), net: netProceeds(gross, prior, schedules[agreement]!).toNumber() };
  });
}

