import fc from "fast-check";
import { bsWarrantFormula } from "../../src/core/blackScholes.formula";
import { capacityFormula } from "../../src/core/capacity.formula";
import { cashlessFormula } from "../../src/core/cashless.formula";
import { classBPriceFormula } from "../../src/core/classB.formula";
import { compPctFormula } from "../../src/core/compensation.formula";
import { reimburseFormula, retainerFormula } from "../../src/core/expenses.formula";
import { nasdaq20Formula } from "../../src/core/nasdaq.formula";
import { dilutionFormula, ownershipFormula } from "../../src/core/ownership.formula";
import { bsWarrant } from "../../src/functions/blackScholes";
import { capacityLeft } from "../../src/functions/capacity";
import { cashlessExercise } from "../../src/functions/cashless";
import { classBPrice } from "../../src/functions/classB";
import { compPct } from "../../src/functions/compensation";
import { reimburse, retainerShare } from "../../src/functions/expenses";
import { nasdaq20 } from "../../src/functions/nasdaq";
import { dilution, ownershipFraction } from "../../src/functions/ownership";
import { agree } from "./agree";

const cents = (max: number) => fc.integer({ min: 0, max: max * 100 }).map((c) => c / 100);
const price4 = fc.integer({ min: 0, max: 1_000_000 }).map((p) => p / 10_000);

describe("native CLASSBPRICE, CASHLESS, DILUTION, OWNERSHIP, NASDAQ20, COMPPCT, CAPACITY, REIMBURSE, RETAINER, BSWARRANT", () => {
  it("the seed's figures and the README examples", () => {
    agree("CLASSBPRICE 4.04", [], [classBPriceFormula("4.04")], () => classBPrice(4.04), "relative");
    agree("CLASSBPRICE at $5.00: 97%", [[5]], [classBPriceFormula("A1", "", "", "4")], () => classBPrice(5, undefined, undefined, 4));
    agree("CLASSBPRICE capped", [[40]], [classBPriceFormula("A1")], () => classBPrice(40), "relative");
    agree("CASHLESS", [], [cashlessFormula("1000", "5.2", "8")], () => cashlessExercise(1000, 5.2, 8));
    agree("CASHLESS under water", [], [cashlessFormula("1000", "8", "5.2")], () => cashlessExercise(1000, 8, 5.2));
    // Whole results above a few million shares, where doubles land a few units in the last place
    // below the whole number (a difference cancelling 0.0017 - 0.0015, or none at all).
    for (const [w, s, p] of [[73849343, 0.0015, 0.0017], [94931819, 0.4, 1.01], [34337273, 0.53, 1.01], [64634546, 0.53, 1.01], [44436364, 0.66, 1.01]] as const) {
      agree(`CASHLESS ${w} at ${s} of ${p}`, [[w, s, p]], [cashlessFormula("A1", "B1", "C1")], () => cashlessExercise(w, s, p));
    }
    agree("DILUTION 28%", [], [dilutionFormula("8593877", "21862772")], () => dilution(8593877, 21862772), "relative");
    agree("OWNERSHIP 19.3%", [], [ownershipFormula("579098", "4498145", "21862772")], () => ownershipFraction(579098, 4498145, 21862772), "relative");
    agree("OWNERSHIP held > outstanding", [], [ownershipFormula("30", "0", "20")], () => ownershipFraction(30, 0, 20));
    agree("NASDAQ20", [], [nasdaq20Formula("21862772")], () => nasdaq20(21862772));
    agree("NASDAQ20 exactly 20%", [], [nasdaq20Formula("100", "3")], () => nasdaq20(100, 3));
    agree("NASDAQ20 fractional", [], [nasdaq20Formula("100.5")], () => nasdaq20(100.5));
    agree("COMPPCT", [], [compPctFormula("25000000", "900000", "60000", "62500")], () => compPct(25_000_000, 900_000, 60_000, 62_500 as any), "relative");
    agree("COMPPCT other range", [[62500], [null], [1000]], [compPctFormula("25000000", "900000", "", "A1:A3")], () => compPct(25_000_000, 900_000, undefined, [[62500], [null], [1000]]), "relative");
    agree("CAPACITY", [], [capacityFormula("10000000")], () => capacityLeft(10_000_000));
    agree("CAPACITY over-sold", [], [capacityFormula("9000000", "8400000")], () => capacityLeft(9_000_000, 8_400_000));
    agree("REIMBURSE", [], [reimburseFormula("25000", "45000")], () => reimburse(25_000, 45_000));
    agree("RETAINER", [], [retainerFormula()], () => retainerShare());
    agree("RETAINER in 3", [], [retainerFormula("", "25000", "3", "1")], () => retainerShare(undefined, 25_000, 3, 1));
    agree("RETAINER offering 4 of 3", [], [retainerFormula("", "", "3", "4")], () => retainerShare(undefined, undefined, 3, 4));
    agree("BSWARRANT", [], [bsWarrantFormula("100", "100", "1", "0.2", "0.05")], () => bsWarrant(100, 100, 1, 0.2, 0.05), "relative");
    agree("BSWARRANT the Warrants: 5 years at 130%", [], [bsWarrantFormula("4.04", "5.252", "5", "0.8", "0.045", "", "4")], () => bsWarrant(4.04, 5.252, 5, 0.8, 0.045, undefined, 4));
    agree("BSWARRANT zero volatility", [], [bsWarrantFormula("100", "90", "1", "0", "0.05")], () => bsWarrant(100, 90, 1, 0, 0.05), "relative");
  });

  it("property: prices, counts and amounts in their usual ranges", () => {
    const shares = fc.integer({ min: 0, max: 100_000_000 });
    fc.assert(
      fc.property(price4, fc.option(price4, { nil: undefined }), fc.option(fc.integer({ min: 0, max: 6 }), { nil: undefined }), shares, shares, price4, price4, (bid, market, decimals, a, b, strike, p) => {
        const cells = [[bid, market ?? null, decimals ?? null, a, b, strike, p]];
        agree("CLASSBPRICE", cells, [classBPriceFormula("A1", "B1", "", "C1")], () => classBPrice(bid, (market ?? null) as any, undefined, (decimals ?? null) as any), decimals === undefined ? "relative" : "exact");
        agree("CASHLESS", cells, [cashlessFormula("D1", "F1", "G1")], () => cashlessExercise(a, strike, p));
        agree("DILUTION", cells, [dilutionFormula("D1", "E1")], () => dilution(a, b), "relative");
        const [held, outstanding] = a <= b ? [a, b] : [b, a];
        agree("OWNERSHIP", [[held, a, outstanding]], [ownershipFormula("A1", "B1", "C1")], () => ownershipFraction(held, a, outstanding), "relative");
        agree("NASDAQ20", cells, [nasdaq20Formula("D1", "E1")], () => nasdaq20(a, b));
      }),
      { numRuns: 300 },
    );
    fc.assert(
      fc.property(cents(50_000_000), cents(5_000_000), cents(100_000), cents(200_000), fc.integer({ min: 1, max: 7 }), fc.integer({ min: 1, max: 8 }), (gross, fee, expenses, other, n, k) => {
        const cells = [[gross, fee, expenses, other, n, k]];
        agree("COMPPCT", cells, [compPctFormula("A1", "B1", "C1", "D1")], () => compPct(gross, fee, expenses, [[other]]), "relative");
        agree("CAPACITY", cells, [capacityFormula("B1", "A1")], () => capacityLeft(fee, gross));
        agree("REIMBURSE", cells, [reimburseFormula("C1", "D1", "B1")], () => reimburse(expenses, other, fee));
        agree("RETAINER even", cells, [retainerFormula("C1", "D1", "E1")], () => retainerShare(expenses, other, n));
        agree("RETAINER k-th", cells, [retainerFormula("C1", "D1", "E1", "F1")], () => retainerShare(expenses, other, n, k));
      }),
      { numRuns: 300 },
    );
  });

  it("property: CASHLESS counts that are exactly whole, up to a billion shares, are not a share short", () => {
    const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 1_000_000 }), fc.integer({ min: 1, max: 999_999 }), fc.integer({ min: 1, max: 1_000_000_000 }), (priceUnits, strikeUnits, n) => {
        const strike = Math.min(strikeUnits, priceUnits - 1);
        const step = priceUnits / gcd(priceUnits, priceUnits - strike); // warrants giving a whole count
        const w = step * Math.max(1, Math.floor(n / step));
        if (!Number.isSafeInteger(w) || w > 1e9) return;
        const [s, p] = [strike / 10_000, priceUnits / 10_000];
        agree("CASHLESS whole", [[w, s, p]], [cashlessFormula("A1", "B1", "C1")], () => cashlessExercise(w, s, p));
      }),
      { numRuns: 300 },
    );
  });

  it("property: BSWARRANT agrees with the core's 40 digits to 1e-12 of the stock price (doubles, LN, EXP and NORM.S.DIST)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 50, max: 100_000 }).map((x) => x / 100),
        fc.integer({ min: 50, max: 100_000 }).map((x) => x / 100),
        fc.integer({ min: 1, max: 100 }).map((x) => x / 10),
        fc.integer({ min: 5, max: 150 }).map((x) => x / 100),
        fc.integer({ min: 0, max: 100 }).map((x) => x / 1000),
        (s, k, t, v, r) => {
          agree("BSWARRANT", [[s, k, t, v, r]], [bsWarrantFormula("A1", "B1", "C1", "D1", "E1")], () => bsWarrant(s, k, t, v, r), { absolute: 1e-12 * s });
        },
      ),
      { numRuns: 300 },
    );
  });
});
