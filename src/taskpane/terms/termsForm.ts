/*
 * The "New deal" form: the terms' text (terms.ts: DealTermsText) <-> form fields, and each field's
 * error shown at the field. Plain DOM, keyboard-first: every control is a labelled native input or
 * a fluent-button. The fields hold text as the analyst typed it ("8.4m", "3.5%"); terms.ts reads it.
 */
import { parseTradeDate } from "../import/dates";
import { dateText, formatAmount, formatRate, readAmount, readRate, readTermsText, type DealTerms, type DealTermsText, type FieldError } from "./terms";

const esc = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** How a field is read: free text, an amount ($), a fraction (fee rate, coverage), a multiple (premium), business days. */
type Kind = "text" | "amount" | "fraction" | "multiple" | "days" | "date";

const fieldId = (field: string) => `f-${field.replace(/\./g, "-")}`;

function input(field: string, label: string, value: string, kind: Kind, hint = ""): string {
  const id = fieldId(field);
  return `<label class="field" for="${id}"><span>${esc(label)}${hint ? ` <small>${esc(hint)}</small>` : ""}</span>
    <input id="${id}" data-field="${field}" data-kind="${kind}" type="text" inputmode="${kind === "text" || kind === "date" ? "text" : "decimal"}" autocomplete="off" value="${esc(value)}" aria-describedby="${id}-error" />
    <span class="field-error" id="${id}-error" role="alert"></span></label>`;
}

export function renderTermsForm(container: HTMLElement, text: DealTermsText): void {
  const agreements = text.agreements
    .map(
      (a, i) => `<fieldset class="agreement" data-agreement="${i}">
      <legend>Agreement ${i + 1}</legend>
      ${input(`agreements.${i}.name`, "Name", a.name, "text", "the Agreement column's value, e.g. Sales")}
      ${input(`agreements.${i}.programMax`, "Program size, $", a.programMax, "amount", "e.g. 25,000,000 or 25m")}
      ${input(`agreements.${i}.expenseCap`, "Expense reimbursement cap, $", a.expenseCap, "amount", "0 when there is none")}
      <div class="tiers" role="group" aria-label="Fee schedule of agreement ${i + 1}">
        <span class="field-error" id="f-agreements-${i}-tiers-error" data-field-error="agreements.${i}.tiers" role="alert"></span>
        ${a.tiers
          .map(
            (t, k) => `<div class="tier">${input(`agreements.${i}.tiers.${k}.from`, `Tier ${k + 1} from, $`, t.from, "amount")}${input(`agreements.${i}.tiers.${k}.rate`, "rate", t.rate, "fraction", "3.5% or 0.035")}
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
    ${input("issuer", "Issuer", text.issuer, "text")}
    ${input("agent", "Agent", text.agent, "text")}
    <span class="field-error" data-field-error="agreements" role="alert"></span>
    ${agreements}
    <fluent-button size="small" data-action="add-agreement">Add agreement</fluent-button>
    ${input("warrantCoverage", "Warrant coverage", text.warrantCoverage, "fraction", "of the shares sold: 10% or 0.10")}
    ${input("warrantPremium", "Warrant premium", text.warrantPremium, "multiple", "exercise price over the VWAP: 130% or 1.3")}
    ${input("retainerAllocation", "Retainer allocation per agreement, $", text.retainerAllocation, "amount")}
    ${input("settlementCycle", "Settlement cycle override, business days", text.settlementCycle, "days", "blank: T+3 / T+2 / T+1 by trade date")}
    ${input("nonAffiliateShares", "Non-affiliate shares", text.nonAffiliateShares, "amount", "for the baby-shelf limit; blank if not known")}
    <fieldset class="register"><legend>Placements register</legend>
      <p class="hint">Each placement as agreed with the agent: Check compliance checks every sale against it.</p>
      ${text.placements
        .map(
          (p, i) => `<fieldset class="placement" data-placement="${i}"><legend>Placement ${i + 1}</legend>
        ${input(`placements.${i}.id`, "Placement id", p.id, "text", "the Placement column's value, e.g. P-001")}
        ${input(`placements.${i}.agreement`, "Agreement", p.agreement, "text")}
        ${input(`placements.${i}.termsDate`, "Terms agreed on", p.termsDate, "date", "2001-10-31 or 10/31/2001")}
        ${input(`placements.${i}.sharesOffered`, "Shares offered", p.sharesOffered, "amount")}
        ${input(`placements.${i}.minimumPrice`, "Minimum price, $", p.minimumPrice, "amount", "blank when none was agreed")}
        ${input(`placements.${i}.dailyLimit`, "Shares per day", p.dailyLimit, "amount", "blank: no daily limit")}
        ${input(`placements.${i}.endDate`, "End date", p.endDate, "date", "blank: none")}
        <fluent-button size="small" data-action="remove-placement" data-placement="${i}" aria-label="Remove placement ${i + 1}">Remove placement</fluent-button>
      </fieldset>`,
        )
        .join("")}
      <fluent-button size="small" data-action="add-placement">Add placement</fluent-button>
    </fieldset>
    <fieldset class="register"><legend>Blackout windows</legend>
      ${text.blackouts
        .map(
          (b, k) => `<fieldset class="blackout" data-blackout="${k}"><legend>Blackout ${k + 1}</legend>
        ${input(`blackouts.${k}.start`, "From", b.start, "date")}
        ${input(`blackouts.${k}.end`, "To (included)", b.end, "date")}
        ${input(`blackouts.${k}.reason`, "Reason", b.reason, "text", "e.g. Q3 earnings")}
        <fluent-button size="small" data-action="remove-blackout" data-blackout="${k}" aria-label="Remove blackout ${k + 1}">Remove blackout</fluent-button>
      </fieldset>`,
        )
        .join("")}
      <fluent-button size="small" data-action="add-blackout">Add blackout</fluent-button>
    </fieldset>`;
}

/** The fields' text, as typed. */
export function readFormText(container: HTMLElement): DealTermsText {
  const value = (field: string) => (container.querySelector(`[data-field="${field}"]`) as HTMLInputElement | null)?.value ?? "";
  return {
    issuer: value("issuer"),
    agent: value("agent"),
    agreements: [...container.querySelectorAll<HTMLElement>("fieldset.agreement")].map((_, i) => ({
      name: value(`agreements.${i}.name`),
      programMax: value(`agreements.${i}.programMax`),
      expenseCap: value(`agreements.${i}.expenseCap`),
      tiers: [...container.querySelectorAll(`fieldset[data-agreement="${i}"] .tier`)].map((_, k) => ({
        from: value(`agreements.${i}.tiers.${k}.from`),
        rate: value(`agreements.${i}.tiers.${k}.rate`),
      })),
    })),
    warrantCoverage: value("warrantCoverage"),
    warrantPremium: value("warrantPremium"),
    retainerAllocation: value("retainerAllocation"),
    settlementCycle: value("settlementCycle"),
    nonAffiliateShares: value("nonAffiliateShares"),
    placements: [...container.querySelectorAll("fieldset.placement")].map((_, i) => ({
      id: value(`placements.${i}.id`),
      agreement: value(`placements.${i}.agreement`),
      termsDate: value(`placements.${i}.termsDate`),
      sharesOffered: value(`placements.${i}.sharesOffered`),
      minimumPrice: value(`placements.${i}.minimumPrice`),
      dailyLimit: value(`placements.${i}.dailyLimit`),
      endDate: value(`placements.${i}.endDate`),
    })),
    blackouts: [...container.querySelectorAll("fieldset.blackout")].map((_, k) => ({
      start: value(`blackouts.${k}.start`),
      end: value(`blackouts.${k}.end`),
      reason: value(`blackouts.${k}.reason`),
    })),
  };
}

/** The terms as typed, with every problem of the form (unreadable text and the terms' own checks). */
export function readTermsForm(container: HTMLElement): { terms: DealTerms; errors: FieldError[] } {
  return readTermsText(readFormText(container));
}

/**
 * A field left: an amount or rate that reads is shown as the form shows figures ("8.4m" becomes
 * "8,400,000", "0.035" becomes "3.5%"), so the analyst sees how it was read. Text that does not
 * read is left as typed, for its message at Write.
 */
export function tidyField(field: HTMLInputElement): void {
  const kind = field.dataset.kind as Kind | undefined;
  if (kind === "amount") {
    const reading = readAmount(field.value);
    if (reading.ok) field.value = formatAmount(reading.value);
  } else if (kind === "fraction" || kind === "multiple") {
    const reading = readRate(field.value, { fraction: kind === "fraction" });
    if (reading.ok) field.value = formatRate(reading.value);
  } else if (kind === "date") {
    const read = parseTradeDate(field.value);
    if (typeof read === "number") field.value = dateText(read);
  }
}

/** A field typed in again: its old message no longer applies. */
export function clearFieldError(field: HTMLElement): void {
  field.removeAttribute("aria-invalid");
  const slot = field.id ? field.ownerDocument.getElementById(`${field.id}-error`) : null;
  if (slot) slot.textContent = "";
}

/**
 * Shows every error at its field (or at its group: the agreements, an agreement's fee schedule);
 * clears the others. Returns what to focus: the first field in error in the form's order.
 */
export function showFieldErrors(container: HTMLElement, errors: readonly FieldError[]): HTMLElement | undefined {
  container.querySelectorAll<HTMLElement>(".field-error").forEach((e) => (e.textContent = ""));
  container.querySelectorAll("[aria-invalid]").forEach((e) => e.removeAttribute("aria-invalid"));
  const marked: HTMLElement[] = [];
  for (const { field, message } of errors) {
    const control = container.querySelector<HTMLElement>(`[data-field="${field}"]`);
    const slot = control ? container.querySelector<HTMLElement>(`#${control.id}-error`) : container.querySelector<HTMLElement>(`[data-field-error="${field}"]`);
    if (control) control.setAttribute("aria-invalid", "true");
    if (slot) slot.textContent = slot.textContent ? `${slot.textContent} ${message}` : message;
    if (!control && slot) slot.tabIndex = -1; // a group's message can take the focus
    const target = control ?? slot;
    if (target) marked.push(target);
  }
  return marked.reduce<HTMLElement | undefined>((first, e) => (!first || first.compareDocumentPosition(e) & Node.DOCUMENT_POSITION_PRECEDING ? e : first), undefined);
}
