/*
 * The pane's "Compliance" section: Check compliance on demand, and the same check after every
 * import (when the Terms sheet has a register). Runs through the pane's one runner (runner.ts):
 * one command at a time, a refusal or a failure in red.
 */
import { excelRun, type ExcelRun } from "../excel/run";
import { commands, type Outcome } from "../runner";
import { freshTerms } from "../terms/termsUi";
import type { DealTerms } from "../terms/terms";
import { NotUndone } from "../excel/undo";
import { checkWorkbookCompliance, ComplianceRefused, COMPLIANCE_SHEET, hasRegister, type ComplianceOutcome } from "./apply";
import { complianceSummary } from "./compliance";
import { COMPLIANCE_COLUMN, TABLE } from "../import/placementsTable";

const $ = (id: string) => document.getElementById(id)!;
const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** What the pane says of a check: the count, and where the findings are. */
export function complianceMessage({ result, column }: ComplianceOutcome): string {
  const where = column
    ? `on the ${COMPLIANCE_SHEET} sheet and in the ${COMPLIANCE_COLUMN} column of the ${TABLE} table`
    : `on the ${COMPLIANCE_SHEET} sheet (the ${TABLE} table has no ${COMPLIANCE_COLUMN} column: add a column of that name to the table to see them beside each sale)`;
  return `${complianceSummary(result)} Listed ${where}.`;
}

/** A check's outcome for the runner: refusals and failures in words, the workbook's state said. */
async function check(run: ExcelRun, terms: DealTerms | undefined): Promise<Outcome> {
  try {
    const outcome = await checkWorkbookCompliance(run, terms);
    return { ok: true, message: complianceMessage(outcome) };
  } catch (error) {
    if (error instanceof ComplianceRefused) return { ok: false, message: error.message };
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
