// Opaque page tokens: base64url JSON of an offset plus a short hash of the query they belong
// to, so a token replayed against a different query (filter, order, experiments, view type) is
// rejected instead of silently returning the wrong page.
import { createHash } from "node:crypto";
import { invalidParam } from "@/lib/errors";

interface TokenBody {
  offset: number;
  q: string;
}

const hashQuery = (queryKey: string) => createHash("sha256").update(queryKey).digest("base64url").slice(0, 16);

/** A stable key for a query: JSON of its parts (pass everything that changes the result order). */
export function pageQueryKey(parts: Record<string, unknown>): string {
  return JSON.stringify(Object.fromEntries(Object.entries(parts).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))));
}

export function encodePageToken(offset: number, queryKey: string): string {
  const body: TokenBody = { offset, q: hashQuery(queryKey) };
  return Buffer.from(JSON.stringify(body), "utf8").toString("base64url");
}

/** The offset a token stands for; no token (undefined or "") means 0. */
export function decodePageToken(token: string | undefined | null, queryKey: string): number {
  if (!token) return 0;
  let body: Partial<TokenBody>;
  try {
    // Accept standard base64 too (some clients re-encode tokens).
    body = JSON.parse(Buffer.from(token.replace(/\+/g, "-").replace(/\//g, "_"), "base64url").toString("utf8"));
  } catch {
    throw invalidParam("Invalid page token");
  }
  if (
    typeof body !== "object" ||
    body === null ||
    typeof body.offset !== "number" ||
    !Number.isSafeInteger(body.offset) ||
    body.offset < 0 ||
    body.q !== hashQuery(queryKey)
  ) {
    throw invalidParam("Invalid page token");
  }
  return body.offset;
}
