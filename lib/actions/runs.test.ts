// The run server actions against PostgreSQL (and the artifact store): schema-checked input, the
// same domain writes as the REST API, field errors for MLflow's rules, the right revalidation.
import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { createExperiment } from "@/lib/domain/experiments";
import { createRun } from "@/lib/domain/runs/lifecycle";
import { getRun, getRunInfo } from "@/lib/domain/runs/read";
import { logBatch } from "@/lib/domain/runs/log-batch";
import { putArtifactAt } from "@/lib/domain/artifacts/files";
import { uniqueName } from "@/tests/helpers";
import { runAction, submit } from "@/tests/actions";
import {
  deleteRunTagAction,
  deleteRunsAction,
  getMetricSeriesAction,
  listRunArtifactsAction,
  previewArtifactAction,
  renameRunAction,
  restoreRunsAction,
  searchExperimentKeysAction,
  setRunTagAction,
} from "@/lib/actions/runs";

const RUN_PAGES = ["/experiments/layout", "/compare"];

async function newRun() {
  const exp = await createExperiment({ name: uniqueName("act-run") });
  const run = await createRun({ experimentId: exp.experimentId, runName: "first" });
  return { experimentId: exp.experimentId, runId: run.info.runId, artifactUri: run.info.artifactUri };
}

describe("run write actions", () => {
  it("renameRunAction renames (name required); a deleted run cannot be renamed", async () => {
    const { runId } = await newRun();
    const out = await submit(renameRunAction, { runId, runName: " second " });
    expect(out.result?.ok).toBe(true);
    expect(out.revalidated).toEqual(RUN_PAGES);
    expect((await getRunInfo(runId))!.runName).toBe("second");
    expect((await submit(renameRunAction, { runId, runName: "  " })).result).toMatchObject({ ok: false, fieldErrors: { runName: ["Name is required"] } });
    await runAction(() => deleteRunsAction([runId]));
    const deleted = await submit(renameRunAction, { runId, runName: "third" });
    expect(deleted.result?.fieldErrors?.runName?.[0]).toMatch(/must be in the 'active' state/);
  });

  it("setRunTagAction / deleteRunTagAction; MLflow's key rules are an error on key", async () => {
    const { runId } = await newRun();
    expect((await submit(setRunTagAction, { runId, key: "team", value: "nlp" })).result?.ok).toBe(true);
    expect((await getRun(runId))!.data.tags).toContainEqual({ key: "team", value: "nlp" });
    const badKey = await submit(setRunTagAction, { runId, key: "a*b", value: "x" });
    expect(badKey.result?.fieldErrors?.key?.[0]).toMatch(/Names may only contain alphanumerics/);
    expect((await submit(setRunTagAction, { runId, key: " ", value: "x" })).result?.fieldErrors).toEqual({ key: ["Enter a tag key."] });
    const del = await submit(deleteRunTagAction, { runId, key: "team" });
    expect(del.result?.ok).toBe(true);
    expect(del.revalidated).toEqual(RUN_PAGES);
    expect((await getRun(runId))!.data.tags.find((t) => t.key === "team")).toBeUndefined();
  });

  it("deleteRunsAction / restoreRunsAction: bulk, partial failures named, input bounded", async () => {
    const a = await newRun();
    const b = await newRun();
    const del = await runAction(() => deleteRunsAction([a.runId, b.runId, a.runId]));
    expect(del.result?.ok).toBe(true);
    expect((await getRunInfo(a.runId))!.lifecycleStage).toBe("deleted");
    expect((await getRunInfo(b.runId))!.lifecycleStage).toBe("deleted");
    const partial = await runAction(() => restoreRunsAction([a.runId, "0".repeat(32)]));
    expect(partial.result).toMatchObject({ ok: false, message: `Could not restore 1 of 2 runs: Run with id=${"0".repeat(32)} not found` });
    expect((await getRunInfo(a.runId))!.lifecycleStage).toBe("active");
    expect((await runAction(() => deleteRunsAction([]))).result).toMatchObject({ ok: false, fieldErrors: { runIds: ["Select at least one run"] } });
    const many = Array.from({ length: 1001 }, (_, i) => String(i));
    expect((await runAction(() => deleteRunsAction(many))).result).toMatchObject({ ok: false, fieldErrors: { runIds: ["Select at most 1,000 runs at a time"] } });
  });
});

describe("run read actions", () => {
  it("searchExperimentKeysAction pages the experiment's keys; bad arguments are refused", async () => {
    const { experimentId, runId } = await newRun();
    await logBatch({ runId, metrics: [{ key: "loss", value: 1, timestamp: 1 }], params: [{ key: "lr", value: "0.1" }] });
    const r = await runAction(() => searchExperimentKeysAction({ experimentId, query: "l", kind: "metric" }));
    expect(r.result).toMatchObject({ ok: true, data: { keys: [{ kind: "metric", key: "loss" }], total: 1 } });
    expect(r.revalidated).toEqual([]);
    const bad = await runAction(() => searchExperimentKeysAction({ experimentId, limit: 5000 }));
    expect(bad.result?.ok).toBe(false);
    expect(bad.result?.fieldErrors?.limit).toBeDefined();
  });

  it("getMetricSeriesAction returns [step, timestamp, value] points; maxPoints is bounded", async () => {
    const { runId } = await newRun();
    await logBatch({ runId, metrics: [0, 1, 2].map((s) => ({ key: "loss", value: 3 - s, timestamp: 100 + s, step: s })) });
    const r = await runAction(() => getMetricSeriesAction({ runId, key: "loss" }));
    expect(r.result).toEqual({ ok: true, data: { key: "loss", points: [[0, 100, 3], [1, 101, 2], [2, 102, 1]], sampled: false }, message: undefined });
    expect((await runAction(() => getMetricSeriesAction({ runId, key: "loss", maxPoints: 1 }))).result?.ok).toBe(false);
  });

  it("listRunArtifactsAction / previewArtifactAction read the run's artifacts; path tricks are refused", async () => {
    const { runId, artifactUri } = await newRun();
    await putArtifactAt(artifactUri, "notes/readme.txt", Readable.from([Buffer.from("hello")]));
    const root = await runAction(() => listRunArtifactsAction({ runId, path: "" }));
    expect(root.result).toMatchObject({ ok: true, data: [{ path: "notes", isDir: true }] });
    const dir = await runAction(() => listRunArtifactsAction({ runId, path: "notes" }));
    expect(dir.result).toMatchObject({ ok: true, data: [{ path: "notes/readme.txt", isDir: false, fileSize: 5 }] });
    const preview = await runAction(() => previewArtifactAction({ runId, path: "notes/readme.txt" }));
    expect(preview.result).toMatchObject({ ok: true, data: { text: "hello", size: 5, binary: false, truncated: false } });
    const escape = await runAction(() => previewArtifactAction({ runId, path: "../../x" }));
    expect(escape.result?.ok).toBe(false);
    const noRun = await runAction(() => previewArtifactAction({ runId: "f".repeat(32), path: "a.txt" }));
    expect(noRun.result).toMatchObject({ ok: false, message: `Run ${"f".repeat(32)} not found` });
  });
});
