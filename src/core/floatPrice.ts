import { checkedDate, isoDate } from "./calendar";
import { Decimal } from "./decimal";
import { notAvailable, numError, valueError } from "./errors";

/*
 * Form S-3, General Instructions, Instruction 1 to General Instruction I.B.6: "For purposes of
 * computing the aggregate market value of the registrant's outstanding voting and non-voting
 * common equity pursuant to General Instruction I.B.6., registrants shall use the price at which
 * the common equity was last sold, or the average of the bid and asked prices of such common
 * equity, in the principal market for such common equity as of a date within 60 days prior to the
 * date of sale." (Form S-3 as printed in 2014, formsbank.com copy of the SEC form.)
 *
 * "As of a date within 60 days prior to the date of sale" lets the registrant pick the date; the
 * price used here is the highest of the prices dated in that window, calendar days
 * saleDate - 60 <= d <= saleDate - 1 (the sale day itself is not "prior to" it).
 */
export const FLOAT_PRICE_DAYS = 60;

/** The first and last day a price may be dated for a sale on `saleDate` (serials). */
export function floatPriceWindow(saleDate: number): { first: number; last: number } {
  const day = checkedDate(saleDate, "saleDate");
  return { first: day - FLOAT_PRICE_DAYS, last: day - 1 };
}

/**
 * The price for the public float, $/share: the highest of `prices` whose date (an Excel serial,
 * a time of day dropped) falls in the window. None there is #N/A naming the window searched.
 */
export function floatPrice(prices: readonly Decimal[], dates: readonly number[], saleDate: number): Decimal {
  if (prices.length !== dates.length) {
    throw valueError(`${prices.length} prices and ${dates.length} dates: expected one date per price`);
  }
  const { first, last } = floatPriceWindow(saleDate);
  let highest: Decimal | undefined;
  prices.forEach((price, i) => {
    if (price.lt(0)) throw numError(`prices value ${i + 1} is ${price.toString()}: expected a price of $0 or more`);
    const day = Math.floor(dates[i]!);
    if (day >= first && day <= last && (highest === undefined || price.gt(highest))) highest = price;
  });
  if (highest === undefined) {
    throw notAvailable(
      `no price is dated from ${isoDate(first)} to ${isoDate(last)}, the ${FLOAT_PRICE_DAYS} days before the sale on ${isoDate(last + 1)}: expected at least one price in that window`,
    );
  }
  return highest;
}
