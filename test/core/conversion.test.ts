import assert from "assert";
import fc from "fast-check";
import * as conversion from "../../src/core/conversion";
import { Decimal } from "../../src/core/decimal";
import { CalcError } from "../../src/core/errors";
import { toExcelNumber } from "../../src/core/rounding";

const d = (x: string | number) => new Decimal(x);
const ds = (xs: (string | number)[]) => xs.map(d);
const repeat = (x: string | number, n: number) => Array.from({ length: n }, () => x);
const upTo = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

const initConv = (prices: (string | number)[], decimals?: number) => conversion.initialConversionPrice(ds(prices), decimals).toString();
const convPrice = (bids: (string | number)[], initial?: string | number, days?: number, decimals?: number) =>
  conversion.conversionPrice(ds(bids), initial === undefined ? undefined : d(initial), days, decimals).toString();
const convShares = (principal: string | number, bids: (string | number)[], initial?: string | number, days?: number) =>
  conversion.conversionShares(d(principal), ds(bids), initial === undefined ? undefined : d(initial), days).toString();

function throwsCalc(fn: () => unknown, code: string, pattern: RegExp) {
  assert.throws(fn, (e: unknown) => e instanceof CalcError && e.code === code && pattern.test(e.message));
}

describe("core/conversion: the initial conversion price, 120% of five days' average", () => {
  const cases: [(string | number)[], number | undefined, string][] = [
    [[4, "4.1", "4.2", "4.3", "4.4"], undefined, "5.04"], // 1.2 x 21 / 5
    [repeat("4.04", 5), undefined, "4.848"], // five days at the seed's $4.04 last sale
    [[100, 4, "4.1", "4.2", "4.3", "4.4"], undefined, "5.04"], // only the last five count
    [[1, 1, 1, 1, 2], undefined, "1.44"],
    [repeat("1.23456", 5), undefined, "1.481472"], // not rounded by default
    [repeat("1.23456", 5), 4, "1.4815"],
    [repeat("1.23456", 5), 2, "1.48"],
    [repeat(0, 5), undefined, "0"],
  ];
  for (const [prices, decimals, expected] of cases) {
    it(`INITCONV(${prices}${decimals === undefined ? "" : `; ${decimals} dp`}) = ${expected}`, () => assert.strictEqual(initConv(prices, decimals), expected));
  }

  it("needs five values and non-negative prices", () => {
    throwsCalc(() => initConv([4, 4, 4, 4]), "#VALUE!", /prices has 4 values: expected at least 5, the market values of the five trading days before issuance/);
    throwsCalc(() => initConv([]), "#VALUE!", /prices has 0 values/);
    throwsCalc(() => initConv([4, 4, -1, 4, 4]), "#NUM!", /prices value 3 is -1: expected a price of \$0 or more/);
    throwsCalc(() => initConv(repeat(4, 5), 11), "#NUM!", /decimals must be a whole number from 0 to 10/);
  });
});

describe("core/conversion: the conversion price after reset", () => {
  // [bids oldest first, initialPrice, daysSinceIssue, decimals, conversion price], by hand.
  const cases: [string, (string | number)[], (string | number)?, number?, number?, string?][] = [
    ["exactly 10 bids", upTo(10), undefined, undefined, undefined, "5.555"], // 1.01 x 55 / 10
    ["30 rising bids: the ten lowest are 1..10", upTo(30), undefined, undefined, undefined, "5.555"],
    ["30 falling bids: the same ten", upTo(30).reverse(), undefined, undefined, undefined, "5.555"],
    ["15 bids", upTo(15), undefined, undefined, undefined, "5.555"],
    ["30 bids, the oldest low", [1, ...repeat(5, 29)], undefined, undefined, undefined, "4.646"], // 1.01 x (1 + 9 x 5) / 10
    ["31 bids: the oldest is dropped", [1, ...repeat(5, 30)], undefined, undefined, undefined, "5.05"],
    ["40 bids: only the last 30 count", [...repeat(1, 10), ...upTo(30).map((x) => x + 10)], undefined, undefined, undefined, "15.655"], // 1.01 x 155 / 10
    ["reset alone, rounded to 2 dp", upTo(10), undefined, undefined, 2, "5.56"], // 5.555 half-up
    ["reset alone, 0 dp", upTo(10), undefined, undefined, 0, "6"],
    ["the lesser: reset", repeat(4, 10), "5.04", undefined, undefined, "4.04"],
    ["the lesser: initial", repeat(4, 10), "3.5", undefined, undefined, "3.5"],
    ["day 0: initial alone", repeat(4, 10), "5.04", 0, undefined, "5.04"],
    ["day 90: still initial alone", repeat(4, 10), "5.04", 90, undefined, "5.04"],
    ["day 91: after 90 days, the lesser", repeat(4, 10), "5.04", 91, undefined, "4.04"],
    ["day 91, initial lower", repeat(4, 10), "3.5", 91, undefined, "3.5"],
    ["day 400", repeat(4, 10), "5.04", 400, undefined, "4.04"],
    ["initial rounded to 1 dp", repeat(4, 10), "5.04", 10, 1, "5"],
  ];
  for (const [label, bids, initial, days, decimals, expected] of cases) {
    it(`${label}: ${expected}`, () => assert.strictEqual(convPrice(bids, initial, days, decimals), expected));
  }

  it("needs ten bids, whatever the day", () => {
    throwsCalc(() => convPrice(upTo(9)), "#VALUE!", /bids has 9 values: expected at least 10 closing bids \(the ten lowest of the previous 30 trading days\)/);
    throwsCalc(() => convPrice(upTo(9), "5.04", 10), "#VALUE!", /bids has 9 values/);
    throwsCalc(() => convPrice([]), "#VALUE!", /bids has 0 values/);
  });

  it("refuses what is out of domain, and daysSinceIssue without initialPrice", () => {
    throwsCalc(() => convPrice([...upTo(9), -1]), "#NUM!", /bids value 10 is -1: expected a price of \$0 or more/);
    throwsCalc(() => convPrice(upTo(10), "-5"), "#NUM!", /initialPrice is -5: expected a price of \$0 or more/);
    throwsCalc(() => convPrice(upTo(10), "5", -1), "#NUM!", /daysSinceIssue is -1: expected a whole number of days, 0 or more/);
    throwsCalc(() => convPrice(upTo(10), "5", 90.5), "#NUM!", /daysSinceIssue is 90\.5/);
    throwsCalc(() => convPrice(upTo(10), undefined, 120), "#VALUE!", /initialPrice is missing: with daysSinceIssue the conversion price depends on the initial conversion price/);
    throwsCalc(() => convPrice(upTo(10), undefined, undefined, 11), "#NUM!", /decimals must be a whole number from 0 to 10/);
  });
});

describe("core/conversion: shares on conversion", () => {
  const cases: [string, string | number, (string | number)[], (string | number)?, number?, string?][] = [
    ["$1M at the 4.04 reset", 1_000_000, repeat(4, 10), undefined, undefined, "247524"], // 247,524.75
    ["$1M at the initial 5.04, day 45", 1_000_000, repeat(4, 10), "5.04", 45, "198412"], // 198,412.69
    ["a quotient that is whole is not rounded down a share", 4040, repeat(4, 10), undefined, undefined, "1000"],
    ["$8M block at 120% of five days of $4.04", 8_000_000, repeat(4, 10), "4.848", 30, "1650165"], // 1,650,165.01
    ["nothing converted", 0, repeat(4, 10), undefined, undefined, "0"],
    ["just under one share", "4.03", repeat(4, 10), undefined, undefined, "0"],
  ];
  for (const [label, principal, bids, initial, days, expected] of cases) {
    it(`${label}: ${expected}`, () => assert.strictEqual(convShares(principal, bids, initial, days), expected));
  }

  it("refuses a conversion price of 0 and a negative principal", () => {
    throwsCalc(() => convShares(1000, repeat(0, 10)), "#NUM!", /the conversion price is 0: shares on conversion need a price above \$0/);
    throwsCalc(() => convShares(1000, repeat(4, 10), 0, 10), "#NUM!", /the conversion price is 0/);
    throwsCalc(() => convShares(-1, repeat(4, 10)), "#NUM!", /principal is -1: expected an amount of \$0 or more/);
    throwsCalc(() => convShares(1000, upTo(9)), "#VALUE!", /bids has 9 values/);
  });
});

describe("core/conversion: properties", () => {
  const cents = fc.integer({ min: 1, max: 1_000_000 }).map((c) => d(c).dividedBy(100));
  const bids = fc.array(cents, { minLength: 10, maxLength: 45 });
  const initial = fc.option(cents, { nil: undefined });
  const days = fc.option(fc.integer({ min: 0, max: 400 }), { nil: undefined });
  const principal = fc.integer({ min: 0, max: 1_000_000_000 }).map(d);

  it("CONVSHARES never rises when every bid rises", () => {
    fc.assert(
      fc.property(
        bids.chain((b) => fc.tuple(fc.constant(b), fc.array(fc.integer({ min: 0, max: 100_000 }), { minLength: b.length, maxLength: b.length }))),
        initial,
        days,
        principal,
        ([before, rises], init, day, p) => {
          const after = before.map((bid, i) => bid.plus(d(rises[i]!).dividedBy(100)));
          const dayArg = init === undefined ? undefined : day;
          return conversion.conversionShares(p, after, init, dayArg).lte(conversion.conversionShares(p, before, init, dayArg));
        },
      ),
      { numRuns: 1000 },
    );
  });

  it("the reset lies between 101% of the lowest and of the highest of the last 30 bids", () => {
    fc.assert(
      fc.property(bids, (b) => {
        const window = b.slice(-30);
        const reset = conversion.resetPrice(b);
        return reset.gte(Decimal.min(...window).times("1.01")) && reset.lte(Decimal.max(...window).times("1.01"));
      }),
    );
  });

  it("bids older than the last 30 never matter, nor the order within them", () => {
    fc.assert(
      fc.property(fc.array(cents, { maxLength: 20 }), fc.array(cents, { minLength: 30, maxLength: 30 }), (older, last30) => {
        const reset = conversion.resetPrice(last30);
        return conversion.resetPrice([...older, ...last30]).equals(reset) && conversion.resetPrice([...last30].reverse()).equals(reset);
      }),
    );
  });

  it("after 90 days never above the initial price; within 90 days the initial price", () => {
    fc.assert(
      fc.property(bids, cents, fc.integer({ min: 0, max: 400 }), (b, init, day) => {
        const price = conversion.conversionPrice(b, init, day);
        return day <= 90 ? price.equals(init) : price.lte(init) && price.lte(conversion.resetPrice(b));
      }),
    );
  });

  it("principal / shares is at least the conversion price, and one more share would exceed the principal", () => {
    fc.assert(
      fc.property(principal, bids, (p, b) => {
        const price = conversion.conversionPrice(b);
        const shares = conversion.conversionShares(p, b);
        return shares.times(price).lte(p) && shares.plus(1).times(price).gt(p);
      }),
    );
  });
});

describe("core/conversion: the plain-number fast path of CONVSHARES equals the Decimal path", () => {
  const bid = fc.oneof(
    { arbitrary: fc.integer({ min: 0, max: 100_000 }).map((c) => c / 100), weight: 30 },
    { arbitrary: fc.integer({ min: 1, max: 1e7 }).map((c) => c / 1e4), weight: 30 },
    { arbitrary: fc.double({ min: -0.5, max: 1e6, noNaN: true }), weight: 1 },
  );
  const principal = fc.oneof({ arbitrary: fc.integer({ min: 0, max: 1e10 }).map((c) => c / 100), weight: 10 }, { arbitrary: fc.double({ min: -1, max: 1e13, noNaN: true }), weight: 1 });
  const initial = fc.option(fc.oneof(bid, fc.constant(0)), { nil: undefined });
  const days = fc.option(fc.oneof(fc.integer({ min: 0, max: 200 }), fc.constantFrom(90, 91, -1, 1.5)), { nil: undefined });
  it("equal wherever it answers", () => {
    let answered = 0;
    fc.assert(
      fc.property(principal, fc.oneof(fc.array(bid, { minLength: 10, maxLength: 40 }), fc.array(bid, { maxLength: 12 })), initial, days, (p, bids, init, day) => {
        const fast = conversion.conversionSharesOfNumbers(p, bids, init, day);
        if (fast === undefined) return true;
        answered++;
        assert.strictEqual(fast, toExcelNumber(conversion.conversionShares(d(p), ds(bids), init === undefined ? undefined : d(init), day)));
        return true;
      }),
      { numRuns: 10_000 },
    );
    assert.ok(answered > 500, `answered ${answered}`);
  });

  it("declines what the Decimal path must refuse", () => {
    assert.strictEqual(conversion.conversionSharesOfNumbers(1e6, repeat(4, 9)), undefined); // 9 bids
    assert.strictEqual(conversion.conversionSharesOfNumbers(1e6, [-1, ...repeat(4, 30)]), undefined); // an old negative bid
    assert.strictEqual(conversion.conversionSharesOfNumbers(1e6, repeat(4, 10), undefined, 30), undefined); // days without initial price
    assert.strictEqual(conversion.conversionSharesOfNumbers(1e6, repeat(0, 10)), undefined); // price 0
    assert.strictEqual(conversion.conversionSharesOfNumbers(1e6, repeat(4, 10)), 247524);
  });
});
