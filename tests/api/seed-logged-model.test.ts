// The logged-model part of the seed snippet (its log_model steps; docs/mlflow-compatibility.md#logged-models), replayed as the MLflow 3
// Python client sends it: create the model with the run's params, upload the model directory
// file by file (raw bytes, client-guessed Content-Types), finalize, read it all back — then
// download it the way `mlflow.pyfunc.load_model("models:/<id>")` does, and read the MLmodel
// details the run page shows. Runs (steps 1–4, 6) are written through Prisma: those endpoints
// belong to the tracking routes and have their own tests.
import { createHash } from "node:crypto";
import { describe, expect, test } from "vitest";
import * as createRoute from "@/app/api/2.0/mlflow/logged-models/route";
import * as modelRoute from "@/app/api/2.0/mlflow/logged-models/[model_id]/route";
import * as dirsRoute from "@/app/api/2.0/mlflow/logged-models/[model_id]/artifacts/directories/route";
import * as artifactsRoute from "@/app/api/2.0/mlflow-artifacts/artifacts/[[...path]]/route";
import { db } from "@/lib/db";
import { artifactUriToPath } from "@/lib/domain/artifacts/paths";
import { listLoggedModelsForRuns } from "@/lib/domain/logged-models/records";
import { getLoggedModelDetails } from "@/lib/domain/mlmodel/read";
import { callArtifacts, json, makeRun } from "@/tests/api/artifact-fixtures";
import {
  SEED_CONDA,
  SEED_INPUT_EXAMPLE,
  SEED_PICKLE,
  SEED_PYTHON_ENV,
  SEED_REQUIREMENTS,
  SEED_SERVING_INPUT,
  seedMlmodel,
} from "@/tests/api/mlmodel-fixtures";
import { call } from "@/tests/helpers";

type Info = { model_id: string; artifact_uri: string; status: string; name: string; source_run_id: string; tags?: unknown };

describe("seed snippet: mlflow.pyfunc.log_model(artifact_path='sentiment_analyzer', …)", () => {
  test("create → upload → finalize → read back → download → MLmodel details", async () => {
    // Steps 1–3: the run and its params (experiment "0", as the snippet sets no experiment).
    const run = await makeRun("0", "sentiment_v1");
    await db.param.createMany({
      data: [
        { runId: run.runId, key: "prompt_template", value: "Classify the sentiment of: {text}" },
        { runId: run.runId, key: "model_type", value: "simple_keyword" },
      ],
    });

    // Step 5: POST logged-models with the run's params copied over.
    let res = await call(createRoute.POST, "POST", {
      experiment_id: "0",
      name: "sentiment_analyzer",
      source_run_id: run.runId,
      params: [
        { key: "prompt_template", value: "Classify the sentiment of: {text}" },
        { key: "model_type", value: "simple_keyword" },
      ],
      tags: [
        { key: "mlflow.user", value: "tomas" },
        { key: "mlflow.source.name", value: "seed.py" },
        { key: "mlflow.source.type", value: "LOCAL" },
      ],
    });
    expect(res.status).toBe(200);
    const created = (res.body.model as { info: Info }).info;
    const modelId = created.model_id;
    expect(created.status).toBe("LOGGED_MODEL_PENDING");
    expect(created.artifact_uri).toBe(`mlflow-artifacts:/0/models/${modelId}/artifacts`);

    // Step 6: runs/outputs (stored by the tracking routes; written directly here).
    await db.runModelOutput.create({ data: { runId: run.runId, modelId, step: 0n } });

    // Step 8: one PUT per file to /api/2.0/mlflow-artifacts/artifacts/<artifact_uri path>/<file>.
    const files: [string, string | Buffer, string][] = [
      ["MLmodel", seedMlmodel({ modelId, runId: run.runId, artifactUri: created.artifact_uri }), "text/plain"],
      ["conda.yaml", SEED_CONDA, "text/plain"],
      ["python_env.yaml", SEED_PYTHON_ENV, "text/plain"],
      ["requirements.txt", SEED_REQUIREMENTS, "text/plain"],
      ["python_model.pkl", SEED_PICKLE, "application/octet-stream"],
      ["input_example.json", SEED_INPUT_EXAMPLE, "application/json"],
      ["serving_input_example.json", SEED_SERVING_INPUT, "application/json"],
    ];
    const base = artifactUriToPath(created.artifact_uri);
    for (const [name, body, type] of files) {
      const put = await callArtifacts(artifactsRoute.PUT, "PUT", `${base}/${name}`, { body: typeof body === "string" ? body : new Uint8Array(body), headers: { "Content-Type": type } });
      expect(put.status).toBe(200);
      expect(await json(put)).toEqual({});
    }

    // Step 9: finalize.
    res = await call(modelRoute.PATCH, "PATCH", { model_id: modelId, status: "LOGGED_MODEL_READY" }, { model_id: modelId });
    expect(res.status).toBe(200);
    expect((res.body.model as { info: Info }).info.status).toBe("LOGGED_MODEL_READY");

    // Read back: GET logged-models/{id}.
    res = await call(modelRoute.GET, "GET", {}, { model_id: modelId });
    expect(res.status).toBe(200);
    expect(res.body.model).toMatchObject({
      info: {
        model_id: modelId,
        experiment_id: "0",
        name: "sentiment_analyzer",
        source_run_id: run.runId,
        status: "LOGGED_MODEL_READY",
        artifact_uri: created.artifact_uri,
        tags: [
          { key: "mlflow.source.name", value: "seed.py" },
          { key: "mlflow.source.type", value: "LOCAL" },
          { key: "mlflow.user", value: "tomas" },
        ],
      },
      data: {
        params: [
          { key: "model_type", value: "simple_keyword" },
          { key: "prompt_template", value: "Classify the sentiment of: {text}" },
        ],
      },
    });

    // The UI listing of the model's files.
    res = await call(dirsRoute.GET, "GET", {}, { model_id: modelId });
    expect((res.body.files as { path: string }[]).map((f) => f.path)).toEqual(files.map(([n]) => n).sort());

    // models:/<id> download: GET logged-models → list the artifact URI → GET each file.
    const listing = await json(await callArtifacts(artifactsRoute.GET, "GET", [], { query: { path: base } }));
    const listed = (listing.files as { path: string; is_dir: boolean; file_size: number }[]) ?? [];
    expect(listed.every((f) => !f.is_dir && !f.path.includes("/"))).toBe(true);
    for (const [name, body] of files) {
      const entry = listed.find((f) => f.path === name);
      expect(entry?.file_size).toBe(Buffer.byteLength(body));
      const got = await callArtifacts(artifactsRoute.GET, "GET", `${base}/${name}`);
      expect(got.status).toBe(200);
      const bytes = Buffer.from(await got.arrayBuffer());
      expect(createHash("sha256").update(bytes).digest("hex")).toBe(createHash("sha256").update(body).digest("hex"));
    }

    // The run page: models of the run, and what the MLmodel says.
    const byRun = await listLoggedModelsForRuns([run.runId]);
    expect(byRun[run.runId].map((m) => m.modelId)).toEqual([modelId]);
    const details = await getLoggedModelDetails(modelId);
    expect(details).toMatchObject({
      flavors: ["python_function"],
      pythonFunction: { loaderModule: "mlflow.pyfunc.model", pythonVersion: "3.11.9", pythonModel: "python_model.pkl" },
      signature: {
        inputs: [{ name: "text", type: "string", required: true, typeLabel: "string" }],
        outputs: [
          { name: "sentiment", type: "string", required: true },
          { name: "score", type: "double", required: false },
        ],
      },
      inputExample: {
        type: "dataframe",
        pandasOrient: "split",
        table: { columns: ["text"], rows: [["I love this product!"], ["This is terrible."], ["It's okay, nothing special."]], totalRows: 3 },
        truncated: false,
      },
      modelId,
      runId: run.runId,
      mlflowVersion: "3.1.0",
      requirements: ["mlflow==3.1.0", "cloudpickle==3.1.1", "pandas==2.2.3"],
    });
    expect(details?.prompts).toBeUndefined();
    await expect(getLoggedModelDetails("m-doesnotexist")).rejects.toMatchObject({ code: "RESOURCE_DOES_NOT_EXIST" });
  });

  test("a model still PENDING, with no files yet, has no details", async () => {
    const res = await call(createRoute.POST, "POST", { experiment_id: "0", name: "pending_model" });
    const id = (res.body.model as { info: Info }).info.model_id;
    expect(await getLoggedModelDetails(id)).toBeNull();
  });
});
