import assert from "assert";
import fs from "fs";
import path from "path";
import { applyPlan } from "../../src/taskpane/apply";
import { computedColumns, HEADERS } from "../../src/taskpane/placementsTable";
import { planImport } from "../../src/taskpane/plan";
import { SEED_TERMS, termsLayout, type DealTerms } from "../../src/taskpane/terms";
import { readTermsSheet, reconcileWorkbook, writeTermsSheet } from "../../src/taskpane/termsApply";
import { FakeWorkbook } from "../support/fakeExcel";

const statement = planImport(fs.readFileSync(path.resolve(__dirname, "../../examples/neot-2001-agent-statement.csv"), "utf8"));

describe("the Terms sheet in the workbook", () => {
  it("New deal writes the Terms sheet and its named ranges; reading it back gives the terms", async () => {
    const book = new FakeWorkbook();
    assert.strictEqual(await readTermsSheet(book.run), undefined);
    assert.deepStrictEqual(await writeTermsSheet(book.run, SEED_TERMS), []);
    const { cells, names } = termsLayout(SEED_TERMS);
    const rows = book.sheets.get("Terms")!.rows;
    assert.deepStrictEqual(Array.from({ length: cells.length }, (_, i) => [rows[i]?.[0] ?? null, rows[i]?.[1] ?? null]), cells);
    for (const { name, reference } of names) assert.strictEqual(book.names.get(name), `=${reference}`);
    assert.ok(["Sales_Schedule", "Program_Max", "Warrant_Coverage"].every((n) => book.names.has(n)));
    assert.deepStrictEqual(await readTermsSheet(book.run), SEED_TERMS);
  });

  it("the Placements formulas reference the names, before or after the import", async () => {
    const after = new FakeWorkbook();
    await applyPlan(after.run, statement.rows);
    await writeTermsSheet(after.run, SEED_TERMS);
    const before = new FakeWorkbook();
    await writeTermsSheet(before.run, SEED_TERMS);
    await applyPlan(before.run, statement.rows, { terms: SEED_TERMS });
    for (const book of [after, before]) {
      const row = book.tableValues("Placements")[0]!;
      assert.strictEqual(row[HEADERS.indexOf("Fee")], '=CEO.FEE([@Gross],[@[Prior Gross]],IF([@Agreement]="Sales",Sales_Schedule,IF([@Agreement]="Other",Other_Schedule,NA())))');
      assert.match(String(row[HEADERS.indexOf("Warrant Shares")]), /Warrant_Coverage,Warrant_Premium/);
      assert.match(String(row[HEADERS.indexOf("Settlement Date")]), /Settlement_Cycle/);
      assert.deepStrictEqual(row.slice(HEADERS.indexOf("Prior Gross")), computedColumns(SEED_TERMS).map((c) => c.formula));
    }
  });

  it("an edit through the form round-trips: a third agreement, a changed rate", async () => {
    const book = new FakeWorkbook();
    await writeTermsSheet(book.run, SEED_TERMS);
    const edited: DealTerms = JSON.parse(JSON.stringify(SEED_TERMS));
    edited.agreements[0]!.tiers[1]!.rate = 0.0325;
    edited.agreements.push({ name: "Direct", tiers: [{ from: 0, rate: 0.02 }], programMax: 5_000_000, expenseCap: 10_000 });
    assert.deepStrictEqual(await writeTermsSheet(book.run, edited), []);
    assert.deepStrictEqual(await readTermsSheet(book.run), edited);
    assert.strictEqual(book.names.get("Direct_Schedule"), "=Terms!$A$27:$B$27");
  });

  it("bad terms: the field errors, and nothing written", async () => {
    const book = new FakeWorkbook();
    const before = book.snapshot();
    const bad = { ...SEED_TERMS, agreements: [{ ...SEED_TERMS.agreements[0]!, programMax: 0 }] };
    assert.deepStrictEqual(await writeTermsSheet(book.run, bad), [{ field: "agreements.0.programMax", message: "the program size must be an amount above $0" }]);
    assert.deepStrictEqual(book.snapshot(), before);
    assert.strictEqual(book.requests, 0);
  });

  for (const existing of [false, true]) {
    it(`a failure at any request leaves the workbook as it was (${existing ? "replacing a Terms sheet" : "a new Terms sheet"})`, async () => {
      const edited: DealTerms = { ...SEED_TERMS, warrantPremium: 1.25 };
      const prepare = async () => {
        const book = new FakeWorkbook();
        await applyPlan(book.run, statement.rows);
        if (existing) await writeTermsSheet(book.run, SEED_TERMS);
        book.requests = 0;
        return book;
      };
      const probe = await prepare();
      await writeTermsSheet(probe.run, edited);
      for (let k = 1; k <= probe.requests; k++) {
        const book = await prepare();
        const before = book.snapshot();
        book.failAtRequest = k;
        await assert.rejects(writeTermsSheet(book.run, edited), /injected failure/);
        assert.deepStrictEqual(book.snapshot(), before, `failure at request ${k} left a change`);
      }
    });
  }

  it("Reconcile writes the Reconciliation sheet from the table and returns the e-mail text", async () => {
    const book = new FakeWorkbook();
    await applyPlan(book.run, statement.rows);
    const { result, text } = await reconcileWorkbook(book.run, SEED_TERMS);
    assert.deepStrictEqual(result.discrepancies.map((s) => s.row.line - 1), [4, 10]); // table rows 4 and 10 (sorted like the report)
    assert.strictEqual(result.overcharge.toFixed(2), "380.00");
    const sheet = book.sheets.get("Reconciliation")!.rows;
    assert.deepStrictEqual(sheet[3]!.slice(0, 6), ["Sales", 10, 1529850, 61194, 61574, 380]);
    assert.ok(sheet.some((r) => typeof r[0] === "string" && r[0].startsWith("'- 2001-11-05")), "a summary line starting with - is text");
    assert.match(text, /Net overcharge on commissions: \$380\.00\./);
    await assert.rejects(reconcileWorkbook(new FakeWorkbook().run, SEED_TERMS), /no Placements table/);
  });

  it("a failure at any request of Reconcile leaves the old Reconciliation sheet as it was", async () => {
    const prepare = async () => {
      const book = new FakeWorkbook();
      await applyPlan(book.run, statement.rows);
      await reconcileWorkbook(book.run, SEED_TERMS);
      await applyPlan(book.run, [{ ...statement.rows[0]!, line: 99, placement: "P-009", tradeDate: 37214 }]); // one more sale since
      book.requests = 0;
      return book;
    };
    const probe = await prepare();
    await reconcileWorkbook(probe.run, SEED_TERMS);
    assert.ok(probe.requests >= 5);
    for (let k = 1; k <= probe.requests; k++) {
      const book = await prepare();
      const before = book.snapshot();
      book.failAtRequest = k;
      await assert.rejects(reconcileWorkbook(book.run, SEED_TERMS), /injected failure/);
      assert.deepStrictEqual(book.snapshot(), before, `failure at request ${k} left a change`);
    }
  });
});
