/*
 * The native formula of every CEO function, by id: what "Prepare for sharing" writes in place
 * of =CEO.ID(...) so that a banker without the add-in sees the same live figure. A builder
 * takes the argument texts as written and gives one formula per element (one for a figure, two
 * for a spilled row); it throws NoNativeFormula for an argument form it cannot follow, and the
 * cell's value is used instead.
 */
import { bsWarrantFormula } from "./blackScholes.formula";
import { lockUpFormulas, settleFormula, tradeDaysFormula, tradeDayFormula } from "./calendar.formula";
import { capacityFormula } from "./capacity.formula";
import { cashlessFormula } from "./cashless.formula";
import { classBPriceFormula } from "./classB.formula";
import { compPctFormula } from "./compensation.formula";
import { convPriceFormula, convSharesFormula, initConvFormula } from "./conversion.formula";
import { reimburseFormula, retainerFormula } from "./expenses.formula";
import { feeFormula, feeRateFormula, netFormula } from "./fees.formula";
import { NoNativeFormula, type Arg } from "./formulaText";
import { nasdaq20Formula } from "./nasdaq.formula";
import { dilutionFormula, ownershipFormula } from "./ownership.formula";
import { vwapFormula } from "./vwap.formula";
import { warrantsFormulas } from "./warrants.formula";

export interface NativeBuilder {
  /** Arguments the function takes (more is #VALUE! in Excel, so no native formula). */
  readonly arity: number;
  /** Needs the CEO Holidays sheet. */
  readonly holidays?: boolean;
  readonly build: (args: readonly Arg[]) => readonly string[];
}

const one =
  (arity: number, build: (...args: Arg[]) => string, holidays = false): NativeBuilder => ({ arity, holidays, build: (args) => [build(...args)] });
const row =
  (arity: number, build: (...args: Arg[]) => readonly string[], holidays = false): NativeBuilder => ({ arity, holidays, build: (args) => build(...args) });

export const NATIVE_FORMULAS: Readonly<Record<string, NativeBuilder>> = {
  FEE: one(3, feeFormula),
  NET: one(3, netFormula),
  FEERATE: one(3, feeRateFormula),
  VWAP: one(3, vwapFormula),
  WARRANTS: row(5, warrantsFormulas),
  INITCONV: one(2, initConvFormula),
  CONVPRICE: one(4, convPriceFormula),
  CONVSHARES: one(4, convSharesFormula),
  CLASSBPRICE: one(4, classBPriceFormula),
  CASHLESS: one(3, cashlessFormula),
  DILUTION: one(2, dilutionFormula),
  OWNERSHIP: one(3, ownershipFormula),
  NASDAQ20: one(2, nasdaq20Formula),
  COMPPCT: one(4, compPctFormula),
  CAPACITY: one(2, capacityFormula),
  REIMBURSE: one(3, reimburseFormula),
  RETAINER: one(4, retainerFormula),
  BSWARRANT: one(7, bsWarrantFormula),
  SETTLE: one(2, settleFormula, true),
  TRADEDAY: one(2, tradeDayFormula, true),
  TRADEDAYS: one(2, tradeDaysFormula, true),
  LOCKUP: row(2, lockUpFormulas, true),
};

export type NativeResult = { ok: true; elements: readonly string[]; holidays: boolean } | { ok: false; reason: string };

/** The native formula(s) of CEO.id(args), or why there is none. */
export function nativeFormula(id: string, args: readonly Arg[]): NativeResult {
  const builder = NATIVE_FORMULAS[id.toUpperCase()];
  if (!builder) return { ok: false, reason: `CEO.${id} has no native formula in this version` };
  if (args.length > builder.arity) return { ok: false, reason: `CEO.${id} takes ${builder.arity} arguments, the formula gives ${args.length}` };
  try {
    return { ok: true, elements: builder.build(args), holidays: builder.holidays ?? false };
  } catch (error) {
    if (error instanceof NoNativeFormula) return { ok: false, reason: `CEO.${id}: ${error.message}` };
    throw error;
  }
}
