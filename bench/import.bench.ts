import Papa from "papaparse";
import { isoDate, serialOf, tradingDay } from "../src/core/calendar";
import { applyPlan } from "../src/taskpane/import/apply";
import { planImport } from "../src/taskpane/import/plan";
import { FakeWorkbook } from "../test/support/fakeExcel";
import { report } from "./harness";

const ROWS = 100_000;
const FIRST_TRADE = serialOf(2001, 11, 1);

/** A report of ROWS sales, 40 a trading day: as banks send it ($, thousands separators, so quoted), or in plain numbers. */
function placementReport(formatted: boolean): string {
  const lines = ["Trade Date,Shares,Price,Gross,Agreement,Placement,Notes"];
  for (let i = 0; i < ROWS; i++) {
    const shares = 1000 + (i % 5000);
    const cents = 300 + (i % 200);
    const date = isoDate(tradingDay(FIRST_TRADE, Math.floor(i / 40)));
    const agreement = i % 4 ? "Sales" : "Other";
    lines.push(
      formatted
        ? `${date},"${shares.toLocaleString("en-US")}",$${(cents / 100).toFixed(2)},"$${((shares * cents) / 100).toLocaleString("en-US", { minimumFractionDigits: 2 })}",${agreement},P-${i >> 6},`
        : `${date},${shares},${(cents / 100).toFixed(2)},${((shares * cents) / 100).toFixed(2)},${agreement},P-${i >> 6},`,
    );
  }
  return lines.join("\r\n");
}

/** The same sales as a European desk sends them: ";" between fields, 03.06.2024, 1.234,56 (read whole before the form is known). */
function europeanReport(): string {
  const swap = (t: string) => t.replace(/[.,]/g, (c) => (c === "." ? "," : "."));
  const lines = ["Trade Date;Shares;Price;Gross;Agreement;Placement;Notes"];
  for (let i = 0; i < ROWS; i++) {
    const shares = 1000 + (i % 5000);
    const cents = 300 + (i % 200);
    const [year, month, day] = isoDate(tradingDay(FIRST_TRADE, Math.floor(i / 40))).split("-");
    const gross = ((shares * cents) / 100).toLocaleString("en-US", { minimumFractionDigits: 2 });
    lines.push(`${day}.${month}.${year};${swap(shares.toLocaleString("en-US"))};${swap((cents / 100).toFixed(2))};${swap(gross)};${i % 4 ? "Sales" : "Other"};P-${i >> 6};`);
  }
  return lines.join("\r\n");
}

/** The median of `repeat` runs, interleaved with the baseline's so that both see the same machine. */
function medianMs(runs: (() => unknown)[], repeat = 9): number[] {
  const times = runs.map(() => [] as number[]);
  for (let i = 0; i < repeat; i++) {
    runs.forEach((run, k) => {
      const start = process.hrtime.bigint();
      run();
      times[k]!.push(Number(process.hrtime.bigint() - start) / 1e6);
    });
  }
  return times.map((t) => t.sort((a, b) => a - b)[Math.floor(t.length / 2)]!);
}

let planned = planImport("");
const reports = [
  ["as banks send it", placementReport(true), ","],
  ["in plain numbers", placementReport(false), ","],
  ["in European form", europeanReport(), ";"],
] as const;
for (const [name, text, delimiter] of reports) {
  let records = 0;
  const [papaMs, chunkMs, planMs] = medianMs([
    () => Papa.parse(text, { delimiter }),
    // The mode planImport parses in: a chunk at a time, so that the cells die young.
    () => Papa.parse<string[]>(text, <Papa.ParseConfig<string[]>>{ delimiter, chunkSize: 64 * 1024, chunk: (r: Papa.ParseResult<string[]>) => (records += r.data.length) }),
    () => (planned = planImport(text)),
  ]);
  if (!planned.ok || records === 0) throw new Error(`bench report did not plan: ${JSON.stringify(planned.errors.slice(0, 3))}`);
  const figure = `planImport ${ROWS.toLocaleString("en-US")} rows ${name} (${(text.length / 1e6).toFixed(1)} MB), median of 9`;
  report(figure, planMs!, "ms", { name: "papaparse alone", value: papaMs! });
  report(figure, planMs!, "ms", { name: "papaparse alone in chunks", value: chunkMs! });
}

(async () => {
  const book = new FakeWorkbook();
  const start = process.hrtime.bigint();
  await applyPlan(book.run, planned.rows);
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  report(`apply ${ROWS.toLocaleString("en-US")} rows: requests`, book.requests, "requests");
  report("apply: largest request", Math.max(...book.requestBytes) / 1e6, "MB (Excel on the web refuses > 5 MB)");
  report("apply through the fake workbook", ms, "ms");
})();
