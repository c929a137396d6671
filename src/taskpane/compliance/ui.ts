/*
 * The pane's "Compliance" section: Check compliance on demand, and the same check after every
 * import (when the Terms sheet has a register). Runs through the pane's one runner (runner.ts):
 * one command at a time, a refusal or a failure in red.
 */
import { excelRun, type ExcelRun } from "../excel/run";
import { commands, type Outcome } from "../runner";
import { freshTerms } from "../terms/termsUi";
import { hasRegister, type DealTerms } from "../terms/terms";
import { NotUndone } from "../excel/undo";
import { complianceApply } from "../chunks";

const $ = (id: string) => document.getElementById(id)!;
const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** A check's outcome for the runner: refusals and failures in words, the workbook's state said. */
async function check(run: ExcelRun, terms: DealTerms | undefined): Promise<Outcome> {
  try {
    const { checkWorkbookCompliance, complianceMessage } = await complianceApply(); // fetched on first use
    return { ok: true, message: complianceMessage(await checkWorkbookCompliance(run, terms)) };
  } catch (error) {
    // ComplianceRefused by its name: compliance/apply.ts is fetched on first use (chunks.ts).
    if (error instanceof Error && error.name === "ComplianceRefused") return { ok: false, message: error.message };
    if (error instanceof NotUndone) return { ok: false, message: `Checking compliance failed: ${error.message}` };
    return { ok: false, message: `Checking compliance failed and was undone, nothing was written: ${message(error)}` };
  }
}

/**
 * After an import (inside its command): the check when the Terms sheet has a register, its outcome
 * shown in the Compliance section; without a register, the section says how to add one.
 */
export async function checkAfterImport(run: ExcelRun, terms: DealTerms | undefined): Promise<void> {
  const result = $("compliance-result");
  result.hidden = false;
  if (!hasRegister(terms)) {
    result.className = "";
    result.textContent = "Not checked: the Terms sheet has no placements register (New deal adds one).";
    return;
  }
  result.textContent = "Checking compliance…";
  const outcome = await check(run, terms);
  result.className = outcome.ok ? "" : "bad";
  result.textContent = outcome.message ?? "";
}

export function wireCompliance(): void {
  $("compliance-button").addEventListener("click", () => {
    void commands().run(
      { button: $("compliance-button"), result: $("compliance-result"), working: "Checking compliance…", failed: (error) => `Could not check compliance: ${message(error)}` },
      async () => {
        const run = excelRun();
        if (!run) return { ok: false, message: "Open this pane from Excel to check compliance." };
        return check(run, await freshTerms(run));
      },
    );
  });
}
