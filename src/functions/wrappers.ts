/*
 * Every wrapper by function id with its parameter names, for the pane's "Explain selected cell".
 * Part of the functions bundle (no @customfunction here), which leaves the table on a global:
 * the pane shares the functions' JavaScript context (SharedRuntime) and reads it from there.
 */
import { bsWarrant } from "./blackScholes";
import { lockUp, settle, tradeDay, tradeDays } from "./calendar";
import { capacityLeft } from "./capacity";
import { cashlessExercise } from "./cashless";
import { classBPrice } from "./classB";
import { babyShelf, floatPrice, minPrice, sold12m } from "./compliance";
import { compPct } from "./compensation";
import { convPrice, convShares, initConv } from "./conversion";
import { reimburse, retainerShare } from "./expenses";
import { fee, feeRate, net } from "./fees";
import { nasdaq20 } from "./nasdaq";
import { dilution, ownershipFraction } from "./ownership";
import { vwap, warrants } from "./warrants";

type Wrapper = (...args: any[]) => unknown;

/** Each function's wrapper and its parameter names (as in functions.json). */
export const WRAPPERS: Readonly<Record<string, { fn: Wrapper; params: readonly string[] }>> = {
  FEE: { fn: fee, params: ["gross", "priorGross", "schedule"] },
  NET: { fn: net, params: ["gross", "priorGross", "schedule"] },
  FEERATE: { fn: feeRate, params: ["gross", "priorGross", "schedule"] },
  VWAP: { fn: vwap, params: ["shares", "prices", "decimals"] },
  WARRANTS: { fn: warrants, params: ["shares", "vwap", "coverage", "premium", "decimals"] },
  INITCONV: { fn: initConv, params: ["prices", "decimals"] },
  CONVPRICE: { fn: convPrice, params: ["bids", "initialPrice", "daysSinceIssue", "decimals"] },
  CONVSHARES: { fn: convShares, params: ["principal", "bids", "initialPrice", "daysSinceIssue"] },
  CLASSBPRICE: { fn: classBPrice, params: ["bid", "marketPrice", "cap", "decimals"] },
  CASHLESS: { fn: cashlessExercise, params: ["warrants", "strike", "price"] },
  DILUTION: { fn: dilution, params: ["newShares", "outstanding"] },
  OWNERSHIP: { fn: ownershipFraction, params: ["held", "exercisable", "outstanding"] },
  NASDAQ20: { fn: nasdaq20, params: ["preOutstanding", "alreadyIssued"] },
  COMPPCT: { fn: compPct, params: ["gross", "fee", "expenses", "other"] },
  CAPACITY: { fn: capacityLeft, params: ["soldGross", "programMax"] },
  REIMBURSE: { fn: reimburse, params: ["expenses", "alreadyReimbursed", "cap"] },
  RETAINER: { fn: retainerShare, params: ["retainer", "deposit", "offerings", "offering"] },
  BSWARRANT: { fn: bsWarrant, params: ["stockPrice", "strike", "years", "volatility", "riskFree", "dividendYield", "decimals"] },
  SETTLE: { fn: settle, params: ["tradeDate", "cycle"] },
  TRADEDAY: { fn: tradeDay, params: ["date", "n"] },
  TRADEDAYS: { fn: tradeDays, params: ["start", "end"] },
  LOCKUP: { fn: lockUp, params: ["termsDate", "finalSettleDate"] },
  MINPRICE: { fn: minPrice, params: ["closes", "decimals"] },
  FLOATPRICE: { fn: floatPrice, params: ["prices", "dates", "saleDate"] },
  SOLD12M: { fn: sold12m, params: ["dates", "grosses", "saleDate"] },
  BABYSHELF: { fn: babyShelf, params: ["nonAffiliateShares", "floatPrice", "soldLast12Months"] },
};

export type Wrappers = typeof WRAPPERS;

(globalThis as { ceoWrappers?: Wrappers }).ceoWrappers = WRAPPERS;
