/*
 * The Placements pane: three ways in (file, paste, current selection), a live check with every
 * bad line listed, then the import with progress and cancel. Outside Office (a plain browser)
 * Office.onReady resolves with a null host and the pane says so.
 */
import "@fluentui/web-components/button.js";
import "@fluentui/web-components/progress-bar.js";
import { isoDate } from "../core/calendar";
import { Decimal } from "../core/decimal";
import type { ImportOutcome } from "./import/apply";
import { MAX_IMPORT_BYTES } from "./excel/limits";
import { excelRun, type ExcelRun } from "./excel/run";
// The import's code (planning with papaparse, writing the table, reading the selection) arrives when a report is first checked.
import { importApply, importPlanning, selection } from "./chunks";
import { formatCount, formatMoney, formatPrice } from "./format";
import type { ImportPlan } from "./import/plan";
import { excessMessage, type ProgramExcess } from "./import/programSize";
import { commands, type Outcome } from "./runner";
import { freshTerms, loadWorkbookTerms, wireTerms, workbookTerms } from "./terms/termsUi";
import { checkAfterImport, wireCompliance } from "./compliance/ui";
import "./share/shareUi";
import "./report/reportUi";

const $ = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;
const PREVIEW_ROWS = 20;
const SHOWN_ERRORS = 500;

let plan: ImportPlan | undefined;
/** The text `plan` was made from: the import plans it again against the terms read when it starts. */
let planText = "";
/** The chosen file's name when `plan` came from a file; undefined for pasted text. */
let planSource: string | undefined;
let inExcel = false;

/**
 * The program-size check of a plan (read from the workbook after the plan is made): past an
 * agreement's maximum, Import waits for the analyst's confirmation. Kept with the plan it is for,
 * so that a check finishing after the text changed is never shown against other rows.
 */
interface ProgramCheck {
  plan: ImportPlan;
  state: "checking" | "done" | "failed";
  excesses: ProgramExcess[];
  message?: string;
  /** Set by the import that was refused: its own check, as of the command's end. */
  fromImport?: boolean;
}
let program: ProgramCheck | undefined;

const whole = new Intl.NumberFormat("en-US");
const rowsWord = (n: number) => `${formatCount(n)} row${n === 1 ? "" : "s"}`;

function setStatus(text: string): void {
  $("status").textContent = text;
  $("status").className = ""; // not red from an earlier command's failure
}

function cell(row: HTMLTableRowElement, text: string, numeric = false): void {
  const td = row.insertCell();
  td.textContent = text;
  if (numeric) td.className = "num";
}

function errorsAsText(current: ImportPlan): string {
  return current.errors.map((e) => `line ${e.line}${e.column ? `, ${e.column}` : ""}: ${e.message}`).join("\n");
}

function renderNotes(current: ImportPlan | undefined): void {
  const list = $("plan-notes");
  const notes = current?.notes ?? [];
  list.replaceChildren(
    ...notes.map((n) => {
      const item = document.createElement("li");
      item.textContent = `line ${n.line}: ${n.message}`;
      return item;
    }),
  );
  list.hidden = notes.length === 0;
}

/** The program-size box: checking, could not check, or each agreement the report takes past its maximum with the confirmation. */
function renderProgram(current: ImportPlan | undefined): void {
  const box = $("program-check");
  const check = current?.ok && program?.plan === current ? program : undefined;
  const past = check?.state === "done" ? check.excesses : [];
  box.hidden = !check || (check.state === "done" && past.length === 0);
  box.className = check?.state === "checking" ? "checking" : "";
  $("program-status").textContent =
    check?.state === "checking"
      ? "Checking the report against each agreement's program maximum…"
      : check?.state === "failed"
        ? `Could not check the program size now (${check.message}): the import checks it again before writing.`
        : past.length > 0
          ? `Past the program maximum: nothing is written unless you confirm.`
          : "";
  $("program-excesses").replaceChildren(
    ...past.map((e) => {
      const item = document.createElement("li");
      item.textContent = excessMessage(e);
      return item;
    }),
  );
  $("confirm-past-label").hidden = past.length === 0;
}

/**
 * Whether the program-size check holds the import back: past a maximum and not confirmed. While the
 * check runs Import stays usable: the import checks again before writing and refuses what is past a
 * maximum unconfirmed, so a large table's read never makes the analyst wait.
 */
function heldByProgram(current: ImportPlan): boolean {
  return program?.plan === current && program.state === "done" && program.excesses.length > 0 && !$<HTMLInputElement>("confirm-past-program").checked;
}

/** What the analyst confirmed for the plan shown: its excesses, when the box is ticked. */
function confirmedPast(): ProgramExcess[] {
  return plan && program?.plan === plan && program.state === "done" && $<HTMLInputElement>("confirm-past-program").checked ? program.excesses : [];
}

/** Reads the table's gross and the Terms sheet's maxima for `current`, then shows the result if `current` is still the plan shown. */
function startProgramCheck(current: ImportPlan): void {
  const run = excel();
  if (!run) return;
  const check: ProgramCheck = { plan: current, state: "checking", excesses: [] };
  program = check;
  $<HTMLInputElement>("confirm-past-program").checked = false;
  void (async () => {
    let apply: Awaited<ReturnType<typeof importApply>> | undefined;
    try {
      apply = await importApply();
      check.excesses = await apply.programStanding(run, current.rows, await freshTerms(run));
      check.state = "done";
    } catch (error) {
      check.state = "failed";
      check.message = apply?.isCellEditError(error) ? apply.CELL_EDIT_MESSAGE : error instanceof Error ? error.message : String(error);
    }
    if (program === check && plan === current) render(current);
  })();
}

/** An import refused past the program maximum: its excesses shown with the confirmation, as the preview shows them. */
function programRefused(outcome: ImportOutcome): void {
  if (outcome.plan && outcome.pastProgram) {
    program = { plan: outcome.plan, state: "done", excesses: outcome.pastProgram, fromImport: true };
    $<HTMLInputElement>("confirm-past-program").checked = false;
  }
}

function render(current: ImportPlan | undefined): void {
  const summary = $("plan-summary");
  const errorRows = $<HTMLTableSectionElement>("error-rows");
  const previewRows = $<HTMLTableSectionElement>("preview-rows");
  const apply = $("apply");
  errorRows.replaceChildren();
  previewRows.replaceChildren();
  $("errors").hidden = !current || current.ok;
  $("preview").hidden = !current || !current.ok;
  summary.className = current ? (current.ok ? "ok" : "bad") : "";
  renderNotes(current);
  if (current?.ok && inExcel && program?.plan !== current) startProgramCheck(current);
  renderProgram(current);
  // The button says what it would import now, or nothing: never a count left from other text.
  apply.textContent = current?.ok ? `Import ${rowsWord(current.rows.length)}` : "Import";
  // While a command runs every control is the runner's (runner.ts): its end renders again.
  apply.toggleAttribute("disabled", !current?.ok || !inExcel || heldByProgram(current) || commands().busy);
  const from = planSource ? `${planSource}: ` : "";
  if (!current) {
    summary.textContent = "";
    return;
  }
  if (!current.ok) {
    summary.textContent = `${from}${formatCount(current.errors.length)} problem${current.errors.length === 1 ? "" : "s"} found: nothing will be written.`;
    for (const e of current.errors.slice(0, SHOWN_ERRORS)) {
      const row = errorRows.insertRow();
      cell(row, String(e.line), true);
      cell(row, e.column);
      cell(row, e.message);
    }
    if (current.errors.length > SHOWN_ERRORS) cell(errorRows.insertRow(), `… and ${formatCount(current.errors.length - SHOWN_ERRORS)} more (Copy errors copies them all)`);
    return;
  }
  const count = current.rows.length;
  const gross = current.rows.reduce((sum, r) => sum.plus(r.gross), new Decimal(0));
  summary.textContent = `${from}${rowsWord(count)} ready, gross ${formatMoney(gross)}.${inExcel ? "" : " Open this pane in Excel to import them."}`;
  if (program?.plan === current && program.state === "done" && program.excesses.length > 0) summary.className = ""; // ready, but not a success to show in green
  $("preview-title").textContent = count > PREVIEW_ROWS ? `Preview: first ${PREVIEW_ROWS} of ${rowsWord(count)}` : count === 1 ? "Preview: 1 row" : `Preview: all ${rowsWord(count)}`;
  for (const r of current.rows.slice(0, PREVIEW_ROWS)) {
    const row = previewRows.insertRow();
    cell(row, String(r.line), true);
    cell(row, isoDate(r.tradeDate));
    cell(row, formatCount(r.shares), true);
    cell(row, formatPrice(r.price), true);
    cell(row, formatMoney(r.gross), true);
    cell(row, r.agreement);
    cell(row, r.placement);
  }
}

/** The latest check started: one that ends after a later one started (the import's chunk still on its way) is dropped. */
let checks = 0;

async function check(text: string, source?: string): Promise<void> {
  const mine = ++checks;
  let planning: Awaited<ReturnType<typeof importPlanning>> | undefined;
  try {
    if (text.trim() !== "") planning = await importPlanning();
  } catch (error) {
    if (mine !== checks) return;
    $("plan-summary").className = "bad";
    $("plan-summary").textContent = `Could not check the report: ${error instanceof Error ? error.message : String(error)}`;
    return;
  }
  if (mine !== checks) return;
  planText = text;
  planSource = source;
  plan = planning?.planImport(text, workbookTerms?.agreements.map((a) => a.name));
  render(plan);
  $("progress-text").textContent = "";
}

/**
 * Labels never outlive the text they describe: as soon as the text changes, Import is disabled and
 * says nothing of the old rows until the new text is checked (check() runs after a short pause).
 */
function markChanged(): void {
  planSource = undefined;
  const apply = $("apply");
  apply.textContent = "Import";
  apply.setAttribute("disabled", "");
  $("plan-summary").className = "";
  $("plan-summary").textContent = "Checking the report…";
}
$("paste").addEventListener("input", markChanged);
$("confirm-past-program").addEventListener("change", () => render(plan));
// Registered before the pane's own end-of-command render (wire()), so that it renders a fresh check.
commands().onEnd(() => {
  if (program?.fromImport) program.fromImport = false;
  else program = undefined; // any command may have changed the table or the Terms sheet: the preview is checked again
});

/** The pane's ExcelRun (every batch waits out a cell edit where the host can); undefined outside Excel. */
function excel(): ExcelRun | undefined {
  return inExcel ? excelRun() : undefined;
}

async function importPlan(): Promise<void> {
  const run = excel();
  if (!plan?.ok || !run) return;
  const progress = $("progress");
  await commands().run(
    {
      button: $("apply"),
      result: $("progress-text"),
      progress,
      cancel: $("cancel"),
      working: "Reading the Terms sheet…",
      after: (outcome) => {
        if (outcome.ok) progress.setAttribute("value", "100");
      },
    },
    async (hooks): Promise<Outcome> => {
      const { ImportCancelled, importFailureMessage, runImport } = await importApply();
      // freshTerms (termsUi): the Terms sheet as it is now, not as it was when the pane opened.
      const outcome = await runImport(run, planText, freshTerms, {
        confirmedPast: confirmedPast(),
        isCancelled: hooks.isCancelled,
        onProgress: (written, total) => hooks.onProgress(written, total, `Writing ${whole.format(written)} of ${whole.format(total)} rows`),
      });
      if (outcome.plan) plan = outcome.plan;
      programRefused(outcome);
      // workbookTerms: as the import's freshTerms has just read them.
      if (outcome.ok) await checkAfterImport(run, workbookTerms);
      // A cancel the import undid is not a failure: said plainly, not in red.
      const cancelled = !outcome.ok && outcome.message === importFailureMessage(new ImportCancelled());
      return { ok: outcome.ok, message: outcome.message, cancelled };
    },
  );
}

/** A short command of the import section (reading a file, the example, the selection): one at a time, said on the status line. */
function inputCommand(button: string, working: string, work: () => Promise<Outcome>): void {
  void commands().run({ button: $(button), result: $("status"), working, failed: (error) => `Could not read it: ${error instanceof Error ? error.message : String(error)}` }, work);
}

function wire(): void {
  const paste = $<HTMLTextAreaElement>("paste");
  let timer: ReturnType<typeof setTimeout> | undefined;
  paste.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(() => void check(paste.value), 250);
  });
  const file = $<HTMLInputElement>("file");
  $("choose-file").addEventListener("click", () => file.click());
  file.addEventListener("change", () => {
    const chosen = file.files?.[0];
    if (!chosen) return;
    paste.value = "";
    file.value = "";
    if (chosen.size > MAX_IMPORT_BYTES) {
      // Refused before reading: a 50 MB file never reaches memory or the parser.
      checks++; // and no check still under way shows its text over this
      plan = { ok: false, rows: [], errors: [{ line: 1, column: "", message: `${chosen.name} is ${(chosen.size / 1048576).toFixed(1)} MB: the limit is ${MAX_IMPORT_BYTES / 1048576} MB, split the report` }] };
      render(plan);
      return;
    }
    inputCommand("choose-file", `Reading ${chosen.name}…`, async () => {
      await check(await chosen.text(), chosen.name);
      return { ok: true, message: `Read ${chosen.name}.` };
    });
  });
  // The examples the build copies (webpack.config.js): the 2001 report, and the same sales as an agent sends them today.
  const sample = (button: string, file: string, what: string) =>
    $(button).addEventListener("click", () =>
      inputCommand(button, `Loading ${what}…`, async () => {
        const response = await fetch(`examples/${file}`);
        if (!response.ok) return { ok: false, message: `Could not load ${what} (examples/${file}: ${response.status}).` };
        paste.value = await response.text();
        await check(paste.value);
        return { ok: true, message: `Loaded ${what}.` };
      }),
    );
  sample("load-sample", "neot-2001-placements.csv", "the example report");
  sample("load-agent-sample", "neot-2001-agent-report.csv", "the example agent report");
  $("use-selection").addEventListener("click", () => {
    const run = excel();
    if (!run) return setStatus("Open this pane from Excel to read the current selection.");
    inputCommand("use-selection", "Reading the selection…", async () => {
      const [{ readSelectionText, SelectionRefused }, { CELL_EDIT_MESSAGE, isCellEditError }] = await Promise.all([selection(), importApply()]);
      try {
        paste.value = await readSelectionText(run);
        await check(paste.value);
        return { ok: true, message: "Read the selection." };
      } catch (error) {
        if (error instanceof SelectionRefused) return { ok: false, message: error.message };
        if (isCellEditError(error)) return { ok: false, message: CELL_EDIT_MESSAGE };
        return { ok: false, message: `Could not read the selection: ${error instanceof Error ? error.message : String(error)}` };
      }
    });
  });
  $("copy-errors").addEventListener("click", async () => {
    if (!plan) return;
    try {
      await navigator.clipboard.writeText(errorsAsText(plan));
      setStatus("Errors copied to the clipboard.");
    } catch {
      paste.focus();
      setStatus("The clipboard is not available here: select the error table and copy it.");
    }
  });
  $("apply").addEventListener("click", () => void importPlan());
  $("cancel").addEventListener("click", () => commands().cancel());
  // After any command of the pane: Import enabled again only by its own rule.
  commands().onEnd(() => render(plan));
}

wire();
wireTerms();
wireCompliance();
if (typeof Office === "undefined") {
  setStatus("Office.js did not load: open this pane from Excel.");
} else {
  void Office.onReady((info) => {
    inExcel = info.host === Office.HostType.Excel;
    setStatus(inExcel ? "Ready." : "Open this pane from Excel to import placements.");
    render(plan);
    if (inExcel) void loadWorkbookTerms();
  });
}
