import assert from "assert";
import { FakeWorkbook, refusedFormula } from "../support/fakeExcel";

/** The fake's rules for Prepare for sharing, each as documented (sources in test/support/fakeExcel.ts). */
describe("fake Excel: formulas Excel refuses, and the calculation state", () => {
  it("refuses a formula over 8,192 characters, functions nested over 64 levels, an error that is no literal of the grammar", () => {
    assert.match(refusedFormula(`=${"1+".repeat(4096)}1`)!, /8193 characters long after its "=": Excel takes 8,192/);
    assert.strictEqual(refusedFormula(`=${"1+".repeat(4095)}12`), undefined);
    assert.match(refusedFormula(`=${"ABS(".repeat(65)}1${")".repeat(65)}`)!, /nested more than 64 levels/);
    assert.strictEqual(refusedFormula(`=${"ABS(".repeat(64)}1${")".repeat(64)}`), undefined);
    assert.strictEqual(refusedFormula(`=${"(".repeat(100)}1${")".repeat(100)}`), undefined); // parentheses are not functions
    for (const literal of ["#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A", "#GETTING_DATA"]) assert.strictEqual(refusedFormula(`=${literal}`), undefined, literal);
    for (const error of ["#SPILL!", "#CALC!", "#BUSY!", "#BLOCKED!", "#CONNECT!", "#FIELD!", "#UNKNOWN!"]) assert.match(refusedFormula(`=IF(A1,${error},1)`)!, /not an error value of the formula grammar/, error);
    // Not errors: a spill reference, a structured reference's item, text.
    assert.strictEqual(refusedFormula('=SUM(A1#)+Placements[[#This Row],[Gross]]+LEN("#SPILL!")'), undefined);
  });

  it("a refused write fails the request with InvalidArgument and changes none of its cells; what came before it in the request stays", async () => {
    const book = new FakeWorkbook();
    book.addSheet("S");
    await assert.rejects(
      book.run(async (context) => {
        const sheet = context.workbook.worksheets.getItem("S");
        sheet.getRange("A1").values = [[1]];
        sheet.getRange("B1:C1").formulas = [["=2", "=#SPILL!"]];
        sheet.getRange("D1").values = [[4]];
        await context.sync();
      }),
      (error: { code?: string; message: string }) => error.code === "InvalidArgument" && /S!C1: #SPILL! is not an error value/.test(error.message),
    );
    assert.deepStrictEqual(book.sheets.get("S")!.rows, [[1]]);
    // Text is not a formula: "'=#SPILL!" is taken.
    await book.run(async (context) => {
      context.workbook.worksheets.getItem("S").getRange("B1").values = [["'=#SPILL!"]];
      await context.sync();
    });
    assert.deepStrictEqual(book.cell("S", "B1").isFormula, false);
  });

  it("calculationMode always; calculationState only with ExcelApi 1.9 (else ApiNotFound), one listed state per load", async () => {
    const book = new FakeWorkbook();
    book.calculationMode = "Manual";
    book.calculationState = ["Calculating", "Done"];
    const read = (props: string) =>
      book.run(async (context) => {
        const app = context.application.load(props);
        await context.sync();
        return [app.calculationMode, app.calculationState];
      });
    assert.deepStrictEqual(await read("calculationMode"), ["Manual", undefined]);
    await assert.rejects(read("calculationState"), (error: { code?: string }) => error.code === "ApiNotFound");
    const putBack = book.installOffice({ ExcelApi: "1.9" });
    try {
      assert.deepStrictEqual(await read("calculationState"), [undefined, "Calculating"]);
      assert.deepStrictEqual(await read("calculationMode,calculationState"), ["Manual", "Done"]);
      assert.deepStrictEqual(await read("calculationState"), [undefined, "Done"]);
    } finally {
      putBack();
    }
  });
});
