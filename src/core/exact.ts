/*
 * Exact arithmetic on plain JS numbers, for the fast paths of core terms. A double is read as
 * the decimal the Decimal path reads (its shortest round-trip form) only when that decimal is
 * units / 10^scale with units <= 1e15: then no other decimal of that scale maps to the same
 * double (its ulp is below 10^-scale), so both paths see the same value. Anything else returns
 * undefined and the term takes its Decimal path. Property tests prove each fast path equal to
 * its Decimal path.
 */
const MAX_UNITS = 1e15;
const POW10 = [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];

/** x as a whole number of 10^-scale units, when x is exactly such a decimal (e.g. cents: scale 2). */
export function unitsOf(x: unknown, scale: number): number | undefined {
  if (typeof x !== "number" || !(x >= 0)) return undefined;
  const units = Math.round(x * POW10[scale]!);
  return units <= MAX_UNITS && units / POW10[scale]! === x ? units + 0 : undefined;
}

/** unitsOf(x, 2), written out: the fast paths' most frequent question. */
export function centsOf(x: unknown): number | undefined {
  if (typeof x !== "number" || !(x >= 0)) return undefined;
  const cents = Math.round(x * 100);
  return cents <= MAX_UNITS && cents / 100 === x ? cents + 0 : undefined;
}

/** The smallest scale (0 to maxScale) at which x is a whole number of units, with those units. */
export function scaleOf(x: unknown, maxScale = 8): number {
  for (let scale = 0; scale <= maxScale; scale++) if (unitsOf(x, scale) !== undefined) return scale;
  return -1;
}

export const pow10 = (scale: number): number => POW10[scale]!;

/** n / d rounded half-up, for safe integers n >= 0 and d > 0 (exact, unlike a double quotient). */
export function divideHalfUp(n: number, d: number): number {
  const quotient = floorDivide(n, d);
  return (n - quotient * d) * 2 >= d ? quotient + 1 : quotient;
}

/** floor(n / d) for safe integers n >= 0 and d > 0. */
export function floorDivide(n: number, d: number): number {
  const quotient = Math.floor(n / d);
  // The double quotient can round up to the next whole number: step back.
  return n - quotient * d < 0 ? quotient - 1 : quotient;
}
