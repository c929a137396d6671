import { Engine } from "./test/support/hyperformula";
import { layout, sheetRows, columnFormulas } from "./test/support/placementsSheet";
const lay = layout();
const rows = [{ tradeDate: 37196, shares: 1, price: 1, gross: 100, agreement: "Sales" }, { tradeDate: 37197, shares: 1, price: 1, gross: 200, agreement: "Sales" }];
const grid = sheetRows(rows, lay, columnFormulas(lay, false), true);
console.log(grid[2]!.slice(9, 14));
const e = new Engine();
e.set(0, 0, grid);
for (let c = 9; c < 14; c++) console.log(lay.headers[c], e.hf.getCellValue({ sheet: e.inputs, row: 2, col: c }));
