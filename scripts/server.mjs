#!/usr/bin/env node
// Runboard's production web server: the Next.js request handler (the app in `.next`) inside our
// own http.Server, for what `next start` does not do:
//  - a request id per request (a valid incoming X-Request-Id is kept), sent back as X-Request-Id
//    and attached to every log line written while the request runs;
//  - RUNBOARD_LOG_FORMAT=json: every log line is one JSON object, and each request ends with an
//    access line {request_id, method, path, route, status, duration_ms, request_bytes, bytes_out, …};
//  - graceful shutdown on SIGTERM/SIGINT: /health/ready turns 503 at once, new connections are
//    still taken for RUNBOARD_SHUTDOWN_DELAY seconds (default 0; give a load balancer time to
//    see the 503 and stop routing here), then the listener closes,
//    idle keep-alive connections close, in-flight requests (a 2 GB upload included) finish, then
//    the process exits 0; requests still running after RUNBOARD_SHUTDOWN_TIMEOUT seconds are cut;
//  - timeouts for long transfers behind a load balancer: no total request deadline (Node's
//    default of 5 minutes would cut large uploads), an idle-socket timeout instead, and
//    keep-alive longer than common load balancers' idle timeout;
//  - the request guard (before Next sees the request; see requestGuard below): a Host header
//    outside the allow-list (RUNBOARD_ALLOWED_HOSTS, localhost, loopback, RUNBOARD_PUBLIC_URL's
//    host) is refused with 403 — DNS rebinding — except on /health and /health/ready, which load
//    balancers probe by instance IP; a path segment with malformed percent-encoding (`%ff`,
//    `%u002e`) gets MLflow's 400 JSON (Next would answer a plain-text 500); and the empty 405
//    Next answers for a method a route does not export gets MLflow-style JSON;
//  - security headers (securityHeaders below): a nonce-based Content-Security-Policy, no framing,
//    Referrer-Policy and nosniff (pages under `--dev` / `next dev` get none).
// Usage: node scripts/server.mjs [--port N] [--hostname H]   (PORT / RUNBOARD_HOST otherwise)
import { AsyncLocalStorage } from "node:async_hooks";
import { randomBytes, randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import http from "node:http";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { format } from "node:util";
import { authOn, bindNotice, DEFAULT_HOST } from "./lib/bind.mjs";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const arg = (name) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const port = Number(arg("--port") ?? process.env.PORT ?? 3000);
// 127.0.0.1 unless told otherwise (RUNBOARD_HOST=0.0.0.0 for a team, with RUNBOARD_AUTH=on): scripts/lib/bind.mjs
const hostname = arg("--hostname") ?? process.env.RUNBOARD_HOST ?? DEFAULT_HOST;
const json = (process.env.RUNBOARD_LOG_FORMAT ?? "text").toLowerCase() === "json";
const shutdownTimeoutMs = Number(process.env.RUNBOARD_SHUTDOWN_TIMEOUT ?? 30) * 1000;
const shutdownDelayMs = Number(process.env.RUNBOARD_SHUTDOWN_DELAY ?? 0) * 1000;
process.env.NODE_ENV = "production";
process.env.NEXT_MANUAL_SIG_HANDLE = "true"; // signals are ours (below), not Next's

// ─── logs ───

const requestContext = new AsyncLocalStorage();
// The app's code (bundled separately by Next) finds the current request id here.
globalThis.runboardRequestContext = requestContext;

function writeJson(level, fields) {
  const ctx = requestContext.getStore();
  const line = { time: new Date().toISOString(), level, ...(ctx && !fields.request_id ? { request_id: ctx.id } : {}), ...fields };
  process[level === "error" || level === "warn" ? "stderr" : "stdout"].write(`${JSON.stringify(line)}\n`);
}

if (json) {
  const levels = { log: "info", info: "info", debug: "debug", warn: "warn", error: "error" };
  for (const [method, level] of Object.entries(levels)) {
    console[method] = (...args) => {
      const err = args.find((a) => a instanceof Error);
      writeJson(level, { msg: format(...args.map((a) => (a instanceof Error ? a.message : a))), ...(err ? { error: { name: err.name, message: err.message, stack: err.stack } } : {}) });
    };
  }
}
const say = (msg, fields = {}) => (json ? writeJson("info", { msg, ...fields }) : console.log(`[runboard] ${msg}`));

// ─── routes (for the `route` field: the page pattern, not the concrete path) ───

function loadRoutes() {
  try {
    const m = JSON.parse(readFileSync(path.join(ROOT, ".next", "routes-manifest.json"), "utf8"));
    return [...(m.staticRoutes ?? []), ...(m.dynamicRoutes ?? [])].map((r) => ({ page: r.page, re: new RegExp(r.regex) }));
  } catch {
    return [];
  }
}
const routes = loadRoutes();
const REWRITES = [
  [/^\/ajax-api\//, "/api/"],
  [/^\/api\/2\.0\/preview\/mlflow\//, "/api/2.0/mlflow/"],
];

function routeOf(pathname) {
  if (pathname.startsWith("/_next/")) return pathname.startsWith("/_next/static/") ? "/_next/static" : pathname.replace(/^(\/_next\/[^/]+).*/, "$1");
  let p = pathname;
  for (const [re, to] of REWRITES) p = p.replace(re, to);
  // Static routes first (they are listed first), then the dynamic ones in Next's priority order.
  return routes.find((r) => r.re.test(p))?.page ?? p;
}

const REQUEST_ID = /^[\w.:/+=-]{1,128}$/;

// ─── request guard ───

/** The hostname of a Host header (`example.com:3000` → `example.com`, `[::1]:3000` → `::1`), lowercased. */
function hostnameOf(host) {
  const h = String(host ?? "").trim().toLowerCase();
  if (h.startsWith("[")) return h.slice(1, h.indexOf("]") > 0 ? h.indexOf("]") : undefined);
  const colon = h.indexOf(":");
  return colon >= 0 && h.indexOf(":", colon + 1) < 0 ? h.slice(0, colon) : h;
}

function allowedHosts() {
  const set = new Set(["localhost", "127.0.0.1", "::1"]);
  const add = (v) => {
    const h = hostnameOf(v);
    if (h) set.add(h);
  };
  if (process.env.RUNBOARD_PUBLIC_URL) {
    try {
      add(new URL(process.env.RUNBOARD_PUBLIC_URL).host);
    } catch {
      console.error(`[runboard] RUNBOARD_PUBLIC_URL is not a URL: ${process.env.RUNBOARD_PUBLIC_URL}`);
    }
  }
  // The address the server is bound to, when it is a specific one.
  if (hostname && hostname !== "0.0.0.0" && hostname !== "::") add(hostname.includes(":") && !hostname.startsWith("[") ? `[${hostname}]` : hostname);
  for (const entry of (process.env.RUNBOARD_ALLOWED_HOSTS ?? "").split(",")) {
    const e = entry.trim().toLowerCase();
    if (e === "*") return null; // every host (the guard is off)
    if (e.startsWith("*.")) set.add(e.slice(1)); // ".example.com": any subdomain
    else if (e) add(e);
  }
  return set;
}
const hostAllowList = allowedHosts();

function hostAllowed(host) {
  if (hostAllowList === null) return true;
  const h = hostnameOf(host);
  if (!h) return false;
  if (hostAllowList.has(h)) return true;
  for (const a of hostAllowList) if (a.startsWith(".") && h.endsWith(a)) return true;
  return false;
}

const OPEN_PATHS = new Set(["/health", "/health/ready"]);

function sendError(res, status, code, message) {
  const body = JSON.stringify({ error_code: code, message });
  res.writeHead(status, { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(body) });
  res.end(body);
}

/** Answers the request itself (and returns true) when it must not reach Next. */
function requestGuard(req, res, pathname) {
  if (!OPEN_PATHS.has(pathname) && !hostAllowed(req.headers.host)) {
    const shown = String(req.headers.host ?? "").slice(0, 200);
    sendError(res, 403, "PERMISSION_DENIED", `Invalid Host header '${shown}': this Runboard answers only for its allowed hosts (possible DNS rebinding). Add the host to RUNBOARD_ALLOWED_HOSTS if it is yours.`);
    return true;
  }
  for (const segment of pathname.split("/")) {
    if (!segment.includes("%")) continue;
    try {
      decodeURIComponent(segment);
    } catch {
      sendError(res, 400, "INVALID_PARAMETER_VALUE", `Malformed percent-encoding in the request path: '${segment.slice(0, 200)}'.`);
      return true;
    }
  }
  return false;
}

// ─── security headers ───

// Paths that are not UI pages: machine APIs and downloads, which get no page policy.
const NON_PAGE = /^\/(api|ajax-api|v1|get-artifact|model-versions\/get-artifact|health|version|_next\/static)(\/|$)/;

/**
 * The policy UI pages run under. Scripts: only Next's own, each carrying this request's nonce
 * ('strict-dynamic' lets them load their chunks); styles: the app's stylesheets and inline
 * style attributes (charts and column widths are sized inline — a script-free risk); images
 * may be data:/blob: URLs (chart exports); no plugins, no framing, forms and fetches go to this
 * origin only.
 */
function contentSecurityPolicy(nonce) {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

/**
 * Every answer: no MIME sniffing, no Referer to other sites (URLs carry filters and ids). UI
 * pages also get the CSP (its nonce put on the request too: Next reads it there and stamps it
 * on every script it renders), and may not be framed.
 */
function securityHeaders(req, res, pathname) {
  res.setHeader("X-Content-Type-Options", "nosniff");
  res.setHeader("Referrer-Policy", "same-origin");
  if (NON_PAGE.test(pathname)) return;
  const csp = contentSecurityPolicy(randomBytes(16).toString("base64"));
  req.headers["content-security-policy"] = csp;
  res.setHeader("Content-Security-Policy", csp);
  res.setHeader("X-Frame-Options", "DENY");
  res.setHeader("Cross-Origin-Opener-Policy", "same-origin");
}

/**
 * Next answers a method the route does not export with an empty 405 (headers flushed first, body
 * empty): give it MLflow's JSON shape. writeHead marks it (a flush goes through writeHead too),
 * end() writes the body.
 */
function jsonMethodNotAllowed(req, res, pathname) {
  if (req.method === "HEAD") return;
  let pending = false;
  const writeHead = res.writeHead;
  res.writeHead = function (status, ...rest) {
    if (status === 405 && !res.getHeader("content-type")) {
      pending = true;
      res.setHeader("Content-Type", "application/json");
      res.removeHeader("Content-Length");
    }
    return writeHead.call(this, status, ...rest);
  };
  const end = res.end;
  res.end = function (chunk, ...rest) {
    if (!res.headersSent && res.statusCode === 405) res.writeHead(405);
    if (pending && (chunk === undefined || typeof chunk === "function" || chunk.length === 0)) {
      pending = false;
      const body = JSON.stringify({ error_code: "ENDPOINT_NOT_FOUND", message: `Method ${req.method} is not allowed for ${pathname}.` });
      return end.call(this, body, ...(typeof chunk === "function" ? [chunk] : rest.filter((x) => typeof x === "function")));
    }
    return end.call(this, chunk, ...rest);
  };
}

// ─── server ───

const { default: next } = await import("next");
const app = next({ dev: false, dir: ROOT, hostname, port, quiet: true });
await app.prepare();
const handle = app.getRequestHandler();

let draining = false;
let inFlight = 0;

const server = http.createServer((req, res) => {
  const incoming = req.headers["x-request-id"];
  const id = typeof incoming === "string" && REQUEST_ID.test(incoming) ? incoming : randomUUID();
  const start = process.hrtime.bigint();
  res.setHeader("X-Request-Id", id);
  req.headers["x-request-id"] = id; // the app sees the same id (its queries are named after it)
  if (draining) res.setHeader("Connection", "close");
  inFlight++;
  // Bytes written on this connection for the response, headers included (the request body is
  // never intercepted: its declared Content-Length is logged).
  const socket = req.socket;
  const writtenBefore = socket.bytesWritten;
  let done = false;
  const finish = () => {
    if (done) return;
    done = true;
    inFlight--;
    if (!json) return;
    const pathname = (req.url ?? "/").split("?")[0];
    writeJson(res.statusCode >= 500 ? "error" : "info", {
      msg: "request",
      request_id: id,
      method: req.method,
      path: pathname,
      route: routeOf(pathname),
      status: res.statusCode,
      duration_ms: Math.round(Number(process.hrtime.bigint() - start) / 1e4) / 100,
      request_bytes: Number(req.headers["content-length"]) || undefined,
      bytes_out: socket.bytesWritten - writtenBefore,
      remote: req.socket.remoteAddress,
      user_agent: req.headers["user-agent"],
      ...(res.writableFinished ? {} : { aborted: true }),
    });
  };
  res.on("finish", finish);
  res.on("close", finish);
  const pathname = (req.url ?? "/").split("?")[0];
  if (requestGuard(req, res, pathname)) return;
  securityHeaders(req, res, pathname);
  jsonMethodNotAllowed(req, res, pathname);
  requestContext.run({ id }, () => handle(req, res));
});
// Large transfers: no deadline for a whole request, but an idle socket is closed after 2 minutes.
server.requestTimeout = 0;
server.setTimeout(120_000);
// Longer than the idle timeout of common load balancers (60 s), so they never reuse a closed connection.
server.keepAliveTimeout = 65_000;
server.headersTimeout = 66_000;

server.on("error", (e) => {
  console.error(`[runboard] cannot listen on ${hostname}:${port}: ${e.message}`);
  process.exit(1);
});
server.listen(port, hostname, () => {
  const notice = bindNotice(hostname, port);
  say(`listening on http://${hostname}:${port}`, { event: "listening", port, hostname, auth: authOn() });
  for (const line of notice.lines) {
    if (notice.level === "info") say(line);
    else if (json) writeJson("warn", { msg: line });
    else console.warn(`[runboard] ${line}`);
  }
});

async function shutdown(signal) {
  if (draining) return;
  draining = true;
  globalThis.runboardDraining = true;
  say(`${signal}: shutting down; finishing ${inFlight} in-flight request(s) (at most ${shutdownTimeoutMs / 1000} s)`, { event: "draining", signal, in_flight: inFlight });
  if (shutdownDelayMs > 0) await new Promise((r) => setTimeout(r, shutdownDelayMs));
  const cut = setTimeout(() => {
    say(`shutdown timeout: closing ${inFlight} request(s) still running`, { event: "shutdown_timeout", in_flight: inFlight });
    server.closeAllConnections();
  }, shutdownTimeoutMs);
  cut.unref();
  await new Promise((resolve) => server.close(resolve));
  clearTimeout(cut);
  await app.close().catch((e) => console.error("[runboard] error while closing the app", e));
  say("stopped", { event: "stopped" });
  process.exit(0);
}
process.on("SIGTERM", () => shutdown("SIGTERM"));
process.on("SIGINT", () => shutdown("SIGINT"));
