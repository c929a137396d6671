import { Decimal } from "./decimal";
import { divideHalfUp, pow10 } from "./exact";
import { roundMoney } from "./rounding";

/**
 * Gross proceeds of a sale, "the aggregate sales price at which the securities were sold":
 * shares x price, to the cent (half-up, the money policy of rounding.ts).
 */
export function saleGross(shares: Decimal, price: Decimal): Decimal {
  return roundMoney(shares.times(price));
}

/** A plain decimal numeral ("4.0412", "250") as an integer of units of 10^-scale, when it fits a double exactly (15 digits). */
export function scaledInteger(numeral: string): { units: number; scale: number } | undefined {
  let units = 0;
  let digits = 0;
  let scale = -1;
  for (let i = 0; i < numeral.length; i++) {
    const c = numeral.charCodeAt(i);
    if (c === 46 /* . */ && scale < 0) {
      scale = 0;
      continue;
    }
    if (c < 48 || c > 57) return undefined;
    units = units * 10 + (c - 48);
    digits++;
    if (scale >= 0) scale++;
  }
  return digits === 0 || digits > 15 ? undefined : { units, scale: scale < 0 ? 0 : scale };
}

/**
 * saleGross in integer cents without Decimal, for whole `shares` and a plain `price` numeral,
 * while every intermediate is a safe integer; undefined otherwise (use saleGross). A property
 * test proves it equal to saleGross wherever it answers.
 */
export function saleGrossCents(shares: number, price: string): number | undefined {
  const p = scaledInteger(price);
  return p && saleGrossCentsOfUnits(shares, p.units, p.scale);
}

/** saleGrossCents for a price given as the integer `units` of 10^-scale (scaledInteger's form, at most 15 digits). */
export function saleGrossCentsOfUnits(shares: number, units: number, scale: number): number | undefined {
  if (!Number.isSafeInteger(shares) || !Number.isSafeInteger(units) || shares < 0 || units < 0 || scale > 15) return undefined;
  const product = shares * units;
  if (!Number.isSafeInteger(product)) return undefined;
  if (scale <= 2) {
    const cents = product * pow10(2 - scale);
    return Number.isSafeInteger(cents) ? cents : undefined;
  }
  return divideHalfUp(product, pow10(scale - 2));
}
