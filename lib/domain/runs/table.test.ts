// The runs table's read model against a real database. Data goes in through the same domain
// functions the REST API uses (so experiment_keys, latest_metrics and parent links are kept the
// way production keeps them); every test has its own uniquely named experiment.
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { createExperiment } from "@/lib/domain/experiments";
import { createRun, deleteRun, updateRun } from "@/lib/domain/runs/lifecycle";
import { logBatch } from "@/lib/domain/runs/log-batch";
import { uniqueName } from "@/tests/helpers";
import { checkRunFilter, columnsThatVary, countRunTable, defaultRunColumns, getRunFamily, getRunTablePage, searchExperimentKeys } from "@/lib/domain/runs/table";

interface Seed {
  name: string;
  start: number;
  params?: Record<string, string>;
  metrics?: Record<string, number>;
  tags?: Record<string, string>;
  status?: "FINISHED" | "FAILED" | "RUNNING";
  parent?: string;
}

async function seed(runs: Seed[]) {
  const exp = (await createExperiment({ name: uniqueName("run-table") })).experimentId;
  const ids: Record<string, string> = {};
  for (const r of runs) {
    const tags = Object.entries(r.tags ?? {}).map(([key, value]) => ({ key, value }));
    if (r.parent) tags.push({ key: "mlflow.parentRunId", value: ids[r.parent] });
    const run = await createRun({ experimentId: exp, runName: r.name, startTime: r.start, tags });
    ids[r.name] = run.info.runId;
    await logBatch({
      runId: run.info.runId,
      params: Object.entries(r.params ?? {}).map(([key, value]) => ({ key, value })),
      metrics: Object.entries(r.metrics ?? {}).map(([key, value]) => ({ key, value, timestamp: r.start, step: 0 })),
    });
    await updateRun({ runId: run.info.runId, status: r.status ?? "FINISHED", endTime: r.start + 1000 });
  }
  return { exp, ids };
}

const names = (page: Awaited<ReturnType<typeof getRunTablePage>>) => {
  if (!page.ok) throw new Error(page.error.message);
  return page.rows.map((r) => r.name);
};

describe("getRunTablePage", () => {
  it("returns one page, newest first, with only the chosen columns", async () => {
    const { exp } = await seed([
      { name: "a", start: 1000, params: { lr: "0.1", opt: "adam" }, metrics: { loss: 0.5, acc: 0.7 }, tags: { team: "x" } },
      { name: "b", start: 2000, params: { lr: "0.01" }, metrics: { loss: 0.3 } },
      { name: "c", start: 3000, params: { lr: "0.001", opt: "sgd" }, metrics: { loss: 0.4, acc: 0.9 } },
    ]);
    const page = await getRunTablePage({ experimentId: exp, columns: ["status", "metrics.loss", "params.lr", "tags.team"], pageSize: 2 });
    expect(names(page)).toEqual(["c", "b"]);
    if (!page.ok) return;
    expect(page.hasMore).toBe(true);
    expect(page.rows[0].values).toEqual({ "metrics.loss": 0.4, "params.lr": "0.001" });
    expect(page.rows[0].status).toBe("FINISHED");
    expect(page.rows[0].endTime! - page.rows[0].startTime).toBe(1000);

    const second = await getRunTablePage({ experimentId: exp, columns: ["tags.team", "params.opt"], pageSize: 2, page: 2 });
    expect(names(second)).toEqual(["a"]);
    if (second.ok) {
      expect(second.hasMore).toBe(false);
      expect(second.rows[0].values).toEqual({ "tags.team": "x", "params.opt": "adam" });
    }
  });

  it("sorts by a metric both ways with runs missing it last, and by name", async () => {
    const { exp } = await seed([
      { name: "low", start: 1, metrics: { loss: 0.1 } },
      { name: "none", start: 2 },
      { name: "high", start: 3, metrics: { loss: 0.9 } },
      { name: "mid", start: 4, metrics: { loss: 0.5 } },
    ]);
    expect(names(await getRunTablePage({ experimentId: exp, columns: ["metrics.loss"], sort: "metrics.loss", dir: "asc" }))).toEqual(["low", "mid", "high", "none"]);
    expect(names(await getRunTablePage({ experimentId: exp, columns: [], sort: "metrics.loss", dir: "desc" }))).toEqual(["high", "mid", "low", "none"]);
    expect(names(await getRunTablePage({ experimentId: exp, columns: [], sort: "name", dir: "asc" }))).toEqual(["high", "low", "mid", "none"]);
    // An unsortable column falls back to the default order instead of failing.
    expect(names(await getRunTablePage({ experimentId: exp, columns: [], sort: "duration", dir: "asc" }))).toEqual(["mid", "high", "none", "low"]);
  });

  it("filters with the MLflow grammar and reports syntax errors with the token's position", async () => {
    const { exp } = await seed([
      { name: "adam-good", start: 1, params: { opt: "adam" }, metrics: { acc: 0.95 } },
      { name: "adam-bad", start: 2, params: { opt: "adam" }, metrics: { acc: 0.5 } },
      { name: "sgd-good", start: 3, params: { opt: "sgd" }, metrics: { acc: 0.97 } },
    ]);
    const filter = "metrics.acc > 0.9 AND params.opt = 'adam'";
    expect(names(await getRunTablePage({ experimentId: exp, filter, columns: [] }))).toEqual(["adam-good"]);
    expect(await countRunTable({ experimentId: exp, filter })).toBe(1);
    expect(await countRunTable({ experimentId: exp })).toBe(3);

    const bad = "metrics.acc > 0.9 AND params.opt == 'adam'";
    const page = await getRunTablePage({ experimentId: exp, filter: bad, columns: [] });
    expect(page.ok).toBe(false);
    if (!page.ok) {
      expect(page.error.position).toBe(bad.indexOf("=="));
      expect(page.error.length).toBe(2);
      expect(page.error.message).toMatch(/==/);
    }
    expect(await countRunTable({ experimentId: exp, filter: bad })).toBeNull();
    expect(checkRunFilter("metrics.acc > 0.9")).toBeNull();
    expect(checkRunFilter("bogus.x = 1")).toMatchObject({ position: 0, length: 5 });
  });

  it("shows nested runs' parent and counts a parent's children", async () => {
    const { exp, ids } = await seed([
      { name: "sweep", start: 1 },
      { name: "trial-1", start: 2, parent: "sweep" },
      { name: "trial-2", start: 3, parent: "sweep" },
    ]);
    const page = await getRunTablePage({ experimentId: exp, columns: ["parent"] });
    if (!page.ok) throw new Error(page.error.message);
    const byName = Object.fromEntries(page.rows.map((r) => [r.name, r]));
    expect(byName["trial-1"]).toMatchObject({ parentRunId: ids.sweep, parentName: "sweep", childCount: 0 });
    expect(byName.sweep).toMatchObject({ parentRunId: null, parentName: null, childCount: 2 });

    const family = await getRunFamily(ids.sweep, null);
    expect(family.childCount).toBe(2);
    expect(family.children.map((c) => c.name)).toEqual(["trial-2", "trial-1"]);
    const child = await getRunFamily(ids["trial-1"], ids.sweep);
    expect(child.parent?.name).toBe("sweep");
    expect(child.childCount).toBe(0);
  });

  it("lists deleted runs only in the deleted and all views", async () => {
    const { exp, ids } = await seed([
      { name: "kept", start: 1 },
      { name: "gone", start: 2 },
    ]);
    await deleteRun(ids.gone);
    expect(names(await getRunTablePage({ experimentId: exp, columns: [] }))).toEqual(["kept"]);
    expect(names(await getRunTablePage({ experimentId: exp, columns: [], view: "deleted" }))).toEqual(["gone"]);
    expect(names(await getRunTablePage({ experimentId: exp, columns: [], view: "all" }))).toEqual(["gone", "kept"]);
    expect(await countRunTable({ experimentId: exp, view: "all" })).toBe(2);
  });

  it("returns nothing for an experiment id that names no experiment", async () => {
    expect(names(await getRunTablePage({ experimentId: "999999999", columns: [] }))).toEqual([]);
    expect(await countRunTable({ experimentId: "not-a-number" })).toBe(0);
  });
});

describe("experiment keys (column chooser)", () => {
  it("searches keys by substring and kind, with counts, and pages through them", async () => {
    const { exp } = await seed([
      { name: "r", start: 1, params: { learning_rate: "0.1", batch_size: "32" }, metrics: { "train/loss": 1, "val/loss": 2, accuracy: 0.5 }, tags: { team: "a" } },
    ]);
    const all = await searchExperimentKeys(exp);
    expect(all.counts).toMatchObject({ metric: 3, param: 2 });
    expect(all.counts.tag).toBeGreaterThanOrEqual(1); // team plus MLflow's system tags (mlflow.runName)
    expect(all.keys.slice(0, 5)).toEqual([
      { kind: "metric", key: "accuracy" },
      { kind: "metric", key: "train/loss" },
      { kind: "metric", key: "val/loss" },
      { kind: "param", key: "batch_size" },
      { kind: "param", key: "learning_rate" },
    ]);
    const loss = await searchExperimentKeys(exp, { query: "LOSS" });
    expect(loss.keys.map((k) => k.key)).toEqual(["train/loss", "val/loss"]);
    expect(loss.counts).toEqual({ metric: 2, param: 0, tag: 0 });
    const params = await searchExperimentKeys(exp, { kind: "param", offset: 1, limit: 1 });
    expect(params).toMatchObject({ total: 2, keys: [{ kind: "param", key: "learning_rate" }] });
    // LIKE wildcards in the query are literal characters.
    expect((await searchExperimentKeys(exp, { query: "_" })).keys.map((k) => k.key)).toEqual(["batch_size", "learning_rate"]);
  });

  it("stays a paged query with 5,000 keys", async () => {
    const { exp } = await seed([{ name: "r", start: 1 }]);
    const keys = Array.from({ length: 5000 }, (_, i) => `feature_${String(i).padStart(4, "0")}`);
    await db.$executeRaw`INSERT INTO experiment_keys (experiment_id, kind, key) SELECT ${Number(exp)}, 'param', k FROM unnest(${keys}::text[]) AS k`;
    const first = await searchExperimentKeys(exp, { kind: "param", limit: 200 });
    expect(first.total).toBe(5000);
    expect(first.keys).toHaveLength(200);
    const later = await searchExperimentKeys(exp, { kind: "param", offset: 4900, limit: 200 });
    expect(later.keys).toHaveLength(100);
    expect(later.keys.at(-1)?.key).toBe("feature_4999");
    const narrow = await searchExperimentKeys(exp, { query: "FEATURE_499" });
    expect(narrow.keys.map((k) => k.key)).toEqual(Array.from({ length: 10 }, (_, i) => `feature_499${i}`));
  });

  it("defaults to status, start, duration, four model metrics before system ones, and two params", async () => {
    const { exp } = await seed([
      { name: "r", start: 1, params: { c: "1", a: "1", b: "1" }, metrics: { "system/cpu": 1, zeta: 1, alpha: 1, beta: 1, gamma: 1, delta: 1 } },
    ]);
    expect(await defaultRunColumns(exp)).toEqual(["status", "start", "duration", "metrics.alpha", "metrics.beta", "metrics.delta", "metrics.gamma", "params.a", "params.b"]);
  });
});

describe("columnsThatVary", () => {
  it("keeps columns whose values differ or are missing for some runs, over the filtered runs", async () => {
    const { exp } = await seed([
      { name: "a", start: 1, params: { epochs: "3", lr: "0.1", opt: "adam" }, metrics: { loss: 0.5, acc: 0.9 }, tags: { team: "x" } },
      { name: "b", start: 2, params: { epochs: "3", lr: "0.01", opt: "adam" }, metrics: { loss: 0.5, acc: 0.8 }, tags: { team: "x" } },
      { name: "c", start: 3, params: { epochs: "3", lr: "0.01" }, metrics: { loss: 0.5, acc: 0.7 }, status: "FAILED" },
    ]);
    const columns = ["status", "start", "params.epochs", "params.lr", "params.opt", "metrics.loss", "metrics.acc", "tags.team"];
    expect(await columnsThatVary({ experimentId: exp, columns })).toEqual(["status", "start", "params.lr", "params.opt", "metrics.acc", "tags.team"]);
    // Among runs a and b only: opt, team and status are the same everywhere.
    expect(await columnsThatVary({ experimentId: exp, columns, filter: "params.opt = 'adam'" })).toEqual(["start", "params.lr", "metrics.acc"]);
    expect(await columnsThatVary({ experimentId: exp, columns, filter: "params.opt === 'adam'" })).toBeNull();
  });
});
