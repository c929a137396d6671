import assert from "assert";
import fs from "fs";
import path from "path";
import { applyPlan, chunkByBytes, importFailureMessage, ImportCancelled, ImportRefused, RollbackFailed, runImport } from "../../src/taskpane/apply";
import { SEED_TERMS } from "../../src/taskpane/terms";
import { writeTermsSheet } from "../../src/taskpane/termsApply";
import { freshTerms } from "../../src/taskpane/termsUi";
import { excelRunOn } from "../../src/taskpane/excel/run";
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
    assert.deepStrictEqual(values[0]!.slice(0, 9), [37196, 1000, 4.04, 4040, "Other", "P-0", null, null, null]); // sorted by trade date, then line; an empty note is an empty cell
    assert.deepStrictEqual(values[1]!.slice(9), computedColumns().map((c) => c.formula));
    assert.match(String(values[0]![HEADERS.indexOf("Fee")]), /^=CEO\.FEE\(/);
    const sheet = book.sheets.get("Placements")!;
    assert.strictEqual(sheet.rows[0]![HEADERS.length + 1], "Summary");
    assert.match(String(sheet.rows[1]![HEADERS.length + 2]), /^=SUMIFS\(Placements\[Gross\]/);
    assert.strictEqual(Object.values(sheet.conditionalFormats).flat().length, 2); // the two difference columns
    assert.ok(book.calculationSuspensions >= 1);
  });

  it("writes text that looks like a formula as text, and reads it back exactly", async () => {
    const book = new FakeWorkbook();
    const payloads = ["=1+2", "+1", "-1", "@SUM(A1)", "\tx", "\rx", "=HYPERLINK(\"http://x\")", "'quoted", "00123", "2024-06-03", "50%", "TRUE"];
    await applyPlan(book.run, payloads.map((notes, i) => row(i, { notes, placement: notes })));
    const [placementAt, notesAt] = ["Placement", "Notes"].map((h) => HEADERS.indexOf(h));
    payloads.forEach((payload, i) => {
      for (const at of [placementAt!, notesAt!]) {
        const cell = book.cell("Placements", `${String.fromCharCode(65 + at)}${i + 2}`);
        assert.deepStrictEqual([cell.isFormula, cell.value, cell.formula], [false, payload, payload], `${JSON.stringify(payload)} in column ${HEADERS[at]}`);
      }
    });
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

  describe("the import against Excel's documented behaviour (issue 15)", () => {
    it("the first chunk is formatted as text before it is written: every chunk stores \"00123\" and \"2024-06-03\" as text, and a re-import skips them all", async () => {
      const book = new FakeWorkbook();
      const report = Array.from({ length: 60 }, (_, i) => row(i, { placement: i % 2 ? "00123" : "0042", notes: "2024-06-03" }));
      await applyPlan(book.run, report, { chunkBytes: 1500 }); // several chunks: the first creates the table
      const [placementAt, notesAt] = ["Placement", "Notes"].map((h) => HEADERS.indexOf(h)) as [number, number];
      book.tableValues("Placements").forEach((r, i) => {
        assert.deepStrictEqual([r[placementAt], r[notesAt]], [report.find((x) => x.line === i + 2)!.placement, "2024-06-03"], `table row ${i + 1}`);
      });
      const before = book.snapshot();
      const again = await applyPlan(book.run, report, { chunkBytes: 1500 });
      assert.deepStrictEqual([again.added, again.skipped], [0, 60]);
      assert.deepStrictEqual(book.snapshot(), before);
    });

    it("waits out the user's cell edit where the host can delay a batch", async () => {
      const book = new FakeWorkbook();
      book.editingCell = true;
      const pending = applyPlan(excelRunOn(book), rows(5));
      await new Promise((resolve) => setTimeout(resolve, 10));
      assert.deepStrictEqual([book.delayedBatches, book.requests], [1, 0]);
      book.finishCellEdit();
      assert.strictEqual((await pending).added, 5);
    });

    it("on a host without delayForCellEdit a cell edit fails the import before anything is written, and the pane says so", async () => {
      const book = new FakeWorkbook();
      book.delaysForCellEdit = false;
      await applyPlan(book.run, rows(5));
      const before = book.snapshot();
      book.editingCell = true;
      const error = await applyPlan(excelRunOn(book), rows(8)).catch((e: unknown) => e);
      assert.strictEqual((error as { code?: string }).code, "InvalidOperationInCellEditMode");
      assert.strictEqual(importFailureMessage(error), "Excel is busy editing a cell: press Enter or Esc and try again. Nothing was written.");
      assert.deepStrictEqual(book.snapshot(), before);
    });

    for (const existing of [false, true]) {
      it(`a rollback that fails too is reported honestly: the rows it names are the rows that remain (${existing ? "existing table" : "new table"})`, async () => {
        const prepare = async () => {
          const book = new FakeWorkbook();
          if (existing) await applyPlan(book.run, rows(50));
          book.requests = 0;
          return book;
        };
        const probe = await prepare();
        await applyPlan(probe.run, rows(400), { chunkBytes: 4000 });
        let reported = 0;
        for (let k = 1; k <= probe.requests; k++) {
          const book = await prepare();
          const before = book.snapshot();
          const rowsBefore = existing ? 50 : 0;
          book.failAtRequest = [k, k + 1]; // the import's request k, and the first request of its rollback
          const error = await applyPlan(book.run, rows(400), { chunkBytes: 4000 }).then(() => undefined, (e: unknown) => e);
          assert.ok(error, `request ${k}: no failure`);
          if (!(error instanceof RollbackFailed)) {
            assert.deepStrictEqual(book.snapshot(), before, `request ${k}: "${importFailureMessage(error)}" but the workbook changed`);
            continue;
          }
          reported++;
          const text = importFailureMessage(error);
          assert.match(text, new RegExp(`^The import did not complete: the import stopped at request ${k} \\(injected failure at request ${k}\\) and could not be undone \\(injected failure at request ${k + 1}\\): `));
          const now = book.tables.has("Placements") ? book.tableValues("Placements").length - rowsBefore : 0;
          // "rows 51 to N ... remain", "its first N rows" (certain), "perhaps some of the M rows", "may have been written", "up to M rows" (possible).
          const span = text.match(/rows (\d+) to (\d+) of the Placements table/);
          const size = span ? Number(span[2]) - Number(span[1]) + 1 : 0;
          const possible = /may have been written/.test(text);
          const named = possible ? 0 : existing ? size : Number(text.match(/first (\d+) rows/)?.[1] ?? 0);
          const perhaps = possible ? size : Number(text.match(/perhaps some of the (\d+) rows/)?.[1] ?? text.match(/with up to (\d+) rows/)?.[1] ?? 0);
          assert.ok(existing ? span : /first \d+ rows|up to \d+ rows/.test(text), text);
          assert.ok(now >= named && now <= named + perhaps, `request ${k}: ${now} rows remain, the message says ${named} (+${perhaps}): ${text}`);
          if (span) assert.strictEqual(Number(span[1]), 51, text);
        }
        assert.ok(reported >= 5, `only ${reported} rollbacks failed`);
      });
    }

    it("finds the table as a table: on a renamed sheet, columns moved and one added; appends by header; a re-import skips", async () => {
      const book = new FakeWorkbook();
      await applyPlan(book.run, rows(10));
      // The user renames the sheet, then builds the table again with Notes first and a column of their own.
      const moved = ["Notes", ...HEADERS.filter((h) => h !== "Notes"), "Checked by"];
      const old = book.tableValues("Placements").map((r) => Object.fromEntries(HEADERS.map((h, i) => [h, r[i]])));
      book.tables.clear();
      book.sheets.clear();
      book.addTable("Deal 2001", "Placements", "B3", moved, old.map((r) => moved.map((h) => (h === "Checked by" ? "'JS" : typeof r[h] === "string" && !String(r[h]).startsWith("=") ? `'${r[h]}` : (r[h] ?? null)))));
      const result = await applyPlan(book.run, [...rows(10), row(10), row(11, { notes: "late" })]);
      assert.deepStrictEqual([result.added, result.skipped], [2, 10]);
      const table = book.tableValues("Placements");
      assert.strictEqual(table.length, 12);
      const at = (h: string) => moved.indexOf(h);
      assert.deepStrictEqual([table[11]![at("Notes")], table[11]![at("Shares")], table[11]![at("Placement")], table[11]![at("Checked by")]], ["late", 1011, "P-2", null]);
      assert.match(String(table[11]![at("Fee")]), /^=CEO\.FEE\(/);
      assert.ok(!book.sheets.has("Placements"), "no Placements sheet made");
      assert.deepStrictEqual(await applyPlan(book.run, rows(12)).then((r) => [r.added, r.skipped]), [0, 12]);
    });

    it("a required column missing or renamed is refused, naming it; nothing written", async () => {
      const book = new FakeWorkbook();
      await applyPlan(book.run, rows(3));
      const header = book.sheets.get("Placements")!.rows[0]!;
      header[HEADERS.indexOf("Placement")] = "Placement ID";
      const before = book.snapshot();
      const error = await applyPlan(book.run, rows(5)).catch((e: unknown) => e);
      assert.ok(error instanceof ImportRefused);
      assert.match(importFailureMessage(error), /^The Placements table \(sheet "Placements"\) has no column "Placement": .*Nothing was written\.$/);
      assert.deepStrictEqual(book.snapshot(), before);
    });

    it("a 1904-date-system workbook is refused, saying dates would be shifted by 1,462 days; nothing written", async () => {
      // A new table: detected on the first request's own read-back, and undone.
      const fresh = new FakeWorkbook();
      fresh.date1904 = true;
      const before = fresh.snapshot();
      const error = await applyPlan(fresh.run, rows(30), { chunkBytes: 2000 }).catch((e: unknown) => e);
      assert.ok(error instanceof ImportRefused, String(error));
      assert.match(importFailureMessage(error), /1904 date system.*1,462 days.*Nothing was written\./);
      assert.deepStrictEqual(fresh.snapshot(), before);
      // An existing table: detected from its first trade date, before anything is written.
      const book = new FakeWorkbook();
      await applyPlan(book.run, rows(3));
      book.date1904 = true;
      const kept = book.snapshot();
      await assert.rejects(applyPlan(book.run, rows(6)), /1904 date system/);
      assert.deepStrictEqual(book.snapshot(), kept);
      // The 1900 system is not refused.
      assert.strictEqual((await applyPlan(new FakeWorkbook().run, rows(3))).added, 3);
    });
  });

  describe("the Import command (runImport): the Terms sheet read again when it starts", () => {
    const report = "Trade Date,Shares,Price,Agreement,Placement\n2001-11-01,1000,4.04,Sales,P-1\n2001-11-02,2000,4.10,Other,P-2\n";

    it("a Terms sheet made after the pane opened is used: the formulas read its names", async () => {
      const book = new FakeWorkbook();
      await freshTerms(book.run); // the pane opens: no Terms sheet yet
      await writeTermsSheet(book.run, SEED_TERMS); // then New deal, or a colleague's copy pasted in
      const outcome = await runImport(book.run, report, freshTerms);
      assert.ok(outcome.ok, outcome.message);
      assert.strictEqual(outcome.message, "Done: 2 new rows added to the Placements table, 0 already there skipped.");
      assert.match(String(book.tableValues("Placements")[0]![HEADERS.indexOf("Fee")]), /Sales_Schedule/);
    });

    it("an agreement renamed on the Terms sheet by hand: the report no longer fits, nothing written", async () => {
      const book = new FakeWorkbook();
      await writeTermsSheet(book.run, SEED_TERMS);
      await freshTerms(book.run); // the pane opens with Sales and Other
      book.sheets.get("Terms")!.rows[16]![1] = "Direct"; // the user renames "Other" on the sheet
      const before = book.snapshot();
      const outcome = await runImport(book.run, report, freshTerms);
      assert.strictEqual(outcome.ok, false);
      assert.match(outcome.message, /^The Terms sheet was read again and the report no longer fits it \(1 problem, listed below\): nothing was written\.$/);
      assert.match(outcome.plan!.errors[0]!.message, /Other/);
      assert.deepStrictEqual(book.snapshot(), before);
    });

    it("says what happened in words: cell edit, refusal, honest rollback failure", async () => {
      const book = new FakeWorkbook();
      book.editingCell = true;
      assert.strictEqual((await runImport(book.run, report, freshTerms)).message, "Excel is busy editing a cell: press Enter or Esc and try again. Nothing was written.");
    });
  });

  it("the pane sends every batch through excelRun (delayForCellEdit where the host has ExcelApi 1.11), none through Excel.run itself", () => {
    const pane = fs.readFileSync(path.resolve(__dirname, "../../src/taskpane/taskpane.ts"), "utf8");
    assert.doesNotMatch(pane, /Excel\.run/);
    assert.match(pane, /excelRun\(\)/);
    assert.match(pane, /runImport\(run, planText, freshTerms,/);
    assert.match(pane, /readSelectionText\(run\)/);
  });
});
