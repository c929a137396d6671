import assert from "assert";
import fc from "fast-check";
import { OTHER_AGREEMENT_MAX, SALES_AGREEMENT_MAX, capacityLeft, programExcess } from "../../src/core/capacity";
import { Decimal } from "../../src/core/decimal";
import { CalcError } from "../../src/core/errors";

const d = (x: string | number | bigint) => new Decimal(x.toString());
const left = (sold: string, max = SALES_AGREEMENT_MAX) => capacityLeft(d(sold), max).toFixed(2);

function throwsCalc(fn: () => unknown, code: string, pattern: RegExp) {
  assert.throws(fn, (e: unknown) => e instanceof CalcError && e.code === code && pattern.test(e.message));
}

describe("core/capacity: CAPACITY, program capacity left", () => {
  it("the seed's program maxima: $25,000,000 and the Other Agreement's $8.4 million", () => {
    assert.strictEqual(SALES_AGREEMENT_MAX.toString(), "25000000");
    assert.strictEqual(OTHER_AGREEMENT_MAX.toString(), "8400000");
  });

  // [soldGross, programMax, capacity left]
  const cases: [string, Decimal, string][] = [
    ["0", SALES_AGREEMENT_MAX, "25000000.00"],
    ["10000000", SALES_AGREEMENT_MAX, "15000000.00"],
    ["25000000", SALES_AGREEMENT_MAX, "0.00"], // sold out exactly
    ["24999999.99", SALES_AGREEMENT_MAX, "0.01"],
    ["1234.567", SALES_AGREEMENT_MAX, "24998765.43"], // 24,998,765.433
    ["0.005", SALES_AGREEMENT_MAX, "25000000.00"], // 24,999,999.995: money rounds half-up
    ["0", OTHER_AGREEMENT_MAX, "8400000.00"],
    ["5000000", OTHER_AGREEMENT_MAX, "3400000.00"],
    ["8400000", OTHER_AGREEMENT_MAX, "0.00"],
    ["0", d(0), "0.00"],
  ];
  for (const [sold, max, expected] of cases) {
    it(`CAPACITY(${sold}, ${max.toString()}) = ${expected}`, () => assert.strictEqual(left(sold, max), expected));
  }

  it("-0 counts as $0", () => assert.strictEqual(capacityLeft(new Decimal(-0), SALES_AGREEMENT_MAX).toFixed(2), "25000000.00"));

  it("refuses gross sold above the maximum, naming the overage, and negative amounts", () => {
    throwsCalc(() => left("25000000.01"), "#NUM!", /soldGross 25000000\.01 is above the program maximum 25000000: the program is over-sold by \$0\.01/);
    throwsCalc(() => left("9000000", OTHER_AGREEMENT_MAX), "#NUM!", /over-sold by \$600000$/);
    throwsCalc(() => left("-1"), "#NUM!", /soldGross is -1: expected an amount of \$0 or more/);
    throwsCalc(() => left("0", d(-5)), "#NUM!", /programMax is -5: expected an amount of \$0 or more/);
  });
});

describe("core/capacity: programExcess, gross sold past the program maximum (the import's check)", () => {
  // [soldGross, programMax, excess]: 0 within the program, else how far past it, to the cent.
  const cases: [string, Decimal, string][] = [
    ["0", SALES_AGREEMENT_MAX, "0.00"],
    ["25000000", SALES_AGREEMENT_MAX, "0.00"], // sold out exactly: not past it
    ["25000000.004", SALES_AGREEMENT_MAX, "0.00"], // past by less than half a cent: money rounds half-up
    ["25000000.005", SALES_AGREEMENT_MAX, "0.01"],
    ["25000000.01", SALES_AGREEMENT_MAX, "0.01"],
    ["25480000", SALES_AGREEMENT_MAX, "480000.00"], // issue 17's example
    ["8400000", OTHER_AGREEMENT_MAX, "0.00"],
    ["9000000", OTHER_AGREEMENT_MAX, "600000.00"],
  ];
  for (const [sold, max, expected] of cases) {
    it(`programExcess(${sold}, ${max.toString()}) = ${expected}`, () => assert.strictEqual(programExcess(d(sold), max).toFixed(2), expected));
  }

  it("refuses negative amounts as CAPACITY does", () => {
    throwsCalc(() => programExcess(d(-1), SALES_AGREEMENT_MAX), "#NUM!", /soldGross is -1/);
    throwsCalc(() => programExcess(d(0), d(-5)), "#NUM!", /programMax is -5/);
  });

  it("is zero exactly when CAPACITY has capacity left (or none), and capacity + sold - excess = maximum", () => {
    const cents = fc.bigInt({ min: 0n, max: 10n ** 11n });
    fc.assert(
      fc.property(cents, cents, (a, b) => {
        const [sold, max] = [d(a).dividedBy(100), d(b).dividedBy(100)];
        const excess = programExcess(sold, max);
        if (sold.lte(max)) return excess.isZero() && capacityLeft(sold, max).plus(sold).equals(max);
        return excess.gt(0) && sold.minus(excess).equals(max);
      }),
      { numRuns: 1000 },
    );
  });
});

describe("core/capacity: properties", () => {
  const cents = fc.bigInt({ min: 0n, max: 10n ** 11n });
  const dollars = (c: bigint) => d(c).dividedBy(100);

  it("sold + left = maximum, exactly, for amounts in whole cents; never negative; falls as sold rises", () => {
    fc.assert(
      fc.property(cents, cents, cents, (a, b, c) => {
        const [sold, more, max] = [a, b, c].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0)) as [bigint, bigint, bigint];
        const leftNow = capacityLeft(dollars(sold), dollars(max));
        const leftLater = capacityLeft(dollars(more), dollars(max));
        return leftNow.plus(dollars(sold)).equals(dollars(max)) && leftLater.gte(0) && leftLater.lte(leftNow);
      }),
      { numRuns: 1000 },
    );
  });
});
