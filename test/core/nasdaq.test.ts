import assert from "assert";
import fc from "fast-check";
import { Decimal } from "../../src/core/decimal";
import { CalcError } from "../../src/core/errors";
import { nasdaq20 } from "../../src/core/nasdaq";

const d = (x: string | number | bigint) => new Decimal(x.toString());
const issuable = (pre: string, already = "0") => nasdaq20(d(pre), d(already)).toString();

function throwsCalc(fn: () => unknown, code: string, pattern: RegExp) {
  assert.throws(fn, (e: unknown) => e instanceof CalcError && e.code === code && pattern.test(e.message));
}

describe("core/nasdaq: NASDAQ20, shares issuable below the 20% line", () => {
  // [preOutstanding, alreadyIssued, largest count strictly below 20% less those issued]
  const cases: [string, string, string][] = [
    ["21862772", "0", "4372554"], // seed's outstanding: 20% is 4,372,554.4
    ["1000000", "0", "199999"], // 20% is exactly 200,000: "20% or more" needs approval
    ["1000001", "0", "200000"], // 200,000.2
    ["1000004", "0", "200000"], // 200,000.8
    ["1000005", "0", "200000"], // 200,001 exactly
    ["1000006", "0", "200001"], // 200,001.2
    ["0", "0", "0"],
    ["1", "0", "0"], // 0.2
    ["5", "0", "0"], // 1 share is 20%
    ["6", "0", "1"],
    ["21862772", "4000000", "372554"],
    ["21862772", "4372554", "0"],
    ["21862772", "4372555", "0"], // already at 20%: not below 0
    ["21862772", "9000000", "0"],
    ["1000000", "1", "199998"],
  ];
  for (const [pre, already, expected] of cases) {
    it(`NASDAQ20(${pre}, ${already}) = ${expected}`, () => assert.strictEqual(issuable(pre, already), expected));
  }

  it("refuses negative or fractional share counts", () => {
    throwsCalc(() => issuable("-1"), "#NUM!", /preOutstanding is -1: expected whole shares, 0 or more/);
    throwsCalc(() => issuable("1000000.5"), "#NUM!", /preOutstanding is 1000000\.5: expected whole shares/);
    throwsCalc(() => issuable("1000000", "-3"), "#NUM!", /alreadyIssued is -3: expected whole shares/);
    throwsCalc(() => issuable("1000000", "0.1"), "#NUM!", /alreadyIssued is 0\.1/);
  });
});

describe("core/nasdaq: properties", () => {
  const shares = fc.bigInt({ min: 0n, max: 10n ** 15n });

  it("issued + x stays below 20% and issued + x + 1 would reach it, whenever x > 0", () => {
    fc.assert(
      fc.property(shares, shares, (pre, alreadyRaw) => {
        const already = alreadyRaw % (pre / 4n + 2n); // mostly below the line, sometimes above
        const x = BigInt(nasdaq20(d(pre), d(already)).toFixed());
        if (x < 0n) return false;
        if (x === 0n) return 5n * (already + 1n) >= pre; // nothing more: the next share would reach 20%
        return 5n * (already + x) < pre && 5n * (already + x + 1n) >= pre;
      }),
      { numRuns: 2000 },
    );
  });

  it("never rises as alreadyIssued rises, and never falls as preOutstanding rises", () => {
    fc.assert(
      fc.property(shares, shares, shares, (pre, a, b) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        return nasdaq20(d(pre), d(hi)).lte(nasdaq20(d(pre), d(lo))) && nasdaq20(d(lo), d(0)).lte(nasdaq20(d(hi), d(0)));
      }),
    );
  });
});
