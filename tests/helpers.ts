// Helpers for integration tests that call route handlers in-process.
import { randomBytes } from "node:crypto";

export const uniqueName = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${randomBytes(3).toString("hex")}`;

type RouteFn = (req: Request, ctx?: { params: Promise<Record<string, string | string[] | undefined>> }) => Promise<Response>;

export interface Called {
  status: number;
  body: Record<string, unknown>;
}

/** Calls a route handler with a JSON body (POST/PATCH/DELETE) or a query object (GET). */
export async function call(
  fn: RouteFn,
  method: string,
  input: Record<string, unknown> | string = {},
  params: Record<string, string | string[]> = {},
): Promise<Called> {
  let url = "http://runboard.test/api";
  let init: RequestInit = { method };
  if (method === "GET") {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(input as Record<string, unknown>)) {
      if (Array.isArray(v)) v.forEach((x) => q.append(k, String(x)));
      else if (v !== undefined) q.append(k, String(v));
    }
    url += "?" + q.toString();
  } else {
    init = { method, body: typeof input === "string" ? input : JSON.stringify(input), headers: { "Content-Type": "application/json" } };
  }
  const res = await fn(new Request(url, init), { params: Promise.resolve(params) });
  const text = await res.text();
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(text);
  } catch {
    body = { _text: text };
  }
  return { status: res.status, body };
}
