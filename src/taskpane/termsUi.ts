/*
 * The pane's "Deal terms" and "Reconcile" sections: the New deal form writing the Terms sheet,
 * and the reconciliation of the agent's statements with its "Copy as text".
 */
import type { ExcelRun } from "./apply";
import { SEED_TERMS, type DealTerms } from "./terms";
import { readTermsForm, renderTermsForm, showFieldErrors } from "./termsForm";
import { readTermsSheet, reconcileWorkbook, writeTermsSheet } from "./termsApply";

const $ = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;
const run = () => Excel.run as unknown as ExcelRun;
const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** The workbook's terms when it has a readable Terms sheet (the import and the formulas use them). */
export let workbookTerms: DealTerms | undefined;

export async function loadWorkbookTerms(): Promise<void> {
  const status = $("terms-status");
  try {
    const read = await readTermsSheet(run());
    workbookTerms = Array.isArray(read) ? undefined : read;
    status.textContent = read === undefined
      ? "No Terms sheet: the formulas use the seed's terms (NeoTherapeutics and Cantor, 2001)."
      : Array.isArray(read)
        ? `The Terms sheet has problems (${read.map((e) => e.message).join("; ")}): fix them through New deal.`
        : `Terms: ${read.issuer} with ${read.agent}; agreements ${read.agreements.map((a) => a.name).join(", ")}.`;
  } catch (error) {
    status.textContent = `Could not read the Terms sheet: ${message(error)}`;
  }
}

export function wireTerms(): void {
  const form = $("terms-form");
  const fields = $("terms-fields");
  const result = $("terms-result");
  let reconciliation = "";

  $("new-deal").addEventListener("click", () => {
    renderTermsForm(fields, workbookTerms ?? SEED_TERMS);
    form.hidden = false;
    result.textContent = "";
    fields.querySelector<HTMLInputElement>("input")?.focus();
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
      result.textContent = `Writing the terms failed and was undone: ${message(error)}`;
    }
  });

  $("reconcile-button").addEventListener("click", async () => {
    const text = $("reconciliation-text");
    try {
      ({ text: reconciliation } = await reconcileWorkbook(run(), workbookTerms ?? SEED_TERMS));
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
