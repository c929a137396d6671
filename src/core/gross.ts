import { Decimal } from "./decimal";
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
  if (!p || !Number.isSafeInteger(shares) || p.scale > 15) return undefined;
  const product = shares * p.units;
  if (!Number.isSafeInteger(product)) return undefined;
  if (p.scale <= 2) {
    const cents = product * 10 ** (2 - p.scale);
    return Number.isSafeInteger(cents) ? cents : undefined;
  }
  const divisor = 10 ** (p.scale - 2);
  let quotient = Math.floor(product / divisor);
  let remainder = product - quotient * divisor;
  if (remainder < 0) {
    quotient -= 1;
    remainder += divisor;
  }
  return remainder * 2 >= divisor ? quotient + 1 : quotient;
}
