/*
 * The Deal terms and Reconcile commands read the Terms sheet again when they start: the shared
 * runtime keeps the pane's module alive while the pane is closed, and the user may edit the Terms
 * sheet by hand between two commands. They run through the pane's ExcelRun (excel/run.ts).
 */
import assert from "assert";
import fs from "fs";
import path from "path";
import { planImport } from "../../src/taskpane/plan";
import { SEED_TERMS } from "../../src/taskpane/terms";
import { writeTermsSheet } from "../../src/taskpane/termsApply";
import { freshTerms, newDealForm, reconcileCommand, TermsSheetProblem, workbookTerms } from "../../src/taskpane/termsUi";
import { applyPlan } from "../../src/taskpane/apply";
import { FakeWorkbook } from "../support/fakeExcel";

const statement = planImport(fs.readFileSync(path.resolve(__dirname, "../../examples/neot-2001-agent-statement.csv"), "utf8"));

/** The user types `input` into a cell of the Terms sheet, as Excel reads typing. */
async function typeInto(book: FakeWorkbook, address: string, input: string | number): Promise<void> {
  await book.run(async (context: Excel.RequestContext) => {
    context.workbook.worksheets.getItem("Terms").getRange(address).values = [[input]];
    await context.sync();
  });
}

async function dealBook(): Promise<FakeWorkbook> {
  const book = new FakeWorkbook();
  await writeTermsSheet(book.run, SEED_TERMS);
  await applyPlan(book.run, statement.rows, { terms: SEED_TERMS });
  return book;
}

describe("terms read at the start of every command", () => {
  it("Reconcile uses the Terms sheet as edited by hand since the last command", async () => {
    const book = await dealBook();
    const first = await reconcileCommand(book.run);
    assert.strictEqual(first.result.byAgreement[0]!.commission.toFixed(2), "61194.00"); // 4% of $1,529,850
    await typeInto(book, "B13", 0.05); // Sales tier 1: 4% -> 5%, typed on the sheet
    await typeInto(book, "B2", "Neo Pharma, Inc.");
    const second = await reconcileCommand(book.run);
    assert.strictEqual(second.result.byAgreement[0]!.commission.toFixed(2), "76492.50"); // 5% of $1,529,850
    assert.match(second.text, /statements for Neo Pharma, Inc\./);
  });

  it("New deal opens with the sheet as it is now; freshTerms returns it and keeps workbookTerms current", async () => {
    const book = await dealBook();
    assert.deepStrictEqual((await newDealForm(book.run)).terms, SEED_TERMS);
    await typeInto(book, "B3", "Cantor Fitzgerald & Co. (agent)");
    await typeInto(book, "B5", 1.25);
    const { terms, errors } = await newDealForm(book.run);
    assert.deepStrictEqual(errors, []);
    assert.deepStrictEqual([terms.agent, terms.warrantPremium], ["Cantor Fitzgerald & Co. (agent)", 1.25]);
    assert.deepStrictEqual(await freshTerms(book.run), terms);
    assert.deepStrictEqual(workbookTerms, terms);
  });

  it("a Terms sheet broken by hand: Reconcile refuses with a readable message; New deal shows the problem at its field", async () => {
    const book = await dealBook();
    await typeInto(book, "B13", "four percent");
    await assert.rejects(reconcileCommand(book.run), (error: Error) => {
      assert.ok(error instanceof TermsSheetProblem);
      assert.match(error.message, /^the Terms sheet has problems \(the rate is not a number\): fix them on the sheet or through New deal$/);
      return true;
    });
    await assert.rejects(freshTerms(book.run), TermsSheetProblem);
    assert.strictEqual(workbookTerms, undefined, "no stale terms kept");
    const { terms, errors } = await newDealForm(book.run);
    assert.deepStrictEqual(errors, [{ field: "agreements.0.tiers.0.rate", message: "the rate is not a number" }]);
    assert.strictEqual(terms.issuer, SEED_TERMS.issuer, "what could be read is kept for the form");
  });

  it("the Terms sheet deleted since: the seed's terms", async () => {
    const book = await dealBook();
    await freshTerms(book.run);
    await book.run(async (context: Excel.RequestContext) => {
      context.workbook.worksheets.getItem("Terms").delete();
      await context.sync();
    });
    assert.strictEqual(await freshTerms(book.run), undefined);
    assert.strictEqual(workbookTerms, undefined);
    assert.strictEqual((await reconcileCommand(book.run)).result.overcharge.toFixed(2), "380.00");
  });

  it("without an ExcelRun given, the commands run through the pane's (excelRun: waits out the user's cell edit)", async () => {
    const book = await dealBook();
    const g = globalThis as { Excel?: unknown };
    const restoreOffice = book.installOffice({ ExcelApi: "1.11" });
    g.Excel = book;
    try {
      book.editingCell = true;
      const pending = reconcileCommand();
      await new Promise((resolve) => setTimeout(resolve, 10));
      assert.strictEqual(book.delayedBatches, 1, "the batch waits for the edit to end");
      book.finishCellEdit();
      assert.strictEqual((await pending).result.overcharge.toFixed(2), "380.00");
    } finally {
      delete g.Excel;
      restoreOffice();
    }
  });
});
