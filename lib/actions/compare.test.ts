// The compare page's server actions against PostgreSQL: arguments validated by the schemas in
// lib/schemas/compare.ts, then the lazy loads and the metric direction.
import { describe, expect, it } from "vitest";
import { createExperiment, getExperiment } from "@/lib/domain/experiments";
import { createRun } from "@/lib/domain/runs/lifecycle";
import { logBatch } from "@/lib/domain/runs/log-batch";
import { uniqueName } from "@/tests/helpers";
import { runAction } from "@/tests/actions";
import { loadMetricHistoriesAction, readArtifactTextsAction, setMetricDirectionAction } from "@/lib/actions/compare";

async function twoRuns() {
  const exp = await createExperiment({ name: uniqueName("act-cmp") });
  const ids: string[] = [];
  for (const v of [1, 2]) {
    const r = await createRun({ experimentId: exp.experimentId });
    await logBatch({ runId: r.info.runId, metrics: [{ key: "acc", value: v / 10, timestamp: 5, step: 0 }] });
    ids.push(r.info.runId);
  }
  return { experimentId: exp.experimentId, ids };
}

describe("compare actions", () => {
  it("loadMetricHistoriesAction returns each run's history; bad run ids are refused", async () => {
    const { ids } = await twoRuns();
    const r = await runAction(() => loadMetricHistoriesAction({ runIds: ids, metricKey: "acc" }));
    expect(r.result).toMatchObject({ ok: true, data: { [ids[0]]: [{ step: 0, value: 0.1 }], [ids[1]]: [{ step: 0, value: 0.2 }] } });
    const bad = await runAction(() => loadMetricHistoriesAction({ runIds: ["x/../y"], metricKey: "acc" }));
    expect(bad.result?.ok).toBe(false);
    expect(bad.result?.fieldErrors?.runIds).toBeDefined();
  });

  it("readArtifactTextsAction reports missing files per run", async () => {
    const { ids } = await twoRuns();
    const r = await runAction(() => readArtifactTextsAction({ runIds: ids, path: "nope.txt" }));
    expect(r.result).toMatchObject({ ok: true, data: [{ runId: ids[0], missing: true }, { runId: ids[1], missing: true }] });
    expect((await runAction(() => readArtifactTextsAction({ runIds: ids, path: "" }))).result?.ok).toBe(false);
  });

  it("setMetricDirectionAction stores the direction as an experiment tag (the page keeps its state)", async () => {
    const { experimentId } = await twoRuns();
    const r = await runAction(() => setMetricDirectionAction({ experimentIds: [experimentId], metricKey: "acc", direction: "higher" }));
    expect(r.result?.ok).toBe(true);
    expect(r.revalidated).toEqual([]);
    expect((await getExperiment(experimentId))!.tags).toContainEqual({ key: "runboard.metric_direction.acc", value: "higher" });
    expect((await runAction(() => setMetricDirectionAction({ experimentIds: [experimentId], metricKey: "acc", direction: "up" as "higher" }))).result?.ok).toBe(false);
  });
});
