/*
 * The pane's "Deal terms" and "Reconcile" sections: the New deal form writing the Terms sheet,
 * and the reconciliation of the agent's statements with its "Copy as text".
 *
 * Every command reads the Terms sheet again when it starts (freshTerms): the shared runtime keeps
 * this module alive while the pane is closed (SharedRuntime, <Runtime lifetime="long">), and the
 * user may edit the Terms sheet by hand in between, so terms kept from an earlier read can be stale.
 */
import { excelRun, type ExcelRun } from "./excel/run";
import { SEED_TERMS, type DealTerms, type FieldError } from "./terms";
import { readTermsForm, renderTermsForm, showFieldErrors } from "./termsForm";
import { NotUndone, readTermsSheetDraft, reconcileWorkbook, writeTermsSheet } from "./termsApply";

const $ = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;
const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** The pane's ExcelRun; outside Excel a command says so rather than failing on a missing global. */
function run(): ExcelRun {
  const excel = excelRun();
  if (!excel) throw new Error("open this pane from Excel: there is no workbook here");
  return excel;
}

/** The Terms sheet is there but cannot be read: its problems, and what could be read (for New deal). */
export class TermsSheetProblem extends Error {
  constructor(
    readonly errors: FieldError[],
    readonly draft: DealTerms | undefined,
  ) {
    super(`the Terms sheet has problems (${errors.map((e) => e.message).join("; ")}): fix them on the sheet or through New deal`);
    this.name = "TermsSheetProblem";
  }
}

/**
 * The terms as of the last read of the Terms sheet (freshTerms), for what cannot wait for a read:
 * the import's live check of agreement names. Commands call freshTerms instead.
 */
export let workbookTerms: DealTerms | undefined;

function showTermsStatus(text: string): void {
  if (typeof document !== "undefined") {
    const status = document.getElementById("terms-status");
    if (status) status.textContent = text;
  }
}

/**
 * The workbook's terms, read now: undefined when it has no Terms sheet (the seed's terms apply);
 * throws a TermsSheetProblem, with a message to show, when the sheet cannot be read. Every command
 * that uses the terms calls this first.
 */
export async function freshTerms(excel: ExcelRun = run()): Promise<DealTerms | undefined> {
  const draft = await readTermsSheetDraft(excel);
  if (!draft) {
    workbookTerms = undefined;
    showTermsStatus("No Terms sheet: the formulas use the seed's terms (NeoTherapeutics and Cantor, 2001).");
    return undefined;
  }
  if (draft.errors.length > 0 || !draft.terms) {
    workbookTerms = undefined;
    const problem = new TermsSheetProblem(draft.errors, draft.terms);
    showTermsStatus(`The Terms sheet has problems (${draft.errors.map((e) => e.message).join("; ")}): fix them through New deal.`);
    throw problem;
  }
  const terms = draft.terms;
  workbookTerms = terms;
  showTermsStatus(`Terms: ${terms.issuer} with ${terms.agent}; agreements ${terms.agreements.map((a) => a.name).join(", ")}.`);
  return terms;
}

/** Reads the terms for the status line when the pane opens; a problem is shown, not thrown. */
export async function loadWorkbookTerms(): Promise<void> {
  try {
    await freshTerms();
  } catch (error) {
    if (!(error instanceof TermsSheetProblem)) showTermsStatus(`Could not read the Terms sheet: ${message(error)}`);
  }
}

/** The Reconcile command: the terms read now (the seed's without a Terms sheet), then the table reconciled. */
export async function reconcileCommand(excel: ExcelRun = run()) {
  const terms = await freshTerms(excel);
  return reconcileWorkbook(excel, terms ?? SEED_TERMS);
}

/**
 * What New deal opens with: the Terms sheet as it is now (the seed's terms without one); a sheet
 * with problems opens with what could be read and each problem at its field, so it can be fixed.
 */
export async function newDealForm(excel: ExcelRun = run()): Promise<{ terms: DealTerms; errors: FieldError[] }> {
  try {
    return { terms: (await freshTerms(excel)) ?? SEED_TERMS, errors: [] };
  } catch (error) {
    if (error instanceof TermsSheetProblem) return { terms: error.draft ?? SEED_TERMS, errors: error.errors };
    throw error;
  }
}

export function wireTerms(): void {
  const form = $("terms-form");
  const fields = $("terms-fields");
  const result = $("terms-result");
  let reconciliation = "";

  $("new-deal").addEventListener("click", async () => {
    result.textContent = "";
    try {
      const { terms, errors } = await newDealForm();
      renderTermsForm(fields, terms);
      form.hidden = false;
      (showFieldErrors(fields, errors) ?? fields.querySelector<HTMLInputElement>("input"))?.focus();
      if (errors.length > 0) result.textContent = `The Terms sheet has ${errors.length} problem${errors.length === 1 ? "" : "s"}, shown at the fields: fix them and write the terms.`;
    } catch (error) {
      $("terms-status").textContent = `Could not read the Terms sheet: ${message(error)}`;
    }
  });
  $("close-terms").addEventListener("click", () => {
    form.hidden = true;
    $("new-deal").focus();
  });
  fields.addEventListener("click", (event) => {
    const button = (event.target as HTMLElement).closest<HTMLElement>("[data-action]");
    if (!button) return;
    const terms = readTermsForm(fields);
    const i = Number(button.dataset.agreement);
    const agreement = terms.agreements[i];
    switch (button.dataset.action) {
      case "add-tier":
        agreement?.tiers.push({ from: NaN, rate: NaN });
        break;
      case "remove-tier":
        agreement?.tiers.splice(Number(button.dataset.tier), 1);
        break;
      case "add-agreement":
        terms.agreements.push({ name: "", tiers: [{ from: 0, rate: NaN }], programMax: NaN, expenseCap: 0 });
        break;
      case "remove-agreement":
        terms.agreements.splice(i, 1);
        break;
    }
    renderTermsForm(fields, terms);
  });
  $("write-terms").addEventListener("click", async () => {
    const terms = readTermsForm(fields);
    result.textContent = "Writing…";
    try {
      const errors = await writeTermsSheet(run(), terms);
      showFieldErrors(fields, errors)?.focus();
      if (errors.length > 0) {
        result.textContent = `${errors.length} field${errors.length === 1 ? "" : "s"} to fix: nothing was written.`;
        return;
      }
      result.textContent = "The Terms sheet and its names are written; the Placements formulas use them.";
      await loadWorkbookTerms();
    } catch (error) {
      result.textContent = error instanceof NotUndone ? `Writing the terms failed: ${message(error)}` : `Writing the terms failed and was undone: ${message(error)}`;
    }
  });

  $("reconcile-button").addEventListener("click", async () => {
    const text = $("reconciliation-text");
    try {
      ({ text: reconciliation } = await reconcileCommand());
      text.textContent = reconciliation;
      $("copy-reconciliation").removeAttribute("disabled");
    } catch (error) {
      text.textContent = `Could not reconcile: ${message(error)}`;
    }
    text.hidden = false;
  });
  $("copy-reconciliation").addEventListener("click", async () => {
    try {
      await navigator.clipboard.writeText(reconciliation);
      $("status").textContent = "Reconciliation copied: paste it into your e-mail.";
    } catch {
      $("status").textContent = "The clipboard is not available here: select the text and copy it.";
    }
  });
}
