import assert from "assert";
import fc from "fast-check";
import { call, expectError } from "../support/bundle";

const column = (xs: unknown[]) => xs.map((x) => [x]);
const SALE = 45717; // 2025-03-01
const FEB28_2025 = 45716;
const FEB29_2024 = 45351;

describe("CEO.MINPRICE, CEO.FLOATPRICE, CEO.SOLD12M, CEO.BABYSHELF through dist/functions.js", () => {
  it("MINPRICE: the lower of the last close and the five-day average; blanks skipped; either orientation", () => {
    assert.strictEqual(call("MINPRICE", column([4.1, 4.3, 4.2, 4.4, 4]), null), 4);
    assert.strictEqual(call("MINPRICE", [[4, 4.1, 4.2, 4.3, 4.4]], null), 4.2);
    assert.strictEqual(call("MINPRICE", column([9, 4, null, 4.1, "", 4.2, 4.3, 4.4]), null), 4.2);
    assert.strictEqual(call("MINPRICE", column([2, 2, 2, 2, 2.125]), 2), 2.03);
    assert.strictEqual(call("MINPRICE", column([2, 2, 2, 2, 2.125])), 2.025);
  });

  it("MINPRICE bad input: too few closes and text are #VALUE!, a close of 0 #NUM!", () => {
    expectError(call("MINPRICE", column([4, 4, 4, 4]), null), "#VALUE!", /closes has 4 values: expected at least 5/);
    expectError(call("MINPRICE", column([4, null, 4, 4, 4]), null), "#VALUE!", /closes has 4 values/);
    expectError(call("MINPRICE", column([4, 4, "n/a", 4, 4]), null), "#VALUE!", /closes cell \(row 3, column 1\) is text "n\/a": expected a number/);
    expectError(call("MINPRICE", column([4, 4, 4, 4, 0]), null), "#NUM!", /closes value 5 is 0: expected a closing price above \$0/);
    expectError(call("MINPRICE", column([4, 4, 4, 4, 4]), 0.5), "#VALUE!", /decimals is 0.5: expected a whole number/);
  });

  it("FLOATPRICE: the highest price within the 60 days before the sale; none is #N/A naming the window", () => {
    assert.strictEqual(call("FLOATPRICE", column([3.1, 2.9, 3.4, 3.2]), column([SALE - 61, SALE - 60, SALE - 30, SALE]), SALE), 3.4);
    assert.strictEqual(call("FLOATPRICE", column([3.1, 2.9]), column([SALE - 61, SALE - 60]), SALE), 2.9);
    assert.strictEqual(call("FLOATPRICE", [[3.1, null, 2.9]], column([SALE - 1, null, SALE - 2]), SALE), 3.1); // a row and a column, a blank pair
    expectError(call("FLOATPRICE", column([3.1, 3.2]), column([SALE - 61, SALE]), SALE), "#N/A", /no price is dated from 2024-12-31 to 2025-02-28, the 60 days before the sale on 2025-03-01/);
  });

  it("FLOATPRICE bad input: unequal ranges, a blank beside a price, text are #VALUE!; a negative price #NUM!", () => {
    expectError(call("FLOATPRICE", column([3.1, 3.2]), column([SALE - 5]), SALE), "#VALUE!", /prices has 2 cells and dates has 1: expected ranges of the same size/);
    expectError(call("FLOATPRICE", column([3.1, 3.2]), column([SALE - 5, null]), SALE), "#VALUE!", /dates cell \(row 2, column 1\) is blank but its pair is not/);
    expectError(call("FLOATPRICE", column([3.1]), column(["2025-02-01"]), SALE), "#VALUE!", /dates cell \(row 1, column 1\) is text "2025-02-01": expected a number/);
    expectError(call("FLOATPRICE", column([3.1]), column([SALE - 5]), null), "#VALUE!", /saleDate is missing: expected a number/);
    expectError(call("FLOATPRICE", column([-3.1]), column([SALE - 5]), SALE), "#NUM!", /prices value 1 is -3.1/);
  });

  it("SOLD12M: the 12 calendar months up to and including the sale, EDATE across February 29", () => {
    assert.strictEqual(call("SOLD12M", column([FEB29_2024, FEB29_2024 - 1, FEB28_2025]), column([1_000_000, 500_000, 400_000]), FEB28_2025), 1_400_000);
    assert.strictEqual(call("SOLD12M", column([FEB29_2024, 45352, 45353]), column([1, 2, 4]), SALE), 4);
    assert.strictEqual(call("SOLD12M", column([44985, 44986, FEB29_2024, FEB29_2024 + 1]), column([7, 11, 13, 17]), FEB29_2024), 24);
    assert.strictEqual(call("SOLD12M", column([FEB28_2025, FEB28_2025]), column([0.004, 0.004]), FEB28_2025), 0.01);
    assert.strictEqual(call("SOLD12M", column([null]), column([null]), FEB28_2025), 0);
  });

  it("SOLD12M bad input: shapes and text #VALUE!, a negative gross #NUM!", () => {
    expectError(call("SOLD12M", column([FEB28_2025]), column([1, 2]), FEB28_2025), "#VALUE!", /dates has 1 cells and grosses has 2/);
    expectError(call("SOLD12M", column([FEB28_2025]), column(["1,000"]), FEB28_2025), "#VALUE!", /grosses cell \(row 1, column 1\) is text "1,000"/);
    expectError(call("SOLD12M", column([FEB28_2025]), column([-1]), FEB28_2025), "#NUM!", /grosses value 1 is -1/);
    expectError(call("SOLD12M", column([FEB28_2025]), column([1]), 60), "#NUM!", /saleDate is 60/);
  });

  it("BABYSHELF: one-third of the public float less sold, down to the cent; #N/A from $75,000,000", () => {
    assert.strictEqual(call("BABYSHELF", 15_000_000, 3.4, 2_900_000), 14_100_000);
    assert.strictEqual(call("BABYSHELF", 15_000_000, 3.4, null), 17_000_000);
    assert.strictEqual(call("BABYSHELF", 200, 0.01, null), 0.66);
    assert.strictEqual(call("BABYSHELF", 1, 3.3, null), 1.1);
    assert.strictEqual(call("BABYSHELF", 7_499_999, 10, null), 24_999_996.66);
    expectError(call("BABYSHELF", 7_500_000, 10, null), "#N/A", /\$75,000,000 or more: General Instruction I\.B\.6 and its one-third limit do not apply/);
    expectError(call("BABYSHELF", 3, 10, 10.01), "#NUM!", /over the I\.B\.6 limit by \$0\.01/);
    expectError(call("BABYSHELF", null, 10, null), "#VALUE!", /nonAffiliateShares is missing/);
    expectError(call("BABYSHELF", "many", 10, null), "#VALUE!", /nonAffiliateShares is text "many"/);
  });

  it("returns a finite number or a CustomFunctions.Error for any input", () => {
    const anyNumber = fc.oneof(fc.double(), fc.double({ min: 0, max: 1e9, noNaN: true }), fc.integer({ min: 30_000, max: 50_000 }), fc.constant(null), fc.constant(""));
    const anyRange = fc.array(fc.array(anyNumber, { minLength: 1, maxLength: 2 }), { minLength: 1, maxLength: 8 });
    fc.assert(
      fc.property(anyRange, anyRange, anyNumber, anyNumber, (a, b, x, y) => {
        for (const result of [call("MINPRICE", a, null), call("FLOATPRICE", a, b, x), call("SOLD12M", a, b, x), call("BABYSHELF", x, y, null)]) {
          if (typeof result === "number") assert.ok(Number.isFinite(result) && !Object.is(result, -0));
          else assert.ok(result instanceof Error && result.message.length > 0 && "code" in result, String(result));
        }
      }),
      { numRuns: 500 },
    );
  });
});
