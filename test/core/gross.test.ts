import assert from "assert";
import fc from "fast-check";
import { Decimal } from "../../src/core/decimal";
import { saleGross, saleGrossCents, scaledInteger } from "../../src/core/gross";

describe("core/gross: shares x price to the cent", () => {
  const cases: [number, string, string][] = [
    [100000, "4.04", "404000.00"], // the seed's $4.04 last sale price
    [333, "4.0412", "1345.72"], // 1345.7196
    [1, "0.005", "0.01"], // half-up
    [1, "0.00499", "0.00"],
    [3, "0.125", "0.38"], // 0.375
    [7, "1234.5678", "8641.97"], // 8641.9746
    [0, "4.04", "0.00"],
  ];
  for (const [shares, price, gross] of cases) {
    it(`${shares} x ${price} = ${gross}`, () => {
      assert.strictEqual(saleGross(new Decimal(shares), new Decimal(price)).toFixed(2), gross);
      assert.strictEqual(saleGrossCents(shares, price), Math.round(Number(gross) * 100));
    });
  }

  it("the integer fast path declines what does not fit a double exactly", () => {
    assert.strictEqual(saleGrossCents(2 ** 53, "1"), undefined);
    assert.strictEqual(saleGrossCents(1e9, "12345678.9012"), undefined); // product past 2^53
    assert.strictEqual(scaledInteger("1234567890123456"), undefined); // 16 digits
    assert.deepStrictEqual(scaledInteger("4.0412"), { units: 40412, scale: 4 });
  });

  it("the fast path equals the Decimal path wherever it answers", () => {
    const price = fc.tuple(fc.bigInt({ min: 0n, max: 10n ** 12n }), fc.integer({ min: 0, max: 10 })).map(([units, scale]) => {
      const s = units.toString().padStart(scale + 1, "0");
      return scale === 0 ? s : `${s.slice(0, s.length - scale)}.${s.slice(s.length - scale)}`;
    });
    const shares = fc.oneof(fc.integer({ min: 0, max: 10_000_000 }), fc.maxSafeInteger().filter((n) => n >= 0));
    fc.assert(
      fc.property(shares, price, (s, p) => {
        const fast = saleGrossCents(s, p);
        if (fast === undefined) return true;
        return new Decimal(fast).dividedBy(100).equals(saleGross(new Decimal(s), new Decimal(p)));
      }),
      { numRuns: 20_000 },
    );
  });
});
