import assert from "assert";
import fc from "fast-check";
import { Decimal } from "../../src/core/decimal";
import { CalcError } from "../../src/core/errors";
import { ANNUAL_RETAINER, REIMBURSEMENT_CAP, REIMBURSEMENT_DEPOSIT, RETAINER_OFFERINGS, reimbursement, retainerAllocation } from "../../src/core/expenses";

const d = (x: string | number | bigint) => new Decimal(x.toString());

function throwsCalc(fn: () => unknown, code: string, pattern: RegExp) {
  assert.throws(fn, (e: unknown) => e instanceof CalcError && e.code === code && pattern.test(e.message));
}

describe("core/expenses: REIMBURSE, expenses reimbursable under the $60,000 cap", () => {
  const reimburse = (expenses: string, already = "0", cap = REIMBURSEMENT_CAP) => reimbursement(d(expenses), d(already), cap).toFixed(2);

  it("the seed's cap: $60,000 under each agreement", () => assert.strictEqual(REIMBURSEMENT_CAP.toString(), "60000"));

  // [expenses, alreadyReimbursed, cap, reimbursable]
  const cases: [string, string, string, string][] = [
    ["60000", "0", "60000", "60000.00"],
    ["75000", "0", "60000", "60000.00"], // capped
    ["25000", "0", "60000", "25000.00"],
    ["25000", "45000", "60000", "15000.00"], // what is left of the cap
    ["25000", "60000", "60000", "0.00"], // cap used up
    ["25000", "70000", "60000", "0.00"], // already past the cap: not below 0
    ["0", "0", "60000", "0.00"],
    ["100.005", "0", "60000", "100.01"], // half-up to the cent
    ["50000", "10000.50", "60000", "49999.50"],
    ["150000", "0", "120000", "120000.00"], // both agreements' caps together, if the caller says so
    ["10", "0", "0", "0.00"],
  ];
  for (const [expenses, already, cap, expected] of cases) {
    it(`REIMBURSE(${expenses}, ${already}, ${cap}) = ${expected}`, () => assert.strictEqual(reimburse(expenses, already, d(cap)), expected));
  }

  it("refuses negative amounts", () => {
    throwsCalc(() => reimburse("-1"), "#NUM!", /expenses is -1: expected an amount of \$0 or more/);
    throwsCalc(() => reimburse("1", "-1"), "#NUM!", /alreadyReimbursed is -1/);
    throwsCalc(() => reimburse("1", "0", d(-60000)), "#NUM!", /cap is -60000/);
  });

  it("claims reimbursed one after another never exceed the cap and add up like one claim (whole cents)", () => {
    const cents = fc.bigInt({ min: 0n, max: 10_000_000n });
    const dollars = (c: bigint) => d(c).dividedBy(100);
    fc.assert(
      fc.property(cents, cents, cents, cents, (a, b, p, c) => {
        const [already, cap] = [dollars(p), dollars(c)];
        const first = reimbursement(dollars(a), already, cap);
        const second = reimbursement(dollars(b), already.plus(first), cap);
        const together = reimbursement(dollars(a + b), already, cap);
        return first.plus(second).equals(together) && first.lte(dollars(a)) && already.lte(cap) === already.plus(together).lte(cap);
      }),
      { numRuns: 1000 },
    );
  });
});

describe("core/expenses: RETAINER, the retainer and deposit allocated to each offering", () => {
  const share = (retainer: string, deposit: string, offerings: string, offering?: string) =>
    retainerAllocation(d(retainer), d(deposit), d(offerings), offering === undefined ? undefined : d(offering)).toFixed(2);

  it("the seed: ($75,000 + $50,000) / 2 = $62,500 to each offering", () => {
    assert.strictEqual(retainerAllocation(ANNUAL_RETAINER, REIMBURSEMENT_DEPOSIT, RETAINER_OFFERINGS).toFixed(2), "62500.00");
    assert.strictEqual(share("75000", "50000", "2", "1"), "62500.00");
    assert.strictEqual(share("75000", "50000", "2", "2"), "62500.00");
  });

  // [retainer, deposit, offerings, offering, share]
  const cases: [string, string, string, string | undefined, string][] = [
    ["75000", "50000", "1", undefined, "125000.00"],
    ["100000", "0", "3", undefined, "33333.33"], // 33,333.333...
    ["100000", "0", "3", "1", "33333.34"], // 10,000,000 cents = 3 x 3,333,333 + 1: the first offering takes the cent
    ["100000", "0", "3", "2", "33333.33"],
    ["100000", "0", "3", "3", "33333.33"],
    ["200000", "0", "3", undefined, "66666.67"], // 66,666.666...
    ["200000", "0", "3", "1", "66666.67"], // 20,000,000 cents = 3 x 6,666,666 + 2
    ["200000", "0", "3", "2", "66666.67"],
    ["200000", "0", "3", "3", "66666.66"],
    ["0.01", "0", "2", undefined, "0.01"], // 0.005 half-up
    ["0.01", "0", "2", "1", "0.01"],
    ["0.01", "0", "2", "2", "0.00"],
    ["0", "0", "5", undefined, "0.00"],
  ];
  for (const [retainer, deposit, offerings, offering, expected] of cases) {
    it(`RETAINER(${retainer}, ${deposit}, ${offerings}, ${offering ?? "-"}) = ${expected}`, () =>
      assert.strictEqual(share(retainer, deposit, offerings, offering), expected));
  }

  it("refuses negative amounts and offering counts that are not whole or out of range", () => {
    throwsCalc(() => share("-1", "0", "2"), "#NUM!", /retainer is -1: expected an amount of \$0 or more/);
    throwsCalc(() => share("1", "-1", "2"), "#NUM!", /deposit is -1/);
    throwsCalc(() => share("1", "1", "0"), "#NUM!", /offerings is 0: expected a whole number from 1 up/);
    throwsCalc(() => share("1", "1", "2.5"), "#NUM!", /offerings is 2\.5: expected a whole number from 1 up/);
    throwsCalc(() => share("1", "1", "2", "3"), "#NUM!", /offering is 3: expected a whole number from 1 to 2/);
    throwsCalc(() => share("1", "1", "2", "0"), "#NUM!", /offering is 0: expected a whole number from 1 to 2/);
    throwsCalc(() => share("1", "1", "2", "1.5"), "#NUM!", /offering is 1\.5/);
  });

  it("the shares of every offering add up to the total exactly, each within a cent of the even share", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 12n }), fc.bigInt({ min: 0n, max: 10n ** 6n }), fc.integer({ min: 1, max: 12 }), (r, p, n) => {
        const [retainer, deposit] = [d(r).dividedBy(1000), d(p).dividedBy(100)]; // retainer in mills: not always whole cents
        const total = retainer.plus(deposit).toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
        let sum = d(0);
        for (let k = 1; k <= n; k++) {
          const one = retainerAllocation(retainer, deposit, d(n), d(k));
          if (one.minus(total.dividedBy(n)).abs().gte("0.01")) return false;
          sum = sum.plus(one);
        }
        return sum.equals(total);
      }),
      { numRuns: 500 },
    );
  });
});
