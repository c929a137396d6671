/*
 * Placement compliance: every sale checked against the placements register and the blackout
 * windows of the Terms sheet, and each placement's lock-up window with the sales of other
 * placements inside it. Pure: no Office. The lock-up and the settlement dates are the core's
 * (LOCKUP, SETTLE): never counted again here.
 *
 * Seed: "If we agree with Cantor on the terms of a proposed placement, including the number of
 * shares of common stock to be offered in the placement and any minimum price below which sales
 * may not be made, Cantor has agreed to use its commercially reasonable efforts ... to try to sell
 * such shares ... in accordance with such terms."
 */
import { isoDate, lockUpPeriod, settlementDate } from "../../core/calendar";
import { Decimal } from "../../core/decimal";
import { formatCount, formatMoney, formatPrice } from "../format";
import type { PlacementRow } from "../import/plan";
import type { Headroom } from "./babyShelf";
import type { Blackout, DealTerms, RegisteredPlacement } from "../terms/terms";

/** A sale as checked: its line (the report's line, or the Placements table's sheet row), date, shares, price, agreement and placement. */
export type Sale = Pick<PlacementRow, "line" | "tradeDate" | "shares" | "price" | "agreement" | "placement">;

/** The rules, in the order a sale's findings are listed. */
export const RULES = [
  "Unregistered placement",
  "Other agreement",
  "Before terms date",
  "After end date",
  "Below minimum price",
  "Past shares offered",
  "Above daily limit",
  "Inside blackout",
  "Above baby-shelf limit",
  "Lock-up not computed",
] as const;
export type Rule = (typeof RULES)[number];

export interface Finding {
  rule: Rule;
  /** The placement as the sale names it ("" when it names none). */
  placement: string;
  /** The sale's line. */
  line: number;
  tradeDate: number;
  /** The figures that break the rule, in words. */
  figures: string;
  /** What the agreement (the register, the seed's clause) says. */
  agreement: string;
}

/**
 * Seed: "we will not ... sell ... any shares of our common stock ... during the period beginning
 * on the fifth trading day preceding the date on which we and Cantor agree to the terms of a
 * placement ... and ending on the fifth trading day after the settlement of the final sale made as
 * part of that placement" "without the written consent of Cantor".
 */
export interface LockUpWindow {
  placement: string;
  termsDate: number;
  /** The final sale's trade date and settlement date, and the window; all undefined while the placement has no sale. */
  finalSale?: number;
  finalSettlement?: number;
  start?: number;
  end?: number;
  /** Sales of other placements inside the window, in date order: each needs the agent's written consent. */
  inside: Sale[];
}

export interface Compliance {
  findings: Finding[];
  lockUps: LockUpWindow[];
  /** The baby-shelf headroom at each sale date, or why it was not computed; undefined when not asked for. */
  babyShelf?: Headroom[] | string;
}

/** The terms the checks read. */
export type ComplianceTerms = Pick<DealTerms, "placements" | "blackouts" | "settlementCycle">;

const SEED_TERMS_CLAUSE = '"If we agree with Cantor on the terms of a proposed placement, including the number of shares ... to be offered in the placement and any minimum price below which sales may not be made"';
const key = (id: string) => id.trim().toLowerCase();
const byDate = (a: Sale, b: Sale) => a.tradeDate - b.tradeDate || a.line - b.line;
const plural = (n: number, one: string) => `${formatCount(n)} ${one}${n === 1 ? "" : "s"}`;
const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** Every finding of the sales against the register and the blackouts, and each registered placement's lock-up window. */
export function checkCompliance(sales: readonly Sale[], terms: ComplianceTerms): Compliance {
  const findings: Finding[] = [];
  const register = new Map(terms.placements.map((p) => [key(p.id), p]));
  const found = (rule: Rule, sale: Sale, figures: string, agreement: string) =>
    findings.push({ rule, placement: sale.placement, line: sale.line, tradeDate: sale.tradeDate, figures, agreement });

  const ofPlacement = new Map<RegisteredPlacement, Sale[]>();
  for (const sale of [...sales].sort(byDate)) {
    const placement = register.get(key(sale.placement));
    if (!placement) {
      found(
        "Unregistered placement",
        sale,
        sale.placement.trim() === "" ? "the sale names no placement" : `placement "${sale.placement}" is not in the register`,
        `every sale is made in a placement whose terms were agreed: ${SEED_TERMS_CLAUSE}`,
      );
    } else {
      const list = ofPlacement.get(placement);
      if (list) list.push(sale);
      else ofPlacement.set(placement, [sale]);
    }
    for (const blackout of terms.blackouts) {
      if (sale.tradeDate >= blackout.start && sale.tradeDate <= blackout.end) {
        found("Inside blackout", sale, `traded ${isoDate(sale.tradeDate)}, inside ${window(blackout)}`, `no sales from ${isoDate(blackout.start)} to ${isoDate(blackout.end)}: ${blackout.reason}`);
      }
    }
  }

  for (const [placement, placed] of ofPlacement) {
    const terms = `${placement.id}, terms agreed ${isoDate(placement.termsDate)}`;
    let sold = 0;
    let crossed = false;
    const perDay = new Map<number, { shares: number; reported: boolean; lines: number[] }>();
    for (const sale of placed) {
      if (sale.agreement !== placement.agreement) found("Other agreement", sale, `sold under the ${sale.agreement} Agreement`, `${placement.id} is a placement under the ${placement.agreement} Agreement`);
      if (sale.tradeDate < placement.termsDate) found("Before terms date", sale, `traded ${isoDate(sale.tradeDate)}, before the terms were agreed`, `${terms}: sales follow the agreement of the terms`);
      if (placement.endDate !== null && sale.tradeDate > placement.endDate) found("After end date", sale, `traded ${isoDate(sale.tradeDate)}, after ${isoDate(placement.endDate)}`, `${placement.id}: sales until ${isoDate(placement.endDate)}`);
      if (placement.minimumPrice !== null && new Decimal(sale.price).lt(placement.minimumPrice)) {
        const below = new Decimal(placement.minimumPrice).minus(sale.price);
        found("Below minimum price", sale, `${formatPrice(sale.price)} a share, ${formatPrice(below)} below the minimum ${formatPrice(placement.minimumPrice)}`, `${placement.id}: minimum price ${formatPrice(placement.minimumPrice)} ("any minimum price below which sales may not be made")`);
      }
      sold += sale.shares;
      if (!crossed && sold > placement.sharesOffered) {
        crossed = true;
        found("Past shares offered", sale, `${formatCount(sold)} shares sold with this sale, ${formatCount(sold - placement.sharesOffered)} past the ${formatCount(placement.sharesOffered)} offered`, `${placement.id}: ${formatCount(placement.sharesOffered)} shares offered ("the number of shares ... to be offered in the placement")`);
      }
      if (placement.dailyLimit !== null) {
        const day = perDay.get(sale.tradeDate) ?? { shares: 0, reported: false, lines: [] };
        perDay.set(sale.tradeDate, day);
        day.shares += sale.shares;
        day.lines.push(sale.line);
        // The sale that takes the day past the limit: one finding per placement and day.
        if (!day.reported && day.shares > placement.dailyLimit) {
          day.reported = true;
          const sales = day.lines.length === 1 ? `line ${day.lines[0]}` : `lines ${day.lines.join(", ")}`;
          found("Above daily limit", sale, `${formatCount(day.shares)} shares on ${isoDate(sale.tradeDate)} (${sales}), ${formatCount(day.shares - placement.dailyLimit)} above the limit`, `${placement.id}: at most ${plural(placement.dailyLimit, "share")} a day`);
        }
      }
    }
  }

  const lockUps: LockUpWindow[] = [];
  for (const placement of terms.placements) {
    const placed = ofPlacement.get(placement) ?? [];
    const others = sales.filter((s) => key(s.placement) !== key(placement.id));
    const final = placed.at(-1);
    if (!final) {
      // No sale yet: the window ends only after the final sale settles; listed without dates.
      lockUps.push({ placement: placement.id, termsDate: placement.termsDate, inside: [] });
      continue;
    }
    try {
      const finalSettlement = settlementDate(final.tradeDate, terms.settlementCycle);
      const [start, end] = lockUpPeriod(placement.termsDate, finalSettlement);
      const inside = others.filter((s) => s.tradeDate >= start && s.tradeDate <= end).sort(byDate);
      lockUps.push({ placement: placement.id, termsDate: placement.termsDate, finalSale: final.tradeDate, finalSettlement, start, end, inside });
    } catch (error) {
      // A date the calendar refuses (a sale on a closed day, a final sale settling before the terms date): said, never guessed.
      found("Lock-up not computed", final, message(error), `the lock-up of ${placement.id} runs from the fifth trading day before its terms date to the fifth trading day after the settlement of its final sale`);
    }
  }

  const order = (f: Finding) => RULES.indexOf(f.rule);
  findings.sort((a, b) => a.line - b.line || order(a) - order(b));
  return { findings, lockUps };
}

/**
 * The baby-shelf headroom added to a check: shown on the sheet, and a sale date whose sales take
 * the 12 months' gross above one-third of the public float a finding at its last sale.
 */
export function withBabyShelf(result: Compliance, babyShelf: Headroom[] | string, sales: readonly Sale[]): Compliance {
  const placementOf = new Map(sales.map((s) => [s.line, s.placement]));
  const over = typeof babyShelf === "string" ? [] : babyShelf.filter((h) => h.error?.code === "#NUM!");
  const findings = [
    ...result.findings,
    ...over.map(
      (h): Finding => ({
        rule: "Above baby-shelf limit",
        placement: placementOf.get(h.line) ?? "",
        line: h.line,
        tradeDate: h.saleDate,
        figures: h.error!.message,
        agreement: 'Form S-3 General Instruction I.B.6(a): sold in the 12 calendar months up to and including the sale "no more than one-third" of the public float',
      }),
    ),
  ];
  const order = (f: Finding) => RULES.indexOf(f.rule);
  findings.sort((a, b) => a.line - b.line || order(a) - order(b));
  return { ...result, findings, babyShelf };
}

const window = (b: Blackout) => `the blackout ${isoDate(b.start)} to ${isoDate(b.end)}`;

/** The pane's count: findings, and the sales inside another placement's lock-up. */
export function complianceSummary({ findings, lockUps, babyShelf }: Compliance): string {
  const consent = lockUps.reduce((n, w) => n + w.inside.length, 0);
  const rules = [...new Set(findings.map((f) => f.rule))].map((rule) => `${rule.toLowerCase()} ${findings.filter((f) => f.rule === rule).length}`);
  const shelf = Array.isArray(babyShelf) ? babyShelf : [];
  const lowest = shelf.filter((h) => h.headroom !== undefined).sort((a, b) => a.headroom! - b.headroom!)[0];
  const unknown = shelf.filter((h) => h.error && h.error.code !== "#NUM!").length;
  const headroom =
    shelf.length === 0
      ? ""
      : ` Baby-shelf headroom at ${plural(shelf.length, "sale date")}${lowest ? `: lowest ${formatMoney(lowest.headroom!)} after ${isoDate(lowest.saleDate)}` : ""}${unknown > 0 ? `; ${formatCount(unknown)} without a figure (see the sheet)` : ""}.`;
  return (
    `${plural(findings.length, "finding")}${rules.length > 0 ? ` (${rules.join(", ")})` : ""}; ` +
    `${plural(lockUps.filter((w) => w.end !== undefined).length, "lock-up window")} with ${plural(consent, "sale")} of other placements inside (the agent's written consent is needed).${headroom}`
  );
}

type Cell = string | number | null;
const DATE = "yyyy-mm-dd";
export const FINDING_HEADER = ["Rule", "Placement", "Sale line", "Trade date", "Figures", "What the agreement says"] as const;
export const BABY_SHELF_HEADER = ["Sale date", "Float price", "Public float", "Sold in 12 months", "Headroom", "Why no figure"] as const;
export const LOCKUP_HEADER = ["Lock-up of", "Terms date", "Final sale", "Final settlement", "From", "To", "Sale line", "Trade date", "Sale's placement", "Shares"] as const;

/**
 * The Compliance sheet: a title line, the findings (one row each), then the lock-up windows (one row
 * per sale of another placement inside a window; a window with none, one row). `where` says what
 * a sale line is ("the sheet row on Placements"). Every row is as wide as the widest section.
 */
export function complianceCells(result: Compliance, where: string): { cells: Cell[][]; formats: (string | null)[][] } {
  const width = LOCKUP_HEADER.length;
  const cells: Cell[][] = [];
  const formats: (string | null)[][] = [];
  const row = (values: Cell[], format: (string | null)[] = []) => {
    cells.push([...values, ...Array<null>(width - values.length).fill(null)]);
    formats.push(Array.from({ length: width }, (_, i) => format[i] ?? null));
  };
  row(["Compliance", complianceSummary(result)]);
  row([`Sale line: ${where}. Checked against the Terms sheet's placements register and blackout windows.`]);
  row([]);
  row([`Findings: ${result.findings.length}`]);
  row([...FINDING_HEADER]);
  for (const f of result.findings) row([f.rule, f.placement, f.line, f.tradeDate, f.figures, f.agreement], [null, null, null, DATE]);
  if (result.findings.length === 0) row(["None"]);
  row([]);
  row(["Lock-up windows: the issuer does not sell other shares from the fifth trading day before a placement's terms date to the fifth trading day after its final sale settles, without the agent's written consent"]);
  row([...LOCKUP_HEADER]);
  const dates = [null, DATE, DATE, DATE, DATE, DATE, null, DATE, null, "#,##0"];
  for (const w of result.lockUps) {
    const window: Cell[] = [w.placement, w.termsDate, w.finalSale ?? "no sale yet", w.finalSettlement ?? null, w.start ?? null, w.end ?? null];
    if (w.inside.length === 0) row(window, dates);
    for (const s of w.inside) row([...window, s.line, s.tradeDate, s.placement, s.shares], dates);
  }
  if (result.babyShelf !== undefined) {
    row([]);
    row(["Baby-shelf headroom (Form S-3 General Instruction I.B.6): what may still be sold after each sale date's sales"]);
    if (typeof result.babyShelf === "string") row([`Not computed: ${result.babyShelf}`]);
    else {
      row([...BABY_SHELF_HEADER]);
      const money = "#,##0.00";
      for (const h of result.babyShelf) {
        row([h.saleDate, h.floatPrice ?? null, h.publicFloat ?? null, h.sold, h.headroom ?? null, h.error ? `${h.error.code} ${h.error.message}` : null], [DATE, "0.0000", money, money, money]);
      }
    }
  }
  return { cells, formats };
}

/** The Compliance column of a sale: its findings' rules and figures, "" when none. */
export function complianceColumn(findings: readonly Finding[], lines: readonly number[]): string[] {
  const byLine = new Map<number, string[]>();
  for (const f of findings) byLine.set(f.line, [...(byLine.get(f.line) ?? []), `${f.rule}: ${f.figures}`]);
  return lines.map((line) => byLine.get(line)?.join("; ") ?? "");
}
