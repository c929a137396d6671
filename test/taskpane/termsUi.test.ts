/*
 * The Deal terms and Reconcile commands read the Terms sheet again when they start: the shared
 * runtime keeps the pane's module alive while the pane is closed, and the user may edit the Terms
 * sheet by hand between two commands. They run through the pane's ExcelRun (excel/run.ts).
 */
import assert from "assert";
import fs from "fs";
import path from "path";
import { planImport } from "../../src/taskpane/import/plan";
import { BLANK_TERMS, SEED_TERMS } from "../../src/taskpane/terms/terms";
import { writeTermsSheet } from "../../src/taskpane/terms/termsApply";
import { freshTerms, loadWorkbookTerms, newDealForm, reconcileCommand, TermsSheetProblem, workbookTerms } from "../../src/taskpane/terms/termsUi";
import { applyPlan, runImport } from "../../src/taskpane/import/apply";
import { HEADERS } from "../../src/taskpane/import/placementsTable";
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

  it("first run, no Terms sheet: New deal opens blank (the example is a choice in the form), and the status line says what to do first", async () => {
    const book = new FakeWorkbook();
    assert.deepStrictEqual(await newDealForm(book.run), { terms: BLANK_TERMS, errors: [] });
    assert.deepStrictEqual([BLANK_TERMS.issuer, BLANK_TERMS.agent, BLANK_TERMS.agreements.length, BLANK_TERMS.agreements[0]!.name], ["", "", 1, ""]);
    const status = { textContent: "" };
    const scope = globalThis as { document?: unknown; Excel?: unknown };
    const restoreOffice = book.installOffice({ ExcelApi: "1.11" });
    scope.document = { getElementById: (id: string) => (id === "terms-status" ? status : null) };
    scope.Excel = book;
    try {
      await loadWorkbookTerms();
      assert.match(status.textContent, /^No deal terms in this workbook yet: start with New deal\./);
      assert.doesNotMatch(status.textContent, /seed|NEOT|NeoTherapeutics/i);
      await writeTermsSheet(book.run, SEED_TERMS);
      await loadWorkbookTerms();
      assert.strictEqual(status.textContent, "Terms: NeoTherapeutics, Inc. with Cantor Fitzgerald & Co.; agreements Sales, Other.");
    } finally {
      delete scope.document;
      delete scope.Excel;
      restoreOffice();
    }
  });

  it("a sheet that is not a Terms sheet at all: New deal opens blank with the problem shown", async () => {
    const book = new FakeWorkbook();
    await book.run(async (context: Excel.RequestContext) => {
      context.workbook.worksheets.add("Terms").getRange("A1").values = [["My notes"]];
      await context.sync();
    });
    const { terms, errors } = await newDealForm(book.run);
    assert.deepStrictEqual(terms, BLANK_TERMS);
    assert.match(errors[0]!.message, /does not start with "Deal terms"/);
  });

  describe("the analyst's day on the fake: placements first, then the agent's statement, then Reconcile (examples/README.md)", () => {
    const example = (name: string) => fs.readFileSync(path.resolve(__dirname, "../../examples", name), "utf8");

    it("after the placements alone, Reconcile says plainly that there is nothing to compare", async () => {
      const book = new FakeWorkbook();
      assert.ok((await runImport(book.run, example("neot-2001-placements.csv"), freshTerms)).ok);
      const { result, text } = await reconcileCommand(book.run);
      assert.strictEqual(result.compared, 0);
      assert.match(text, /No agent figures in the table: nothing reconciled\. None of the 12 sales has an Agent Commission, Agent Net or Agent Settlement/);
      assert.doesNotMatch(text, /agrees with the contract/);
    });

    it("the statement fills the agent's figures of the 12 sales, and Reconcile finds exactly the two wrong commissions, an overcharge of $380.00", async () => {
      const book = new FakeWorkbook();
      const placements = await runImport(book.run, example("neot-2001-placements.csv"), freshTerms);
      assert.strictEqual(placements.message, "Done: 12 new rows added to the Placements table, 0 already there skipped.");
      const statement = await runImport(book.run, example("neot-2001-agent-statement.csv"), freshTerms);
      assert.strictEqual(
        statement.message,
        "Done: 0 new sales added to the Placements table with the agent's figures; 12 sales already in the table filled with the agent's Commission and Net Proceeds; 0 statement rows could not be matched; 0 already there.",
      );
      const table = book.tableValues("Placements");
      assert.strictEqual(table.length, 12);
      assert.deepStrictEqual(table.map((r) => r[HEADERS.indexOf("Agent Commission")]).slice(3, 4), [9848]);
      const { result, text } = await reconcileCommand(book.run);
      assert.strictEqual(result.compared, 12);
      assert.deepStrictEqual(
        result.discrepancies.map((s) => [s.row.placement, s.commission.toFixed(2), s.commissionDifference!.toFixed(2)]),
        [
          ["P-002", "9648.00", "200.00"],
          ["P-004", "9460.00", "180.00"],
        ],
      );
      assert.strictEqual(result.overcharge.toFixed(2), "380.00");
      assert.match(text, /Compared the agent's figures for 12 of 12 sales with the contract\./);
      assert.match(text, /2 sales differ from the contract:/);
      assert.match(text, /In all, commissions overcharged \$380\.00 \(stated \$77,274\.00, contract \$76,894\.00, on the 12 sales compared\)\./);
      assert.ok(book.sheets.has("Reconciliation"));
    });
  });
});
