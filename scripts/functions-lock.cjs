// The CEO.* function ids are a public API: workbooks keep calling them by id and position long after
// a release. functions.lock.json records what was released; these pure functions say whether a new
// functions.json still honours it. Adding functions, adding optional parameters at the end, and
// making a required parameter optional are compatible; anything else breaks saved formulas.

/** The part of one functions.json parameter (or result) a saved formula depends on, with Office's defaults filled in. */
function shape(entry) {
  const out = { name: entry.name, type: entry.type ?? "any", dimensionality: entry.dimensionality ?? "scalar", optional: entry.optional === true };
  if (entry.repeating) out.repeating = true;
  return out;
}

/** functions.json -> the lock: per id, the name users type, the result's shape and each parameter's shape. */
function lockOf(metadata) {
  const functions = {};
  for (const f of [...metadata.functions].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))) {
    const { type, dimensionality } = shape({ ...f.result });
    functions[f.id] = { name: f.name, result: { type, dimensionality }, parameters: (f.parameters ?? []).map(shape) };
  }
  return { functions };
}

/** Every way `current` (a functions.json) breaks the released `lock`, one line each; [] when compatible. */
function lockProblems(lock, current) {
  const now = lockOf(current).functions;
  const problems = [];
  for (const [id, released] of Object.entries(lock.functions)) {
    const fn = now[id];
    const at = `CEO.${id}`;
    if (!fn) {
      problems.push(`${at} was released and is gone: workbooks that call it would show #NAME?`);
      continue;
    }
    if (fn.name !== released.name) problems.push(`${at} is now named ${fn.name} (released as ${released.name})`);
    for (const key of ["type", "dimensionality"]) {
      if (fn.result[key] !== released.result[key]) problems.push(`${at} result ${key} changed from ${released.result[key]} to ${fn.result[key]}`);
    }
    const names = fn.parameters.map((p) => p.name);
    released.parameters.forEach((was, i) => {
      const is = fn.parameters[i];
      const where = `${at} parameter ${i + 1} (${was.name})`;
      if (!is) {
        problems.push(`${where} was removed: formulas that pass it would get #VALUE!`);
        return;
      }
      if (is.name !== was.name) {
        const moved = names.indexOf(was.name);
        if (moved >= 0) {
          // Another parameter sits here now: comparing their types would only repeat the move.
          problems.push(`${where} moved to position ${moved + 1}: parameters may not be reordered`);
          return;
        }
        problems.push(`${where} was renamed to ${is.name}`);
      }
      if (is.type !== was.type) problems.push(`${where} type changed from ${was.type} to ${is.type}`);
      if (is.dimensionality !== was.dimensionality) problems.push(`${where} changed from ${was.dimensionality} to ${is.dimensionality}`);
      if (was.optional && !is.optional) problems.push(`${where} was optional and is now required`);
      if (!!was.repeating !== !!is.repeating) problems.push(`${where} ${was.repeating ? "is no longer" : "became"} repeating`);
    });
    for (const added of fn.parameters.slice(released.parameters.length)) {
      if (!added.optional) problems.push(`${at} gained a required parameter ${added.name}: formulas written for the released version omit it`);
    }
  }
  return problems;
}

/** What `current` adds to the released `lock`, one line each (new functions, new optional parameters, relaxed ones). */
function lockAdditions(lock, current) {
  const now = lockOf(current).functions;
  const added = [];
  for (const [id, fn] of Object.entries(now)) {
    const released = lock.functions[id];
    if (!released) {
      added.push(`CEO.${id} is new`);
      continue;
    }
    fn.parameters.forEach((p, i) => {
      const was = released.parameters[i];
      if (!was) added.push(`CEO.${id} has a new optional parameter ${p.name}`);
      else if (!was.optional && p.optional && p.name === was.name) added.push(`CEO.${id} parameter ${p.name} is now optional`);
    });
  }
  return added;
}

/** The lock as checked-in JSON: one parameter per line, so a diff shows exactly what changed. */
function formatLock(lock) {
  const about =
    "Released CEO.* functions: saved workbooks call them by id and argument position. test/release/functionsLock.test.ts fails when functions.json breaks this; `npm version` records new functions and optional parameters; `npm run lock:functions` records a change on purpose.";
  const ids = Object.keys(lock.functions);
  const lines = ["{", `  "about": ${JSON.stringify(about)},`, '  "functions": {'];
  ids.forEach((id, i) => {
    const fn = lock.functions[id];
    lines.push(`    ${JSON.stringify(id)}: {`);
    lines.push(`      "name": ${JSON.stringify(fn.name)},`);
    lines.push(`      "result": ${JSON.stringify(fn.result).replace(/,/g, ", ").replace(/:/g, ": ")},`);
    if (fn.parameters.length === 0) lines.push('      "parameters": []');
    else {
      lines.push('      "parameters": [');
      fn.parameters.forEach((p, j) => lines.push(`        ${JSON.stringify(p).replace(/,"/g, ', "').replace(/":/g, '": ')}${j < fn.parameters.length - 1 ? "," : ""}`));
      lines.push("      ]");
    }
    lines.push(`    }${i < ids.length - 1 ? "," : ""}`);
  });
  lines.push("  }", "}", "");
  return lines.join("\n");
}

module.exports = { lockOf, lockProblems, lockAdditions, formatLock };
