// A table-driven request fuzzer over every route of the app (issue 15): the routes come from the
// files (tests/auth/routes.ts), each route's fields from its code (the wire schemas it imports
// from lib/mlflow/*), and each case puts one hostile value into one place — a body or query
// field, a path parameter, or the request as a whole (malformed JSON, wrong content type, huge
// lists, deep nesting). A seeded PRNG picks the samples, so every run sends the same cases.
import { readFileSync } from "node:fs";
import path from "node:path";
import type { DiscoveredRoute } from "@/tests/auth/routes";

export const SEED = 0x15_15;

/** mulberry32: small, fast, deterministic. */
export function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const deep = (n: number): unknown => (n === 0 ? "x" : [deep(n - 1)]);

/** Over PostgreSQL's 65,535 bind parameters and the wire guard's list cap. */
export const HUGE_LIST = Array.from({ length: 70_000 }, (_, i) => `id${i}`);

/** One hostile value per class the issue names (and a few more). */
export const HOSTILE: { label: string; value: unknown }[] = [
  { label: "NUL", value: "\u0000" },
  { label: "NUL inside", value: "a\u0000b" },
  { label: "lone high surrogate", value: "\ud800" },
  { label: "lone low surrogate", value: "x\udc00y" },
  { label: "100k-char string", value: "A".repeat(100_000) },
  { label: "10k-char word", value: "k".repeat(10_000) },
  { label: "empty string", value: "" },
  { label: "traversal", value: "../../etc/passwd" },
  { label: "percent junk", value: "%ff%u002e%00" },
  { label: "SQL-ish", value: "' OR 1=1; -- \\" },
  { label: "emoji", value: "é😀\u202e" },
  { label: "1e30", value: 1e30 },
  { label: "-1e30", value: -1e30 },
  { label: "int64 max + 1 (string)", value: "9223372036854775808" },
  { label: "int64 min - 1 (string)", value: "-9223372036854775809" },
  { label: "30 digits", value: "999999999999999999999999999999" },
  { label: "2^53 + 2", value: 2 ** 53 + 2 },
  { label: "int32 max + 1", value: 2147483648 },
  { label: "-1", value: -1 },
  { label: "1.5", value: 1.5 },
  { label: "NaN string", value: "NaN" },
  { label: "true", value: true },
  { label: "null", value: null },
  { label: "{}", value: {} },
  { label: "NUL key object", value: { "\u0000": 1 } },
  { label: "[]", value: [] },
  { label: "[null]", value: [null] },
  { label: "list with NUL", value: ["a\u0000"] },
  { label: "kv with NUL and surrogate", value: [{ key: "\u0000", value: "\ud800" }] },
  { label: "kv with huge value", value: [{ key: "k", value: "v".repeat(100_000) }] },
  { label: "kv object", value: { key: "k\u0000", value: 1e30 } },
  { label: "70k-item list", value: HUGE_LIST },
  { label: "nested 200 deep", value: deep(200) },
];

/** Hostile path parameters (as the handler sees them: already percent-decoded). */
export const HOSTILE_PARAMS: { label: string; value: string }[] = [
  { label: "NUL", value: "a\u0000" },
  { label: "lone surrogate", value: "\ud800" },
  { label: "10k chars", value: "m".repeat(10_000) },
  { label: "int64 overflow", value: "99999999999999999999" },
  { label: "negative", value: "-1" },
  { label: "dot-dot", value: ".." },
  { label: "percent literal", value: "%ff" },
  { label: "empty", value: "" },
  { label: "slashes", value: "a/b/../../c" },
];

// ─── fields of a route, from its code ───

const ROOT = path.resolve(import.meta.dirname, "../..");
const sourceCache = new Map<string, string>();
const read = (file: string) => {
  if (!sourceCache.has(file)) sourceCache.set(file, readFileSync(file, "utf8"));
  return sourceCache.get(file)!;
};

const CORE_FIELDS = ["experiment_id", "run_id", "name", "key", "value"];
const NOT_FIELDS = new Set(["code", "message", "error", "path", "input", "params", "status", "headers", "method", "default", "case", "return"]);

/** The snake_case field names a route reads: its own `body.x` uses and the schemas it imports from lib/mlflow. */
export function fieldsOf(route: DiscoveredRoute): string[] {
  const fields = new Set<string>(CORE_FIELDS);
  const file = path.join(ROOT, "app", route.file);
  const src = read(file);
  // Re-exported routes (`export { POST } from "@/app/…/route"`) read the other file.
  const sources = [src];
  for (const m of src.matchAll(/from "@\/(app\/[^"]+\/route)"/g)) sources.push(read(path.join(ROOT, m[1] + ".ts")));
  for (const s of sources) {
    for (const m of s.matchAll(/\b(?:body|input|q|b)\.([a-z][a-z0-9_]*)/g)) fields.add(m[1]);
    for (const imp of s.matchAll(/import \{([^}]+)\} from "@\/lib\/mlflow\/([\w-]+)"/g)) {
      const modFile = path.join(ROOT, "lib/mlflow", imp[2] + ".ts");
      let mod: string;
      try {
        mod = read(modFile);
      } catch {
        continue;
      }
      for (const name of imp[1].split(",").map((x) => x.trim().split(/\s+as\s+/)[0])) {
        const at = mod.indexOf(`export const ${name} =`);
        if (at < 0) continue;
        const next = mod.indexOf("\nexport ", at + 1);
        const text = mod.slice(at, next < 0 ? undefined : next);
        for (const f of text.matchAll(/\b([a-z][a-z0-9_]*)\s*:\s*(?:req|opt|list|z\.|kv|keyValue|\w+\(\))/g)) fields.add(f[1]);
      }
    }
  }
  for (const n of NOT_FIELDS) if (!CORE_FIELDS.includes(n)) fields.delete(n);
  fields.add("path"); // artifact routes read it from the query
  return [...fields].sort();
}

// ─── cases ───

export interface Fixtures {
  experimentId: string;
  runId: string;
  modelId: string;
  registeredModel: string;
}

export interface Case {
  label: string;
  method: string;
  /** JSON body fields (non-GET) or query fields (GET). */
  input?: Record<string, unknown>;
  /** A raw body instead of JSON.stringify(input). */
  rawBody?: string;
  contentType?: string | null;
  params: Record<string, string | string[]>;
}

let counter = 0;
/** Plausible, valid values for the fields most routes share, so one hostile field gets past the others. */
export function baseInput(fields: string[], fx: Fixtures): Record<string, unknown> {
  const uniq = `fz-${(counter++).toString(36)}`;
  const base: Record<string, unknown> = {
    experiment_id: fx.experimentId,
    experiment_ids: [fx.experimentId],
    run_id: fx.runId,
    run_uuid: fx.runId,
    run_ids: [fx.runId],
    model_id: fx.modelId,
    name: uniq,
    new_name: `${uniq}-b`,
    key: "k1",
    value: "v1",
    metric_key: "m",
    timestamp: 1,
    step: 0,
    start_time: 1,
    end_time: 2,
    max_results: 10,
    version: "1",
    alias: "champion",
    tags: [{ key: "k", value: "v" }],
    source: "mlflow-artifacts:/x",
  };
  const out: Record<string, unknown> = {};
  for (const f of fields) if (f in base) out[f] = base[f];
  return out;
}

export function baseParams(route: DiscoveredRoute, fx: Fixtures): Record<string, string | string[]> {
  const values: Record<string, string> = { model_id: fx.modelId, experiment_id: fx.experimentId, run_id: fx.runId };
  return Object.fromEntries(route.params.map((p) => [p.name, p.catchAll ? [fx.experimentId, fx.runId, "artifacts", "f.txt"] : (values[p.name] ?? "x1")]));
}

/** The cases for one method of one route, bounded: `perField` hostile values per field, all param and request-level cases. */
export function casesFor(route: DiscoveredRoute, method: string, fx: Fixtures, opts: { perField: number; seed?: number }): Case[] {
  const random = rng((opts.seed ?? SEED) ^ hash(`${method} ${route.pattern}`));
  const fields = fieldsOf(route);
  const cases: Case[] = [];
  const params = () => baseParams(route, fx);
  for (const f of fields) {
    const picks = new Set<number>();
    while (picks.size < Math.min(opts.perField, HOSTILE.length)) picks.add(Math.floor(random() * HOSTILE.length));
    for (const i of picks) {
      const h = HOSTILE[i];
      // A query string carries strings only: lists become repeated keys, the rest text.
      cases.push({ label: `${f} = ${h.label}`, method, input: { ...baseInput(fields, fx), [f]: h.value }, params: params() });
    }
  }
  for (const p of route.params) {
    for (const h of HOSTILE_PARAMS) {
      cases.push({ label: `path ${p.name} = ${h.label}`, method, input: baseInput(fields, fx), params: { ...params(), [p.name]: p.catchAll ? ["0", h.value] : h.value } });
    }
  }
  if (method !== "GET") {
    const base = baseInput(fields, fx);
    cases.push(
      { label: "malformed JSON", method, rawBody: '{"name": "a', params: params() },
      { label: "JSON list body", method, rawBody: "[1, 2]", params: params() },
      { label: "JSON null body", method, rawBody: "null", params: params() },
      { label: "JSON string body", method, rawBody: '"x"', params: params() },
      { label: "invalid UTF-8 escape in JSON", method, rawBody: '{"name": "\\ud800\\u0000"}', params: params() },
      { label: "text/plain (cross-site simple request)", method, input: base, contentType: "text/plain", params: params() },
      { label: "form-urlencoded", method, rawBody: "name=x&experiment_id=0", contentType: "application/x-www-form-urlencoded", params: params() },
      { label: "no content type", method, input: base, contentType: null, params: params() },
      { label: "every field NUL", method, input: Object.fromEntries(fields.map((f) => [f, "\u0000"])), params: params() },
      { label: "every field 1e30", method, input: Object.fromEntries(fields.map((f) => [f, 1e30])), params: params() },
      { label: "every field a 70k list", method, input: Object.fromEntries(fields.map((f) => [f, HUGE_LIST])), params: params() },
    );
  } else {
    cases.push({ label: "every field NUL", method, input: Object.fromEntries(fields.map((f) => [f, "\u0000"])), params: params() });
    cases.push({ label: "every field 30 digits", method, input: Object.fromEntries(fields.map((f) => [f, "999999999999999999999999999999"])), params: params() });
  }
  return cases;
}

function hash(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}

/** The Request of a case (GET: the query string; otherwise a body). */
export function requestOf(c: Case, pattern: string, headers: Record<string, string> = {}): Request {
  let url = "http://runboard.test" + pattern.replace(/\[\[?(\.\.\.)?([^\]]+)\]\]?/g, "x");
  const h: Record<string, string> = { ...headers };
  if (c.method === "GET" || c.method === "HEAD") {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(c.input ?? {})) {
      if (Array.isArray(v)) v.forEach((x) => q.append(k, typeof x === "string" ? x : JSON.stringify(x)));
      else if (v !== undefined) q.append(k, typeof v === "string" ? v : JSON.stringify(v));
    }
    url += "?" + q.toString();
    return new Request(url, { method: c.method, headers: h });
  }
  const body = c.rawBody ?? JSON.stringify(c.input ?? {});
  if (c.contentType !== null) h["content-type"] = c.contentType ?? "application/json";
  const req = new Request(url, { method: c.method, headers: h, body });
  // A string body makes the Request add text/plain; the "no content type" case must have none.
  if (c.contentType === null) req.headers.delete("content-type");
  return req;
}
