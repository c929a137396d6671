import assert from "assert";
import fs from "fs";
import path from "path";
import { applyPlan, chunkByBytes, importFailureMessage, ImportCancelled, ImportRefused, programStanding, RollbackFailed, runImport } from "../../src/taskpane/import/apply";
import { excessMessage } from "../../src/taskpane/import/programSize";
import { SEED_TERMS } from "../../src/taskpane/terms/terms";
import { writeTermsSheet } from "../../src/taskpane/terms/termsApply";
import { freshTerms } from "../../src/taskpane/terms/termsUi";
import { excelRunOn } from "../../src/taskpane/excel/run";
import { computedColumns, HEADERS, summary } from "../../src/taskpane/import/placementsTable";
import { convertFormula } from "../../src/taskpane/share/share";
import { planImport, type PlacementRow } from "../../src/taskpane/import/plan";
import { EXCEL_WEB_REQUEST_LIMIT, FakeWorkbook } from "../support/fakeExcel";
import { Engine } from "../support/hyperformula";
import { viaWrapper } from "../support/customFunctions";
import { settle } from "../../src/functions/calendar";

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
    assert.deepStrictEqual(computedColumns().map((c) => values[1]![HEADERS.indexOf(c.name)]), computedColumns().map((c) => c.formula));
    assert.strictEqual(HEADERS.indexOf("Agent Settlement"), HEADERS.indexOf("Settlement Date") + 1, "the agent's settlement date beside the computed one");
    assert.strictEqual(HEADERS.indexOf("Settlement Difference"), HEADERS.indexOf("Agent Settlement") + 1);
    assert.deepStrictEqual(values.map((r) => r[HEADERS.indexOf("Compliance")]), [null, null], "Compliance is left to Check compliance");
    assert.match(String(values[0]![HEADERS.indexOf("Fee")]), /^=CEO\.FEE\(/);
    const sheet = book.sheets.get("Placements")!;
    assert.strictEqual(sheet.rows[0]![HEADERS.length + 1], "Summary");
    assert.match(String(sheet.rows[1]![HEADERS.length + 2]), /^=SUMIFS\(Placements\[Gross\]/);
    assert.strictEqual(Object.values(sheet.conditionalFormats).flat().length, 3); // the commission, net and settlement difference columns
    assert.ok(book.calculationSuspensions >= 1);
  });

  it("the summary's NASD 8% lines say their basis: each agreement at program completion (the prospectus's), and gross sold to date", () => {
    const labels = (terms?: typeof SEED_TERMS) => summary(terms).rows.map(([label]) => label);
    const line = (label: string, terms?: typeof SEED_TERMS) => summary(terms).rows.find(([l]) => l === label);
    const { figureColumn } = summary();
    const at = (label: string, terms?: typeof SEED_TERMS) => `${figureColumn}${labels(terms).indexOf(label) + 2}`;
    const sales = "NASD compensation at program completion, Sales Agreement (fees on the full program, expense cap, retainer)";
    const other = "NASD compensation at program completion, Other Agreement (fees on the full program, expense cap, retainer)";
    const toDate = "NASD compensation on gross sold to date (commissions; expense caps and retainer counted in full)";
    const verdict = "Within the NASD 8% cap at program completion";
    assert.deepStrictEqual(line(sales), [sales, "=CEO.COMPPCT(25000000,CEO.FEE(25000000),60000,62500)", "0.00%"]);
    assert.deepStrictEqual(line(other), [other, "=CEO.COMPPCT(8400000,CEO.FEE(8400000,0,0.04),60000,62500)", "0.00%"]);
    const [salesGross, otherGross] = ["Gross, Sales Agreement", "Gross, Other Agreement"].map((l) => at(l));
    assert.deepStrictEqual(line(toDate), [toDate, `=CEO.COMPPCT(${salesGross}+${otherGross},${at("Commissions")},IF(${salesGross}>0,60000,0)+IF(${otherGross}>0,60000,0),62500*((${salesGross}>0)+(${otherGross}>0)))`, "0.00%"]);
    assert.deepStrictEqual(line(verdict), [verdict, `=IF(MAX(${at(sales)},${at(other)})<=0.08,"Yes","No: over 8%")`, "General"]);
    assert.ok(!labels().some((l) => /^Within the NASD 8% cap$/.test(l)), "no verdict without its basis");
    assert.deepStrictEqual(line(sales, SEED_TERMS)![1], "=CEO.COMPPCT(Sales_Program_Max,CEO.FEE(Sales_Program_Max,0,Sales_Schedule),Sales_Expense_Cap,Retainer_Allocation)");
    assert.match(line(toDate, SEED_TERMS)![1], /IF\(\w+\d+>0,Sales_Expense_Cap,0\)\+IF\(\w+\d+>0,Other_Expense_Cap,0\),Retainer_Allocation\*\(\(/);
    // Prepare for sharing turns them into native formulas like every other summary line.
    for (const label of [sales, other, toDate]) assert.strictEqual(convertFormula(line(label)![1]).kind, "native", label);
    // Those native formulas in a real engine, on the sample's gross and commissions: 4.09%, 5.46%, 16.74%, and "Yes".
    const engine = new Engine();
    engine.set(1, 22, [[1_529_850], [392_500], [76_894]]); // W2:W4, the figure column's first rows: gross per agreement, commissions
    const value = (label: string) => {
      const native = convertFormula(line(label)![1]);
      return native.kind === "native" ? engine.evaluate(native.formula) : native.kind;
    };
    assert.strictEqual(figureColumn, "W"); // the table A:T (20 columns, Compliance last), a blank column U, the labels in V
    assert.deepStrictEqual([sales, other, toDate].map((l) => Number(value(l)).toFixed(6)), ["0.040900", "0.054583", "0.167448"]);
    engine.set(labels().indexOf(sales) + 1, 22, [[value(sales)], [value(other)]]);
    assert.strictEqual(engine.evaluate(line(verdict)![1]), "Yes");
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
      // The summary beside the table where it is (B3:V15, 21 columns): from X3, never over the table's own columns.
      assert.deepStrictEqual([book.cell("Deal 2001", "X3").value, book.cell("Deal 2001", "X4").value], ["Summary", "Gross, Sales Agreement"]);
      assert.strictEqual(book.cell("Deal 2001", "Y4").formula, '=SUMIFS(Placements[Gross],Placements[Agreement],"Sales")');
      assert.match(String(book.cell("Deal 2001", `Y${3 + summary().rows.length}`).formula), /^=IF\(MAX\(Y\d+,Y\d+\)<=0\.08,/);
      assert.deepStrictEqual(table.map((r) => r[at("Checked by")]), [...Array(10).fill("JS"), null, null], "the user's column is kept");
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

  describe("agent statements: the Commission and Net Proceeds of sales already in the table (issue 17)", () => {
    const sample = (name: string) => planImport(fs.readFileSync(path.resolve(__dirname, "../../examples", name), "utf8"));
    const placements = sample("neot-2001-placements.csv");
    const statement = sample("neot-2001-agent-statement.csv");
    const at = (h: string) => HEADERS.indexOf(h);
    const column = (book: FakeWorkbook, h: string, headers: readonly string[] = HEADERS) => book.tableValues("Placements").map((r) => r[headers.indexOf(h)]);
    const inTableOrder = [...statement.rows].sort((a, b) => a.tradeDate - b.tradeDate || a.line - b.line);

    it("a statement imported after the placements fills Agent Commission and Agent Net of the same sales; nothing new, nothing unmatched", async () => {
      const book = new FakeWorkbook();
      await applyPlan(book.run, placements.rows);
      const result = await applyPlan(book.run, statement.rows);
      assert.deepStrictEqual([result.added, result.filled, result.skipped, result.unmatched.length, result.conflicts.length], [0, 12, 0, 0, 0]);
      assert.strictEqual(book.tableValues("Placements").length, 12);
      assert.deepStrictEqual(column(book, "Agent Commission"), inTableOrder.map((r) => r.statedCommission));
      assert.deepStrictEqual(column(book, "Agent Net"), inTableOrder.map((r) => r.statedNet));
      assert.strictEqual(column(book, "Notes")[0], "First sales under the November 1, 2001 supplement", "the placement report's notes are kept");
      // The same statement again: every figure already there and the same.
      const before = book.snapshot();
      const again = await applyPlan(book.run, statement.rows);
      assert.deepStrictEqual([again.added, again.filled, again.skipped, again.conflicts.length], [0, 0, 12, 0]);
      assert.deepStrictEqual(book.snapshot(), before);
    });

    it("a stated figure that differs from the one stored is listed with the sale and both figures, and the stored one kept", async () => {
      const book = new FakeWorkbook();
      await applyPlan(book.run, placements.rows);
      await applyPlan(book.run, statement.rows);
      const before = book.snapshot();
      // The agent's corrected statement: line 5's commission $9,648.00 (and its net), line 11 unchanged.
      const corrected = statement.rows.map((r) => (r.line === 5 ? { ...r, statedCommission: 9648, statedNet: 231552 } : r));
      const result = await applyPlan(book.run, corrected);
      assert.deepStrictEqual([result.added, result.filled, result.skipped], [0, 0, 12]);
      assert.deepStrictEqual(
        result.conflicts.map((c) => [c.row.line, c.column, c.stored, c.stated]),
        [
          [5, "Agent Commission", 9848, 9648],
          [5, "Agent Net", 231352, 231552],
        ],
      );
      assert.deepStrictEqual(book.snapshot(), before, "nothing overwritten");
      const outcome = await runImport(book.run, fs.readFileSync(path.resolve(__dirname, "../../examples/neot-2001-agent-statement.csv"), "utf8").replace('"$9,848.00","$231,352.00"', '"$9,648.00","$231,552.00"'), async () => undefined);
      assert.ok(outcome.ok, outcome.message);
      assert.match(outcome.message, /2 stated figures differ from those already in the table and were not changed: line 5 \(2001-11-05, Sales, P-002, 60,000 shares at \$4\.0200\): Agent Commission in the table \$9,848\.00, in the statement \$9,648\.00; line 5 \(2001-11-05, Sales, P-002, 60,000 shares at \$4\.0200\): Agent Net in the table \$231,352\.00, in the statement \$231,552\.00\./);
    });

    it("a statement row whose sale is not in the table is added as a new sale; one that differs from a sale of the same date, agreement and placement is not written and listed", async () => {
      const book = new FakeWorkbook();
      await applyPlan(book.run, placements.rows.filter((r) => r.line !== 13)); // the report without its last sale
      const misstated = statement.rows.map((r) => (r.line === 5 ? { ...r, price: 4.03, gross: 241800 } : r)); // line 5 at $4.03, not $4.02
      const result = await applyPlan(book.run, misstated);
      assert.deepStrictEqual([result.added, result.filled, result.skipped], [1, 10, 0]);
      assert.deepStrictEqual(result.unmatched.map((u) => [u.row.line, u.near.map((n) => [n.shares, n.price])]), [[5, [[60000, 4.02]]]]);
      const table = book.tableValues("Placements");
      assert.strictEqual(table.length, 12);
      assert.deepStrictEqual(table[11]!.slice(0, 9), [37210, 40000, 4.28, 171200, "Sales", "P-004", null, 6848, 164352], "the new sale, with the agent's figures");
      const p002 = table.find((r) => r[at("Shares")] === 60000)!;
      assert.deepStrictEqual([p002[at("Price")], p002[at("Agent Commission")], p002[at("Agent Net")]], [4.02, null, null], "the misstated sale is left as the report had it");
      const outcome = await runImport(
        new FakeWorkbook().run,
        "Trade Date,Shares,Price,Agreement,Placement,Commission\n2001-11-01,1000,4.04,Sales,P-1,40.40\n",
        async () => undefined,
      );
      assert.strictEqual(outcome.message, "Done: 1 new sale added to the Placements table with the agent's figures; 0 sales already in the table filled with the agent's Commission and Net Proceeds; 0 statement rows could not be matched; 0 already there.");
    });

    it("the pane's message says how many were filled, new and unmatched, and lists each unmatched row with both versions", async () => {
      const book = new FakeWorkbook();
      await runImport(book.run, fs.readFileSync(path.resolve(__dirname, "../../examples/neot-2001-placements.csv"), "utf8"), async () => undefined);
      const text = fs.readFileSync(path.resolve(__dirname, "../../examples/neot-2001-agent-statement.csv"), "utf8").replace("2001-11-05,60000,4.0200", "2001-11-05,60000,4.0300").replace('"$241,200.00"', '"$241,800.00"');
      const outcome = await runImport(book.run, text, async () => undefined);
      assert.ok(outcome.ok, outcome.message);
      assert.strictEqual(
        outcome.message,
        "Done: 0 new sales added to the Placements table with the agent's figures; 11 sales already in the table filled with the agent's Commission and Net Proceeds; 1 statement row could not be matched; 0 already there. " +
          "Not written, as the table has a sale of the same date, agreement and placement with other shares or price (adding it would count the sale twice; correct the report or the table, then import the statement again): " +
          "line 5 (2001-11-05, Sales, P-002): 60,000 shares at $4.0300 in the statement, 60,000 shares at $4.0200 in the table.",
      );
    });

    it("fills go to the columns found by header: columns moved and one added", async () => {
      const book = new FakeWorkbook();
      await applyPlan(book.run, placements.rows);
      const moved = ["Agent Net", "Notes", ...HEADERS.filter((h) => h !== "Notes" && h !== "Agent Net"), "Checked by"];
      const old = book.tableValues("Placements").map((r) => Object.fromEntries(HEADERS.map((h, i) => [h, r[i]])));
      book.tables.clear();
      book.sheets.clear();
      book.addTable("Deal 2001", "Placements", "B3", moved, old.map((r) => moved.map((h) => (h === "Checked by" ? "'JS" : typeof r[h] === "string" && !String(r[h]).startsWith("=") ? `'${r[h]}` : (r[h] ?? null)))));
      const result = await applyPlan(book.run, statement.rows);
      assert.deepStrictEqual([result.added, result.filled], [0, 12]);
      assert.deepStrictEqual(column(book, "Agent Commission", moved), inTableOrder.map((r) => r.statedCommission));
      assert.deepStrictEqual(column(book, "Agent Net", moved), inTableOrder.map((r) => r.statedNet));
      assert.deepStrictEqual(column(book, "Checked by", moved), Array(12).fill("JS"));
    });

    it("filling 60,000 sales goes in requests under 5 MB each", async function () {
      this.timeout(120_000);
      const sales = rows(60_000);
      const book = new FakeWorkbook();
      await applyPlan(book.run, sales);
      book.requests = 0;
      book.requestBytes.length = 0;
      const stated = sales.map((r) => ({ ...r, statedCommission: Math.round(r.gross * 4) / 100, statedNet: Math.round(r.gross * 96) / 100 }));
      const result = await applyPlan(book.run, stated);
      assert.deepStrictEqual([result.added, result.filled], [0, 60_000]);
      assert.ok(Math.max(...book.requestBytes) < EXCEL_WEB_REQUEST_LIMIT);
      assert.ok(Math.max(...book.responseBytes) < EXCEL_WEB_REQUEST_LIMIT);
      assert.deepStrictEqual(new Set(column(book, "Agent Commission").map((v) => typeof v)), new Set(["number"]));
    });

    it("a failure at any request of a statement import (fills and a new sale) leaves the workbook as it was", async () => {
      const prepare = async () => {
        const book = new FakeWorkbook();
        await applyPlan(book.run, placements.rows.filter((r) => r.line !== 13));
        book.requests = 0;
        return book;
      };
      const probe = await prepare();
      await applyPlan(probe.run, statement.rows, { chunkBytes: 40 });
      const total = probe.requests;
      assert.ok(total >= 8, `only ${total} requests to fail`);
      for (let k = 1; k <= total; k++) {
        const book = await prepare();
        const before = book.snapshot();
        book.failAtRequest = k;
        await assert.rejects(applyPlan(book.run, statement.rows, { chunkBytes: 40 }), /injected failure/);
        assert.deepStrictEqual(book.snapshot(), before, `failure at request ${k} of ${total} left a change`);
      }
    });

    it("when putting the fills back fails too, the message names the table rows whose agent cells may be filled", async () => {
      const prepare = async () => {
        const book = new FakeWorkbook();
        await applyPlan(book.run, placements.rows);
        book.requests = 0;
        return book;
      };
      const probe = await prepare();
      await applyPlan(probe.run, statement.rows, { chunkBytes: 40 });
      let reported = 0;
      for (let k = 1; k <= probe.requests; k++) {
        const book = await prepare();
        const before = book.snapshot();
        book.failAtRequest = [k, k + 1];
        const error = await applyPlan(book.run, statement.rows, { chunkBytes: 40 }).then(() => undefined, (e: unknown) => e);
        assert.ok(error, `request ${k}: no failure`);
        if (!(error instanceof RollbackFailed)) {
          assert.deepStrictEqual(book.snapshot(), before, `request ${k}: "${importFailureMessage(error)}" but the workbook changed`);
          continue;
        }
        reported++;
        const text = importFailureMessage(error);
        assert.match(text, /Agent Commission, Agent Net or Agent Settlement cells of table rows (\d+) to (\d+) may have been filled from the statement: import the statement again to finish/);
        const [, from, to] = text.match(/table rows (\d+) to (\d+)/)!.map(Number);
        // The placement report had no agent figures: every agent cell holding one now is one the message covers.
        const filledRows = [column(book, "Agent Commission"), column(book, "Agent Net")].flatMap((c) => c.flatMap((v, i) => (v === null ? [] : [i + 1])));
        assert.ok(filledRows.every((row) => row >= from! && row <= to!), `request ${k}: rows ${filledRows.join(", ")} filled; ${text}`);
        assert.ok(!/rows \d+ to \d+ of the Placements table/.test(text), "no rows were added, none named");
      }
      assert.ok(reported >= 5, `only ${reported} rollbacks failed`);
    });

    it("cancel during the fills leaves nothing filled", async () => {
      const book = new FakeWorkbook();
      await applyPlan(book.run, placements.rows);
      const before = book.snapshot();
      let chunks = 0;
      await assert.rejects(
        applyPlan(book.run, statement.rows, { chunkBytes: 40, onProgress: () => chunks++, isCancelled: () => chunks > 3 }),
        (e: unknown) => e instanceof ImportCancelled,
      );
      assert.deepStrictEqual(book.snapshot(), before);
    });
  });

  describe("the agent's settlement dates (issue 21)", () => {
    const text = (name: string) => fs.readFileSync(path.resolve(__dirname, "../../examples", name), "utf8");
    const placements = planImport(text("neot-2001-placements.csv"));
    const report = planImport(text("neot-2001-agent-report.csv"));
    const column = (book: FakeWorkbook, h: string) => book.tableValues("Placements").map((r) => r[HEADERS.indexOf(h)]);
    const inTableOrder = [...report.rows].sort((a, b) => a.tradeDate - b.tradeDate || a.line - b.line);
    const letter = (h: string) => String.fromCharCode(65 + HEADERS.indexOf(h));

    it("a report with a Settlement Date column: Agent Settlement beside the computed Settlement Date, their difference in days as a live formula, highlighted like the commission differences", async () => {
      const book = new FakeWorkbook();
      await applyPlan(book.run, report.rows);
      const headers = book.tables.get("Placements")!.columns;
      assert.deepStrictEqual(headers.slice(headers.indexOf("Settlement Date"), headers.indexOf("Settlement Date") + 3), ["Settlement Date", "Agent Settlement", "Settlement Difference"]);
      // By hand (examples/README.md): T+3 settlement business days, the 2001-11-07 sale stated a day early, 2001-11-12 (serial 37207).
      assert.deepStrictEqual(column(book, "Agent Settlement"), [37201, 37201, 37202, 37203, 37204, 37207, 37209, 37210, 37210, 37211, 37214, 37215]);
      assert.deepStrictEqual(new Set(column(book, "Settlement Difference")), new Set(['=IF([@[Agent Settlement]]="","",[@[Agent Settlement]]-[@[Settlement Date]])']));
      assert.deepStrictEqual(new Set(column(book, "Settlement Date")), new Set(["=CEO.SETTLE([@[Trade Date]])"]));
      const cell = (h: string) => book.cell("Placements", `${letter(h)}2`);
      assert.deepStrictEqual([cell("Agent Settlement").numberFormat, cell("Settlement Difference").numberFormat], ["yyyy-mm-dd", "0;[Red]-0"]);
      const sheet = book.sheets.get("Placements")!;
      const at = HEADERS.indexOf("Settlement Difference");
      assert.deepStrictEqual(
        (sheet.conditionalFormats[`column ${at}:${at}`] as any[]).map((r) => [r.custom.rule.formula, r.custom.format.font.color]),
        [[`=AND(ISNUMBER(${letter("Settlement Difference")}2),ABS(${letter("Settlement Difference")}2)>=0.01)`, "#C50F1F"]],
        "flagged as the Commission Difference is",
      );
      // The difference the formula gives on the planted row, from SETTLE through its wrapper: a day early.
      const planted = inTableOrder.findIndex((r) => r.line === 10);
      assert.strictEqual((column(book, "Agent Settlement")[planted] as number) - (viaWrapper(() => settle(inTableOrder[planted]!.tradeDate)) as number), -1);
    });

    it("the current-style report imported after the placements fills Agent Settlement with the agent's Commission and Net of the same sales; again, nothing changes", async () => {
      const book = new FakeWorkbook();
      await applyPlan(book.run, placements.rows);
      const outcome = await runImport(book.run, text("neot-2001-agent-report.csv"), async () => undefined);
      assert.ok(outcome.ok, outcome.message);
      assert.strictEqual(
        outcome.message,
        "Done: 0 new sales added to the Placements table with the agent's figures; 12 sales already in the table filled with the agent's Commission, Net Proceeds and Settlement Date; 0 statement rows could not be matched; 0 already there.",
      );
      assert.deepStrictEqual(column(book, "Agent Settlement"), inTableOrder.map((r) => r.statedSettlement));
      assert.deepStrictEqual(column(book, "Agent Commission"), inTableOrder.map((r) => r.statedCommission));
      assert.strictEqual(column(book, "Notes")[0], "First sales under the November 1, 2001 supplement", "the placement report's notes are kept");
      const before = book.snapshot();
      const again = await applyPlan(book.run, report.rows);
      assert.deepStrictEqual([again.added, again.filled, again.skipped, again.conflicts.length], [0, 0, 12, 0]);
      assert.deepStrictEqual(book.snapshot(), before);
    });

    it("a stated settlement date other than the one stored is listed with both dates, the stored one kept; a failure undoes the fill", async () => {
      const book = new FakeWorkbook();
      await applyPlan(book.run, placements.rows);
      await applyPlan(book.run, report.rows);
      const before = book.snapshot();
      const corrected = text("neot-2001-agent-report.csv").replace("11/07/2001,11/12/2001", "11/07/2001,11/13/2001");
      const outcome = await runImport(book.run, corrected, async () => undefined);
      assert.ok(outcome.ok, outcome.message);
      assert.match(outcome.message, /1 stated figure differs from the one already in the table and was not changed: line 10 \(2001-11-07, Other, O-001, 45,000 shares at \$4\.0000\): Agent Settlement in the table 2001-11-12, in the statement 2001-11-13\./);
      assert.deepStrictEqual(book.snapshot(), before, "nothing overwritten");

      const fresh = new FakeWorkbook();
      await applyPlan(fresh.run, placements.rows);
      const untouched = fresh.snapshot();
      fresh.failAtRequest = fresh.requests + 6;
      const failed = await runImport(fresh.run, text("neot-2001-agent-report.csv"), async () => undefined);
      assert.strictEqual(failed.ok, false);
      assert.match(failed.message, /failed and was undone, nothing was written/);
      assert.deepStrictEqual(fresh.snapshot(), untouched);
    });

    it("a table made before the Agent Settlement column is refused, naming the columns it lacks; nothing written", async () => {
      const book = new FakeWorkbook();
      const old = HEADERS.filter((h) => h !== "Agent Settlement" && h !== "Settlement Difference");
      book.addTable("Placements", "Placements", "A1", old, [old.map((h) => (h === "Trade Date" ? 37196 : h === "Agreement" ? "'Sales" : null))]);
      const before = book.snapshot();
      await assert.rejects(applyPlan(book.run, report.rows), (e: Error) => e instanceof ImportRefused && /has no column "Agent Settlement", "Settlement Difference"/.test(e.message));
      assert.deepStrictEqual(book.snapshot(), before);
    });
  });

  describe("program size at import: past an agreement's program maximum only when the analyst confirms it (issue 17)", () => {
    const header = "Trade Date,Shares,Price,Agreement,Placement";
    const placed = `${header}\n2001-11-01,1000000,24.00,Sales,P-1\n`; // $24,000,000 of the Sales Agreement's $25,000,000
    const report = `${header}\n2001-11-02,1000000,1.48,Sales,P-2\n2001-11-02,100000,4.00,Other,O-1\n`; // $1,480,000 more, and $400,000 of Other's
    const salesPast =
      "Sales Agreement: this report takes gross sold to $25,480,000.00, $480,000.00 past its $25,000,000.00 program ($24,000,000.00 already in the Placements table, $1,480,000.00 in this report)";
    const bookWith = async (text: string) => {
      const book = new FakeWorkbook();
      const first = await runImport(book.run, text, freshTerms);
      assert.ok(first.ok, first.message);
      return book;
    };

    it("the preview reads the table's gross and names the agreement and the excess, writing nothing", async () => {
      const book = await bookWith(placed);
      const before = book.snapshot();
      const standing = await programStanding(book.run, planImport(report).rows, await freshTerms(book.run));
      assert.deepStrictEqual(standing.map(excessMessage), [salesPast]);
      assert.deepStrictEqual(
        standing.map((e) => [e.agreement, e.programMax, e.inTable, e.adding, e.soldGross, e.excess].map(String)),
        [["Sales", "25000000", "24000000", "1480000", "25480000", "480000"]],
      );
      assert.deepStrictEqual(book.snapshot(), before);
      // Within the program: nothing to say.
      assert.deepStrictEqual(await programStanding(book.run, planImport(`${header}\n2001-11-02,1000000,1.00,Sales,P-2\n`).rows, undefined), []);
    });

    it("the import refuses it without the confirmation, writing nothing; with the confirmation it is imported", async () => {
      const book = await bookWith(placed);
      const before = book.snapshot();
      const refused = await runImport(book.run, report, freshTerms);
      assert.strictEqual(refused.ok, false);
      assert.strictEqual(
        refused.message,
        `Past the program maximum, nothing was written: ${salesPast}. Check the report; to import it anyway, confirm "Import past the program maximum" and import again.`,
      );
      assert.deepStrictEqual(refused.pastProgram!.map(excessMessage), [salesPast]);
      assert.deepStrictEqual(book.snapshot(), before);
      const confirmed = await runImport(book.run, report, freshTerms, { confirmedPast: refused.pastProgram });
      assert.ok(confirmed.ok, confirmed.message);
      assert.strictEqual(book.tableValues("Placements").length, 3);
    });

    it("a confirmation covers what was shown, not more: the agreement further past, or another agreement past, is refused", async () => {
      const book = await bookWith(placed);
      const shown = await programStanding(book.run, planImport(report).rows, undefined);
      const further = `${report}2001-11-05,10000,1.00,Sales,P-2\n`;
      const before = book.snapshot();
      const refused = await runImport(book.run, further, freshTerms, { confirmedPast: shown });
      assert.strictEqual(refused.ok, false);
      assert.match(refused.message, /takes gross sold to \$25,490,000\.00, \$490,000\.00 past its \$25,000,000\.00 program/);
      const other = `${report}2001-11-05,2100000,4.00,Other,O-2\n`; // Other: $400,000 + $8,400,000
      const refusedOther = await runImport(book.run, other, freshTerms, { confirmedPast: shown });
      assert.strictEqual(refusedOther.ok, false);
      assert.match(refusedOther.message, /Other Agreement: this report takes gross sold to \$8,800,000\.00, \$400,000\.00 past its \$8,400,000\.00 program/);
      assert.deepStrictEqual(book.snapshot(), before);
    });

    it("the Terms sheet's program maximum when there is one; the seed's $8,400,000 for Other without one; sold out exactly is within", async () => {
      const book = new FakeWorkbook();
      await writeTermsSheet(book.run, { ...SEED_TERMS, agreements: [{ ...SEED_TERMS.agreements[0]!, programMax: 1_000_000 }, SEED_TERMS.agreements[1]!] });
      const refused = await runImport(book.run, `${header}\n2001-11-01,250000,4.04,Sales,P-1\n`, freshTerms);
      assert.match(refused.message, /Sales Agreement: this report takes gross sold to \$1,010,000\.00, \$10,000\.00 past its \$1,000,000\.00 program \(\$0\.00 already in the Placements table, \$1,010,000\.00 in this report\)/);
      assert.ok((await runImport(book.run, `${header}\n2001-11-01,250000,4.00,Sales,P-1\n`, freshTerms)).ok, "exactly $1,000,000: sold out, not past");
      const seed = new FakeWorkbook();
      const other = await runImport(seed.run, `${header}\n2001-11-01,2200000,4.00,Other,O-1\n`, freshTerms);
      assert.strictEqual(other.ok, false);
      assert.match(other.message, /: Other Agreement: this report takes gross sold to \$8,800,000\.00, \$400,000\.00 past its \$8,400,000\.00 program \(\$0\.00 already/);
      assert.strictEqual(seed.tables.size, 0, "nothing written");
    });

    it("sales already in the table are not counted twice: the agent's statement of the same sales is not flagged", async () => {
      const book = await bookWith(`${header}\n2001-11-01,1000000,24.90,Sales,P-1\n`);
      const statement = `${header},Commission\n2001-11-01,1000000,24.90,Sales,P-1,"$894,000.00"\n`;
      assert.deepStrictEqual(await programStanding(book.run, planImport(statement).rows, undefined), []);
      const outcome = await runImport(book.run, statement, freshTerms);
      assert.ok(outcome.ok, outcome.message);
      assert.match(outcome.message, /1 sale already in the table filled/);
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
