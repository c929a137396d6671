/*
 * The baby-shelf headroom at each sale date (Form S-3 General Instruction I.B.6): what may still
 * be sold after that day's sales, from the core terms FLOATPRICE (the highest close in the 60 days
 * before the sale), SOLD12M (the gross of the 12 calendar months up to and including the sale) and
 * BABYSHELF (one-third of the public float less it). Pure: no Office. A term's refusal (no close in
 * the window, a float of $75,000,000 or more, sales above one-third) is shown as its message, never
 * as a number.
 */
import { babyShelfCapacity, publicFloat } from "../../core/babyShelf";
import { Decimal } from "../../core/decimal";
import { CalcError, type CalcErrorCode } from "../../core/errors";
import { floatPrice } from "../../core/floatPrice";
import { soldLast12Months } from "../../core/sold12m";
import type { PlacementRow } from "../import/plan";

/** A closing price from the Prices table. */
export interface Close {
  date: number;
  close: number;
}

export interface Headroom {
  saleDate: number;
  /** The date's last sale (its line): an excess is reported there. */
  line: number;
  floatPrice?: number;
  publicFloat?: number;
  /** Gross sold in the 12 calendar months up to and including the date, $. */
  sold: number;
  /** Still sellable after the date's sales, $; undefined when a term refused. */
  headroom?: number;
  /** The refusing term's code and message. */
  error?: { code: CalcErrorCode; message: string };
}

/** One row per sale date, in date order. */
export function babyShelfHeadroom(sales: readonly Pick<PlacementRow, "line" | "tradeDate" | "gross">[], closes: readonly Close[], nonAffiliateShares: number): Headroom[] {
  const prices = closes.map((c) => new Decimal(c.close));
  const priceDates = closes.map((c) => c.date);
  const saleDates = sales.map((s) => s.tradeDate);
  const grosses = sales.map((s) => new Decimal(s.gross));
  const lastLine = new Map<number, number>();
  for (const s of [...sales].sort((a, b) => a.tradeDate - b.tradeDate || a.line - b.line)) lastLine.set(s.tradeDate, s.line);
  return [...lastLine].map(([saleDate, line]) => {
    const sold = soldLast12Months(saleDates, grosses, saleDate);
    const row: Headroom = { saleDate, line, sold: sold.toNumber() };
    try {
      const price = floatPrice(prices, priceDates, saleDate);
      row.floatPrice = price.toNumber();
      row.publicFloat = publicFloat(new Decimal(nonAffiliateShares), price).toNumber();
      row.headroom = babyShelfCapacity(new Decimal(nonAffiliateShares), price, sold).toNumber();
    } catch (error) {
      if (!(error instanceof CalcError)) throw error;
      row.error = { code: error.code, message: error.message };
    }
    return row;
  });
}

/**
 * Reads the Prices table's Date and Close columns (Range.values): a row with both blank is
 * skipped; any other cell that is not a number is listed (the sheet row), nothing computed.
 */
export function readCloses(dates: readonly unknown[], closes: readonly unknown[], firstRow: number): Close[] | string[] {
  const blank = (v: unknown) => v === null || v === undefined || v === "";
  const problems: string[] = [];
  const out: Close[] = [];
  dates.forEach((date, i) => {
    const close = closes[i];
    if (blank(date) && blank(close)) return;
    const row = firstRow + i;
    if (typeof date !== "number" || !Number.isFinite(date)) problems.push(`row ${row}: Date is ${blank(date) ? "blank" : JSON.stringify(date)}, not a date`);
    if (typeof close !== "number" || !Number.isFinite(close) || close < 0) problems.push(`row ${row}: Close is ${blank(close) ? "blank" : JSON.stringify(close)}, not a price of $0 or more`);
    if (typeof date === "number" && typeof close === "number") out.push({ date, close });
  });
  return problems.length > 0 ? problems : out;
}
