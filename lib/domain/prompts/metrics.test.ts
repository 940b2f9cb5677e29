import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { getLatestMetricsForRuns, getPromptMetricsByVersion, listPromptMetricKeys } from "@/lib/domain/prompts/metrics";
import { uniqueName } from "@/tests/helpers";

// Rows are written with Prisma directly so these tests exercise only the read queries.
const runId = () => randomBytes(16).toString("hex");
const now = Date.now();

async function seed() {
  const name = uniqueName("pm");
  const exp = await db.experiment.create({ data: { name: uniqueName("pm-exp"), artifactLocation: "/tmp/x", creationTime: now, lastUpdateTime: now } });
  const rm = await db.registeredModel.create({ data: { name, isPrompt: true, creationTimestamp: now, lastUpdatedTimestamp: now } });
  const versions = [];
  for (const v of [1, 2, 3]) {
    const mv = await db.modelVersion.create({
      data: { registeredModelId: rm.id, version: v, creationTimestamp: now + v, lastUpdatedTimestamp: now + v, source: "prompt-template" },
    });
    await db.promptVersion.create({ data: { modelVersionId: mv.id, template: `v${v} {{x}}`, variables: ["x"] } });
    versions.push(mv);
  }
  await db.registeredModelAlias.create({ data: { registeredModelId: rm.id, alias: "production", modelVersionId: versions[1].id } });

  // v1: accuracy 0.5, 0.7; v2: 0.8, 0.9, NaN (NaN kept as a point, not summarised);
  // v3: one run without accuracy (only latency); plus a deleted run on v2 that must not count.
  const runs: { version: number; metrics: Record<string, number>; deleted?: boolean }[] = [
    { version: 1, metrics: { accuracy: 0.5, latency_ms: 120 } },
    { version: 1, metrics: { accuracy: 0.7 } },
    { version: 2, metrics: { accuracy: 0.8, latency_ms: 90 } },
    { version: 2, metrics: { accuracy: 0.9 } },
    { version: 2, metrics: { accuracy: NaN } },
    { version: 2, metrics: { accuracy: 0.01 }, deleted: true },
    { version: 3, metrics: { latency_ms: 80 } },
  ];
  const ids: string[] = [];
  for (const [i, r] of runs.entries()) {
    const id = runId();
    ids.push(id);
    await db.run.create({
      data: {
        id,
        experimentId: exp.id,
        name: `run-${i}`,
        status: "FINISHED",
        startTime: now + i,
        artifactUri: "/tmp/a",
        lifecycleStage: r.deleted ? "deleted" : "active",
      },
    });
    for (const [key, value] of Object.entries(r.metrics)) {
      await db.latestMetric.create({ data: { runId: id, key, experimentId: exp.id, step: 3, timestamp: now, value } });
    }
    await db.promptRunLink.create({ data: { promptVersionId: versions[r.version - 1].id, runId: id } });
  }
  return { name, exp, ids };
}

describe("prompt metrics by version", () => {
  it("lists metric keys across linked active runs, most common first", async () => {
    const { name } = await seed();
    expect(await listPromptMetricKeys(name)).toEqual([
      { key: "accuracy", runs: 5 },
      { key: "latency_ms", runs: 3 },
    ]);
    expect(await listPromptMetricKeys("no-such-prompt")).toEqual([]);
  });

  it("groups latest values by version with stats, aliases and the best version", async () => {
    const { name, exp } = await seed();
    const r = await getPromptMetricsByVersion(name, "accuracy");
    expect(r.direction).toBe("higher");
    expect(r.versions.map((v) => v.version)).toEqual([1, 2]);
    const [v1, v2] = r.versions;
    expect(v1.points.map((p) => p.value).sort()).toEqual([0.5, 0.7]);
    expect(v1.n).toBe(2);
    expect(v1.mean).toBeCloseTo(0.6);
    expect(v1.aliases).toEqual([]);
    expect(v2.points).toHaveLength(3);
    expect(v2.points.some((p) => Number.isNaN(p.value))).toBe(true);
    expect(v2.runs).toBe(3); // NaN kept as a run with a value, not summarised
    expect(v2.n).toBe(2);
    expect(v2.q1).toBeCloseTo(0.825);
    expect(v2.q3).toBeCloseTo(0.875);
    expect(v2.std).toBeCloseTo(Math.SQRT1_2 * 0.1);
    expect(v2.mean).toBeCloseTo(0.85);
    expect(v2.median).toBeCloseTo(0.85);
    expect(v2.min).toBe(0.8);
    expect(v2.max).toBe(0.9);
    expect(v2.aliases).toEqual(["production"]);
    expect(v2.isLatest).toBe(false);
    expect(v2.points[0]).toMatchObject({ experimentId: String(exp.id), experimentName: exp.name, status: "FINISHED", step: 3 });
    expect(r.bestVersion).toBe(2);
  });

  it("uses lower-is-better for loss-like keys and marks the latest version", async () => {
    const { name } = await seed();
    const r = await getPromptMetricsByVersion(name, "latency_ms");
    expect(r.direction).toBe("lower");
    expect(r.versions.map((v) => [v.version, v.mean, v.isLatest])).toEqual([
      [1, 120, false],
      [2, 90, false],
      [3, 80, true],
    ]);
    expect(r.bestVersion).toBe(3);
    expect((await getPromptMetricsByVersion(name, "latency_ms", { direction: "higher" })).bestVersion).toBe(1);
  });

  it("counts a run that uses a version through a logged model it produced, and caps the dots, not the statistics", async () => {
    const { name, exp } = await seed();
    const rm = await db.registeredModel.findUniqueOrThrow({ where: { name } });
    const v3 = await db.modelVersion.findFirstOrThrow({ where: { registeredModelId: rm.id, version: 3 } });
    // a run not linked itself: its logged model is (load_prompt with the model active)
    const id = runId();
    await db.run.create({ data: { id, experimentId: exp.id, name: "via-model", status: "FINISHED", startTime: now + 50, artifactUri: "/tmp/a", lifecycleStage: "active" } });
    await db.latestMetric.create({ data: { runId: id, key: "accuracy", experimentId: exp.id, step: 0, timestamp: now, value: 0.42 } });
    const modelId = `m-${randomBytes(16).toString("hex")}`;
    await db.loggedModel.create({
      data: { id: modelId, experimentId: exp.id, name: "graph", sourceRunId: id, artifactUri: "/tmp/m", creationTimestampMs: now, lastUpdatedTimestampMs: now, status: "LOGGED_MODEL_READY" },
    });
    await db.promptLoggedModelLink.create({ data: { promptVersionId: v3.id, modelId } });
    const r = await getPromptMetricsByVersion(name, "accuracy");
    expect(r.versions.find((v) => v.version === 3)).toMatchObject({ runs: 1, n: 1, mean: 0.42, points: [expect.objectContaining({ runId: id })] });
    expect((await listPromptMetricKeys(name)).find((k) => k.key === "accuracy")).toEqual({ key: "accuracy", runs: 6 });

    // 520 runs on version 1: statistics over all of them, the newest 500 as dots
    const rows = Array.from({ length: 520 }, (_, i) => ({ id: runId(), i }));
    await db.run.createMany({ data: rows.map(({ id, i }) => ({ id, experimentId: exp.id, name: `bulk-${i}`, status: "FINISHED" as const, startTime: now + 1000 + i, artifactUri: "/tmp/a", lifecycleStage: "active" as const })) });
    await db.latestMetric.createMany({ data: rows.map(({ id, i }) => ({ runId: id, key: "accuracy", experimentId: exp.id, step: 0, timestamp: now, value: i })) });
    const v1 = await db.modelVersion.findFirstOrThrow({ where: { registeredModelId: rm.id, version: 1 } });
    await db.promptRunLink.createMany({ data: rows.map(({ id }) => ({ promptVersionId: v1.id, runId: id })) });
    const big = (await getPromptMetricsByVersion(name, "accuracy")).versions.find((v) => v.version === 1)!;
    expect([big.runs, big.n, big.points.length, big.max]).toEqual([522, 522, 500, 519]);
    expect(big.points[0].runName).toBe("bulk-519"); // newest first
  });

  it("returns nothing for an unknown metric", async () => {
    const { name } = await seed();
    const r = await getPromptMetricsByVersion(name, "nope");
    expect(r.versions).toEqual([]);
    expect(r.bestVersion).toBeNull();
  });

  it("reads latest metrics for a set of runs", async () => {
    const { ids } = await seed();
    const m = await getLatestMetricsForRuns(ids.slice(0, 3), ["accuracy"]);
    expect(m.get(ids[0])).toEqual({ accuracy: 0.5 });
    expect(m.get(ids[2])).toEqual({ accuracy: 0.8 });
    const all = await getLatestMetricsForRuns([ids[0]], null);
    expect(all.get(ids[0])).toEqual({ accuracy: 0.5, latency_ms: 120 });
  });
});
