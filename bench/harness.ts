/*
 * Bench figures are printed as `name: value unit, ratio vs baseline`, both sides measured in
 * the same process, so a slow or busy machine moves both alike.
 */
export function opsPerSecond(run: (i: number) => unknown, minMillis = 300): number {
  let sink: unknown;
  for (let i = 0; i < 1000; i++) sink = run(i); // warm up
  let iterations = 0;
  const start = process.hrtime.bigint();
  let elapsed = 0;
  while (elapsed < minMillis) {
    for (let i = 0; i < 1000; i++) sink = run(iterations + i);
    iterations += 1000;
    elapsed = Number(process.hrtime.bigint() - start) / 1e6;
  }
  if (sink === Symbol.for("never")) console.log(sink);
  return (iterations / elapsed) * 1000;
}

export function report(name: string, value: number, unit: string, baseline?: { name: string; value: number }): void {
  const figure = value >= 100 ? Math.round(value).toLocaleString("en-US") : value.toPrecision(3);
  const ratio = baseline ? `, ${(value / baseline.value).toPrecision(3)}x vs ${baseline.name}` : "";
  console.log(`${name}: ${figure} ${unit}${ratio}`);
}
