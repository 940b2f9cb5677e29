import "server-only";
import { z } from "zod";
import { DomainError, HTTP_STATUS, type ErrorCode } from "@/lib/errors";
import { PATH, wrongType } from "@/lib/mlflow/wire";
import { authFailure, withRequestCaller } from "@/lib/auth/scope";
import { MAX_JSON_BODY_BYTES, checkWireValue } from "@/lib/domain/validation";
import { withRequestContext } from "@/lib/domain/bounded-read";

// Every MLflow REST route goes through mlflowRoute(schema, fn): it reads the request (JSON body,
// or the query string for GET with repeated keys as lists), validates it with zod, calls the
// domain, and answers 200 + JSON object — or MLflow's {error_code, message} with its status.
//
// The wire guard runs here, before any schema, for every route (validation.ts checkWireValue):
// the body, the query string and the path parameters carry no NUL or lone surrogate, no list over
// MAX_LIST_ITEMS, no nesting over MAX_INPUT_DEPTH; POST/PUT bodies must be `application/json`
// (MLflow's own check, which also stops cross-site "simple" text/plain POSTs). A database error
// that only bad data can cause (SQLSTATE class 22 data exception, class 54 program limit) is
// still answered 400, never 500: the guard and the wire types are the rule, this is the net.

type Params = Record<string, string | string[] | undefined>;
type RouteContext = { params: Promise<Params> };
export type Handler<T> = (input: T, req: Request, params: Params) => Promise<object | Response>;

export function errorResponse(code: ErrorCode, message: string): Response {
  return Response.json({ error_code: code, message }, { status: HTTP_STATUS[code] });
}

/** Turns a query string into an object; keys whose schema is a list collect every value. */
export function queryToObject(params: URLSearchParams): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const key of new Set(params.keys())) {
    const all = params.getAll(key);
    out[key] = all.length === 1 ? all[0] : all;
  }
  checkWireValue(out);
  return out;
}

const JSON_TYPES = ["application/json"];

/**
 * MLflow's `_validate_content_type`: POST and PUT JSON bodies must say `application/json`
 * (parameters such as `; charset=utf-8` allowed). A web page can send a cross-site POST without
 * a CORS preflight only as text/plain, form-urlencoded or multipart, so this also refuses those.
 */
export function checkJsonContentType(req: Request): void {
  if (req.method !== "POST" && req.method !== "PUT") return;
  const type = req.headers.get("content-type");
  if (type === null) throw new DomainError("INVALID_PARAMETER_VALUE", "Bad Request. Content-Type header is missing.");
  if (!JSON_TYPES.includes(type.split(";")[0].trim().toLowerCase())) {
    throw new DomainError("INVALID_PARAMETER_VALUE", `Bad Request. Content-Type must be one of ['application/json'].`);
  }
}

function pathOf(issue: z.core.$ZodIssue): string {
  let s = "";
  for (const p of issue.path) {
    if (typeof p === "number") s += `[${p}]`;
    else s += s ? `.${String(p)}` : String(p);
  }
  return s;
}

/**
 * A ZodError as MLflow's INVALID_PARAMETER_VALUE message (first issue, field path named).
 * Parse with `{ reportInput: true }` so a wrong type is told apart from a missing value.
 */
export function zodMessage(err: z.ZodError): string {
  const issue = err.issues[0];
  const path = pathOf(issue);
  if (issue.message.includes(PATH)) return issue.message.replaceAll(PATH, path);
  if (issue.code === "invalid_type" && issue.input === undefined) {
    return `Missing value for required parameter '${path}'. See the API docs for more information about request parameters.`;
  }
  if (issue.code === "invalid_type" && path) return wrongType(issue.input, path);
  return path ? `Invalid value for parameter '${path}': ${issue.message}` : issue.message;
}

/** Python's repr of a float, as json.dumps writes it (9.0, 1e-07, 1e+16). */
export function pythonFloat(v: number): string {
  if (!Number.isFinite(v)) return Number.isNaN(v) ? "NaN" : v > 0 ? "Infinity" : "-Infinity";
  const [mantissa, e] = v.toExponential().split("e");
  const exp = Number(e);
  if (exp < -4 || exp >= 16) return `${mantissa}e${exp < 0 ? "-" : "+"}${String(Math.abs(exp)).padStart(2, "0")}`;
  return Number.isInteger(v) ? `${v}.0` : String(v);
}

/**
 * A message's rejected number written as MLflow's server writes it. JSON.parse loses `9.0` vs `9`,
 * which Python keeps (float vs int), so the request text says which it was: a number written with
 * a fraction or an exponent is a float. Only runs on the error path.
 */
function pythonNumbers(message: string, text: string | undefined): string {
  return message.replace(/^Invalid value (-?\d[\d.eE+-]*) for parameter '([^']*)' supplied\.( Hint: Value was of type 'int'\.)?/, (all, n: string, path: string, hint?: string) => {
    const v = Number(n);
    const floatInText = text !== undefined && (text.replace(/"(?:[^"\\]|\\.)*"/g, "").match(/-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/g) ?? []).some((t) => /[.eE]/.test(t) && Number(t) === v);
    if (Number.isInteger(v) && !floatInText) return all;
    return `Invalid value ${pythonFloat(v)} for parameter '${path}' supplied.${hint ? " Hint: Value was of type 'float'." : ""}`;
  });
}

/** The request input: the query for GET/HEAD, else the JSON object body ({} when empty). */
export async function readInput(req: Request): Promise<unknown> {
  return (await readInputAndText(req)).input;
}

async function readInputAndText(req: Request): Promise<{ input: unknown; text?: string }> {
  if (req.method === "GET" || req.method === "HEAD") {
    return { input: queryToObject(new URL(req.url).searchParams) };
  }
  checkJsonContentType(req);
  const declared = Number(req.headers.get("content-length") ?? 0);
  if (declared > MAX_JSON_BODY_BYTES) throw new DomainError("INVALID_PARAMETER_VALUE", `JSON request bodies are limited to ${MAX_JSON_BODY_BYTES} bytes.`);
  const text = await req.text();
  if (text.length > MAX_JSON_BODY_BYTES) throw new DomainError("INVALID_PARAMETER_VALUE", `JSON request bodies are limited to ${MAX_JSON_BODY_BYTES} bytes.`);
  if (text.trim() === "") return { input: {}, text };
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new DomainError("BAD_REQUEST", "Malformed JSON in request body.");
  }
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw new DomainError("INVALID_PARAMETER_VALUE", "The request body must be a JSON object.");
  }
  checkWireValue(body);
  return { input: body, text };
}

/**
 * The SQLSTATE of a database error, whichever way it arrives: node-postgres (`code`), Prisma's
 * driver adapter (`meta.driverAdapterError.cause.originalCode`), or a raw-query error's message.
 */
export function sqlStateOf(e: unknown): string | null {
  if (typeof e !== "object" || e === null) return null;
  const err = e as { code?: unknown; message?: unknown; meta?: { code?: unknown; driverAdapterError?: { cause?: { originalCode?: unknown } } }; cause?: unknown };
  const candidates = [err.meta?.driverAdapterError?.cause?.originalCode, err.meta?.code, err.code];
  // Prisma's own codes (P1xxx–P6xxx) look like SQLSTATEs but are not; PL/pgSQL's P0xxx are.
  for (const c of candidates) if (typeof c === "string" && /^[0-9A-Z]{5}$/.test(c) && !/^P[1-9]/.test(c)) return c;
  if (typeof err.message === "string") {
    const m = /\bCode: `?([0-9A-Z]{5})`?/.exec(err.message);
    if (m) return m[1];
  }
  return err.cause && err.cause !== e ? sqlStateOf(err.cause) : null;
}

/** Prisma's own "this value does not fit" errors (value too long for the column, int overflow). */
const PRISMA_DATA_ERRORS = new Set(["P2000", "P2020", "P2033"]);

function dataErrorResponse(e: unknown): Response | null {
  const code = typeof e === "object" && e !== null ? (e as { code?: unknown }).code : undefined;
  const state = sqlStateOf(e);
  const prisma = typeof code === "string" && PRISMA_DATA_ERRORS.has(code);
  if (!prisma && !(state && (state.startsWith("22") || state.startsWith("54")))) return null;
  // Logged: a value the wire guard should have refused with a better message.
  console.warn("[runboard] request refused by the database", state ?? code, e instanceof Error ? e.message : e);
  const message = state?.startsWith("54")
    ? "A value in the request is too large to be stored or searched."
    : "A value in the request cannot be stored (out of range or malformed for its field).";
  return errorResponse("INVALID_PARAMETER_VALUE", message);
}

export function handleError(e: unknown): Response {
  const auth = authFailure(e);
  if (auth) return auth;
  if (e instanceof DomainError) return errorResponse(e.code, e.message);
  if (e instanceof z.ZodError) return errorResponse("INVALID_PARAMETER_VALUE", zodMessage(e));
  const data = dataErrorResponse(e);
  if (data) return data;
  console.error("[runboard] unexpected error", e);
  return errorResponse("INTERNAL_ERROR", "Internal server error. See the Runboard server log for details.");
}

/**
 * Turns `fn` into a Next.js route handler that behaves like an MLflow server endpoint
 * (docs/mlflow-compatibility.md#conventions, #errors). For each request, in order:
 *
 * 1. **Auth** — identifies the caller (session, Basic, Bearer; lib/auth/scope.ts) and runs the
 *    rest as that caller. No valid credential with auth on: 401 `UNAUTHENTICATED` before
 *    anything is parsed; a throttled sign-in 429. A signed-in request that gets a 2xx without
 *    the domain having made any permission decision is turned into a 500 (fails closed).
 * 2. **Context** — the request's abort signal and `X-Request-Id` reach the domain
 *    (lib/domain/bounded-read.ts): searches and history reads run under
 *    `RUNBOARD_QUERY_TIMEOUT` (504 `DEADLINE_EXCEEDED`), and an aborted request cancels its
 *    query (499 `CANCELLED`).
 * 3. **Input** — GET/HEAD: the query string (repeated keys become lists); other methods: the
 *    JSON object body (`{}` when empty; `Content-Type: application/json` required for POST/PUT;
 *    at most MAX_JSON_BODY_BYTES; malformed JSON 400 `BAD_REQUEST`). The wire guard
 *    (`checkWireValue`: no NUL or lone surrogate, list and depth caps) runs on the path params
 *    and the input.
 * 4. **Validation** — the zod `schema` parses the input (path params are not merged into it;
 *    `fn` gets them as its third argument); the first issue becomes 400 `INVALID_PARAMETER_VALUE` naming the
 *    field in MLflow's wording.
 * 5. **Call** — `fn(parsed, req, params)`; a returned object is answered 200 as JSON (`{}` for
 *    nothing), a returned Response as is (downloads, streams).
 * 6. **Errors** — `handleError`: a DomainError → `{error_code, message}` with MLflow's status;
 *    a ZodError thrown later → 400; a database error only bad data can cause → 400; anything
 *    else is logged and answered 500 `INTERNAL_ERROR` without internals.
 */
export function mlflowRoute<S extends z.ZodType>(schema: S, fn: Handler<z.output<S>>) {
  return async (req: Request, ctx?: RouteContext): Promise<Response> => {
    try {
      // The request's abort signal cancels its database queries; its id names them (lib/domain/bounded-read.ts).
      return await withRequestCaller(req, () => withRequestContext({ signal: req.signal, requestId: req.headers.get("x-request-id") ?? undefined }, () => run(schema, fn, req, ctx)));
    } catch (e) {
      return handleError(e);
    }
  };
}

async function run<S extends z.ZodType>(schema: S, fn: Handler<z.output<S>>, req: Request, ctx?: RouteContext): Promise<Response> {
  try {
    const params = ctx?.params ? await ctx.params : {};
    checkWireValue(params);
    const { input, text } = await readInputAndText(req);
    const parsed = schema.safeParse(input, { reportInput: true });
    if (!parsed.success) return errorResponse("INVALID_PARAMETER_VALUE", pythonNumbers(zodMessage(parsed.error), text));
    const out = await fn(parsed.data, req, params);
    if (out instanceof Response) return out;
    return Response.json(out ?? {});
  } catch (e) {
    return handleError(e);
  }
}
