// Deleting is soft; purging after the retention removes rows, metric history and artifacts —
// on both artifact backends (this file runs in the "local" and the "s3" Vitest projects).
import { describe, expect, test } from "vitest";
import * as createRun from "@/app/api/2.0/mlflow/runs/create/route";
import * as deleteRunRoute from "@/app/api/2.0/mlflow/runs/delete/route";
import * as logBatch from "@/app/api/2.0/mlflow/runs/log-batch/route";
import * as createExperiment from "@/app/api/2.0/mlflow/experiments/create/route";
import * as deleteExperiment from "@/app/api/2.0/mlflow/experiments/delete/route";
import * as restoreRun from "@/app/api/2.0/mlflow/runs/restore/route";
import { db } from "@/lib/db";
import { putArtifact } from "@/lib/domain/artifacts/files";
import { artifactUriToPath } from "@/lib/domain/artifacts/paths";
import { parseRetention, purgeDeleted, runScheduledPurge } from "@/lib/domain/purge";
import { rawList } from "@/tests/artifact-backend";
import { call, uniqueName } from "@/tests/helpers";

async function experiment(): Promise<string> {
  const r = await call(createExperiment.POST, "POST", { name: uniqueName("purge") });
  return r.body.experiment_id as string;
}

async function runWithData(experimentId: string): Promise<{ id: string; dir: string }> {
  const r = await call(createRun.POST, "POST", { experiment_id: experimentId, start_time: Date.now() });
  const info = (r.body.run as { info: { run_id: string; artifact_uri: string } }).info;
  const metrics = Array.from({ length: 30 }, (_, step) => ({ key: "loss", value: step, timestamp: 1, step }));
  expect((await call(logBatch.POST, "POST", { run_id: info.run_id, metrics, params: [{ key: "p", value: "1" }] })).status).toBe(200);
  const dir = artifactUriToPath(info.artifact_uri);
  await putArtifact(`${dir}/model/MLmodel`, "flavors: {}\n");
  await putArtifact(`${dir}/eval.json`, "{}");
  return { id: info.run_id, dir };
}

const counts = async (runId: string) => ({
  runs: await db.run.count({ where: { id: runId } }),
  metrics: Number((await db.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM metrics WHERE run_id = ${runId}`)[0].n),
  params: await db.param.count({ where: { runId } }),
});

describe("purge of deleted runs and experiments", () => {
  test("retention strings", () => {
    expect(parseRetention("30d")).toBe(30 * 86_400_000);
    expect(parseRetention("12h")).toBe(12 * 3_600_000);
    expect(parseRetention("90")).toBe(90_000);
    expect(parseRetention("soon")).toBeNull();
    expect(parseRetention(undefined)).toBeNull();
  });

  test("a deleted run keeps everything until the purge; the purge removes rows, metrics and artifacts; live runs are untouched", async () => {
    const exp = await experiment();
    const gone = await runWithData(exp);
    const live = await runWithData(exp);
    expect((await call(deleteRunRoute.POST, "POST", { run_id: gone.id })).status).toBe(200);
    // Restorable: nothing was removed by the delete.
    expect(await counts(gone.id)).toEqual({ runs: 1, metrics: 30, params: 1 });
    expect(await rawList(gone.dir)).toEqual(["eval.json", "model/MLmodel"]);
    // Deleted more recently than the retention: kept.
    expect(await purgeDeleted(Date.now() - 60_000, { experimentIds: [Number(exp)] })).toMatchObject({ runs: 0 });
    expect(await counts(gone.id)).toEqual({ runs: 1, metrics: 30, params: 1 });
    const r = await purgeDeleted(Date.now() + 1, { experimentIds: [Number(exp)] });
    expect(r).toMatchObject({ runs: 1, experiments: 0 });
    expect(await counts(gone.id)).toEqual({ runs: 0, metrics: 0, params: 0 });
    expect(await rawList(gone.dir)).toEqual([]);
    expect(await counts(live.id)).toEqual({ runs: 1, metrics: 30, params: 1 });
    expect(await rawList(live.dir)).toEqual(["eval.json", "model/MLmodel"]);
    // A purged run cannot be restored.
    expect((await call(restoreRun.POST, "POST", { run_id: gone.id })).status).toBe(404);
  });

  test("a run that a registered model version comes from is kept", async () => {
    const exp = await experiment();
    const source = await runWithData(exp);
    const rm = await db.registeredModel.create({ data: { name: uniqueName("rm"), creationTimestamp: 1n, lastUpdatedTimestamp: 1n } });
    await db.modelVersion.create({ data: { registeredModelId: rm.id, version: 1, creationTimestamp: 1n, lastUpdatedTimestamp: 1n, runId: source.id, source: `runs:/${source.id}/model` } });
    await call(deleteRunRoute.POST, "POST", { run_id: source.id });
    expect(await purgeDeleted(Date.now() + 1, { experimentIds: [Number(exp)] })).toMatchObject({ runs: 0, keptForModelVersions: 1 });
    expect(await counts(source.id)).toEqual({ runs: 1, metrics: 30, params: 1 });
    expect(await rawList(source.dir)).toEqual(["eval.json", "model/MLmodel"]);
  });

  test("a deleted experiment goes whole: its runs, logged models and artifact location", async () => {
    const exp = await experiment();
    const a = await runWithData(exp);
    const b = await runWithData(exp);
    await putArtifact(`${exp}/models/m-x/artifacts/MLmodel`, "x");
    expect((await call(deleteExperiment.POST, "POST", { experiment_id: exp })).status).toBe(200);
    const r = await runScheduledPurge(0, { now: Date.now() + 1, experimentIds: [Number(exp)] });
    expect(r).not.toBeNull();
    expect(r!.runs).toBeGreaterThanOrEqual(2);
    expect(await db.experiment.count({ where: { id: Number(exp) } })).toBe(0);
    for (const run of [a, b]) expect(await counts(run.id)).toEqual({ runs: 0, metrics: 0, params: 0 });
    expect(await rawList(exp)).toEqual([]);
  });
});
