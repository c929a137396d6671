/*
 * The Terms sheet in the workbook: read it for the form, write it with its named ranges (and
 * point the Placements formulas at them), and the Reconciliation sheet. Thin Excel.run layers
 * over terms.ts and reconcile.ts; a failure puts back what was there.
 */
import type { ExcelRun } from "./apply";
import { writeFormulas } from "./apply";
import { asText, columnLetter, INPUT_COLUMNS, TABLE } from "./placementsTable";
import type { PlacementRow } from "./plan";
import { reconcile, reconciliationText, type Reconciliation } from "./reconcile";
import { readTerms, TERMS_SHEET, termsLayout, validateTerms, type DealTerms, type FieldError } from "./terms";

const TERMS_RANGE = "A1:B400";
export const RECONCILIATION_SHEET = "Reconciliation";
const RECONCILIATION_NEW = "CEO Reconciliation (new)";
const RECONCILIATION_OLD = "CEO Reconciliation (old)";

/** After a failure: the old Reconciliation sheet back under its name, the new one gone. */
async function restoreReconciliation(context: Excel.RequestContext): Promise<void> {
  const sheets = context.workbook.worksheets;
  const current = sheets.getItemOrNullObject(RECONCILIATION_SHEET);
  const fresh = sheets.getItemOrNullObject(RECONCILIATION_NEW);
  const old = sheets.getItemOrNullObject(RECONCILIATION_OLD);
  await context.sync();
  if (!fresh.isNullObject) fresh.delete();
  if (!old.isNullObject) {
    if (!current.isNullObject) current.delete(); // the new one, already renamed
    old.name = RECONCILIATION_SHEET;
  }
  await context.sync();
}

async function loadTermsValues(context: Excel.RequestContext): Promise<unknown[][] | undefined> {
  const sheet = context.workbook.worksheets.getItemOrNullObject(TERMS_SHEET);
  await context.sync();
  if (sheet.isNullObject) return undefined;
  const range = sheet.getRange(TERMS_RANGE).load("values");
  await context.sync();
  return range.values;
}

/** The workbook's terms: undefined without a Terms sheet, the problems when it cannot be read. */
export async function readTermsSheet(run: ExcelRun): Promise<DealTerms | FieldError[] | undefined> {
  return run(async (context) => {
    const values = await loadTermsValues(context);
    return values && readTerms(values);
  });
}

/** Writes the Terms sheet and its names; the Placements formulas then read them. Returns the problems, writing nothing, when the terms are bad. */
export async function writeTermsSheet(run: ExcelRun, terms: DealTerms): Promise<FieldError[]> {
  const errors = validateTerms(terms);
  if (errors.length > 0) return errors;
  const { cells, names } = termsLayout(terms);
  await run(async (context) => {
    const previous = await loadTermsValues(context);
    const previousNames = names.map(({ name }) => ({ name, item: context.workbook.names.getItemOrNullObject(name).load("formula") }));
    const table = context.workbook.tables.getItemOrNullObject(TABLE);
    await context.sync();
    const before = previousNames.filter((n) => !n.item.isNullObject).map((n) => ({ name: n.name, formula: n.item.formula }));
    try {
      const sheet = previous ? context.workbook.worksheets.getItem(TERMS_SHEET) : context.workbook.worksheets.add(TERMS_SHEET);
      sheet.getRange(TERMS_RANGE).clear();
      sheet.getRange(`A1:B${cells.length}`).values = cells as any[][];
      for (const { item } of previousNames) if (!item.isNullObject) item.delete();
      for (const { name, reference } of names) context.workbook.names.add(name, `=${reference}`);
      if (!table.isNullObject) writeFormulas(context, table, terms);
      await context.sync();
    } catch (error) {
      // Put back the sheet and the names as they were.
      for (const { name } of names) context.workbook.names.getItemOrNullObject(name).delete();
      if (previous) {
        const sheet = context.workbook.worksheets.getItem(TERMS_SHEET);
        sheet.getRange(TERMS_RANGE).clear();
        sheet.getRange(TERMS_RANGE).values = previous as any[][];
        for (const { name, formula } of before) context.workbook.names.add(name, formula);
      } else {
        context.workbook.worksheets.getItemOrNullObject(TERMS_SHEET).delete();
      }
      await context.sync();
      throw error;
    }
  });
  return [];
}

/** The Placements table's sales as rows again (line: the row of the sheet). */
function tableRows(values: readonly (readonly unknown[])[]): PlacementRow[] {
  const at = (name: (typeof INPUT_COLUMNS)[number]) => INPUT_COLUMNS.indexOf(name);
  const text = (v: unknown) => (v === null || v === undefined ? "" : String(v));
  const amount = (v: unknown) => (typeof v === "number" ? v : undefined);
  return values.map((row, i) => ({
    line: i + 2,
    tradeDate: Number(row[at("Trade Date")]),
    shares: Number(row[at("Shares")]),
    price: Number(row[at("Price")]),
    gross: Number(row[at("Gross")]),
    agreement: text(row[at("Agreement")]),
    placement: text(row[at("Placement")]),
    notes: text(row[at("Notes")]),
    ...(amount(row[at("Agent Commission")]) !== undefined ? { statedCommission: amount(row[at("Agent Commission")]) } : {}),
    ...(amount(row[at("Agent Net")]) !== undefined ? { statedNet: amount(row[at("Agent Net")]) } : {}),
  }));
}

/** Reconciles the Placements table against the terms and writes the Reconciliation sheet; returns the e-mail text. */
export async function reconcileWorkbook(run: ExcelRun, terms: DealTerms): Promise<{ result: Reconciliation; text: string }> {
  return run(async (context) => {
    const table = context.workbook.tables.getItemOrNullObject(TABLE);
    await context.sync();
    if (table.isNullObject) throw new Error(`there is no ${TABLE} table to reconcile: import a placement report first`);
    const body = table.getDataBodyRange().load("rowCount");
    await context.sync();
    const inputs = body.getCell(0, 0).getResizedRange(body.rowCount - 1, INPUT_COLUMNS.length - 1).load("values");
    await context.sync();
    const result = reconcile(tableRows(inputs.values), terms);
    const text = reconciliationText(result, terms);

    const cells: (string | number)[][] = [["Reconciliation", asText(`${terms.agent}, ${terms.issuer}`)], [], ["Agreement", "Sales", "Gross", "Commission (contract)", "Commission (stated)", "Difference", "Net (contract)", "Net (stated)", "Warrant shares", "Exercise price", "Capacity left"]];
    const money = (d?: { toNumber(): number }) => (d ? d.toNumber() : "");
    for (const a of result.byAgreement) {
      cells.push([asText(a.key), a.sales, money(a.gross), money(a.commission), money(a.statedCommission), a.statedCommission ? money(a.statedCommission.minus(a.commission)) : "", money(a.net), money(a.statedNet), money(a.warrantShares), money(a.exercisePrice), typeof a.capacityLeft === "string" ? a.capacityLeft : money(a.capacityLeft)]);
    }
    cells.push([], ["Placement", "Sales", "Gross", "Commission (contract)", "Commission (stated)", "Difference", "Net (contract)", "Net (stated)", "Warrant shares", "Exercise price"]);
    for (const p of result.byPlacement) {
      cells.push([asText(p.key), p.sales, money(p.gross), money(p.commission), money(p.statedCommission), p.statedCommission ? money(p.statedCommission.minus(p.commission)) : "", money(p.net), money(p.statedNet), money(p.warrantShares), money(p.exercisePrice)]);
    }
    cells.push([], ["Summary"], ...text.split("\n").map((line) => [asText(line)]));
    const width = Math.max(...cells.map((r) => r.length));
    const rows = cells.map((r) => [...r, ...Array(width - r.length).fill("")]);

    // Written beside the old sheet, then swapped: a failure at any point leaves the old one.
    try {
      const fresh = context.workbook.worksheets.add(RECONCILIATION_NEW);
      fresh.getRange(`A1:${columnLetter(width - 1)}${rows.length}`).values = rows;
      await context.sync();
      const old = context.workbook.worksheets.getItemOrNullObject(RECONCILIATION_SHEET);
      await context.sync();
      if (!old.isNullObject) old.name = RECONCILIATION_OLD;
      fresh.name = RECONCILIATION_SHEET;
      await context.sync();
      if (!old.isNullObject) old.delete();
      await context.sync();
    } catch (error) {
      await restoreReconciliation(context);
      throw error;
    }
    return { result, text };
  });
}

