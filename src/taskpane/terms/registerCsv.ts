/*
 * A placements register or a list of blackout windows as CSV (examples/neot-2001-register.csv,
 * examples/neot-2001-blackouts.csv): read into the New deal form's text, columns by their header
 * (the Terms sheet's own headers, any case), so the form reads and checks them as if typed.
 */
import Papa from "papaparse";
import { BLACKOUT_HEADER, REGISTER_HEADER, type BlackoutText, type PlacementText } from "./terms";

function rows<K extends string>(csv: string, header: readonly string[], fields: readonly K[]): Record<K, string>[] {
  const parsed = Papa.parse<string[]>(csv.replace(/^\uFEFF/, ""), { skipEmptyLines: "greedy" });
  const [head = [], ...body] = parsed.data;
  const at = header.map((h) => head.findIndex((c) => c.trim().toLowerCase() === h.toLowerCase()));
  const missing = header.filter((_, i) => at[i]! < 0);
  if (missing.length > 0) throw new Error(`the CSV has no column ${missing.map((m) => `"${m}"`).join(", ")}: expected the header ${header.join(",")}`);
  return body.map((row) => Object.fromEntries(fields.map((f, i) => [f, (row[at[i]!] ?? "").trim()])) as Record<K, string>);
}

export function placementsFromCsv(csv: string): PlacementText[] {
  return rows(csv, REGISTER_HEADER, ["id", "agreement", "termsDate", "sharesOffered", "minimumPrice", "dailyLimit", "endDate"] as const);
}

export function blackoutsFromCsv(csv: string): BlackoutText[] {
  return rows(csv, BLACKOUT_HEADER, ["start", "end", "reason"] as const);
}
