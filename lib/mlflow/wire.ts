// Building blocks for MLflow wire schemas (docs/mlflow-compatibility.md#conventions, #limits): int64 as number or string,
// enums by name or number, doubles with "NaN"/"Infinity", required strings where an empty
// string counts as missing — each producing MLflow's own error text.
import { z } from "zod";
import { RUN_ID } from "@/lib/domain/validation";

/** Marker text the route wrapper replaces with the field's JSON path. */
export const PATH = "{path}";

/** The Python type name MLflow's server names in its hints (it parses JSON with Python's json). */
export function pythonType(v: unknown): string {
  if (Array.isArray(v)) return "list";
  if (v === null || v === undefined) return "NoneType";
  if (typeof v === "string") return "str";
  if (typeof v === "boolean") return "bool";
  if (typeof v === "number") return Number.isInteger(v) ? "int" : "float";
  return typeof v === "object" ? "dict" : typeof v;
}

/** MLflow's wrong-type message for the field at `path` (PATH until the route wrapper fills it in). */
export const wrongType = (v: unknown, path = PATH) =>
  `Invalid value ${JSON.stringify(v)} for parameter '${path}' supplied. Hint: Value was of type '${pythonType(v)}'. See the API docs for more information about request parameters.`;
const hint = (v: unknown) => wrongType(v);
export const MISSING = `Missing value for required parameter '${PATH}'. See the API docs for more information about request parameters.`;

/** A required string: absent, null or "" is "missing". */
export const reqString = () =>
  z.preprocess(
    (v) => (v === null || v === "" ? undefined : v),
    z.string({ error: (iss) => (iss.input === undefined ? MISSING : hint(iss.input)) }),
  );

/** A required run id in MLflow's shape (`^[a-zA-Z0-9][\w-]{0,255}$`, as log-batch checks it). */
export const reqRunId = () =>
  reqString().superRefine((v, ctx) => {
    if (!RUN_ID.test(v)) ctx.addIssue({ code: "custom", message: `Invalid value ${JSON.stringify(v)} for parameter '${PATH}' supplied.` });
  });

/** An optional string (null → absent). */
export const optString = () =>
  z.preprocess((v) => (v === null ? undefined : v), z.string({ error: (iss) => hint(iss.input) }).optional());

/** An id that older clients send as a JSON number: accepted and turned into its decimal string. */
export const reqId = () =>
  z.preprocess(
    (v) => (v === null || v === "" ? undefined : typeof v === "number" && Number.isInteger(v) ? String(v) : v),
    z.string({ error: (iss) => (iss.input === undefined ? MISSING : hint(iss.input)) }),
  );
export const optId = () =>
  z.preprocess(
    (v) => (v === null || v === "" ? undefined : typeof v === "number" && Number.isInteger(v) ? String(v) : v),
    z.string({ error: (iss) => hint(iss.input) }).optional(),
  );

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/**
 * An int64 from the wire, or INVALID: every path (JSON number, numeric string, bigint) is
 * range-checked, so no value outside int64 ever reaches a BIGINT column or parameter.
 */
function toBigInt(v: unknown): bigint | undefined | typeof INVALID {
  if (v === undefined || v === null || v === "") return undefined;
  let b: bigint;
  if (typeof v === "bigint") b = v;
  else if (typeof v === "number") {
    if (!Number.isInteger(v)) return INVALID;
    b = BigInt(v);
  } else if (typeof v === "string" && /^-?\d{1,30}$/.test(v.trim())) b = BigInt(v.trim());
  else return INVALID;
  return b >= INT64_MIN && b <= INT64_MAX ? b : INVALID;
}
const INVALID = Symbol("invalid");

/** int64 as a JSON number or numeric string → bigint. */
export const optInt64 = () =>
  z.unknown().transform((v, ctx) => {
    const b = toBigInt(v);
    if (b === INVALID) {
      ctx.addIssue({ code: "custom", message: hint(v) });
      return z.NEVER;
    }
    return b;
  })
    // An absent key must parse as undefined; a bare transform makes zod 4 require the key.
    .optional();
export const reqInt64 = () =>
  z.unknown().transform((v, ctx) => {
    const b = toBigInt(v);
    if (b === undefined) {
      ctx.addIssue({ code: "custom", message: MISSING });
      return z.NEVER;
    }
    if (b === INVALID) {
      ctx.addIssue({ code: "custom", message: hint(v) });
      return z.NEVER;
    }
    return b;
  });

/** int32 (max_results and friends) → number. */
export const optInt32 = () =>
  z.unknown().transform((v, ctx) => {
    const b = toBigInt(v);
    if (b === undefined) return undefined;
    if (b === INVALID || b > 2147483647n || b < -2147483648n) {
      ctx.addIssue({ code: "custom", message: hint(v) });
      return z.NEVER;
    }
    return Number(b);
  })
    .optional();

/** double: number, or "NaN" / "Infinity" / "-Infinity" (also numeric strings from GET). */
export function parseDouble(v: unknown): number | undefined | typeof INVALID {
  if (v === undefined || v === null || v === "") return undefined;
  if (typeof v === "number") return v;
  if (typeof v === "string") {
    const s = v.trim();
    if (s === "NaN" || s === "nan") return NaN;
    if (s === "Infinity" || s === "inf" || s === "+Infinity") return Infinity;
    if (s === "-Infinity" || s === "-inf") return -Infinity;
    if (s !== "" && Number.isFinite(Number(s))) return Number(s);
  }
  return INVALID;
}
export const reqDouble = () =>
  z.unknown().transform((v, ctx) => {
    const d = parseDouble(v);
    if (d === undefined) {
      ctx.addIssue({ code: "custom", message: MISSING });
      return z.NEVER;
    }
    if (d === INVALID) {
      ctx.addIssue({ code: "custom", message: hint(v) });
      return z.NEVER;
    }
    return d;
  });

/** bool: true/false, or "true"/"false" (case-insensitive) from GET query strings. */
export const optBool = () =>
  z.unknown().transform((v, ctx) => {
    if (v === undefined || v === null || v === "") return undefined;
    if (typeof v === "boolean") return v;
    if (typeof v === "string" && /^(true|false)$/i.test(v)) return v.toLowerCase() === "true";
    ctx.addIssue({ code: "custom", message: hint(v) });
    return z.NEVER;
  })
    .optional();

/** An enum sent by name (or by its numeric value, `values` in proto order). */
export function optEnum<const T extends readonly [string, ...string[]]>(values: T, numbers?: Record<number, T[number]>) {
  return z
    .unknown()
    .transform((v, ctx): T[number] | undefined => {
    if (v === undefined || v === null || v === "") return undefined;
    if (typeof v === "string" && (values as readonly string[]).includes(v)) return v as T[number];
    if (typeof v === "string" && (values as readonly string[]).includes(v.toUpperCase())) return v.toUpperCase() as T[number];
    const n = typeof v === "number" ? v : typeof v === "string" && /^\d+$/.test(v) ? Number(v) : NaN;
    if (numbers && n in numbers) return numbers[n];
    ctx.addIssue({ code: "custom", message: `Invalid value ${JSON.stringify(v)} for parameter '${PATH}' supplied. Allowed values: ${values.join(", ")}.` });
    return z.NEVER;
  })
    .optional();
}

/**
 * A repeated field: a list, or (from GET) a single value; absent → []. A list of objects
 * (metrics, params, tags) cannot come from a query string, so a single value there is refused
 * as MLflow refuses it: the list field itself named (`'metrics'`, not `'metrics[0]'`).
 */
export const list = <T extends z.ZodType>(item: T) =>
  z.preprocess(
    (v) => (v === undefined || v === null ? [] : Array.isArray(v) || item instanceof z.ZodObject ? v : [v]),
    z.array(item),
  );

export const keyValue = () => z.object({ key: reqString(), value: optString() });

// ─── output helpers ───

/** int64 → JSON number. */
export const num = (v: bigint | number | null | undefined) => (v === null || v === undefined ? undefined : Number(v));

/** double → JSON value; NaN/±Infinity become the protobuf-JSON strings. */
export function wireDouble(v: number): number | string {
  if (Number.isNaN(v)) return "NaN";
  if (v === Infinity) return "Infinity";
  if (v === -Infinity) return "-Infinity";
  return v;
}

/** A required string where "" is a value (absent or null is "missing"). */
export const reqStringOrEmpty = () =>
  z.preprocess(
    (v) => (v === null ? undefined : v),
    z.string({ error: (iss) => (iss.input === undefined ? MISSING : hint(iss.input)) }),
  );
