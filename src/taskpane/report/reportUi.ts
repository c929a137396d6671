/*
 * The pane's "Quarterly ATM report" section: a quarter and year picker ("Last with sales" by
 * default) and the command that writes the report sheet, run through the pane's one runner
 * (runner.ts): one command at a time, a refusal or failure in red, focus back on the button.
 * The command's code arrives on the first click (chunks.ts).
 */
import { report } from "../chunks";
import { excelRun } from "../excel/run";
import { commands } from "../runner";
import { freshTerms } from "../terms/termsUi";

const $ = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T | null;
const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

export function wireReport(): void {
  const button = $("report-button");
  const result = $("report-result");
  const quarterField = $<HTMLSelectElement>("report-quarter");
  const yearField = $<HTMLInputElement>("report-year");
  if (!button || !result || !quarterField || !yearField) return;
  button.addEventListener("click", () => {
    void commands().run(
      { button, result, working: "Writing the quarterly report…", failed: (error) => `Could not write the report: ${message(error)}` },
      async () => {
        const { pickedQuarter, reportMessage, ReportRefused, writeReport } = await report();
        const picked = pickedQuarter(quarterField.value, yearField.value);
        if (picked && "refused" in picked) return { ok: false, message: picked.refused, focus: yearField };
        const run = excelRun();
        if (!run) return { ok: false, message: "Open this pane from Excel to write the report." };
        try {
          const outcome = await writeReport(run, await freshTerms(run), picked);
          // The picker shows the quarter reported, so that the next run reports it again.
          quarterField.value = String(outcome.quarter.quarter);
          yearField.value = String(outcome.quarter.year);
          return { ok: true, message: reportMessage(outcome) };
        } catch (error) {
          if (error instanceof ReportRefused) return { ok: false, message: error.message };
          throw error;
        }
      },
    );
  });
}

wireReport();
