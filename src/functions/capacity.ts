import * as capacity from "../core/capacity";
import { excel, num, optNum } from "./excel";

/**
 * Program capacity left, in $: the program maximum less the gross already sold (#NUM! if sold above it).
 * Example: =CEO.CAPACITY(10000000) returns 15000000.
 * @customfunction CAPACITY
 * @param soldGross Gross already sold under the program, $ (0 to programMax).
 * @param [programMax] The program's maximum aggregate offering price, $ (0 or more; default 25,000,000, the Sales Agreement; the Other Agreement's is 8,400,000).
 * @returns Capacity left in $, rounded to the cent.
 */
export function capacityLeft(soldGross: number, programMax?: number): number {
  return excel(() =>
    capacity.capacityLeft(num(soldGross, "soldGross"), optNum(programMax, "programMax") ?? capacity.SALES_AGREEMENT_MAX),
  );
}
