/*
 * The fake workbook follows Microsoft's documented Excel behaviour: one test per rule, each
 * naming its source (the rule's comment in test/support/fakeExcel.ts quotes it). Where Excel's
 * behaviour is not documented, the test says what the fake chose.
 */
import assert from "assert";
import { excelRunOn, supports } from "../../src/taskpane/excel/run";
import { dateSerial, EXCEL_WEB_REQUEST_LIMIT, FakeWorkbook, NOT_CALCULATED, parseTyped } from "../support/fakeExcel";

/** Writes `input` to Sheet1!A1 (formatted `format` first when given) and reads back formulas and values. */
async function roundTrip(input: unknown, options: { format?: string; via?: "values" | "formulas" } = {}) {
  const book = new FakeWorkbook();
  book.addSheet("Sheet1");
  await book.run(async (context: Excel.RequestContext) => {
    const cell = context.workbook.worksheets.getItem("Sheet1").getRange("A1");
    if (options.format) cell.numberFormat = [[options.format]];
    (cell as any)[options.via ?? "values"] = [[input]];
    await context.sync();
  });
  return book.run(async (context: Excel.RequestContext) => {
    const cell = context.workbook.worksheets.getItem("Sheet1").getRange("A1").load("values,formulas");
    await context.sync();
    return { ...book.cell("Sheet1", "A1"), formula: cell.formulas[0]![0], value: cell.values[0]![0] };
  });
}

describe("the fake follows documented Excel behaviour", () => {
  describe("rule 1: a quote-prefixed text cell reads back without its apostrophe (office-js issue 6687)", () => {
    it("values and formulas both return the text; the prefix is a cell attribute", async () => {
      const cell = await roundTrip("'=1+1");
      assert.deepStrictEqual([cell.formula, cell.value, cell.quotePrefix, cell.isFormula], ["=1+1", "=1+1", true, false]);
    });

    it("text is told from a formula by comparing values and formulas: equal for text, not for a formula", async () => {
      const text = await roundTrip("'=SUM(1,2)");
      const formula = await roundTrip("=SUM(1,2)");
      assert.strictEqual(text.value, text.formula);
      assert.strictEqual(formula.formula, "=SUM(1,2)");
      assert.notStrictEqual(formula.value, formula.formula);
      // The fake computes nothing: a formula's value is what a test set, never its own text.
      assert.strictEqual(formula.value, NOT_CALCULATED);
    });
  });

  describe("rule 2: strings are read as if typed (Range.values), unless the cell is formatted \"@\" first", () => {
    const typed: [string, unknown][] = [
      ["=1+2", "=1+2"], // a formula
      ["'00123", "00123"], // the quote prefix: text
      ["00123", 123],
      ["1,234", 1234],
      ["50%", 0.5],
      ["$1,234.50", 1234.5],
      ["(1,234)", -1234],
      ["-7", -7],
      ["2024-06-03", 45446], // ISO: a date serial
      ["6/3/2024", 45446], // en-US
      ["TRUE", true],
      ["false", false],
      ["P-001", "P-001"],
      ["03.06.2024", "03.06.2024"], // locale-shaped: stays text (Range.values)
    ];
    for (const via of ["values", "formulas"] as const) {
      it(`through ${via}: ${typed.map(([s]) => JSON.stringify(s)).join(", ")}`, async () => {
        for (const [input, stored] of typed) assert.deepStrictEqual((await roundTrip(input, { via })).formula, stored, input);
      });
    }

    it("a cell formatted \"@\" before the write keeps the string as written", async () => {
      for (const input of ["00123", "2024-06-03", "50%", "TRUE", "=1+2", "1,234"]) {
        const cell = await roundTrip(input, { format: "@" });
        assert.deepStrictEqual([cell.formula, cell.value, cell.isFormula, cell.quotePrefix], [input, input, false, false], input);
      }
      // Undocumented: an apostrophe written into a Text cell; the fake takes it as the quote prefix.
      const quoted = await roundTrip("'00123", { format: "@" });
      assert.deepStrictEqual([quoted.value, quoted.quotePrefix], ["00123", true]);
    });

    it("formatting \"@\" after the write changes nothing already stored", async () => {
      const book = new FakeWorkbook();
      book.addSheet("Sheet1");
      await book.run(async (context: Excel.RequestContext) => {
        const cell = context.workbook.worksheets.getItem("Sheet1").getRange("A1");
        cell.values = [["00123"]];
        cell.numberFormat = [["@"]];
        await context.sync();
      });
      assert.strictEqual(book.cell("Sheet1", "A1").value, 123);
    });

    it("null leaves a cell unchanged, \"\" clears it (excel-add-ins-blank-null-values)", async () => {
      const book = new FakeWorkbook();
      book.addSheet("Sheet1");
      await book.run(async (context: Excel.RequestContext) => {
        const range = context.workbook.worksheets.getItem("Sheet1").getRange("A1:C1");
        range.values = [["'a", "b", "c"]];
        await context.sync();
        range.values = [[null, "", "d"]];
        await context.sync();
      });
      assert.deepStrictEqual(["A1", "B1", "C1"].map((a) => book.cell("Sheet1", a).value), ["a", "", "d"]);
      assert.strictEqual(book.cell("Sheet1", "A1").quotePrefix, true);
    });

    it("an array of the wrong size is refused (InvalidArgument), nothing written", async () => {
      const book = new FakeWorkbook();
      book.addSheet("Sheet1");
      await assert.rejects(
        book.run(async (context: Excel.RequestContext) => {
          context.workbook.worksheets.getItem("Sheet1").getRange("A1:B1").values = [["a"]];
          await context.sync();
        }),
        (e: any) => e.code === "InvalidArgument",
      );
      assert.strictEqual(book.cell("Sheet1", "A1").value, "");
    });

    it("dates: the 1900 and 1904 date systems differ by 1,462 days", () => {
      assert.strictEqual(dateSerial(2001, 11, 1), 37196);
      assert.strictEqual(dateSerial(2001, 11, 1, true), 37196 - 1462);
      assert.strictEqual(dateSerial(2001, 2, 29), undefined);
      assert.deepStrictEqual(parseTyped("2001-11-01", true), { content: 37196 - 1462 });
    });
  });

  describe("rule 3: table.rows.add with rows of the wrong width is refused (InvalidArgument), nothing written", () => {
    it("a row one cell short or long fails the request; the table is as it was", async () => {
      const book = new FakeWorkbook();
      book.addTable("Sheet1", "T", "A1", ["a", "b", "c"], [[1, 2, 3]]);
      for (const rows of [[[4, 5]], [[4, 5, 6, 7]], [[4, 5, 6], [7, 8]]]) {
        const before = book.snapshot();
        await assert.rejects(
          book.run(async (context: Excel.RequestContext) => {
            context.workbook.tables.getItem("T").rows.add(undefined, rows);
            await context.sync();
          }),
          (e: any) => e.code === "InvalidArgument",
        );
        assert.deepStrictEqual(book.snapshot(), before);
      }
    });

    it("rows added take the column's number format (a \"@\" column keeps \"00123\" as text) and its calculated formula", async () => {
      const book = new FakeWorkbook();
      book.addTable("Sheet1", "T", "A1", ["id", "n", "twice"], [["'7", 1, "=[@n]*2"]]);
      await book.run(async (context: Excel.RequestContext) => {
        const table = context.workbook.tables.getItem("T");
        table.columns.getItemAt(0).getDataBodyRange().numberFormat = [["@"]];
        table.rows.add(undefined, [["00123", 2, null]] as any); // null: undocumented for rows.add (typed boolean | string | number); the fake leaves it to the calculated column
        await context.sync();
      });
      assert.deepStrictEqual(book.tableValues("T"), [["7", 1, "=[@n]*2"], ["00123", 2, "=[@n]*2"]]);
      assert.strictEqual(book.cell("Sheet1", "A3").numberFormat, "@");
    });
  });

  describe("rule 4: a table keeps at least one data-body row", () => {
    it("deleting every body row leaves one empty row; deleting some leaves the rest", async () => {
      const book = new FakeWorkbook();
      book.addTable("Sheet1", "T", "A1", ["a", "b"], [[1, 2], [3, 4], [5, 6]]);
      book.sheets.get("Sheet1")!.rows[5] = ["below"];
      const deleteBody = (rows?: number) =>
        book.run(async (context: Excel.RequestContext) => {
          const body = context.workbook.tables.getItem("T").getDataBodyRange();
          (rows ? body.getCell(0, 0).getResizedRange(rows - 1, 1) : body).delete("Up" as Excel.DeleteShiftDirection.up);
          await context.sync();
        });
      await deleteBody(1);
      assert.deepStrictEqual(book.tableValues("T"), [[3, 4], [5, 6]]);
      await deleteBody();
      assert.deepStrictEqual(book.tableValues("T"), [[null, null]]);
      assert.strictEqual(book.tables.get("T")!.rowCount, 1);
      assert.deepStrictEqual(book.sheets.get("Sheet1")!.rows[3]?.[0], "below"); // the cells below moved up under the one row left
    });
  });

  describe("rule 5: while the user edits a cell every batch fails, unless run with delayForCellEdit", () => {
    it("Excel.run(batch) fails with InvalidOperationInCellEditMode; Excel.run({ delayForCellEdit: true }, batch) runs once the edit ends", async () => {
      const book = new FakeWorkbook();
      book.addSheet("Sheet1");
      const write = async (context: Excel.RequestContext) => {
        context.workbook.worksheets.getItem("Sheet1").getRange("A1").values = [[1]];
        await context.sync();
        return "written";
      };
      book.editingCell = true;
      await assert.rejects(book.run(write), (e: any) => e.code === "InvalidOperationInCellEditMode");
      assert.strictEqual(book.cell("Sheet1", "A1").value, "");
      const delayed = book.run({ delayForCellEdit: true }, write);
      await new Promise((resolve) => setTimeout(resolve, 5));
      assert.strictEqual(book.delayedBatches, 1);
      book.finishCellEdit();
      assert.strictEqual(await delayed, "written");
      assert.strictEqual(book.cell("Sheet1", "A1").value, 1);
    });

    it("excelRunOn always asks for the delay; a host that cannot delay (office.js ignores the option there) fails the batch", async () => {
      const book = new FakeWorkbook();
      book.addSheet("Sheet1");
      const calls: unknown[] = [];
      const host = { run: (...args: unknown[]) => (calls.push(args.length === 2 ? args[0] : "plain"), (book.run as any)(...args)) };
      await excelRunOn(host as any)(async () => undefined);
      assert.deepStrictEqual(calls, [{ delayForCellEdit: true }]);
      book.delaysForCellEdit = false;
      book.editingCell = true;
      const write = async (context: Excel.RequestContext) => {
        context.workbook.worksheets.getItem("Sheet1").getRange("A1").values = [[1]];
        await context.sync();
      };
      await assert.rejects(excelRunOn(book as any)(write), (e: any) => e.code === "InvalidOperationInCellEditMode");
      assert.strictEqual(book.delayedBatches, 0);
    });

    it("installOffice answers isSetSupported: a set is supported up to the version given, nothing once uninstalled", () => {
      const book = new FakeWorkbook();
      for (const [sets, at111] of [[{ ExcelApi: "1.11" }, true], [{ ExcelApi: "1.10" }, false], [{}, false]] as const) {
        const uninstall = book.installOffice(sets as Record<string, string>);
        try {
          assert.strictEqual(supports("ExcelApi", "1.11"), at111);
          assert.strictEqual(supports("ExcelApi", "1.7"), "ExcelApi" in sets);
        } finally {
          uninstall();
        }
      }
      assert.strictEqual(supports("ExcelApi", "1.1"), false); // uninstalled: outside Office nothing is supported
    });
  });

  describe("rule 6: requests and responses over 5 MB fail (Excel on the web, resource limits page)", () => {
    it("a request over 5 MB is refused before anything is applied; a response over 5 MB is refused", async () => {
      const book = new FakeWorkbook();
      const sheet = book.addSheet("Sheet1");
      const big = "x".repeat(EXCEL_WEB_REQUEST_LIMIT);
      await assert.rejects(
        book.run(async (context: Excel.RequestContext) => {
          context.workbook.worksheets.getItem("Sheet1").getRange("A1").values = [[big]];
          await context.sync();
        }),
        (e: any) => e.code === "RequestPayloadSizeLimitExceeded",
      );
      assert.strictEqual(book.cell("Sheet1", "A1").value, "");
      sheet.rows = Array.from({ length: 6 }, () => ["y".repeat(1024 * 1024)]);
      await assert.rejects(
        book.run(async (context: Excel.RequestContext) => {
          context.workbook.worksheets.getItem("Sheet1").getRange("A1:A6").load("values");
          await context.sync();
        }),
        (e: any) => e.code === "ResponsePayloadSizeLimitExceeded",
      );
    });
  });

  describe("rule 7: a renamed sheet is not found by its old name", () => {
    it("getItem by the old name fails (ItemNotFound), getItemOrNullObject gives a null object; the new name finds it", async () => {
      const book = new FakeWorkbook();
      book.addSheet("Placements");
      await book.run(async (context: Excel.RequestContext) => {
        context.workbook.worksheets.getItem("Placements").name = "Deal 2001";
        await context.sync();
      });
      const found = await book.run(async (context: Excel.RequestContext) => {
        const old = context.workbook.worksheets.getItemOrNullObject("Placements");
        const renamed = context.workbook.worksheets.getItemOrNullObject("Deal 2001");
        await context.sync();
        return [old.isNullObject, renamed.isNullObject];
      });
      assert.deepStrictEqual(found, [true, false]);
      await assert.rejects(
        book.run(async (context: Excel.RequestContext) => {
          context.workbook.worksheets.getItem("Placements").getRange("A1").values = [[1]];
          await context.sync();
        }),
        /ItemNotFound/,
      );
    });
  });
  describe("spills: a result of several cells fills the empty cells right and below, else #SPILL! (Dynamic array formulas and spilled array behavior)", () => {
    it("spills where a test gives the result; the spill APIs need ExcelApi 1.12 (ApiNotFound without); a spilled cell's formulas as switched (undocumented)", async () => {
      const book = new FakeWorkbook();
      book.arrays = (formula) => (formula === "=SEQUENCE(1,2)" ? [[1, 2]] : undefined);
      book.addSheet("S");
      const write = () =>
        book.run(async (context: Excel.RequestContext) => {
          const sheet = context.workbook.worksheets.getItem("S");
          sheet.getRange("D2").values = [["x"]];
          sheet.getRange("A1:C2").formulas = [["=SEQUENCE(1,2)", "", ""], ["", "", "=SEQUENCE(1,2)"]];
          await context.sync();
        });
      await write();
      const read = () =>
        book.run(async (context: Excel.RequestContext) => {
          const sheet = context.workbook.worksheets.getItem("S");
          const grid = sheet.getRange("A1:D2").load("formulas,values");
          const to = sheet.getRange("A1").getSpillingToRangeOrNullObject().load("address");
          const parent = sheet.getRange("B1").getSpillParentOrNullObject().load("address");
          const blocked = sheet.getRange("C2").getSpillingToRangeOrNullObject().load("address");
          await context.sync();
          return { formulas: grid.formulas, values: grid.values, to: to.address, parent: parent.address, blocked: blocked.isNullObject };
        });
      await assert.rejects(read(), (e: any) => e.code === "ApiNotFound");
      const uninstall = book.installOffice({ ExcelApi: "1.12" });
      try {
        assert.deepStrictEqual(await read(), {
          formulas: [["=SEQUENCE(1,2)", "", "", ""], ["", "", "=SEQUENCE(1,2)", "x"]],
          values: [[1, 2, "", ""], ["", "", "#SPILL!", "x"]],
          to: "S!A1:B1",
          parent: "S!A1",
          blocked: true,
        });
        book.undocumented.spilledFormulas = "parent";
        assert.deepStrictEqual((await read()).formulas[0], ["=SEQUENCE(1,2)", "=SEQUENCE(1,2)", "", ""]);
      } finally {
        uninstall();
      }
    });
  });

  it("rule 8: charts.add with seriesBy Columns makes a series per column; names, x values and line styles as set; Auto is not modelled", async () => {
    const book = new FakeWorkbook();
    book.addSheet("Report");
    await book.run(async (context: any) => {
      const sheet = context.workbook.worksheets.getItem("Report");
      const chart = sheet.charts.add("Line", sheet.getRange("B2:C5"), "Columns");
      chart.name = "Gross";
      chart.series.getItemAt(1).name = "Maximum";
      chart.series.getItemAt(1).setXAxisValues(sheet.getRange("A2:A5"));
      chart.series.getItemAt(1).format.line.lineStyle = "Dash";
      await context.sync();
    });
    const [chart] = book.charts("Report");
    assert.deepStrictEqual(chart!.series, [
      { values: "Report!B2:B5", xValues: undefined },
      { name: "Maximum", values: "Report!C2:C5", xValues: "Report!A2:A5", lineStyle: "Dash" },
    ]);
    assert.strictEqual(chart!.name, "Gross");
    await assert.rejects(
      book.run(async (context: any) => {
        const sheet = context.workbook.worksheets.getItem("Report");
        sheet.charts.add("Line", sheet.getRange("B2:C5"));
        await context.sync();
      }),
      /seriesBy omitted .* not modelled/,
    );
    await assert.rejects(
      book.run(async (context: any) => {
        context.workbook.worksheets.getItem("Report").charts.add("Line", context.workbook.worksheets.getItem("Report").getRange("B2:B5"), "Columns").series.getItemAt(3).name = "x";
        await context.sync();
      }),
      /ItemNotFound/,
    );
  });
});
