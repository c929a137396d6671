import { Decimal } from "../../src/core/decimal";

/**
 * True when `q` is num / den rounded to 40 significant digits (the project's Decimal precision):
 * |q - num/den| <= half a unit in q's 40th digit, checked in exact BigInt arithmetic.
 */
export function isCorrectlyRounded(q: Decimal, num: bigint, den: bigint, digits = 40): boolean {
  if (q.isZero()) return num === 0n;
  const [whole, fraction = ""] = q.toFixed().split(".");
  const m = fraction.length;
  const scaled = BigInt(`${whole}${fraction}`);
  const pow = (k: number) => 10n ** BigInt(k);
  const diff = scaled * den - num * pow(m);
  const lhs = 2n * (diff < 0n ? -diff : diff);
  const exponent = q.e - (digits - 1); // the unit of the last kept digit is 10^exponent
  return exponent >= 0 ? lhs <= den * pow(m) * pow(exponent) : lhs * pow(-exponent) <= den * pow(m);
}
