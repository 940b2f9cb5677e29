// Scenario: replays, request by request, what the unmodified MLflow Python client sends for the
// seed snippet (a run per prompt variant, as in the README) — sentiment_v1 and sentiment_v2 in experiment "0", each with
// prompt_template / model_type params and a pyfunc logged model (signature, input example,
// artifacts) — then reads everything back the way the UI and the client do.
import { describe, expect, it } from "vitest";
import { call } from "@/tests/helpers";
import { POST as createRun } from "./create/route";
import { GET as getRun } from "./get/route";
import { POST as logParam } from "./log-parameter/route";
import { POST as logOutputs } from "./outputs/route";
import { POST as logBatch } from "./log-batch/route";
import { POST as updateRun } from "./update/route";
import { POST as searchRuns } from "./search/route";
import { GET as getHistory } from "../metrics/get-history/route";
import { GET as getExperiment } from "../experiments/get/route";
import { POST as createLoggedModel } from "../logged-models/route";
import { GET as getLoggedModel, PATCH as finalizeLoggedModel } from "../logged-models/[model_id]/route";
import { POST as searchLoggedModels } from "../logged-models/search/route";
import { GET as listRunArtifacts } from "../artifacts/list/route";
import { GET as artifactGetRoute, PUT as artifactPutRoute } from "../../mlflow-artifacts/artifacts/[[...path]]/route";

// The catch-all artifact route types its params more narrowly than call() does.
type RouteFn = Parameters<typeof call>[0];
const artifactGet = artifactGetRoute as unknown as RouteFn;
const artifactPut = artifactPutRoute as unknown as RouteFn;

type Json = Record<string, unknown>;
interface WireRun {
  info: { run_id: string; run_name: string; experiment_id: string; status: string; artifact_uri: string; end_time?: number; user_id: string };
  data: { params?: { key: string; value: string }[]; tags?: { key: string; value: string }[]; metrics?: Json[] };
  outputs: { model_outputs?: { model_id: string; step: number }[] };
}

const PROMPTS = {
  sentiment_v1: { prompt: "Analyze the sentiment of the following text: {text}", modelType: "simple_keyword", example: "This is a happy day!", output: "positive" },
  sentiment_v2: {
    prompt: "Classify the sentiment of the following text. Respond with only 'positive', 'negative', or 'neutral'. Text: {text}",
    modelType: "advanced_llm_sim",
    example: "I am absolutely thrilled with the service!",
    output: "very positive",
  },
};

/** The files MLflow 3 writes for `log_model(python_model=…, signature=…, input_example=df)`. */
function modelFiles(modelId: string, runId: string, example: string, output: string): Record<string, string> {
  return {
    MLmodel: [
      "artifact_path: mlflow-artifacts:/0/models/" + modelId + "/artifacts",
      "flavors:",
      "  python_function:",
      "    cloudpickle_version: 3.1.1",
      "    loader_module: mlflow.pyfunc.model",
      "    python_model: python_model.pkl",
      "    python_version: 3.12.3",
      "    streamable: false",
      "is_signature_from_type_hint: false",
      "mlflow_version: 3.5.0",
      `model_id: ${modelId}`,
      "model_size_bytes: 1234",
      "model_uuid: " + modelId.slice(2),
      `run_id: ${runId}`,
      "saved_input_example_info:",
      "  artifact_path: input_example.json",
      "  pandas_orient: split",
      "  serving_input_path: serving_input_example.json",
      "  type: dataframe",
      "signature:",
      "  inputs: '[{\"type\": \"string\", \"name\": \"text\", \"required\": true}]'",
      "  outputs: '[{\"type\": \"string\", \"name\": \"sentiment\", \"required\": true}]'",
      "  params: null",
      "utc_time_created: '2026-11-21 10:00:00.000000'",
      "",
    ].join("\n"),
    "conda.yaml": "channels:\n- conda-forge\ndependencies:\n- python=3.12.3\n- pip\n- pip:\n  - mlflow==3.5.0\n  - pandas==2.2.3\nname: mlflow-env\n",
    "python_env.yaml": "python: 3.12.3\nbuild_dependencies:\n- pip\ndependencies:\n- -r requirements.txt\n",
    "requirements.txt": "mlflow==3.5.0\npandas==2.2.3\n",
    "python_model.pkl": "\u0080\u0005\u0095 cloudpickle bytes",
    "input_example.json": JSON.stringify({ columns: ["text"], data: [[example]] }),
    "serving_input_example.json": JSON.stringify({ dataframe_split: { columns: ["text"], data: [[example]] } }, null, 2),
    "_expected_output.json": JSON.stringify({ sentiment: output }),
  };
}

const clientTags = [
  { key: "mlflow.user", value: "dana" },
  { key: "mlflow.source.name", value: "sentiment.py" },
  { key: "mlflow.source.type", value: "LOCAL" },
  { key: "mlflow.source.git.commit", value: "3f1c2e9b7a6d5c4b3a2f1e0d9c8b7a6f5e4d3c2b" },
];

/** One `with start_run(run_name=…): log_param ×2; log_model(…)` block, as HTTP calls. */
async function replaySeedRun(runName: keyof typeof PROMPTS, startTime: number) {
  const seed = PROMPTS[runName];
  // 1. start_run → runs/create (no experiment lookup: "0" must exist)
  const created = await call(createRun, "POST", { experiment_id: "0", user_id: "dana", start_time: startTime, run_name: runName, tags: clientTags });
  expect(created.status).toBe(200);
  const runId = (created.body.run as WireRun).info.run_id;
  // 2–3. log_param ×2 (the client sends run_id and run_uuid)
  for (const [key, value] of [
    ["prompt_template", seed.prompt],
    ["model_type", seed.modelType],
  ]) {
    expect(await call(logParam, "POST", { run_id: runId, run_uuid: runId, key, value })).toEqual({ status: 200, body: {} });
  }
  // 4. log_model: runs/get to copy the run's params onto the model
  const run = (await call(getRun, "GET", { run_uuid: runId, run_id: runId })).body.run as WireRun;
  // 5. logged-models create
  const model = await call(createLoggedModel, "POST", {
    experiment_id: "0",
    name: "sentiment_analyzer",
    source_run_id: runId,
    params: run.data.params,
    tags: [
      { key: "mlflow.user", value: "dana" },
      { key: "mlflow.source.name", value: "sentiment.py" },
      { key: "mlflow.source.type", value: "LOCAL" },
    ],
  });
  expect(model.status).toBe(200);
  const info = (model.body.model as { info: { model_id: string; artifact_uri: string; status: string } }).info;
  expect(info.model_id).toMatch(/^m-[0-9a-f]{32}$/);
  expect(info.artifact_uri).toBe(`mlflow-artifacts:/0/models/${info.model_id}/artifacts`);
  expect(info.status).toBe("LOGGED_MODEL_PENDING");
  // 6. runs/outputs
  expect(await call(logOutputs, "POST", { run_id: runId, models: [{ model_id: info.model_id, step: 0 }] })).toEqual({ status: 200, body: {} });
  // 7. "log model metrics for step": runs/get, then a (here empty) log-batch
  await call(getRun, "GET", { run_uuid: runId, run_id: runId });
  expect(await call(logBatch, "POST", { run_id: runId, metrics: [], params: [], tags: [] })).toEqual({ status: 200, body: {} });
  // 8. one PUT per model file under the model's artifact URI
  const files = modelFiles(info.model_id, runId, seed.example, seed.output);
  for (const [name, content] of Object.entries(files)) {
    const put = await call(artifactPut, "PUT", content, { path: ["0", "models", info.model_id, "artifacts", name] });
    expect([name, put.status]).toEqual([name, 200]);
  }
  // 9. finalize
  const finalized = await call(finalizeLoggedModel, "PATCH", { model_id: info.model_id, status: "LOGGED_MODEL_READY" }, { model_id: info.model_id });
  expect(finalized.status).toBe(200);
  // 10. leaving the `with` block: FINISHED
  const ended = await call(updateRun, "POST", { run_id: runId, run_uuid: runId, status: "FINISHED", end_time: startTime + 4000 });
  expect(ended.status).toBe(200);
  expect((ended.body.run_info as { status: string }).status).toBe("FINISHED");
  return { runId, modelId: info.model_id, files };
}

describe("seed scenario: sentiment_v1 vs sentiment_v2 (README quickstart)", () => {
  it("replays the Python client's calls and reads everything back", async () => {
    // The client assumes the Default experiment exists.
    const exp = await call(getExperiment, "GET", { experiment_id: "0" });
    expect(exp.body.experiment).toMatchObject({ experiment_id: "0", name: "Default", lifecycle_stage: "active" });

    const base = Date.now();
    const v1 = await replaySeedRun("sentiment_v1", base);
    const v2 = await replaySeedRun("sentiment_v2", base + 10_000);

    // Side-by-side: both runs, newest first, with their params, tags, outputs.
    const found = await call(searchRuns, "POST", {
      experiment_ids: ["0"],
      filter: "attributes.run_name LIKE 'sentiment_v%' AND tags.`mlflow.source.name` = 'sentiment.py'",
      max_results: 10,
    });
    expect(found.status).toBe(200);
    const runs = (found.body.runs as WireRun[]).filter((r) => [v1.runId, v2.runId].includes(r.info.run_id));
    expect(runs.map((r) => r.info.run_name)).toEqual(["sentiment_v2", "sentiment_v1"]);
    for (const r of runs) {
      const seed = PROMPTS[r.info.run_name as keyof typeof PROMPTS];
      const ids = r.info.run_name === "sentiment_v1" ? v1 : v2;
      expect(r.info).toMatchObject({ experiment_id: "0", status: "FINISHED", user_id: "dana", artifact_uri: `mlflow-artifacts:/0/${ids.runId}/artifacts` });
      expect(r.data.params).toEqual([
        { key: "model_type", value: seed.modelType },
        { key: "prompt_template", value: seed.prompt },
      ]);
      expect(Object.fromEntries(r.data.tags!.map((t) => [t.key, t.value]))).toMatchObject({
        "mlflow.runName": r.info.run_name,
        "mlflow.user": "dana",
        "mlflow.source.type": "LOCAL",
      });
      expect(r.outputs.model_outputs).toEqual([{ model_id: ids.modelId, step: 0 }]);
    }

    // Filtering on the prompt parameter finds exactly one run.
    const byParam = await call(searchRuns, "POST", { experiment_ids: ["0"], filter: "params.model_type = 'advanced_llm_sim'" });
    expect((byParam.body.runs as WireRun[]).map((r) => r.info.run_id)).toContain(v2.runId);
    expect((byParam.body.runs as WireRun[]).map((r) => r.info.run_id)).not.toContain(v1.runId);

    // The logged models: READY, linked to their run, carrying the run's params.
    for (const { runId, modelId } of [v1, v2]) {
      const m = await call(getLoggedModel, "GET", {}, { model_id: modelId });
      expect(m.status).toBe(200);
      const model = m.body.model as { info: Json; data?: { params?: { key: string; value: string }[] } };
      expect(model.info).toMatchObject({ model_id: modelId, experiment_id: "0", name: "sentiment_analyzer", source_run_id: runId, status: "LOGGED_MODEL_READY" });
      expect(model.data?.params?.map((p) => p.key).sort()).toEqual(["model_type", "prompt_template"]);
    }
    const models = await call(searchLoggedModels, "POST", { experiment_ids: ["0"], filter: `source_run_id = '${v1.runId}'` });
    expect(models.status).toBe(200);
    expect((models.body.models as { info: { model_id: string } }[]).map((m) => m.info.model_id)).toEqual([v1.modelId]);

    // The model's artifacts: listing (basenames) and downloads, byte for byte.
    for (const { modelId, files } of [v1, v2]) {
      const listing = await call(artifactGet, "GET", { path: `0/models/${modelId}/artifacts` }, {});
      const names = ((listing.body.files as { path: string }[]) ?? []).map((f) => f.path).sort();
      expect(names).toEqual(Object.keys(files).sort());
      for (const name of ["MLmodel", "input_example.json"]) {
        const res = await artifactGet(new Request(`http://runboard.test/api/2.0/mlflow-artifacts/artifacts/0/models/${modelId}/artifacts/${name}`), {
          params: Promise.resolve({ path: ["0", "models", modelId, "artifacts", name] }),
        });
        expect(res.status).toBe(200);
        expect(await res.text()).toBe(files[name]);
      }
    }
    const example = JSON.parse(v2.files["input_example.json"]);
    expect(example).toEqual({ columns: ["text"], data: [["I am absolutely thrilled with the service!"]] });

    // The run's own artifact root is empty (the model lives under the experiment's models/ root).
    const runArtifacts = await call(listRunArtifacts, "GET", { run_id: v1.runId });
    expect(runArtifacts).toEqual({ status: 200, body: { root_uri: `mlflow-artifacts:/0/${v1.runId}/artifacts` } });

    // No metrics were logged by the snippet: histories are empty, not errors.
    expect(await call(getHistory, "GET", { run_id: v1.runId, metric_key: "accuracy" })).toEqual({ status: 200, body: {} });
  });
});
