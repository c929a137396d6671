/*
 * Program size at import. The seed's cover: "maximum aggregate public offering price of
 * $25,000,000"; its plan of distribution: the Other Agreement "for up to $8.4 million". An import
 * that would take an agreement's gross sold past its maximum is shown before anything is written,
 * naming the agreement and the excess, and written only when the analyst confirms it (the agent
 * may have sold past the program: the table must then say so, not hide the sales).
 *
 * Pure: the gross already in the Placements table and the rows the import would add (apply.ts
 * works out which are new: a sale already in the table is not counted twice) -> the excesses.
 * The arithmetic is core's (capacity.programExcess), in Decimal.
 */
import { programExcess } from "../../core/capacity";
import { Decimal, ZERO } from "../../core/decimal";
import { formatMoney } from "../format";
import type { PlacementRow } from "./plan";
import { SEED_TERMS, type DealTerms } from "../terms/terms";

export interface ProgramExcess {
  agreement: string;
  programMax: Decimal;
  /** Gross of this agreement already in the Placements table. */
  inTable: Decimal;
  /** Gross of this agreement's sales the import would add (sales already in the table not counted). */
  adding: Decimal;
  /** inTable + adding. */
  soldGross: Decimal;
  /** How far soldGross is past programMax, to the cent; above 0. */
  excess: Decimal;
}

/** Each agreement's program maximum: the Terms sheet's, or the seed's ($25,000,000 Sales, $8,400,000 Other) without one. */
export function programMaxima(terms: DealTerms | undefined): { agreement: string; programMax: Decimal }[] {
  return (terms ?? SEED_TERMS).agreements.map((a) => ({ agreement: a.name, programMax: new Decimal(a.programMax) }));
}

/**
 * The Placements table's gross per agreement, as its summary's SUMIFS counts it: numbers only (a
 * text or blank Gross is not summed), the Agreement cell compared without case.
 */
export function tableGross(sales: Iterable<{ agreement: unknown; gross: unknown }>, terms: DealTerms | undefined): Map<string, Decimal> {
  const byName = new Map(programMaxima(terms).map(({ agreement }) => [agreement.toLowerCase(), agreement]));
  const sums = new Map<string, Decimal>();
  for (const { agreement, gross } of sales) {
    if (typeof gross !== "number" || !Number.isFinite(gross)) continue;
    const name = byName.get(String(agreement ?? "").trim().toLowerCase());
    if (name !== undefined) sums.set(name, (sums.get(name) ?? ZERO).plus(gross));
  }
  return sums;
}

/** The agreements this import would take past their program maximum: only those it adds gross to. */
export function programExcesses(adding: readonly PlacementRow[], inTable: ReadonlyMap<string, Decimal>, terms: DealTerms | undefined): ProgramExcess[] {
  const added = new Map<string, Decimal>();
  for (const row of adding) added.set(row.agreement, (added.get(row.agreement) ?? ZERO).plus(row.gross));
  const excesses: ProgramExcess[] = [];
  for (const { agreement, programMax } of programMaxima(terms)) {
    const adds = added.get(agreement);
    if (adds === undefined || adds.isZero()) continue;
    const already = inTable.get(agreement) ?? ZERO;
    const soldGross = already.plus(adds);
    const excess = programExcess(soldGross, programMax);
    if (excess.gt(0)) excesses.push({ agreement, programMax, inTable: already, adding: adds, soldGross, excess });
  }
  return excesses;
}

/** "Sales Agreement: this report takes gross sold to $25,480,000.00, $480,000.00 past its $25,000,000.00 program (...)". */
export function excessMessage(e: ProgramExcess): string {
  return (
    `${e.agreement} Agreement: this report takes gross sold to ${formatMoney(e.soldGross)}, ${formatMoney(e.excess)} past its ${formatMoney(e.programMax)} program ` +
    `(${formatMoney(e.inTable)} already in the Placements table, ${formatMoney(e.adding)} in this report)`
  );
}

/** The excesses a confirmation does not cover: an agreement not confirmed, or further past than confirmed. */
export function unconfirmed(excesses: readonly ProgramExcess[], confirmed: readonly ProgramExcess[]): ProgramExcess[] {
  return excesses.filter((e) => !confirmed.some((c) => c.agreement === e.agreement && c.excess.gte(e.excess)));
}
