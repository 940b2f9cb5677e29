// Chart sampling of one metric history against a real database (histories logged through logBatch).
import { describe, expect, it } from "vitest";
import { createExperiment } from "@/lib/domain/experiments";
import { createRun } from "@/lib/domain/runs/lifecycle";
import { logBatch } from "@/lib/domain/runs/log-batch";
import { uniqueName } from "@/tests/helpers";
import { getMetricSeries } from "./metric-series";

async function runWith(points: { step: number; value: number; timestamp?: number }[]) {
  const exp = (await createExperiment({ name: uniqueName("series") })).experimentId;
  const run = await createRun({ experimentId: exp, startTime: 0 });
  for (let i = 0; i < points.length; i += 1000) {
    await logBatch({ runId: run.info.runId, metrics: points.slice(i, i + 1000).map((p) => ({ key: "loss", value: p.value, step: p.step, timestamp: p.timestamp ?? p.step })) });
  }
  return run.info.runId;
}

describe("getMetricSeries", () => {
  it("returns a short history whole, in step order, NaN included", async () => {
    const runId = await runWith([
      { step: 2, value: 0.5 },
      { step: 0, value: 1 },
      { step: 1, value: Number.NaN },
      { step: 1, value: 0.7, timestamp: 5 },
    ]);
    const s = await getMetricSeries(runId, "loss", 10);
    expect(s.sampled).toBe(false);
    expect(s.points.map((p) => p.step)).toEqual([0, 1, 1, 2]);
    expect(s.points[1].value).toBeNaN();
    expect((await getMetricSeries(runId, "nope")).points).toEqual([]);
  });

  it("samples a long history to at most `points` steps, keeping the first and the last", async () => {
    const runId = await runWith(Array.from({ length: 5000 }, (_, i) => ({ step: i * 3, value: i })));
    const s = await getMetricSeries(runId, "loss", 100);
    expect(s.sampled).toBe(true);
    expect(s.points.length).toBeLessThanOrEqual(100);
    expect(s.points.length).toBeGreaterThan(90);
    expect(s.points[0].step).toBe(0);
    expect(s.points.at(-1)!.step).toBe(4999 * 3);
    const steps = s.points.map((p) => p.step);
    expect(steps).toEqual([...steps].sort((a, b) => a - b));
    expect(new Set(steps).size).toBe(steps.length);
    // Evenly spread: no gap much wider than the range / points.
    const gaps = steps.slice(1).map((x, i) => x - steps[i]);
    expect(Math.max(...gaps)).toBeLessThan((4999 * 3) / 50);
  });

  it("handles sparse steps far apart", async () => {
    const runId = await runWith([...Array.from({ length: 20 }, (_, i) => ({ step: i, value: i })), { step: 1_000_000_000, value: 9 }]);
    const s = await getMetricSeries(runId, "loss", 10);
    expect(s.sampled).toBe(true);
    expect(s.points[0].step).toBe(0);
    expect(s.points.at(-1)!.step).toBe(1_000_000_000);
  });
});
