// Helpers for auth tests: route handlers called in-process with credentials.
import { randomBytes } from "node:crypto";

type RouteFn = (req: Request, ctx?: { params: Promise<Record<string, string | string[] | undefined>> }) => Promise<Response>;

export const ADMIN = { username: "root-admin", password: "root-admin-password-1" };

/** Turns auth on for this test file (each file runs in its own process). */
export function enableAuth(extra: Record<string, string> = {}) {
  process.env.RUNBOARD_AUTH = "on";
  process.env.RUNBOARD_ADMIN_USERNAME = ADMIN.username;
  process.env.RUNBOARD_ADMIN_PASSWORD = ADMIN.password;
  Object.assign(process.env, extra);
}

export const basic = (u: string, p: string) => "Basic " + Buffer.from(`${u}:${p}`).toString("base64");
export const bearer = (t: string) => `Bearer ${t}`;

export interface Reply {
  status: number;
  headers: Headers;
  body: Record<string, unknown>;
}

export async function send(
  fn: RouteFn,
  method: string,
  input: Record<string, unknown> = {},
  opts: { auth?: string; headers?: Record<string, string>; params?: Record<string, string | string[]> } = {},
): Promise<Reply> {
  let url = "http://runboard.test/api";
  const headers: Record<string, string> = { ...(opts.headers ?? {}) };
  if (opts.auth) headers.authorization = opts.auth;
  let init: RequestInit = { method, headers };
  if (method === "GET") {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(input)) {
      if (Array.isArray(v)) v.forEach((x) => q.append(k, String(x)));
      else if (v !== undefined) q.append(k, String(v));
    }
    url += "?" + q.toString();
  } else {
    init = { method, headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(input) };
  }
  const res = await fn(new Request(url, init), { params: Promise.resolve(opts.params ?? {}) });
  const text = await res.text();
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(text);
  } catch {
    body = { _text: text };
  }
  return { status: res.status, headers: res.headers, body };
}

export const uname = (p: string) => `${p}-${randomBytes(4).toString("hex")}`;
