/*
 * An existing Placements table made by an earlier version (0.1.0's layout: no Check, running-sum or
 * Agent Settlement columns, Prior Gross as two SUMIFS per row) is upgraded by the next import, not
 * refused; any failure puts it back exactly; a table with a needed column renamed is refused.
 * The old layout and formulas are written out here from 0.1.0 (git show 057c786:src/taskpane/import/placementsTable.ts),
 * not taken from the code under test.
 */
import assert from "assert";
import { applyPlan, importFailureMessage, ImportRefused, importMessage } from "../../src/taskpane/import/apply";
import { computedColumns, HEADERS, summaryPlaceOf, columnLetter } from "../../src/taskpane/import/placementsTable";
import type { PlacementRow } from "../../src/taskpane/import/plan";
import { FakeWorkbook } from "../support/fakeExcel";
import { SEED_TERMS } from "../../src/taskpane/terms/terms";
import { writeTermsSheet } from "../../src/taskpane/terms/termsApply";

const OLD_HEADERS = ["Trade Date", "Shares", "Price", "Gross", "Agreement", "Placement", "Notes", "Agent Commission", "Agent Net", "Prior Gross", "Fee", "Net", "Commission Difference", "Net Difference", "Settlement Date", "Warrant Shares", "Warrant Exercise Price"];
const OLD_PRIOR_GROSS =
  '=SUMIFS([Gross],[Agreement],[@Agreement],[Trade Date],"<"&[@[Trade Date]])+SUMIFS(INDEX([Gross],1):[@Gross],INDEX([Agreement],1):[@Agreement],[@Agreement],INDEX([Trade Date],1):[@[Trade Date]],[@[Trade Date]])-[@Gross]';
const OLD_FORMULAS: Record<string, string> = {
  "Prior Gross": OLD_PRIOR_GROSS,
  Fee: '=CEO.FEE([@Gross],[@[Prior Gross]],IF([@Agreement]="Other",0.04,""))',
  Net: '=CEO.NET([@Gross],[@[Prior Gross]],IF([@Agreement]="Other",0.04,""))',
  "Commission Difference": '=IF([@[Agent Commission]]="","",ROUND([@[Agent Commission]]-[@Fee],2))',
  "Net Difference": '=IF([@[Agent Net]]="","",ROUND([@[Agent Net]]-[@Net],2))',
  "Settlement Date": "=CEO.SETTLE([@[Trade Date]])",
  "Warrant Shares": "=INDEX(CEO.WARRANTS([@Shares],[@Price]),1,1)",
  "Warrant Exercise Price": "=INDEX(CEO.WARRANTS([@Shares],[@Price]),1,2)",
};

const row = (i: number, over: Partial<PlacementRow> = {}): PlacementRow => ({
  line: i + 2,
  tradeDate: 37196 + i,
  shares: 1000 + i,
  price: 4.04,
  gross: Math.round((1000 + i) * 404) / 100,
  agreement: i % 3 === 0 ? "Other" : "Sales",
  placement: `P-${i}`,
  notes: "",
  ...over,
});
const rows = (n: number) => Array.from({ length: n }, (_, i) => row(i));

/** A workbook as 0.1.0 left it: the table at A1 with `n` sales (Agent Commission stated on the first), its summary from S1; `extra` columns of the user's own after `after`. */
function oldWorkbook(n: number, extra?: { after: string; name: string }) {
  const book = new FakeWorkbook();
  const headers = [...OLD_HEADERS];
  if (extra) headers.splice(headers.indexOf(extra.after) + 1, 0, extra.name);
  const cells = rows(n).map((r, i) =>
    headers.map((h) => {
      const input: Record<string, unknown> = { "Trade Date": r.tradeDate, Shares: r.shares, Price: r.price, Gross: r.gross, Agreement: `'${r.agreement}`, Placement: `'${r.placement}`, Notes: null, "Agent Commission": i === 0 ? 201.99 : null, "Agent Net": null };
      if (h in input) return input[h];
      if (h in OLD_FORMULAS) return OLD_FORMULAS[h];
      return `'mine ${i}`;
    }),
  );
  book.addTable("Placements", "Placements", "A1", headers, cells);
  // The summary as 0.1.0 wrote it, one blank column after the table (its title and first line suffice: the import rewrites the block).
  const summaryColumn = headers.length + 1;
  const sheet = book.sheets.get("Placements")!;
  sheet.rows[0]![summaryColumn] = "Summary";
  (sheet.rows[1] ??= [])[summaryColumn] = "Gross, Sales Agreement";
  sheet.rows[1]![summaryColumn + 1] = '=SUMIFS(Placements[Gross],Placements[Agreement],"Sales")';
  return { book, headers, summaryColumn };
}

/**
 * The snapshot without the quote prefix and text marks of the summary's cells: putting the summary
 * back writes its labels as text (an apostrophe before each: excel/text.ts reentered), and whether a
 * cell had a quote prefix cannot be read in ExcelApi 1.7; its content, formulas and formats must match.
 */
function withoutPrefixes(snapshot: unknown, fromColumn: number): unknown {
  const copy = JSON.parse(JSON.stringify(snapshot));
  for (const sheet of copy.sheets) {
    for (const key of ["text", "quotePrefix"]) {
      sheet[key] = Object.fromEntries(Object.entries(sheet[key] as Record<string, unknown>).filter(([at]) => Number(at.split(",")[1]) < fromColumn));
    }
  }
  return copy;
}

const NEW_COLUMNS = ["Check", "Problems to Date", "Prior Units", "Gross to Date", "Agent Settlement", "Settlement Difference"];
const EXPECTED = HEADERS.filter((h) => h !== "Compliance");

describe("import into a Placements table made by an earlier version", () => {
  it("adds the missing columns at their places with their formulas, keeps the old rows, replaces Prior Gross, moves the summary beside it, de-duplicates", async () => {
    const { book, summaryColumn } = oldWorkbook(5);
    const oldRows = book.tableValues("Placements").map((r) => r.slice(0, 9));
    const result = await applyPlan(book.run, [...rows(5), row(5), row(6)]);
    assert.deepStrictEqual([result.added, result.skipped], [2, 5], "the old rows are found again");
    assert.deepStrictEqual(result.upgraded, { wroteIt: "0.1.0", added: NEW_COLUMNS, formulas: ["Prior Gross"] });
    const header = book.sheets.get("Placements")!.rows[0]!.slice(0, EXPECTED.length);
    assert.deepStrictEqual(header, EXPECTED);
    const table = book.tableValues("Placements");
    assert.strictEqual(table.length, 7);
    const at = (h: string) => EXPECTED.indexOf(h);
    assert.deepStrictEqual(
      table.slice(0, 5).map((r) => ["Trade Date", "Shares", "Price", "Gross", "Agreement", "Placement", "Notes", "Agent Commission", "Agent Net"].map((h) => r[at(h)])),
      oldRows.map((r) => r.map((v) => v)),
    );
    for (const c of computedColumns()) {
      assert.deepStrictEqual(table.map((r) => r[at(c.name)]), Array(7).fill(c.formula), `${c.name}: this version's formula on every row`);
    }
    assert.ok(!table.some((r) => String(r[at("Prior Gross")]).includes("SUMIFS")), "no quadratic Prior Gross left");
    assert.strictEqual(book.cell("Placements", `${columnLetter(at("Agent Settlement"))}2`).numberFormat, "yyyy-mm-dd");
    // The summary one blank column after the table's last column (summaryPlaceOf), level with its header.
    const place = summaryPlaceOf(`Placements!A1:${columnLetter(EXPECTED.length - 1)}8`);
    assert.strictEqual(book.cell("Placements", `${columnLetter(place.column)}1`).value, "Summary");
    assert.strictEqual(book.cell("Placements", `${columnLetter(place.column + 1)}2`).formula, '=SUMIFS(Placements[Gross],Placements[Agreement],"Sales")');
    assert.deepStrictEqual(book.sheets.get("Placements")!.rows[0]!.filter((v) => v === "Summary").length, 1, "one summary, the old one cleared");
    void summaryColumn;
    assert.match(importMessage(rows(7), result), /made by 0\.1\.0, was upgraded .*added columns: Check, Problems to Date, Prior Units, Gross to Date, Agent Settlement, Settlement Difference; formulas updated: Prior Gross\.$/);
    // Imported again: nothing to upgrade, nothing new.
    const again = await applyPlan(book.run, rows(7));
    assert.deepStrictEqual([again.added, again.skipped, again.upgraded], [0, 7, undefined]);
  });

  it("a report with nothing new still upgrades the table", async () => {
    const { book } = oldWorkbook(3);
    const result = await applyPlan(book.run, rows(3));
    assert.deepStrictEqual([result.added, result.skipped, result.upgraded?.added], [0, 3, NEW_COLUMNS]);
    assert.deepStrictEqual(book.sheets.get("Placements")!.rows[0]!.slice(0, EXPECTED.length), EXPECTED);
  });

  it("a statement's settlement dates go into the added Agent Settlement column of the old rows", async () => {
    const { book } = oldWorkbook(3);
    const result = await applyPlan(book.run, [row(1, { statedSettlement: 37200 })]);
    assert.deepStrictEqual([result.added, result.filled], [0, 1]);
    assert.strictEqual(book.tableValues("Placements")[1]![EXPECTED.indexOf("Agent Settlement")], 37200);
  });

  it("a failure at any request of the upgrade and import leaves the old table exactly as it was", async () => {
    const probe = oldWorkbook(4).book;
    await applyPlan(probe.run, [...rows(4), row(4, { statedCommission: 1 }), row(5)]);
    const total = probe.requests;
    for (let k = 1; k <= total; k++) {
      const { book, summaryColumn } = oldWorkbook(4);
      const before = book.snapshot();
      const start = book.requests;
      book.failAtRequest = start + k;
      await assert.rejects(applyPlan(book.run, [...rows(4), row(4, { statedCommission: 1 }), row(5)]));
      assert.deepStrictEqual(withoutPrefixes(book.snapshot(), summaryColumn), withoutPrefixes(before, summaryColumn), `failure at request ${k} of ${total} left a change`);
    }
  });

  it("columns of the user's own are kept where they are, with their cells", async () => {
    const { book } = oldWorkbook(3, { after: "Agent Net", name: "Checked by" });
    await applyPlan(book.run, [...rows(3), row(3)]);
    const header = book.sheets.get("Placements")!.rows[0]!.map(String);
    const expected = [...EXPECTED];
    expected.splice(expected.indexOf("Agent Net") + 1, 0, "Checked by");
    // Each added column goes right after the nearest own column before it in this version's order (Check after Agent Net), the user's column after them.
    const own = header.slice(0, expected.length);
    assert.deepStrictEqual(own.filter((h) => h !== "Checked by"), EXPECTED);
    assert.ok(own.includes("Checked by"));
    const table = book.tableValues("Placements");
    assert.deepStrictEqual(table.map((r) => r[own.indexOf("Checked by")]), ["mine 0", "mine 1", "mine 2", null]);
  });

  it("an old table with a needed column renamed is refused, naming it; nothing written", async () => {
    const { book } = oldWorkbook(3);
    book.sheets.get("Placements")!.rows[0]![OLD_HEADERS.indexOf("Gross")] = "Gross $";
    const before = book.snapshot();
    const error = await applyPlan(book.run, rows(4)).catch((e: unknown) => e);
    assert.ok(error instanceof ImportRefused);
    assert.match(importFailureMessage(error), /has no column "Gross", .*Nothing was written\.$/);
    assert.deepStrictEqual(book.snapshot(), before);
  });

  it("writing the Terms sheet into a workbook with an old table upgrades it too: the formulas read the names", async () => {
    const { book } = oldWorkbook(3);
    assert.deepStrictEqual(await writeTermsSheet(book.run, SEED_TERMS), []);
    assert.deepStrictEqual(book.sheets.get("Placements")!.rows[0]!.slice(0, EXPECTED.length), EXPECTED);
    const table = book.tableValues("Placements");
    for (const c of computedColumns(SEED_TERMS)) assert.deepStrictEqual(table.map((r) => r[EXPECTED.indexOf(c.name)]), Array(3).fill(c.formula), c.name);
    assert.match(String(table[0]![EXPECTED.indexOf("Fee")]), /Sales_Schedule/);
  });

  it("a failure at any request of writing the Terms sheet leaves the old table and the workbook as they were", async () => {
    const probe = oldWorkbook(3).book;
    await writeTermsSheet(probe.run, SEED_TERMS);
    const total = probe.requests;
    for (let k = 1; k <= total; k++) {
      const { book, summaryColumn } = oldWorkbook(3);
      const before = book.snapshot();
      book.failAtRequest = book.requests + k;
      await assert.rejects(writeTermsSheet(book.run, SEED_TERMS));
      assert.deepStrictEqual(withoutPrefixes(book.snapshot(), summaryColumn), withoutPrefixes(before, summaryColumn), `failure at request ${k} of ${total} left a change`);
    }
  });

  it("a table of the build before 0.1.0 (no Agent Commission / Agent Net) is upgraded too, the agent columns after Notes", async () => {
    const book = new FakeWorkbook();
    const headers = OLD_HEADERS.filter((h) => !["Agent Commission", "Agent Net", "Commission Difference", "Net Difference"].includes(h));
    const r = row(0);
    book.addTable("Placements", "Placements", "A1", headers, [headers.map((h) => ({ "Trade Date": r.tradeDate, Shares: r.shares, Price: r.price, Gross: r.gross, Agreement: "'Other", Placement: "'P-0", Notes: null })[h] ?? OLD_FORMULAS[h] ?? null)]);
    const result = await applyPlan(book.run, rows(2));
    assert.deepStrictEqual([result.added, result.skipped, result.upgraded?.wroteIt], [1, 1, "the development build before 0.1.0 (commit 1723903)"]);
    assert.deepStrictEqual(book.sheets.get("Placements")!.rows[0]!.slice(0, EXPECTED.length), EXPECTED);
  });
});
