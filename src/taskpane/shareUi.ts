/*
 * The pane's "Share with bankers" section: Prepare for sharing, Restore formulas, Repair #NAME?
 * and Explain selected cell, each reporting in one result area. Every batch goes through the pane's
 * one ExcelRun (excel/run.ts): it waits out the user's cell edit where Excel can.
 */
import { excelRun, type ExcelRun } from "./excel/run";
import { explainSelectedCell } from "./explain";
import { disableTrustPrompts, prepareForSharing, repairNames, restoreFormulas, type ShareResult } from "./shareApply";

const $ = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T | null;
const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

function show(lines: readonly string[], ok = true): void {
  const out = $("share-result");
  if (!out) return;
  out.hidden = false;
  out.className = ok ? "" : "bad";
  out.textContent = lines.join("\n");
}

const report = (result: ShareResult) => show([result.message, ...result.details], result.ok);

/** `undone`: the command puts the workbook back when it fails (Prepare, Restore, Repair); Explain only reads. */
async function command(button: string, work: (run: ExcelRun) => Promise<void>, undone = true): Promise<void> {
  const run = excelRun();
  if (!run) return show(["Open this pane from Excel to use these commands."], false);
  const element = $(button);
  element?.setAttribute("disabled", "");
  show(["Working…"]);
  try {
    await work(run);
  } catch (error) {
    show([undone ? `Failed, and undone: nothing was changed. ${message(error)}` : `Could not explain the cell: ${message(error)}`], false);
  } finally {
    element?.removeAttribute("disabled");
  }
}

async function activeSheetName(run: ExcelRun): Promise<string> {
  return run(async (context) => {
    const sheet = context.workbook.worksheets.getActiveWorksheet().load("name");
    await context.sync();
    return sheet.name;
  });
}

export function wireShare(): void {
  if (!$("share")) return;
  $("share-prepare")!.addEventListener("click", () =>
    void command("share-prepare", async (run) => {
      const only = $<HTMLInputElement>("share-active-only")?.checked ? [await activeSheetName(run)] : undefined;
      const result = await prepareForSharing(run, only ? { sheets: only } : {});
      if (result.ok) {
        // Recipients without the add-in are not asked to trust it (Office on Windows and Mac).
        const trust = await disableTrustPrompts().catch(() => false);
        if (trust) result.details.push("Recipients without the add-in will not be asked to trust it (Office on Windows and Mac).");
      }
      report(result);
    }),
  );
  $("share-restore")!.addEventListener("click", () => void command("share-restore", async (run) => report(await restoreFormulas(run))));
  $("share-repair")!.addEventListener("click", () => void command("share-repair", async (run) => report(await repairNames(run))));
  $("share-explain")!.addEventListener("click", () => void command("share-explain", async (run) => show(await explainSelectedCell(run)), false));
}

wireShare();
