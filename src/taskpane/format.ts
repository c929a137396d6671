import { Decimal } from "../core/decimal";

/** "$1,234.56", "-$200.00": an amount as the pane's messages and summaries show it. */
export function formatMoney(amount: string | Decimal): string {
  const d = new Decimal(amount);
  return (d.isNegative() ? "-$" : "$") + d.abs().toFixed(2).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}
