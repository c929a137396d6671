import fc from "fast-check";
import { convPriceFormula, convSharesFormula, initConvFormula } from "../../src/core/conversion.formula";
import { convPrice, convShares, initConv } from "../../src/functions/conversion";
import { agree, column } from "./agree";

const A = (n: number) => `A1:A${n}`;

describe("native INITCONV, CONVPRICE, CONVSHARES in a spreadsheet engine", () => {
  it("a fractional or negative daysSinceIssue is refused as by the core", () => {
    const ten = [4, 4.1, 4.2, 4.3, 4.4, 4.5, 4.6, 4.7, 4.8, 4.9];
    for (const days of [45.5, 90.5, 120.25, -1]) {
      const cells = ten.map((v, i) => [v, i === 0 ? days : null]);
      agree(`CONVPRICE days ${days}`, cells, [convPriceFormula(A(10), "5.04", "B1")], () => convPrice(column(ten), 5.04, days));
      agree(`CONVSHARES days ${days}`, cells, [convSharesFormula("1000000", A(10), "5.04", "B1")], () => convShares(1_000_000, column(ten), 5.04, days));
      agree(`CONVPRICE literal days ${days}`, cells, [convPriceFormula(A(10), "5.04", String(days))], () => convPrice(column(ten), 5.04, days));
    }
  });

  it("the README examples, as ranges and as array constants", () => {
    const five = [4, 4.1, 4.2, 4.3, 4.4];
    agree("INITCONV", column(five), [initConvFormula(A(5))], () => initConv(column(five)), "relative");
    agree("INITCONV array", [], [initConvFormula("{4;4.1;4.2;4.3;4.4}")], () => initConv(column(five)), "relative");
    agree("INITCONV decimals", column(five), [initConvFormula(A(5), "2")], () => initConv(column(five), 2));
    const ten = Array(10).fill(4);
    agree("CONVPRICE", column(ten), [convPriceFormula(A(10))], () => convPrice(column(ten)), "relative");
    agree("CONVSHARES", column(ten), [convSharesFormula("1000000", A(10))], () => convShares(1_000_000, column(ten)));
    agree("CONVSHARES array", [], [convSharesFormula("1000000", "{4;4;4;4;4;4;4;4;4;4}")], () => convShares(1_000_000, column(ten)));
    agree("CONVSHARES within 90 days", column(ten), [convSharesFormula("1000000", A(10), "5.04", "45")], () => convShares(1_000_000, column(ten), 5.04, 45));
    agree("CONVPRICE too few bids", column(ten.slice(1)), [convPriceFormula(A(9))], () => convPrice(column(ten.slice(1))));
    agree("CONVPRICE days without initial price", column(ten), [convPriceFormula(A(10), "", "45")], () => convPrice(column(ten), undefined, 45));
    agree("INITCONV too few", column(five.slice(1)), [initConvFormula(A(4))], () => initConv(column(five.slice(1))));
  });

  it("blanks are skipped and only the last values count, in a row too", () => {
    const bids: (number | null)[] = Array.from({ length: 40 }, (_, i) => (i % 7 === 3 ? null : 3 + ((i * 37) % 23) / 10));
    agree("CONVPRICE 40 with blanks", column(bids), [convPriceFormula(A(40))], () => convPrice(column(bids)), "relative");
    agree("CONVPRICE lesser of initial", column(bids), [convPriceFormula(A(40), "3.1", "91", "4")], () => convPrice(column(bids), 3.1, 91, 4));
    agree("INITCONV with blanks", column(bids), [initConvFormula(A(40))], () => initConv(column(bids)), "relative");
    const row = [bids.slice(0, 20)];
    agree("CONVPRICE across a row", row, [convPriceFormula("A1:T1")], () => convPrice(row), "relative");
  });

  it("property: bids with 4 decimals, principal in cents, initial price and days in their domains", () => {
    const bid = fc.option(fc.integer({ min: 1, max: 200_000 }).map((b) => b / 10_000), { nil: null, freq: 8 });
    fc.assert(
      fc.property(
        fc.array(bid, { minLength: 10, maxLength: 45 }),
        fc.integer({ min: 0, max: 1_000_000_000 }),
        fc.option(fc.integer({ min: 1, max: 200_000 }).map((p) => p / 10_000), { nil: undefined }),
        fc.option(fc.integer({ min: 0, max: 200 }), { nil: undefined }),
        (bids, cents, initialPrice, days) => {
          if (bids.filter((b) => b !== null).length < 10) return;
          const principal = cents / 100;
          const n = bids.length;
          const cells = bids.map((b, i) => [b, i === 0 ? principal : null, i === 0 ? (initialPrice ?? null) : null, i === 0 ? (days ?? null) : null]);
          const ip = initialPrice === undefined ? undefined : "C1";
          const d = initialPrice === undefined || days === undefined ? undefined : "D1";
          const dayArg = d === undefined ? undefined : days;
          agree("CONVPRICE", cells, [convPriceFormula(A(n), ip, d)], () => convPrice(column(bids), initialPrice, dayArg), "relative");
          agree("CONVSHARES", cells, [convSharesFormula("B1", A(n), ip, d)], () => convShares(principal, column(bids), initialPrice, dayArg));
          agree("INITCONV", cells, [initConvFormula(A(n), "4")], () => initConv(column(bids), 4));
        },
      ),
      { numRuns: 250 },
    );
  });
});
