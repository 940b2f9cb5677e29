// Runs the fuzz cases of tests/fuzz/generator.ts in-process against every route handler, on a
// database of its own (so the "a rejected write writes nothing" check sees only its own rows),
// and collects every violation: a 5xx, an error that is not MLflow's {error_code, message} JSON
// with the status of its code, or a rejected write that changed a row.
import pg from "pg";
import { createDatabase, dropDatabase, migrate } from "@/scripts/lib/migrations.mjs";
import { HTTP_STATUS } from "@/lib/errors";
import { discoverRoutes, type DiscoveredRoute } from "@/tests/auth/routes";
import { casesFor, requestOf, type Fixtures } from "@/tests/fuzz/generator";

export interface FuzzResult {
  routes: number;
  handlers: number;
  cases: number;
  violations: string[];
}

export interface Harness {
  routes: DiscoveredRoute[];
  fixtures: Fixtures;
  run(opts: { perField: number; headers?: Record<string, string>; only?: RegExp }): Promise<FuzzResult>;
  close(): Promise<void>;
}

/** A fresh database for this file; must run before anything imports lib/db. */
export async function startHarness(headers: Record<string, string> = {}): Promise<Harness> {
  const server = process.env.RUNBOARD_TEST_SERVER_URL!;
  const name = `runboard_fuzz_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 6)}_test`;
  const url = await createDatabase(server, name);
  await migrate({ connectionString: url });
  process.env.DATABASE_URL = url;
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  const routes = await discoverRoutes();
  const R = (p: string) => routes.find((r) => r.pattern === p)!.handlers;

  const post = async (pattern: string, body: object, method = "POST") => {
    const res = await R(pattern)[method as "POST"]!(
      new Request("http://runboard.test" + pattern, { method, headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) }),
      { params: Promise.resolve({}) },
    );
    const json = (await res.json()) as Record<string, unknown>;
    if (res.status !== 200) throw new Error(`fixture ${pattern}: ${res.status} ${JSON.stringify(json)}`);
    return json;
  };
  const exp = (await post("/api/2.0/mlflow/experiments/create", { name: `fuzz-${name}` })) as { experiment_id: string };
  const theRun = (await post("/api/2.0/mlflow/runs/create", { experiment_id: exp.experiment_id, start_time: 1 })) as { run: { info: { run_id: string } } };
  const model = (await post("/api/2.0/mlflow/logged-models", { experiment_id: exp.experiment_id, name: "m" })) as { model: { info: { model_id: string } } };
  await post("/api/2.0/mlflow/registered-models/create", { name: "fuzz-rm" });
  const fixtures: Fixtures = { experimentId: exp.experiment_id, runId: theRun.run.info.run_id, modelId: model.model.info.model_id, registeredModel: "fuzz-rm" };

  const tables = (
    await pool.query<{ t: string }>(`SELECT table_name AS t FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name <> '_prisma_migrations' ORDER BY 1`)
  ).rows.map((r) => r.t);
  const snapshotSql = tables.map((t) => `SELECT '${t}' AS t, count(*)::int AS n, coalesce(sum(hashtext(x::text)::bigint), 0)::text AS h FROM "${t}" x`).join(" UNION ALL ");
  const snapshot = async () => (await pool.query<{ t: string; n: number; h: string }>(snapshotSql)).rows.map((r) => `${r.t}:${r.n}:${r.h}`).join(" ");
  // Every write assigns a transaction id, so while the next id has not moved (our reads assign
  // none), nothing was written and the full row snapshot can be skipped. Ids are cluster-wide:
  // other databases' writes only cost a full snapshot, never a false alarm.
  const nextXid = async () => (await pool.query<{ x: string }>("SELECT pg_snapshot_xmax(pg_current_snapshot())::text AS x")).rows[0].x;

  async function run(opts: { perField: number; headers?: Record<string, string>; only?: RegExp }): Promise<FuzzResult> {
    const violations: string[] = [];
    let cases = 0;
    let handlers = 0;
    let before = await snapshot();
    let xid = await nextXid();
    for (const route of routes) {
      for (const [method, handler] of Object.entries(route.handlers)) {
        if (opts.only && !opts.only.test(route.pattern)) continue;
        handlers++;
        for (const c of casesFor(route, method, fixtures, { perField: opts.perField })) {
          cases++;
          const where = `${method} ${route.pattern} [${c.label}]`;
          let status: number;
          let text: string;
          try {
            const res = await handler!(requestOf(c, route.pattern, opts.headers ?? headers), { params: Promise.resolve(c.params) });
            status = res.status;
            text = await res.text();
          } catch (e) {
            violations.push(`${where}: threw ${(e as Error).message}`);
            continue;
          }
          if (status >= 500) {
            violations.push(`${where}: ${status} ${text.slice(0, 300)}`);
          } else if (status >= 400) {
            let body: { error_code?: unknown; message?: unknown } | null = null;
            try {
              body = JSON.parse(text);
            } catch {
              /* reported below */
            }
            const code = body?.error_code;
            if (typeof code !== "string" || typeof body?.message !== "string") violations.push(`${where}: ${status} without MLflow error JSON: ${text.slice(0, 200)}`);
            else if (HTTP_STATUS[code as keyof typeof HTTP_STATUS] !== status) violations.push(`${where}: ${status} with error_code ${code}`);
          }
          if (method !== "GET") {
            const x = await nextXid();
            if (x !== xid) {
              const after = await snapshot();
              if (status >= 400 && after !== before) violations.push(`${where}: rejected with ${status} but rows changed`);
              before = after;
              xid = await nextXid();
            }
          }
        }
      }
    }
    return { routes: routes.length, handlers, cases, violations };
  }

  return {
    routes,
    fixtures,
    run,
    async close() {
      await pool.end();
      const { db } = await import("@/lib/db");
      await db.$disconnect().catch(() => {});
      await dropDatabase(server, name).catch(() => {});
    },
  };
}
