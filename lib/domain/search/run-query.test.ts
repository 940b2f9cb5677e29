// runs/search SQL against the real database: each test seeds its own uniquely named experiment
// with rows inserted directly, then checks which runs (and in which order) come back.
import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { DomainError } from "@/lib/errors";
import { uniqueName } from "@/tests/helpers";
import { countRuns, searchRunIds, type SearchRunIdsOptions } from "./run-query";

interface RunSeed {
  name: string;
  start?: number;
  end?: number | null;
  status?: "RUNNING" | "FINISHED" | "FAILED" | "KILLED" | "SCHEDULED";
  user?: string;
  deleted?: boolean;
  metrics?: Record<string, number>;
  params?: Record<string, string>;
  tags?: Record<string, string>;
  datasets?: { name: string; digest: string; context?: string }[];
}

/** Seeds an experiment; returns its id and a name → run id map. */
async function seed(runs: RunSeed[]): Promise<{ exp: string; ids: Record<string, string> }> {
  const e = await db.experiment.create({
    data: { name: uniqueName("search"), artifactLocation: "/tmp/x", creationTime: 1n, lastUpdateTime: 1n },
  });
  const ids: Record<string, string> = {};
  const datasetIds = new Map<string, string>();
  for (const [i, r] of runs.entries()) {
    const id = randomBytes(16).toString("hex");
    ids[r.name] = id;
    await db.run.create({
      data: {
        id,
        experimentId: e.id,
        name: r.name,
        userId: r.user ?? "alice",
        status: r.status ?? "FINISHED",
        startTime: BigInt(r.start ?? 1000 + i),
        endTime: r.end === undefined ? BigInt((r.start ?? 1000 + i) + 10) : r.end === null ? null : BigInt(r.end),
        artifactUri: `/tmp/x/${id}/artifacts`,
        lifecycleStage: r.deleted ? "deleted" : "active",
      },
    });
    for (const [key, value] of Object.entries(r.metrics ?? {})) {
      await db.latestMetric.create({ data: { runId: id, key, experimentId: e.id, step: 0n, timestamp: 1n, value } });
    }
    if (r.params) await db.param.createMany({ data: Object.entries(r.params).map(([key, value]) => ({ runId: id, key, value })) });
    if (r.tags) await db.runTag.createMany({ data: Object.entries(r.tags).map(([key, value]) => ({ runId: id, key, value })) });
    for (const d of r.datasets ?? []) {
      const dk = `${d.name}/${d.digest}`;
      let did = datasetIds.get(dk);
      if (!did) {
        did = randomBytes(8).toString("hex");
        datasetIds.set(dk, did);
        await db.dataset.create({ data: { id: did, experimentId: e.id, name: d.name, digest: d.digest, sourceType: "local", source: "{}" } });
      }
      const tags = d.context ? [{ key: "mlflow.data.context", value: d.context }] : [];
      await db.datasetInput.create({ data: { runId: id, datasetId: did, tags } });
    }
  }
  return { exp: String(e.id), ids };
}

function namesOf(ids: Record<string, string>, runIds: string[]): string[] {
  const byId = Object.fromEntries(Object.entries(ids).map(([n, id]) => [id, n]));
  return runIds.map((id) => byId[id] ?? `?${id}`);
}

async function names(exp: string, ids: Record<string, string>, opts: Omit<SearchRunIdsOptions, "experimentIds"> = {}): Promise<string[]> {
  const res = await searchRunIds({ experimentIds: [exp], ...opts });
  return namesOf(ids, res.runIds);
}

async function matching(exp: string, ids: Record<string, string>, filter: string): Promise<string[]> {
  return (await names(exp, ids, { filter })).sort();
}

describe("searchRunIds filters", () => {
  it("compares metrics with every numeric operator; NaN and missing metrics behave", async () => {
    const { exp, ids } = await seed([
      { name: "a", metrics: { acc: 0.5, loss: 1 } },
      { name: "b", metrics: { acc: 0.7 } },
      { name: "c", metrics: { acc: 0.9 } },
      { name: "nan", metrics: { acc: NaN } },
      { name: "none", metrics: { loss: 2 } },
    ]);
    expect(await matching(exp, ids, "metrics.acc > 0.5")).toEqual(["b", "c"]);
    expect(await matching(exp, ids, "metrics.acc >= 0.7")).toEqual(["b", "c"]);
    expect(await matching(exp, ids, "metrics.acc = 0.7")).toEqual(["b"]);
    expect(await matching(exp, ids, "metrics.acc != 0.7")).toEqual(["a", "c", "nan"]);
    expect(await matching(exp, ids, "metrics.acc < 0.7")).toEqual(["a"]);
    expect(await matching(exp, ids, "metrics.acc <= 0.7")).toEqual(["a", "b"]);
    expect(await matching(exp, ids, "metric.acc > -1e3")).toEqual(["a", "b", "c"]);
    expect(await matching(exp, ids, "metrics.acc > 0.5 AND metrics.acc < 0.9")).toEqual(["b"]);
    expect(await matching(exp, ids, "metrics.acc >= 0.5 and metrics.loss <= 1")).toEqual(["a"]);
    expect(await matching(exp, ids, "metrics.nope >= 0")).toEqual([]);
  });

  it("compares params and tags with =, !=, LIKE (case-sensitive) and ILIKE; missing keys never match", async () => {
    const { exp, ids } = await seed([
      { name: "a", params: { model: "CNN", lr: "0.1" }, tags: { "mlflow.user": "Ann", "team name": "x" } },
      { name: "b", params: { model: "cnn-small", lr: "0.01" }, tags: { "mlflow.user": "bob" } },
      { name: "c", params: { model: "rnn" } },
      { name: "d" },
    ]);
    expect(await matching(exp, ids, "params.model = 'CNN'")).toEqual(["a"]);
    expect(await matching(exp, ids, `parameters.model = "rnn"`)).toEqual(["c"]);
    expect(await matching(exp, ids, "params.model != 'CNN'")).toEqual(["b", "c"]);
    expect(await matching(exp, ids, "params.lr != '0.1'")).toEqual(["b"]);
    expect(await matching(exp, ids, "params.model LIKE 'cnn%'")).toEqual(["b"]);
    expect(await matching(exp, ids, "params.model ILIKE 'cnn%'")).toEqual(["a", "b"]);
    expect(await matching(exp, ids, "param.model like '_nn'")).toEqual(["c"]);
    expect(await matching(exp, ids, "tags.`mlflow.user` = 'Ann'")).toEqual(["a"]);
    expect(await matching(exp, ids, `tags."mlflow.user" ILIKE 'b%'`)).toEqual(["b"]);
    expect(await matching(exp, ids, "tag.`team name` != 'y'")).toEqual(["a"]);
    expect(await matching(exp, ids, "`tags`.`mlflow.user` LIKE '%' AND params.lr = '0.01'")).toEqual(["b"]);
  });

  it("filters on attributes, aliases and IN / NOT IN", async () => {
    const { exp, ids } = await seed([
      { name: "alpha", start: 100, end: 200, status: "FINISHED", user: "ann" },
      { name: "beta", start: 300, end: null, status: "RUNNING", user: "bob" },
      { name: "gamma", start: 500, end: 900, status: "FAILED", user: "ann" },
    ]);
    expect(await matching(exp, ids, "attributes.run_name = 'beta'")).toEqual(["beta"]);
    expect(await matching(exp, ids, "`Run name` LIKE '%a'")).toEqual(["alpha", "beta", "gamma"]);
    expect(await matching(exp, ids, "run_name ILIKE 'G%'")).toEqual(["gamma"]);
    expect(await matching(exp, ids, "attributes.status = 'FINISHED'")).toEqual(["alpha"]);
    expect(await matching(exp, ids, "run.status != 'FINISHED'")).toEqual(["beta", "gamma"]);
    expect(await matching(exp, ids, "attr.user_id = 'ann'")).toEqual(["alpha", "gamma"]);
    expect(await matching(exp, ids, "attributes.start_time > 100")).toEqual(["beta", "gamma"]);
    expect(await matching(exp, ids, "attributes.created >= 300")).toEqual(["beta", "gamma"]);
    expect(await matching(exp, ids, "Created < 300")).toEqual(["alpha"]);
    expect(await matching(exp, ids, "end_time <= 900")).toEqual(["alpha", "gamma"]); // beta has no end_time
    expect(await matching(exp, ids, "end_time != 200")).toEqual(["gamma"]);
    expect(await matching(exp, ids, `attributes.run_id IN ('${ids.alpha}', "${ids.gamma}")`)).toEqual(["alpha", "gamma"]);
    expect(await matching(exp, ids, `run_id NOT IN ('${ids.alpha}')`)).toEqual(["beta", "gamma"]);
    expect(await matching(exp, ids, `attributes.run_id = '${ids.beta}'`)).toEqual(["beta"]);
    expect(await matching(exp, ids, `artifact_uri LIKE '%${ids.beta}%'`)).toEqual(["beta"]);
  });

  it("filters on dataset name, digest and context", async () => {
    const { exp, ids } = await seed([
      { name: "a", datasets: [{ name: "train", digest: "d1", context: "training" }] },
      { name: "b", datasets: [{ name: "eval", digest: "d2", context: "eval" }, { name: "train", digest: "d1" }] },
      { name: "c" },
    ]);
    expect(await matching(exp, ids, "dataset.name = 'train'")).toEqual(["a", "b"]);
    expect(await matching(exp, ids, "datasets.digest IN ('d2', 'zz')")).toEqual(["b"]);
    expect(await matching(exp, ids, "dataset.context = 'training'")).toEqual(["a"]);
    expect(await matching(exp, ids, "dataset.context ILIKE 'EV%'")).toEqual(["b"]);
    expect(await matching(exp, ids, "dataset.name NOT IN ('train')")).toEqual(["b"]);
  });

  it("honours run_view_type", async () => {
    const { exp, ids } = await seed([{ name: "live" }, { name: "gone", deleted: true }]);
    expect(await names(exp, ids)).toEqual(["live"]);
    expect(await names(exp, ids, { runViewType: "DELETED_ONLY" })).toEqual(["gone"]);
    expect((await names(exp, ids, { runViewType: "ALL" })).sort()).toEqual(["gone", "live"]);
  });
});

describe("searchRunIds ordering", () => {
  it("defaults to start_time DESC, then run id", async () => {
    const { exp, ids } = await seed([
      { name: "old", start: 1 },
      { name: "t1", start: 5 },
      { name: "t2", start: 5 },
      { name: "new", start: 9 },
    ]);
    const tied = [ids.t1, ids.t2].sort();
    const res = await searchRunIds({ experimentIds: [exp] });
    expect(res.runIds).toEqual([ids.new, ...tied, ids.old]);
  });

  it("sorts by a metric with missing values last and NaN just before them, both directions", async () => {
    const { exp, ids } = await seed([
      { name: "low", metrics: { acc: 0.1 } },
      { name: "none", metrics: {} },
      { name: "high", metrics: { acc: 0.9 } },
      { name: "nan", metrics: { acc: NaN } },
      { name: "inf", metrics: { acc: Infinity } },
    ]);
    expect(await names(exp, ids, { orderBy: ["metrics.acc"] })).toEqual(["low", "high", "inf", "nan", "none"]);
    expect(await names(exp, ids, { orderBy: ["metrics.acc DESC"] })).toEqual(["inf", "high", "low", "nan", "none"]);
    // Filtered on the same metric: only runs that have it, still sorted.
    expect(await names(exp, ids, { filter: "metrics.acc > 0", orderBy: ["metrics.acc desc"] })).toEqual(["inf", "high", "low"]);
    expect(await names(exp, ids, { filter: "metrics.acc != 0.9", orderBy: ["metrics.acc ASC"] })).toEqual(["low", "inf", "nan"]);
  });

  it("sorts by params, tags and nullable attributes with missing values last", async () => {
    const { exp, ids } = await seed([
      { name: "b", params: { opt: "sgd" }, tags: { t: "2" }, end: 50 },
      { name: "a", params: { opt: "adam" }, end: null },
      { name: "c", tags: { t: "1" }, end: 10 },
    ]);
    expect(await names(exp, ids, { orderBy: ["params.opt ASC"] })).toEqual(["a", "b", "c"]);
    expect(await names(exp, ids, { orderBy: ["params.opt DESC"] })).toEqual(["b", "a", "c"]);
    expect(await names(exp, ids, { orderBy: ["tags.t"] })).toEqual(["c", "b", "a"]);
    expect(await names(exp, ids, { orderBy: ["tags.t DESC"] })).toEqual(["b", "c", "a"]);
    expect(await names(exp, ids, { orderBy: ["attributes.end_time"] })).toEqual(["c", "b", "a"]);
    expect(await names(exp, ids, { orderBy: ["end_time DESC"] })).toEqual(["b", "c", "a"]);
    expect(await names(exp, ids, { orderBy: ["attributes.run_name DESC"] })).toEqual(["c", "b", "a"]);
    expect(await names(exp, ids, { orderBy: ["tags.t DESC", "params.opt"] })).toEqual(["b", "c", "a"]);
  });

  it("rejects duplicate and unknown order_by keys", async () => {
    const { exp } = await seed([{ name: "x" }]);
    await expect(searchRunIds({ experimentIds: [exp], orderBy: ["metrics.a", "metrics.a DESC"] })).rejects.toThrow(/duplicate/);
    await expect(searchRunIds({ experimentIds: [exp], orderBy: ["attributes.nope"] })).rejects.toMatchObject({ code: "INVALID_PARAMETER_VALUE" });
    await expect(searchRunIds({ experimentIds: [exp], orderBy: ["metrics.a sideways"] })).rejects.toMatchObject({ code: "INVALID_PARAMETER_VALUE" });
  });
});

describe("searchRunIds paging and validation", () => {
  it("pages through every run exactly once, in the same order as one big page", async () => {
    const seeds: RunSeed[] = Array.from({ length: 23 }, (_, i) => ({
      name: `r${i}`,
      start: 1000 + (i % 5), // many ties on start_time
      metrics: i % 4 === 0 ? {} : ({ m: i % 3 } as Record<string, number>),
    }));
    const { exp } = await seed(seeds);
    for (const orderBy of [[], ["metrics.m DESC"], ["attributes.run_name"]]) {
      const all = await searchRunIds({ experimentIds: [exp], orderBy });
      expect(all.runIds).toHaveLength(23);
      expect(all.nextPageToken).toBeUndefined();
      const paged: string[] = [];
      let token: string | undefined;
      let pages = 0;
      do {
        const page = await searchRunIds({ experimentIds: [exp], orderBy, maxResults: 5, pageToken: token });
        paged.push(...page.runIds);
        token = page.nextPageToken;
        pages++;
      } while (token);
      expect(pages).toBe(5);
      expect(paged).toEqual(all.runIds);
      expect(new Set(paged).size).toBe(23);
    }
  });

  it("gives no next_page_token when the last page is exactly full", async () => {
    const { exp } = await seed([{ name: "a" }, { name: "b" }, { name: "c" }, { name: "d" }]);
    const p1 = await searchRunIds({ experimentIds: [exp], maxResults: 2 });
    expect(p1.nextPageToken).toBeTruthy();
    const p2 = await searchRunIds({ experimentIds: [exp], maxResults: 2, pageToken: p1.nextPageToken });
    expect(p2.runIds).toHaveLength(2);
    expect(p2.nextPageToken).toBeUndefined();
  });

  it("rejects tokens from another query and garbage tokens", async () => {
    const { exp } = await seed([{ name: "a" }, { name: "b" }, { name: "c" }]);
    const p1 = await searchRunIds({ experimentIds: [exp], maxResults: 1 });
    await expect(searchRunIds({ experimentIds: [exp], maxResults: 1, filter: "attributes.status = 'FINISHED'", pageToken: p1.nextPageToken })).rejects.toMatchObject({
      code: "INVALID_PARAMETER_VALUE",
      message: "Invalid page token",
    });
    await expect(searchRunIds({ experimentIds: [exp], pageToken: "not a token!" })).rejects.toMatchObject({ code: "INVALID_PARAMETER_VALUE" });
    await expect(searchRunIds({ experimentIds: [exp], pageToken: Buffer.from('{"offset":-3}').toString("base64") })).rejects.toMatchObject({
      code: "INVALID_PARAMETER_VALUE",
    });
  });

  it("validates max_results", async () => {
    const { exp } = await seed([{ name: "a" }]);
    await expect(searchRunIds({ experimentIds: [exp], maxResults: 50_001 })).rejects.toMatchObject({ code: "INVALID_PARAMETER_VALUE" });
    await expect(searchRunIds({ experimentIds: [exp], maxResults: 0 })).rejects.toMatchObject({ code: "INVALID_PARAMETER_VALUE" });
    expect((await searchRunIds({ experimentIds: [exp], maxResults: 50_000 })).runIds).toHaveLength(1);
  });

  it("treats non-numeric experiment ids as matching nothing", async () => {
    const { exp, ids } = await seed([{ name: "a" }]);
    expect(await searchRunIds({ experimentIds: ["abc"] })).toEqual({ runIds: [] });
    expect(await searchRunIds({ experimentIds: ["99999999999999"] })).toEqual({ runIds: [] });
    expect(await searchRunIds({ experimentIds: [] })).toEqual({ runIds: [] });
    expect((await searchRunIds({ experimentIds: ["abc", exp] })).runIds).toEqual([ids.a]);
    expect(await countRuns({ experimentIds: ["x"] })).toBe(0);
  });

  it("searches several experiments at once", async () => {
    const one = await seed([{ name: "a", metrics: { m: 1 } }]);
    const two = await seed([{ name: "b", metrics: { m: 2 } }, { name: "c" }]);
    const res = await searchRunIds({ experimentIds: [one.exp, two.exp], filter: "metrics.m >= 1", orderBy: ["metrics.m DESC"] });
    expect(res.runIds).toEqual([two.ids.b, one.ids.a]);
  });

  it("counts matching runs", async () => {
    const { exp } = await seed([{ name: "a", metrics: { m: 1 } }, { name: "b", metrics: { m: 2 } }, { name: "c" }, { name: "d", deleted: true }]);
    expect(await countRuns({ experimentIds: [exp] })).toBe(3);
    expect(await countRuns({ experimentIds: [exp], filter: "metrics.m > 1" })).toBe(1);
    expect(await countRuns({ experimentIds: [exp], runViewType: "ALL" })).toBe(4);
  });

  it("surfaces filter syntax errors as INVALID_PARAMETER_VALUE", async () => {
    const { exp } = await seed([{ name: "a" }]);
    const err = await searchRunIds({ experimentIds: [exp], filter: "metrics.a >> 1" }).catch((e) => e);
    expect(err).toBeInstanceOf(DomainError);
    expect(err.code).toBe("INVALID_PARAMETER_VALUE");
  });
});

describe("searchRunIds SQL injection", () => {
  it("treats hostile values and keys as plain data", async () => {
    const evil = "x'); DROP TABLE runs; --";
    const { exp, ids } = await seed([
      { name: evil, params: { [evil]: evil }, tags: { 'a"b': "q'uote" } },
      { name: "plain" },
    ]);
    expect(await matching(exp, ids, `attributes.run_name = "${evil}"`)).toEqual([evil]);
    expect(await matching(exp, ids, `params.\`${evil}\` = "${evil}"`)).toEqual([evil]);
    expect(await matching(exp, ids, `tags.\`a"b\` = 'q''uote'`)).toEqual([evil]);
    expect(await matching(exp, ids, `params.x = '1'' OR ''1''=''1'`)).toEqual([]);
    expect(await matching(exp, ids, `attributes.run_name LIKE '%'' OR 1=1 --'`)).toEqual([]);
    expect(await names(exp, ids, { orderBy: [`params.\`${evil}\` DESC`] })).toEqual([evil, "plain"]);
    // Still there.
    expect(await db.run.count({ where: { experimentId: Number(exp) } })).toBe(2);
  });
});
