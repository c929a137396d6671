import { ZERO } from "../core/decimal";
import * as blackScholes from "../core/blackScholes";
import { excel, num, optInt, optNum } from "./excel";

/**
 * Black-Scholes value of a warrant on one share (a European call), in $ per share, for the NASD 8% compensation test.
 * Example: =CEO.BSWARRANT(100, 100, 1, 0.2, 0.05) returns 10.450583572185567.
 * @customfunction BSWARRANT
 * @param stockPrice Price of the stock, $ per share (0 or more).
 * @param strike Exercise price, $ per share (0 or more); the Warrants' is 130% of the VWAP.
 * @param years Term in years (0 to 100); the Warrants' is 5.
 * @param volatility Annual volatility as a fraction (0 to 5; 80% is 0.8).
 * @param riskFree Annual continuously compounded risk-free rate as a fraction (-1 to 1; 5% is 0.05).
 * @param [dividendYield] Annual continuous dividend yield as a fraction (0 to 1; default 0).
 * @param [decimals] Decimal places to round the value to, half-up (0 to 10); default not rounded.
 * @returns Value per warrant share in $, not rounded unless decimals is given.
 */
export function bsWarrant(
  stockPrice: number,
  strike: number,
  years: number,
  volatility: number,
  riskFree: number,
  dividendYield?: number,
  decimals?: number,
): number {
  return excel(() =>
    blackScholes.blackScholesCall(
      num(stockPrice, "stockPrice"),
      num(strike, "strike"),
      num(years, "years"),
      num(volatility, "volatility"),
      num(riskFree, "riskFree"),
      optNum(dividendYield, "dividendYield") ?? ZERO,
      optInt(decimals, "decimals"),
    ),
  );
}
