import { describe, expect, it } from "vitest";
import { Prisma } from "@/lib/generated/prisma/client";
import { decodePageToken, encodePageToken, pageQueryKey } from "./page-token";
import { compileNumericComparison, compileStringComparison, orderTerms } from "./sql";

describe("page tokens", () => {
  const key = pageQueryKey({ filter: "metrics.a > 1", orderBy: ["metrics.a"] });

  it("round-trips an offset for the same query", () => {
    expect(decodePageToken(encodePageToken(250, key), key)).toBe(250);
    expect(decodePageToken(undefined, key)).toBe(0);
    expect(decodePageToken("", key)).toBe(0);
    expect(encodePageToken(5, key)).toMatch(/^[A-Za-z0-9_-]+$/);
  });

  it("keys queries by content, not by property order", () => {
    expect(pageQueryKey({ a: 1, b: [2] })).toBe(pageQueryKey({ b: [2], a: 1 }));
    expect(pageQueryKey({ a: 1 })).not.toBe(pageQueryKey({ a: 2 }));
  });

  it("rejects tokens of another query and malformed tokens", () => {
    const other = pageQueryKey({ filter: "metrics.a > 2", orderBy: ["metrics.a"] });
    const bad = (t: string, k = key) => {
      expect(() => decodePageToken(t, k)).toThrow(expect.objectContaining({ code: "INVALID_PARAMETER_VALUE", message: "Invalid page token" }));
    };
    bad(encodePageToken(10, key), other);
    bad("%%%");
    bad(Buffer.from("not json").toString("base64url"));
    bad(Buffer.from(JSON.stringify({ offset: "10" })).toString("base64url"));
    bad(Buffer.from(JSON.stringify({ offset: 10 })).toString("base64")); // MLflow-style token, no query hash
    bad(Buffer.from(JSON.stringify({ offset: -1, q: "x" })).toString("base64url"));
  });
});

describe("SQL helpers keep values out of the SQL text", () => {
  const col = Prisma.sql`t.value`;

  it("compiles string comparisons to parameters", () => {
    const evil = "'; DROP TABLE runs; --";
    for (const [cmp, op] of [["=", "="], ["!=", "<>"], ["LIKE", "LIKE"], ["ILIKE", "ILIKE"]] as const) {
      const s = compileStringComparison(col, cmp, evil);
      expect(s.text).toBe(`t.value ${op} $1`);
      expect(s.values).toEqual([evil]);
    }
    const list = compileStringComparison(col, "IN", ["a", evil]);
    // One array parameter however long the list (no bind-parameter overflow).
    expect(list.text).toBe("t.value = ANY($1::text[])");
    expect(list.values).toEqual([["a", evil]]);
    expect(compileStringComparison(col, "NOT IN", ["a"]).text).toBe("t.value <> ALL($1::text[])");
    expect(compileStringComparison(col, "IN", []).text).toBe("FALSE");
    expect(() => compileStringComparison(col, ">", "x")).toThrow();
  });

  it("compiles numeric comparisons with typed parameters", () => {
    expect(compileNumericComparison(col, "<", 0.5).text).toBe("t.value < $1::float8");
    expect(compileNumericComparison(col, ">", 0.5).text).toBe("(t.value > $1::float8 AND t.value <> 'NaN'::float8)");
    const big = compileNumericComparison(col, ">=", 1700000000000, "bigint");
    expect(big.text).toBe("t.value >= $1::bigint");
    expect(big.values).toEqual(["1700000000000"]);
    expect(compileNumericComparison(col, "=", 1.5, "bigint").text).toBe("t.value = $1::float8");
    expect(compileNumericComparison(col, "!=", 1e300, "bigint").values).toEqual(["1e+300"]);
    expect(() => compileNumericComparison(col, "LIKE", 1)).toThrow();
  });

  it("builds null-last order terms", () => {
    expect(Prisma.join(orderTerms(col, false, { nullable: true, nan: true }), ", ").text).toBe(
      "(t.value IS NULL), (t.value = 'NaN'::float8), t.value DESC",
    );
    expect(Prisma.join(orderTerms(col, true), ", ").text).toBe("t.value ASC");
  });
});
