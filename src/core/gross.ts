import { Decimal } from "./decimal";
import { roundMoney } from "./rounding";

/**
 * Gross proceeds of a sale, "the aggregate sales price at which the securities were sold":
 * shares x price, to the cent (half-up, the money policy of rounding.ts).
 */
export function saleGross(shares: Decimal, price: Decimal): Decimal {
  return roundMoney(shares.times(price));
}

/** A plain decimal numeral ("4.0412", "250") as an integer of units of 10^-scale, when it fits a double exactly. */
export function scaledInteger(numeral: string): { units: number; scale: number } | undefined {
  const dot = numeral.indexOf(".");
  const digits = dot < 0 ? numeral : numeral.slice(0, dot) + numeral.slice(dot + 1);
  if (digits.length > 15 || !/^\d+$/.test(digits)) return undefined;
  return { units: Number(digits), scale: dot < 0 ? 0 : numeral.length - dot - 1 };
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
