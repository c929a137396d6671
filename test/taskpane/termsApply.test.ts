import assert from "assert";
import fs from "fs";
import path from "path";
import { applyPlan } from "../../src/taskpane/import/apply";
import { computedColumns, HEADERS } from "../../src/taskpane/import/placementsTable";
import { planImport } from "../../src/taskpane/import/plan";
import { SEED_TERMS, termsLayout, type DealTerms } from "../../src/taskpane/terms/terms";
import type { ExcelRun } from "../../src/taskpane/excel/run";
import { reconcileWorkbook } from "../../src/taskpane/reconcile/apply";
import { NotUndone, readTermsSheet, writeTermsSheet } from "../../src/taskpane/terms/termsApply";
import { textContent } from "../../src/taskpane/excel/text";
import { FakeWorkbook } from "../support/fakeExcel";

const statement = planImport(fs.readFileSync(path.resolve(__dirname, "../../examples/neot-2001-agent-statement.csv"), "utf8"));

describe("the Terms sheet in the workbook", () => {
  it("New deal writes the Terms sheet and its named ranges; reading it back gives the terms", async () => {
    const book = new FakeWorkbook();
    assert.strictEqual(await readTermsSheet(book.run), undefined);
    assert.deepStrictEqual(await writeTermsSheet(book.run, SEED_TERMS), []);
    const { cells, names } = termsLayout(SEED_TERMS);
    const rows = book.sheets.get("Terms")!.rows;
    assert.deepStrictEqual(Array.from({ length: cells.length }, (_, i) => cells[i]!.map((_, c) => rows[i]?.[c] ?? null)), cells);
    for (const { name, reference } of names) assert.strictEqual(book.names.get(name), `=${reference}`);
    assert.ok(["Sales_Schedule", "Program_Max", "Warrant_Coverage"].every((n) => book.names.has(n)));
    assert.deepStrictEqual(await readTermsSheet(book.run), SEED_TERMS);
  });

  // Names as issuers and agents have them, or as a hostile file would: each read by Excel as typed
  // would become a formula, a number, a date or a percentage (excel/text.ts).
  const ODD_NAMES = ["=cmd|' /C calc'!A0", "00123", "2024-06-03", "50%", "+1 212 555 0100", "TRUE", "'quoted'"];

  it("issuer and agent names are written as text and read back exactly, whatever they look like", async () => {
    for (const [issuer, agent] of ODD_NAMES.map((name, i): [string, string] => [name, ODD_NAMES[(i + 1) % ODD_NAMES.length]!])) {
      const book = new FakeWorkbook();
      const terms: DealTerms = { ...SEED_TERMS, issuer, agent };
      assert.deepStrictEqual(await writeTermsSheet(book.run, terms), []);
      for (const [address, name] of [["B2", issuer], ["B3", agent]] as [string, string][]) {
        const cell = book.cell("Terms", address);
        assert.deepStrictEqual([cell.quotePrefix ? `'${cell.formula}` : cell.formula, cell.isFormula], [textContent(name), false], `${name} written as text`);
      }
      assert.deepStrictEqual(await readTermsSheet(book.run), terms, `${issuer} / ${agent} read back`);
    }
  });

  it("a failed rewrite puts back a Terms sheet holding such names exactly", async () => {
    const prepare = async () => {
      const book = new FakeWorkbook();
      await writeTermsSheet(book.run, { ...SEED_TERMS, issuer: "00123", agent: "=cmd|' /C calc'!A0" });
      book.requests = 0;
      return book;
    };
    const edited: DealTerms = { ...SEED_TERMS, issuer: "2024-06-03", agent: "50%", warrantPremium: 1.25 };
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
      assert.deepStrictEqual(computedColumns(SEED_TERMS).map((c) => row[HEADERS.indexOf(c.name)]), computedColumns(SEED_TERMS).map((c) => c.formula));
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
    assert.deepStrictEqual(sheet[3]!.slice(0, 7), ["Sales", 10, 10, 1529850, 61194, 61574, 380]);
    const line = sheet.findIndex((r) => typeof r[0] === "string" && r[0].startsWith("- 2001-11-05"));
    assert.ok(line > 0 && book.cell("Reconciliation", `A${line + 1}`).quotePrefix, "a summary line starting with - is text");
    assert.match(text, /In all, commissions overcharged \$380\.00 /);
    await assert.rejects(reconcileWorkbook(new FakeWorkbook().run, SEED_TERMS), /no Placements table/);
  });

  it("the Reconciliation sheet is formatted as an analyst formats it: currency, prices to 4 decimals, counts with separators, headers that say what they hold", async () => {
    const book = new FakeWorkbook();
    await applyPlan(book.run, statement.rows);
    const { result } = await reconcileWorkbook(book.run, SEED_TERMS);
    const rows = book.sheets.get("Reconciliation")!.rows;
    const header = ["Agreement", "Number of sales", "Sales compared", "Gross proceeds", "Commission per contract", "Commission stated", "Commission overcharge", "Net proceeds per contract", "Net proceeds stated", "Settlement dates differing", "Warrant shares", "Warrant exercise price", "Capacity left"];
    assert.deepStrictEqual(rows[2], header);
    assert.ok(!rows[2]!.includes("Sales"), "no column named like the Sales Agreement");
    const placementHeader = rows.findIndex((r) => r[0] === "Placement");
    assert.deepStrictEqual(rows[placementHeader]!.slice(0, header.length - 1), ["Placement", ...header.slice(1, -1)]);
    const formatOf = (row: number, heading: string) => book.cell("Reconciliation", `${String.fromCharCode(65 + header.indexOf(heading))}${row + 1}`).numberFormat;
    const words = '"overcharged "$#,##0.00;"undercharged "$#,##0.00;"none"';
    for (const row of [3, 4, placementHeader + 1, placementHeader + result.byPlacement.length]) {
      assert.deepStrictEqual(
        ["Number of sales", "Sales compared", "Gross proceeds", "Commission per contract", "Commission stated", "Commission overcharge", "Net proceeds per contract", "Net proceeds stated", "Settlement dates differing", "Warrant shares", "Warrant exercise price"].map((h) => formatOf(row, h)),
        ["#,##0", "#,##0", "$#,##0.00", "$#,##0.00", "$#,##0.00", words, "$#,##0.00", "$#,##0.00", "#,##0", "#,##0", "$#,##0.0000"],
        `sheet row ${row + 1}`,
      );
    }
    assert.strictEqual(formatOf(3, "Capacity left"), "$#,##0.00");
    assert.strictEqual(book.cell("Reconciliation", "A1").numberFormat, "General");
    // The NASD 8% test as a table: each basis labelled, compensation as a percentage.
    const nasd = rows.findIndex((r) => r[0] === "NASD 8% test");
    assert.deepStrictEqual(rows[nasd]!.slice(0, 8), ["NASD 8% test", "Basis", "Gross proceeds", "Commissions", "Expense caps", "Retainer", "Compensation / gross", "Within the 8% cap"]);
    assert.deepStrictEqual(rows.slice(nasd + 1, nasd + 4).map((r) => r.slice(0, 8)), [
      ["Sales Agreement", "at program completion (the prospectus's basis)", 25_000_000, 900_000, 60_000, 62_500, 0.0409, "Yes"],
      ["Other Agreement", "at program completion (the prospectus's basis)", 8_400_000, 336_000, 60_000, 62_500, 458_500 / 8_400_000, "Yes"],
      ["All agreements", "on gross sold to date (caps and retainer in full)", 1_922_350, 76_894, 120_000, 125_000, 321_894 / 1_922_350, "No"],
    ]);
    assert.deepStrictEqual(["C", "D", "E", "F", "G"].map((c) => book.cell("Reconciliation", `${c}${nasd + 2}`).numberFormat), ["$#,##0.00", "$#,##0.00", "$#,##0.00", "$#,##0.00", "0.00%"]);
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

  /** An ExcelRun on `book` whose every request from the k-th on fails (a connection lost mid-command): the undo fails too. */
  const lostFrom = (book: FakeWorkbook, k: number): ExcelRun => (batch) =>
    book.run(async (context: any) => {
      const sync = context.sync.bind(context);
      let n = 0;
      context.sync = async () => {
        if (++n >= k) throw new Error("the connection to Excel was lost");
        return sync();
      };
      return batch(context);
    });

  it("when putting the workbook back fails too, the message says so and what may remain (never \"was undone\")", async () => {
    const book = new FakeWorkbook();
    await writeTermsSheet(book.run, SEED_TERMS);
    await assert.rejects(writeTermsSheet(lostFrom(book, 4), { ...SEED_TERMS, warrantPremium: 1.25 }), (error: Error) => {
      assert.ok(error instanceof NotUndone, error.message);
      assert.match(error.message, /^the connection to Excel was lost; putting the workbook back failed as well \(the connection to Excel was lost\): the Terms sheet and its names may be partly written/);
      return true;
    });
    await applyPlan(book.run, statement.rows);
    await assert.rejects(reconcileWorkbook(lostFrom(book, 4), SEED_TERMS), (error: Error) => {
      assert.ok(error instanceof NotUndone, error.message);
      assert.match(error.message, /"CEO Reconciliation \(new\)"/);
      return true;
    });
  });
});
