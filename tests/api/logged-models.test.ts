// Contract tests for the MLflow 3 logged-model endpoints (docs/mlflow-compatibility.md#logged-models): every route, its happy
// path and the errors it answers, plus search (filter, datasets, order_by, pages).
import { describe, expect, test } from "vitest";
import * as createRoute from "@/app/api/2.0/mlflow/logged-models/route";
import * as modelRoute from "@/app/api/2.0/mlflow/logged-models/[model_id]/route";
import * as dirsRoute from "@/app/api/2.0/mlflow/logged-models/[model_id]/artifacts/directories/route";
import * as filesRoute from "@/app/api/2.0/mlflow/logged-models/[model_id]/artifacts/files/route";
import * as paramsRoute from "@/app/api/2.0/mlflow/logged-models/[model_id]/params/route";
import * as tagsRoute from "@/app/api/2.0/mlflow/logged-models/[model_id]/tags/route";
import * as tagKeyRoute from "@/app/api/2.0/mlflow/logged-models/[model_id]/tags/[...tag_key]/route";
import * as searchRoute from "@/app/api/2.0/mlflow/logged-models/search/route";
import * as artifactsRoute from "@/app/api/2.0/mlflow-artifacts/artifacts/[[...path]]/route";
import { db } from "@/lib/db";
import { listLoggedModelsForRuns } from "@/lib/domain/logged-models/records";
import { callArtifacts, makeExperiment, makeRun } from "@/tests/api/artifact-fixtures";
import { call, uniqueName } from "@/tests/helpers";

type Model = {
  info: {
    model_id: string;
    experiment_id: string;
    name: string;
    artifact_uri: string;
    status: string;
    creation_timestamp_ms: number;
    last_updated_timestamp_ms: number;
    source_run_id?: string;
    model_type?: string;
    tags?: { key: string; value: string }[];
    registrations?: { name: string; version: string }[];
  };
  data: { params?: { key: string; value: string }[]; metrics?: Record<string, unknown>[] };
};

async function create(body: Record<string, unknown>) {
  const res = await call(createRoute.POST, "POST", body);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return (res.body.model as Model).info.model_id;
}
const get = async (id: string, q: Record<string, unknown> = {}) => call(modelRoute.GET, "GET", q, { model_id: id });
const search = (body: Record<string, unknown>) => call(searchRoute.POST, "POST", body);
const names = (body: Record<string, unknown>) => ((body.models as Model[] | undefined) ?? []).map((m) => m.info.name);

async function addMetrics(modelId: string, rows: { key: string; value: number; step?: number; timestamp?: number; datasetName?: string; datasetDigest?: string; runId?: string }[]) {
  await db.loggedModelMetric.createMany({
    data: rows.map((r) => ({
      modelId,
      key: r.key,
      value: r.value,
      step: BigInt(r.step ?? 0),
      timestamp: BigInt(r.timestamp ?? 1700000000000),
      datasetName: r.datasetName ?? "",
      datasetDigest: r.datasetDigest ?? "",
      runId: r.runId ?? null,
    })),
  });
}

describe("POST logged-models (create)", () => {
  test("creates a PENDING model with params, tags and an artifact URI under the experiment", async () => {
    const exp = await makeExperiment();
    const run = await makeRun(exp.id);
    const before = Date.now();
    const res = await call(createRoute.POST, "POST", {
      experiment_id: exp.id,
      name: "sentiment_analyzer",
      model_type: "python_function",
      source_run_id: run.runId,
      params: [
        { key: "prompt_template", value: "Classify: {text}" },
        { key: "model_type", value: "simple_keyword" },
      ],
      tags: [{ key: "mlflow.source.name", value: "train.py" }],
    });
    expect(res.status).toBe(200);
    const m = res.body.model as Model;
    expect(m.info.model_id).toMatch(/^m-[0-9a-f]{32}$/);
    expect(m.info).toMatchObject({
      experiment_id: exp.id,
      name: "sentiment_analyzer",
      artifact_uri: `mlflow-artifacts:/${exp.id}/models/${m.info.model_id}/artifacts`,
      status: "LOGGED_MODEL_PENDING",
      model_type: "python_function",
      source_run_id: run.runId,
      tags: [{ key: "mlflow.source.name", value: "train.py" }],
    });
    expect(m.info.creation_timestamp_ms).toBeGreaterThanOrEqual(before);
    expect(m.info.last_updated_timestamp_ms).toBe(m.info.creation_timestamp_ms);
    expect(m.data).toEqual({
      params: [
        { key: "model_type", value: "simple_keyword" },
        { key: "prompt_template", value: "Classify: {text}" },
      ],
    });
    expect(m.info.registrations).toBeUndefined();
  });

  test("generates a name when none is given; experiment_id may be a number", async () => {
    const exp = await makeExperiment();
    const res = await call(createRoute.POST, "POST", { experiment_id: Number(exp.id) });
    expect(res.status).toBe(200);
    const m = res.body.model as Model;
    expect(m.info.name).toMatch(/^[a-z]+-[a-z]+-\d{1,3}$/);
    expect(m.data).toEqual({});
    expect(m.info.tags).toBeUndefined();
  });

  test("experiment 0 (Default) works with the seed snippet's mlflow-artifacts:/0 location", async () => {
    const res = await call(createRoute.POST, "POST", { experiment_id: "0", name: "default_model" });
    expect(res.status).toBe(200);
    const m = res.body.model as Model;
    expect(m.info.artifact_uri).toBe(`mlflow-artifacts:/0/models/${m.info.model_id}/artifacts`);
  });

  test.each([
    [{}, 400, "INVALID_PARAMETER_VALUE", /Missing value for required parameter 'experiment_id'/],
    [{ experiment_id: "999999" }, 404, "RESOURCE_DOES_NOT_EXIST", /No Experiment with id=999999 exists/],
    [{ experiment_id: "abc" }, 404, "RESOURCE_DOES_NOT_EXIST", /No Experiment with id=abc exists/],
    [{ experiment_id: "0", name: "a/b" }, 400, "INVALID_PARAMETER_VALUE", /Invalid model name \('a\/b'\) provided/],
    [{ experiment_id: "0", name: "v1.2" }, 400, "INVALID_PARAMETER_VALUE", /cannot contain the following characters/],
    [{ experiment_id: "0", name: "" }, 200, undefined, undefined],
    [{ experiment_id: "0", name: 5 }, 400, "INVALID_PARAMETER_VALUE", /'name'/],
    [{ experiment_id: "0", params: [{ key: "bad key!", value: "1" }] }, 400, "INVALID_PARAMETER_VALUE", /params\[0\]\.key/],
    [{ experiment_id: "0", params: [{ value: "1" }] }, 400, "INVALID_PARAMETER_VALUE", /params\[0\]\.key/],
    [{ experiment_id: "0", tags: [{ key: "../x", value: "1" }] }, 400, "INVALID_PARAMETER_VALUE", /tags\[0\]\.key/],
    [{ experiment_id: "0", params: [{ key: "a", value: "1" }, { key: "a", value: "2" }] }, 400, "INVALID_PARAMETER_VALUE", /Duplicate parameter keys/],
    [{ experiment_id: "0", source_run_id: "x".repeat(40) }, 400, "INVALID_PARAMETER_VALUE", /source_run_id/],
    [{ experiment_id: "0", params: "nope" }, 400, "INVALID_PARAMETER_VALUE", /params/],
  ])("%j → %i %s", async (body, status, code, message) => {
    const res = await call(createRoute.POST, "POST", body as Record<string, unknown>);
    expect(res.status).toBe(status);
    if (code) expect(res.body.error_code).toBe(code);
    if (message) expect(String(res.body.message)).toMatch(message);
  });

  test("a deleted experiment refuses new models", async () => {
    const exp = await makeExperiment({ deleted: true });
    const res = await call(createRoute.POST, "POST", { experiment_id: exp.id });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({
      error_code: "INVALID_PARAMETER_VALUE",
      message: `The experiment ${exp.id} must be in the 'active' state. Current state is deleted.`,
    });
  });

  test("malformed JSON is a 400", async () => {
    const res = await call(createRoute.POST, "POST", "{nope");
    expect(res.status).toBe(400);
  });
});

describe("GET / PATCH / DELETE logged-models/{model_id}", () => {
  test("get returns the model with latest metrics per key and dataset, and registrations", async () => {
    const exp = await makeExperiment();
    const run = await makeRun(exp.id);
    const id = await create({ experiment_id: exp.id, name: "m1", source_run_id: run.runId });
    await addMetrics(id, [
      { key: "acc", value: 0.5, step: 0, runId: run.runId },
      { key: "acc", value: 0.9, step: 1, runId: run.runId },
      { key: "acc", value: 0.7, step: 1, timestamp: 1600000000000, runId: run.runId },
      { key: "acc", value: 0.8, step: 0, datasetName: "eval", datasetDigest: "d1", runId: run.runId },
      { key: "loss", value: NaN, step: 3 },
    ]);
    const rm = await db.registeredModel.create({ data: { name: uniqueName("reg"), creationTimestamp: 1n, lastUpdatedTimestamp: 1n } });
    await db.modelVersion.create({ data: { registeredModelId: rm.id, version: 1, creationTimestamp: 1n, lastUpdatedTimestamp: 1n, modelId: id } });
    await db.modelVersion.create({ data: { registeredModelId: rm.id, version: 2, creationTimestamp: 1n, lastUpdatedTimestamp: 1n, modelId: id } });

    const res = await get(id);
    expect(res.status).toBe(200);
    const m = res.body.model as Model;
    expect(m.info.registrations).toEqual([
      { name: rm.name, version: "1" },
      { name: rm.name, version: "2" },
    ]);
    expect(m.data.metrics).toEqual([
      { key: "acc", value: 0.9, timestamp: 1700000000000, step: 1, model_id: id, run_id: run.runId },
      { key: "acc", value: 0.8, timestamp: 1700000000000, step: 0, dataset_name: "eval", dataset_digest: "d1", model_id: id, run_id: run.runId },
      { key: "loss", value: "NaN", timestamp: 1700000000000, step: 3, model_id: id },
    ]);
  });

  test("unknown and deleted models are RESOURCE_DOES_NOT_EXIST; allow_deleted shows deleted ones", async () => {
    let res = await get("m-0123456789abcdef0123456789abcdef");
    expect(res).toEqual({
      status: 404,
      body: { error_code: "RESOURCE_DOES_NOT_EXIST", message: "Logged model with ID 'm-0123456789abcdef0123456789abcdef' not found." },
    });
    const exp = await makeExperiment();
    const id = await create({ experiment_id: exp.id });
    res = await call(modelRoute.DELETE, "DELETE", { model_id: id }, { model_id: id });
    expect(res).toEqual({ status: 200, body: {} });
    res = await get(id);
    expect(res.status).toBe(404);
    expect(res.body.message).toBe(`Logged model with ID '${id}' not found.`);
    res = await get(id, { allow_deleted: "true" });
    expect(res.status).toBe(200);
    expect((res.body.model as Model).info.model_id).toBe(id);
    res = await get(id, { allow_deleted: "yes" });
    expect(res.status).toBe(400);
    expect(res.body.error_code).toBe("INVALID_PARAMETER_VALUE");
    res = await call(modelRoute.DELETE, "DELETE", {}, { model_id: "m-nope" });
    expect(res.status).toBe(404);
  });

  test("finalize sets the status and last-updated time", async () => {
    const exp = await makeExperiment();
    const id = await create({ experiment_id: exp.id });
    const created = ((await get(id)).body.model as Model).info;
    await new Promise((r) => setTimeout(r, 5));
    let res = await call(modelRoute.PATCH, "PATCH", { model_id: id, status: "LOGGED_MODEL_READY" }, { model_id: id });
    expect(res.status).toBe(200);
    const info = (res.body.model as Model).info;
    expect(info.status).toBe("LOGGED_MODEL_READY");
    expect(info.last_updated_timestamp_ms).toBeGreaterThan(created.last_updated_timestamp_ms);
    expect(info.creation_timestamp_ms).toBe(created.creation_timestamp_ms);
    // Enum by number too.
    res = await call(modelRoute.PATCH, "PATCH", { model_id: id, status: 3 }, { model_id: id });
    expect((res.body.model as Model).info.status).toBe("LOGGED_MODEL_UPLOAD_FAILED");
  });

  test.each([
    [{}, 400, /Missing value for required parameter 'status'/],
    [{ status: "DONE" }, 400, /Allowed values/],
    [{ status: "LOGGED_MODEL_STATUS_UNSPECIFIED" }, 400, /status/],
  ])("finalize %j → %i", async (body, status, message) => {
    const exp = await makeExperiment();
    const id = await create({ experiment_id: exp.id });
    const res = await call(modelRoute.PATCH, "PATCH", body, { model_id: id });
    expect(res.status).toBe(status);
    expect(res.body.error_code).toBe("INVALID_PARAMETER_VALUE");
    expect(String(res.body.message)).toMatch(message);
  });

  test("finalize of an unknown model → 404", async () => {
    const res = await call(modelRoute.PATCH, "PATCH", { status: "LOGGED_MODEL_READY" }, { model_id: "m-unknown" });
    expect(res.status).toBe(404);
    expect(res.body.message).toBe("Logged model with ID 'm-unknown' not found.");
  });
});

describe("tags and params", () => {
  test("PATCH tags upserts; DELETE tags/{key} removes (keys with dots and slashes)", async () => {
    const exp = await makeExperiment();
    const id = await create({ experiment_id: exp.id, tags: [{ key: "a", value: "1" }] });
    let res = await call(tagsRoute.PATCH, "PATCH", { tags: [{ key: "a", value: "2" }, { key: "mlflow.note/x", value: "hello" }] }, { model_id: id });
    expect(res).toEqual({ status: 200, body: {} });
    expect(((await get(id)).body.model as Model).info.tags).toEqual([
      { key: "a", value: "2" },
      { key: "mlflow.note/x", value: "hello" },
    ]);
    res = await call(tagKeyRoute.DELETE, "DELETE", {}, { model_id: id, tag_key: ["mlflow.note", "x"] });
    expect(res).toEqual({ status: 200, body: {} });
    res = await call(tagKeyRoute.DELETE, "DELETE", {}, { model_id: id, tag_key: ["mlflow.note/x"] });
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ error_code: "RESOURCE_DOES_NOT_EXIST", message: `No tag with key 'mlflow.note/x' found for model with ID '${id}'.` });
    expect(((await get(id)).body.model as Model).info.tags).toEqual([{ key: "a", value: "2" }]);
  });

  test("tag errors", async () => {
    const exp = await makeExperiment();
    const id = await create({ experiment_id: exp.id });
    let res = await call(tagsRoute.PATCH, "PATCH", { tags: [{ key: "ok", value: "x" }] }, { model_id: "m-missing" });
    expect(res.status).toBe(404);
    res = await call(tagsRoute.PATCH, "PATCH", { tags: [{ key: "bad*key", value: "x" }] }, { model_id: id });
    expect(res.status).toBe(400);
    expect(res.body.message).toMatch(/tags\[0\]\.key/);
    res = await call(tagKeyRoute.DELETE, "DELETE", {}, { model_id: "m-missing", tag_key: ["a"] });
    expect(res.status).toBe(404);
    expect(res.body.message).toBe("Logged model with ID 'm-missing' not found.");
  });

  test("mlflow.linkedPrompts keeps prompt_logged_model_links in step, in the same write", async () => {
    const exp = await makeExperiment();
    const id = await create({ experiment_id: exp.id });
    const promptName = uniqueName("prompt");
    const rm = await db.registeredModel.create({ data: { name: promptName, isPrompt: true, creationTimestamp: 1n, lastUpdatedTimestamp: 1n } });
    const mv = await db.modelVersion.create({
      data: { registeredModelId: rm.id, version: 2, creationTimestamp: 1n, lastUpdatedTimestamp: 1n, prompt: { create: { template: "Classify: {{text}}", variables: ["text"] } } },
    });
    const value = JSON.stringify([{ name: promptName, version: "2" }]).replace(/,/g, ", ").replace(/:/g, ": ");
    const res = await call(tagsRoute.PATCH, "PATCH", { tags: [{ key: "mlflow.linkedPrompts", value }] }, { model_id: id });
    expect(res.status).toBe(200);
    expect(await db.promptLoggedModelLink.findMany({ where: { modelId: id } })).toEqual([{ modelId: id, promptVersionId: mv.id }]);
    await call(tagKeyRoute.DELETE, "DELETE", {}, { model_id: id, tag_key: ["mlflow.linkedPrompts"] });
    expect(await db.promptLoggedModelLink.count({ where: { modelId: id } })).toBe(0);
    // Linked at creation time too.
    const id2 = await create({ experiment_id: exp.id, tags: [{ key: "mlflow.linkedPrompts", value }] });
    expect(await db.promptLoggedModelLink.count({ where: { modelId: id2 } })).toBe(1);
  });

  test("POST params adds params; same value again is fine, a different value is refused", async () => {
    const exp = await makeExperiment();
    const id = await create({ experiment_id: exp.id, params: [{ key: "lr", value: "0.1" }] });
    let res = await call(paramsRoute.POST, "POST", { model_id: id, params: [{ key: "lr", value: "0.1" }, { key: "epochs", value: "3" }] }, { model_id: id });
    expect(res).toEqual({ status: 200, body: {} });
    expect(((await get(id)).body.model as Model).data.params).toEqual([
      { key: "epochs", value: "3" },
      { key: "lr", value: "0.1" },
    ]);
    res = await call(paramsRoute.POST, "POST", { params: [{ key: "lr", value: "0.2" }] }, { model_id: id });
    expect(res.status).toBe(400);
    expect(res.body.message).toMatch(/Changing param values is not allowed/);
    res = await call(paramsRoute.POST, "POST", { params: [{ key: "lr", value: "1" }] }, { model_id: "m-missing" });
    expect(res.status).toBe(404);
    res = await call(paramsRoute.POST, "POST", { params: [{ key: "", value: "1" }] }, { model_id: id });
    expect(res.status).toBe(400);
  });
});

describe("POST logged-models/search", () => {
  async function fixture() {
    const exp = await makeExperiment();
    const other = await makeExperiment();
    const run = await makeRun(exp.id);
    const mk = async (name: string, extra: Record<string, unknown> = {}) => create({ experiment_id: exp.id, name, ...extra });
    const a = await mk("alpha", { model_type: "sklearn", source_run_id: run.runId, params: [{ key: "lr", value: "0.1" }], tags: [{ key: "team", value: "nlp" }] });
    await new Promise((r) => setTimeout(r, 3));
    const b = await mk("beta", { params: [{ key: "lr", value: "0.01" }], tags: [{ key: "team", value: "vision" }] });
    await new Promise((r) => setTimeout(r, 3));
    const c = await mk("gamma", { model_type: "pytorch" });
    await new Promise((r) => setTimeout(r, 3));
    const d = await mk("delta");
    await create({ experiment_id: other.id, name: "elsewhere" });
    await addMetrics(a, [
      { key: "acc", value: 0.7, datasetName: "eval", datasetDigest: "e1" },
      { key: "acc", value: 0.95, step: 1, datasetName: "train", datasetDigest: "t1" },
    ]);
    await addMetrics(b, [
      { key: "acc", value: 0.99, step: 0, datasetName: "eval", datasetDigest: "e1" },
      { key: "acc", value: 0.6, step: 5, datasetName: "eval", datasetDigest: "e1" },
    ]);
    await addMetrics(c, [{ key: "acc", value: NaN, datasetName: "eval", datasetDigest: "e1" }]);
    await call(modelRoute.PATCH, "PATCH", { status: "LOGGED_MODEL_READY" }, { model_id: a });
    await call(modelRoute.PATCH, "PATCH", { status: "LOGGED_MODEL_READY" }, { model_id: b });
    const deleted = await mk("deleted-one");
    await call(modelRoute.DELETE, "DELETE", {}, { model_id: deleted });
    return { exp, other, run, a, b, c, d };
  }

  test("default order is newest first; deleted models and other experiments are excluded", async () => {
    const f = await fixture();
    const res = await search({ experiment_ids: [f.exp.id] });
    expect(res.status).toBe(200);
    expect(names(res.body)).toEqual(["delta", "gamma", "beta", "alpha"]);
    expect(res.body.next_page_token).toBeUndefined();
    const both = await search({ experiment_ids: [f.exp.id, f.other.id] });
    expect(names(both.body)).toContain("elsewhere");
    expect((await search({ experiment_ids: ["424242"] })).body).toEqual({});
  });

  test.each([
    ["name = 'beta'", ["beta"]],
    ["name LIKE '%ta'", ["delta", "beta"]],
    ["name ILIKE 'AL%'", ["alpha"]],
    ["name != 'beta'", ["delta", "gamma", "alpha"]],
    ["name IN ('alpha', 'gamma')", ["gamma", "alpha"]],
    ["model_type = 'sklearn'", ["alpha"]],
    ["status = 'LOGGED_MODEL_READY'", ["beta", "alpha"]],
    ["status = 'READY'", ["beta", "alpha"]],
    ["status != 'LOGGED_MODEL_READY'", ["delta", "gamma"]],
    ["params.lr = '0.1'", ["alpha"]],
    ["params.lr LIKE '0.%'", ["beta", "alpha"]],
    ["tags.team = 'vision'", ["beta"]],
    ["metrics.acc > 0.9", ["alpha"]],
    ["metrics.acc < 0.8", ["beta", "alpha"]],
    ["metrics.acc != 0.6", ["gamma", "alpha"]],
    ["creation_timestamp > 0", ["delta", "gamma", "beta", "alpha"]],
    ["attributes.name = 'alpha' AND params.lr = '0.1' AND tags.team = 'nlp'", ["alpha"]],
  ])("filter %s", async (filter, expected) => {
    const f = await fixture();
    const res = await search({ experiment_ids: [f.exp.id], filter });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(names(res.body)).toEqual(expected);
  });

  test("source_run_id and model_id filters", async () => {
    const f = await fixture();
    expect(names((await search({ experiment_ids: [f.exp.id], filter: `source_run_id = '${f.run.runId}'` })).body)).toEqual(["alpha"]);
    expect(names((await search({ experiment_ids: [f.exp.id], filter: `model_id = '${f.b}'` })).body)).toEqual(["beta"]);
  });

  test("datasets restrict metric filters, or select models with metrics on them", async () => {
    const f = await fixture();
    let res = await search({ experiment_ids: [f.exp.id], filter: "metrics.acc > 0.9", datasets: [{ dataset_name: "eval" }] });
    expect(names(res.body)).toEqual([]);
    res = await search({ experiment_ids: [f.exp.id], filter: "metrics.acc > 0.9", datasets: [{ dataset_name: "train", dataset_digest: "t1" }] });
    expect(names(res.body)).toEqual(["alpha"]);
    res = await search({ experiment_ids: [f.exp.id], datasets: [{ dataset_name: "eval" }] });
    expect(names(res.body)).toEqual(["gamma", "beta", "alpha"]);
    res = await search({ experiment_ids: [f.exp.id], datasets: [{ dataset_name: "eval", dataset_digest: "nope" }] });
    expect(names(res.body)).toEqual([]);
  });

  test("order_by attributes and metrics (nulls and NaN last, dataset-scoped)", async () => {
    const f = await fixture();
    const order = async (order_by: Record<string, unknown>[]) => names((await search({ experiment_ids: [f.exp.id], order_by })).body);
    expect(await order([{ field_name: "name" }])).toEqual(["alpha", "beta", "delta", "gamma"]);
    expect(await order([{ field_name: "name", ascending: false }])).toEqual(["gamma", "delta", "beta", "alpha"]);
    expect(await order([{ field_name: "creation_timestamp", ascending: true }])).toEqual(["alpha", "beta", "gamma", "delta"]);
    expect(await order([{ field_name: "creation_time", ascending: true }])).toEqual(["alpha", "beta", "gamma", "delta"]);
    expect(await order([{ field_name: "model_type", ascending: true }])).toEqual(["gamma", "alpha", "delta", "beta"]);
    // Latest acc: alpha 0.95 (train, step 1), beta 0.6 (step 5), gamma NaN, delta none.
    expect(await order([{ field_name: "metrics.acc", ascending: false }])).toEqual(["alpha", "beta", "gamma", "delta"]);
    expect(await order([{ field_name: "metrics.acc", ascending: true }])).toEqual(["beta", "alpha", "gamma", "delta"]);
    expect(await order([{ field_name: "metrics.acc", ascending: false, dataset_name: "eval" }])).toEqual(["alpha", "beta", "gamma", "delta"]);
    expect(await order([{ field_name: "metrics.acc", ascending: true, dataset_name: "eval", dataset_digest: "e1" }])).toEqual(["beta", "alpha", "gamma", "delta"]);
  });

  test("pages with opaque tokens", async () => {
    const f = await fixture();
    const seen: string[] = [];
    let token: string | undefined;
    do {
      const res = await search({ experiment_ids: [f.exp.id], max_results: 3, ...(token ? { page_token: token } : {}) });
      expect(res.status).toBe(200);
      seen.push(...names(res.body));
      token = res.body.next_page_token as string | undefined;
    } while (token);
    expect(seen).toEqual(["delta", "gamma", "beta", "alpha"]);
    // A token for another query is refused.
    const first = await search({ experiment_ids: [f.exp.id], max_results: 1 });
    const res = await search({ experiment_ids: [f.exp.id], max_results: 1, filter: "name = 'x'", page_token: first.body.next_page_token });
    expect(res.status).toBe(400);
  });

  test.each([
    [{}, /Missing value for required parameter 'experiment_ids'/],
    [{ experiment_ids: ["0"], filter: "metrics.acc >" }, /Invalid filter/],
    [{ experiment_ids: ["0"], filter: "name = 'a' OR name = 'b'" }, /'OR' is not supported/],
    [{ experiment_ids: ["0"], filter: "foo = 'x'" }, /foo/],
    [{ experiment_ids: ["0"], filter: "metrics.acc > 'high'" }, /numeric/],
    [{ experiment_ids: ["0"], order_by: [{ field_name: "params.lr" }] }, /order/i],
    [{ experiment_ids: ["0"], order_by: [{ field_name: "bogus" }] }, /bogus/],
    [{ experiment_ids: ["0"], order_by: [{ ascending: true }] }, /field_name/],
    [{ experiment_ids: ["0"], datasets: [{ dataset_digest: "x" }] }, /`dataset_name` in the `datasets` clause must be specified/],
    [{ experiment_ids: ["0"], max_results: -1 }, /max_results/],
    [{ experiment_ids: ["0"], max_results: "many" }, /max_results/],
    [{ experiment_ids: ["0"], page_token: "bad" }, /page token/i],
  ])("%j → 400", async (body, message) => {
    const res = await search(body);
    expect(res.status).toBe(400);
    expect(res.body.error_code).toBe("INVALID_PARAMETER_VALUE");
    expect(String(res.body.message)).toMatch(message);
  });
});

describe("logged-model artifacts and run links", () => {
  test("artifacts/directories lists model-relative paths; artifacts/files streams a file", async () => {
    const exp = await makeExperiment();
    const id = await create({ experiment_id: exp.id, name: "with_files" });
    const base = `${exp.id}/models/${id}/artifacts`;
    for (const [p, body] of [
      ["MLmodel", "flavors: {}\n"],
      ["code/util.py", "x = 1\n"],
    ]) {
      const res = await callArtifacts(artifactsRoute.PUT, "PUT", `${base}/${p}`, { body });
      expect(res.status).toBe(200);
    }
    let res = await call(dirsRoute.GET, "GET", {}, { model_id: id });
    expect(res.body).toEqual({
      root_uri: `mlflow-artifacts:/${base}`,
      files: [
        { path: "MLmodel", is_dir: false, file_size: 12 },
        { path: "code", is_dir: true },
      ],
    });
    res = await call(dirsRoute.GET, "GET", { artifact_directory_path: "code" }, { model_id: id });
    expect(res.body.files).toEqual([{ path: "code/util.py", is_dir: false, file_size: 6 }]);
    res = await call(dirsRoute.GET, "GET", {}, { model_id: "m-missing" });
    expect(res.status).toBe(404);
    res = await call(dirsRoute.GET, "GET", { artifact_directory_path: "../.." }, { model_id: id });
    expect(res.status).toBe(400);

    const file = await filesRoute.GET(new Request(`http://runboard.test/x?artifact_file_path=code/util.py`), { params: Promise.resolve({ model_id: id }) });
    expect(file.status).toBe(200);
    expect(await file.text()).toBe("x = 1\n");
    expect(file.headers.get("content-disposition")).toBe("attachment; filename=util.py");
    res = await call(filesRoute.GET, "GET", {}, { model_id: id });
    expect(res.status).toBe(400);
    expect(res.body.message).toMatch(/artifact_file_path/);
    res = await call(filesRoute.GET, "GET", { artifact_file_path: "nope" }, { model_id: id });
    expect(res.status).toBe(404);
  });

  test("listLoggedModelsForRuns: models output by or sourced from each run", async () => {
    const exp = await makeExperiment();
    const r1 = await makeRun(exp.id);
    const r2 = await makeRun(exp.id);
    const r3 = await makeRun(exp.id);
    const m1 = await create({ experiment_id: exp.id, name: "from_r1", source_run_id: r1.runId });
    const m2 = await create({ experiment_id: exp.id, name: "output_of_r1_and_r2" });
    const gone = await create({ experiment_id: exp.id, name: "deleted", source_run_id: r1.runId });
    await db.runModelOutput.createMany({
      data: [
        { runId: r1.runId, modelId: m1, step: 0n },
        { runId: r1.runId, modelId: m2, step: 3n },
        { runId: r2.runId, modelId: m2, step: 0n },
      ],
    });
    await call(modelRoute.DELETE, "DELETE", {}, { model_id: gone });
    const out = await listLoggedModelsForRuns([r1.runId, r2.runId, r3.runId]);
    expect(out[r1.runId].map((m) => m.modelId)).toEqual([m1, m2]);
    expect(out[r2.runId].map((m) => m.name)).toEqual(["output_of_r1_and_r2"]);
    expect(out[r3.runId]).toEqual([]);
    expect(await listLoggedModelsForRuns([])).toEqual({});
  });
});
