/* CAPACITY as a native formula (src/core/capacity.ts is the term). */
import { anyOf, constant, guard, money, optional, required, type Arg } from "./formulaText";
import { SALES_AGREEMENT_MAX } from "./capacity";

/** =CEO.CAPACITY(soldGross, programMax): the maximum less the gross sold, to the cent; over-sold is #NUM!. */
export function capacityFormula(soldGross: Arg, programMax?: Arg): string {
  const sold = required(soldGross, "soldGross");
  const max = optional(programMax, constant(SALES_AGREEMENT_MAX));
  return guard(anyOf([`${sold}<0`, `${max}<0`, `${sold}>${max}`]), money(`${max}-${sold}`));
}
