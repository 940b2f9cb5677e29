// Issue 15: every route (found from the files, so a route added later is fuzzed too) × hostile
// input — wrong types, missing fields, NUL / lone surrogates / huge strings, int64 overflow,
// 70k-item lists, deep nesting, malformed JSON, wrong content types, hostile path parameters —
// never answers 5xx, always answers errors as MLflow's {error_code, message} with the status of
// the code, and a rejected write changes no row. Deterministic (seeded), auth off; the same
// generator runs with RUNBOARD_AUTH=on in auth.test.ts. Wrong methods, malformed percent-
// encoding and Host checks need the real server: tests/fuzz/http.test.ts.
import { afterAll, beforeAll, expect, test } from "vitest";
import { startHarness, type Harness } from "./harness";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
}, 120_000);
afterAll(async () => {
  await h?.close();
});

test("no 5xx, MLflow error JSON, rejected writes write nothing — every route", async () => {
  const started = Date.now();
  const r = await h.run({ perField: Number(process.env.FUZZ_PER_FIELD ?? 3), only: process.env.FUZZ_ROUTES ? new RegExp(process.env.FUZZ_ROUTES) : undefined });
  console.log(`[fuzz] ${r.cases} cases over ${r.handlers} handlers of ${r.routes} routes in ${((Date.now() - started) / 1000).toFixed(1)} s; ${r.violations.length} violations`);
  expect(r.routes).toBeGreaterThan(100);
  if (!process.env.FUZZ_ROUTES) expect(r.cases).toBeGreaterThan(3000);
  if (r.violations.length) console.log(r.violations.join("\n"));
  expect(r.violations).toEqual([]);
}, 900_000);
