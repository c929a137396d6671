/*
 * SETTLE as users run it, from the built dist/functions.js (bench/built.ts), over a million calls,
 * vs plain Date additions in this process.
 */
import { builtFunctions, fn } from "./built";
import { report } from "./harness";

const { functions, build: which } = builtFunctions();
console.log(`(${which})`);
const SETTLE = fn(functions, "SETTLE");
const settlementDate = (serial: number): number => SETTLE(serial, null);

const CALLS = 1_000_000;
const DAY_MS = 86_400_000;
const EPOCH = Date.UTC(1899, 11, 30);

function millis(run: () => unknown): number {
  const start = process.hrtime.bigint();
  run();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

/** Calls per second over exactly CALLS calls (after a warm-up of the same loop). */
function perSecond(call: (i: number) => number): number {
  let sink = 0;
  const loop = () => {
    for (let i = 0; i < CALLS; i++) sink += call(i);
  };
  loop();
  const elapsed = millis(loop);
  if (sink === -1) console.log(sink);
  return (CALLS / elapsed) * 1000;
}

// The day-index table is built once, by the first call; no later call rebuilds it.
const build = millis(() => settlementDate(37195));
console.log(`calendar table, built once on first use: ${build.toFixed(1)} ms`);

// 1,024 trade dates from 1995 to 2030.
const tradeDates: number[] = [];
for (let date = 34700; tradeDates.length < 1024; date += 13) {
  try {
    settlementDate(date);
    tradeDates.push(date);
  } catch {
    // a weekend or holiday is not a trade date
  }
}

// The limit: T+3 as a plain Date addition, no calendar at all (for comparison only).
const plain = perSecond((i) => new Date(EPOCH + (tradeDates[i & 1023]! + 3) * DAY_MS).getTime());
const settle = perSecond((i) => settlementDate(tradeDates[i & 1023]!));
report(`SETTLE from dist/functions.js, ${CALLS.toLocaleString("en-US")} calls`, settle, "calls/s", { name: "plain Date additions", value: plain });
