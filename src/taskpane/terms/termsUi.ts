/*
 * The pane's "Deal terms" and "Reconcile" sections: the New deal form writing the Terms sheet,
 * and the reconciliation of the agent's statements with its "Copy as text".
 *
 * Every command reads the Terms sheet again when it starts (freshTerms): the shared runtime keeps
 * this module alive while the pane is closed (SharedRuntime, <Runtime lifetime="long">), and the
 * user may edit the Terms sheet by hand in between, so terms kept from an earlier read can be stale.
 */
import { excelRun, type ExcelRun } from "../excel/run";
import { reconcileApply, registerCsv, termsForm, type TermsForm } from "../chunks";
import { commands } from "../runner";
import { BLANK_TERMS, SEED_TERMS, termsText, type DealTerms, type FieldError } from "./terms";
import { NotUndone, readTermsSheetDraft, writeTermsSheet } from "./termsApply";

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

/**
 * The first thing a new workbook needs. Without a Terms sheet the functions and the import keep
 * their built-in defaults (the 2001 example deal's terms), said here without naming that deal.
 */
export const NO_TERMS_STATUS = "No deal terms in this workbook yet: start with New deal. Until then, imports and CEO functions use their built-in fee schedule (4% / 3.5% / 3%).";

function showTermsStatus(text: string): void {
  if (typeof document !== "undefined") {
    const status = document.getElementById("terms-status");
    if (status) {
      status.textContent = text;
      status.className = ""; // what was read now, not an earlier command's failure
    }
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
    showTermsStatus(NO_TERMS_STATUS);
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
  const { reconcileWorkbook } = await reconcileApply(); // fetched on first use (chunks.ts)
  return reconcileWorkbook(excel, terms ?? SEED_TERMS);
}

/**
 * What New deal opens with: the Terms sheet as it is now, or a blank form without one (the example
 * deal is a choice in the form, never a default); a sheet with problems opens with what could be
 * read and each problem at its field, so it can be fixed.
 */
export async function newDealForm(excel: ExcelRun = run()): Promise<{ terms: DealTerms; errors: FieldError[] }> {
  try {
    return { terms: (await freshTerms(excel)) ?? BLANK_TERMS, errors: [] };
  } catch (error) {
    if (error instanceof TermsSheetProblem) return { terms: error.draft ?? BLANK_TERMS, errors: error.errors };
    throw error;
  }
}

export function wireTerms(): void {
  const form = $("terms-form");
  const fields = $("terms-fields");
  const result = $("terms-result");
  let reconciliation = "";
  // The form's code (termsForm.ts) is fetched when New deal first opens it; the form's controls are
  // hidden until then, so each of their handlers finds it here.
  let ui: TermsForm | undefined;

  const say = (text: string, bad = false) => {
    result.textContent = text;
    result.className = bad ? "bad" : "";
  };
  /** One primary action in the section: New deal while the form is closed, Write Terms sheet while it is open. */
  const showForm = (open: boolean) => {
    form.hidden = !open;
    $(open ? "write-terms" : "new-deal").setAttribute("appearance", "primary");
    $(open ? "new-deal" : "write-terms").removeAttribute("appearance");
  };
  const closeForm = () => {
    showForm(false);
    $("new-deal").focus();
  };

  // Commands run one at a time through the pane's runner (runner.ts): the rest of the pane is disabled meanwhile.
  $("new-deal").addEventListener("click", () => {
    say("");
    void commands().run(
      { button: $("new-deal"), result: $("terms-status"), working: "Reading the Terms sheet…", failed: (error) => `Could not read the Terms sheet: ${message(error)}` },
      async () => {
        const [{ terms, errors }, form] = await Promise.all([newDealForm(), termsForm()]);
        ui = form;
        const { renderTermsForm, showFieldErrors } = form;
        renderTermsForm(fields, termsText(terms));
        showForm(true);
        if (errors.length > 0) say(`The Terms sheet has ${errors.length} problem${errors.length === 1 ? "" : "s"}, shown at the fields: fix them and write the terms.`, true);
        // The status line says what was read (freshTerms); focus goes to the form, once the pane is enabled again.
        return { ok: true, focus: showFieldErrors(fields, errors) ?? fields.querySelector<HTMLInputElement>("input") ?? undefined };
      },
    );
  });
  $("example-terms").addEventListener("click", () => {
    if (!ui) return;
    const { renderTermsForm } = ui;
    renderTermsForm(fields, termsText(SEED_TERMS));
    say("The 2001 NeoTherapeutics example is in the form: change what differs in your deal, then write the Terms sheet.");
    fields.querySelector<HTMLInputElement>("input")?.focus();
  });
  $("example-register").addEventListener("click", () => {
    void commands().run({ button: $("example-register"), result, working: "Loading the example register…", failed: (error) => `Could not load the example register: ${message(error)}` }, async () => {
      const [{ blackoutsFromCsv, placementsFromCsv }, placements, blackouts] = await Promise.all([
        registerCsv(),
        ...["examples/neot-2001-register.csv", "examples/neot-2001-blackouts.csv"].map((file) => fetch(file).then((r) => r.text())),
      ] as const);
      if (!ui) return { ok: false, message: "Open the form with New deal first." };
      const { readFormText, renderTermsForm } = ui;
      const text = readFormText(fields);
      text.placements = placementsFromCsv(placements!);
      text.blackouts = blackoutsFromCsv(blackouts!);
      renderTermsForm(fields, text);
      return { ok: true, message: "The example's placements register and blackout window are in the form: write the Terms sheet to keep them.", focus: fields.querySelector<HTMLElement>("#f-placements-0-id") ?? undefined };
    });
  });
  $("close-terms").addEventListener("click", closeForm);
  form.addEventListener("keydown", (event) => {
    if (event.key !== "Escape") return;
    event.preventDefault();
    closeForm(); // nothing is written: the form is read again from the workbook when it opens
  });
  fields.addEventListener("change", (event) => {
    if (ui && event.target instanceof HTMLInputElement) ui.tidyField(event.target);
  });
  fields.addEventListener("input", (event) => {
    if (ui && event.target instanceof HTMLInputElement) ui.clearFieldError(event.target);
  });
  fields.addEventListener("click", (event) => {
    const button = (event.target as HTMLElement).closest<HTMLElement>("[data-action]");
    if (!button || !ui) return;
    const { readFormText, renderTermsForm } = ui;
    const text = readFormText(fields);
    const i = Number(button.dataset.agreement);
    const agreement = text.agreements[i];
    let focus = "";
    switch (button.dataset.action) {
      case "add-tier":
        agreement?.tiers.push({ from: "", rate: "" });
        focus = `#f-agreements-${i}-tiers-${(agreement?.tiers.length ?? 1) - 1}-from`;
        break;
      case "remove-tier":
        agreement?.tiers.splice(Number(button.dataset.tier), 1);
        focus = `fieldset[data-agreement="${i}"] [data-action=add-tier]`;
        break;
      case "add-agreement":
        text.agreements.push({ name: "", programMax: "", expenseCap: "", tiers: [{ from: "0", rate: "" }] });
        focus = `#f-agreements-${text.agreements.length - 1}-name`;
        break;
      case "remove-agreement":
        text.agreements.splice(i, 1);
        focus = "[data-action=add-agreement]";
        break;
      case "add-placement":
        text.placements.push({ id: "", agreement: text.agreements[0]?.name ?? "", termsDate: "", sharesOffered: "", minimumPrice: "", dailyLimit: "", endDate: "" });
        focus = `#f-placements-${text.placements.length - 1}-id`;
        break;
      case "remove-placement":
        text.placements.splice(Number(button.dataset.placement), 1);
        focus = "[data-action=add-placement]";
        break;
      case "add-blackout":
        text.blackouts.push({ start: "", end: "", reason: "" });
        focus = `#f-blackouts-${text.blackouts.length - 1}-start`;
        break;
      case "remove-blackout":
        text.blackouts.splice(Number(button.dataset.blackout), 1);
        focus = "[data-action=add-blackout]";
        break;
    }
    renderTermsForm(fields, text);
    fields.querySelector<HTMLElement>(focus)?.focus();
  });
  $("write-terms").addEventListener("click", () => {
    if (!ui) return;
    const { readTermsForm, showFieldErrors } = ui;
    const { terms, errors: unread } = readTermsForm(fields);
    const refuse = (errors: FieldError[]) => ({
      ok: false,
      message: `${errors.length} ${errors.length === 1 ? "problem" : "problems"} to fix, each shown at its field: nothing was written.`,
      focus: showFieldErrors(fields, errors) ?? undefined,
    });
    void commands().run(
      {
        button: $("write-terms"),
        result: result,
        working: "Writing…",
        failed: (error) => (error instanceof NotUndone ? `Writing the terms failed: ${message(error)}` : `Writing the terms failed and was undone: ${message(error)}`),
      },
      async () => {
        if (unread.length > 0) return refuse(unread);
        const errors = await writeTermsSheet(run(), terms);
        if (errors.length > 0) return refuse(errors);
        showFieldErrors(fields, []);
        await loadWorkbookTerms();
        return { ok: true, message: "The Terms sheet and its names are written; the Placements formulas use them." };
      },
    );
  });

  $("reconcile-button").addEventListener("click", () => {
    void commands().run(
      {
        button: $("reconcile-button"),
        result: $("reconciliation-text"),
        working: "Reconciling…",
        focus: "result",
        failed: (error) => `Could not reconcile: ${message(error)}`,
        // Copy as text copies what is shown: never an earlier reconciliation under a failure.
        after: (outcome) => $("copy-reconciliation").toggleAttribute("disabled", !outcome.ok),
      },
      async () => {
        ({ text: reconciliation } = await reconcileCommand());
        return { ok: true, message: reconciliation };
      },
    );
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
