import { Decimal } from "./decimal";
import { numError } from "./errors";

/**
 * The rounding policy, in one place (README: "Rounding and differences").
 * - money (fees, net proceeds, reimbursements): cents, half-up;
 * - prices (exercise, conversion, VWAP): not rounded unless the caller asks for decimals;
 * - share counts: rounded down to whole shares, since no fractional shares are issued.
 */
export function roundMoney(amount: Decimal): Decimal {
  return amount.toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
}

export function roundPrice(price: Decimal, decimals?: number | null): Decimal {
  if (decimals === undefined || decimals === null) return price;
  if (!Number.isInteger(decimals) || decimals < 0 || decimals > 10) {
    throw numError(`decimals must be a whole number from 0 to 10, got ${decimals}`);
  }
  return price.toDecimalPlaces(decimals, Decimal.ROUND_HALF_UP);
}

export function roundShares(shares: Decimal): Decimal {
  return shares.toDecimalPlaces(0, Decimal.ROUND_FLOOR);
}

/** The one place a Decimal becomes a JS number; never lets NaN or Infinity out. */
export function toExcelNumber(value: Decimal): number {
  const n = value.toNumber();
  if (!Number.isFinite(n)) throw numError(`the result ${value.toString()} is too large for Excel`);
  return n === 0 ? 0 : n; // no -0 in a cell
}
