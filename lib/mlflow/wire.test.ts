import { describe, expect, it } from "vitest";
import { z } from "zod";
import { list, optBool, optEnum, optInt32, optInt64, reqDouble, reqInt64, reqString, wireDouble } from "@/lib/mlflow/wire";
import { zodMessage } from "@/lib/mlflow/route";

const schema = z.object({
  name: reqString(),
  start_time: optInt64(),
  max_results: optInt32(),
  flag: optBool(),
  view: optEnum(["ACTIVE_ONLY", "DELETED_ONLY", "ALL"] as const, { 1: "ACTIVE_ONLY", 2: "DELETED_ONLY", 3: "ALL" }),
  ids: list(z.string()),
});

const fail = (input: unknown) => {
  const r = schema.safeParse(input);
  if (r.success) throw new Error("expected a failure");
  return zodMessage(r.error);
};

describe("wire schema building blocks", () => {
  it("leaves optional fields absent when they are absent", () => {
    expect(schema.parse({ name: "x" })).toEqual({ name: "x", ids: [] });
  });

  it("accepts int64 as number or numeric string, bools as JSON or query strings, enums by name or number", () => {
    expect(schema.parse({ name: "x", start_time: "1700000000000", max_results: 5, flag: "TRUE", view: 3, ids: "a" })).toEqual({
      name: "x",
      start_time: 1700000000000n,
      max_results: 5,
      flag: true,
      view: "ALL",
      ids: ["a"],
    });
    expect(schema.parse({ name: "x", view: "deleted_only" }).view).toBe("DELETED_ONLY");
  });

  it("words errors as MLflow does, naming the field", () => {
    expect(fail({})).toBe("Missing value for required parameter 'name'. See the API docs for more information about request parameters.");
    expect(fail({ name: "" })).toMatch(/Missing value for required parameter 'name'/);
    expect(fail({ name: 5 })).toMatch(/Invalid value 5 for parameter 'name' supplied/);
    expect(fail({ name: "x", start_time: "soon" })).toMatch(/parameter 'start_time'/);
    expect(fail({ name: "x", max_results: 2 ** 40 })).toMatch(/parameter 'max_results'/);
    expect(fail({ name: "x", flag: "yes" })).toMatch(/parameter 'flag'/);
    expect(fail({ name: "x", view: "SOME" })).toMatch(/Allowed values: ACTIVE_ONLY, DELETED_ONLY, ALL/);
  });

  it("parses doubles including NaN and infinities, and emits them as protobuf JSON strings", () => {
    const d = z.object({ value: reqDouble(), ts: reqInt64() });
    expect(d.parse({ value: "NaN", ts: 1 }).value).toBeNaN();
    expect(d.parse({ value: "-Infinity", ts: 1 }).value).toBe(-Infinity);
    expect(d.parse({ value: 0.5, ts: "2" })).toEqual({ value: 0.5, ts: 2n });
    expect(d.safeParse({ value: true, ts: 1 }).success).toBe(false);
    expect([NaN, Infinity, -Infinity, 1.5].map(wireDouble)).toEqual(["NaN", "Infinity", "-Infinity", 1.5]);
  });
});

describe("zodMessage", () => {
  const s = z.object({ tags: list(z.object({ key: reqString() })) });
  it("tells a wrong type from a missing value when the input is reported", () => {
    const wrong = s.safeParse({ tags: "nope" }, { reportInput: true });
    expect(wrong.success).toBe(false);
    // MLflow names the list itself, and Python's type
    if (!wrong.success) expect(zodMessage(wrong.error)).toMatch(/^Invalid value "nope" for parameter 'tags' supplied\. Hint: Value was of type 'str'\./);
    const wrongItem = s.safeParse({ tags: [7] }, { reportInput: true });
    if (!wrongItem.success) expect(zodMessage(wrongItem.error)).toMatch(/^Invalid value 7 for parameter 'tags\[0\]' supplied\. Hint: Value was of type 'int'\./);
    const missing = s.safeParse({ tags: [{}] }, { reportInput: true });
    if (!missing.success) expect(zodMessage(missing.error)).toMatch(/^Missing value for required parameter 'tags\[0\]\.key'/);
  });
});
