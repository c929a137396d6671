/*
 * The Placements table's layout: input columns written as values, computed columns as live
 * =CEO.* formulas (the deal terms stay in src/core, reached through the functions). With a
 * Terms sheet the formulas read its named ranges, so changing a term recomputes every row;
 * without one they carry the seed's terms as literals.
 */
import { NASD_COMPENSATION_CAP } from "../../core/compensation";
import { OTHER_AGREEMENT_SCHEDULE } from "../../core/fees";
import { addressCorners, columnLetters } from "../../core/address";
import { textContent } from "../excel/text";
import type { PlacementRow } from "./plan";
import { SEED_TERMS, type DealTerms } from "../terms/terms";

export const SHEET = "Placements";
export const TABLE = "Placements";

export const INPUT_COLUMNS = ["Trade Date", "Shares", "Price", "Gross", "Agreement", "Placement", "Notes", "Agent Commission", "Agent Net", "Agent Settlement"] as const;
export const INPUT_FORMATS: readonly string[] = ["yyyy-mm-dd", "#,##0", "0.0000", "#,##0.00", "@", "@", "@", "#,##0.00", "#,##0.00", "yyyy-mm-dd"];

export interface Column {
  name: string;
  formula: string;
  format: string;
}

/**
 * With a Terms sheet (`terms` given): its named ranges, so a term changed there recomputes every
 * row. Without one: the functions' own defaults, which are the seed's terms (the Sales
 * Agreement's tiers, 10% at 130%, the era's settlement cycle), and the Other Agreement's 4%.
 */
function scheduleOf(terms?: DealTerms): string {
  if (!terms) return `IF([@Agreement]="Other",${OTHER_AGREEMENT_SCHEDULE[0]!.rate.toString()},"")`;
  return terms.agreements.reduceRight((otherwise, a) => `IF([@Agreement]="${a.name}",${a.name}_Schedule,${otherwise})`, "NA()");
}

/** The warrant terms after WARRANTS(shares, price): the Terms sheet's names, or the functions' defaults. */
const warrantTermsOf = (terms?: DealTerms) => (terms ? ",Warrant_Coverage,Warrant_Premium" : "");

/** The row's place in the table body (1 for the first row), whatever the table's position on the sheet. */
const ROW_IN_TABLE = "(ROW()-ROW([#Headers]))";

/**
 * The cell of `column` on the row above, or `first` on the first row. INDEX of the column at a
 * position computed from ROW() names no particular cell: a row inserted by hand, a sort or a
 * deleted row leave every row reading the row now above it, which a relative reference to the
 * row above (E5 in row 6) would not; and unlike OFFSET it is not volatile.
 */
const above = (column: string, first: string) => `IF(${ROW_IN_TABLE}=1,${first},INDEX([${column}],${ROW_IN_TABLE}-1))`;

/**
 * The row's Check shows a message. LEN, not [@Check]<>"": LibreOffice compares text through the
 * locale's collation on every row; a length is a number.
 */
const FLAGGED = "(LEN([@Check])>0)";

/** "Gross to Date" holds, after each row, every agreement's gross sold so far in whole units of 1/UNITS dollar. */
const GROSS_UNITS = 10_000;
/** Digits per agreement in Gross to Date: 15 hold up to $99,999,999,999.9999 and stay below 2^53, so the sums are exact doubles. */
const FIELD_DIGITS = 15;

/** Agreement names the table knows: the Terms sheet's, or the seed's Sales and Other. */
const agreementNames = (terms?: DealTerms) => (terms ?? SEED_TERMS).agreements.map((a) => a.name);

/**
 * Running gross per agreement in one cell of text: FIELD_DIGITS digits per agreement, in the
 * terms' order ("000002500000000000000000000000" is $250,000 under the first of two agreements,
 * none under the second). Any number of agreements (the Terms sheet's, whatever their names)
 * without a column each; whole units of 1/GROSS_UNITS dollar, so that the text holds no decimal
 * separator (read back the same in every locale) and sums of whole numbers are exact (Check
 * refuses a gross with more than 4 decimals). A field is found by position, MATCH of the agreement
 * among the names times the width: a MID and a REPLACE per row, no search through the text.
 */
function running(terms?: DealTerms) {
  const names = agreementNames(terms);
  const previous = above("Gross to Date", `REPT("0",${FIELD_DIGITS * names.length})`);
  const field = `MATCH([@Agreement],{${names.map((n) => `"${n.replace(/"/g, '""')}"`).join(",")}},0)*${FIELD_DIGITS}-${FIELD_DIGITS - 1}`;
  const units = `[@[Prior Units]]+ROUND([@Gross]*${GROSS_UNITS},0)`;
  return {
    priorUnits: `=IF(${ROW_IN_TABLE}=1,0,--MID(INDEX([Gross to Date],${ROW_IN_TABLE}-1),${field},${FIELD_DIGITS}))`,
    // A sum past the field's width is #N/A (and so every later Prior Gross), never digits spilling into the next field.
    // FIXED(x,0,1) (no_commas: 1, TRUE) writes a whole number's digits with no separator in any
    // locale and never an exponent. TEXT(x,"000...") reads its format code on every call: LibreOffice
    // took 1.5 s for it over 100,000 rows, FIXED 0.3 s.
    grossToDate: `=IF(${FLAGGED},${previous},REPLACE(${previous},${field},${FIELD_DIGITS},IF(${units}>=${10 ** FIELD_DIGITS},NA(),RIGHT("${"0".repeat(FIELD_DIGITS - 1)}"&FIXED(${units},0,1),${FIELD_DIGITS}))))`,
  };
}

/** The message a row shows in Check when the running sums cannot be trusted with it (the first that applies), else "". */
function checkFormula(terms?: DealTerms): string {
  const names = agreementNames(terms);
  const known = `OR(${names.map((n) => `[@Agreement]="${n}"`).join(",")})`;
  const outOfOrder = `IF(${ROW_IN_TABLE}=1,0,[@[Trade Date]]<INDEX([Trade Date],${ROW_IN_TABLE}-1))`;
  return (
    `=IF(NOT(ISNUMBER([@[Trade Date]])),"Trade Date is blank or not a date: every Prior Gross shows #N/A until it is a date",` +
    `IF(NOT(ISNUMBER([@Gross])),"Gross is blank or not a number: every Prior Gross shows #N/A until it is an amount",` +
    `IF(OR([@Gross]<0,ROUND([@Gross],4)<>[@Gross]),"Gross is negative or has more than 4 decimals: every Prior Gross shows #N/A until it is corrected",` +
    `IF(NOT(${known}),"Agreement is not one of ${names.join(", ")}: every Prior Gross shows #N/A until it is",` +
    `IF(${outOfOrder},"Trade Date is earlier than the row above: sort the table by Trade Date, oldest to newest (every Prior Gross shows #N/A until then)","")))))`
  );
}

/** Computed columns: one formula per column, the same text on every row (structured references). */
export function computedColumns(terms?: DealTerms): Column[] {
  const schedule = scheduleOf(terms);
  const warrantTerms = warrantTermsOf(terms);
  const sums = running(terms);
  return [
    // Prior Gross is "gross sold earlier under the same agreement: earlier trade dates, then rows above
    // on the same date". In a table sorted by trade date (ties in any order) that is the gross of the
    // same agreement in the rows above: a running sum, one step per row, read from the row above.
    // Check says when the table is not so sorted (or a row cannot be summed), and then every
    // Prior Gross is #N/A, so no fee is computed on a wrong one.
    { name: "Check", formula: checkFormula(terms), format: "General" },
    { name: "Problems to Date", formula: `=${above("Problems to Date", "0")}+${FLAGGED}`, format: "0" },
    { name: "Prior Units", formula: sums.priorUnits, format: "0" },
    { name: "Gross to Date", formula: sums.grossToDate, format: "General" },
    {
      // Gross sold earlier under the same agreement: earlier trade dates, then rows above on the same date.
      name: "Prior Gross",
      formula: `=IF(INDEX([Problems to Date],ROWS([Problems to Date]))>0,NA(),[@[Prior Units]]/${GROSS_UNITS})`,
      format: "#,##0.00",
    },
    { name: "Fee", formula: `=CEO.FEE([@Gross],[@[Prior Gross]],${schedule})`, format: "#,##0.00" },
    { name: "Net", formula: `=CEO.NET([@Gross],[@[Prior Gross]],${schedule})`, format: "#,##0.00" },
    { name: "Commission Difference", formula: '=IF([@[Agent Commission]]="","",ROUND([@[Agent Commission]]-[@Fee],2))', format: "#,##0.00;[Red]-#,##0.00" },
    { name: "Net Difference", formula: '=IF([@[Agent Net]]="","",ROUND([@[Agent Net]]-[@Net],2))', format: "#,##0.00;[Red]-#,##0.00" },
    {
      name: "Settlement Date",
      formula: terms ? "=IF(ISBLANK(Settlement_Cycle),CEO.SETTLE([@[Trade Date]]),CEO.SETTLE([@[Trade Date]],Settlement_Cycle))" : "=CEO.SETTLE([@[Trade Date]])",
      format: "yyyy-mm-dd",
    },
    // The agent's settlement date less SETTLE's, in calendar days: flagged like the commission differences, never refused.
    { name: "Settlement Difference", formula: '=IF([@[Agent Settlement]]="","",[@[Agent Settlement]]-[@[Settlement Date]])', format: "0;[Red]-0" },
    { name: "Warrant Shares", formula: `=INDEX(CEO.WARRANTS([@Shares],[@Price]${warrantTerms}),1,1)`, format: "#,##0" },
    { name: "Warrant Exercise Price", formula: `=INDEX(CEO.WARRANTS([@Shares],[@Price]${warrantTerms}),1,2)`, format: "0.0000" },
  ];
}

/** The agent's settlement date sits beside the computed Settlement Date (and before their difference), not among the other inputs. */
function besideSettlement(names: readonly string[]): string[] {
  const rest = names.filter((n) => n !== "Agent Settlement");
  rest.splice(rest.indexOf("Settlement Date") + 1, 0, "Agent Settlement");
  return rest;
}
/** Check compliance writes each sale's findings here (compliance/apply.ts); the import leaves it blank. */
export const COMPLIANCE_COLUMN = "Compliance";
export const HEADERS: readonly string[] = [...besideSettlement([...INPUT_COLUMNS, ...computedColumns().map((c) => c.name)]), COMPLIANCE_COLUMN];
/**
 * The header rows earlier versions wrote, newest first (from git history of this file): a table
 * whose own columns are exactly one of these (in any order, with columns of the user's own beside
 * them) is upgraded by the import to HEADERS (import/apply.ts, upgradeTable), not refused.
 * Compliance is not among the columns an upgrade adds: Check compliance fills it when the table has it.
 */
export const PREVIOUS_LAYOUTS: readonly { wroteIt: string; headers: readonly string[] }[] = [
  {
    // Released as 0.1.0 (2026-11-25, commit 124cf6d) and written by main until 057c786: Prior Gross as two SUMIFS per row (quadratic).
    wroteIt: "0.1.0",
    headers: ["Trade Date", "Shares", "Price", "Gross", "Agreement", "Placement", "Notes", "Agent Commission", "Agent Net", "Prior Gross", "Fee", "Net", "Commission Difference", "Net Difference", "Settlement Date", "Warrant Shares", "Warrant Exercise Price"],
  },
  {
    // The first import (commit 1723903, 2026-11-25), before the agent's columns; never released (0.1.0 has them), kept for workbooks made from it.
    wroteIt: "the development build before 0.1.0 (commit 1723903)",
    headers: ["Trade Date", "Shares", "Price", "Gross", "Agreement", "Placement", "Notes", "Prior Gross", "Fee", "Net", "Settlement Date", "Warrant Shares", "Warrant Exercise Price"],
  },
];
/** For each of HEADERS, its place in INPUT_COLUMNS, or -1 for a computed column (and Compliance). */
const INPUT_AT: readonly number[] = HEADERS.map((h) => (INPUT_COLUMNS as readonly string[]).indexOf(h));
export const DIFFERENCE_COLUMNS = ["Commission Difference", "Net Difference", "Settlement Difference"] as const;

/** The letter of a 0-based column index. */
export const columnLetter = (index: number) => columnLetters(index + 1);

/**
 * A row's input cells, in HEADERS order; the computed cells are left null (their column formula
 * fills them). The text columns (Agreement, Placement, Notes) go through the one text writer: an
 * apostrophe before every string, although the import formats those columns "@" (Text) before
 * writing them. Both are needed: "@" is a format the user can change (Clear Formats, a paste, a
 * column reformatted), and a string written to a General cell is read as typed ("00123" becomes
 * 123, "2024-06-03" a date, "-x" a formula: Range.values); the apostrophe makes it text whatever
 * the format, and Excel returns the text without it (office-js issue 6687), so what is read back
 * for de-duplication is exactly what the report said.
 */
export function rowValues(row: PlacementRow): (string | number | null)[] {
  const inputs = [
    row.tradeDate,
    row.shares,
    row.price,
    row.gross,
    textContent(row.agreement),
    textContent(row.placement),
    textContent(row.notes),
    row.statedCommission ?? null,
    row.statedNet ?? null,
    row.statedSettlement ?? null,
  ];
  return INPUT_AT.map((i) => (i < 0 ? null : inputs[i]!));
}

/** The columns whose values make a sale's key (rowKey), in rowKey's order. */
export const KEY_COLUMNS = ["Trade Date", "Shares", "Price", "Agreement", "Placement"] as const;

/** The table's row order: by trade date, then as the report listed them. */
export const tableOrder = (rows: readonly PlacementRow[]): PlacementRow[] => [...rows].sort((a, b) => a.tradeDate - b.tradeDate || a.line - b.line);

/** What makes two placement rows the same sale, for idempotent re-imports. */
export function rowKey(tradeDate: unknown, shares: unknown, price: unknown, agreement: unknown, placement: unknown): string {
  return [tradeDate, shares, price, agreement, placement].map((v) => String(v ?? "")).join("|");
}

/** Where the summary goes: its label column (0-based) and the sheet row (1-based) of its "Summary" title. */
export interface SummaryPlace {
  column: number;
  row: number;
}

/** Beside a table made by the import at A1: one blank column after its last column, level with its header. */
export const DEFAULT_SUMMARY_PLACE: SummaryPlace = { column: HEADERS.length + 1, row: 1 };

/**
 * Beside the table wherever it is (its range's address, header row included): one blank column
 * after its last column, level with its header, so that a moved or widened table is never written over.
 */
export function summaryPlaceOf(tableAddress: string): SummaryPlace {
  const corners = addressCorners(tableAddress);
  if (!corners) throw new Error(`not a range address: ${tableAddress}`);
  return { column: corners.to.column + 1, row: corners.from.row };
}

/** The summary block beside the table: label, formula, number format per row, below its title at `place`. */
export function summary(terms?: DealTerms, place: SummaryPlace = DEFAULT_SUMMARY_PLACE): { labelColumn: string; figureColumn: string; top: number; rows: [string, string, string][] } {
  const deal = terms ?? SEED_TERMS;
  const labelColumn = columnLetter(place.column);
  const figureColumn = columnLetter(place.column + 1);
  const top = place.row;
  const rows: [string, string, string][] = [];
  const at = (label: string) => `${figureColumn}${rows.findIndex((r) => r[0] === label) + top + 1}`;
  const grossLabel = (name: string) => `Gross, ${name} Agreement`;
  for (const a of deal.agreements) rows.push([grossLabel(a.name), `=SUMIFS(Placements[Gross],Placements[Agreement],"${a.name}")`, "#,##0.00"]);
  rows.push(["Commissions", "=SUM(Placements[Fee])", "#,##0.00"]);
  rows.push(["Agent's stated commissions", "=SUM(Placements[Agent Commission])", "#,##0.00"]);
  // Stated less contract, in words as the pane says it (the value stays a number): never a sign to guess.
  rows.push(["Commission over/undercharge (stated less contract)", "=ROUND(SUM(Placements[Commission Difference]),2)", '"overcharged "$#,##0.00;"undercharged "$#,##0.00;"none"']);
  rows.push(["Net proceeds", "=SUM(Placements[Net])", "#,##0.00"]);
  const warrantTerms = warrantTermsOf(terms);
  rows.push(["Warrant shares (offering)", `=INDEX(CEO.WARRANTS(Placements[Shares],Placements[Price]${warrantTerms}),1,1)`, "#,##0"]);
  rows.push(["Warrant exercise price (offering)", `=INDEX(CEO.WARRANTS(Placements[Shares],Placements[Price]${warrantTerms}),1,2)`, "0.0000"]);
  for (const a of deal.agreements) {
    rows.push([`Capacity left, ${a.name} Agreement`, `=CEO.CAPACITY(${at(grossLabel(a.name))},${terms ? `${a.name}_Program_Max` : a.programMax})`, "#,##0.00"]);
  }
  // The NASD 8% test (seed, Plan of distribution: "Pursuant to the applicable NASD rules, Cantor and
  // any NASD member participating in the distribution may not receive compensation greater than 8%,
  // as determined by the Corporate Finance Department of the NASD"), on two bases, each labelled:
  // - at program completion, each agreement's offering on its own: fees on its whole program, its
  //   expense cap and its retainer allocation over its program maximum. The prospectus's basis ("the
  //   maximum aggregate fees payable by us to Cantor, assuming the sale of $25 million of our common
  //   stock ...: $900,000"), and the seed allocates the retainer "to each of this Offering and the
  //   Offering contemplated by the Other Agreement". The verdict is on this basis.
  // - on the gross sold to date: commissions so far, with the expense caps and retainer of the
  //   agreements with sales counted in full. Early in a program it is far above 8% (the sample:
  //   16.74%) because fixed amounts are spread over few sales; shown for what it is, no verdict.
  const completion = (a: DealTerms["agreements"][number]) => `NASD compensation at program completion, ${a.name} Agreement (fees on the full program, expense cap, retainer)`;
  for (const a of deal.agreements) {
    const programMax = terms ? `${a.name}_Program_Max` : String(a.programMax);
    // Without a Terms sheet, FEE's own default is the Sales Agreement's schedule; the Other Agreement's is its flat rate (as scheduleOf).
    const schedule = terms ? `,0,${a.name}_Schedule` : a.name === "Other" ? `,0,${OTHER_AGREEMENT_SCHEDULE[0]!.rate.toString()}` : "";
    const expenseCap = terms ? `${a.name}_Expense_Cap` : String(a.expenseCap);
    const retainer = terms ? "Retainer_Allocation" : String(deal.retainerAllocation);
    rows.push([completion(a), `=CEO.COMPPCT(${programMax},CEO.FEE(${programMax}${schedule}),${expenseCap},${retainer})`, "0.00%"]);
  }
  const sold = deal.agreements.map((a) => at(grossLabel(a.name)));
  const expenses = deal.agreements.map((a, i) => `IF(${sold[i]}>0,${terms ? `${a.name}_Expense_Cap` : a.expenseCap},0)`).join("+");
  const retainer = `${terms ? "Retainer_Allocation" : deal.retainerAllocation}*(${sold.map((g) => `(${g}>0)`).join("+")})`;
  rows.push(["NASD compensation on gross sold to date (commissions; expense caps and retainer counted in full)", `=CEO.COMPPCT(${sold.join("+")},${at("Commissions")},${expenses},${retainer})`, "0.00%"]);
  const completed = deal.agreements.map((a) => at(completion(a)));
  rows.push(["Within the NASD 8% cap at program completion", `=IF(MAX(${completed.join(",")})<=${NASD_COMPENSATION_CAP.toString()},"Yes","No: over 8%")`, "General"]);
  // The last row's count of problems: one cell read, so the check costs nothing per row.
  const problems = "INDEX(Placements[Problems to Date],ROWS(Placements[Problems to Date]))";
  rows.push([
    "Table check",
    `=IF(${problems}=0,"OK: every row in trade-date order","Rows that need attention: "&${problems}&" (see the Check column); Prior Gross, Fee and Net show #N/A until they are fixed")`,
    "General",
  ]);
  return { labelColumn, figureColumn, top, rows };
}
