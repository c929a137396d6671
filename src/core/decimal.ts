import DecimalJs from "decimal.js";

/**
 * The project's own Decimal: 40 significant digits, half-up, plain notation.
 * A clone, so nothing here touches decimal.js's global settings (or anyone else's).
 * 40 digits hold any product or quotient of two doubles' shortest decimal forms
 * (17 digits each) without loss before the policy rounding in rounding.ts.
 */
export const Decimal = DecimalJs.clone({
  precision: 40,
  rounding: DecimalJs.ROUND_HALF_UP,
  toExpNeg: -40,
  toExpPos: 40,
});
export type Decimal = InstanceType<typeof Decimal>;

export const ZERO = new Decimal(0);
export const ONE = new Decimal(1);
