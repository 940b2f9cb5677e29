import "server-only";
import { z } from "zod";
import { DomainError, HTTP_STATUS, type ErrorCode } from "@/lib/errors";
import { PATH } from "@/lib/mlflow/wire";
import { authFailure, withRequestCaller } from "@/lib/auth/scope";

// Every MLflow REST route goes through mlflowRoute(schema, fn): it reads the request (JSON body,
// or the query string for GET with repeated keys as lists), validates it with zod, calls the
// domain, and answers 200 + JSON object — or MLflow's {error_code, message} with its status.

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
  return out;
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
  if (issue.code === "invalid_type" && path) {
    const v = issue.input;
    const type = Array.isArray(v) ? "list" : v === null ? "null" : typeof v === "object" ? "dict" : typeof v;
    return `Invalid value ${JSON.stringify(v)} for parameter '${path}' supplied. Hint: Value was of type '${type}'. See the API docs for more information about request parameters.`;
  }
  return path ? `Invalid value for parameter '${path}': ${issue.message}` : issue.message;
}

/** The request input: the query for GET/HEAD, else the JSON object body ({} when empty). */
export async function readInput(req: Request): Promise<unknown> {
  if (req.method === "GET" || req.method === "HEAD") {
    return queryToObject(new URL(req.url).searchParams);
  }
  const text = await req.text();
  if (text.trim() === "") return {};
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new DomainError("BAD_REQUEST", "Malformed JSON in request body.");
  }
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw new DomainError("INVALID_PARAMETER_VALUE", "The request body must be a JSON object.");
  }
  return body;
}

export function handleError(e: unknown): Response {
  const auth = authFailure(e);
  if (auth) return auth;
  if (e instanceof DomainError) return errorResponse(e.code, e.message);
  if (e instanceof z.ZodError) return errorResponse("INVALID_PARAMETER_VALUE", zodMessage(e));
  console.error("[runboard] unexpected error", e);
  return errorResponse("INTERNAL_ERROR", "Internal server error. See the Runboard server log for details.");
}

/**
 * Wraps a route handler. Path params (from the URL) are merged into the input before
 * validation, so `{model_id}` in the path satisfies a required `model_id` field. The handler
 * runs as the request's caller (lib/auth/scope.ts): 401 before anything is parsed when auth is
 * on and there is no valid credential.
 */
export function mlflowRoute<S extends z.ZodType>(schema: S, fn: Handler<z.output<S>>) {
  return async (req: Request, ctx?: RouteContext): Promise<Response> => {
    try {
      return await withRequestCaller(req, () => run(schema, fn, req, ctx));
    } catch (e) {
      return handleError(e);
    }
  };
}

async function run<S extends z.ZodType>(schema: S, fn: Handler<z.output<S>>, req: Request, ctx?: RouteContext): Promise<Response> {
  try {
    const params = ctx?.params ? await ctx.params : {};
    const raw = (await readInput(req)) as Record<string, unknown>;
    const parsed = schema.safeParse(raw, { reportInput: true });
    if (!parsed.success) return errorResponse("INVALID_PARAMETER_VALUE", zodMessage(parsed.error));
    const out = await fn(parsed.data, req, params);
    if (out instanceof Response) return out;
    return Response.json(out ?? {});
  } catch (e) {
    return handleError(e);
  }
}
