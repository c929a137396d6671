/*
 * The "New deal" form: DealTerms <-> form fields, and each field's error shown at the field.
 * Plain DOM, keyboard-first: every control is a labelled native input or a fluent-button.
 */
import type { DealTerms, FieldError } from "./terms";

const esc = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function input(field: string, label: string, value: string | number | null, kind: "text" | "number" = "number", hint = ""): string {
  const id = `f-${field.replace(/\./g, "-")}`;
  const shown = value === null || (typeof value === "number" && !Number.isFinite(value)) ? "" : String(value);
  return `<label class="field" for="${id}"><span>${esc(label)}${hint ? ` <small>${esc(hint)}</small>` : ""}</span>
    <input id="${id}" data-field="${field}" type="text" inputmode="${kind === "number" ? "decimal" : "text"}" value="${esc(shown)}" aria-describedby="${id}-error" />
    <span class="field-error" id="${id}-error" role="alert"></span></label>`;
}

export function renderTermsForm(container: HTMLElement, terms: DealTerms): void {
  const agreements = terms.agreements
    .map(
      (a, i) => `<fieldset class="agreement" data-agreement="${i}">
      <legend>Agreement ${i + 1}</legend>
      ${input(`agreements.${i}.name`, "Name", a.name, "text", "the Agreement column's value, e.g. Sales")}
      ${input(`agreements.${i}.programMax`, "Program size, $", a.programMax)}
      ${input(`agreements.${i}.expenseCap`, "Expense reimbursement cap, $", a.expenseCap)}
      <div class="tiers" role="group" aria-label="Fee schedule of agreement ${i + 1}">
        <span class="field-error" id="f-agreements-${i}-tiers-error" data-field-error="agreements.${i}.tiers" role="alert"></span>
        ${a.tiers
          .map(
            (t, k) => `<div class="tier">${input(`agreements.${i}.tiers.${k}.from`, `Tier ${k + 1} from, $`, t.from)}${input(`agreements.${i}.tiers.${k}.rate`, "rate", t.rate, "number", "0.04 = 4%")}
            <fluent-button size="small" data-action="remove-tier" data-agreement="${i}" data-tier="${k}" aria-label="Remove tier ${k + 1} of agreement ${i + 1}">Remove</fluent-button></div>`,
          )
          .join("")}
        <fluent-button size="small" data-action="add-tier" data-agreement="${i}">Add tier</fluent-button>
      </div>
      <fluent-button size="small" data-action="remove-agreement" data-agreement="${i}">Remove agreement</fluent-button>
    </fieldset>`,
    )
    .join("");
  container.innerHTML = `
    ${input("issuer", "Issuer", terms.issuer, "text")}
    ${input("agent", "Agent", terms.agent, "text")}
    <span class="field-error" data-field-error="agreements" role="alert"></span>
    ${agreements}
    <fluent-button size="small" data-action="add-agreement">Add agreement</fluent-button>
    ${input("warrantCoverage", "Warrant coverage", terms.warrantCoverage, "number", "fraction of shares sold, 0.10 = 10%")}
    ${input("warrantPremium", "Warrant premium", terms.warrantPremium, "number", "multiple of the VWAP, 1.3 = 130%")}
    ${input("retainerAllocation", "Retainer allocation per agreement, $", terms.retainerAllocation)}
    ${input("settlementCycle", "Settlement cycle override, business days", terms.settlementCycle, "number", "blank: T+3 / T+2 / T+1 by trade date")}`;
}

/** The terms as typed: numbers parsed (NaN when not a number: validation says so at the field). */
export function readTermsForm(container: HTMLElement): DealTerms {
  const value = (field: string) => (container.querySelector(`[data-field="${field}"]`) as HTMLInputElement | null)?.value.trim() ?? "";
  const number = (field: string) => {
    const text = value(field).replace(/[$,\s]/g, "");
    return text === "" ? NaN : Number(text);
  };
  const agreements = [...container.querySelectorAll<HTMLElement>("fieldset.agreement")].map((_, i) => ({
    name: value(`agreements.${i}.name`),
    programMax: number(`agreements.${i}.programMax`),
    expenseCap: number(`agreements.${i}.expenseCap`),
    tiers: [...container.querySelectorAll(`fieldset[data-agreement="${i}"] .tier`)].map((_, k) => ({
      from: number(`agreements.${i}.tiers.${k}.from`),
      rate: number(`agreements.${i}.tiers.${k}.rate`),
    })),
  }));
  return {
    issuer: value("issuer"),
    agent: value("agent"),
    agreements,
    warrantCoverage: number("warrantCoverage"),
    warrantPremium: number("warrantPremium"),
    retainerAllocation: number("retainerAllocation"),
    settlementCycle: value("settlementCycle") === "" ? null : number("settlementCycle"),
  };
}

/** Shows each error at its field (or at the nearest group); clears the others. Returns the first field in error. */
export function showFieldErrors(container: HTMLElement, errors: readonly FieldError[]): HTMLElement | undefined {
  container.querySelectorAll<HTMLElement>(".field-error").forEach((e) => (e.textContent = ""));
  container.querySelectorAll("[aria-invalid]").forEach((e) => e.removeAttribute("aria-invalid"));
  let first: HTMLElement | undefined;
  for (const { field, message } of errors) {
    const control = container.querySelector<HTMLElement>(`[data-field="${field}"]`);
    const slot = control ? container.querySelector<HTMLElement>(`#${control.id}-error`) : container.querySelector<HTMLElement>(`[data-field-error="${field}"]`);
    if (control) control.setAttribute("aria-invalid", "true");
    if (slot) slot.textContent = slot.textContent ? `${slot.textContent} ${message}` : message;
    first ??= control ?? slot ?? undefined;
  }
  return first;
}
