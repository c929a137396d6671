/*
 * CEO functions as users run them, from the built dist/functions.js (bench/built.ts: a plain script
 * in this realm, as Excel's runtime evaluates it), with Excel's arguments (null for an omitted
 * optional one), vs the same formula in plain JS numbers (fast, not exact: the limit to measure
 * against), both measured in this process.
 */
import { builtFunctions, fn } from "./built";
import { opsPerSecond, report } from "./harness";

const { functions, build } = builtFunctions();
console.log(`(${build})`);
const FEE = fn(functions, "FEE");
const WARRANTS = fn(functions, "WARRANTS");
const CONVSHARES = fn(functions, "CONVSHARES");
const SETTLE = fn(functions, "SETTLE");

const N = 1024;
const grosses = Array.from({ length: N }, (_, i) => Math.round(1000 + i * 2_000_037) / 100);
const priors = Array.from({ length: N }, (_, i) => Math.round(i * 3_000_011) / 100);
const shares = Array.from({ length: N }, (_, i) => 1000 + i * 37);
const prices = Array.from({ length: N }, (_, i) => (300 + (i % 200)) / 100);
const bids = Array.from({ length: N }, (_, i) => Array.from({ length: 30 }, (_, j) => [(300 + ((i * 7 + j * 13) % 200)) / 100]));
const tradeDates = Array.from({ length: N }, (_, i) => 37196 + Math.floor(i / 5) * 7 + (i % 5)); // weekdays from 2001-11-01 (a Thursday)...
// SETTLE refuses a date that is not a trading day with an error (thrown, as Excel's runtime expects).
const tradingDates = tradeDates.filter((d) => {
  try {
    SETTLE(d, null);
    return true;
  } catch {
    return false;
  }
});

function plainFee(gross: number, prior: number): number {
  const cumulative = (c: number) => 0.04 * Math.min(c, 1e7) + 0.035 * Math.min(Math.max(c - 1e7, 0), 1e7) + 0.03 * Math.max(c - 2e7, 0);
  return Math.round(cumulative(prior + gross) * 100) / 100 - Math.round(cumulative(prior) * 100) / 100;
}
const plainWarrants = (sold: number, vwap: number) => [[Math.floor(sold * 0.1), vwap * 1.3]];
function plainConvShares(principal: number, closing: number[][]): number {
  const lowest = closing.slice(-30).map((r) => r[0]!).sort((a, b) => a - b).slice(0, 10);
  return Math.floor(principal / ((1.01 * lowest.reduce((s, b) => s + b, 0)) / 10));
}
const plainSettle = (serial: number) => serial + 3 + (new Date((serial - 25569) * 86_400_000).getUTCDay() >= 3 ? 2 : 0);

const cases: [string, (i: number) => unknown, (i: number) => unknown][] = [
  ["FEE", (i) => FEE(grosses[i & 1023]!, priors[i & 1023]!, null), (i) => plainFee(grosses[i & 1023]!, priors[i & 1023]!)],
  ["WARRANTS", (i) => WARRANTS(shares[i & 1023], prices[i & 1023], null, null, null), (i) => plainWarrants(shares[i & 1023]!, prices[i & 1023]!)],
  ["CONVSHARES", (i) => CONVSHARES(1_000_000, bids[i & 1023]!, null, null), (i) => plainConvShares(1_000_000, bids[i & 1023]!)],
  ["SETTLE", (i) => SETTLE(tradingDates[i % tradingDates.length]!, null), (i) => plainSettle(tradingDates[i % tradingDates.length]!)],
];
// Every closure through the harness once first: its call site is then equally polymorphic for all,
// rather than inlining whichever is measured first (which made plain FEE look 2-3x faster).
for (const [, exact, plain] of cases) {
  opsPerSecond(exact, 20);
  opsPerSecond(plain, 20);
}
for (const [name, exact, plain] of cases) {
  const limit = opsPerSecond(plain);
  report(`${name} from dist/functions.js`, opsPerSecond(exact), "calls/s", { name: "plain numbers", value: limit });
}
