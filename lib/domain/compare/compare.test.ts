// The compare read model against PostgreSQL, on data written through the MLflow REST handlers
// (the seed scenario: sentiment_v1 / sentiment_v2 with prompt_template + model_type params,
// linked prompt versions, a logged model with MLmodel + input example, run artifacts).
import { describe, expect, it } from "vitest";
import { call, uniqueName } from "@/tests/helpers";
import { POST as createExperimentRoute } from "@/app/api/2.0/mlflow/experiments/create/route";
import { GET as getExperimentRoute } from "@/app/api/2.0/mlflow/experiments/get/route";
import { POST as createRunRoute } from "@/app/api/2.0/mlflow/runs/create/route";
import { POST as logBatchRoute } from "@/app/api/2.0/mlflow/runs/log-batch/route";
import { POST as setTagRoute } from "@/app/api/2.0/mlflow/runs/set-tag/route";
import { POST as updateRunRoute } from "@/app/api/2.0/mlflow/runs/update/route";
import { POST as outputsRoute } from "@/app/api/2.0/mlflow/runs/outputs/route";
import { POST as createLoggedModelRoute } from "@/app/api/2.0/mlflow/logged-models/route";
import { POST as createRegisteredModelRoute } from "@/app/api/2.0/mlflow/registered-models/create/route";
import { POST as aliasRoute } from "@/app/api/2.0/mlflow/registered-models/alias/route";
import { POST as createModelVersionRoute } from "@/app/api/2.0/mlflow/model-versions/create/route";
import { putArtifact } from "@/lib/domain/artifacts/files";
import { loadComparison } from "@/lib/domain/compare/comparison";
import { loadMetricHistories, readArtifactTexts, setMetricDirection } from "@/lib/domain/compare/lazy-loads";
import { modelDetailsView } from "@/lib/domain/compare/model-details";
import { DomainError } from "@/lib/errors";

async function ok(p: ReturnType<typeof call>) {
  const r = await p;
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- wire JSON in tests
}

const bytes = (s: string) =>
  (async function* () {
    yield Buffer.from(s);
  })();

async function experiment(): Promise<string> {
  return (await ok(call(createExperimentRoute, "POST", { name: uniqueName("cmp") }))).experiment_id;
}

async function run(experimentId: string, name: string, spec: { params?: Record<string, string>; metrics?: [string, number, number][]; tags?: Record<string, string> } = {}) {
  const r = await ok(call(createRunRoute, "POST", { experiment_id: experimentId, run_name: name, start_time: 1_000, tags: Object.entries(spec.tags ?? {}).map(([key, value]) => ({ key, value })) }));
  const id: string = r.run.info.run_id;
  await ok(
    call(logBatchRoute, "POST", {
      run_id: id,
      params: Object.entries(spec.params ?? {}).map(([key, value]) => ({ key, value })),
      metrics: (spec.metrics ?? []).map(([key, value, step]) => ({ key, value, step, timestamp: 1_000 + step })),
    }),
  );
  await ok(call(updateRunRoute, "POST", { run_id: id, status: "FINISHED", end_time: 61_000 }));
  return { id, artifactRoot: String(r.run.info.artifact_uri).replace(/^mlflow-artifacts:\/+/, "") };
}

async function promptVersion(name: string, template: string, message: string): Promise<string> {
  await call(createRegisteredModelRoute, "POST", { name, tags: [{ key: "mlflow.prompt.is_prompt", value: "true" }] });
  const r = await ok(
    call(createModelVersionRoute, "POST", {
      name,
      source: "prompt-template",
      description: message,
      tags: [
        { key: "mlflow.prompt.is_prompt", value: "true" },
        { key: "mlflow.prompt.text", value: template },
      ],
    }),
  );
  return r.model_version.version;
}

const MLMODEL = `artifact_path: sentiment_analyzer
flavors:
  python_function:
    loader_module: mlflow.pyfunc.model
    python_version: 3.11.9
mlflow_version: 3.1.0
saved_input_example_info:
  artifact_path: input_example.json
  pandas_orient: split
  type: dataframe
signature:
  inputs: '[{"type": "string", "name": "text", "required": true}]'
  outputs: '[{"type": "string", "name": "sentiment", "required": true}]'
  params: null
`;

async function loggedModel(experimentId: string, runId: string, modelType: string, example: string) {
  const r = await ok(call(createLoggedModelRoute, "POST", { experiment_id: experimentId, name: "sentiment_analyzer", source_run_id: runId, model_type: modelType }));
  const id: string = r.model.info.model_id;
  await ok(call(outputsRoute, "POST", { run_id: runId, models: [{ model_id: id, step: 0 }] }));
  const root = String(r.model.info.artifact_uri).replace(/^mlflow-artifacts:\/+/, "");
  await putArtifact(`${root}/MLmodel`, bytes(MLMODEL));
  await putArtifact(`${root}/input_example.json`, bytes(JSON.stringify({ columns: ["text"], data: [[example]] })));
  return id;
}

async function seed() {
  const exp = await experiment();
  const prompt = uniqueName("sentiment").replace(/[^a-zA-Z0-9_.-]/g, "-");
  const pv1 = await promptVersion(prompt, "Analyze the sentiment of: {{text}}", "initial");
  const pv2 = await promptVersion(prompt, "Classify the sentiment of: {{text}}", "constrained");
  await ok(call(aliasRoute, "POST", { name: prompt, alias: "production", version: pv2 }));
  const v1 = await run(exp, "sentiment_v1", {
    params: { prompt_template: "Analyze the sentiment of the following text: {text}", model_type: "simple_keyword", temperature: "0" },
    metrics: [
      ["accuracy", 0.62, 0],
      ["loss", 0.9, 0],
      ["loss", 0.7, 1],
      ["loss", 0.6, 2],
    ],
    tags: { team: "nlp" },
  });
  const v2 = await run(exp, "sentiment_v2", {
    params: { prompt_template: "Classify the sentiment of the following text: {text}", model_type: "advanced_llm_sim", temperature: "0", extra: "x" },
    metrics: [
      ["accuracy", 0.81, 0],
      ["latency_ms", 340, 0],
    ],
    tags: { team: "nlp", "mlflow.note.content": "better prompt" },
  });
  await ok(call(setTagRoute, "POST", { run_id: v1.id, key: "mlflow.linkedPrompts", value: JSON.stringify([{ name: prompt, version: pv1 }]) }));
  await ok(call(setTagRoute, "POST", { run_id: v2.id, key: "mlflow.linkedPrompts", value: JSON.stringify([{ name: prompt, version: pv2 }]) }));
  const m1 = await loggedModel(exp, v1.id, "simple_keyword", "This is a happy day!");
  const m2 = await loggedModel(exp, v2.id, "advanced_llm_sim", "I am absolutely thrilled!");
  await putArtifact(`${v1.artifactRoot}/eval/results.json`, bytes(`{"n": 500, "accuracy": 0.62}`));
  await putArtifact(`${v2.artifactRoot}/eval/results.json`, bytes(`{"accuracy": 0.81, "n": 500}`));
  await putArtifact(`${v2.artifactRoot}/eval/blob.bin`, bytes("\u0000\u0001binary"));
  // An MLflow 2 style model directory inside the run's own artifacts.
  await putArtifact(`${v2.artifactRoot}/legacy_model/MLmodel`, bytes("flavors:\n  sklearn:\n    sklearn_version: 1.5.0\n"));
  return { exp, prompt, pv1, pv2, v1: v1.id, v2: v2.id, m1, m2 };
}

describe("loadComparison", () => {
  it("loads runs in the requested order, one row per key with a value per run", async () => {
    const s = await seed();
    const data = await loadComparison([s.v2, "0".repeat(32), s.v1, s.v2]);
    expect(data.runs.map((r) => r.name)).toEqual(["sentiment_v2", "sentiment_v1"]);
    expect(data.missing).toEqual(["0".repeat(32)]);
    expect(data.runs[0]).toMatchObject({ experimentId: s.exp, status: "FINISHED", startTime: 1000, endTime: 61000 });
    expect(data.experiments).toHaveLength(1);

    const param = (k: string) => data.params.find((p) => p.key === k)?.values;
    expect(data.params.map((p) => p.key)).toEqual(["extra", "model_type", "prompt_template", "temperature"]);
    expect(param("model_type")).toEqual(["advanced_llm_sim", "simple_keyword"]);
    expect(param("extra")).toEqual(["x", null]);

    const metric = (k: string) => data.metrics.find((m) => m.key === k)?.values;
    expect(metric("accuracy")?.map((c) => c?.value)).toEqual([0.81, 0.62]);
    expect(metric("loss")).toEqual([null, { value: 0.6, step: 2, timestamp: 1002 }]);
    expect(metric("latency_ms")?.[1]).toBeNull();

    // Run name and linked prompts are shown elsewhere; other tags are compared.
    const tagKeys = data.tags.map((t) => t.key);
    expect(tagKeys).toContain("team");
    expect(tagKeys).toContain("mlflow.note.content");
    expect(tagKeys).not.toContain("mlflow.runName");
    expect(tagKeys).not.toContain("mlflow.linkedPrompts");
  });

  it("includes each run's linked prompt versions with template, aliases and commit message", async () => {
    const s = await seed();
    const data = await loadComparison([s.v1, s.v2]);
    expect(data.prompts[0]).toEqual([
      expect.objectContaining({ name: s.prompt, version: Number(s.pv1), template: "Analyze the sentiment of: {{text}}", commitMessage: "initial", aliases: [], via: "run" }),
    ]);
    expect(data.prompts[1]).toEqual([expect.objectContaining({ name: s.prompt, version: Number(s.pv2), aliases: ["production"], variables: ["text"] })]);
  });

  it("includes logged models with flavors, signature and input example, and MLflow 2 model directories", async () => {
    const s = await seed();
    const data = await loadComparison([s.v1, s.v2]);
    expect(data.models[0]).toHaveLength(1);
    expect(data.models[0][0]).toMatchObject({
      modelId: s.m1,
      name: "sentiment_analyzer",
      modelType: "simple_keyword",
      role: "output",
      source: "logged",
      flavors: ["python_function"],
      signature: { inputs: "text: string", outputs: "sentiment: string", params: null },
      inputExample: '{ "text": "This is a happy day!" }',
    });
    expect(data.models[0][0].environment).toContain("python 3.11.9");
    const v2Models = data.models[1];
    expect(v2Models.map((m) => [m.name, m.source])).toEqual([
      ["sentiment_analyzer", "logged"],
      ["legacy_model", "artifact"],
    ]);
    expect(v2Models[0].inputExample).toContain("thrilled");
    expect(v2Models[1]).toMatchObject({ modelId: `runs:/${s.v2}/legacy_model`, flavors: ["sklearn"] });
  });

  it("lists every artifact file with its size", async () => {
    const s = await seed();
    const data = await loadComparison([s.v1, s.v2]);
    expect(data.artifacts[0]).toEqual({ files: [{ path: "eval/results.json", size: 28 }], truncated: false });
    expect(data.artifacts[1].files.map((f) => f.path)).toEqual(["eval/blob.bin", "eval/results.json", "legacy_model/MLmodel"]);
  });

  it("returns an empty model for no runs", async () => {
    expect(await loadComparison([])).toMatchObject({ runs: [], missing: [], params: [] });
  });
});

describe("metric directions", () => {
  it("are stored as experiment tags and come back with the comparison", async () => {
    const s = await seed();
    const other = await experiment();
    const r = await run(other, "elsewhere", { metrics: [["accuracy", 0.5, 0]] });
    await setMetricDirection([s.exp, other], "accuracy", "lower");
    const data = await loadComparison([s.v1, r.id]);
    expect(data.experiments.map((e) => e.directions)).toEqual([{ accuracy: "lower" }, { accuracy: "lower" }]);
    const got = await call(getExperimentRoute, "GET", { experiment_id: s.exp });
    expect((got.body.experiment as { tags: { key: string; value: string }[] }).tags).toContainEqual({ key: "runboard.metric_direction.accuracy", value: "lower" });
    await setMetricDirection([s.exp], "accuracy", "higher");
    expect((await loadComparison([s.v1])).experiments[0].directions).toEqual({ accuracy: "higher" });
  });

  it("refuses keys too long for a tag", async () => {
    const s = await seed();
    await expect(setMetricDirection([s.exp], "k".repeat(240), "lower")).rejects.toBeInstanceOf(DomainError);
  });
});

describe("lazy loads", () => {
  it("loads sampled histories per run", async () => {
    const s = await seed();
    const h = await loadMetricHistories([s.v1, s.v2], "loss");
    expect(h[s.v1].map((p) => [p.step, p.value])).toEqual([
      [0, 0.9],
      [1, 0.7],
      [2, 0.6],
    ]);
    expect(h[s.v2]).toEqual([]);
    const long = await run(s.exp, "long", { metrics: Array.from({ length: 40 }, (_, i) => ["loss", 1 / (i + 1), i] as [string, number, number]) });
    const sampled = (await loadMetricHistories([long.id], "loss", 5))[long.id];
    expect(sampled.length).toBeGreaterThanOrEqual(5);
    expect(sampled.length).toBeLessThanOrEqual(6); // evenly spaced picks, plus the last step always
    expect(sampled[0].step).toBe(0);
    expect(sampled.at(-1)?.step).toBe(39);
  });

  it("reads artifact texts, JSON key-sorted, and flags missing and binary files", async () => {
    const s = await seed();
    const [a, b] = await readArtifactTexts([s.v1, s.v2], "eval/results.json");
    expect(a).toMatchObject({ runId: s.v1, json: true, missing: false, text: '{\n  "accuracy": 0.62,\n  "n": 500\n}' });
    expect(b.text).toBe('{\n  "accuracy": 0.81,\n  "n": 500\n}');
    const [missing, binary] = await readArtifactTexts([s.v1, s.v2], "eval/blob.bin");
    expect(missing).toMatchObject({ missing: true, text: null });
    expect(binary).toMatchObject({ missing: false, binary: true, text: null });
  });
});

describe("modelDetailsView", () => {
  it("turns parsed MLmodel details into comparable text", () => {
    expect(modelDetailsView(null)).toBeNull();
    expect(modelDetailsView({ flavors: [], parseError: "bad yaml" })).toBeNull();
    const v = modelDetailsView({
      flavors: ["python_function", "transformers"],
      signature: {
        inputs: [{ name: "q", type: "string", required: false, typeLabel: "string" }],
        outputs: [{ type: "double", required: true, typeLabel: "double" }],
        params: [{ name: "temperature", type: "float", default: 0.2, shape: null, typeLabel: "float" }],
      },
      inputExample: { type: "json_object", artifactPath: "input_example.json", data: { b: 1, a: [1, 2] }, truncated: false, size: 10 },
      requirements: ["mlflow==3.1.0", "torch"],
    });
    expect(v).toEqual({
      flavors: ["python_function", "transformers"],
      signature: { inputs: "q?: string", outputs: "[0]: double", params: "temperature: float = 0.2" },
      inputExample: '{\n  "a": [\n    1,\n    2\n  ],\n  "b": 1\n}',
      environment: null,
      requirements: "mlflow==3.1.0\ntorch",
    });
  });
});
