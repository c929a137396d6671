/*
 * Every CEO function, through the built bundle, on anything a cell could hold and more (values
 * Excel cannot send but a bug could): a finite number or a finite row comes back, or a
 * CustomFunctions.Error with a message. Never another exception, NaN, Infinity, -0 or a hang.
 */
import assert from "assert";
import fc from "fast-check";
import { call, functionsMetadata, StubCustomFunctionsError } from "../support/bundle";

const RUNS = Number(process.env.CEO_FUZZ_RUNS ?? 1500);
const counts: Record<string, number> = {};

const scalar = fc.oneof(
  { arbitrary: fc.double(), weight: 4 }, // includes NaN, ±Infinity, -0, subnormals, 1e308
  { arbitrary: fc.integer({ min: -1e9, max: 1e9 }), weight: 3 },
  { arbitrary: fc.constantFrom(0, -0, 1, 10, 90, 91, 0.04, 4.04, 25_000_000, 37196, 60, 61, 1e308, -1e308, 5e-324, Number.MAX_SAFE_INTEGER, NaN, Infinity), weight: 3 },
  { arbitrary: fc.string({ maxLength: 12 }), weight: 1 },
  { arbitrary: fc.boolean(), weight: 1 },
  { arbitrary: fc.constantFrom(null, undefined, ""), weight: 2 },
);
const matrix = fc.oneof(
  fc.array(fc.array(scalar, { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 35 }), // ragged too
  fc.array(fc.array(scalar, { minLength: 1, maxLength: 1 }), { minLength: 0, maxLength: 35 }),
  fc.constant([]),
  fc.constant([[]]),
  scalar.map((x) => [[x]]),
);
const argument = fc.oneof({ arbitrary: scalar, weight: 3 }, { arbitrary: matrix, weight: 1 });

function check(id: string, result: unknown): void {
  if (result instanceof StubCustomFunctionsError) {
    assert.ok(result.message.trim().length > 0, `${id} threw ${result.code} without a message`);
    assert.ok(["#VALUE!", "#NUM!", "#N/A"].includes(result.code), `${id} threw ${result.code}`);
    assert.ok(!result.message.startsWith("unexpected input"), `${id} failed inside: ${result.message}`);
    return;
  }
  assert.ok(!(result instanceof Error), `${id} threw ${String(result)}`);
  const cells = Array.isArray(result) ? Array.from(result as unknown[][]).flatMap((row) => Array.from(row)) : [result];
  if (Array.isArray(result)) assert.strictEqual(result.length, 1, `${id} spilled ${result.length} rows`);
  for (const cell of cells) {
    assert.strictEqual(typeof cell, "number", `${id} returned ${String(cell)}`);
    assert.ok(Number.isFinite(cell), `${id} returned ${cell}`);
    assert.ok(!Object.is(cell, -0), `${id} returned -0`);
  }
}

describe("fuzzing every CEO function through dist/functions.js", function () {
  this.timeout(120_000);
  after(() => {
    const total = Object.values(counts).reduce((a, b) => a + b, 0);
    console.log(`      fuzzed ${total.toLocaleString("en-US")} calls: ${Object.entries(counts).map(([id, n]) => `${id} ${n}`).join(", ")}`);
  });

  for (const f of functionsMetadata().functions) {
    it(`CEO.${f.id}: a finite result or a CustomFunctions.Error with a message`, () => {
      counts[f.id] = 0;
      const params = f.parameters.length;
      fc.assert(
        fc.property(fc.array(argument, { minLength: params, maxLength: params }), (args) => {
          counts[f.id]!++;
          const start = Date.now();
          check(f.id, call(f.id, ...args));
          assert.ok(Date.now() - start < 1000, `${f.id} took ${Date.now() - start} ms`);
        }),
        { numRuns: RUNS },
      );
      // And the well-typed neighbourhood, where most real calls are.
      fc.assert(
        fc.property(fc.array(fc.oneof(fc.double({ min: -1e12, max: 1e12, noNaN: true }), fc.constant(null)), { minLength: params, maxLength: params }), (args) => {
          counts[f.id]!++;
          check(f.id, call(f.id, ...args));
        }),
        { numRuns: RUNS },
      );
    });
  }
});
