/*
 * FEE's Decimal path (the fallback) as users run it, from the built dist/functions.js: a gross that
 * is not a whole number of cents (shares x a 4-decimal price) leaves the integer-cents fast path.
 */
import { builtFunctions, fn } from "./built";
import { opsPerSecond, report } from "./harness";

const { functions, build } = builtFunctions();
console.log(`(${build})`);
const FEE = fn(functions, "FEE");

// The limit: the same tiered fee in plain JS numbers (not exact: for comparison only).
function plainFee(gross: number, prior: number): number {
  const cumulative = (c: number) => 0.04 * Math.min(c, 1e7) + 0.035 * Math.min(Math.max(c - 1e7, 0), 1e7) + 0.03 * Math.max(c - 2e7, 0);
  return Math.round(cumulative(prior + gross) * 100) / 100 - Math.round(cumulative(prior) * 100) / 100;
}

// 5,001 to about 1,025,000 shares at $3.0001 to $5.0099: grosses in hundredths of a cent.
const grosses = Array.from({ length: 1024 }, (_, i) => ((5001 + i * 997) * (30001 + ((i * 37) % 20099))) / 10000);
// About 7% land on whole cents (the fast path); the rest take the Decimal path.
if (grosses.filter((g) => Math.round(g * 100) / 100 === g).length > 102) throw new Error("over 10% of the bench grosses are whole cents: the fast path would be measured");
for (const g of grosses.slice(0, 8)) FEE(g, 0, null); // a thrown error here would measure nothing
const plain = opsPerSecond((i) => plainFee(grosses[i & 1023]!, grosses[(i * 7) & 1023]!));
const exact = opsPerSecond((i) => FEE(grosses[i & 1023]!, grosses[(i * 7) & 1023]!, null));
report("FEE from dist/functions.js, Decimal path (gross not in whole cents)", exact, "calls/s", { name: "plain numbers", value: plain });
