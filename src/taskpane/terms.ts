/*
 * The deal's terms as the "New deal" form edits them, and their Terms sheet: cells, named ranges
 * and the reading back of an edited sheet. Pure: no Office. The validation is the core's own
 * (fee schedules, rates), so a term refused here is refused in a cell too.
 */
import { OTHER_AGREEMENT_MAX, SALES_AGREEMENT_MAX } from "../core/capacity";
import { MAX_CYCLE } from "../core/calendar";
import { Decimal } from "../core/decimal";
import { CalcError } from "../core/errors";
import { REIMBURSEMENT_CAP } from "../core/expenses";
import { checkedRate, feeSchedule, OTHER_AGREEMENT_SCHEDULE, SALES_AGREEMENT_SCHEDULE, type FeeSchedule } from "../core/fees";
import { WARRANT_COVERAGE, WARRANT_PREMIUM } from "../core/warrants";

export interface Tier {
  from: number;
  rate: number;
}

export interface AgreementTerms {
  /** "Sales", "Other": the Agreement column's value, and the prefix of the agreement's names. */
  name: string;
  /** Marginal tiers from 0; a flat rate is one tier. */
  tiers: Tier[];
  programMax: number;
  expenseCap: number;
}

export interface DealTerms {
  issuer: string;
  agent: string;
  agreements: AgreementTerms[];
  warrantCoverage: number;
  warrantPremium: number;
  /** The retainer and deposit allocated to each agreement's offering (NASD 8% test). */
  retainerAllocation: number;
  /** T+n override; null: by trade date (T+3, T+2, T+1). */
  settlementCycle: number | null;
}

const tiersOf = (schedule: FeeSchedule): Tier[] => schedule.map((t) => ({ from: t.from.toNumber(), rate: t.rate.toNumber() }));

/** The seed's deal: NeoTherapeutics and Cantor Fitzgerald & Co., November 2001. */
export const SEED_TERMS: DealTerms = {
  issuer: "NeoTherapeutics, Inc.",
  agent: "Cantor Fitzgerald & Co.",
  agreements: [
    { name: "Sales", tiers: tiersOf(SALES_AGREEMENT_SCHEDULE), programMax: SALES_AGREEMENT_MAX.toNumber(), expenseCap: REIMBURSEMENT_CAP.toNumber() },
    { name: "Other", tiers: tiersOf(OTHER_AGREEMENT_SCHEDULE), programMax: OTHER_AGREEMENT_MAX.toNumber(), expenseCap: REIMBURSEMENT_CAP.toNumber() },
  ],
  warrantCoverage: WARRANT_COVERAGE.toNumber(),
  warrantPremium: WARRANT_PREMIUM.toNumber(),
  retainerAllocation: 62_500,
  settlementCycle: null,
};

export interface FieldError {
  /** The form field: "issuer", "agreements.0.name", "agreements.1.tiers.2.rate", ... */
  field: string;
  message: string;
}

/** Every problem of the terms, each at its field; [] when the terms can be written. */
export function validateTerms(terms: DealTerms): FieldError[] {
  const errors: FieldError[] = [];
  const at = (field: string, message: string) => errors.push({ field, message });
  const money = (field: string, value: number, what: string, positive = false) => {
    if (!Number.isFinite(value) || value < 0 || (positive && value === 0)) at(field, `${what} must be an amount ${positive ? "above $0" : "of $0 or more"}`);
  };
  if (terms.issuer.trim() === "") at("issuer", "the issuer's name is missing");
  if (terms.agent.trim() === "") at("agent", "the agent's name is missing");
  if (terms.agreements.length === 0) at("agreements", "a deal needs at least one agreement");
  const names = new Set<string>();
  terms.agreements.forEach((agreement, i) => {
    const field = `agreements.${i}`;
    if (agreement.name.trim() === "") at(`${field}.name`, `agreement ${i + 1} has no name`);
    else if (!/^[A-Za-z][A-Za-z0-9]{0,30}$/.test(agreement.name)) at(`${field}.name`, `"${agreement.name}": an agreement name is letters and digits, starting with a letter (it names ${agreement.name}_Schedule)`);
    else if (names.has(agreement.name.toLowerCase())) at(`${field}.name`, `two agreements are named "${agreement.name}"`);
    names.add(agreement.name.toLowerCase());
    money(`${field}.programMax`, agreement.programMax, "the program size", true);
    money(`${field}.expenseCap`, agreement.expenseCap, "the expense cap");
    if (agreement.tiers.length === 0) at(`${field}.tiers`, "the fee schedule has no tier");
    agreement.tiers.forEach((tier, t) => {
      if (!Number.isFinite(tier.rate)) at(`${field}.tiers.${t}.rate`, "the rate is not a number");
      else {
        try {
          checkedRate(new Decimal(tier.rate), `the rate of tier ${t + 1}`);
        } catch (error) {
          at(`${field}.tiers.${t}.rate`, (error as CalcError).message);
        }
      }
      if (!Number.isFinite(tier.from)) at(`${field}.tiers.${t}.from`, "the tier's lower bound is not a number");
    });
    if (errors.every((e) => !e.field.startsWith(`${field}.tiers`)) && agreement.tiers.length > 0) {
      try {
        feeSchedule(agreement.tiers.map((tier) => [new Decimal(tier.from), new Decimal(tier.rate)] as const));
      } catch (error) {
        at(`${field}.tiers`, (error as CalcError).message);
      }
    }
  });
  if (!(terms.warrantCoverage >= 0 && terms.warrantCoverage <= WARRANT_COVERAGE.toNumber())) {
    at("warrantCoverage", "warrant coverage is a fraction from 0 to 0.10 (the NASD cap: 10% of the shares sold)");
  }
  if (!(terms.warrantPremium >= 1)) at("warrantPremium", "the warrant premium is a multiple of the VWAP, 1 or more (130% is 1.3)");
  money("retainerAllocation", terms.retainerAllocation, "the retainer allocation");
  const cycle = terms.settlementCycle;
  if (cycle !== null && !(Number.isInteger(cycle) && cycle >= 0 && cycle <= MAX_CYCLE)) {
    at("settlementCycle", `the settlement cycle is a whole number of business days from 0 to ${MAX_CYCLE}, or blank for the trade date's era`);
  }
  return errors;
}

export const TERMS_SHEET = "Terms";
type Cell = string | number | null;

/** Named ranges of the Terms sheet, and the labels of its column A. */
const LABEL = {
  title: "Deal terms",
  issuer: "Issuer",
  agent: "Agent",
  warrantCoverage: "Warrant coverage",
  warrantPremium: "Warrant premium",
  retainerAllocation: "Retainer allocation per agreement",
  settlementCycle: "Settlement cycle (blank: by trade date)",
  agreement: "Agreement",
  programMax: "Program maximum",
  expenseCap: "Expense cap",
  tierHeader: "Tier from",
} as const;

export interface TermsLayout {
  /** Columns A:B of the Terms sheet, from row 1. */
  cells: Cell[][];
  /** Workbook names: name -> absolute reference on the Terms sheet. */
  names: { name: string; reference: string }[];
}

const ref = (row: number, lastRow = row, columns = "B") =>
  columns === "B" && lastRow === row ? `${TERMS_SHEET}!$B$${row}` : `${TERMS_SHEET}!$A$${row}:$B$${lastRow}`;

export function termsLayout(terms: DealTerms): TermsLayout {
  const cells: Cell[][] = [
    [LABEL.title, null],
    [LABEL.issuer, terms.issuer],
    [LABEL.agent, terms.agent],
    [LABEL.warrantCoverage, terms.warrantCoverage],
    [LABEL.warrantPremium, terms.warrantPremium],
    [LABEL.retainerAllocation, terms.retainerAllocation],
    [LABEL.settlementCycle, terms.settlementCycle],
  ];
  const names = [
    { name: "Warrant_Coverage", reference: ref(4) },
    { name: "Warrant_Premium", reference: ref(5) },
    { name: "Retainer_Allocation", reference: ref(6) },
    { name: "Settlement_Cycle", reference: ref(7) },
  ];
  for (const agreement of terms.agreements) {
    cells.push([null, null], [LABEL.agreement, agreement.name]);
    cells.push([LABEL.programMax, agreement.programMax]);
    names.push({ name: `${agreement.name}_Program_Max`, reference: ref(cells.length) });
    cells.push([LABEL.expenseCap, agreement.expenseCap]);
    names.push({ name: `${agreement.name}_Expense_Cap`, reference: ref(cells.length) });
    cells.push([LABEL.tierHeader, "Rate"]);
    const first = cells.length + 1;
    for (const tier of agreement.tiers) cells.push([tier.from, tier.rate]);
    names.push({ name: `${agreement.name}_Schedule`, reference: ref(first, cells.length, "AB") });
  }
  const first = terms.agreements[0];
  if (first) names.push({ name: "Program_Max", reference: names.find((n) => n.name === `${first.name}_Program_Max`)!.reference });
  return { cells, names };
}

/** A Terms sheet as read: the terms as far as they could be read, and their problems ([] when none). */
export interface TermsDraft {
  /** Undefined when the sheet is not a Terms sheet at all. */
  terms?: DealTerms;
  errors: FieldError[];
}

/** Reads a Terms sheet's columns A:B back into terms (an edited sheet round-trips through the form). */
export function readTerms(values: readonly (readonly unknown[])[]): DealTerms | FieldError[] {
  const { terms, errors } = readTermsDraft(values);
  return errors.length > 0 || !terms ? errors : terms;
}

/**
 * The same, keeping what could be read beside the problems, so that New deal can show a hand-edited
 * sheet's terms with each problem at its field. `values` are Range.values: text comes back without
 * the apostrophe it was written with (excel/text.ts), so a name reads as it was typed.
 */
export function readTermsDraft(values: readonly (readonly unknown[])[]): TermsDraft {
  const text = (v: unknown) => (v === null || v === undefined ? "" : String(v).trim());
  const number = (v: unknown) => (typeof v === "number" ? v : text(v) === "" ? NaN : Number(text(v)));
  const valueOf = (label: string) => values.find((row) => text(row[0]) === label)?.[1];
  if (text(values[0]?.[0]) !== LABEL.title) return { errors: [{ field: "", message: `the Terms sheet does not start with "${LABEL.title}" in A1` }] };
  const cycle = valueOf(LABEL.settlementCycle);
  const terms: DealTerms = {
    issuer: text(valueOf(LABEL.issuer)),
    agent: text(valueOf(LABEL.agent)),
    agreements: [],
    warrantCoverage: number(valueOf(LABEL.warrantCoverage)),
    warrantPremium: number(valueOf(LABEL.warrantPremium)),
    retainerAllocation: number(valueOf(LABEL.retainerAllocation)),
    settlementCycle: text(cycle) === "" ? null : number(cycle),
  };
  let current: AgreementTerms | undefined;
  let inTiers = false;
  for (const row of values) {
    const label = text(row[0]);
    if (label === LABEL.agreement) {
      current = { name: text(row[1]), tiers: [], programMax: NaN, expenseCap: NaN };
      terms.agreements.push(current);
      inTiers = false;
    } else if (!current) continue;
    else if (label === LABEL.programMax) current.programMax = number(row[1]);
    else if (label === LABEL.expenseCap) current.expenseCap = number(row[1]);
    else if (label === LABEL.tierHeader) inTiers = true;
    else if (label === "" && text(row[1]) === "") inTiers = false;
    else if (inTiers) current.tiers.push({ from: number(row[0]), rate: number(row[1]) });
  }
  return { terms, errors: validateTerms(terms) };
}
