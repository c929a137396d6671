/*
 * Check compliance in the workbook: the Placements table's sales read as Reconcile reads them
 * (reconcile/apply.ts), checked against the Terms sheet's register (compliance.ts, pure), the
 * findings written to the Compliance sheet (replacing the last one) and to the table's Compliance
 * column. A failure puts back the column and leaves the old sheet.
 */
import { addressCorners, cellAddress } from "../../core/formulaText";
import { blockOf, readBlocks } from "../excel/blocks";
import { DEFAULT_CHUNK_BYTES } from "../excel/limits";
import { replaceSheet } from "../excel/replaceSheet";
import type { ExcelRun } from "../excel/run";
import { reentered, textContent } from "../excel/text";
import { NotUndone } from "../excel/undo";
import { chunkByBytes } from "../import/apply";
import { COMPLIANCE_COLUMN, TABLE } from "../import/placementsTable";
import { readPlacements } from "../reconcile/apply";
import { hasRegister, type DealTerms } from "../terms/terms";
import type { PlacementRow } from "../import/plan";
import { babyShelfHeadroom, readCloses, type Headroom } from "./babyShelf";
import { checkCompliance, complianceCells, complianceColumn, complianceSummary, withBabyShelf, type Compliance } from "./compliance";

export const COMPLIANCE_SHEET = "Compliance";

/** The check cannot run on the workbook as it is (the message says why and what to do); nothing was written. */
export class ComplianceRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ComplianceRefused";
  }
}

export interface ComplianceOutcome {
  result: Compliance;
  /** Whether the Placements table has a Compliance column (a table made by an older version may not). */
  column: boolean;
}

/** What the pane says of a check: the count, and where the findings are. */
export function complianceMessage({ result, column }: ComplianceOutcome): string {
  const where = column
    ? `on the ${COMPLIANCE_SHEET} sheet and in the ${COMPLIANCE_COLUMN} column of the ${TABLE} table`
    : `on the ${COMPLIANCE_SHEET} sheet (the ${TABLE} table has no ${COMPLIANCE_COLUMN} column: add a column of that name to the table to see them beside each sale)`;
  return `${complianceSummary(result)} Listed ${where}.`;
}

export const NO_REGISTER = "The Terms sheet has no placements register: add the placements (and any blackout windows) through New deal, then check again. Nothing was written.";

/** Checks the Placements table against the terms' register; writes the Compliance sheet and column. */
export async function checkWorkbookCompliance(run: ExcelRun, terms: DealTerms | undefined): Promise<ComplianceOutcome> {
  if (!hasRegister(terms)) throw new ComplianceRefused(NO_REGISTER);
  return run(async (context) => {
    const table = context.workbook.tables.getItemOrNullObject(TABLE);
    await context.sync();
    if (table.isNullObject) throw new ComplianceRefused(`There is no ${TABLE} table to check: import a placement report first. Nothing was written.`);
    const body = table.getDataBodyRange().load("address");
    const header = table.getHeaderRowRange().load("values");
    await context.sync();
    const sales = await readPlacements(context);
    if (sales.length === 0) throw new ComplianceRefused(`The ${TABLE} table has no sales to check: import a placement report first. Nothing was written.`);
    const sheet = addressCorners(body.address)!.sheet!;
    const where = blockOf(sheet, body.address);
    let result = checkCompliance(sales, terms);
    if (terms.nonAffiliateShares !== null) result = withBabyShelf(result, await babyShelfOf(context, sales, terms.nonAffiliateShares), sales);
    const { cells, formats } = complianceCells(result, `the row of the sale on sheet ${sheet} (the ${TABLE} table)`);

    const at = (header.values[0] ?? []).findIndex((h) => String(h ?? "").trim().toLowerCase() === COMPLIANCE_COLUMN.toLowerCase());
    if (at < 0) {
      await replaceSheet(context, COMPLIANCE_SHEET, cells, formats);
      return { result, column: false };
    }
    // The column as it is, to put back after a failure; then each row's findings ("" clears a row without).
    const column = { ...where, column: where.column + at, columns: 1 };
    const [before] = await readBlocks(context, [column], ["values", "formulas"]);
    const lines = Array.from({ length: where.rows }, (_, i) => where.row + 1 + i);
    const texts = complianceColumn(result.findings, lines).map((t) => [textContent(t)]);
    const worksheet = context.workbook.worksheets.getItem(sheet);
    const write = async (values: unknown[][]) => {
      let first = 0;
      for (const chunk of chunkByBytes(values, DEFAULT_CHUNK_BYTES)) {
        const top = where.row + 1 + first;
        worksheet.getRange(`${cellAddress(top, column.column + 1)}:${cellAddress(top + chunk.length - 1, column.column + 1)}`).values = chunk as any[][];
        await context.sync();
        first += chunk.length;
      }
    };
    try {
      await write(texts);
    } catch (error) {
      await putBack(error);
    }
    try {
      await replaceSheet(context, COMPLIANCE_SHEET, cells, formats);
    } catch (error) {
      await putBack(error);
    }
    return { result, column: true };

    /** The column as it was; throws the failure, or NotUndone saying what may remain. */
    async function putBack(error: unknown): Promise<never> {
      try {
        await write(before!.values.map((row, r) => [reentered(row[0], before!.formulas[r]?.[0]) ?? ""]));
      } catch (undoError) {
        throw new NotUndone(error, undoError, `the ${COMPLIANCE_COLUMN} column of the ${TABLE} table may hold this check's findings: check compliance again`);
      }
      throw error;
    }
  });
}

/** The closing prices' table: an Excel table of this name with columns Date and Close, pasted or imported by the analyst. */
export const PRICES_TABLE = "Prices";

/** The headroom at each sale date from the Prices table, or why it cannot be computed (no table, a column missing, cells that are not numbers). */
async function babyShelfOf(context: Excel.RequestContext, sales: readonly PlacementRow[], nonAffiliateShares: number): Promise<Headroom[] | string> {
  const table = context.workbook.tables.getItemOrNullObject(PRICES_TABLE);
  await context.sync();
  if (table.isNullObject) return `no ${PRICES_TABLE} table: paste the closing prices as an Excel table named ${PRICES_TABLE} with columns Date and Close`;
  const header = table.getHeaderRowRange().load("values");
  const body = table.getDataBodyRange().load("address");
  await context.sync();
  const names = (header.values[0] ?? []).map((h) => String(h ?? "").trim().toLowerCase());
  const missing = ["Date", "Close"].filter((c) => !names.includes(c.toLowerCase()));
  if (missing.length > 0) return `the ${PRICES_TABLE} table has no ${missing.map((m) => `"${m}"`).join(" or ")} column: expected columns Date and Close`;
  const where = blockOf(addressCorners(body.address)!.sheet!, body.address);
  const [dates, closes] = await readBlocks(context, ["date", "close"].map((c) => ({ ...where, column: where.column + names.indexOf(c), columns: 1 })), ["values"]);
  const read = readCloses(dates!.values.map((r) => r[0]), closes!.values.map((r) => r[0]), where.row + 1);
  if (read.length > 0 && typeof read[0] === "string") return `the ${PRICES_TABLE} table has cells that are not numbers (sheet rows): ${(read as string[]).slice(0, 10).join("; ")}${read.length > 10 ? `; and ${read.length - 10} more` : ""}`;
  return babyShelfHeadroom(sales, read as { date: number; close: number }[], nonAffiliateShares);
}
