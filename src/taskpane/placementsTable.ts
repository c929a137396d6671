/*
 * The Placements table's layout: input columns written as values, computed columns as live
 * =CEO.* formulas (the deal terms stay in src/core, reached through the functions).
 */
import type { PlacementRow } from "./plan";

export const SHEET = "Placements";
export const TABLE = "Placements";

export const INPUT_COLUMNS = ["Trade Date", "Shares", "Price", "Gross", "Agreement", "Placement", "Notes"] as const;

/** Computed columns: one formula per column, the same text on every row (structured references). */
export const COMPUTED_COLUMNS: readonly { name: string; formula: string; format: string }[] = [
  {
    // Gross sold earlier under the same agreement: earlier trade dates, then rows above on the same date.
    name: "Prior Gross",
    formula:
      '=SUMIFS([Gross],[Agreement],[@Agreement],[Trade Date],"<"&[@[Trade Date]])' +
      "+SUMIFS(INDEX([Gross],1):[@Gross],INDEX([Agreement],1):[@Agreement],[@Agreement],INDEX([Trade Date],1):[@[Trade Date]],[@[Trade Date]])" +
      "-[@Gross]",
    format: "#,##0.00",
  },
  { name: "Fee", formula: '=CEO.FEE([@Gross],[@[Prior Gross]],IF([@Agreement]="Other",0.04,""))', format: "#,##0.00" },
  { name: "Net", formula: '=CEO.NET([@Gross],[@[Prior Gross]],IF([@Agreement]="Other",0.04,""))', format: "#,##0.00" },
  { name: "Settlement Date", formula: "=CEO.SETTLE([@[Trade Date]])", format: "yyyy-mm-dd" },
  { name: "Warrant Shares", formula: "=INDEX(CEO.WARRANTS([@Shares],[@Price]),1,1)", format: "#,##0" },
  { name: "Warrant Exercise Price", formula: "=INDEX(CEO.WARRANTS([@Shares],[@Price]),1,2)", format: "0.0000" },
];

export const HEADERS: readonly string[] = [...INPUT_COLUMNS, ...COMPUTED_COLUMNS.map((c) => c.name)];

export const INPUT_FORMATS: readonly string[] = ["yyyy-mm-dd", "#,##0", "0.0000", "#,##0.00", "@", "@", "@"];

/**
 * Text that Excel (or a CSV reader) would take for a formula is written with Excel's own text
 * prefix, an apostrophe: the cell shows the text and never evaluates it (OWASP CSV injection).
 */
export function asText(text: string): string {
  return /^[=+\-@\t\r\n]/.test(text) || text.startsWith("'") ? `'${text}` : text;
}

/** A row's input cells; the computed cells are left null (their column formula fills them). */
export function rowValues(row: PlacementRow): (string | number | null)[] {
  return [row.tradeDate, row.shares, row.price, row.gross, row.agreement, asText(row.placement), asText(row.notes), ...COMPUTED_COLUMNS.map(() => null)];
}

/** What makes two placement rows the same sale, for idempotent re-imports. */
export function rowKey(tradeDate: unknown, shares: unknown, price: unknown, agreement: unknown, placement: unknown): string {
  return [tradeDate, shares, price, agreement, placement].map((v) => String(v ?? "")).join("|");
}

/** The summary block beside the table: label, formula, number format. */
export const SUMMARY: readonly [string, string, string][] = [
  ["Gross, Sales Agreement", '=SUMIFS(Placements[Gross],Placements[Agreement],"Sales")', "#,##0.00"],
  ["Gross, Other Agreement", '=SUMIFS(Placements[Gross],Placements[Agreement],"Other")', "#,##0.00"],
  ["Commissions", "=SUM(Placements[Fee])", "#,##0.00"],
  ["Net proceeds", "=SUM(Placements[Net])", "#,##0.00"],
  ["Warrant shares (offering)", "=INDEX(CEO.WARRANTS(Placements[Shares],Placements[Price]),1,1)", "#,##0"],
  ["Warrant exercise price (offering)", "=INDEX(CEO.WARRANTS(Placements[Shares],Placements[Price]),1,2)", "0.0000"],
  ["Capacity left, Sales ($25M)", "=CEO.CAPACITY(P2)", "#,##0.00"],
  ["Capacity left, Other ($8.4M)", "=CEO.CAPACITY(P3,8400000)", "#,##0.00"],
  ["NASD compensation (fees, $120,000 expenses, $125,000 retainer)", "=CEO.COMPPCT(P2+P3,P4,120000,125000)", "0.00%"],
  ["Within the NASD 8% cap", '=IF(P10<=0.08,"Yes","No: over 8%")', "General"],
];
/** The summary's top-left cell: labels in column O, figures in P, from row 2 (row 1 is its title). */
export const SUMMARY_ADDRESS = { title: "O1", labels: "O2:O11", figures: "P2:P11" };
