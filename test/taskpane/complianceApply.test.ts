/*
 * Check compliance in the workbook (compliance/apply.ts) on the Excel fake: the sample deal's
 * register and the sample report, the Compliance sheet and the table's Compliance column; refusals
 * write nothing; a re-run replaces the findings; a failure at any request leaves the workbook as it was.
 */
import assert from "assert";
import fs from "fs";
import path from "path";
import { checkWorkbookCompliance, complianceMessage, ComplianceRefused } from "../../src/taskpane/compliance/apply";
import { applyPlan } from "../../src/taskpane/import/apply";
import { HEADERS } from "../../src/taskpane/import/placementsTable";
import { planImport } from "../../src/taskpane/import/plan";
import { blackoutsFromCsv, placementsFromCsv } from "../../src/taskpane/terms/registerCsv";
import { readTermsText, SEED_TERMS, termsText, type DealTerms } from "../../src/taskpane/terms/terms";
import { writeTermsSheet } from "../../src/taskpane/terms/termsApply";
import { FakeWorkbook } from "../support/fakeExcel";

const example = (name: string) => fs.readFileSync(path.resolve(__dirname, "../../examples", name), "utf8");
const report = planImport(example("neot-2001-placements.csv"));
const sampleTerms = (): DealTerms => {
  const text = termsText(SEED_TERMS);
  text.placements = placementsFromCsv(example("neot-2001-register.csv"));
  text.blackouts = blackoutsFromCsv(example("neot-2001-blackouts.csv"));
  return readTermsText(text).terms;
};

async function sampleBook(terms = sampleTerms()): Promise<FakeWorkbook> {
  const book = new FakeWorkbook();
  await writeTermsSheet(book.run, terms);
  await applyPlan(book.run, report.rows, { terms });
  return book;
}

const COMPLIANCE = HEADERS.indexOf("Compliance");
/** The Compliance sheet's rows as a user reads them (trailing blanks dropped). */
const sheetRows = (book: FakeWorkbook) => Array.from(book.sheets.get("Compliance")!.rows, (r) => Array.from(r ?? [], (v) => v ?? null)).map((r) => (r.length && r.every((v) => v === null) ? [] : r));

describe("Check compliance in the workbook", () => {
  it("the sample: the Compliance sheet lists exactly the two planted findings and the five lock-up windows; the column marks sheet rows 6 and 9", async () => {
    const book = await sampleBook();
    const outcome = await checkWorkbookCompliance(book.run, sampleTerms());
    assert.strictEqual(outcome.column, true);
    assert.strictEqual(
      complianceMessage(outcome),
      "2 findings (below minimum price 1, inside blackout 1); 5 lock-up windows with 44 sales of other placements inside (the agent's written consent is needed). Listed on the Compliance sheet and in the Compliance column of the Placements table.",
    );
    const rows = sheetRows(book);
    assert.deepStrictEqual(rows[3]!.slice(0, 1), ["Findings: 2"]);
    assert.deepStrictEqual(rows[4]!.slice(0, 6), ["Rule", "Placement", "Sale line", "Trade date", "Figures", "What the agreement says"]);
    // 2001-11-06 is serial 37201 and 2001-11-09 37204 (2001-11-01 is 37196: day.test.ts).
    assert.deepStrictEqual(rows[5]!.slice(0, 6), ["Below minimum price", "P-002", 6, 37201, "$3.9800 a share, $0.0200 below the minimum $4.0000", 'P-002: minimum price $4.0000 ("any minimum price below which sales may not be made")']);
    assert.deepStrictEqual(rows[6]!.slice(0, 6), ["Inside blackout", "P-003", 9, 37204, "traded 2001-11-09, inside the blackout 2001-11-09 to 2001-11-11", "no sales from 2001-11-09 to 2001-11-11: Third-quarter 2001 results"]);
    assert.deepStrictEqual(rows[7], []);
    assert.strictEqual(book.cell("Compliance", "D6").numberFormat, "yyyy-mm-dd");
    // The lock-up rows: a header, then one row per sale of another placement inside a window (8 + 10 + 10 + 10 + 6).
    assert.deepStrictEqual(rows[9]!.slice(0, 3), ["Lock-up of", "Terms date", "Final sale"]);
    const lockUpRows = rows.slice(10).filter((r) => r.length > 0);
    assert.strictEqual(lockUpRows.length, 44);
    assert.deepStrictEqual(lockUpRows[0], ["P-001", 37195, 37197, 37202, 37188, 37209, 5, 37200, "P-002", 60000]);
    const column = book.tableValues("Placements").map((r) => r[COMPLIANCE] ?? "");
    assert.deepStrictEqual(
      column.map((v, i) => [i + 2, v]).filter(([, v]) => v !== ""),
      [
        [6, "Below minimum price: $3.9800 a share, $0.0200 below the minimum $4.0000"],
        [9, "Inside blackout: traded 2001-11-09, inside the blackout 2001-11-09 to 2001-11-11"],
      ],
    );
  });

  it("re-running replaces the previous findings: the blackout removed, its finding goes from the sheet and the column", async () => {
    const book = await sampleBook();
    await checkWorkbookCompliance(book.run, sampleTerms());
    const fewer = { ...sampleTerms(), blackouts: [] };
    const { result } = await checkWorkbookCompliance(book.run, fewer);
    assert.deepStrictEqual(result.findings.map((f) => f.line), [6]);
    assert.deepStrictEqual(sheetRows(book)[3]!.slice(0, 1), ["Findings: 1"]);
    assert.strictEqual(sheetRows(book)[6]!.length, 0);
    assert.deepStrictEqual(book.tableValues("Placements").map((r, i) => [i + 2, r[COMPLIANCE] ?? ""]).filter(([, v]) => v !== ""), [[6, "Below minimum price: $3.9800 a share, $0.0200 below the minimum $4.0000"]]);
    assert.deepStrictEqual([...book.sheets.keys()].filter((s) => /Compliance/.test(s)), ["Compliance"], "no sheet of the swap left behind");
  });

  it("the wrong order: without a register, or before any import, a clear refusal and nothing written", async () => {
    const noRegister = await sampleBook(SEED_TERMS);
    let before = noRegister.snapshot();
    await assert.rejects(checkWorkbookCompliance(noRegister.run, SEED_TERMS), (e: Error) => e instanceof ComplianceRefused && /no placements register: add the placements .* through New deal.*Nothing was written/.test(e.message));
    await assert.rejects(checkWorkbookCompliance(noRegister.run, undefined), ComplianceRefused);
    assert.deepStrictEqual(noRegister.snapshot(), before);

    const noTable = new FakeWorkbook();
    await writeTermsSheet(noTable.run, sampleTerms());
    before = noTable.snapshot();
    await assert.rejects(checkWorkbookCompliance(noTable.run, sampleTerms()), (e: Error) => e instanceof ComplianceRefused && e.message === "There is no Placements table to check: import a placement report first. Nothing was written.");
    assert.deepStrictEqual(noTable.snapshot(), before);
  });

  it("a table made without a Compliance column: the sheet is written and the pane says how to add the column", async () => {
    const book = new FakeWorkbook();
    const headers = HEADERS.filter((h) => h !== "Compliance");
    const values = report.rows.map((r) => headers.map((h) => ({ "Trade Date": r.tradeDate, Shares: r.shares, Price: r.price, Gross: r.gross, Agreement: `'${r.agreement}`, Placement: `'${r.placement}` })[h as "Shares"] ?? null));
    book.addTable("Placements", "Placements", "A1", headers, values);
    const outcome = await checkWorkbookCompliance(book.run, sampleTerms());
    assert.deepStrictEqual([outcome.column, outcome.result.findings.length], [false, 2]);
    assert.match(complianceMessage(outcome), /Listed on the Compliance sheet \(the Placements table has no Compliance column: add a column of that name/);
    assert.deepStrictEqual(book.tableValues("Placements")[0]!.length, headers.length, "the table is not widened");
  });

  it("a failure at any request leaves the workbook as it was (the old Compliance sheet and column)", async () => {
    const prepare = async () => {
      const book = await sampleBook();
      await checkWorkbookCompliance(book.run, { ...sampleTerms(), blackouts: [] });
      book.requests = 0;
      return book;
    };
    const probe = await prepare();
    await checkWorkbookCompliance(probe.run, sampleTerms());
    assert.ok(probe.requests >= 6, `${probe.requests} requests`);
    for (let k = 1; k <= probe.requests; k++) {
      const book = await prepare();
      const before = book.snapshot();
      book.failAtRequest = k;
      await assert.rejects(checkWorkbookCompliance(book.run, sampleTerms()), /injected failure/);
      assert.deepStrictEqual(book.snapshot(), before, `failure at request ${k} left a change`);
    }
  });
});
