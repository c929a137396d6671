/*
 * The pane's "Share with bankers" section: Prepare for sharing, Restore formulas, Repair #NAME?
 * and Explain selected cell, each reporting in one result area. Every batch goes through the pane's
 * one ExcelRun (excel/run.ts): it waits out the user's cell edit where Excel can. Every command runs
 * through the pane's one runner (runner.ts): one at a time, the rest of the pane disabled; Prepare
 * and Restore with progress and Cancel.
 *
 * The commands' code (shareApply, explain and the native formulas they write: about a third of the
 * pane) arrives on the first click (chunks.ts).
 */
import { excelRun, type ExcelRun } from "../excel/run";
import { commands, type CommandHooks, type Outcome } from "../runner";
import type { ShareResult, StoppedPartWay } from "./shareApply";
import { explain, shareApply } from "../chunks";
/** StoppedPartWay once the chunk is loaded (an error before that is the chunk's own). */
let stoppedPartWay: typeof StoppedPartWay | undefined;

const $ = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T | null;
const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

function show(lines: readonly string[], ok = true): void {
  const out = $("share-result");
  if (!out) return;
  out.hidden = false;
  out.className = ok ? "" : "bad";
  out.textContent = lines.join("\n");
}

const report = (result: ShareResult): Outcome => ({ ok: result.ok, message: [result.message, ...result.details].join("\n") });

/**
 * `undone`: the command puts the workbook back when it fails (Prepare, Restore, Repair); Explain
 * only reads. `long`: progress and Cancel (Prepare, Restore). `focus`: Explain's answer is read, so
 * focus goes to it; the others return focus to their button.
 */
function command(button: string, work: (run: ExcelRun, hooks: CommandHooks) => Promise<Outcome>, options: { undone?: boolean; long?: boolean; working?: string; focus?: "result" } = {}): void {
  const { undone = true, long = false } = options;
  const run = excelRun();
  if (!run) return show(["Open this pane from Excel to use these commands."], false);
  void commands().run(
    {
      button: $(button)!,
      result: $("share-result")!,
      ...(long ? { progress: $("share-progress") ?? undefined, cancel: $("share-cancel") ?? undefined } : {}),
      working: options.working,
      focus: options.focus,
      failed: (error) =>
        stoppedPartWay && error instanceof stoppedPartWay ? error.message : undone ? `Failed, and undone: nothing was changed. ${message(error)}` : `Could not explain the cell: ${message(error)}`,
    },
    async (hooks) => {
      stoppedPartWay = (await shareApply()).StoppedPartWay;
      return work(run, hooks);
    },
  );
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
    command(
      "share-prepare",
      async (run, hooks) => {
        const only = $<HTMLInputElement>("share-active-only")?.checked ? [await activeSheetName(run)] : undefined;
        const { disableTrustPrompts, prepareForSharing } = await shareApply();
        const result = await prepareForSharing(run, { ...(only ? { sheets: only } : {}), ...hooks });
        if (result.ok) {
          // Recipients without the add-in are not asked to trust it (Office on Windows and Mac).
          const trust = await disableTrustPrompts().catch(() => false);
          if (trust) result.details.push("Recipients without the add-in will not be asked to trust it (Office on Windows and Mac).");
        }
        return report(result);
      },
      { long: true, working: "Preparing the copies…" },
    ),
  );
  $("share-restore")!.addEventListener("click", () => command("share-restore", async (run, hooks) => report(await (await shareApply()).restoreFormulas(run, hooks)), { long: true, working: "Restoring…" }));
  $("share-repair")!.addEventListener("click", () => command("share-repair", async (run) => report(await (await shareApply()).repairNames(run))));
  $("share-explain")!.addEventListener("click", () => command("share-explain", async (run) => ({ ok: true, message: (await (await explain()).explainSelectedCell(run)).join("\n") }), { undone: false, focus: "result" }));
  $("share-cancel")?.addEventListener("click", () => commands().cancel());
}

wireShare();
