/*
 * Reading sheets in blocks whose responses stay under Excel on the web's 5 MB: "Excel on the web
 * has a payload size limit for requests and responses of 5MB. A RichAPI.Error will be thrown if
 * that limit is exceeded." (https://learn.microsoft.com/office/dev/add-ins/concepts/resource-limits-and-performance-optimization#excel-add-ins)
 */
import { addressCorners, cellAddress } from "../../core/address";
import { DEFAULT_CHUNK_BYTES } from "./limits";

/** A rectangle of a sheet to read, 0-based. */
export interface Block {
  sheet: string;
  row: number;
  column: number;
  rows: number;
  columns: number;
}
type Loaded = "formulas" | "values" | "numberFormat";
export type Grids = Record<Loaded, unknown[][]>;

/** The block an address covers ("Deal!A1:V13"), on `sheet`. */
export function blockOf(sheet: string, address: string): Block {
  const corners = addressCorners(address);
  if (!corners) throw new Error(`not a range address: ${address}`);
  const { from, to } = corners;
  return { sheet, row: from.row - 1, column: from.column - 1, rows: to.row - from.row + 1, columns: to.column - from.column + 1 };
}

/** Excel on the web refuses responses over 5 MB as well as requests: reads aim at this much. */
const READ_TARGET_BYTES = DEFAULT_CHUNK_BYTES;
const FIRST_CELLS_PER_READ = 5_000;
const MAX_CELLS_PER_READ = 200_000;

const tooLarge = (error: unknown) => /PayloadSizeLimitExceeded/i.test(`${(error as { code?: string })?.code ?? ""} ${(error as Error)?.message ?? ""}`);

/**
 * Reads `props` of the blocks in slices of rows, several slices a request, each request sized
 * from the bytes per cell the one before brought back so that its response stays well under
 * 5 MB; a request refused as too large is tried again at half the size. `onRead`: the cells read
 * so far, and in all, after each request (a command's progress).
 */
export async function readBlocks(
  context: Excel.RequestContext,
  blocks: readonly Block[],
  props: readonly Loaded[],
  targetBytes = READ_TARGET_BYTES,
  onRead?: (cells: number, total: number) => void,
): Promise<Grids[]> {
  const out: Grids[] = blocks.map(() => ({ formulas: [], values: [], numberFormat: [] }));
  const total = blocks.reduce((n, b) => n + Math.max(0, b.rows) * Math.max(0, b.columns), 0);
  let read = 0;
  let at = { block: 0, row: 0 };
  let budget = FIRST_CELLS_PER_READ;
  while (at.block < blocks.length) {
    const slices: { block: number; range: Excel.Range }[] = [];
    let cells = 0;
    const start = at;
    let { block: k, row } = at;
    while (k < blocks.length) {
      const b = blocks[k]!;
      if (row >= b.rows || b.columns <= 0) {
        k++;
        row = 0;
        continue;
      }
      const room = Math.floor((budget - cells) / b.columns);
      if (room < 1 && slices.length > 0) break;
      const rows = Math.min(b.rows - row, Math.max(1, room));
      const address = `${cellAddress(b.row + row + 1, b.column + 1)}:${cellAddress(b.row + row + rows, b.column + b.columns)}`;
      slices.push({ block: k, range: context.workbook.worksheets.getItem(b.sheet).getRange(address).load(props.join(",")) });
      cells += rows * b.columns;
      row += rows;
    }
    if (slices.length === 0) break;
    try {
      await context.sync();
    } catch (error) {
      if (!tooLarge(error) || cells <= blocks[slices[0]!.block]!.columns) throw error;
      budget = Math.max(1, Math.floor(cells / 2));
      at = start;
      continue;
    }
    let bytes = 0;
    for (const { block, range } of slices) {
      for (const p of props) {
        const grid = range[p] as unknown[][];
        out[block]![p].push(...grid);
        bytes += JSON.stringify(grid).length;
      }
    }
    budget = Math.min(MAX_CELLS_PER_READ, Math.max(1, Math.floor((targetBytes * cells) / Math.max(1, bytes))));
    at = { block: k, row };
    read += cells;
    onRead?.(read, total);
  }
  return out;
}
