// MLflow's input rules (docs/mlflow-compatibility.md#limits, mlflow/utils/validation.py): key characters and path sanity,
// length limits, metric value/timestamp/step rules, batch sizes. Every message names the field
// path the way MLflow's server does (`metrics[3].timestamp`, `params[0].key`). Pure functions
// (no database), shared by every domain module that accepts MLflow keys and values.
import { posix } from "node:path";
import { invalidParam } from "@/lib/errors";

export const MAX_PARAMS_TAGS_PER_BATCH = 100;
export const MAX_METRICS_PER_BATCH = 1000;
export const MAX_ENTITIES_PER_BATCH = 1000;
export const MAX_DATASETS_PER_BATCH = 1000;
export const MAX_ENTITY_KEY_LENGTH = 250;
export const MAX_PARAM_VAL_LENGTH = 6000;
export const MAX_TAG_VAL_LENGTH = 8000;
export const MAX_EXPERIMENT_NAME_LENGTH = 500;
export const MAX_EXPERIMENT_TAG_KEY_LENGTH = 250;
export const MAX_EXPERIMENT_TAG_VAL_LENGTH = 5000;
export const MAX_MODEL_REGISTRY_TAG_KEY_LENGTH = 250;
export const MAX_MODEL_REGISTRY_TAG_VALUE_LENGTH = 5000;
export const MAX_RUN_NAME_LENGTH = 250;
export const MAX_ARTIFACT_LOCATION_LENGTH = 2000;
export const MAX_DATASET_NAME_SIZE = 500;
export const MAX_DATASET_DIGEST_SIZE = 36;
export const MAX_DATASET_SCHEMA_SIZE = 1048575;
export const MAX_DATASET_SOURCE_SIZE = 65535;
export const MAX_DATASET_PROFILE_SIZE = 16777215;
export const MAX_DATASET_SOURCE_TYPE_SIZE = 36;
export const MAX_INPUT_TAG_KEY_SIZE = 255;
export const MAX_INPUT_TAG_VALUE_SIZE = 500;

const BAD_CHARACTERS =
  "Names may only contain alphanumerics, underscores (_), dashes (-), periods (.), spaces ( ), colon(:) and slashes (/).";
const MISSING_KEY = "A key name must be provided.";
// Python's `\w` in Unicode mode: letters, numbers and the underscore.
const VALID_KEY = /^[\p{L}\p{N}_/.\- :]*$/u;

/** MLflow's "Invalid value <json> for parameter '<path>' supplied[: reason]". */
export function invalidValueMessage(path: string, value: unknown, reason?: string): string {
  const shown = JSON.stringify(value === undefined ? null : value);
  return reason ? `Invalid value ${shown} for parameter '${path}' supplied: ${reason}` : `Invalid value ${shown} for parameter '${path}' supplied.`;
}

export function missingValueMessage(path: string): string {
  return `Missing value for required parameter '${path}'. See the API docs for more information about request parameters.`;
}

export function exceedsMaximumLengthMessage(path: string, limit: number): string {
  return `'${path}' exceeds the maximum length of ${limit} characters`;
}

/** Python's posixpath.normpath. */
export function posixNormpath(p: string): string {
  if (p === "") return ".";
  let initial = p.startsWith("/") ? 1 : 0;
  if (initial && p.startsWith("//") && !p.startsWith("///")) initial = 2;
  const out: string[] = [];
  for (const comp of p.split("/")) {
    if (comp === "" || comp === ".") continue;
    if (comp !== ".." || (!initial && out.length === 0) || (out.length > 0 && out[out.length - 1] === "..")) out.push(comp);
    else if (out.length > 0) out.pop();
  }
  const joined = "/".repeat(initial) + out.join("/");
  return joined || ".";
}

/** True when the key, treated as a file path, would resolve to a different name (`a//b`, `./a`, `/a`, `..`). */
export function pathNotUnique(name: string): boolean {
  const norm = posixNormpath(name);
  return norm !== name || norm === "." || norm.startsWith("..") || norm.startsWith("/");
}

/**
 * A metric / param / tag key: present, only word characters, `/ . - space :`, and path-sane.
 * `path` is the field named in messages (`key`, `metrics[2].key`).
 */
export function validateKey(path: string, key: string | null | undefined): string {
  if (key === null || key === undefined) throw invalidParam(invalidValueMessage(path, "", MISSING_KEY));
  if (!VALID_KEY.test(key)) throw invalidParam(invalidValueMessage(path, key, BAD_CHARACTERS));
  if (pathNotUnique(key)) {
    throw invalidParam(
      invalidValueMessage(
        path,
        key,
        `Names may be treated as files in certain cases, and must not resolve to other names when treated as such. This name would resolve to '${posixNormpath(key)}'`,
      ),
    );
  }
  return key;
}

/** A string no longer than `limit` (never truncated). */
export function validateLength(path: string, value: string | null | undefined, limit: number): void {
  if (value !== null && value !== undefined && value.length > limit) throw invalidParam(exceedsMaximumLengthMessage(path, limit));
  validateNoNul(path, value);
}

/** Key validation plus MLflow's 250-character key limit (metrics, params, run tags). */
export function validateEntityKey(path: string, key: string | null | undefined): string {
  validateKey(path, key);
  validateLength(path, key, MAX_ENTITY_KEY_LENGTH);
  return key as string;
}

/**
 * MLflow truncates over-long param and run-tag values instead of rejecting them while
 * `MLFLOW_TRUNCATE_LONG_VALUES` is on, which is its default (the server applies the same
 * validator as the client). Set it to `false` to reject them.
 */
export function truncateLongValues(): boolean {
  const v = process.env.MLFLOW_TRUNCATE_LONG_VALUES;
  return v === undefined || !/^(false|0|no|off)$/i.test(v.trim());
}

/**
 * PostgreSQL text cannot hold NUL characters; a value carrying one is refused up front (an
 * INVALID_PARAMETER_VALUE instead of a database error).
 */
export function validateNoNul(path: string, value: string | null | undefined): void {
  if (value && value.includes("\u0000")) throw invalidParam(invalidValueMessage(path, value, "NUL characters are not allowed."));
}

function limitValue(path: string, value: string, limit: number): string {
  validateNoNul(path, value);
  if (value.length <= limit) return value;
  if (truncateLongValues()) return value.slice(0, limit);
  throw invalidParam(exceedsMaximumLengthMessage(path, limit));
}

/** A param value (≤ 6000 characters; truncated as MLflow does by default). Absent → "". */
export function validateParamValue(path: string, value: string | null | undefined): string {
  return limitValue(path, value ?? "", MAX_PARAM_VAL_LENGTH);
}

/** A run tag value (≤ 8000 characters; truncated as MLflow does by default). Absent → "". */
export function validateTagValue(path: string, value: string | null | undefined): string {
  return limitValue(path, value ?? "", MAX_TAG_VAL_LENGTH);
}

/** A param: checked key and (possibly truncated) value. `path` is e.g. `params[3]` or "". */
export function validateParam(path: string, key: string, value: string | null | undefined): { key: string; value: string } {
  return { key: validateEntityKey(join(path, "key"), key), value: validateParamValue(join(path, "value"), value) };
}

/** A run tag: checked key and (possibly truncated) value. */
export function validateRunTag(path: string, key: string, value: string | null | undefined): { key: string; value: string } {
  return { key: validateEntityKey(join(path, "key"), key), value: validateTagValue(join(path, "value"), value) };
}

/** An experiment tag: key ≤ 250, value ≤ 5000, never truncated. */
export function validateExperimentTag(path: string, key: string, value: string | null | undefined): { key: string; value: string } {
  validateKey(join(path, "key"), key);
  validateLength(join(path, "key"), key, MAX_EXPERIMENT_TAG_KEY_LENGTH);
  validateLength(join(path, "value"), value, MAX_EXPERIMENT_TAG_VAL_LENGTH);
  return { key, value: value ?? "" };
}

/** A registered-model / model-version tag: key ≤ 250, value ≤ 5000. */
export function validateRegistryTag(path: string, key: string, value: string | null | undefined): { key: string; value: string } {
  validateKey(join(path, "key"), key);
  validateLength(join(path, "key"), key, MAX_MODEL_REGISTRY_TAG_KEY_LENGTH);
  validateLength(join(path, "value"), value, MAX_MODEL_REGISTRY_TAG_VALUE_LENGTH);
  return { key, value: value ?? "" };
}

export interface MetricValues {
  key: string;
  value: number;
  timestamp: bigint | number;
  step?: bigint | number | null;
}

/** A metric: valid key, numeric value (NaN/±Infinity allowed), timestamp ≥ 0, integer step. */
export function validateMetric(path: string, m: MetricValues, opts: { keyChecked?: boolean } = {}): void {
  if (!opts.keyChecked) validateKey(join(path, "key"), m.key);
  if (typeof m.value !== "number") {
    throw invalidParam(invalidValueMessage(join(path, "value"), m.value, "Please specify value as a valid double (64-bit floating point)"));
  }
  const ts = m.timestamp;
  if ((typeof ts !== "bigint" && typeof ts !== "number") || ts < 0 || (typeof ts === "number" && !Number.isInteger(ts))) {
    throw invalidParam(
      invalidValueMessage(join(path, "timestamp"), typeof ts === "bigint" ? Number(ts) : ts, `metric '${m.key}' (value=${m.value}). Timestamp must be a nonnegative long (64-bit integer) `),
    );
  }
  const step = m.step ?? 0;
  if ((typeof step !== "bigint" && typeof step !== "number") || (typeof step === "number" && !Number.isInteger(step))) {
    throw invalidParam(invalidValueMessage(join(path, "step"), step, `metric '${m.key}' (value=${m.value}). Step must be a valid long (64-bit integer).`));
  }
  if (!opts.keyChecked) validateLength(join(path, "key"), m.key, MAX_ENTITY_KEY_LENGTH);
}

function batchLimit(entity: string, limit: number, length: number) {
  if (length > limit) {
    throw invalidParam(
      `A batch logging request can contain at most ${limit} ${entity}. Got ${length} ${entity}. Please split up ${entity} across multiple requests and try again.`,
    );
  }
}

/** Batch sizes: metrics ≤ 1000, params ≤ 100, tags ≤ 100, all together ≤ 1000. */
export function validateBatchLimits(metrics: number, params: number, tags: number): void {
  batchLimit("metrics", MAX_METRICS_PER_BATCH, metrics);
  batchLimit("params", MAX_PARAMS_TAGS_PER_BATCH, params);
  batchLimit("tags", MAX_PARAMS_TAGS_PER_BATCH, tags);
  batchLimit("metrics, params, and tags", MAX_ENTITIES_PER_BATCH, metrics + params + tags);
}

/** Python's repr() of a str, as used in MLflow's messages. */
export function pyRepr(s: string): string {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = "";
  for (const ch of s) {
    if (ch === "\\") out += "\\\\";
    else if (ch === quote) out += "\\" + ch;
    else if (ch === "\n") out += "\\n";
    else if (ch === "\r") out += "\\r";
    else if (ch === "\t") out += "\\t";
    else out += ch;
  }
  return quote + out + quote;
}

/** Python's repr() of a list of str. */
export const pyListRepr = (items: string[]) => `[${items.map(pyRepr).join(", ")}]`;

/** No key twice among the params of one batch. */
export function validateParamKeysUnique(params: { key: string }[]): void {
  const seen = new Set<string>();
  const dupes: string[] = [];
  for (const p of params) {
    if (seen.has(p.key)) dupes.push(p.key);
    else seen.add(p.key);
  }
  if (dupes.length) {
    throw invalidParam(
      `Duplicate parameter keys have been submitted: ${pyListRepr(dupes)}. Please ensure the request contains only one param value per param key.`,
    );
  }
}

/** An experiment name: non-empty, ≤ 500 characters. */
export function validateExperimentName(name: string | null | undefined, path = "name"): string {
  if (name === null || name === undefined || name === "") throw invalidParam(`Invalid experiment name: '${name ?? ""}'`);
  validateLength(path, name, MAX_EXPERIMENT_NAME_LENGTH);
  return name;
}

/** An experiment artifact location: no `runs:` URI, no URL fragment/params, bounded length. */
export function validateArtifactLocation(location: string, path = "artifact_location"): string {
  validateNoNul(path, location);
  if (location.startsWith("runs:")) throw invalidParam(`Artifact location cannot be a runs:/ URI. Given: '${location}'`);
  const hasScheme = /^[a-zA-Z][a-zA-Z0-9+.-]*:/.test(location);
  if (hasScheme && (location.includes("#") || /;[^/]*$/.test(location.split("?")[0]))) {
    throw invalidParam(`'${path}' URL can't include fragments or params.`);
  }
  const resolved = resolveLocalLocation(location, hasScheme);
  if (resolved.length > MAX_ARTIFACT_LOCATION_LENGTH) {
    throw invalidParam(`Invalid artifact path length. The length of the artifact path cannot be greater than ${MAX_ARTIFACT_LOCATION_LENGTH} characters.`);
  }
  return resolved;
}

/**
 * A relative local location (`my_location`, `file:my_location`) made absolute against the
 * server's working directory, as MLflow's server does (resolve_uri_if_local): a relative path in
 * an experiment would otherwise mean a different directory to every client that logs into it.
 */
function resolveLocalLocation(location: string, hasScheme: boolean): string {
  if (!hasScheme) return location.startsWith("/") ? location : posix.resolve(process.cwd(), location);
  const file = /^file:(?!\/)([^?#]*)(.*)$/.exec(location);
  return file ? `file://${posix.resolve(process.cwd(), file[1])}${file[2]}` : location;
}

/** A run name (runs.name is VARCHAR(250)). */
export function validateRunName(path: string, name: string): string {
  validateLength(path, name, MAX_RUN_NAME_LENGTH);
  return name;
}

export const RUN_ID = /^[a-zA-Z0-9][\w-]{0,255}$/;
/** MLflow's run-id shape check (log-batch and log-inputs as MLflow; here also every single-run endpoint). */
export function validateRunIdFormat(runId: string, path = "run_id"): string {
  if (!RUN_ID.test(runId)) throw invalidParam(invalidValueMessage(path, runId));
  return runId;
}

/** Appends a field to a JSON path the way MLflow does (`metrics[0]` + `key` → `metrics[0].key`). */
export function join(path: string, field: string): string {
  if (!path) return field;
  return field.startsWith("[") ? `${path}${field}` : `${path}.${field}`;
}

// ─── The wire guard: what every request value is checked for before anything reaches SQL ───
//
// Applied by lib/mlflow/route.ts to every JSON body, query string and path parameter (and by the
// routes outside mlflowRoute through queryToObject), so no endpoint can forget it: strings carry
// no NUL (PostgreSQL text cannot hold one) and no lone UTF-16 surrogate (it cannot be encoded as
// UTF-8 and would be silently replaced), lists stay far below PostgreSQL's 65,535 bind
// parameters, and nesting is bounded. Integers are range-checked by the int64/int32 wire types
// (lib/mlflow/wire.ts).

/** Items in any one list of a request (ids, metrics, records …); MLflow's own caps are lower where it has them. */
export const MAX_LIST_ITEMS = 25_000;
/** Nesting depth of a request document. */
export const MAX_INPUT_DEPTH = 64;
/** Bytes in a JSON request body. */
export const MAX_JSON_BODY_BYTES = 64 * 1024 * 1024;

/** Why a string cannot be stored as PostgreSQL text, or null. */
export function badStringReason(s: string): string | null {
  if (s.includes("\u0000")) return "NUL characters are not allowed.";
  if (!s.isWellFormed()) return "Unpaired UTF-16 surrogates are not allowed.";
  return null;
}

function shown(s: string): string {
  const cut = s.length > 200 ? s.slice(0, 200) + "…" : s;
  // JSON.stringify escapes NUL and lone surrogates, so the message itself stays well-formed.
  return JSON.stringify(cut);
}

/**
 * Checks a parsed request value (JSON body, query object, path parameters) against the wire
 * guard; throws INVALID_PARAMETER_VALUE naming the field (`metrics[3].key`).
 */
export function checkWireValue(value: unknown, path = "", depth = 0): void {
  if (typeof value === "string") {
    const why = badStringReason(value);
    if (why) throw invalidParam(`Invalid value ${shown(value)} for parameter '${path || "request"}' supplied: ${why}`);
    return;
  }
  if (typeof value !== "object" || value === null) return;
  if (depth > MAX_INPUT_DEPTH) throw invalidParam(`The request is nested deeper than ${MAX_INPUT_DEPTH} levels${path ? ` at '${path}'` : ""}.`);
  if (Array.isArray(value)) {
    if (value.length > MAX_LIST_ITEMS) {
      throw invalidParam(`Parameter '${path || "request"}' has ${value.length} items; at most ${MAX_LIST_ITEMS} are accepted in one request.`);
    }
    for (let i = 0; i < value.length; i++) checkWireValue(value[i], `${path}[${i}]`, depth + 1);
    return;
  }
  for (const key in value) {
    const why = badStringReason(key);
    if (why) throw invalidParam(`Invalid field name ${shown(key)}${path ? ` in '${path}'` : ""}: ${why}`);
    checkWireValue((value as Record<string, unknown>)[key], path ? `${path}.${key}` : key, depth + 1);
  }
}
