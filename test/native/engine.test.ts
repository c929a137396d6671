/*
 * The tests' engine where it stands in for Excel's own functions (test/support/hyperformula.ts):
 * Microsoft's documented examples, so that a formula checked in it is checked against Excel.
 */
import assert from "assert";
import { Engine } from "../support/hyperformula";

describe("the tests' hyperformula engine: Excel's FIXED", () => {
  const engine = new Engine();
  // support.microsoft.com, "FIXED function": its examples, then no_commas given as 1 (a number where a
  // logical belongs is TRUE when not 0), rounding and whole numbers to 15 digits. hyperformula knows
  // TRUE() but not the bare word.
  const cases: [string, string][] = [
    ["FIXED(1234.567,1)", "1,234.6"],
    ["FIXED(1234.567,-1)", "1,230"],
    ["FIXED(-1234.567,-1,TRUE())", "-1230"],
    ["FIXED(44.332)", "44.33"],
    ["FIXED(1234567,0,1)", "1234567"],
    ["FIXED(1234567,0)", "1,234,567"],
    ["FIXED(1.005,2)", "1.01"],
    ["FIXED(0,0,1)", "0"],
    ["FIXED(100000000000000,0,1)", "100000000000000"],
    ["FIXED(999999999999999,0,1)", "999999999999999"],
  ];
  for (const [formula, expected] of cases) {
    it(`${formula} is "${expected}"`, () => assert.strictEqual(engine.evaluate(`=${formula}`), expected));
  }
});
