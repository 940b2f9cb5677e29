// The Charts view's read model against a real database: sampling, scalar vs history metrics,
// short params only, and per-group aggregates computed over every matched run.
import { describe, expect, it } from "vitest";
import { createExperiment } from "@/lib/domain/experiments";
import { createRun } from "@/lib/domain/runs/lifecycle";
import { logBatch } from "@/lib/domain/runs/log-batch";
import { getRunChartsData } from "@/lib/domain/runs/charts";
import { uniqueName } from "@/tests/helpers";

async function seed(n: number, opts: { history?: boolean } = {}) {
  const exp = (await createExperiment({ name: uniqueName("run-charts") })).experimentId;
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const run = await createRun({ experimentId: exp, runName: `r${i}`, startTime: 1000 + i });
    ids.push(run.info.runId);
    const metrics = [
      { key: "acc", value: i / 10, timestamp: 1000, step: 0 },
      { key: "loss", value: 1 - i / 10, timestamp: 1000, step: 0 },
    ];
    if (opts.history) metrics.push({ key: "loss", value: 2, timestamp: 900, step: 1 }, { key: "loss", value: 1 - i / 10, timestamp: 1100, step: 2 });
    if (i === 0) metrics.push({ key: "acc_nan", value: NaN, timestamp: 1000, step: 0 });
    await logBatch({
      runId: run.info.runId,
      params: [
        { key: "opt", value: i % 2 ? "adam" : "sgd" },
        { key: "lr", value: String(0.1 * (i + 1)) },
        { key: "prompt_template", value: "x".repeat(500) },
      ],
      metrics,
    });
  }
  return { exp, ids };
}

describe("getRunChartsData", () => {
  it("returns every run when there are few, in the table's order, with short params only", async () => {
    const { exp } = await seed(4);
    const d = await getRunChartsData({ experimentId: exp });
    if (!d.ok) throw new Error(d.error.message);
    expect(d.total).toBe(4);
    expect(d.sampled).toBe(false);
    expect(d.runs.map((r) => r.name)).toEqual(["r3", "r2", "r1", "r0"]);
    expect(d.runs[0].metrics).toEqual({ acc: 0.3, loss: 0.7 });
    expect(d.runs[0].params).toEqual({ opt: "adam", lr: "0.4" });
    expect(d.metrics.find((m) => m.key === "loss")).toEqual({ key: "loss", history: false });
    expect(d.params.find((p) => p.key === "lr")).toMatchObject({ numeric: true, distinct: 4 });
    expect(d.params.find((p) => p.key === "opt")).toMatchObject({ numeric: false, distinct: 2 });
    expect(d.params.some((p) => p.key === "prompt_template")).toBe(false);
    expect(d.groups).toBeNull();
  });

  it("tells histories from scalars", async () => {
    const { exp } = await seed(2, { history: true });
    const d = await getRunChartsData({ experimentId: exp });
    if (!d.ok) throw new Error(d.error.message);
    expect(d.metrics.find((m) => m.key === "loss")?.history).toBe(true);
    expect(d.metrics.find((m) => m.key === "acc")?.history).toBe(false);
  });

  it("samples: the leading runs in table order plus a stable sample of the rest, and follows the filter", async () => {
    const { exp } = await seed(12);
    const a = await getRunChartsData({ experimentId: exp, sampleSize: 3, leading: 2 });
    const b = await getRunChartsData({ experimentId: exp, sampleSize: 3, leading: 2 });
    if (!a.ok || !b.ok) throw new Error("filter");
    expect(a.total).toBe(12);
    expect(a.sampled).toBe(true);
    expect(a.runs).toHaveLength(5);
    expect(a.runs.slice(0, 2).map((r) => r.name)).toEqual(["r11", "r10"]);
    expect(a.runs.filter((r) => r.leading)).toHaveLength(2);
    expect(b.runs.map((r) => r.id)).toEqual(a.runs.map((r) => r.id));

    const f = await getRunChartsData({ experimentId: exp, filter: "params.opt = 'adam'", sort: "metrics.acc", dir: "asc" });
    if (!f.ok) throw new Error(f.error.message);
    expect(f.total).toBe(6);
    expect(f.runs.map((r) => r.name)).toEqual(["r1", "r3", "r5", "r7", "r9", "r11"]);

    const bad = await getRunChartsData({ experimentId: exp, filter: "params.opt ==" });
    expect(bad.ok).toBe(false);
  });

  it("groups by a param over every matched run: count and mean/min/max per metric, NaN left out", async () => {
    const { exp } = await seed(6);
    const d = await getRunChartsData({ experimentId: exp, group: { kind: "param", key: "opt" }, sampleSize: 1, leading: 0 });
    if (!d.ok) throw new Error(d.error.message);
    expect(d.runs).toHaveLength(1);
    const sgd = d.groups!.find((g) => g.value === "sgd")!;
    expect(sgd.count).toBe(3);
    expect(sgd.metrics.acc.n).toBe(3);
    expect(sgd.metrics.acc.mean).toBeCloseTo(0.2);
    expect(sgd.metrics.acc.min).toBeCloseTo(0);
    expect(sgd.metrics.acc.max).toBeCloseTo(0.4);
    expect(sgd.metrics.acc_nan).toBeUndefined();
    expect(d.groups!.find((g) => g.value === "adam")!.metrics.loss.max).toBeCloseTo(0.9);
    expect(d.runs[0].group).toMatch(/^(sgd|adam)$/);

    const none = await getRunChartsData({ experimentId: exp, group: { kind: "tag", key: "absent" } });
    if (!none.ok) throw new Error(none.error.message);
    expect(none.groups).toEqual([expect.objectContaining({ value: null, count: 6 })]);
  });
});
