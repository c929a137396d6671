/*
 * Reconciliation of the agent's statements with the contract: for every sale, the commission
 * and net proceeds the agent stated against those the terms give; per agreement and per
 * placement, the warrants; the total over- or undercharge; the NASD 8% test; capacity left.
 * Pure: every figure comes from src/core, the same terms as the cells.
 *
 * Only the sales with an agent's figure are compared, and the text always says how many: a table
 * without any says "nothing reconciled", never that everything agrees. Over- and undercharges are
 * said in words ("overcharged $200.00"), never as a signed amount in parentheses.
 */
import { isoDate, settlementDate } from "../../core/calendar";
import { capacityLeft } from "../../core/capacity";
import { compensationRate, NASD_COMPENSATION_CAP } from "../../core/compensation";
import { Decimal, ZERO } from "../../core/decimal";
import { roundMoney } from "../../core/rounding";
import { commission, feeSchedule, netOfCommission, type FeeSchedule } from "../../core/fees";
import { agentWarrantsOnSales } from "../../core/warrants";
import type { CellContent } from "../excel/text";
import { formatCount, formatMoney, formatPercent, formatPrice } from "../format";
import { tableOrder } from "../import/placementsTable";
import type { PlacementRow } from "../import/plan";
import type { DealTerms } from "../terms/terms";

/**
 * The Placements table's columns reconcile reads, found by their header (a column moved or added
 * by hand changes nothing); every one must be there. Notes and the computed columns are not read.
 */
export const RECONCILED_COLUMNS = ["Trade Date", "Shares", "Price", "Gross", "Agreement", "Placement", "Agent Commission", "Agent Net"] as const;
export type ReconciledColumn = (typeof RECONCILED_COLUMNS)[number];
/** Read when the table has it: a table made before the column was added reconciles as before, without settlement dates. */
export const SETTLEMENT_COLUMN = "Agent Settlement";
type Positions = Record<ReconciledColumn, number> & { [SETTLEMENT_COLUMN]?: number };
export type PlacementColumns = Readonly<Record<ReconciledColumn, readonly unknown[]>> & { readonly [SETTLEMENT_COLUMN]?: readonly unknown[] };

/** Where each column sits in the table's header row (0-based), or an error naming those missing. */
export function columnPositions(header: readonly unknown[]): Positions {
  const names = header.map((h) => String(h ?? "").trim().toLowerCase());
  const positions = {} as Positions;
  const missing: string[] = [];
  for (const column of RECONCILED_COLUMNS) {
    const at = names.indexOf(column.toLowerCase());
    if (at < 0) missing.push(`"${column}"`);
    else positions[column] = at;
  }
  if (missing.length > 0) {
    throw new Error(
      `the Placements table has no ${missing.join(", ")} column${missing.length === 1 ? "" : "s"}: reconcile reads ${RECONCILED_COLUMNS.join(", ")} by their headers (rename the column back, or import the report again)`,
    );
  }
  const settlement = names.indexOf(SETTLEMENT_COLUMN.toLowerCase());
  if (settlement >= 0) positions[SETTLEMENT_COLUMN] = settlement;
  return positions;
}

const SHOWN_PROBLEMS = 10;

/**
 * The table's sales as rows again, from each column's values (Range.values) and the sheet row of
 * the first. A row blank in every column read is skipped (a table keeps one data-body row even when
 * empty); a cell that is not what its column holds is refused, naming its row, rather than read as
 * a wrong number or as "not stated".
 */
export function placementRows(columns: PlacementColumns, firstRow: number): PlacementRow[] {
  const blank = (v: unknown) => v === null || v === undefined || v === "";
  const count = Math.max(...RECONCILED_COLUMNS.map((c) => columns[c].length));
  const rows: PlacementRow[] = [];
  const problems: string[] = [];
  const shown = (v: unknown) => (typeof v === "string" ? `"${v.length > 40 ? `${v.slice(0, 40)}...` : v}"` : blank(v) ? "blank" : String(v));
  for (let i = 0; i < count; i++) {
    const at = (c: ReconciledColumn | typeof SETTLEMENT_COLUMN) => columns[c]?.[i];
    if (RECONCILED_COLUMNS.every((c) => blank(at(c)))) continue;
    const line = firstRow + i;
    const number = (c: ReconciledColumn | typeof SETTLEMENT_COLUMN, optional = false): number | undefined => {
      const v = at(c);
      if (optional && blank(v)) return undefined;
      if (typeof v === "number" && Number.isFinite(v)) return v;
      problems.push(`row ${line}: ${c} is ${shown(v)}, not a number`);
      return NaN;
    };
    const text = (c: ReconciledColumn) => (blank(at(c)) ? "" : String(at(c)));
    const statedCommission = number("Agent Commission", true);
    const statedNet = number("Agent Net", true);
    const statedSettlement = number(SETTLEMENT_COLUMN, true);
    rows.push({
      line,
      tradeDate: number("Trade Date")!,
      shares: number("Shares")!,
      price: number("Price")!,
      gross: number("Gross")!,
      agreement: text("Agreement"),
      placement: text("Placement"),
      notes: "",
      ...(statedCommission !== undefined ? { statedCommission } : {}),
      ...(statedNet !== undefined ? { statedNet } : {}),
      ...(statedSettlement !== undefined ? { statedSettlement } : {}),
    });
  }
  if (problems.length > 0) {
    const more = problems.length > SHOWN_PROBLEMS ? `; and ${problems.length - SHOWN_PROBLEMS} more` : "";
    throw new Error(`the Placements table has cells reconcile cannot read (sheet rows): ${problems.slice(0, SHOWN_PROBLEMS).join("; ")}${more}`);
  }
  return rows;
}

export interface ReconciledSale {
  row: PlacementRow;
  priorGross: Decimal;
  commission: Decimal;
  net: Decimal;
  /** stated - computed, when the agent stated it. */
  commissionDifference?: Decimal;
  netDifference?: Decimal;
  /** The contract's settlement date (SETTLE of the trade date, the Terms sheet's cycle if any), when the agent stated one. */
  settlement?: number;
  /** stated - contract settlement date, in calendar days: above 0 the agent settles later. */
  settlementDifference?: number;
}

/** The agent's total of one figure over the sales that state it, against the contract's over the same sales. */
export interface StatedTotal {
  stated: Decimal;
  contract: Decimal;
  /** stated - contract: above 0 the agent states more than the contract gives. */
  difference: Decimal;
  /** How many sales state it. */
  sales: number;
}

export interface GroupFigures {
  key: string;
  sales: number;
  /** Sales with the agent's commission or net proceeds: those compared with the contract. */
  compared: number;
  gross: Decimal;
  /** Per contract, over every sale of the group. */
  commission: Decimal;
  /** The agent's commissions, over the sales that state one; undefined when none does. */
  statedCommission?: Decimal;
  /** statedCommission less the contract's commission on the same sales: above 0 an overcharge. */
  commissionDifference?: Decimal;
  net: Decimal;
  statedNet?: Decimal;
  /** statedNet less the contract's net proceeds on the same sales: below 0 the issuer is short. */
  netDifference?: Decimal;
  warrantShares: Decimal;
  exercisePrice: Decimal;
  /** Sales whose stated settlement date is not the contract's. */
  settlementDifferences: number;
}

/**
 * The NASD test on one basis: (commissions + expenses + retainer) / gross, unrounded. The seed:
 * "Pursuant to the applicable NASD rules, Cantor and any NASD member participating in the
 * distribution may not receive compensation greater than 8%, as determined by the Corporate
 * Finance Department of the NASD", next to "The following table shows the maximum aggregate fees
 * payable by us to Cantor, assuming the sale of $25 million of our common stock ...: $900,000".
 */
export interface CompensationTest {
  gross: Decimal;
  commission: Decimal;
  expenses: Decimal;
  retainer: Decimal;
  rate: Decimal;
  withinCap: boolean;
}

export interface Reconciliation {
  sales: ReconciledSale[];
  /** How many sales state the agent's commission or net proceeds: 0 means nothing was reconciled. */
  compared: number;
  /** Sales whose stated commission or net differs from the contract's by a cent or more, or whose stated settlement date is another day. */
  discrepancies: ReconciledSale[];
  /** The agent's settlement dates against the contract's: how many sales state one, and how many of those differ; undefined when none does. */
  settlements?: { stated: number; differing: number };
  byAgreement: (GroupFigures & { capacityLeft: Decimal | string; expenseCap: Decimal })[];
  byPlacement: GroupFigures[];
  /** Total stated less total computed commission over the sales with a stated commission: > 0 is an overcharge. */
  overcharge: Decimal;
  /** The agent's commissions against the contract's over the sales that state one; undefined when none does. */
  commissions?: StatedTotal;
  compensation: {
    /**
     * Each agreement's offering at program completion: fees on its whole program, its expense cap
     * and its retainer allocation over its program maximum. The basis of the prospectus's fee
     * table (fees "assuming the sale of $25 million"), each agreement on its own as the seed
     * allocates the retainer "to each of this Offering and the Offering contemplated by the Other
     * Agreement". The verdict on the cap is on this basis.
     */
    atCompletion: (CompensationTest & { agreement: string; programMax: Decimal })[];
    /**
     * On the gross sold to date, over the agreements with sales: their commissions, and their
     * expense caps and retainer allocations counted in full. Early in a program this is far above
     * 8% because fixed amounts are spread over few sales; undefined before any sale.
     */
    toDate?: CompensationTest;
  };
}

const sum = (values: readonly Decimal[]) => values.reduce((total, v) => total.plus(v), ZERO);
const CENT = new Decimal("0.01");
/** A difference of a cent or more. */
const off = (d?: Decimal) => d !== undefined && d.abs().gte(CENT);

/** The agent's figure against the contract's over the sales that state it; undefined when none does. */
function statedTotal(sales: readonly ReconciledSale[], pick: "commission" | "net"): StatedTotal | undefined {
  const stating = sales.filter((s) => (pick === "commission" ? s.row.statedCommission : s.row.statedNet) !== undefined);
  if (stating.length === 0) return undefined;
  const stated = sum(stating.map((s) => new Decimal(pick === "commission" ? s.row.statedCommission! : s.row.statedNet!)));
  const contract = sum(stating.map((s) => s[pick]));
  return { stated, contract, difference: stated.minus(contract), sales: stating.length };
}

const isCompared = (s: ReconciledSale) => s.row.statedCommission !== undefined || s.row.statedNet !== undefined || s.row.statedSettlement !== undefined;
/** A stated settlement date that is not the contract's. */
const settlesOff = (s: ReconciledSale) => s.settlementDifference !== undefined && s.settlementDifference !== 0;

function groupFigures(key: string, sales: readonly ReconciledSale[], terms: DealTerms): GroupFigures {
  const warrants = agentWarrantsOnSales(
    sales.map((s) => new Decimal(s.row.shares)),
    sales.map((s) => new Decimal(s.row.price)),
    new Decimal(terms.warrantCoverage),
    new Decimal(terms.warrantPremium),
  );
  const commissions = statedTotal(sales, "commission");
  const nets = statedTotal(sales, "net");
  return {
    key,
    sales: sales.length,
    compared: sales.filter(isCompared).length,
    gross: sum(sales.map((s) => new Decimal(s.row.gross))),
    commission: sum(sales.map((s) => s.commission)),
    ...(commissions ? { statedCommission: commissions.stated, commissionDifference: commissions.difference } : {}),
    net: sum(sales.map((s) => s.net)),
    ...(nets ? { statedNet: nets.stated, netDifference: nets.difference } : {}),
    warrantShares: warrants.warrantShares,
    exercisePrice: warrants.exercisePrice,
    settlementDifferences: sales.filter(settlesOff).length,
  };
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

function compensationTest(gross: Decimal, commission: Decimal, expenses: Decimal, retainer: Decimal): CompensationTest {
  const rate = compensationRate(gross, commission, expenses, [retainer]);
  return { gross, commission, expenses, retainer, rate, withinCap: rate.lte(NASD_COMPENSATION_CAP) };
}

export function reconcile(rows: readonly PlacementRow[], terms: DealTerms): Reconciliation {
  const schedules = new Map<string, FeeSchedule>(
    terms.agreements.map((a) => [a.name, feeSchedule(a.tiers.map((t) => [new Decimal(t.from), new Decimal(t.rate)] as const))]),
  );
  const cumulative = new Map<string, Decimal>();
  const sales = tableOrder(rows).map((row): ReconciledSale => {
    const schedule = schedules.get(row.agreement);
    if (!schedule) throw new Error(`line ${row.line}: agreement "${row.agreement}" is not in the deal terms`);
    const gross = new Decimal(row.gross);
    const priorGross = cumulative.get(row.agreement) ?? ZERO;
    cumulative.set(row.agreement, priorGross.plus(gross));
    const fee = commission(gross, priorGross, schedule);
    const net = netOfCommission(gross, fee);
    let settlement: number | undefined;
    if (row.statedSettlement !== undefined) {
      try {
        settlement = settlementDate(row.tradeDate, terms.settlementCycle);
      } catch (error) {
        throw new Error(`line ${row.line}: ${(error as Error).message}`);
      }
    }
    return {
      row,
      priorGross,
      commission: fee,
      net,
      ...(row.statedCommission !== undefined ? { commissionDifference: new Decimal(row.statedCommission).minus(fee) } : {}),
      ...(row.statedNet !== undefined ? { netDifference: new Decimal(row.statedNet).minus(net) } : {}),
      ...(settlement !== undefined ? { settlement, settlementDifference: row.statedSettlement! - settlement } : {}),
    };
  });

  const salesOf = groupBy(sales, (s) => s.row.agreement);
  const byAgreement = terms.agreements
    .filter((a) => cumulative.has(a.name))
    .map((a) => {
      const figures = groupFigures(a.name, salesOf.get(a.name) ?? [], terms);
      let left: Decimal | string;
      try {
        left = capacityLeft(figures.gross, new Decimal(a.programMax));
      } catch (error) {
        left = (error as Error).message;
      }
      return { ...figures, capacityLeft: left, expenseCap: new Decimal(a.expenseCap) };
    });
  const byPlacement = [...groupBy(sales, (s) => s.row.placement || "(no placement id)")].map(([key, group]) => groupFigures(key, group, terms));

  const retainer = new Decimal(terms.retainerAllocation);
  const atCompletion = terms.agreements.map((a) => {
    const programMax = new Decimal(a.programMax);
    const fees = commission(programMax, ZERO, schedules.get(a.name)!);
    return { agreement: a.name, programMax, ...compensationTest(programMax, fees, new Decimal(a.expenseCap), retainer) };
  });
  const gross = sum(sales.map((s) => new Decimal(s.row.gross)));
  const toDate = gross.isZero()
    ? undefined
    : compensationTest(gross, sum(sales.map((s) => s.commission)), sum(byAgreement.map((a) => a.expenseCap)), retainer.times(byAgreement.length));
  const commissions = statedTotal(sales, "commission");
  const settling = sales.filter((s) => s.settlement !== undefined);
  return {
    sales,
    compared: sales.filter(isCompared).length,
    discrepancies: sales.filter((s) => off(s.commissionDifference) || off(s.netDifference) || settlesOff(s)),
    ...(settling.length > 0 ? { settlements: { stated: settling.length, differing: settling.filter(settlesOff).length } } : {}),
    byAgreement,
    byPlacement,
    overcharge: commissions?.difference ?? ZERO,
    ...(commissions ? { commissions } : {}),
    compensation: { atCompletion, ...(toDate ? { toDate } : {}) },
  };
}

const plural = (n: number, one: string, many = `${one}s`) => `${formatCount(n)} ${n === 1 ? one : many}`;

/** A commission stated against the contract's, in words: "overcharged $200.00", "undercharged $15.00". */
export function chargeInWords(difference: Decimal): string {
  const cents = roundMoney(difference);
  if (cents.isZero()) return "no over- or undercharge";
  return `${cents.isNegative() ? "undercharged" : "overcharged"} ${formatMoney(cents.abs())}`;
}

/** Net proceeds stated against the contract's, in words: "$200.00 less", "$15.00 more". */
export function netInWords(difference: Decimal): string {
  const cents = roundMoney(difference);
  if (cents.isZero()) return "no difference";
  return `${formatMoney(cents.abs())} ${cents.isNegative() ? "less" : "more"}`;
}

/** A settlement date stated against the contract's, in words: "1 day earlier", "2 days later". */
export function settlementInWords(days: number): string {
  if (days === 0) return "the same day";
  return `${plural(Math.abs(days), "day")} ${days < 0 ? "earlier" : "later"}`;
}

/** What was compared, first: "nothing reconciled" when no sale states the agent's figures. */
function comparedLine(result: Reconciliation): string {
  const total = result.sales.length;
  if (result.compared === 0) {
    const none = total === 1 ? "The one sale has" : `None of the ${formatCount(total)} sales has`;
    return `No agent figures in the table: nothing reconciled. ${none} an Agent Commission, Agent Net or Agent Settlement: import the agent's statement (its Commission, Net Proceeds and Settlement Date columns), then Reconcile.`;
  }
  const missing = total - result.compared;
  const without = missing > 0 ? ` (${plural(missing, "sale has", "sales have")} no Agent Commission, Agent Net or Agent Settlement)` : "";
  return `Compared the agent's figures for ${formatCount(result.compared)} of ${plural(total, "sale")} with the contract${without}.`;
}

function agreementLine(a: Reconciliation["byAgreement"][number]): string {
  let commissionPart = `commission per contract ${formatMoney(a.commission)}`;
  if (a.statedCommission && a.commissionDifference) {
    const contractOnStated = a.statedCommission.minus(a.commissionDifference);
    commissionPart +=
      a.compared === a.sales && contractOnStated.eq(a.commission)
        ? `, stated ${formatMoney(a.statedCommission)}: ${chargeInWords(a.commissionDifference)}`
        : `; on the ${plural(a.compared, "sale")} compared, stated ${formatMoney(a.statedCommission)} against ${formatMoney(contractOnStated)}: ${chargeInWords(a.commissionDifference)}`;
  }
  return (
    `${a.key} Agreement: ${plural(a.sales, "sale")}, gross ${formatMoney(a.gross)}; ${commissionPart}` +
    `; net proceeds ${formatMoney(a.net)}; warrants ${formatCount(a.warrantShares)} shares at ${formatPrice(a.exercisePrice)}; ` +
    (typeof a.capacityLeft === "string" ? a.capacityLeft : `capacity left ${formatMoney(a.capacityLeft)}`) +
    "."
  );
}

function compensationLines(result: Reconciliation): string[] {
  const { atCompletion, toDate } = result.compensation;
  const verdict = (within: boolean) => (within ? "within the 8% cap" : "over the 8% cap");
  const lines = ["NASD 8% test: compensation (commissions, expense caps, retainer allocation; a warrant value is not included) over gross proceeds."];
  for (const c of atCompletion) {
    lines.push(
      `- ${c.agreement} Agreement at program completion (${formatMoney(c.programMax)} sold, the prospectus's basis): ` +
        `(${formatMoney(c.commission)} commissions + ${formatMoney(c.expenses)} expense cap + ${formatMoney(c.retainer)} retainer) / ${formatMoney(c.gross)} = ${formatPercent(c.rate)}, ${verdict(c.withinCap)}.`,
    );
  }
  if (toDate) {
    const basisOnly = !toDate.withinCap && atCompletion.every((c) => c.withinCap);
    lines.push(
      `- On the gross sold to date, ${formatMoney(toDate.gross)}: (${formatMoney(toDate.commission)} commissions + ${formatMoney(toDate.expenses)} expense caps + ${formatMoney(toDate.retainer)} retainer) / ${formatMoney(toDate.gross)} = ${formatPercent(toDate.rate)}` +
        (basisOnly
          ? ": over 8% on this basis only because the expense caps and retainer are counted in full against the sales so far; it falls as the program is sold, and it is not the basis of the prospectus's figures."
          : `, ${verdict(toDate.withinCap)} on this basis.`),
    );
  }
  return lines;
}

/** The summary an analyst pastes into an e-mail to the banker. */
export function reconciliationText(result: Reconciliation, terms: DealTerms): string {
  const lines = [`Reconciliation of ${terms.agent}'s statements for ${terms.issuer}`, "", comparedLine(result), ""];
  for (const a of result.byAgreement) lines.push(agreementLine(a));
  if (result.compared > 0) {
    lines.push("");
    if (result.discrepancies.length === 0) {
      lines.push(`Every stated commission and net proceeds of the ${plural(result.compared, "sale")} compared agrees with the contract to the cent${result.settlements ? ", and every stated settlement date with the contract's" : ""}.`);
    }
    else {
      lines.push(`${plural(result.discrepancies.length, "sale")} differ${result.discrepancies.length === 1 ? "s" : ""} from the contract:`);
      for (const s of result.discrepancies) {
        const parts = [];
        if (off(s.commissionDifference)) parts.push(`commission stated ${formatMoney(s.row.statedCommission!)}, contract ${formatMoney(s.commission)}: ${chargeInWords(s.commissionDifference!)}`);
        if (off(s.netDifference)) parts.push(`net proceeds stated ${formatMoney(s.row.statedNet!)}, contract ${formatMoney(s.net)}: ${netInWords(s.netDifference!)}`);
        if (settlesOff(s)) parts.push(`settlement stated ${isoDate(s.row.statedSettlement!)}, contract ${isoDate(s.settlement!)}: ${settlementInWords(s.settlementDifference!)}`);
        const sale = [isoDate(s.row.tradeDate), s.row.placement].filter((p) => p !== "").join(" ");
        lines.push(`- ${sale} (${s.row.agreement}, gross ${formatMoney(s.row.gross)}): ${parts.join("; ")}`);
      }
    }
    const c = result.commissions;
    if (c) {
      const charged = roundMoney(c.difference).isZero() ? "commissions agree with the contract" : `commissions ${chargeInWords(c.difference)}`;
      lines.push("", `In all, ${charged} (stated ${formatMoney(c.stated)}, contract ${formatMoney(c.contract)}, on the ${plural(c.sales, "sale")} compared).`);
    }
    const t = result.settlements;
    if (t) {
      const settled = t.differing === 0 ? "settlement dates agree with the contract" : `${formatCount(t.differing)} settlement date${t.differing === 1 ? " differs" : "s differ"} from the contract`;
      lines.push(...(c ? [] : [""]), `In all, ${settled} (on the ${plural(t.stated, "sale")} stating one).`);
    }
  }
  lines.push("", ...compensationLines(result));
  return lines.join("\n");
}

/** Number formats of the Reconciliation sheet: currency, prices to 4 decimals, counts with separators. */
export const SHEET_FORMATS = {
  money: "$#,##0.00",
  price: "$#,##0.0000",
  count: "#,##0",
  percent: "0.00%",
  /** The commission difference in words, the value staying a number (stated less contract). */
  charge: '"overcharged "$#,##0.00;"undercharged "$#,##0.00;"none"',
} as const;

type Heading = readonly [header: string, format: string | null];
const GROUP_COLUMNS: readonly Heading[] = [
  ["Number of sales", SHEET_FORMATS.count],
  ["Sales compared", SHEET_FORMATS.count],
  ["Gross proceeds", SHEET_FORMATS.money],
  ["Commission per contract", SHEET_FORMATS.money],
  ["Commission stated", SHEET_FORMATS.money],
  ["Commission overcharge", SHEET_FORMATS.charge],
  ["Net proceeds per contract", SHEET_FORMATS.money],
  ["Net proceeds stated", SHEET_FORMATS.money],
  ["Settlement dates differing", SHEET_FORMATS.count],
  ["Warrant shares", SHEET_FORMATS.count],
  ["Warrant exercise price", SHEET_FORMATS.price],
];
const AGREEMENT_COLUMNS: readonly Heading[] = [["Agreement", null], ...GROUP_COLUMNS, ["Capacity left", SHEET_FORMATS.money]];
const PLACEMENT_COLUMNS: readonly Heading[] = [["Placement", null], ...GROUP_COLUMNS];
const NASD_COLUMNS: readonly Heading[] = [
  ["NASD 8% test", null],
  ["Basis", null],
  ["Gross proceeds", SHEET_FORMATS.money],
  ["Commissions", SHEET_FORMATS.money],
  ["Expense caps", SHEET_FORMATS.money],
  ["Retainer", SHEET_FORMATS.money],
  ["Compensation / gross", SHEET_FORMATS.percent],
  ["Within the 8% cap", null],
];

/** The Reconciliation sheet: every cell from A1 and its number format (null: left General), every row as wide as the widest. */
export interface SheetCells {
  cells: CellContent[][];
  formats: (string | null)[][];
}

/**
 * The Reconciliation sheet's cells from A1, with their number formats. Strings are free text
 * (names from the Terms sheet, placement ids from the report, the summary's lines): the writer
 * stores each as text (excel/text.ts), never as a formula, a number or a date. Headers say what a
 * column holds ("Number of sales", not "Sales", which is also an agreement's name).
 */
export function reconciliationCells(result: Reconciliation, text: string, terms: DealTerms): SheetCells {
  const cells: CellContent[][] = [];
  const formats: (string | null)[][] = [];
  const put = (row: CellContent[], columns?: readonly Heading[]) => {
    cells.push(row);
    formats.push(row.map((_, i) => columns?.[i]?.[1] ?? null));
  };
  const number = (d?: Decimal) => (d ? d.toNumber() : "");
  const figures = (g: GroupFigures): CellContent[] => [
    g.key,
    g.sales,
    g.compared,
    number(g.gross),
    number(g.commission),
    number(g.statedCommission),
    number(g.commissionDifference),
    number(g.net),
    number(g.statedNet),
    g.settlementDifferences,
    number(g.warrantShares),
    number(g.exercisePrice),
  ];
  const headers = (columns: readonly Heading[]) => put(columns.map(([h]) => h));
  put(["Reconciliation", `${terms.agent}, ${terms.issuer}`]);
  put([]);
  headers(AGREEMENT_COLUMNS);
  for (const a of result.byAgreement) put([...figures(a), typeof a.capacityLeft === "string" ? a.capacityLeft : number(a.capacityLeft)], AGREEMENT_COLUMNS);
  put([]);
  headers(PLACEMENT_COLUMNS);
  for (const p of result.byPlacement) put(figures(p), PLACEMENT_COLUMNS);
  put([]);
  headers(NASD_COLUMNS);
  const test = (label: string, basis: string, c: CompensationTest) =>
    put([label, basis, number(c.gross), number(c.commission), number(c.expenses), number(c.retainer), number(c.rate), c.withinCap ? "Yes" : "No"], NASD_COLUMNS);
  for (const c of result.compensation.atCompletion) test(`${c.agreement} Agreement`, "at program completion (the prospectus's basis)", c);
  if (result.compensation.toDate) test("All agreements", "on gross sold to date (caps and retainer in full)", result.compensation.toDate);
  put([]);
  put(["Summary"]);
  for (const line of text.split("\n")) put([line]);
  const width = Math.max(...cells.map((r) => r.length));
  return {
    cells: cells.map((r) => [...r, ...Array<CellContent>(width - r.length).fill("")]),
    formats: formats.map((r) => [...r, ...Array<string | null>(width - r.length).fill(null)]),
  };
}
