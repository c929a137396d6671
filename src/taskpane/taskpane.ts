/*
 * The Placements pane: three ways in (file, paste, current selection), a live check with every
 * bad line listed, then the import with progress and cancel. Outside Office (a plain browser)
 * Office.onReady resolves with a null host and the pane says so.
 */
import "@fluentui/web-components/button.js";
import "@fluentui/web-components/progress-bar.js";
import { setTheme } from "@fluentui/web-components";
import { webLightTheme } from "@fluentui/tokens";
import { isoDate } from "../core/calendar";
import { CELL_EDIT_MESSAGE, isCellEditError, runImport } from "./apply";
import { excelRun, type ExcelRun } from "./excel/run";
import { readSelectionText, SelectionRefused } from "./excel/selection";
import { MAX_IMPORT_BYTES, planImport, type ImportPlan } from "./plan";
import { freshTerms, loadWorkbookTerms, wireTerms, workbookTerms } from "./termsUi";
import "./shareUi";

setTheme(webLightTheme);

const $ = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;
const PREVIEW_ROWS = 20;
const SHOWN_ERRORS = 500;

let plan: ImportPlan | undefined;
/** The text `plan` was made from: the import plans it again against the terms read when it starts. */
let planText = "";
let cancelled = false;
let inExcel = false;

const dollars = new Intl.NumberFormat("en-US", { style: "currency", currency: "USD" });
const whole = new Intl.NumberFormat("en-US");

function setStatus(text: string): void {
  $("status").textContent = text;
}

function cell(row: HTMLTableRowElement, text: string, numeric = false): void {
  const td = row.insertCell();
  td.textContent = text;
  if (numeric) td.className = "num";
}

function errorsAsText(current: ImportPlan): string {
  return current.errors.map((e) => `line ${e.line}${e.column ? `, ${e.column}` : ""}: ${e.message}`).join("\n");
}

function render(current: ImportPlan | undefined): void {
  const summary = $("plan-summary");
  const errorRows = $<HTMLTableSectionElement>("error-rows");
  const previewRows = $<HTMLTableSectionElement>("preview-rows");
  errorRows.replaceChildren();
  previewRows.replaceChildren();
  $("errors").hidden = !current || current.ok;
  $("preview").hidden = !current || !current.ok;
  $("apply").toggleAttribute("disabled", !current?.ok || !inExcel);
  summary.className = current ? (current.ok ? "ok" : "bad") : "";
  if (!current) {
    summary.textContent = "";
    return;
  }
  if (!current.ok) {
    summary.textContent = `${current.errors.length} problem${current.errors.length === 1 ? "" : "s"} found: nothing will be written.`;
    for (const e of current.errors.slice(0, SHOWN_ERRORS)) {
      const row = errorRows.insertRow();
      cell(row, String(e.line), true);
      cell(row, e.column);
      cell(row, e.message);
    }
    if (current.errors.length > SHOWN_ERRORS) cell(errorRows.insertRow(), `… and ${current.errors.length - SHOWN_ERRORS} more (Copy errors copies them all)`);
    return;
  }
  const gross = current.rows.reduce((sum, r) => sum + Math.round(r.gross * 100), 0) / 100;
  summary.textContent = `${whole.format(current.rows.length)} rows ready, gross ${dollars.format(gross)}.${inExcel ? "" : " Open this pane in Excel to import them."}`;
  for (const r of current.rows.slice(0, PREVIEW_ROWS)) {
    const row = previewRows.insertRow();
    cell(row, String(r.line), true);
    cell(row, isoDate(r.tradeDate));
    cell(row, whole.format(r.shares), true);
    cell(row, String(r.price), true);
    cell(row, dollars.format(r.gross), true);
    cell(row, r.agreement);
    cell(row, r.placement);
  }
  $("apply").textContent = `Import ${whole.format(current.rows.length)} rows`;
}

function check(text: string): void {
  planText = text;
  plan = text.trim() === "" ? undefined : planImport(text, workbookTerms?.agreements.map((a) => a.name));
  render(plan);
  $("progress-text").textContent = "";
}

/** The pane's ExcelRun (every batch waits out a cell edit where the host can); undefined outside Excel. */
function excel(): ExcelRun | undefined {
  return inExcel ? excelRun() : undefined;
}

async function importPlan(): Promise<void> {
  const run = excel();
  if (!plan?.ok || !run) return;
  const progress = $("progress");
  const progressText = $("progress-text");
  cancelled = false;
  progress.hidden = false;
  progress.setAttribute("value", "0");
  $("cancel").hidden = false;
  $("apply").setAttribute("disabled", "");
  progressText.textContent = "Reading the Terms sheet…";
  progressText.className = "";
  try {
    // freshTerms (termsUi): the Terms sheet as it is now, not as it was when the pane opened.
    const outcome = await runImport(run, planText, freshTerms, {
      isCancelled: () => cancelled,
      onProgress: (written, total) => {
        const percent = Math.round((written / total) * 100);
        progress.setAttribute("value", String(percent));
        progressText.textContent = `Writing ${whole.format(written)} of ${whole.format(total)} rows (${percent}%)`;
      },
    });
    if (outcome.plan) plan = outcome.plan;
    if (outcome.ok) progress.setAttribute("value", "100");
    progressText.textContent = outcome.message;
    progressText.className = outcome.ok ? "" : "bad";
  } finally {
    $("cancel").hidden = true;
    render(plan);
  }
}

function wire(): void {
  const paste = $<HTMLTextAreaElement>("paste");
  let timer: ReturnType<typeof setTimeout> | undefined;
  paste.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(() => check(paste.value), 250);
  });
  const file = $<HTMLInputElement>("file");
  $("choose-file").addEventListener("click", () => file.click());
  file.addEventListener("change", async () => {
    const chosen = file.files?.[0];
    if (!chosen) return;
    paste.value = "";
    file.value = "";
    if (chosen.size > MAX_IMPORT_BYTES) {
      // Refused before reading: a 50 MB file never reaches memory or the parser.
      plan = { ok: false, rows: [], errors: [{ line: 1, column: "", message: `${chosen.name} is ${(chosen.size / 1048576).toFixed(1)} MB: the limit is ${MAX_IMPORT_BYTES / 1048576} MB, split the report` }] };
      render(plan);
      return;
    }
    check(await chosen.text());
  });
  $("load-sample").addEventListener("click", async () => {
    const response = await fetch("examples/neot-2001-placements.csv");
    paste.value = await response.text();
    check(paste.value);
  });
  $("use-selection").addEventListener("click", async () => {
    const run = excel();
    if (!run) return setStatus("Open this pane from Excel to read the current selection.");
    try {
      paste.value = await readSelectionText(run);
      check(paste.value);
      setStatus("Read the selection.");
    } catch (error) {
      if (error instanceof SelectionRefused) setStatus(error.message);
      else if (isCellEditError(error)) setStatus(CELL_EDIT_MESSAGE);
      else setStatus(`Could not read the selection: ${error instanceof Error ? error.message : String(error)}`);
    }
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
  $("cancel").addEventListener("click", () => {
    cancelled = true;
  });
}

wire();
wireTerms();
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
