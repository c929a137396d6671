import { Decimal } from "../core/decimal";

const separated = (digits: string) => digits.replace(/\B(?=(\d{3})+(?!\d))/g, ",");

/** "$1,234.56", "-$200.00": an amount as the pane's messages and summaries show it. */
export function formatMoney(amount: string | number | Decimal): string {
  const d = new Decimal(amount);
  return (d.isNegative() ? "-$" : "$") + separated(d.abs().toFixed(2));
}

/** "$4.0200", "$1,234.5000": a price per share to 4 decimals, as the Placements table shows prices. */
export function formatPrice(price: string | number | Decimal): string {
  const d = new Decimal(price);
  const [whole, fraction] = d.abs().toFixed(4).split(".");
  return `${d.isNegative() ? "-$" : "$"}${separated(whole!)}.${fraction}`;
}

/** "60,000": a count (sales, shares) with thousands separators. */
export function formatCount(count: number | Decimal): string {
  const d = new Decimal(count);
  return (d.isNegative() ? "-" : "") + separated(d.abs().toFixed(0));
}

/** "16.74%": a fraction as a percentage to 2 decimals. */
export function formatPercent(fraction: Decimal): string {
  return `${fraction.times(100).toFixed(2)}%`;
}
