/*
 * Arguments that arrive as data-type objects. functions.json sets allowCustomDataForDataTypeAny, so
 * a cell holding a data type reaches an `any` parameter (the schedule, the per-sale ranges, the bids)
 * as its Excel.CellValue JSON, "the same JSON schema for data types as the Excel JavaScript API"
 * (https://learn.microsoft.com/office/dev/add-ins/excel/custom-functions-data-types-concepts).
 * The shapes below are those of @types/office-js (Excel.DoubleCellValue, FormattedNumberCellValue,
 * EntityCellValue, StringCellValue, ErrorCellValue, ...; ExcelApi 1.16).
 */
import assert from "assert";
import { compPct } from "../../src/functions/compensation";
import { convShares, initConv } from "../../src/functions/conversion";
import { fee, feeRate, net } from "../../src/functions/fees";
import { vwap, warrants } from "../../src/functions/warrants";
import { installCustomFunctions } from "../support/customFunctions";

/** What Excel shows: the value, or the error's code and message. */
function cell(run: () => unknown): unknown {
  installCustomFunctions();
  try {
    return run();
  } catch (error) {
    const e = error as { code?: string; message: string };
    if (e.code === undefined) throw error;
    return { code: e.code, message: e.message };
  }
}
const expectError = (result: unknown, code: string, pattern: RegExp) => {
  const e = result as { code?: string; message?: string };
  assert.ok(e && e.code === code && pattern.test(e.message ?? ""), `expected ${code} matching ${pattern}, got ${JSON.stringify(result)}`);
};

const formatted = (basicValue: number, numberFormat = "0.00%") => ({ type: "FormattedNumber", basicValue, numberFormat });
const double = (basicValue: number) => ({ type: "Double", basicValue, basicType: "Double" });
const entity = { type: "Entity", text: "Microsoft", basicType: "Error", basicValue: "#VALUE!", properties: { Price: { type: "Double", basicValue: 410.5 } } };
const linked = { type: "LinkedEntity", text: "MSFT", basicType: "Error", basicValue: "#VALUE!", id: { entityId: "x", domainId: "y", serviceId: 268, culture: "en-US" } };

describe("data-type arguments (allowCustomDataForDataTypeAny)", () => {
  it("a FormattedNumber or a Double is read by its basicValue: a 4% flat schedule, not the default tiers", () => {
    // $20M: flat 4% is $800,000; the default Sales tiers would give $750,000.
    assert.strictEqual(cell(() => fee(20_000_000, 0, [[formatted(0.04)]] as any)), 800_000);
    assert.strictEqual(cell(() => fee(20_000_000, 0, formatted(0.04) as any)), 800_000);
    assert.strictEqual(cell(() => net(20_000_000, 0, [[double(0.04)]] as any)), 19_200_000);
    assert.strictEqual(cell(() => feeRate(20_000_000, 0, [[double(0.04)]] as any)), 0.04);
    assert.strictEqual(cell(() => fee(2_000_000, 0, [[0, formatted(0.05)], [double(1_000_000), 0.02]] as any)), 70_000);
  });

  it("per-sale ranges and bids holding data types", () => {
    assert.strictEqual(cell(() => vwap([[double(1000)], [3000]], [[formatted(4, "$0.00")], [5]])), 4.75);
    assert.deepStrictEqual(cell(() => warrants([[formatted(12345, "#,##0")]], [[double(4)]])), [[1234, 5.2]]);
    assert.strictEqual(cell(() => initConv([[4], [4.1], [formatted(4.2, "$0.00")], [4.3], [4.4]])), 5.04);
    assert.strictEqual(cell(() => convShares(1_000_000, Array.from({ length: 10 }, () => [double(4)]))), 247524);
    assert.strictEqual(cell(() => compPct(25_000_000, 900_000, 60_000, [[formatted(62_500, "$#,##0")]])), 0.0409);
  });

  it("an entity, a linked entity, a web image: #VALUE! naming what arrived, never read as blank", () => {
    expectError(cell(() => fee(20_000_000, 0, [[entity]] as any)), "#VALUE!", /schedule is an Entity value "Microsoft": expected a number/);
    expectError(cell(() => fee(20_000_000, 0, entity as any)), "#VALUE!", /schedule is an Entity value "Microsoft": expected a number/);
    expectError(cell(() => vwap([[1000], [linked]], [[4], [5]])), "#VALUE!", /shares cell \(row 2, column 1\) is a LinkedEntity value "MSFT": expected a number/);
    expectError(cell(() => initConv([[4], [4.1], [{ type: "WebImage", address: "https://example.com/x.png", basicType: "Error", basicValue: "#VALUE!" }], [4.3], [4.4]])), "#VALUE!", /prices cell \(row 3, column 1\) is a WebImage value: expected a number/);
    expectError(cell(() => compPct(25_000_000, 900_000, 60_000, [[{ type: "Array", elements: [[1, 2]] }]])), "#VALUE!", /other cell \(row 1, column 1\) is an Array value: expected a number/);
  });

  it("a String or Boolean data type reads as the plain text or logical value would: #VALUE!", () => {
    expectError(cell(() => fee(20_000_000, 0, [[{ type: "String", basicValue: "0.04" }]] as any)), "#VALUE!", /schedule is text "0.04": expected a number/);
    expectError(cell(() => fee(20_000_000, 0, [[0, 0.04], [10, { type: "Boolean", basicValue: true }]] as any)), "#VALUE!", /schedule cell \(row 2, column 2\) is TRUE: expected a number/);
  });

  it("an Empty data type is a blank cell", () => {
    assert.strictEqual(cell(() => fee(20_000_000, 0, [[{ type: "Empty", basicValue: "" }]] as any)), 750_000);
    assert.strictEqual(cell(() => vwap([[1000], [{ type: "Empty" }], [3000]], [[4], [{ type: "Empty" }], [5]])), 4.75);
  });

  it("an Error value propagates as that error", () => {
    expectError(cell(() => fee(20_000_000, 0, [[{ type: "Error", basicType: "Error", basicValue: "#DIV/0!", errorType: "Div0" }]] as any)), "#DIV/0!", /schedule is #DIV\/0!/);
    expectError(cell(() => vwap([[1000], [3000]], [[4], [{ type: "Error", errorType: "NotAvailable", basicValue: "#N/A" }]])), "#N/A", /prices cell \(row 2, column 1\) is #N\/A/);
    expectError(cell(() => initConv([[{ type: "Error", errorType: "Num" }], [4], [4], [4], [4]])), "#NUM!", /prices cell \(row 1, column 1\) is #NUM!/);
    expectError(cell(() => initConv([[{ type: "Error", basicValue: "#REF!" }], [4], [4], [4], [4]])), "#REF!", /prices cell \(row 1, column 1\) is #REF!/);
    // An error Excel has no CustomFunctions code for: #VALUE! naming it.
    expectError(cell(() => initConv([[{ type: "Error", errorType: "Spill", basicValue: "#SPILL!" }], [4], [4], [4], [4]])), "#VALUE!", /prices cell \(row 1, column 1\) is #SPILL!/);
  });

  it("Excel's invocation object (no `type`) in an argument's place is still an omitted argument", () => {
    const invocation = { address: "Sheet1!A1", functionName: "CEO.FEE" };
    assert.strictEqual(cell(() => fee(25_000_000, invocation as any)), 900_000);
    assert.strictEqual(cell(() => fee(25_000_000, 0, invocation as any)), 900_000);
  });
});
