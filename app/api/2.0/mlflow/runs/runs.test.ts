// Contract tests for the run endpoints other than log-batch (docs/mlflow-compatibility.md#runs), in-process
// against PostgreSQL.
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { call, uniqueName } from "@/tests/helpers";
import { POST as createExperiment } from "../experiments/create/route";
import { POST as deleteExperiment } from "../experiments/delete/route";
import { POST as create } from "./create/route";
import { GET as get } from "./get/route";
import { POST as update } from "./update/route";
import { POST as del } from "./delete/route";
import { POST as restore } from "./restore/route";
import { POST as logMetric } from "./log-metric/route";
import { POST as logParam } from "./log-parameter/route";
import { POST as setTag } from "./set-tag/route";
import { POST as deleteTag } from "./delete-tag/route";
import { POST as logInputs } from "./log-inputs/route";
import { POST as outputs } from "./outputs/route";
import { POST as logModel } from "./log-model/route";
import { GET as searchGet, POST as search } from "./search/route";

type Json = Record<string, unknown>;
interface WireRun {
  info: Json & { run_id: string; run_name: string; status: string; lifecycle_stage: string };
  data: { metrics?: Json[]; params?: Json[]; tags?: { key: string; value: string }[] };
  inputs: { dataset_inputs?: Json[]; model_inputs?: Json[] };
  outputs: { model_outputs?: Json[] };
}

async function newExperiment() {
  const r = await call(createExperiment, "POST", { name: uniqueName("runs") });
  return r.body.experiment_id as string;
}

async function newRun(body: Json = {}) {
  const experiment_id = (body.experiment_id as string | undefined) ?? (await newExperiment());
  const r = await call(create, "POST", { start_time: 1700000000000, ...body, experiment_id });
  expect(r.status).toBe(200);
  return { run: r.body.run as WireRun, experimentId: experiment_id };
}

const readRun = async (runId: string) => (await call(get, "GET", { run_id: runId })).body.run as WireRun;
const tagsOf = (r: WireRun) => Object.fromEntries((r.data.tags ?? []).map((t) => [t.key, t.value]));

describe("runs/create", () => {
  it("creates a RUNNING run with a uuid4-hex id and MLflow's artifact URI", async () => {
    const experimentId = await newExperiment();
    const { run } = await newRun({ experiment_id: experimentId, user_id: "alice", run_name: "first", tags: [{ key: "mlflow.user", value: "alice" }] });
    expect(run.info.run_id).toMatch(/^[0-9a-f]{32}$/);
    expect(run.info).toEqual({
      run_id: run.info.run_id,
      run_uuid: run.info.run_id,
      run_name: "first",
      experiment_id: experimentId,
      user_id: "alice",
      status: "RUNNING",
      start_time: 1700000000000,
      artifact_uri: `mlflow-artifacts:/${experimentId}/${run.info.run_id}/artifacts`,
      lifecycle_stage: "active",
    });
    expect(tagsOf(run)).toEqual({ "mlflow.runName": "first", "mlflow.user": "alice" });
    expect(run.data.metrics).toBeUndefined();
  });

  it("uses experiment 0 when none is given, and accepts start_time as a string", async () => {
    const r = await call(create, "POST", { start_time: "1700000000123" });
    const run = r.body.run as WireRun;
    expect(run.info.experiment_id).toBe("0");
    expect(run.info.start_time).toBe(1700000000123);
    expect(run.info.artifact_uri).toBe(`mlflow-artifacts:/0/${run.info.run_id}/artifacts`);
  });

  it("takes the name from the mlflow.runName tag, or generates adjective-noun-NNN", async () => {
    const fromTag = (await newRun({ tags: [{ key: "mlflow.runName", value: "tagged" }] })).run;
    expect(fromTag.info.run_name).toBe("tagged");
    const generated = (await newRun()).run;
    expect(generated.info.run_name).toMatch(/^[a-z]+-[a-z]+-\d{1,3}$/);
    expect(tagsOf(generated)["mlflow.runName"]).toBe(generated.info.run_name);
    const same = (await newRun({ run_name: "same", tags: [{ key: "mlflow.runName", value: "same" }] })).run;
    expect(same.info.run_name).toBe("same");
  });

  it("refuses a run_name that differs from the mlflow.runName tag", async () => {
    const r = await call(create, "POST", { experiment_id: "0", run_name: "a", tags: [{ key: "mlflow.runName", value: "b" }] });
    expect(r.status).toBe(400);
    expect(r.body).toEqual({
      error_code: "INVALID_PARAMETER_VALUE",
      message: "Both 'run_name' argument and 'mlflow.runName' tag are specified, but with different values (run_name='a', mlflow.runName='b').",
    });
  });

  it("mirrors mlflow.parentRunId into the parent_run_id column", async () => {
    const parent = (await newRun()).run;
    const child = (await newRun({ experiment_id: parent.info.experiment_id, tags: [{ key: "mlflow.parentRunId", value: parent.info.run_id }] })).run;
    const row = await db.run.findUnique({ where: { id: child.info.run_id } });
    expect(row?.parentRunId).toBe(parent.info.run_id);
  });

  it("answers unknown, non-numeric and deleted experiments", async () => {
    for (const id of ["987654321", "not-a-number"]) {
      const r = await call(create, "POST", { experiment_id: id });
      expect([r.status, r.body.error_code]).toEqual([404, "RESOURCE_DOES_NOT_EXIST"]);
    }
    const experimentId = await newExperiment();
    await call(deleteExperiment, "POST", { experiment_id: experimentId });
    const r = await call(create, "POST", { experiment_id: experimentId });
    expect([r.status, r.body.error_code]).toEqual([400, "INVALID_PARAMETER_VALUE"]);
  });

  it("validates tags and types", async () => {
    const badKey = await call(create, "POST", { tags: [{ key: "no!", value: "x" }] });
    expect([badKey.status, badKey.body.error_code]).toEqual([400, "INVALID_PARAMETER_VALUE"]);
    expect(badKey.body.message).toContain("'tags[0].key'");
    const badTime = await call(create, "POST", { start_time: "yesterday" });
    expect([badTime.status, badTime.body.error_code]).toEqual([400, "INVALID_PARAMETER_VALUE"]);
    expect(badTime.body.message).toContain("'start_time'");
    const nulUser = await call(create, "POST", { user_id: "x\u0000" });
    expect([nulUser.status, nulUser.body.error_code]).toEqual([400, "INVALID_PARAMETER_VALUE"]);
    const longName = await call(create, "POST", { run_name: "n".repeat(251) });
    expect([longName.status, longName.body.message]).toEqual([400, "'run_name' exceeds the maximum length of 250 characters"]);
  });
});

describe("runs/get", () => {
  it("accepts run_id or the legacy run_uuid", async () => {
    const { run } = await newRun();
    expect((await call(get, "GET", { run_uuid: run.info.run_id })).status).toBe(200);
    expect((await call(get, "GET", { run_id: run.info.run_id, run_uuid: run.info.run_id })).status).toBe(200);
  });

  it("answers unknown and missing ids", async () => {
    const r = await call(get, "GET", { run_id: "0123456789abcdef0123456789abcdef" });
    expect(r).toEqual({ status: 404, body: { error_code: "RESOURCE_DOES_NOT_EXIST", message: "Run with id=0123456789abcdef0123456789abcdef not found" } });
    const m = await call(get, "GET", {});
    expect([m.status, m.body.message]).toEqual([400, "Missing value for required parameter 'run_id'. See the API docs for more information about request parameters."]);
  });
});

describe("runs/update", () => {
  it("finishes a run and keeps run_name and the mlflow.runName tag in sync", async () => {
    const { run } = await newRun({ run_name: "before" });
    const r = await call(update, "POST", { run_id: run.info.run_id, run_uuid: run.info.run_id, status: "FINISHED", end_time: 1700000005000, run_name: "after" });
    expect(r.status).toBe(200);
    expect(r.body.run_info).toMatchObject({ run_id: run.info.run_id, status: "FINISHED", end_time: 1700000005000, run_name: "after" });
    const again = await readRun(run.info.run_id);
    expect(again.info.run_name).toBe("after");
    expect(tagsOf(again)["mlflow.runName"]).toBe("after");
  });

  it("accepts a status by number and changes only the fields present", async () => {
    const { run } = await newRun({ run_name: "keep" });
    const r = await call(update, "POST", { run_id: run.info.run_id, status: 4 });
    expect(r.body.run_info).toMatchObject({ status: "FAILED", run_name: "keep" });
    expect((r.body.run_info as Json).end_time).toBeUndefined();
  });

  it("answers bad status, unknown, deleted and missing runs", async () => {
    const { run } = await newRun();
    const bad = await call(update, "POST", { run_id: run.info.run_id, status: "DONE" });
    expect([bad.status, bad.body.error_code]).toEqual([400, "INVALID_PARAMETER_VALUE"]);
    const unknown = await call(update, "POST", { run_id: "ffffffffffffffffffffffffffffffff", status: "FINISHED" });
    expect([unknown.status, unknown.body.error_code]).toEqual([404, "RESOURCE_DOES_NOT_EXIST"]);
    const missing = await call(update, "POST", { status: "FINISHED" });
    expect([missing.status, missing.body.error_code]).toEqual([400, "INVALID_PARAMETER_VALUE"]);
    await call(del, "POST", { run_id: run.info.run_id });
    const deleted = await call(update, "POST", { run_id: run.info.run_id, status: "FINISHED" });
    expect(deleted).toEqual({
      status: 400,
      body: { error_code: "INVALID_PARAMETER_VALUE", message: `The run ${run.info.run_id} must be in the 'active' state. Current state is deleted.` },
    });
  });
});

describe("runs/delete and restore", () => {
  it("soft-deletes (still readable) and restores", async () => {
    const { run } = await newRun();
    expect(await call(del, "POST", { run_id: run.info.run_id })).toEqual({ status: 200, body: {} });
    expect((await readRun(run.info.run_id)).info.lifecycle_stage).toBe("deleted");
    const logging = await call(logParam, "POST", { run_id: run.info.run_id, key: "a", value: "1" });
    expect([logging.status, logging.body.error_code]).toEqual([400, "INVALID_PARAMETER_VALUE"]);
    expect(await call(restore, "POST", { run_id: run.info.run_id })).toEqual({ status: 200, body: {} });
    expect((await readRun(run.info.run_id)).info.lifecycle_stage).toBe("active");
  });

  it("answers unknown and missing ids", async () => {
    for (const fn of [del, restore]) {
      const r = await call(fn, "POST", { run_id: "abcdefabcdefabcdefabcdefabcdefab" });
      expect([r.status, r.body.error_code]).toEqual([404, "RESOURCE_DOES_NOT_EXIST"]);
      const m = await call(fn, "POST", {});
      expect([m.status, m.body.error_code]).toEqual([400, "INVALID_PARAMETER_VALUE"]);
    }
  });
});

describe("runs/log-metric", () => {
  it("appends points; the run shows the latest value; NaN and ±Infinity round-trip", async () => {
    const { run } = await newRun();
    const id = run.info.run_id;
    for (const [value, step] of [
      [0.5, 0],
      ["NaN", 1],
      ["Infinity", 2],
    ] as const) {
      expect(await call(logMetric, "POST", { run_id: id, run_uuid: id, key: "m", value, timestamp: 1000 + step, step })).toEqual({ status: 200, body: {} });
    }
    await call(logMetric, "POST", { run_id: id, key: "neg", value: "-Infinity", timestamp: "5", step: "3" });
    const r = await readRun(id);
    expect(r.data.metrics).toEqual([
      { key: "m", value: "Infinity", timestamp: 1002, step: 2 },
      { key: "neg", value: "-Infinity", timestamp: 5, step: 3 },
    ]);
  });

  it("names the missing or invalid field like MLflow", async () => {
    const { run } = await newRun();
    const id = run.info.run_id;
    const cases: [Json, string][] = [
      [{ run_id: id, key: "m", value: 1 }, "Missing value for required parameter 'timestamp'"],
      [{ run_id: id, key: "m", timestamp: 1 }, "Missing value for required parameter 'value'"],
      [{ run_id: id, value: 1, timestamp: 1 }, "Missing value for required parameter 'key'"],
      [{ run_id: id, key: "m", value: "high", timestamp: 1 }, "Invalid value \"high\" for parameter 'value' supplied"],
      [{ run_id: id, key: "m", value: 1, timestamp: -5 }, "for parameter 'timestamp' supplied"],
      [{ run_id: id, key: "m", value: 1, timestamp: 1, step: 1.5 }, "for parameter 'step' supplied"],
      [{ run_id: id, key: "../up", value: 1, timestamp: 1 }, "This name would resolve to '../up'"],
      [{ run_id: id, key: "k".repeat(251), value: 1, timestamp: 1 }, "'key' exceeds the maximum length of 250 characters"],
      [{ key: "m", value: 1, timestamp: 1 }, "Missing value for required parameter 'run_id'"],
    ];
    for (const [body, message] of cases) {
      const r = await call(logMetric, "POST", body);
      expect([r.status, r.body.error_code], JSON.stringify(body)).toEqual([400, "INVALID_PARAMETER_VALUE"]);
      expect(r.body.message).toContain(message);
    }
    const unknown = await call(logMetric, "POST", { run_id: "0".repeat(32), key: "m", value: 1, timestamp: 1 });
    expect([unknown.status, unknown.body.error_code]).toEqual([404, "RESOURCE_DOES_NOT_EXIST"]);
  });
});

describe("runs/log-parameter", () => {
  it("is immutable: same value is fine, a different one is refused with MLflow's message", async () => {
    const { run } = await newRun();
    const id = run.info.run_id;
    expect(await call(logParam, "POST", { run_id: id, run_uuid: id, key: "prompt_template", value: "Hi {text}" })).toEqual({ status: 200, body: {} });
    expect((await call(logParam, "POST", { run_id: id, key: "prompt_template", value: "Hi {text}" })).status).toBe(200);
    const r = await call(logParam, "POST", { run_id: id, key: "prompt_template", value: "Bye" });
    expect(r).toEqual({
      status: 400,
      body: {
        error_code: "INVALID_PARAMETER_VALUE",
        message: `Changing param values is not allowed. Param with key='prompt_template' was already logged with value='Hi {text}' for run ID='${id}'. Attempted logging new value 'Bye'.`,
      },
    });
    expect((await readRun(id)).data.params).toEqual([{ key: "prompt_template", value: "Hi {text}" }]);
  });

  it("truncates values over 6000 characters (MLflow's default), takes an absent value as empty, validates keys", async () => {
    const { run } = await newRun();
    const id = run.info.run_id;
    await call(logParam, "POST", { run_id: id, key: "long", value: "x".repeat(7000) });
    await call(logParam, "POST", { run_id: id, key: "empty" });
    const params = Object.fromEntries(((await readRun(id)).data.params as { key: string; value: string }[]).map((p) => [p.key, p.value]));
    expect(params.long.length).toBe(6000);
    expect(params.empty).toBe("");
    const bad = await call(logParam, "POST", { run_id: id, key: "a b:c/d-e.f_g", value: "ok" });
    expect(bad.status).toBe(200);
    const badChars = await call(logParam, "POST", { run_id: id, key: "a*b", value: "x" });
    expect(badChars.body.message).toBe(
      `Invalid value "a*b" for parameter 'key' supplied: Names may only contain alphanumerics, underscores (_), dashes (-), periods (.), spaces ( ), colon(:) and slashes (/).`,
    );
    const numeric = await call(logParam, "POST", { run_id: id, key: "n", value: 5 });
    expect([numeric.status, numeric.body.error_code]).toEqual([400, "INVALID_PARAMETER_VALUE"]);
    // PostgreSQL text cannot store NUL: a 400 naming the field, never a 500
    const nul = await call(logParam, "POST", { run_id: id, key: "nul", value: "a\u0000b" });
    expect([nul.status, nul.body.error_code]).toEqual([400, "INVALID_PARAMETER_VALUE"]);
    expect(nul.body.message).toContain("'value'");
  });
});

describe("runs/set-tag and delete-tag", () => {
  it("upserts tags; mlflow.runName renames the run", async () => {
    const { run } = await newRun({ run_name: "old" });
    const id = run.info.run_id;
    await call(setTag, "POST", { run_id: id, key: "stage", value: "dev" });
    await call(setTag, "POST", { run_id: id, key: "stage", value: "prod" });
    await call(setTag, "POST", { run_id: id, run_uuid: id, key: "mlflow.runName", value: "renamed" });
    const r = await readRun(id);
    expect(r.info.run_name).toBe("renamed");
    expect(tagsOf(r)).toMatchObject({ stage: "prod", "mlflow.runName": "renamed" });
  });

  it("truncates tag values over 8000 characters and refuses bad keys", async () => {
    const { run } = await newRun();
    const id = run.info.run_id;
    await call(setTag, "POST", { run_id: id, key: "note", value: "y".repeat(9000) });
    expect(tagsOf(await readRun(id)).note.length).toBe(8000);
    const r = await call(setTag, "POST", { run_id: id, key: "/abs", value: "x" });
    expect([r.status, r.body.error_code]).toEqual([400, "INVALID_PARAMETER_VALUE"]);
  });

  it("deletes tags; a missing tag is RESOURCE_DOES_NOT_EXIST; deleting mlflow.parentRunId clears the column", async () => {
    const parent = (await newRun()).run;
    const { run } = await newRun({ experiment_id: parent.info.experiment_id });
    const id = run.info.run_id;
    await call(setTag, "POST", { run_id: id, key: "mlflow.parentRunId", value: parent.info.run_id });
    expect((await db.run.findUnique({ where: { id } }))?.parentRunId).toBe(parent.info.run_id);
    expect(await call(deleteTag, "POST", { run_id: id, key: "mlflow.parentRunId" })).toEqual({ status: 200, body: {} });
    expect((await db.run.findUnique({ where: { id } }))?.parentRunId).toBeNull();
    const missing = await call(deleteTag, "POST", { run_id: id, key: "nope" });
    expect(missing).toEqual({ status: 404, body: { error_code: "RESOURCE_DOES_NOT_EXIST", message: `No tag with name: nope in run with id ${id}` } });
    const noKey = await call(deleteTag, "POST", { run_id: id });
    expect([noKey.status, noKey.body.error_code]).toEqual([400, "INVALID_PARAMETER_VALUE"]);
    await call(del, "POST", { run_id: id });
    const onDeleted = await call(deleteTag, "POST", { run_id: id, key: "mlflow.runName" });
    expect([onDeleted.status, onDeleted.body.error_code]).toEqual([400, "INVALID_PARAMETER_VALUE"]);
  });

  it("keeps prompt_run_links in step with mlflow.linkedPrompts", async () => {
    const name = uniqueName("prompt");
    const rm = await db.registeredModel.create({ data: { name, isPrompt: true, creationTimestamp: 1n, lastUpdatedTimestamp: 1n } });
    const mv = await db.modelVersion.create({ data: { registeredModelId: rm.id, version: 2, creationTimestamp: 1n, lastUpdatedTimestamp: 1n } });
    await db.promptVersion.create({ data: { modelVersionId: mv.id, template: "Classify: {{text}}", variables: ["text"] } });
    const { run } = await newRun();
    const id = run.info.run_id;
    await call(setTag, "POST", { run_id: id, key: "mlflow.linkedPrompts", value: JSON.stringify([{ name, version: "2" }]) });
    expect(await db.promptRunLink.findMany({ where: { runId: id } })).toEqual([{ promptVersionId: mv.id, runId: id }]);
    await call(deleteTag, "POST", { run_id: id, key: "mlflow.linkedPrompts" });
    expect(await db.promptRunLink.count({ where: { runId: id } })).toBe(0);
  });
});

async function newLoggedModel(experimentId: string) {
  const id = `m-${randomUUID().replaceAll("-", "")}`;
  await db.loggedModel.create({
    data: {
      id,
      experimentId: Number(experimentId),
      name: "model",
      artifactUri: `mlflow-artifacts:/${experimentId}/models/${id}/artifacts`,
      creationTimestampMs: 1n,
      lastUpdatedTimestampMs: 1n,
    },
  });
  return id;
}

describe("runs/log-inputs and runs/outputs", () => {
  it("records datasets (de-duplicated) and model inputs, surfaced in run.inputs", async () => {
    const { run, experimentId } = await newRun();
    const id = run.info.run_id;
    const modelId = await newLoggedModel(experimentId);
    const dataset = { name: "reviews", digest: "abc123", source_type: "local", source: '{"uri": "/data/reviews.csv"}', schema: '{"mlflow_colspec": []}' };
    const body = {
      run_id: id,
      datasets: [
        { tags: [{ key: "mlflow.data.context", value: "training" }], dataset },
        { tags: [{ key: "mlflow.data.context", value: "eval" }], dataset },
      ],
      models: [{ model_id: modelId }],
    };
    expect(await call(logInputs, "POST", body)).toEqual({ status: 200, body: {} });
    expect(await call(logInputs, "POST", body)).toEqual({ status: 200, body: {} });
    const r = await readRun(id);
    expect(r.inputs).toEqual({
      dataset_inputs: [{ tags: [{ key: "mlflow.data.context", value: "training" }], dataset }],
      model_inputs: [{ model_id: modelId }],
    });
    expect(await db.dataset.count({ where: { experimentId: Number(experimentId), name: "reviews" } })).toBe(1);
  });

  it("validates datasets and model ids", async () => {
    const { run } = await newRun();
    const id = run.info.run_id;
    const missing = await call(logInputs, "POST", { run_id: id, datasets: [{ dataset: { name: "d", digest: "x", source_type: "local" } }] });
    expect([missing.status, missing.body.message]).toEqual([
      400,
      "Missing value for required parameter 'datasets[0].dataset.source'. See the API docs for more information about request parameters.",
    ]);
    const long = await call(logInputs, "POST", { run_id: id, datasets: [{ dataset: { name: "d", digest: "x".repeat(37), source_type: "l", source: "s" } }] });
    expect([long.status, long.body.message]).toEqual([400, "'datasets[0].dataset.digest' exceeds the maximum length of 36 characters"]);
    const model = await call(logInputs, "POST", { run_id: id, models: [{ model_id: "m-doesnotexist" }] });
    expect([model.status, model.body.error_code]).toEqual([404, "RESOURCE_DOES_NOT_EXIST"]);
  });

  it("records model outputs with their step", async () => {
    const { run, experimentId } = await newRun();
    const id = run.info.run_id;
    const modelId = await newLoggedModel(experimentId);
    expect(await call(outputs, "POST", { run_id: id, models: [{ model_id: modelId, step: 0 }] })).toEqual({ status: 200, body: {} });
    expect((await readRun(id)).outputs).toEqual({ model_outputs: [{ model_id: modelId, step: 0 }] });
    const noModels = await call(outputs, "POST", { run_id: id });
    expect([noModels.status, noModels.body.error_code]).toEqual([400, "INVALID_PARAMETER_VALUE"]);
    const noStep = await call(outputs, "POST", { run_id: id, models: [{ model_id: modelId }] });
    expect(noStep.body.message).toContain("'models[0].step'");
    const unknown = await call(outputs, "POST", { run_id: id, models: [{ model_id: "m-nope", step: 0 }] });
    expect([unknown.status, unknown.body.error_code]).toEqual([404, "RESOURCE_DOES_NOT_EXIST"]);
    await call(del, "POST", { run_id: id });
    const deleted = await call(outputs, "POST", { run_id: id, models: [{ model_id: modelId, step: 1 }] });
    expect([deleted.status, deleted.body.error_code]).toEqual([400, "INVALID_PARAMETER_VALUE"]);
  });
});

describe("runs/log-model (legacy)", () => {
  it("appends the model to mlflow.log-model.history and validates the JSON", async () => {
    const { run } = await newRun();
    const id = run.info.run_id;
    const model = { artifact_path: "model", flavors: { python_function: {} }, utc_time_created: "2026-11-21 10:00:00", run_id: id };
    expect(await call(logModel, "POST", { run_id: id, model_json: JSON.stringify(model) })).toEqual({ status: 200, body: {} });
    await call(logModel, "POST", { run_id: id, model_json: JSON.stringify({ ...model, artifact_path: "model2" }) });
    const history = JSON.parse(tagsOf(await readRun(id))["mlflow.log-model.history"]);
    expect(history.map((m: { artifact_path: string }) => m.artifact_path)).toEqual(["model", "model2"]);
    const bad = await call(logModel, "POST", { run_id: id, model_json: "{oops" });
    expect([bad.status, bad.body.error_code]).toEqual([400, "INVALID_PARAMETER_VALUE"]);
    const incomplete = await call(logModel, "POST", { run_id: id, model_json: JSON.stringify({ artifact_path: "m" }) });
    expect(incomplete.body.message).toContain("Model json is missing mandatory fields");
    const missing = await call(logModel, "POST", { run_id: id });
    expect(missing.body.message).toContain("'model_json'");
  });
});

describe("runs/search", () => {
  it("searches by filter and order, pages, and treats non-numeric experiment ids as matching nothing", async () => {
    const experimentId = await newExperiment();
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const { run } = await newRun({ experiment_id: experimentId, run_name: `r${i}`, start_time: 1000 + i });
      await call(logMetric, "POST", { run_id: run.info.run_id, key: "acc", value: i / 10, timestamp: 1 });
      ids.push(run.info.run_id);
    }
    const all = await call(search, "POST", { experiment_ids: [experimentId] });
    expect((all.body.runs as WireRun[]).map((r) => r.info.run_name)).toEqual(["r2", "r1", "r0"]);
    expect(all.body.next_page_token).toBeUndefined();
    const filtered = await call(search, "POST", { experiment_ids: [experimentId], filter: "metrics.acc >= 0.1", order_by: ["metrics.acc ASC"] });
    expect((filtered.body.runs as WireRun[]).map((r) => r.info.run_name)).toEqual(["r1", "r2"]);
    expect((filtered.body.runs as WireRun[])[0].data.metrics).toEqual([{ key: "acc", value: 0.1, timestamp: 1, step: 0 }]);
    const p1 = await call(search, "POST", { experiment_ids: [experimentId], max_results: 2 });
    expect((p1.body.runs as WireRun[]).length).toBe(2);
    const p2 = await call(search, "POST", { experiment_ids: [experimentId], max_results: 2, page_token: p1.body.next_page_token });
    expect((p2.body.runs as WireRun[]).map((r) => r.info.run_name)).toEqual(["r0"]);
    expect(p2.body.next_page_token).toBeUndefined();
    const viaGet = await call(searchGet, "GET", { experiment_ids: [experimentId, "0"], filter: "attributes.run_name = 'r1'" });
    expect((viaGet.body.runs as WireRun[]).map((r) => r.info.run_id)).toEqual([ids[1]]);
    expect(await call(search, "POST", { experiment_ids: ["abc"] })).toEqual({ status: 200, body: {} });
    const numeric = await call(search, "POST", { experiment_ids: [Number(experimentId)], max_results: 1 });
    expect((numeric.body.runs as WireRun[]).length).toBe(1);
  });

  it("honours run_view_type and rejects bad input", async () => {
    const experimentId = await newExperiment();
    const { run } = await newRun({ experiment_id: experimentId });
    await call(del, "POST", { run_id: run.info.run_id });
    expect(await call(search, "POST", { experiment_ids: [experimentId] })).toEqual({ status: 200, body: {} });
    const deleted = await call(search, "POST", { experiment_ids: [experimentId], run_view_type: "DELETED_ONLY" });
    expect((deleted.body.runs as WireRun[]).map((r) => r.info.run_id)).toEqual([run.info.run_id]);
    for (const body of [
      { experiment_ids: [experimentId], max_results: 50001 },
      { experiment_ids: [experimentId], filter: "metrics.acc >" },
      { experiment_ids: [experimentId], run_view_type: "SOME" },
      { experiment_ids: [experimentId], order_by: ["bogus.key"] },
    ]) {
      const r = await call(search, "POST", body);
      expect([r.status, r.body.error_code], JSON.stringify(body)).toEqual([400, "INVALID_PARAMETER_VALUE"]);
    }
  });
});
