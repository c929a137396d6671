import assert from "assert";
import { CommandCancelled, createRunner, type CommandHooks, type CommandView, type Control, type PaneDom } from "../../src/taskpane/runner";

/** A control of the pane as the DOM has it: attributes, hidden, focus (the document's active element). */
class FakeControl implements Control {
  hidden = false;
  textContent = "";
  className = "";
  private attributes = new Map<string, string>();
  constructor(
    readonly id: string,
    private dom: FakeDom,
  ) {}
  hasAttribute(name: string) {
    return this.attributes.has(name);
  }
  getAttribute(name: string) {
    return this.attributes.get(name) ?? null;
  }
  setAttribute(name: string, value: string) {
    this.attributes.set(name, value);
    // A focused control that becomes disabled loses focus (HTML's focus fixup).
    if (name === "disabled" && this.dom.activeElement === this) this.dom.activeElement = undefined;
  }
  removeAttribute(name: string) {
    this.attributes.delete(name);
  }
  focus() {
    if (!this.hasAttribute("disabled") && !this.hidden) this.dom.activeElement = this;
  }
  get disabled() {
    return this.hasAttribute("disabled");
  }
}

class FakeDom implements PaneDom {
  activeElement: FakeControl | undefined;
  focused = true;
  all = new Map<string, FakeControl>();
  constructor(ids: string[]) {
    for (const id of ids) this.all.set(id, new FakeControl(id, this));
  }
  get(id: string) {
    return this.all.get(id)!;
  }
  controls() {
    // Outputs (the result areas, the progress bar) are not controls.
    return [...this.all.values()].filter((c) => !/result|progress/.test(c.id));
  }
  hasFocus() {
    return this.focused;
  }
}

const CONTROLS = ["load-sample", "choose-file", "file", "paste", "use-selection", "apply", "cancel", "reconcile-button", "share-prepare", "share-restore", "share-cancel", "share-active-only", "new-deal"];

function pane() {
  const dom = new FakeDom([...CONTROLS, "share-result", "share-progress", "progress-text", "progress"]);
  dom.get("cancel").hidden = true;
  dom.get("share-cancel").hidden = true;
  dom.get("share-progress").hidden = true;
  dom.get("apply").setAttribute("disabled", ""); // disabled before any command: stays so
  const runner = createRunner(dom);
  const prepare: CommandView = {
    button: dom.get("share-prepare"),
    result: dom.get("share-result"),
    progress: dom.get("share-progress"),
    cancel: dom.get("share-cancel"),
    working: "Preparing…",
    failed: (error) => `Failed, and undone: nothing was changed. ${(error as Error).message}`,
  };
  return { dom, runner, prepare };
}

/** A command that waits until the test lets it go, with its hooks in hand. */
function held<T>() {
  let hooks: CommandHooks | undefined;
  let release!: (value: T) => void;
  let fail!: (error: unknown) => void;
  const done = new Promise<T>((resolve, reject) => {
    release = resolve;
    fail = reject;
  });
  return {
    work: (h: CommandHooks) => {
      hooks = h;
      return done;
    },
    hooks: () => hooks!,
    release,
    fail,
  };
}

const enabled = (dom: FakeDom) => CONTROLS.filter((id) => !dom.get(id).disabled);

describe("runner: one command at a time", () => {
  it("while a command runs every other control is disabled, its Cancel shown and enabled; after, each is as it was", async () => {
    const { dom, runner, prepare } = pane();
    dom.get("share-prepare").focus();
    const command = held<{ ok: boolean; message: string }>();
    const running = runner.run(prepare, command.work);
    assert.strictEqual(runner.busy, true);
    assert.deepStrictEqual(enabled(dom), ["share-cancel"]);
    assert.strictEqual(dom.get("share-cancel").hidden, false);
    assert.strictEqual(dom.get("share-progress").hidden, false);
    assert.strictEqual(dom.get("share-result").textContent, "Preparing…");
    assert.strictEqual(dom.activeElement?.id, "share-cancel", "focus moves to Cancel, not lost with the disabled button");

    command.release({ ok: true, message: "Prepared 1 shared copy." });
    const outcome = await running;
    assert.deepStrictEqual(outcome, { ok: true, message: "Prepared 1 shared copy." });
    assert.strictEqual(runner.busy, false);
    // Everything back as it was: apply stays disabled (it was before), Cancel hidden again.
    assert.deepStrictEqual(enabled(dom), CONTROLS.filter((id) => id !== "apply"));
    assert.strictEqual(dom.get("share-cancel").hidden, true);
    assert.strictEqual(dom.get("share-progress").hidden, true);
    assert.strictEqual(dom.get("share-result").textContent, "Prepared 1 shared copy.");
    assert.strictEqual(dom.get("share-result").className, "");
    assert.strictEqual(dom.activeElement?.id, "share-prepare", "focus returns to the command's button");
  });

  it("a second command while one runs is ignored: not started, nothing changed", async () => {
    const { dom, runner, prepare } = pane();
    const first = held<{ ok: boolean; message: string }>();
    const running = runner.run(prepare, first.work);
    let started = false;
    const second = await runner.run({ button: dom.get("reconcile-button"), result: dom.get("progress-text") }, async () => {
      started = true;
      return { ok: true, message: "reconciled" };
    });
    assert.strictEqual(second, undefined);
    assert.strictEqual(started, false);
    assert.strictEqual(dom.get("progress-text").textContent, "");
    assert.deepStrictEqual(enabled(dom), ["share-cancel"]);
    first.release({ ok: true, message: "done" });
    await running;
    assert.strictEqual(enabled(dom).includes("reconcile-button"), true);
  });

  it("progress: the bar's value and the text; Cancel asks the command to stop, which undoes and says so: not red, the bar hidden", async () => {
    const { dom, runner, prepare } = pane();
    const command = held<{ ok: boolean; message: string }>();
    const running = runner.run(prepare, command.work);
    command.hooks().onProgress(25, 100, "Converting formulas");
    assert.strictEqual(dom.get("share-progress").getAttribute("value"), "25");
    assert.strictEqual(dom.get("share-result").textContent, "Converting formulas… 25%");
    command.hooks().onProgress(1_500, 60_000);
    assert.strictEqual(dom.get("share-result").textContent, "Preparing… 3%");
    assert.strictEqual(command.hooks().isCancelled(), false);
    runner.cancel();
    assert.strictEqual(command.hooks().isCancelled(), true);
    assert.strictEqual(dom.get("share-cancel").disabled, true, "one Cancel is enough");
    assert.strictEqual(dom.get("share-result").textContent, "Cancelling…");
    command.fail(new CommandCancelled());
    const outcome = await running;
    assert.deepStrictEqual(outcome, { ok: false, cancelled: true, message: "Cancelled: nothing was changed." });
    assert.strictEqual(dom.get("share-result").textContent, "Cancelled: nothing was changed.");
    assert.strictEqual(dom.get("share-result").className, "");
    assert.strictEqual(dom.get("share-progress").hidden, true);
    assert.strictEqual(dom.get("share-cancel").hidden, true);
    assert.strictEqual(dom.get("share-cancel").disabled, false, "ready for the next command");
    assert.strictEqual(dom.activeElement?.id, "share-prepare");
  });

  it("a thrown error becomes a red message in the command's words; a refusal (ok false) is red too", async () => {
    const { dom, runner, prepare } = pane();
    const thrown = await runner.run(prepare, async () => {
      throw new Error("injected failure at request 3");
    });
    assert.deepStrictEqual(thrown, { ok: false, message: "Failed, and undone: nothing was changed. injected failure at request 3" });
    assert.strictEqual(dom.get("share-result").className, "bad");
    assert.strictEqual(dom.get("share-result").textContent, thrown!.message);
    assert.strictEqual(runner.busy, false);
    assert.deepStrictEqual(enabled(dom), CONTROLS.filter((id) => id !== "apply"));

    await runner.run(prepare, async () => ({ ok: false, message: "Protected sheet \"Deal\": unprotect first." }));
    assert.strictEqual(dom.get("share-result").className, "bad");
    await runner.run(prepare, async () => ({ ok: true, message: "Prepared." }));
    assert.strictEqual(dom.get("share-result").className, "", "a success after a failure no longer reads red");

    // Without the command's words: "Failed:" and the error's message; a non-Error thrown is said too.
    await runner.run({ button: dom.get("reconcile-button"), result: dom.get("progress-text") }, async () => {
      throw "no table";
    });
    assert.deepStrictEqual([dom.get("progress-text").textContent, dom.get("progress-text").className], ["Failed: no table", "bad"]);
  });

  it("focus: back to the button, to the result when the command says so or its button is disabled after, to what the outcome names; never taken from outside the pane", async () => {
    const { dom, runner, prepare } = pane();
    await runner.run({ ...prepare, focus: "result" }, async () => ({ ok: true, message: "Explained." }));
    assert.strictEqual(dom.activeElement?.id, "share-result");

    await runner.run(
      { ...prepare, after: () => dom.get("share-prepare").setAttribute("disabled", "") },
      async () => ({ ok: true, message: "Imported." }),
    );
    assert.strictEqual(dom.activeElement?.id, "share-result", "a disabled button cannot take focus: the result does");
    dom.get("share-prepare").removeAttribute("disabled");

    await runner.run(prepare, async () => ({ ok: false, message: "2 problems", focus: dom.get("paste") }));
    assert.strictEqual(dom.activeElement?.id, "paste");

    // The user went to the worksheet while the command ran: the pane does not pull focus back.
    dom.focused = false;
    dom.activeElement = undefined;
    await runner.run(prepare, async () => ({ ok: true, message: "Done." }));
    assert.strictEqual(dom.activeElement, undefined);
  });

  it("`after` runs once the controls are enabled again (it may disable one by its own rule); a control made during the command is left alone", async () => {
    const { dom, runner } = pane();
    const states: string[][] = [];
    await runner.run(
      {
        button: dom.get("apply"),
        result: dom.get("progress-text"),
        after: (outcome) => {
          states.push(enabled(dom));
          assert.strictEqual(outcome.ok, true);
        },
      },
      async () => {
        dom.all.set("f-issuer", new FakeControl("f-issuer", dom)); // a form field rendered by the command
        return { ok: true, message: "Done: 12 new rows" };
      },
    );
    assert.deepStrictEqual(states, [CONTROLS.filter((id) => id !== "apply")]);
    assert.strictEqual(dom.get("f-issuer").disabled, false);
  });

  it("onEnd: the pane's own rules run again after every command, before its `after`", async () => {
    const { dom, runner, prepare } = pane();
    const calls: string[] = [];
    runner.onEnd(() => calls.push(`rules (apply ${dom.get("apply").disabled ? "disabled" : "enabled"})`));
    // During the command the plan became importable: its rule may enable Import only once the command ends.
    await runner.run({ ...prepare, after: () => calls.push("after") }, async () => ({ ok: true, message: "Prepared." }));
    assert.deepStrictEqual(calls, ["rules (apply disabled)", "after"]);
  });

  it("a command without Cancel shows no Cancel and no bar; its own message may be left to `after` (message undefined)", async () => {
    const { dom, runner } = pane();
    dom.get("progress-text").textContent = "before";
    const command = held<{ ok: boolean; message?: string }>();
    const running = runner.run({ button: dom.get("load-sample"), result: dom.get("progress-text") }, command.work);
    assert.strictEqual(dom.get("cancel").hidden, true);
    assert.strictEqual(dom.get("progress").hidden, false, "another command's bar is not touched");
    assert.deepStrictEqual(enabled(dom), []);
    assert.strictEqual(dom.get("progress-text").textContent, "Working…");
    command.release({ ok: true });
    await running;
    assert.strictEqual(dom.get("progress-text").textContent, "");
  });
});
