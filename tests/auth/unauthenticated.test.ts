// With RUNBOARD_AUTH=on, every route but /health and /health/ready (load balancers probe them
// without credentials) refuses a request without credentials, or with
// wrong ones — 401, WWW-Authenticate, MLflow's error JSON — whatever the body. The route list
// comes from the files, so a route added later is covered too.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { basic, bearer, enableAuth } from "./helpers";
import { discoverRoutes, type DiscoveredRoute } from "./routes";
import { stopAuthListener } from "@/lib/domain/auth/cache";

const OPEN = new Set(["/health", "/health/ready"]);
let routes: DiscoveredRoute[] = [];

beforeAll(async () => {
  enableAuth();
  routes = await discoverRoutes();
});
afterAll(async () => {
  delete process.env.RUNBOARD_AUTH;
  await stopAuthListener();
});

function requestFor(r: DiscoveredRoute, method: string, headers: Record<string, string>) {
  const url = "http://runboard.test" + r.pattern.replace(/\[\[?(\.\.\.)?([^\]]+)\]\]?/g, "x") + "?experiment_id=0&run_id=abc";
  const init: RequestInit = { method, headers: { "content-type": "application/json", ...headers } };
  if (method !== "GET") init.body = JSON.stringify({ experiment_id: "0", name: "n", run_id: "abc", username: "admin", password: "password1234" });
  const params = Object.fromEntries(r.params.map((p) => [p.name, p.catchAll ? ["x"] : "x"]));
  return { req: new Request(url, init), ctx: { params: Promise.resolve(params) } };
}

describe("every route without a valid credential", () => {
  it("discovers the routes", () => {
    expect(routes.length).toBeGreaterThan(60);
    expect(routes.some((r) => r.pattern === "/api/2.0/mlflow/runs/log-batch")).toBe(true);
  });

  for (const [label, headers] of [
    ["no credentials", {}],
    ["a wrong password", () => ({ authorization: basic(`nobody-${Math.random().toString(36).slice(2)}`, "not-the-password") })],
    ["an unknown token", { authorization: bearer("rbt_" + "A".repeat(43)) }],
    ["a forged session cookie", { cookie: "runboard_session=rbs_forged" }],
  ] as [string, Record<string, string> | (() => Record<string, string>)][]) {
    it(`refuses ${label} on every method of every route (401, nothing answered)`, async () => {
      const seen: string[] = [];
      for (const r of routes) {
        if (OPEN.has(r.pattern)) continue;
        for (const [method, handler] of Object.entries(r.handlers)) {
          const { req, ctx } = requestFor(r, method, typeof headers === "function" ? headers() : headers);
          const res = await handler!(req, ctx);
          const body = await res.text();
          seen.push(`${method} ${r.pattern} → ${res.status}`);
          expect(res.status, `${method} ${r.pattern}: ${body.slice(0, 200)}`).toBe(401);
          expect(res.headers.get("www-authenticate")).toBe('Basic realm="mlflow"');
          expect(JSON.parse(body).error_code).toBe("UNAUTHENTICATED");
        }
      }
      expect(seen.length).toBeGreaterThan(80);
    });
  }

  it("leaves /health and /health/ready open", async () => {
    for (const p of OPEN) {
      const route = routes.find((r) => r.pattern === p)!;
      const res = await route.handlers.GET!(new Request(`http://runboard.test${p}`));
      expect(res.status, p).toBe(200);
    }
  });
});
