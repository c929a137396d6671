/*
 * Reconciliation of the agent's statements with the contract: for every sale, the commission
 * and net proceeds the agent stated against those the terms give; per agreement and per
 * placement, the warrants; the total over- or undercharge; the NASD 8% test; capacity left.
 * Pure: every figure comes from src/core, the same terms as the cells.
 */
import { isoDate } from "../core/calendar";
import { capacityLeft } from "../core/capacity";
import { compensationRate, NASD_COMPENSATION_CAP } from "../core/compensation";
import { Decimal, ZERO } from "../core/decimal";
import { commission, feeSchedule, netOfCommission, type FeeSchedule } from "../core/fees";
import { agentWarrantsOnSales } from "../core/warrants";
import type { CellContent } from "./excel/text";
import { formatMoney } from "./format";
import { tableOrder } from "./placementsTable";
import type { PlacementRow } from "./plan";
import type { DealTerms } from "./terms";

/**
 * The Placements table's columns reconcile reads, found by their header (a column moved or added
 * by hand changes nothing); every one must be there. Notes and the computed columns are not read.
 */
export const RECONCILED_COLUMNS = ["Trade Date", "Shares", "Price", "Gross", "Agreement", "Placement", "Agent Commission", "Agent Net"] as const;
export type ReconciledColumn = (typeof RECONCILED_COLUMNS)[number];

/** Where each column sits in the table's header row (0-based), or an error naming those missing. */
export function columnPositions(header: readonly unknown[]): Record<ReconciledColumn, number> {
  const names = header.map((h) => String(h ?? "").trim().toLowerCase());
  const positions = {} as Record<ReconciledColumn, number>;
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
  return positions;
}

const SHOWN_PROBLEMS = 10;

/**
 * The table's sales as rows again, from each column's values (Range.values) and the sheet row of
 * the first. A row blank in every column read is skipped (a table keeps one data-body row even when
 * empty); a cell that is not what its column holds is refused, naming its row, rather than read as
 * a wrong number or as "not stated".
 */
export function placementRows(columns: Readonly<Record<ReconciledColumn, readonly unknown[]>>, firstRow: number): PlacementRow[] {
  const blank = (v: unknown) => v === null || v === undefined || v === "";
  const count = Math.max(...RECONCILED_COLUMNS.map((c) => columns[c].length));
  const rows: PlacementRow[] = [];
  const problems: string[] = [];
  const shown = (v: unknown) => (typeof v === "string" ? `"${v.length > 40 ? `${v.slice(0, 40)}...` : v}"` : blank(v) ? "blank" : String(v));
  for (let i = 0; i < count; i++) {
    const at = (c: ReconciledColumn) => columns[c][i];
    if (RECONCILED_COLUMNS.every((c) => blank(at(c)))) continue;
    const line = firstRow + i;
    const number = (c: ReconciledColumn, optional = false): number | undefined => {
      const v = at(c);
      if (optional && blank(v)) return undefined;
      if (typeof v === "number" && Number.isFinite(v)) return v;
      problems.push(`row ${line}: ${c} is ${shown(v)}, not a number`);
      return NaN;
    };
    const text = (c: ReconciledColumn) => (blank(at(c)) ? "" : String(at(c)));
    const statedCommission = number("Agent Commission", true);
    const statedNet = number("Agent Net", true);
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
}

export interface GroupFigures {
  key: string;
  sales: number;
  gross: Decimal;
  commission: Decimal;
  statedCommission?: Decimal;
  net: Decimal;
  statedNet?: Decimal;
  warrantShares: Decimal;
  exercisePrice: Decimal;
}

export interface Reconciliation {
  sales: ReconciledSale[];
  /** Sales whose stated commission or net differs from the contract's by a cent or more. */
  discrepancies: ReconciledSale[];
  byAgreement: (GroupFigures & { capacityLeft: Decimal | string; expenseCap: Decimal })[];
  byPlacement: GroupFigures[];
  /** Total stated less total computed commission over the sales with a stated commission: > 0 is an overcharge. */
  overcharge: Decimal;
  compensation: { gross: Decimal; commission: Decimal; expenses: Decimal; retainer: Decimal; rate: Decimal | undefined; withinCap: boolean | undefined };
}

const sum = (values: readonly Decimal[]) => values.reduce((total, v) => total.plus(v), ZERO);
const CENT = new Decimal("0.01");

function groupFigures(key: string, sales: readonly ReconciledSale[], terms: DealTerms): GroupFigures {
  const stated = (pick: (s: ReconciledSale) => number | undefined) => {
    const values = sales.map(pick).filter((v): v is number => v !== undefined);
    return values.length > 0 ? sum(values.map((v) => new Decimal(v))) : undefined;
  };
  const warrants = agentWarrantsOnSales(
    sales.map((s) => new Decimal(s.row.shares)),
    sales.map((s) => new Decimal(s.row.price)),
    new Decimal(terms.warrantCoverage),
    new Decimal(terms.warrantPremium),
  );
  return {
    key,
    sales: sales.length,
    gross: sum(sales.map((s) => new Decimal(s.row.gross))),
    commission: sum(sales.map((s) => s.commission)),
    statedCommission: stated((s) => s.row.statedCommission),
    net: sum(sales.map((s) => s.net)),
    statedNet: stated((s) => s.row.statedNet),
    warrantShares: warrants.warrantShares,
    exercisePrice: warrants.exercisePrice,
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
    return {
      row,
      priorGross,
      commission: fee,
      net,
      ...(row.statedCommission !== undefined ? { commissionDifference: new Decimal(row.statedCommission).minus(fee) } : {}),
      ...(row.statedNet !== undefined ? { netDifference: new Decimal(row.statedNet).minus(net) } : {}),
    };
  });
  const off = (d?: Decimal) => d !== undefined && d.abs().gte(CENT);

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

  const gross = sum(sales.map((s) => new Decimal(s.row.gross)));
  const fees = sum(sales.map((s) => s.commission));
  const expenses = sum(byAgreement.map((a) => a.expenseCap));
  const retainer = new Decimal(terms.retainerAllocation).times(byAgreement.length);
  const rate = gross.isZero() ? undefined : compensationRate(gross, fees, expenses, [retainer]);
  return {
    sales,
    discrepancies: sales.filter((s) => off(s.commissionDifference) || off(s.netDifference)),
    byAgreement,
    byPlacement,
    overcharge: sum(sales.filter((s) => s.commissionDifference).map((s) => s.commissionDifference!)),
    compensation: { gross, commission: fees, expenses, retainer, rate, withinCap: rate === undefined ? undefined : rate.lte(NASD_COMPENSATION_CAP) },
  };
}

/** The summary an analyst pastes into an e-mail to the banker. */
export function reconciliationText(result: Reconciliation, terms: DealTerms): string {
  const lines = [`Reconciliation of ${terms.agent}'s statements for ${terms.issuer}`, ""];
  for (const a of result.byAgreement) {
    lines.push(
      `${a.key} Agreement: ${a.sales} sales, gross ${formatMoney(a.gross)}; commission per contract ${formatMoney(a.commission)}` +
        (a.statedCommission ? `, stated ${formatMoney(a.statedCommission)} (difference ${formatMoney(a.statedCommission.minus(a.commission))})` : "") +
        `; net proceeds ${formatMoney(a.net)}; warrants ${a.warrantShares.toNumber().toLocaleString("en-US")} shares at $${a.exercisePrice.toDecimalPlaces(4).toString()}; ` +
        (typeof a.capacityLeft === "string" ? a.capacityLeft : `capacity left ${formatMoney(a.capacityLeft)}`) + ".",
    );
  }
  lines.push("");
  if (result.discrepancies.length === 0) lines.push("Every stated commission and net proceeds agrees with the contract to the cent.");
  else {
    lines.push(`${result.discrepancies.length} sale${result.discrepancies.length === 1 ? "" : "s"} differ${result.discrepancies.length === 1 ? "s" : ""} from the contract:`);
    for (const s of result.discrepancies) {
      const parts = [];
      if (s.commissionDifference && !s.commissionDifference.isZero()) parts.push(`commission stated ${formatMoney(new Decimal(s.row.statedCommission!))}, contract ${formatMoney(s.commission)} (${formatMoney(s.commissionDifference)})`);
      if (s.netDifference && !s.netDifference.isZero()) parts.push(`net stated ${formatMoney(new Decimal(s.row.statedNet!))}, contract ${formatMoney(s.net)} (${formatMoney(s.netDifference)})`);
      lines.push(`- ${isoDate(s.row.tradeDate)} ${s.row.placement || ""} (${s.row.agreement}, gross ${formatMoney(new Decimal(s.row.gross))}): ${parts.join("; ")}`.replace("  ", " "));
    }
  }
  const o = result.overcharge;
  lines.push("", o.isZero() ? "Net over/undercharge: none." : `Net ${o.isNegative() ? "undercharge" : "overcharge"} on commissions: ${formatMoney(o.abs())}.`);
  const c = result.compensation;
  if (c.rate) {
    lines.push(
      `NASD compensation: (${formatMoney(c.commission)} commission + ${formatMoney(c.expenses)} expense caps + ${formatMoney(c.retainer)} retainer) / ${formatMoney(c.gross)} = ${c.rate.times(100).toDecimalPlaces(2).toString()}%, ${c.withinCap ? "within" : "ABOVE"} the 8% cap.`,
    );
  }
  return lines.join("\n");
}

const AGREEMENT_HEADER = ["Agreement", "Sales", "Gross", "Commission (contract)", "Commission (stated)", "Difference", "Net (contract)", "Net (stated)", "Warrant shares", "Exercise price", "Capacity left"];
const PLACEMENT_HEADER = ["Placement", ...AGREEMENT_HEADER.slice(1, -1)];

/**
 * The Reconciliation sheet's cells from A1, every row as wide as the widest. Strings are free text
 * (names from the Terms sheet, placement ids from the report, the summary's lines): the writer
 * stores each as text (excel/text.ts), never as a formula, a number or a date.
 */
export function reconciliationCells(result: Reconciliation, text: string, terms: DealTerms): CellContent[][] {
  const money = (d?: { toNumber(): number }) => (d ? d.toNumber() : "");
  const figures = (g: GroupFigures) => [
    g.key,
    g.sales,
    money(g.gross),
    money(g.commission),
    money(g.statedCommission),
    g.statedCommission ? money(g.statedCommission.minus(g.commission)) : "",
    money(g.net),
    money(g.statedNet),
    money(g.warrantShares),
    money(g.exercisePrice),
  ];
  const cells: CellContent[][] = [["Reconciliation", `${terms.agent}, ${terms.issuer}`], [], AGREEMENT_HEADER];
  for (const a of result.byAgreement) cells.push([...figures(a), typeof a.capacityLeft === "string" ? a.capacityLeft : money(a.capacityLeft)]);
  cells.push([], PLACEMENT_HEADER);
  for (const p of result.byPlacement) cells.push(figures(p));
  cells.push([], ["Summary"], ...text.split("\n").map((line) => [line]));
  const width = Math.max(...cells.map((r) => r.length));
  return cells.map((r) => [...r, ...Array<CellContent>(width - r.length).fill("")]);
}
