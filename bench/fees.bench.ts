import { Decimal } from "../src/core/decimal";
import { commission, SALES_AGREEMENT_SCHEDULE } from "../src/core/fees";
import { opsPerSecond, report } from "./harness";

// The limit: the same tiered fee in plain JS numbers (not exact: for comparison only).
function plainFee(gross: number, prior: number): number {
  const cumulative = (c: number) => 0.04 * Math.min(c, 1e7) + 0.035 * Math.min(Math.max(c - 1e7, 0), 1e7) + 0.03 * Math.max(c - 2e7, 0);
  return Math.round(cumulative(prior + gross) * 100) / 100 - Math.round(cumulative(prior) * 100) / 100;
}

const grosses = Array.from({ length: 1024 }, (_, i) => 1000 + i * 20_000.37);
const plain = opsPerSecond((i) => plainFee(grosses[i & 1023]!, grosses[(i * 7) & 1023]!));
const exact = opsPerSecond((i) => commission(new Decimal(grosses[i & 1023]!), new Decimal(grosses[(i * 7) & 1023]!), SALES_AGREEMENT_SCHEDULE));
report("FEE core, Decimal path (the fallback)", exact, "calls/s", { name: "plain numbers", value: plain });
