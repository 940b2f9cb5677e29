// experiments/search SQL against the real database. Experiments are global, so every test names
// its own with a unique prefix and filters on it.
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { uniqueName } from "@/tests/helpers";
import { searchExperimentIds, type SearchExperimentIdsOptions } from "./experiment-query";

interface ExpSeed {
  name: string;
  created: number;
  updated?: number;
  deleted?: boolean;
  tags?: Record<string, string>;
}

async function seed(exps: ExpSeed[]) {
  const prefix = uniqueName("xs").replace(/-/g, "_");
  const ids: Record<string, number> = {};
  for (const e of exps) {
    const row = await db.experiment.create({
      data: {
        name: `${prefix}_${e.name}`,
        artifactLocation: "/tmp/x",
        creationTime: BigInt(e.created),
        lastUpdateTime: BigInt(e.updated ?? e.created),
        lifecycleStage: e.deleted ? "deleted" : "active",
        tags: e.tags ? { create: Object.entries(e.tags).map(([key, value]) => ({ key, value })) } : undefined,
      },
    });
    ids[e.name] = row.id;
  }
  const byId = Object.fromEntries(Object.entries(ids).map(([n, id]) => [id, n]));
  const search = async (opts: SearchExperimentIdsOptions & { extra?: string } = {}) => {
    const filter = [`name LIKE '${prefix}%'`, opts.extra, opts.filter].filter(Boolean).join(" AND ");
    const res = await searchExperimentIds({ ...opts, filter });
    return res.ids.map((id) => byId[id]);
  };
  return { prefix, ids, search };
}

describe("searchExperimentIds", () => {
  it("filters on name, times and tags", async () => {
    const { prefix, search } = await seed([
      { name: "Alpha", created: 100, updated: 500, tags: { team: "nlp" } },
      { name: "beta", created: 200, updated: 300, tags: { team: "cv" } },
      { name: "gamma", created: 300, updated: 400 },
    ]);
    expect((await search({ filter: `name = '${prefix}_beta'` }))).toEqual(["beta"]);
    expect((await search({ filter: `name != '${prefix}_beta'` })).sort()).toEqual(["Alpha", "gamma"]);
    expect((await search({ filter: `name LIKE '%_alpha'` }))).toEqual([]);
    expect((await search({ filter: `name ILIKE '%_alpha'` }))).toEqual(["Alpha"]);
    expect((await search({ filter: "creation_time >= 200" })).sort()).toEqual(["beta", "gamma"]);
    expect((await search({ filter: "attributes.last_update_time < 400" }))).toEqual(["beta"]);
    expect((await search({ filter: "tags.team = 'nlp'" }))).toEqual(["Alpha"]);
    expect((await search({ filter: "tags.team != 'nlp'" }))).toEqual(["beta"]);
    expect((await search({ filter: "tags.`team` LIKE '%' AND creation_time > 150" }))).toEqual(["beta"]);
  });

  it("orders by creation_time DESC, experiment_id ASC by default; explicit orders get experiment_id DESC as tie-break", async () => {
    const { ids, search } = await seed([
      { name: "a", created: 100, updated: 9 },
      { name: "b", created: 300, updated: 9 },
      { name: "c", created: 300, updated: 5 },
      { name: "d", created: 200, updated: 7 },
    ]);
    expect(ids.b).toBeLessThan(ids.c); // ids follow creation order
    expect(await search()).toEqual(["b", "c", "d", "a"]);
    expect(await search({ orderBy: ["creation_time DESC"] })).toEqual(["c", "b", "d", "a"]);
    expect(await search({ orderBy: ["name"] })).toEqual(["a", "b", "c", "d"]);
    expect(await search({ orderBy: ["name DESC"] })).toEqual(["d", "c", "b", "a"]);
    expect(await search({ orderBy: ["last_update_time ASC", "name DESC"] })).toEqual(["c", "d", "b", "a"]);
    expect(await search({ orderBy: ["experiment_id"] })).toEqual(["a", "b", "c", "d"]);
  });

  it("honours view_type", async () => {
    const { search } = await seed([{ name: "live", created: 1 }, { name: "gone", created: 2, deleted: true }]);
    expect(await search()).toEqual(["live"]);
    expect(await search({ viewType: "DELETED_ONLY" })).toEqual(["gone"]);
    expect(await search({ viewType: "ALL" })).toEqual(["gone", "live"]);
  });

  it("pages through every experiment exactly once and rejects foreign tokens", async () => {
    const { prefix, search } = await seed(Array.from({ length: 7 }, (_, i) => ({ name: `e${i}`, created: i % 2 })));
    const all = await search();
    const paged: string[] = [];
    let token: string | undefined;
    const filter = `name LIKE '${prefix}%'`;
    do {
      const page = await searchExperimentIds({ filter, maxResults: 3, pageToken: token });
      paged.push(...page.ids.map(String));
      token = page.nextPageToken;
    } while (token);
    expect(paged).toHaveLength(7);
    expect(new Set(paged).size).toBe(7);
    expect(all).toHaveLength(7);
    const first = await searchExperimentIds({ filter, maxResults: 3 });
    await expect(searchExperimentIds({ filter: `${filter} AND creation_time > 0`, maxResults: 3, pageToken: first.nextPageToken })).rejects.toMatchObject({
      code: "INVALID_PARAMETER_VALUE",
      message: "Invalid page token",
    });
  });

  it("validates max_results, filter and order_by", async () => {
    await expect(searchExperimentIds({ maxResults: 50_001 })).rejects.toMatchObject({ code: "INVALID_PARAMETER_VALUE" });
    await expect(searchExperimentIds({ filter: "metrics.a > 1" })).rejects.toMatchObject({ code: "INVALID_PARAMETER_VALUE" });
    await expect(searchExperimentIds({ orderBy: ["tags.x"] })).rejects.toMatchObject({ code: "INVALID_PARAMETER_VALUE" });
    await expect(searchExperimentIds({ orderBy: ["name", "name DESC"] })).rejects.toThrow(/duplicate/);
  });

  it("treats injection attempts as data", async () => {
    const { search } = await seed([{ name: "x", created: 1, tags: { "k'\"`": "v'; DROP TABLE experiments; --" } }]);
    expect(await search({ filter: "tags.`k'\"` = 'x'" })).toEqual([]);
    expect(await search({ filter: "tags.\"k'\"\"`\" = 'v''; DROP TABLE experiments; --'" })).toEqual(["x"]);
  });
});
