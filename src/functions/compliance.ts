import { babyShelfCapacity } from "../core/babyShelf";
import { floatPrice as floatPriceTerm } from "../core/floatPrice";
import { minimumPrice } from "../core/minPrice";
import { soldLast12Months } from "../core/sold12m";
import { excel, num, optInt, optNum, parallelRanges, plainNum, range } from "./excel";

/**
 * Nasdaq Rule 5635(d) "Minimum Price": the lower of the last closing price and the average of the last five.
 * Example: =CEO.MINPRICE({4.1;4.3;4.2;4.4;4}) returns 4.
 * @customfunction MINPRICE
 * @param closes Nasdaq Official Closing Price of each trading day before the binding agreement, $ (above 0), oldest first, at least 5; only the last 5 count.
 * @param [decimals] Decimal places to round the price to, half-up (0 to 10); default not rounded.
 * @returns Minimum Price, $ per share.
 */
export function minPrice(closes: any[][], decimals?: number): number {
  return excel(() => minimumPrice(range(closes, "closes"), optInt(decimals, "decimals")));
}

/**
 * Price for the public float under Form S-3 I.B.6 (Instruction 1): the highest price dated within the 60 days before the sale (#N/A when none is).
 * Example: =CEO.FLOATPRICE({3.1;3.4;3.2}, {45600;45640;45660}, 45661) returns 3.4.
 * @customfunction FLOATPRICE
 * @param prices Closing (last sale) price of each day, $ (0 or more).
 * @param dates Date of each price, a range of the same size as prices.
 * @param saleDate Date of the sale; prices dated saleDate-60 to saleDate-1 count.
 * @returns The highest price in the window, $ per share.
 */
export function floatPrice(prices: any[][], dates: any[][], saleDate: number): number {
  return excel(() => {
    const [price, date] = parallelRanges(prices, "prices", dates, "dates");
    return floatPriceTerm(price, date.map((d) => d.toNumber()), plainNum(saleDate, "saleDate"));
  });
}

/**
 * Gross sold in the 12 calendar months up to and including the sale date (Form S-3 I.B.6(a)): after EDATE(saleDate,-12), to saleDate.
 * Example: =CEO.SOLD12M({45292;45351;45716}, {1000000;2500000;400000}, 45716) returns 2900000.
 * @customfunction SOLD12M
 * @param dates Date of each sale.
 * @param grosses Gross proceeds of each sale, $ (0 or more), a range of the same size as dates.
 * @param saleDate Date of the sale the look-back ends on (included).
 * @returns Gross sold in the window, $, to the cent.
 */
export function sold12m(dates: any[][], grosses: any[][], saleDate: number): number {
  return excel(() => {
    const [date, gross] = parallelRanges(dates, "dates", grosses, "grosses");
    return soldLast12Months(date.map((d) => d.toNumber()), gross, plainNum(saleDate, "saleDate"));
  });
}

/**
 * Still sellable under Form S-3 I.B.6 ("baby shelf"): one-third of the public float less what was sold in the last 12 months, rounded down to the cent; #N/A at a public float of $75,000,000 or more.
 * Example: =CEO.BABYSHELF(15000000, 3.4, 2900000) returns 14100000.
 * @customfunction BABYSHELF
 * @param nonAffiliateShares Common shares held by non-affiliates (0 or more).
 * @param floatPrice Price for the public float, $ (0 or more): FLOATPRICE.
 * @param [soldLast12Months] Gross sold under I.B.6 in the last 12 calendar months, $ (0 or more): SOLD12M; default 0.
 * @returns Amount that may still be sold, $, rounded down to the cent.
 */
export function babyShelf(nonAffiliateShares: number, floatPrice: number, soldLast12Months?: number): number {
  return excel(() =>
    babyShelfCapacity(num(nonAffiliateShares, "nonAffiliateShares"), num(floatPrice, "floatPrice"), optNum(soldLast12Months, "soldLast12Months")),
  );
}
