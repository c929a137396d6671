/*
 * One command at a time. Every command of the pane that talks to Excel (Import, Reconcile, Check
 * compliance, Quarterly report, New deal, Write Terms sheet, Prepare, Restore, Repair, Explain, Use
 * current selection, Load example)
 * runs through the pane's one runner:
 * - while it runs, every other control of the pane is disabled (buttons, the file chooser, the
 *   paste box, the form's fields), its own Cancel excepted; afterwards each is as it was before;
 * - a second command while one runs is not started (its button is disabled; a click that arrives
 *   anyway, from a script, is ignored);
 * - a long command reports progress (a bar and a line of text) and can be cancelled: the runner
 *   only asks, between the command's requests (isCancelled), and the command undoes what it did,
 *   as it does after a failure;
 * - the outcome is said honestly: a refusal or a failure in red (the .bad class), a cancel plainly;
 *   the progress bar is hidden when the command ends, whatever the end;
 * - focus goes to Cancel while it runs (the disabled button cannot keep it) and returns, when the
 *   command ends, to its button, or to its result, or to what the outcome names (a field in error).
 *
 * Pure of Excel and of the page: it works on the few members of elements it needs (PaneDom,
 * Control), so that its tests need no browser.
 */

/** What a command's work is given: where to report progress, and whether the user asked it to stop. */
export interface CommandHooks {
  /** `done` of `total` (any unit); `text`, when given, is shown instead of the command's working text. */
  onProgress(done: number, total: number, text?: string): void;
  /** Checked by the command between its requests: when true, it undoes what it did and throws CommandCancelled. */
  isCancelled(): boolean;
}

export interface Outcome {
  ok: boolean;
  /** What the command did, shown in its result area; undefined when `after` shows the outcome itself. */
  message?: string;
  /** The user cancelled, and the command put the workbook back. */
  cancelled?: boolean;
  /** Where focus goes now (a field in error), instead of the command's button or result. */
  focus?: Control;
}

/** Thrown by a command that stopped because the user cancelled, once it has undone what it did. */
export class CommandCancelled extends Error {
  constructor(message = "Cancelled: nothing was changed.") {
    super(message);
    this.name = "CommandCancelled";
  }
}

/** The members of an element the runner uses. */
export interface Control {
  hidden: boolean;
  hasAttribute(name: string): boolean;
  setAttribute(name: string, value: string): void;
  removeAttribute(name: string): void;
  focus(): void;
}

/** An element where a command says what happened. */
export interface Output extends Control {
  textContent: string | null;
  className: string;
}

/** The page as the runner sees it. */
export interface PaneDom {
  /** Every control of the pane: buttons, the file input, the paste box, check boxes, the form's fields. */
  controls(): Iterable<Control>;
  /** Whether the pane has the keyboard focus (document.hasFocus): when the user has gone to the worksheet, focus is not pulled back. */
  hasFocus(): boolean;
}

/** A command as the pane shows it. */
export interface CommandView {
  /** The button that starts it: focus returns here. */
  button: Control;
  /** Where its outcome is said. */
  result?: Output;
  /** Its progress bar (a fluent-progress-bar: value 0 to 100; without a value it shows activity). */
  progress?: Control;
  /** Its Cancel button: the one control left enabled while it runs. */
  cancel?: Control;
  /** The text while it runs; default "Working…". */
  working?: string;
  /** How a thrown error is said (what happened to the workbook); default "Failed: " and the error's message. */
  failed?: (error: unknown) => string;
  /** Where focus returns when it ends: its button (default) or its result. */
  focus?: "button" | "result";
  /** Runs when the command has ended and the controls are enabled again: shows what the command's outcome changes (a preview, a form). */
  after?: (outcome: Outcome) => void;
}

export interface Runner {
  readonly busy: boolean;
  /** Runs `work` unless a command is running (then it returns undefined at once, starting nothing). */
  run(view: CommandView, work: (hooks: CommandHooks) => Promise<Outcome>): Promise<Outcome | undefined>;
  /** Asks the running command to stop (its Cancel button). */
  cancel(): void;
  /**
   * Runs `listener` whenever a command ends, the controls enabled again and before the command's
   * `after`: the pane sets again each control whose state has a rule of its own (Import is enabled
   * only for a checked report), since a rule applied while a command ran was overruled by it.
   */
  onEnd(listener: () => void): void;
}

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

export function createRunner(dom: PaneDom): Runner {
  let running: { view: CommandView; cancelled: boolean } | undefined;
  const ends: (() => void)[] = [];

  const say = (view: CommandView, text: string, bad = false) => {
    if (!view.result) return;
    view.result.hidden = false;
    view.result.textContent = text;
    view.result.className = bad ? "bad" : "";
  };
  const usable = (control: Control | undefined): control is Control => !!control && !control.hidden && !control.hasAttribute("disabled");

  return {
    get busy() {
      return running !== undefined;
    },

    onEnd(listener) {
      ends.push(listener);
    },

    cancel() {
      if (!running || running.cancelled) return;
      running.cancelled = true;
      running.view.cancel?.setAttribute("disabled", "");
      say(running.view, "Cancelling…");
    },

    async run(view, work) {
      if (running) return undefined;
      const current = { view, cancelled: false };
      running = current;
      // Disabled now by the runner, and only those: a control disabled by its own rule stays so.
      const disabled: Control[] = [];
      for (const control of dom.controls()) {
        if (control === view.cancel || control.hasAttribute("disabled")) continue;
        control.setAttribute("disabled", "");
        disabled.push(control);
      }
      const working = view.working ?? "Working…";
      say(view, working);
      if (view.progress) {
        view.progress.removeAttribute("value"); // activity until the first report
        view.progress.hidden = false;
      }
      if (view.cancel) {
        view.cancel.removeAttribute("disabled");
        view.cancel.hidden = false;
        if (dom.hasFocus()) view.cancel.focus();
      }
      const hooks: CommandHooks = {
        onProgress(done, total, text) {
          if (current.cancelled) return;
          const percent = total > 0 ? Math.min(100, Math.max(0, Math.round((done / total) * 100))) : 0;
          view.progress?.setAttribute("value", String(percent));
          say(view, `${text ? `${text}…` : working} ${percent}%`);
        },
        isCancelled: () => current.cancelled,
      };

      let outcome: Outcome;
      try {
        outcome = await work(hooks);
      } catch (error) {
        outcome =
          error instanceof CommandCancelled
            ? { ok: false, cancelled: true, message: error.message }
            : { ok: false, message: view.failed ? view.failed(error) : `Failed: ${message(error)}` };
      }
      for (const control of disabled) control.removeAttribute("disabled");
      if (view.progress) view.progress.hidden = true;
      if (view.cancel) {
        view.cancel.hidden = true;
        view.cancel.removeAttribute("disabled");
      }
      running = undefined;
      if (outcome.message !== undefined) say(view, outcome.message, !outcome.ok && !outcome.cancelled);
      else if (view.result?.textContent === working) view.result.textContent = "";
      for (const listener of ends) listener();
      view.after?.(outcome);
      if (dom.hasFocus()) {
        const result = view.result;
        const target = [outcome.focus, view.focus === "result" ? result : view.button, result].find(usable);
        target?.focus();
      }
      return outcome;
    },
  };
}

/** The page's controls: every button, input, text box and list in it. */
export function domPane(document: Document): PaneDom {
  return {
    controls: () => document.querySelectorAll<HTMLElement>("fluent-button, button, input, textarea, select"),
    hasFocus: () => document.hasFocus(),
  };
}

let paneRunner: Runner | undefined;

/** The pane's one runner (made on first use, on the page's document). */
export function commands(): Runner {
  paneRunner ??= createRunner(domPane(document));
  return paneRunner;
}
