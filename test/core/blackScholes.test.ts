import assert from "assert";
import fc from "fast-check";
import { blackScholesCall, normalCdf } from "../../src/core/blackScholes";
import { Decimal } from "../../src/core/decimal";
import { CalcError } from "../../src/core/errors";

const d = (x: string | number) => new Decimal(x);
const call = (s: string, k: string, t: string, v: string, r: string, q = "0", decimals?: number) =>
  blackScholesCall(d(s), d(k), d(t), d(v), d(r), d(q), decimals);

function throwsCalc(fn: () => unknown, code: string, pattern: RegExp) {
  assert.throws(fn, (e: unknown) => e instanceof CalcError && e.code === code && pattern.test(e.message));
}

function near(actual: Decimal, expected: string, tolerance: string) {
  assert.ok(actual.minus(expected).abs().lte(tolerance), `${actual.toString()} is not within ${tolerance} of ${expected}`);
}

describe("core/blackScholes: the normal CDF", () => {
  // Φ(x) to 45 digits, from mpmath's ncdf at 60 digits (an independent arbitrary-precision library).
  const cases: [string, string][] = [
    ["0", "0.5"],
    ["0.5", "0.691462461274013103637704610608337739883602176"],
    ["1", "0.841344746068542948585232545632037922477912967"],
    ["-1", "0.158655253931457051414767454367962077522087033"],
    ["1.96", "0.975002104851779565863415730959162809977500221"],
    ["2.5", "0.993790334674223864833021895425807778872102253"],
    ["-0.25", "0.401293674317076275759146208418966260717952519"],
    ["-3", "0.00134989803163009452665181476759497737782936816"],
    ["8", "0.999999999999999377903942572821587648400482741"],
    ["-8", "6.22096057427178412351599517258818842248871728e-16"],
    ["11.99", "0.999999999999999999999999999999997995474162628"],
    ["-11.99", "2.00452583737242808826849540141757563884603552e-33"],
    ["12", "0.999999999999999999999999999999998223517887922"],
    ["-12", "1.77648211207767899769617100184555709239266643e-33"],
    ["13", "1"], // 1 - 6.1e-39
    ["-40", "0"], // 3.7e-350
  ];
  for (const [x, expected] of cases) {
    it(`Φ(${x}) = ${expected} to 1e-32`, () => near(normalCdf(d(x)), expected, "1e-32"));
  }

  it("is good to 1e-38 inside the cut-off", () => {
    near(normalCdf(d(1)), "0.841344746068542948585232545632037922477912967", "1e-38");
    near(normalCdf(d("-11.99")), "2.00452583737242808826849540141757563884603552e-33", "1e-38");
  });

  // Far lower tails keep their significant digits: 0.5 erfc(x/√2) in double precision (Python's math.erfc, itself good to ~1e-13 this far out), to 1e-12 relative.
  const tails: [string, string][] = [
    ["-5", "2.866515718791946e-07"],
    ["-8", "6.220960574271819e-16"],
    ["-12", "1.776482112077702e-33"],
    ["-14.78", "9.858309505808487e-50"],
    ["-20", "2.7536241186063314e-89"],
    ["-30", "4.906713927148764e-198"],
    ["-37", "5.725571222525139e-300"],
  ];
  for (const [x, expected] of tails) {
    it(`Φ(${x}) = ${expected} to a relative 1e-12`, () => {
      const relative = normalCdf(d(x)).dividedBy(expected).minus(1).abs();
      assert.ok(relative.lte("1e-12"), `Φ(${x}) = ${normalCdf(d(x)).toString()}, relative error ${relative.toString()}`);
    });
  }

  it("is symmetric, Φ(x) + Φ(-x) = 1, and monotone", () => {
    const x = fc.double({ min: -15, max: 15, noNaN: true }).map((v) => new Decimal(v));
    fc.assert(fc.property(x, (v) => normalCdf(v).plus(normalCdf(v.negated())).minus(1).abs().lte("1e-38")), { numRuns: 300 });
    fc.assert(
      fc.property(x, x, (a, b) => {
        const [lo, hi] = a.lte(b) ? [a, b] : [b, a];
        return normalCdf(lo).lte(normalCdf(hi));
      }),
      { numRuns: 300 },
    );
  });
});

describe("core/blackScholes: BSWARRANT, a European call per share", () => {
  // [S, K, T, σ, r, q, value]: 45 digits from mpmath (Black-Scholes-Merton at 60 digits).
  const cases: [string, string, string, string, string, string, string][] = [
    ["100", "100", "1", "0.2", "0.05", "0", "10.450583572185566781651231209678335279308737"], // the textbook 10.4506
    ["42", "40", "0.5", "0.2", "0.1", "0", "4.7594223928715332196007284626105665798743059"], // Hull's example: 4.76
    ["100", "95", "0.25", "0.5", "0.1", "0.05", "12.8787261362526897702032772425202077644731098"], // with a dividend yield
    // the seed's Warrants: five years, strike 130% of a $4.04 VWAP ($5.252); volatility and rate assumed
    ["4.04", "5.252", "5", "1", "0.04", "0", "2.94176364683305040439686529565094248238824386"],
    ["4.04", "5.252", "5", "0.9", "0.04", "0", "2.73032213610857696086066090859981740635651092"],
    ["1000", "1", "1", "0.3", "0.05", "0", "999.048770575499285990908574680220347839342913"], // deep in the money: S - K e^-rT
    ["1", "1000", "1", "0.3", "0.05", "0", "0"], // 2.4e-116: below the CDF's cut-off
  ];
  for (const [s, k, t, v, r, q, expected] of cases) {
    it(`BSWARRANT(${s}, ${k}, ${t}, ${v}, ${r}, ${q}) = ${expected.slice(0, 20)}... to 1e-30`, () => near(call(s, k, t, v, r, q), expected, "1e-30"));
  }

  it("the textbook 10.4506 and Hull's 4.76 with decimals, half-up", () => {
    assert.strictEqual(call("100", "100", "1", "0.2", "0.05", "0", 4).toString(), "10.4506");
    assert.strictEqual(call("42", "40", "0.5", "0.2", "0.1", "0", 2).toString(), "4.76");
  });

  // Degenerate inputs, by hand: no time or no volatility leaves the discounted forward's intrinsic value.
  const degenerate: [string, string, string, string, string, string, string][] = [
    ["100", "90", "0", "0.2", "0.05", "0", "10"],
    ["90", "100", "0", "0.2", "0.05", "0", "0"],
    ["100", "100", "0", "0.2", "0.05", "0", "0"],
    ["100", "100", "1", "0", "0.05", "0", "4.87705754992859909085746802203478393429125507"], // 100 - 100 e^-0.05
    ["100", "110", "1", "0", "0.05", "0", "0"], // 100 - 104.63 < 0
    ["0", "100", "1", "0.2", "0.05", "0", "0"],
    ["100", "0", "1", "0.2", "0.05", "0", "100"],
    ["100", "0", "1", "0.2", "0.05", "0.02", "98.01986733067553022208141042253088662997124"], // 100 e^-0.02
    ["50", "50", "100", "5", "1", "0", "50"], // 100 years at 500%: the whole stock
  ];
  for (const [s, k, t, v, r, q, expected] of degenerate) {
    it(`BSWARRANT(${s}, ${k}, ${t}, ${v}, ${r}, ${q}) = ${expected.slice(0, 20)}`, () => near(call(s, k, t, v, r, q), expected, "1e-30"));
  }

  it("a far lower tail times a huge discount factor still counts: BSWARRANT(14.68, 19.473, 100, 1.901, -1)", () => {
    // K e^100 N(d2) with d2 = -14.78 is 5.1e-5 a share; with the tail cut to 0 the value was 14.679828.
    // Expected: the formula in double precision with Python's math.erfc (and LibreOffice's NORM.S.DIST agree): 14.679776867022452.
    const relative = call("14.68", "19.473", "100", "1.901", "-1").dividedBy("14.679776867022452").minus(1).abs();
    assert.ok(relative.lte("1e-13"), `relative error ${relative.toString()}`);
  });

  it("refuses out-of-domain inputs, with what is expected", () => {
    throwsCalc(() => call("-1", "1", "1", "0.2", "0.05"), "#NUM!", /stockPrice is -1: expected a price of \$0 or more/);
    throwsCalc(() => call("1", "-1", "1", "0.2", "0.05"), "#NUM!", /strike is -1: expected a price of \$0 or more/);
    throwsCalc(() => call("1", "1", "-1", "0.2", "0.05"), "#NUM!", /years is -1: expected a term in years from 0 to 100/);
    throwsCalc(() => call("1", "1", "101", "0.2", "0.05"), "#NUM!", /years is 101/);
    throwsCalc(() => call("1", "1", "1", "80", "0.05"), "#NUM!", /volatility is 80: expected an annual volatility as a fraction from 0 to 5 \(80% is 0\.8\)/);
    throwsCalc(() => call("1", "1", "1", "-0.1", "0.05"), "#NUM!", /volatility is -0\.1/);
    throwsCalc(() => call("1", "1", "1", "0.2", "5"), "#NUM!", /riskFree is 5: expected an annual rate as a fraction from -1 to 1 \(5% is 0\.05\)/);
    throwsCalc(() => call("1", "1", "1", "0.2", "-1.5"), "#NUM!", /riskFree is -1\.5/);
    throwsCalc(() => call("1", "1", "1", "0.2", "0.05", "2"), "#NUM!", /dividendYield is 2: expected an annual yield as a fraction from 0 to 1/);
    throwsCalc(() => call("1", "1", "1", "0.2", "0.05", "-0.01"), "#NUM!", /dividendYield is -0\.01/);
    throwsCalc(() => call("1", "1", "1", "0.2", "0.05", "0", 11), "#NUM!", /decimals must be a whole number from 0 to 10, got 11/);
  });
});

describe("core/blackScholes: properties", () => {
  const price = fc.double({ min: 0, max: 1e4, noNaN: true }).map((v) => new Decimal(v));
  const years = fc.double({ min: 0, max: 30, noNaN: true }).map((v) => new Decimal(v));
  const vol = fc.double({ min: 0, max: 5, noNaN: true }).map((v) => new Decimal(v));
  const rate = fc.double({ min: 0, max: 1, noNaN: true }).map((v) => new Decimal(v));
  const zero = new Decimal(0);
  const slack = (x: Decimal) => x.times("1e-30").plus("1e-30");

  it("max(S - K, 0) <= C <= S with no dividend and a rate of 0 or more", () => {
    fc.assert(
      fc.property(price, price, years, vol, rate, (s, k, t, v, r) => {
        const c = blackScholesCall(s, k, t, v, r, zero);
        return c.gte(Decimal.max(s.minus(k), 0).minus(slack(s))) && c.lte(s.plus(slack(s)));
      }),
      { numRuns: 300 },
    );
  });

  it("is monotone: rises with S, falls with K", () => {
    fc.assert(
      fc.property(price, price, price, years, vol, rate, (a, b, k, t, v, r) => {
        const [lo, hi] = a.lte(b) ? [a, b] : [b, a];
        const rising = blackScholesCall(lo, k, t, v, r, zero).lte(blackScholesCall(hi, k, t, v, r, zero).plus(slack(hi)));
        const falling = blackScholesCall(k, hi, t, v, r, zero).lte(blackScholesCall(k, lo, t, v, r, zero).plus(slack(k)));
        return rising && falling;
      }),
      { numRuns: 300 },
    );
  });
});
