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
import { formatMoney } from "./format";
import { tableOrder } from "./placementsTable";
import type { PlacementRow } from "./plan";
import type { DealTerms } from "./terms";

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
    groups.set(k, [...(groups.get(k) ?? []), item]);
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

  const byAgreement = terms.agreements
    .filter((a) => cumulative.has(a.name))
    .map((a) => {
      const figures = groupFigures(a.name, sales.filter((s) => s.row.agreement === a.name), terms);
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
