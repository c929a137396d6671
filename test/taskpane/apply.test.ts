import assert from "assert";
import { applyPlan, chunkByBytes, ImportCancelled } from "../../src/taskpane/apply";
import { computedColumns, HEADERS } from "../../src/taskpane/placementsTable";
import type { PlacementRow } from "../../src/taskpane/plan";
import { EXCEL_WEB_REQUEST_LIMIT, FakeWorkbook } from "../support/fakeExcel";

const row = (i: number, over: Partial<PlacementRow> = {}): PlacementRow => ({
  line: i + 2,
  tradeDate: 37196 + Math.floor(i / 10),
  shares: 1000 + i,
  price: 4.04,
  gross: Math.round((1000 + i) * 404) / 100,
  agreement: i % 3 === 0 ? "Other" : "Sales",
  placement: `P-${Math.floor(i / 5)}`,
  notes: "",
  ...over,
});
const rows = (n: number) => Array.from({ length: n }, (_, i) => row(i));

describe("applyPlan: writing the Placements table", () => {
  it("creates the table: inputs as values, computed columns as =CEO.* formulas, a summary", async () => {
    const book = new FakeWorkbook();
    const result = await applyPlan(book.run, [row(1), row(0)]);
    assert.deepStrictEqual([result.added, result.skipped], [2, 0]);
    const values = book.tableValues("Placements");
    assert.deepStrictEqual(book.tables.get("Placements")!.columns, HEADERS);
    assert.deepStrictEqual(values[0]!.slice(0, 9), [37196, 1000, 4.04, 4040, "Other", "P-0", "", null, null]); // sorted by trade date, then line
    assert.deepStrictEqual(values[1]!.slice(9), computedColumns().map((c) => c.formula));
    assert.match(String(values[0]![HEADERS.indexOf("Fee")]), /^=CEO\.FEE\(/);
    const sheet = book.sheets.get("Placements")!;
    assert.strictEqual(sheet.rows[0]![HEADERS.length + 1], "Summary");
    assert.match(String(sheet.rows[1]![HEADERS.length + 2]), /^=SUMIFS\(Placements\[Gross\]/);
    assert.strictEqual(Object.values(sheet.conditionalFormats).flat().length, 2); // the two difference columns
    assert.ok(book.calculationSuspensions >= 1);
  });

  it("writes text that looks like a formula as text (apostrophe prefix)", async () => {
    const book = new FakeWorkbook();
    const payloads = ["=1+2", "+1", "-1", "@SUM(A1)", "\tx", "\rx", "=HYPERLINK(\"http://x\")", "'quoted"];
    await applyPlan(book.run, payloads.map((notes, i) => row(i, { notes, placement: notes })));
    const written = book.tableValues("Placements").map((r) => [r[5], r[6]]);
    for (const [placement, notes] of written) {
      assert.ok(String(placement).startsWith("'") && String(notes).startsWith("'"), `${placement} written as a formula`);
    }
  });

  it("re-importing the same rows adds nothing; new ones are appended; duplicates counted", async () => {
    const book = new FakeWorkbook();
    await applyPlan(book.run, rows(20));
    const before = book.snapshot();
    assert.deepStrictEqual(await applyPlan(book.run, rows(20)).then((r) => [r.added, r.skipped]), [0, 20]);
    assert.deepStrictEqual(book.snapshot(), before);
    const again = await applyPlan(book.run, [...rows(25), row(3)]); // 5 new, plus a second copy of row 3
    assert.deepStrictEqual([again.added, again.skipped], [6, 20]);
    assert.strictEqual(book.tableValues("Placements").length, 26);
  });

  it("writes 100,000 rows in requests under 5 MB each, with progress to 100%", async function () {
    this.timeout(120_000);
    const book = new FakeWorkbook();
    const progress: number[] = [];
    const result = await applyPlan(book.run, rows(100_000), { onProgress: (done, total) => progress.push(done / total) });
    assert.strictEqual(result.added, 100_000);
    assert.strictEqual(book.tableValues("Placements").length, 100_000);
    assert.ok(Math.max(...book.requestBytes) < EXCEL_WEB_REQUEST_LIMIT);
    assert.ok(book.requests <= 25, `${book.requests} requests`);
    assert.strictEqual(progress.at(-1), 1);
    console.log(`      100,000 rows: ${book.requests} requests, largest ${(Math.max(...book.requestBytes) / 1e6).toFixed(2)} MB`);
  });

  for (const existing of [false, true]) {
    it(`a failure at any request leaves the workbook as it was (${existing ? "existing table" : "new table"})`, async () => {
      const prepare = async () => {
        const book = new FakeWorkbook();
        if (existing) await applyPlan(book.run, rows(50));
        book.requests = 0;
        return book;
      };
      const probe = await prepare();
      await applyPlan(probe.run, rows(400), { chunkBytes: 4000 });
      const total = probe.requests;
      assert.ok(total >= 8, `only ${total} requests to fail`);
      for (let k = 1; k <= total; k++) {
        const book = await prepare();
        const before = book.snapshot();
        book.failAtRequest = k;
        await assert.rejects(applyPlan(book.run, rows(400), { chunkBytes: 4000 }), /injected failure/);
        assert.deepStrictEqual(book.snapshot(), before, `failure at request ${k} of ${total} left a change`);
      }
    });
  }

  it("cancel leaves no partial import", async () => {
    const book = new FakeWorkbook();
    await applyPlan(book.run, rows(10));
    const before = book.snapshot();
    let chunks = 0;
    await assert.rejects(
      applyPlan(book.run, rows(500), { chunkBytes: 5000, onProgress: () => chunks++, isCancelled: () => chunks > 2 }),
      (e: unknown) => e instanceof ImportCancelled,
    );
    assert.deepStrictEqual(book.snapshot(), before);
  });

  it("chunkByBytes keeps every chunk under the limit and every row in order", () => {
    const items = Array.from({ length: 1000 }, (_, i) => ["x".repeat(i % 97), i]);
    const chunks = chunkByBytes(items, 2000);
    assert.deepStrictEqual(chunks.flat(), items);
    for (const c of chunks) assert.ok(JSON.stringify(c).length <= 2000);
  });
});
