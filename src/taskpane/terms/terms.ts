/*
 * The deal's terms as the "New deal" form edits them, and their Terms sheet: cells, named ranges
 * and the reading back of an edited sheet. Pure: no Office. The validation is the core's own
 * (fee schedules, rates), so a term refused here is refused in a cell too.
 */
import { OTHER_AGREEMENT_MAX, SALES_AGREEMENT_MAX } from "../../core/capacity";
import { MAX_CYCLE } from "../../core/calendar";
import { Decimal, ZERO } from "../../core/decimal";
import { CalcError } from "../../core/errors";
import { FIRST_DAY, isoDate, LAST_DAY } from "../../core/calendar";
import { REIMBURSEMENT_CAP } from "../../core/expenses";
import { checkedRate, feeSchedule, OTHER_AGREEMENT_SCHEDULE, SALES_AGREEMENT_SCHEDULE, type FeeSchedule } from "../../core/fees";
import { WARRANT_COVERAGE, WARRANT_PREMIUM } from "../../core/warrants";
import { parseTradeDate } from "../import/dates";

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

/**
 * A placement as agreed with the agent. Seed: "If we agree with Cantor on the terms of a proposed
 * placement, including the number of shares of common stock to be offered in the placement and any
 * minimum price below which sales may not be made"; today's placement notices add a daily share
 * limit and an end date. Dates are Excel serials.
 */
export interface RegisteredPlacement {
  /** The Placement column's value ("P-001"). */
  id: string;
  /** One of the deal's agreement names. */
  agreement: string;
  /** The date the terms were agreed: the lock-up counts from it. */
  termsDate: number;
  sharesOffered: number;
  /** "any minimum price": null when none was agreed. */
  minimumPrice: number | null;
  /** Shares per trading day; null: no daily limit. */
  dailyLimit: number | null;
  /** The last day sales may be made; null: none set. */
  endDate: number | null;
}

/** A window when the issuer may not sell (earnings, material news), both days included. */
export interface Blackout {
  start: number;
  end: number;
  reason: string;
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
  /** The issuer's shares held by non-affiliates (Form S-3 General Instruction I.B.6); null: not given. */
  nonAffiliateShares: number | null;
  /** The placements agreed with the agent, and the blackout windows: what Check compliance checks each sale against. */
  placements: RegisteredPlacement[];
  blackouts: Blackout[];
}

/** Whether the terms have a placements register to check sales against (Check compliance). */
export const hasRegister = (terms: DealTerms | undefined): terms is DealTerms => !!terms && terms.placements.length > 0;

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
  // The prospectus states neither the placements' terms nor the non-affiliate float.
  nonAffiliateShares: null,
  placements: [],
  blackouts: [],
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
    // The core's schedule check on the bounds alone (every rate put at 0), so that a bad rate does
    // not hide a bad bound. The core stops at the first bound that does not rise; its message goes
    // to that bound's field (a later bound is judged again once that one is fixed).
    const bounds = agreement.tiers.map((tier) => tier.from);
    if (bounds.length > 0 && bounds.every(Number.isFinite)) {
      try {
        feeSchedule(bounds.map((from) => [new Decimal(from), ZERO] as const));
      } catch (error) {
        const t = bounds.findIndex((from, k) => (k === 0 ? from !== 0 : !(from > bounds[k - 1]!)));
        // The core's message, its amounts shown with thousands separators as the form shows them.
        const message = (error as CalcError).message.replace(/\d{4,}(?:\.\d+)?/g, (amount) => formatAmount(new Decimal(amount)));
        at(`${field}.tiers.${Math.max(t, 0)}.from`, message);
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
  const shares = terms.nonAffiliateShares;
  if (shares !== null && !(Number.isSafeInteger(shares) && shares >= 0)) at("nonAffiliateShares", "the non-affiliate shares are a whole number of shares, 0 or more, or blank when not known");
  validateRegister(terms, at);
  return errors;
}

const isDate = (serial: number) => Number.isInteger(serial) && serial >= FIRST_DAY && serial <= LAST_DAY;
const DATES = `a date from ${isoDate(FIRST_DAY)} to ${isoDate(LAST_DAY)}, e.g. 2001-10-31 or 10/31/2001`;

/** The placements register and the blackout windows: each problem at its field. */
function validateRegister(terms: DealTerms, at: (field: string, message: string) => void): void {
  const agreements = terms.agreements.map((a) => a.name);
  const ids = new Set<string>();
  terms.placements.forEach((p, i) => {
    const field = `placements.${i}`;
    const which = `placement ${i + 1}${p.id.trim() ? ` (${p.id.trim()})` : ""}`;
    if (p.id.trim() === "") at(`${field}.id`, `placement ${i + 1} has no id: write the Placement column's value, e.g. P-001`);
    else if (ids.has(p.id.trim().toLowerCase())) at(`${field}.id`, `two placements are registered as "${p.id.trim()}"`);
    ids.add(p.id.trim().toLowerCase());
    if (!agreements.includes(p.agreement)) at(`${field}.agreement`, `${which}: the agreement "${p.agreement}" is not one of the deal's (${agreements.join(", ")})`);
    if (!isDate(p.termsDate)) at(`${field}.termsDate`, `${which}: the date the terms were agreed is missing or not a date: expected ${DATES}`);
    if (!(Number.isSafeInteger(p.sharesOffered) && p.sharesOffered > 0)) at(`${field}.sharesOffered`, `${which}: the shares offered are a whole number of shares above 0`);
    if (p.minimumPrice !== null && !(Number.isFinite(p.minimumPrice) && p.minimumPrice > 0)) at(`${field}.minimumPrice`, `${which}: the minimum price is a price above $0, or blank when none was agreed`);
    if (p.dailyLimit !== null && !(Number.isSafeInteger(p.dailyLimit) && p.dailyLimit > 0)) at(`${field}.dailyLimit`, `${which}: the daily limit is a whole number of shares above 0, or blank for none`);
    if (p.endDate !== null && !isDate(p.endDate)) at(`${field}.endDate`, `${which}: the end date is not a date: expected ${DATES}, or blank for none`);
    else if (p.endDate !== null && isDate(p.termsDate) && p.endDate < p.termsDate) at(`${field}.endDate`, `${which}: the end date ${isoDate(p.endDate)} is before the terms date ${isoDate(p.termsDate)}`);
  });
  terms.blackouts.forEach((b, k) => {
    const field = `blackouts.${k}`;
    if (!isDate(b.start)) at(`${field}.start`, `blackout ${k + 1}: the first day is missing or not a date: expected ${DATES}`);
    if (!isDate(b.end)) at(`${field}.end`, `blackout ${k + 1}: the last day is missing or not a date: expected ${DATES}`);
    else if (isDate(b.start) && b.end < b.start) at(`${field}.end`, `blackout ${k + 1}: the last day ${isoDate(b.end)} is before the first ${isoDate(b.start)}`);
    if (b.reason.trim() === "") at(`${field}.reason`, `blackout ${k + 1} has no reason: say why, e.g. Q3 earnings`);
  });
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
  nonAffiliateShares: "Non-affiliate shares (Form S-3 I.B.6)",
  register: "Placements register",
  blackouts: "Blackout windows",
} as const;

/** The register's and the blackouts' header rows on the Terms sheet (columns A:G and A:C). */
export const REGISTER_HEADER = ["Placement", "Agreement", "Terms date", "Shares offered", "Minimum price", "Shares per day", "End date"] as const;
export const BLACKOUT_HEADER = ["Start", "End", "Reason"] as const;
const REGISTER_FORMATS = ["@", "@", "yyyy-mm-dd", "#,##0", "0.00##", "#,##0", "yyyy-mm-dd"];
const BLACKOUT_FORMATS = ["yyyy-mm-dd", "yyyy-mm-dd", "@"];

export interface TermsLayout {
  /** The Terms sheet's rows from row 1, from column A: two cells for the terms, seven for the register, three for blackouts. */
  cells: Cell[][];
  /** Workbook names: name -> absolute reference on the Terms sheet. */
  names: { name: string; reference: string }[];
  /** Number formats of the register's and the blackouts' rows (dates shown as dates): a row range and a format per column from A. */
  formats: { first: number; last: number; columns: string[] }[];
}

const ref = (row: number, lastRow = row, columns = "B") =>
  columns === "B" && lastRow === row ? `${TERMS_SHEET}!$B$${row}` : `${TERMS_SHEET}!$A$${row}:$${columns.slice(-1)}$${lastRow}`;

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
  cells.push([null, null], [LABEL.nonAffiliateShares, terms.nonAffiliateShares]);
  names.push({ name: "NonAffiliate_Shares", reference: ref(cells.length) });
  // Each list keeps one blank row when empty, so that its name covers where the first row goes.
  const formats: TermsLayout["formats"] = [];
  const list = (title: string, header: readonly string[], rows: Cell[][], name: string, columns: string[]) => {
    cells.push([null, null], [title, null], [...header]);
    const from = cells.length + 1;
    cells.push(...(rows.length > 0 ? rows : [header.map(() => null)]));
    names.push({ name, reference: ref(from, cells.length, `A${String.fromCharCode(64 + header.length)}`) });
    formats.push({ first: from, last: cells.length, columns });
  };
  const placementRows = terms.placements.map((p): Cell[] => [p.id, p.agreement, p.termsDate, p.sharesOffered, p.minimumPrice, p.dailyLimit, p.endDate]);
  list(LABEL.register, REGISTER_HEADER, placementRows, "Placement_Register", REGISTER_FORMATS);
  list(LABEL.blackouts, BLACKOUT_HEADER, terms.blackouts.map((b) => [b.start, b.end, b.reason]), "Blackouts", BLACKOUT_FORMATS);
  return { cells, names, formats };
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
    nonAffiliateShares: null,
    placements: [],
    blackouts: [],
  };
  let current: AgreementTerms | undefined;
  let inTiers = false;
  // The agreements end where the register's sections begin (a placement may be called "Agreement").
  const end = values.findIndex((row) => [LABEL.nonAffiliateShares, LABEL.register, LABEL.blackouts].includes(text(row[0]) as never));
  for (const row of end < 0 ? values : values.slice(0, end)) {
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
  const shares = valueOf(LABEL.nonAffiliateShares);
  terms.nonAffiliateShares = text(shares) === "" ? null : number(shares);
  // A date cell holds a serial; a date typed into a text cell is read as the import reads trade dates.
  const date = (v: unknown) => (typeof v === "number" ? v : text(v) === "" ? NaN : ((d) => (typeof d === "number" ? d : NaN))(parseTradeDate(text(v))));
  const optional = (v: unknown, read: (v: unknown) => number) => (text(v) === "" ? null : read(v));
  const section = (title: string, stop?: string) => {
    const at = values.findIndex((row) => text(row[0]) === title);
    if (at < 0) return [];
    const until = stop === undefined ? -1 : values.findIndex((row, i) => i > at && text(row[0]) === stop);
    // Below the title its header, then rows; blank rows are skipped, not an end (a row cleared by hand).
    return values.slice(at + 2, until < 0 ? undefined : until).filter((row) => row.some((v) => text(v) !== ""));
  };
  terms.placements = section(LABEL.register, LABEL.blackouts).map((row) => ({
    id: text(row[0]),
    agreement: text(row[1]),
    termsDate: date(row[2]),
    sharesOffered: number(row[3]),
    minimumPrice: optional(row[4], number),
    dailyLimit: optional(row[5], number),
    endDate: optional(row[6], date),
  }));
  terms.blackouts = section(LABEL.blackouts).map((row) => ({ start: date(row[0]), end: date(row[1]), reason: text(row[2]) }));
  return { terms, errors: validateTerms(terms) };
}

/** What New deal opens with in a workbook without deal terms: blank, but for the first tier's 0. */
export const BLANK_TERMS: DealTerms = {
  issuer: "",
  agent: "",
  agreements: [{ name: "", tiers: [{ from: 0, rate: NaN }], programMax: NaN, expenseCap: NaN }],
  warrantCoverage: NaN,
  warrantPremium: NaN,
  retainerAllocation: NaN,
  settlementCycle: null,
  nonAffiliateShares: null,
  placements: [],
  blackouts: [],
};

/*
 * The New deal form's fields, as text: read as an analyst writes them ("8.4m", "$25,000,000",
 * "25,000,000.00", "3.5%", "0.035") and shown the same way (thousands separators, percentages).
 * The text goes straight to a Decimal, never through a binary float (8.4 * 1e6 is
 * 8400000.000000001 in doubles, 0.57 / 100 is 0.005699999999999999); a term's number is then that
 * Decimal's nearest double, the number an analyst typing it into the Terms sheet would store.
 */
export interface TierText {
  from: string;
  rate: string;
}
export interface AgreementText {
  name: string;
  programMax: string;
  expenseCap: string;
  tiers: TierText[];
}
export interface PlacementText {
  id: string;
  agreement: string;
  termsDate: string;
  sharesOffered: string;
  minimumPrice: string;
  dailyLimit: string;
  endDate: string;
}
export interface BlackoutText {
  start: string;
  end: string;
  reason: string;
}
export interface DealTermsText {
  issuer: string;
  agent: string;
  agreements: AgreementText[];
  warrantCoverage: string;
  warrantPremium: string;
  retainerAllocation: string;
  settlementCycle: string;
  nonAffiliateShares: string;
  placements: PlacementText[];
  blackouts: BlackoutText[];
}

/** A field's text read as a number: its exact value, or why not (blank; not in an accepted form; a bare fraction over 1). */
export type Reading = { ok: true; value: Decimal } | { ok: false; missing: boolean; overOne?: boolean };

/** 25,000,000 or 25000000, with decimals or not; thousands separators only in groups of three (so "8,4" is refused, not read as 84). */
const NUMBER = String.raw`(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|\.\d+`;
const AMOUNT = new RegExp(String.raw`^(-?)\s*\$?\s*(${NUMBER})\s*(k|mm|m|bn|b)?$`, "i");
const SCALE: Record<string, string> = { k: "1e3", m: "1e6", mm: "1e6", b: "1e9", bn: "1e9" };
const RATE = /^(-?)(\d+(?:\.\d+)?|\.\d+)\s*(%?)$/;
const CYCLE = /^(?:T\s*\+\s*)?(\d+)$/i;

/** An amount in dollars: "8.4m", "8.4M", "8.4 mm", "60k", "1bn", "$25,000,000", "25,000,000.00". A minus is read (and refused later, by the term's own check). */
export function readAmount(text: string): Reading {
  const typed = text.trim();
  if (typed === "") return { ok: false, missing: true };
  const match = AMOUNT.exec(typed);
  if (!match) return { ok: false, missing: false };
  let value = new Decimal(match[2]!.replace(/,/g, ""));
  if (match[3]) value = value.times(SCALE[match[3].toLowerCase()]!);
  return { ok: true, value: match[1] && !value.isZero() ? value.negated() : value };
}

/**
 * A rate or a multiple: "3.5%" or "0.035"; "130%" or "1.3". With `fraction` (a fee rate, warrant
 * coverage) a bare number over 1 is refused rather than guessed: "3.5" is 350%, not 3.5%.
 */
export function readRate(text: string, { fraction = false } = {}): Reading {
  const typed = text.trim();
  if (typed === "") return { ok: false, missing: true };
  const match = RATE.exec(typed);
  if (!match) return { ok: false, missing: false };
  let value = new Decimal(match[2]!);
  if (match[3]) value = value.dividedBy(100);
  else if (fraction && value.gt(1)) return { ok: false, missing: false, overOne: true };
  return { ok: true, value: match[1] && !value.isZero() ? value.negated() : value };
}

const grouped = (digits: string) => digits.replace(/\B(?=(\d{3})+(?!\d))/g, ",");

/** 25000000 -> "25,000,000", 2500000.5 -> "2,500,000.50"; a blank (NaN) field stays blank. */
export function formatAmount(amount: number | Decimal): string {
  if (typeof amount === "number" && !Number.isFinite(amount)) return "";
  const value = new Decimal(amount);
  const [whole, fraction] = value.abs().toFixed().split(".");
  return (value.lt(0) ? "-" : "") + grouped(whole!) + (fraction === undefined ? "" : `.${fraction.padEnd(2, "0")}`);
}

/** 0.035 -> "3.5%", 1.3 -> "130%"; a blank (NaN) field stays blank. */
export function formatRate(rate: number | Decimal): string {
  return typeof rate === "number" && !Number.isFinite(rate) ? "" : `${new Decimal(rate).times(100).toFixed()}%`;
}

/** The terms as the form shows them. */
export function termsText(terms: DealTerms): DealTermsText {
  return {
    issuer: terms.issuer,
    agent: terms.agent,
    agreements: terms.agreements.map((a) => ({
      name: a.name,
      programMax: formatAmount(a.programMax),
      expenseCap: formatAmount(a.expenseCap),
      tiers: a.tiers.map((t) => ({ from: formatAmount(t.from), rate: formatRate(t.rate) })),
    })),
    warrantCoverage: formatRate(terms.warrantCoverage),
    warrantPremium: formatRate(terms.warrantPremium),
    retainerAllocation: formatAmount(terms.retainerAllocation),
    settlementCycle: terms.settlementCycle === null || !Number.isFinite(terms.settlementCycle) ? "" : String(terms.settlementCycle),
    nonAffiliateShares: optionalText(terms.nonAffiliateShares, formatAmount),
    placements: terms.placements.map((p) => ({
      id: p.id,
      agreement: p.agreement,
      termsDate: dateText(p.termsDate),
      sharesOffered: formatAmount(p.sharesOffered),
      minimumPrice: optionalText(p.minimumPrice, formatAmount),
      dailyLimit: optionalText(p.dailyLimit, formatAmount),
      endDate: optionalText(p.endDate, dateText),
    })),
    blackouts: terms.blackouts.map((b) => ({ start: dateText(b.start), end: dateText(b.end), reason: b.reason })),
  };
}

/** A date as the form shows it (2001-10-31); a blank or unreadable one stays blank. */
export const dateText = (serial: number) => (isDate(serial) ? isoDate(serial) : "");
const optionalText = (value: number | null, format: (value: number) => string) => (value === null ? "" : format(value));

/** The form's fields in the order it shows them (group fields just before their members). */
function formOrder(text: DealTermsText): string[] {
  return [
    "",
    "issuer",
    "agent",
    "agreements",
    ...text.agreements.flatMap((a, i) => [
      `agreements.${i}`,
      `agreements.${i}.name`,
      `agreements.${i}.programMax`,
      `agreements.${i}.expenseCap`,
      `agreements.${i}.tiers`,
      ...a.tiers.flatMap((_, k) => [`agreements.${i}.tiers.${k}.from`, `agreements.${i}.tiers.${k}.rate`]),
    ]),
    "warrantCoverage",
    "warrantPremium",
    "retainerAllocation",
    "settlementCycle",
    "nonAffiliateShares",
    ...text.placements.flatMap((_, i) => ["id", "agreement", "termsDate", "sharesOffered", "minimumPrice", "dailyLimit", "endDate"].map((f) => `placements.${i}.${f}`)),
    ...text.blackouts.flatMap((_, k) => ["start", "end", "reason"].map((f) => `blackouts.${k}.${f}`)),
  ];
}

/** "8.4m" -> "8,400,000, $8,400,000.00 or 8.4m": the accepted forms, shown with an example of the field. */
const amountForms = (example: string) => {
  const value = (readAmount(example) as { value: Decimal }).value;
  return `${grouped(value.toFixed(0))}, $${grouped(value.toFixed(0))}.00 or ${example}`;
};

/**
 * The form's text read into terms, with every problem at once, each at its field and in the form's
 * order: text not in an accepted form (the message shows the forms), figures missing, and then the
 * terms' own checks (validateTerms) on every field that could be read.
 */
export function readTermsText(text: DealTermsText): { terms: DealTerms; errors: FieldError[] } {
  const unread: FieldError[] = [];
  const amount = (field: string, typed: string, what: string, example: string, zeroNote = ""): number => {
    const reading = readAmount(typed);
    if (reading.ok) return reading.value.toNumber();
    unread.push({
      field,
      message: reading.missing
        ? `${what} is missing: write an amount such as ${amountForms(example)}${zeroNote}`
        : `${what} "${typed.trim()}" is not an amount: write it as ${amountForms(example)} (k, m, bn: thousands, millions, billions)`,
    });
    return NaN;
  };
  const rate = (field: string, typed: string, what: string, forms: string, { fraction = true, note = "" } = {}): number => {
    const reading = readRate(typed, { fraction });
    if (reading.ok) return reading.value.toNumber();
    let message = `${what} "${typed.trim()}" is not ${fraction ? "a rate" : "a multiple of the VWAP"}: write it as ${forms}`;
    if (reading.missing) message = `${what} is missing: write it as ${forms}${note}`;
    else if (reading.overOne) {
      const percent = new Decimal(typed.trim());
      message = `${what} "${typed.trim()}" would be ${percent.times(100).toFixed()}%: write it as ${percent.toFixed()}% or ${percent.dividedBy(100).toFixed()}`;
    }
    unread.push({ field, message });
    return NaN;
  };
  const agreements = text.agreements.map((a, i) => ({
    name: a.name.trim(),
    tiers: a.tiers.map((t, k) => ({
      from: amount(`agreements.${i}.tiers.${k}.from`, t.from, `tier ${k + 1}'s lower bound`, "10m"),
      rate: rate(`agreements.${i}.tiers.${k}.rate`, t.rate, `the rate of tier ${k + 1}`, "3.5% or 0.035"),
    })),
    programMax: amount(`agreements.${i}.programMax`, a.programMax, "the program size", "8.4m"),
    expenseCap: amount(`agreements.${i}.expenseCap`, a.expenseCap, "the expense cap", "60k", " (0 when there is none)"),
  }));
  const cycleText = text.settlementCycle.trim();
  const cycle = CYCLE.exec(cycleText);
  if (cycleText !== "" && !cycle) {
    unread.push({
      field: "settlementCycle",
      message: `the settlement cycle "${cycleText}" is not a number of business days: write 2 or T+2, or leave it blank for T+3 / T+2 / T+1 by trade date`,
    });
  }
  const terms: DealTerms = {
    issuer: text.issuer.trim(),
    agent: text.agent.trim(),
    agreements,
    warrantCoverage: rate("warrantCoverage", text.warrantCoverage, "warrant coverage", "10% or 0.10", { note: " (0 without warrants)" }),
    warrantPremium: rate("warrantPremium", text.warrantPremium, "the warrant premium", "130% or 1.3", { fraction: false }),
    retainerAllocation: amount("retainerAllocation", text.retainerAllocation, "the retainer allocation", "62.5k", " (0 when there is none)"),
    settlementCycle: cycleText === "" ? null : cycle ? Number(cycle[1]) : NaN,
    nonAffiliateShares: null,
    placements: [],
    blackouts: [],
  };
  const date = (field: string, typed: string, what: string, optional = false): number | null => {
    if (typed.trim() === "") {
      if (!optional) unread.push({ field, message: `${what} is missing: write a date such as 2001-10-31 or 10/31/2001` });
      return optional ? null : NaN;
    }
    const read = parseTradeDate(typed);
    if (typeof read === "number") return read;
    unread.push({ field, message: `${what}: ${read}` });
    return NaN;
  };
  const optionalAmount = (field: string, typed: string, what: string, example: string) => (typed.trim() === "" ? null : amount(field, typed, what, example));
  // Share counts read as amounts are ("150,000", "150k"), said without dollars.
  const shares = (field: string, typed: string, what: string, optional = false): number | null => {
    if (optional && typed.trim() === "") return null;
    const reading = readAmount(typed);
    if (reading.ok) return reading.value.toNumber();
    const forms = "a whole number of shares such as 150,000 or 150k";
    unread.push({ field, message: reading.missing ? `${what} is missing: write ${forms}` : `${what} "${typed.trim()}" is not a number of shares: write ${forms}` });
    return NaN;
  };
  // An agreement typed in any case is the deal's agreement of that name.
  const agreementNamed = (typed: string) => agreements.find((a) => a.name.toLowerCase() === typed.trim().toLowerCase())?.name ?? typed.trim();
  const placements = text.placements.map((p, i) => {
    const which = `placement ${i + 1}${p.id.trim() ? ` (${p.id.trim()})` : ""}`;
    return {
      id: p.id.trim(),
      agreement: agreementNamed(p.agreement),
      termsDate: date(`placements.${i}.termsDate`, p.termsDate, `${which}: the date the terms were agreed`)!,
      sharesOffered: shares(`placements.${i}.sharesOffered`, p.sharesOffered, `${which}: the shares offered`)!,
      minimumPrice: optionalAmount(`placements.${i}.minimumPrice`, p.minimumPrice, `${which}: the minimum price`, "4.25"),
      dailyLimit: shares(`placements.${i}.dailyLimit`, p.dailyLimit, `${which}: the daily limit`, true),
      endDate: date(`placements.${i}.endDate`, p.endDate, `${which}: the end date`, true),
    };
  });
  const blackouts = text.blackouts.map((b, k) => ({
    start: date(`blackouts.${k}.start`, b.start, `blackout ${k + 1}: the first day`)!,
    end: date(`blackouts.${k}.end`, b.end, `blackout ${k + 1}: the last day`)!,
    reason: b.reason.trim(),
  }));
  terms.nonAffiliateShares = shares("nonAffiliateShares", text.nonAffiliateShares, "the non-affiliate shares", true);
  terms.placements = placements;
  terms.blackouts = blackouts;
  const unreadFields = new Set(unread.map((e) => e.field));
  const order = formOrder(text);
  const position = (field: string) => (order.includes(field) ? order.indexOf(field) : order.length);
  const errors = [...unread, ...validateTerms(terms).filter((e) => !unreadFields.has(e.field))].sort((a, b) => position(a.field) - position(b.field));
  return { terms, errors };
}
