// Contract tests for the model-version endpoints (docs/mlflow-compatibility.md#model-registry, #registry-search, #limits, #differences-from-mlflow), called
// in-process against PostgreSQL.
import { describe, expect, it } from "vitest";
import { call, uniqueName } from "@/tests/helpers";
import { POST as createVersion } from "./create/route";
import { GET as get } from "./get/route";
import { PATCH as update } from "./update/route";
import { DELETE as del } from "./delete/route";
import { GET as search } from "./search/route";
import { POST as transition } from "./transition-stage/route";
import { POST as setTag } from "./set-tag/route";
import { DELETE as deleteTag } from "./delete-tag/route";
import { GET as downloadUri } from "./get-download-uri/route";
import { POST as createModel } from "../registered-models/create/route";
import { DELETE as deleteAlias, GET as getAlias, POST as setAlias } from "../registered-models/alias/route";
import { POST as createExperiment } from "../experiments/create/route";
import { POST as createRun } from "../runs/create/route";
import { POST as createLoggedModel } from "../logged-models/route";
import { GET as getLoggedModel } from "../logged-models/[model_id]/route";

const IS_PROMPT = "mlflow.prompt.is_prompt";
type Obj = Record<string, unknown>;

const expectError = (r: { status: number; body: Obj }, status: number, code: string, message?: string | RegExp) => {
  expect(r.status, JSON.stringify(r.body)).toBe(status);
  expect(r.body.error_code).toBe(code);
  if (typeof message === "string") expect(r.body.message).toBe(message);
  else if (message) expect(r.body.message).toMatch(message);
};

async function newModel(prefix = "mv") {
  const name = uniqueName(prefix);
  expect((await call(createModel, "POST", { name })).status).toBe(200);
  return name;
}

async function newVersion(name: string, extra: Obj = {}) {
  const r = await call(createVersion, "POST", { name, source: "s3://bucket/path/model", ...extra });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body.model_version as Obj;
}

async function newPrompt() {
  const name = uniqueName("p").replace(/[^a-zA-Z0-9_.-]/g, "-");
  expect((await call(createModel, "POST", { name, tags: [{ key: IS_PROMPT, value: "true" }] })).status).toBe(200);
  return name;
}

const promptTags = (text: string) => [
  { key: IS_PROMPT, value: "true" },
  { key: "mlflow.prompt.text", value: text },
  { key: "_mlflow_prompt_type", value: "text" },
];

async function newExperimentAndRun() {
  const e = await call(createExperiment, "POST", { name: uniqueName("mvexp") });
  const experimentId = e.body.experiment_id as string;
  const r = await call(createRun, "POST", { experiment_id: experimentId, start_time: Date.now() });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return { experimentId, runId: ((r.body.run as Obj).info as Obj).run_id as string };
}

describe("model-versions/create", () => {
  it("numbers versions per model as strings, READY at once, stage None", async () => {
    const name = await newModel();
    const v1 = await newVersion(name, { description: "first", run_link: "http://x/run", tags: [{ key: "t", value: "1" }] });
    expect(v1).toMatchObject({
      name,
      version: "1",
      current_stage: "None",
      status: "READY",
      source: "s3://bucket/path/model",
      description: "first",
      run_link: "http://x/run",
      tags: [{ key: "t", value: "1" }],
    });
    expect(typeof v1.creation_timestamp).toBe("number");
    expect((await newVersion(name)).version).toBe("2");
    expect((await newVersion(await newModel())).version).toBe("1");
  });

  it("never reuses the number of a deleted version", async () => {
    const name = await newModel();
    await newVersion(name);
    await newVersion(name);
    await call(del, "DELETE", { name, version: "2" });
    expect((await newVersion(name)).version).toBe("3");
  });

  it("404 for an unknown registered model; 400 for a missing name or source", async () => {
    const name = uniqueName("nope");
    expectError(await call(createVersion, "POST", { name, source: "s3://b/m" }), 404, "RESOURCE_DOES_NOT_EXIST", `Registered Model with name=${name} not found`);
    expectError(await call(createVersion, "POST", { source: "s3://b/m" }), 400, "INVALID_PARAMETER_VALUE", /'name'/);
    expectError(await call(createVersion, "POST", { name: await newModel() }), 400, "INVALID_PARAMETER_VALUE", /'source'/);
  });

  it("validates sources: relative path references and local paths outside a run's artifacts are rejected", async () => {
    const name = await newModel();
    for (const source of ["s3://bucket/a/../b", "mlflow-artifacts:/1/../../etc", "http://host/api/2.0/mlflow-artifacts/artifacts/%2E%2E/x", "s3://bucket/./a"]) {
      expectError(await call(createVersion, "POST", { name, source }), 400, "INVALID_PARAMETER_VALUE", /an absolute path must be provided without relative path references/);
    }
    for (const source of ["/tmp/model", "file:///tmp/model", "relative/model", "dummy-source"]) {
      expectError(await call(createVersion, "POST", { name, source }), 400, "INVALID_PARAMETER_VALUE", /To use a local path as a model version source, the run_id request parameter has to be specified/);
    }
    const { runId } = await newExperimentAndRun();
    expectError(await call(createVersion, "POST", { name, source: "/tmp/model", run_id: runId }), 400, "INVALID_PARAMETER_VALUE", /local path/);
    expect((await call(createVersion, "POST", { name, source: `runs:/${runId}/model`, run_id: runId })).status).toBe(200);
  });

  it("with model_id: READY version linked to the logged model; the model records the registration", async () => {
    const { experimentId, runId } = await newExperimentAndRun();
    const lm = await call(createLoggedModel, "POST", { experiment_id: experimentId, name: "clf", source_run_id: runId });
    expect(lm.status, JSON.stringify(lm.body)).toBe(200);
    const modelId = ((lm.body.model as Obj).info as Obj).model_id as string;
    const name = await newModel();
    const v = await newVersion(name, { source: `models:/${modelId}`, model_id: modelId });
    expect(v).toMatchObject({ version: "1", model_id: modelId, run_id: runId, source: `models:/${modelId}` });
    const got = await call(getLoggedModel, "GET", {}, { model_id: modelId });
    const info = (got.body.model as Obj).info as Obj;
    expect(info.tags).toEqual(expect.arrayContaining([{ key: "mlflow.modelVersions", value: `[{"name": "${name}", "version": 1}]` }])); // MLflow's exact text
    await newVersion(name, { source: `models:/${modelId}`, model_id: modelId });
    const again = ((await call(getLoggedModel, "GET", {}, { model_id: modelId })).body.model as Obj).info as Obj;
    expect(again.tags).toEqual(expect.arrayContaining([{ key: "mlflow.modelVersions", value: `[{"name": "${name}", "version": 1}, {"name": "${name}", "version": 2}]` }]));
    const uri = await call(downloadUri, "GET", { name, version: "1" });
    expect(uri.body.artifact_uri).toBe(info.artifact_uri);
    expectError(await call(createVersion, "POST", { name, source: "models:/m-doesnotexist0000000000000000000000", model_id: "m-doesnotexist0000000000000000000000" }), 404, "RESOURCE_DOES_NOT_EXIST");
  });

  it("prompt versions accept placeholder sources but not local absolute paths or file URIs", async () => {
    const name = await newPrompt();
    for (const source of ["prompt-template", "dummy-source"]) {
      expect((await call(createVersion, "POST", { name, source, tags: promptTags("hi {{ x }}") })).status).toBe(200);
    }
    for (const source of ["/etc/passwd", "file:///etc/passwd", "a/../b"]) {
      expectError(await call(createVersion, "POST", { name, source, tags: promptTags("x") }), 400, "INVALID_PARAMETER_VALUE", /Invalid model version source/);
    }
  });

  it("a prompt-tagged version of a plain model is refused; a prompt version needs its text", async () => {
    const model = await newModel();
    expectError(
      await call(createVersion, "POST", { name: model, source: "prompt-template", tags: promptTags("x") }),
      400,
      "INVALID_PARAMETER_VALUE",
      `Name \`${model}\` is registered as a model, not a prompt. MLflow does not allow registering a prompt with the same name as an existing model.`,
    );
    const prompt = await newPrompt();
    expectError(await call(createVersion, "POST", { name: prompt, source: "prompt-template", tags: [{ key: IS_PROMPT, value: "true" }] }), 400, "INVALID_PARAMETER_VALUE", /mlflow\.prompt\.text/);
  });

  it("prompt text: > 5000 characters is accepted (Runboard raises MLflow's limit), > 100000 is rejected", async () => {
    const name = await newPrompt();
    const long = "word ".repeat(4000) + "{{ tail }}";
    const r = await call(createVersion, "POST", { name, source: "prompt-template", tags: promptTags(long) });
    expect(r.status).toBe(200);
    const got = await call(get, "GET", { name, version: (r.body.model_version as Obj).version as string });
    expect(((got.body.model_version as Obj).tags as Obj[]).find((t) => t.key === "mlflow.prompt.text")?.value).toBe(long);
    expectError(
      await call(createVersion, "POST", { name, source: "prompt-template", tags: promptTags("x".repeat(100_001)) }),
      400,
      "INVALID_PARAMETER_VALUE",
      "Prompt text exceeds max length of 100000 characters.",
    );
    const model = await newModel();
    expectError(
      await call(createVersion, "POST", { name: model, source: "s3://b/m", tags: [{ key: "mlflow.prompt.text", value: "x".repeat(5001) }] }),
      400,
      "INVALID_PARAMETER_VALUE",
      "Prompt text exceeds max length of 5000 characters.",
    );
  });
});

describe("model-versions/get", () => {
  it("returns the version with aliases; the version may be sent as a number-like string", async () => {
    const name = await newModel();
    await newVersion(name);
    await call(setAlias, "POST", { name, alias: "prod", version: "1" });
    const r = await call(get, "GET", { name, version: "1" });
    expect(r.status).toBe(200);
    expect(r.body.model_version).toMatchObject({ name, version: "1", aliases: ["prod"] });
  });

  it("400 for a non-integer version, 404 for an unknown one, 400 when a field is missing", async () => {
    const name = await newModel();
    await newVersion(name);
    expectError(await call(get, "GET", { name, version: "abc" }), 400, "INVALID_PARAMETER_VALUE", "Parameter 'version' must be an integer, got 'abc'.");
    expectError(await call(get, "GET", { name, version: "1.0" }), 400, "INVALID_PARAMETER_VALUE", "Parameter 'version' must be an integer, got '1.0'.");
    expectError(await call(get, "GET", { name, version: "7" }), 404, "RESOURCE_DOES_NOT_EXIST", `Model Version (name=${name}, version=7) not found`);
    expectError(await call(get, "GET", { name, version: "99999999999" }), 404, "RESOURCE_DOES_NOT_EXIST");
    expectError(await call(get, "GET", { name }), 400, "INVALID_PARAMETER_VALUE", /'version'/);
    expectError(await call(get, "GET", { version: "1" }), 400, "INVALID_PARAMETER_VALUE", /'name'/);
  });
});

describe("model-versions/update, delete", () => {
  it("PATCH updates the description (version as a JSON number too)", async () => {
    const name = await newModel();
    await newVersion(name, { description: "old" });
    const r = await call(update, "PATCH", { name, version: 1, description: "new" });
    expect(r.status).toBe(200);
    expect((r.body.model_version as Obj).description).toBe("new");
    expectError(await call(update, "PATCH", { name, version: "2", description: "x" }), 404, "RESOURCE_DOES_NOT_EXIST");
  });

  it("DELETE with a JSON body removes the version and the aliases pointing at it", async () => {
    const name = await newModel();
    await newVersion(name);
    await newVersion(name);
    await call(setAlias, "POST", { name, alias: "prod", version: "1" });
    expect(await call(del, "DELETE", { name, version: "1" })).toEqual({ status: 200, body: {} });
    expect((await call(get, "GET", { name, version: "1" })).status).toBe(404);
    expectError(await call(getAlias, "GET", { name, alias: "prod" }), 400, "INVALID_PARAMETER_VALUE");
    expectError(await call(del, "DELETE", { name, version: "1" }), 404, "RESOURCE_DOES_NOT_EXIST");
    expectError(await call(del, "DELETE", { name, version: "x" }), 400, "INVALID_PARAMETER_VALUE");
    expect(await call(deleteAlias, "DELETE", { name, alias: "prod" })).toEqual({ status: 200, body: {} });
  });
});

describe("model-versions/transition-stage", () => {
  it("accepts stages case-insensitively and archives existing versions on request", async () => {
    const name = await newModel();
    await newVersion(name);
    await newVersion(name);
    let r = await call(transition, "POST", { name, version: "1", stage: "production" });
    expect((r.body.model_version as Obj).current_stage).toBe("Production");
    r = await call(transition, "POST", { name, version: "2", stage: "PRODUCTION", archive_existing_versions: true });
    expect((r.body.model_version as Obj).current_stage).toBe("Production");
    expect(((await call(get, "GET", { name, version: "1" })).body.model_version as Obj).current_stage).toBe("Archived");
  });

  it("rejects unknown stages and archiving into a non-active stage", async () => {
    const name = await newModel();
    await newVersion(name);
    expectError(await call(transition, "POST", { name, version: "1", stage: "prod" }), 400, "INVALID_PARAMETER_VALUE", /Invalid Model Version stage: prod/);
    expectError(await call(transition, "POST", { name, version: "1", stage: "Archived", archive_existing_versions: true }), 400, "INVALID_PARAMETER_VALUE", /not an Active stage/);
    expectError(await call(transition, "POST", { name, version: "1" }), 400, "INVALID_PARAMETER_VALUE", /'stage'/);
    expectError(await call(transition, "POST", { name, version: "1", stage: "None", archive_existing_versions: "yes" }), 400, "INVALID_PARAMETER_VALUE");
  });
});

describe("model-versions/set-tag, delete-tag", () => {
  it("upserts (empty value allowed) and deletes tags; deleting a missing tag is fine", async () => {
    const name = await newModel();
    await newVersion(name);
    expect(await call(setTag, "POST", { name, version: "1", key: "k", value: "v" })).toEqual({ status: 200, body: {} });
    await call(setTag, "POST", { name, version: 1, key: "k", value: "" });
    expect(((await call(get, "GET", { name, version: "1" })).body.model_version as Obj).tags).toEqual([{ key: "k", value: "" }]);
    expect(await call(deleteTag, "DELETE", { name, version: "1", key: "k" })).toEqual({ status: 200, body: {} });
    expect(await call(deleteTag, "DELETE", { name, version: "1", key: "k" })).toEqual({ status: 200, body: {} });
    expect(((await call(get, "GET", { name, version: "1" })).body.model_version as Obj).tags).toBeUndefined();
  });

  it("errors: value required, unknown version 404, bad key 400", async () => {
    const name = await newModel();
    await newVersion(name);
    expectError(await call(setTag, "POST", { name, version: "1", key: "k" }), 400, "INVALID_PARAMETER_VALUE", /'value'/);
    expectError(await call(setTag, "POST", { name, version: "1", key: "k", value: null }), 400, "INVALID_PARAMETER_VALUE", /'value'/);
    expectError(await call(setTag, "POST", { name, version: "5", key: "k", value: "v" }), 404, "RESOURCE_DOES_NOT_EXIST");
    expectError(await call(setTag, "POST", { name, version: "1", key: "../k", value: "v" }), 400, "INVALID_PARAMETER_VALUE");
    expectError(await call(deleteTag, "DELETE", { name, version: "5", key: "k" }), 404, "RESOURCE_DOES_NOT_EXIST");
  });
});

describe("model-versions/get-download-uri", () => {
  it("returns the source (or the logged model's artifact URI for models:/ sources)", async () => {
    const name = await newModel();
    await newVersion(name, { source: "s3://bucket/m" });
    expect(await call(downloadUri, "GET", { name, version: "1" })).toEqual({ status: 200, body: { artifact_uri: "s3://bucket/m" } });
    const other = await newModel();
    await newVersion(other, { source: `models:/${name}/1` });
    expect((await call(downloadUri, "GET", { name: other, version: "1" })).body.artifact_uri).toBe("s3://bucket/m");
    expectError(await call(downloadUri, "GET", { name, version: "2" }), 404, "RESOURCE_DOES_NOT_EXIST");
  });
});

describe("model-versions/search", () => {
  it("filters by name, version_number, run_id (IN), source_path and tags; orders; pages", async () => {
    const name = await newModel("srchmv");
    const { runId } = await newExperimentAndRun();
    await newVersion(name, { source: "s3://b/one", tags: [{ key: "flavor", value: "sk" }] });
    await newVersion(name, { source: `runs:/${runId}/m`, run_id: runId });
    await newVersion(name, { source: "s3://b/three", tags: [{ key: "flavor", value: "torch" }] });
    const versions = async (q: Obj) => ((await call(search, "GET", q)).body.model_versions as Obj[] | undefined)?.map((v) => v.version) ?? [];
    expect(await versions({ filter: `name = '${name}'` })).toEqual(["3", "2", "1"]);
    expect(await versions({ filter: `name = '${name}' AND version_number >= 2`, order_by: "version_number ASC" })).toEqual(["2", "3"]);
    expect(await versions({ filter: `name = '${name}' AND run_id IN ('${runId}', 'zzz')` })).toEqual(["2"]);
    expect(await versions({ filter: `name = '${name}' AND run_id = '${runId}'` })).toEqual(["2"]);
    expect(await versions({ filter: `name = '${name}' AND source_path LIKE 's3://%'`, order_by: ["version_number ASC"] })).toEqual(["1", "3"]);
    expect(await versions({ filter: `name = '${name}' AND tags.flavor = 'torch'` })).toEqual(["3"]);
    expect(await versions({ filter: `name = '${name}' AND tags.flavor ILIKE 'S%'` })).toEqual(["1"]);
    const p1 = await call(search, "GET", { filter: `name = '${name}'`, max_results: 2, order_by: ["version_number ASC"] });
    expect((p1.body.model_versions as Obj[]).map((v) => v.version)).toEqual(["1", "2"]);
    const p2 = await call(search, "GET", { filter: `name = '${name}'`, max_results: 2, order_by: ["version_number ASC"], page_token: p1.body.next_page_token as string });
    expect((p2.body.model_versions as Obj[]).map((v) => v.version)).toEqual(["3"]);
  });

  it("excludes prompt versions unless the filter asks for is_prompt = 'true'", async () => {
    const prompt = await newPrompt();
    await call(createVersion, "POST", { name: prompt, source: "prompt-template", tags: promptTags("hello") });
    const versions = async (filter: string) => ((await call(search, "GET", { filter })).body.model_versions as Obj[] | undefined) ?? [];
    expect(await versions(`name = '${prompt}'`)).toEqual([]);
    expect(await versions(`name = '${prompt}' AND tags.\`${IS_PROMPT}\` != 'true'`)).toEqual([]);
    const found = await versions(`name = '${prompt}' AND tags.\`${IS_PROMPT}\` = 'true'`);
    expect(found.map((v) => v.version)).toEqual(["1"]);
    expect(await versions(`tags.\`${IS_PROMPT}\` = 'true' AND tags.\`mlflow.prompt.text\` = 'hello' AND name = '${prompt}'`)).toHaveLength(1);
  });

  it("validates max_results, filter and order_by", async () => {
    expectError(await call(search, "GET", { max_results: 200_001 }), 400, "INVALID_PARAMETER_VALUE", /at most 200000/);
    expectError(await call(search, "GET", { max_results: 0 }), 400, "INVALID_PARAMETER_VALUE", /positive integer/);
    expectError(await call(search, "GET", { filter: "version_number = 'x'" }), 400, "INVALID_PARAMETER_VALUE");
    expectError(await call(search, "GET", { filter: "creation_timestamp > 1" }), 400, "INVALID_PARAMETER_VALUE");
    expectError(await call(search, "GET", { order_by: "source_path" }), 400, "INVALID_PARAMETER_VALUE");
  });
});
