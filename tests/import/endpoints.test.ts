// The import endpoints (/api/2.0/runboard/import/*) called in-process: jobs and state, id
// keeping and mapping, a run written whole (inline and staged histories, refused when a staged
// chunk is missing), re-import replacing, entities that are not ours refused, and the registry
// (versions, aliases, prompts and their links). The end-to-end import from a live source server
// is tests/import/import.test.ts.
import { randomBytes } from "node:crypto";
import { describe, expect, test } from "vitest";
import * as start from "@/app/api/2.0/runboard/import/start/route";
import * as state from "@/app/api/2.0/runboard/import/state/route";
import * as progress from "@/app/api/2.0/runboard/import/progress/route";
import * as finish from "@/app/api/2.0/runboard/import/finish/route";
import * as jobs from "@/app/api/2.0/runboard/import/jobs/route";
import * as experiments from "@/app/api/2.0/runboard/import/experiments/route";
import * as runs from "@/app/api/2.0/runboard/import/runs/route";
import * as stage from "@/app/api/2.0/runboard/import/runs/metrics/route";
import * as loggedModels from "@/app/api/2.0/runboard/import/logged-models/route";
import * as registeredModels from "@/app/api/2.0/runboard/import/registered-models/route";
import * as getRun from "@/app/api/2.0/mlflow/runs/get/route";
import * as createRun from "@/app/api/2.0/mlflow/runs/create/route";
import * as createExperiment from "@/app/api/2.0/mlflow/experiments/create/route";
import * as history from "@/app/api/2.0/mlflow/metrics/get-history/route";
import * as getModel from "@/app/api/2.0/mlflow/logged-models/[model_id]/route";
import * as getRegistered from "@/app/api/2.0/mlflow/registered-models/get/route";
import * as searchVersions from "@/app/api/2.0/mlflow/model-versions/search/route";
import { db } from "@/lib/db";
import { call, uniqueName } from "@/tests/helpers";

const hex = (n: number) => randomBytes(n).toString("hex");
const ok = async (p: Promise<{ status: number; body: Record<string, unknown> }>) => {
  const r = await p;
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- test JSON
};

async function newJob(url = `http://source-${hex(4)}.test:5000/`) {
  const body = await ok(call(start.POST, "POST", { source_url: url, options: { experiments: null } }));
  return { jobId: body.job.job_id as number, body };
}

const experiment = (id: string, name: string, extra: Record<string, unknown> = {}) => ({
  fingerprint: hex(8),
  experiment: { experiment_id: id, name, artifact_location: `mlflow-artifacts:/${id}`, lifecycle_stage: "active", creation_time: 1700000000000, last_update_time: 1700000001000, tags: [{ key: "team", value: "ml" }], ...extra },
});

function runJson(runId: string, experimentId: string, extra: { tags?: object[]; params?: object[]; outputs?: object } = {}) {
  return {
    info: { run_id: runId, run_uuid: runId, experiment_id: experimentId, run_name: "imported", user_id: "alice", status: "FINISHED", start_time: 1700000002000, end_time: 1700000009000, artifact_uri: `mlflow-artifacts:/${experimentId}/${runId}/artifacts`, lifecycle_stage: "active" },
    data: {
      metrics: [{ key: "loss", value: 0.5, timestamp: 1, step: 9 }],
      params: extra.params ?? [{ key: "lr", value: "0.1" }],
      tags: [{ key: "mlflow.runName", value: "imported" }, ...(extra.tags ?? [])],
    },
    inputs: { dataset_inputs: [{ tags: [{ key: "mlflow.data.context", value: "training" }], dataset: { name: "toy", digest: "abc", source_type: "code", source: "{}" } }] },
    outputs: extra.outputs,
  };
}

const points = (n: number, from = 0) => Array.from({ length: n }, (_, i) => [from + i, 1700000000000 + from + i, (from + i) / 10]);

describe("import endpoints", () => {
  test("a job: start, state, progress, finish; a second live job from the same source is refused", async () => {
    const url = `http://Alice:secret@Source-${hex(4)}.test:5000/mlflow/`;
    const { jobId, body } = await newJob(url);
    expect(body.job.source_url).toMatch(/^http:\/\/source-[0-9a-f]+\.test:5000\/mlflow$/);
    expect(body.known).toEqual({ experiment: 0, run: 0, logged_model: 0, registered_model: 0 });
    const again = await call(start.POST, "POST", { source_url: url });
    expect(again.status).toBe(409);
    expect(again.body.error_code).toBe("RESOURCE_CONFLICT");
    await ok(call(progress.POST, "POST", { job_id: jobId, progress: { phase: "runs", copied: 3 } }));
    const listed = await ok(call(jobs.GET, "GET", { limit: 50 }));
    expect(listed.jobs.find((j: { job_id: number }) => j.job_id === jobId).progress).toEqual({ phase: "runs", copied: 3 });
    const done = await ok(call(finish.POST, "POST", { job_id: jobId, status: "finished", report: { runs: { copied: 3 } } }));
    expect(done.job.status).toBe("finished");
    // Writes to an ended job are refused; a new job may start.
    const late = await call(progress.POST, "POST", { job_id: jobId, progress: {} });
    expect(late.body.error_code).toBe("ABORTED");
    const next = await ok(call(start.POST, "POST", { source_url: url }));
    expect(next.previous.job_id).toBe(jobId);
    const bad = await call(start.POST, "POST", { source_url: "ftp://x" });
    expect(bad.status).toBe(400);
  });

  test("experiments keep a free id, get a new one when it is taken, and merge into a same-named one", async () => {
    const { jobId } = await newJob();
    const taken = await ok(call(createExperiment.POST, "POST", { name: uniqueName("taken") }));
    const freeId = String(2_000_000_000 - Math.floor(Math.random() * 1_000_000));
    const sameName = uniqueName("same");
    const existing = await ok(call(createExperiment.POST, "POST", { name: sameName }));
    const res = await ok(
      call(experiments.POST, "POST", {
        job_id: jobId,
        experiments: [experiment(freeId, uniqueName("free")), experiment(taken.experiment_id, uniqueName("moved")), experiment("77777777777777777777", uniqueName("huge")), experiment("5", sameName), experiment("9", "x".repeat(501))],
      }),
    );
    const [free, moved, huge, merged, failed] = res.experiments;
    expect(free).toMatchObject({ result: "created", experiment_id: freeId, id_kept: true, artifact_location: `mlflow-artifacts:/${freeId}` });
    expect(moved).toMatchObject({ result: "created", id_kept: false });
    expect(moved.experiment_id).not.toBe(taken.experiment_id);
    expect(moved.reason).toContain("is taken here");
    expect(huge).toMatchObject({ result: "created", id_kept: false });
    expect(merged).toMatchObject({ result: "merged", experiment_id: existing.experiment_id });
    expect(failed.result).toBe("failed");
    expect(failed.reason).toContain("exceeds the maximum length");
    // The sequence stays ahead of explicit ids: a new experiment does not collide.
    const after = await ok(call(createExperiment.POST, "POST", { name: uniqueName("after") }));
    expect(Number(after.experiment_id)).toBeGreaterThan(Number(freeId));
    const st = await ok(call(state.GET, "GET", { job_id: jobId, kind: "experiment" }));
    expect(st.entities.map((e: { source_key: string }) => e.source_key).sort()).toEqual(["5", "77777777777777777777", freeId, taken.experiment_id].sort());
  });

  test("a run lands whole with its id: inline and staged history, latest metrics, inputs; replaced on re-import", async () => {
    const { jobId } = await newJob();
    const expId = String(1_900_000_000 - Math.floor(Math.random() * 1_000_000));
    await ok(call(experiments.POST, "POST", { job_id: jobId, experiments: [experiment(expId, uniqueName("runs"))] }));
    const runId = hex(16);
    // 30 points staged in two chunks, 10 inline, plus special values.
    await ok(call(stage.POST, "POST", { job_id: jobId, run_id: runId, batch: "b1", seq: 0, metrics: [{ key: "loss", points: points(15) }] }));
    await ok(call(stage.POST, "POST", { job_id: jobId, run_id: runId, batch: "b1", seq: 1, metrics: [{ key: "loss", points: points(15, 15) }] }));
    const body = {
      job_id: jobId,
      fingerprint: "f1",
      run: runJson(runId, expId, { tags: [{ key: "mlflow.parentRunId", value: "p".repeat(32) }] }),
      metrics: [{ key: "weird", points: [[0, 5, "NaN"], [1, 6, "Infinity"], [2, 7, "-Infinity"]] }, { key: "acc", points: points(7) }],
      staged: { batch: "b1", points: 30 },
      artifacts: { "a.txt": 3 },
    };
    const first = await ok(call(runs.POST, "POST", body));
    expect(first).toMatchObject({ run_id: runId, experiment_id: expId, result: "created", metrics: 40, artifact_uri: `mlflow-artifacts:/${expId}/${runId}/artifacts` });
    const got = await ok(call(getRun.GET, "GET", { run_id: runId }));
    expect(got.run.info).toMatchObject({ run_name: "imported", user_id: "alice", status: "FINISHED", start_time: 1700000002000, end_time: 1700000009000 });
    expect(got.run.data.metrics).toEqual(
      expect.arrayContaining([{ key: "loss", value: 2.9, timestamp: 1700000000029, step: 29 }, { key: "weird", value: "-Infinity", timestamp: 7, step: 2 }]),
    );
    expect(got.run.inputs.dataset_inputs[0].dataset.name).toBe("toy");
    const h = await ok(call(history.GET, "GET", { run_id: runId, metric_key: "weird" }));
    expect(h.metrics.map((m: { value: unknown }) => m.value)).toEqual(["NaN", "Infinity", "-Infinity"]);
    expect((await db.run.findUnique({ where: { id: runId } }))?.parentRunId).toBe("p".repeat(32));
    // No staged rows are left behind.
    expect(await db.importStagedMetrics.count({ where: { jobId, runId } })).toBe(0);

    // A commit announcing staged points that did not all arrive is refused, and the run is unchanged.
    await ok(call(stage.POST, "POST", { job_id: jobId, run_id: runId, batch: "b2", seq: 0, metrics: [{ key: "loss", points: points(5) }] }));
    const short = await call(runs.POST, "POST", { ...body, fingerprint: "f2", staged: { batch: "b2", points: 10 } });
    expect(short.status).toBe(400);
    expect(String(short.body.message)).toContain("staged metric points were announced");
    expect((await ok(call(history.GET, "GET", { run_id: runId, metric_key: "loss" }))).metrics).toHaveLength(30);

    // Re-import replaces the run whole.
    const second = await ok(call(runs.POST, "POST", { ...body, fingerprint: "f2", run: runJson(runId, expId, { params: [{ key: "lr", value: "0.2" }] }), metrics: [{ key: "loss", points: points(3) }], staged: undefined }));
    expect(second.result).toBe("updated");
    const again = await ok(call(getRun.GET, "GET", { run_id: runId }));
    expect(again.run.data.params).toEqual([{ key: "lr", value: "0.2" }]);
    expect(again.run.data.metrics).toEqual([{ key: "loss", value: 0.2, timestamp: 1700000000002, step: 2 }]);
    const st = await ok(call(state.GET, "GET", { job_id: jobId, kind: "run" }));
    expect(st.entities).toEqual([{ source_key: runId, target_key: runId, fingerprint: "f2", detail: { artifacts: { "a.txt": 3 } } }]);

    // A run that exists here but was not imported from this source is refused.
    const own = await ok(call(createRun.POST, "POST", { experiment_id: expId }));
    const clash = await call(runs.POST, "POST", { ...body, run: runJson(own.run.info.run_id, expId), staged: undefined });
    expect(clash.body.error_code).toBe("RESOURCE_ALREADY_EXISTS");
    // A run of an experiment that was not imported is refused.
    const orphan = await call(runs.POST, "POST", { ...body, run: runJson(hex(16), "123456"), staged: undefined });
    expect(String(orphan.body.message)).toContain("has not been imported");
    // Malformed points are a 400 naming the field.
    const bad = await call(runs.POST, "POST", { ...body, metrics: [{ key: "x", points: [[0, "soon", 1]] }], staged: undefined });
    expect(bad.status).toBe(400);
    expect(String(bad.body.message)).toContain("metrics[0].points[0][1]");
  });

  test("logged models and registered models (with prompts) keep ids, numbers, aliases and links", async () => {
    const { jobId } = await newJob();
    const expId = String(1_800_000_000 - Math.floor(Math.random() * 1_000_000));
    await ok(call(experiments.POST, "POST", { job_id: jobId, experiments: [experiment(expId, uniqueName("models"))] }));
    const prompt = uniqueName("prompt").replaceAll("-", "_");
    const model = uniqueName("model");
    const modelId = `m-${hex(16)}`;
    const runId = hex(16);
    const linked = JSON.stringify([{ name: prompt, version: "3" }]);

    const p = await ok(
      call(registeredModels.POST, "POST", {
        job_id: jobId,
        fingerprint: "p1",
        registered_model: { name: prompt, creation_timestamp: 10, last_updated_timestamp: 20, description: "a prompt", tags: [{ key: "mlflow.prompt.is_prompt", value: "true" }, { key: "team", value: "ml" }], aliases: [{ alias: "production", version: "3" }] },
        model_versions: [1, 3].map((v) => ({
          version: String(v),
          creation_timestamp: 10 + v,
          last_updated_timestamp: 10 + v,
          current_stage: "None",
          description: `v${v}`,
          source: "dummy-source",
          run_id: "",
          status: "READY",
          tags: [{ key: "mlflow.prompt.is_prompt", value: "true" }, { key: "mlflow.prompt.text", value: `Hello {{name}} v${v}` }, { key: "_mlflow_prompt_type", value: "text" }, { key: "note", value: "x" }],
        })),
      }),
    );
    expect(p).toMatchObject({ is_prompt: true, result: "created", versions: 2 });

    await ok(
      call(registeredModels.POST, "POST", {
        job_id: jobId,
        fingerprint: "r1",
        registered_model: { name: model, creation_timestamp: 30, last_updated_timestamp: 40, tags: [{ key: "owner", value: "bob" }], aliases: [{ alias: "champion", version: 2 }] },
        model_versions: [{ version: "2", creation_timestamp: 31, source: `mlflow-artifacts:/${expId}/models/${modelId}/artifacts`, model_id: modelId, run_id: runId, status: "READY", tags: [{ key: "validated", value: "yes" }] }, { version: "5", source: `models:/${modelId}`, status: "READY" }],
      }),
    );
    const lm = await ok(
      call(loggedModels.POST, "POST", {
        job_id: jobId,
        fingerprint: "m1",
        model: {
          info: { model_id: modelId, experiment_id: expId, name: "echo", creation_timestamp_ms: 50, last_updated_timestamp_ms: 60, status: "LOGGED_MODEL_READY", model_type: "", source_run_id: runId, tags: [{ key: "mlflow.linkedPrompts", value: linked }] },
          data: { params: [{ key: "lr", value: "0.1" }], metrics: [{ key: "acc", value: 0.9, timestamp: 5, step: 0, run_id: runId, model_id: modelId }] },
        },
      }),
    );
    expect(lm).toMatchObject({ model_id: modelId, result: "created", artifact_uri: `mlflow-artifacts:/${expId}/models/${modelId}/artifacts` });
    await ok(call(runs.POST, "POST", { job_id: jobId, fingerprint: "x", run: runJson(runId, expId, { tags: [{ key: "mlflow.linkedPrompts", value: linked }], outputs: { model_outputs: [{ model_id: modelId, step: 0 }, { model_id: "m-missing", step: 1 }] } }), metrics: [] }).then((r) => {
      expect(r.body.warnings).toEqual([expect.stringContaining("m-missing")]);
      return r;
    }));

    const gotModel = await ok(call(getModel.GET, "GET", {}, { model_id: modelId }));
    expect(gotModel.model.info).toMatchObject({ name: "echo", status: "LOGGED_MODEL_READY", source_run_id: runId, registrations: [{ name: model, version: "2" }, { name: model, version: "5" }] });
    expect(gotModel.model.data.metrics).toEqual([expect.objectContaining({ key: "acc", value: 0.9, run_id: runId })]);
    const rm = await ok(call(getRegistered.GET, "GET", { name: prompt }));
    expect(rm.registered_model).toMatchObject({ description: "a prompt", aliases: [{ alias: "production", version: "3" }] });
    const versions = await ok(call(searchVersions.GET, "GET", { filter: `name = '${prompt}' AND tags.\`mlflow.prompt.is_prompt\` = 'true'` }));
    expect(versions.model_versions.map((v: { version: string }) => v.version).sort()).toEqual(["1", "3"]);
    const v3 = versions.model_versions.find((v: { version: string }) => v.version === "3");
    expect(v3.tags).toEqual(expect.arrayContaining([{ key: "mlflow.prompt.text", value: "Hello {{name}} v3" }, { key: "note", value: "x" }]));
    // Links from the run, the logged model and the model versions built from it.
    const pv = await db.promptVersion.findFirst({ where: { modelVersion: { version: 3, registeredModel: { name: prompt } } }, include: { runLinks: true, loggedModelLinks: true, modelVersionLinks: true } });
    expect(pv?.runLinks.map((l) => l.runId)).toEqual([runId]);
    expect(pv?.loggedModelLinks.map((l) => l.modelId)).toEqual([modelId]);
    expect(pv?.modelVersionLinks).toHaveLength(2);
    // Version numbers are kept; the next version created here is 6.
    expect((await db.registeredModel.findUnique({ where: { name: model } }))?.lastVersion).toBe(5);

    // Re-import: version 1 gone at the source, alias moved; links to version 3 survive.
    const again = await ok(
      call(registeredModels.POST, "POST", {
        job_id: jobId,
        fingerprint: "p2",
        registered_model: { name: prompt, creation_timestamp: 10, last_updated_timestamp: 25, tags: [{ key: "mlflow.prompt.is_prompt", value: "true" }], aliases: [] },
        model_versions: [{ version: 3, source: "dummy-source", status: "READY", tags: [{ key: "mlflow.prompt.text", value: "Hello {{name}} v3" }] }],
      }),
    );
    expect(again).toMatchObject({ result: "updated", versions: 1, removed_versions: 1 });
    expect(await db.promptRunLink.count({ where: { runId } })).toBe(1);
    const clash = await call(registeredModels.POST, "POST", { job_id: (await newJob()).jobId, fingerprint: "z", registered_model: { name: model }, model_versions: [] });
    expect(clash.body.error_code).toBe("RESOURCE_ALREADY_EXISTS");
  });
});
