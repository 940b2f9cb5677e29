// The compare page on the seed scenario (sentiment_v1 vs sentiment_v2), logged through the
// MLflow REST API the way the Python client does: params (prompt_template, model_type), metrics,
// linked prompt versions, a logged model with MLmodel + input example, run artifacts.
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { callApi, createExperiment, linkPromptsToRun, logRun, registerPrompt, snap, uniqueName, uploadArtifact } from "./fixtures";

const V1_TEMPLATE = "Analyze the sentiment of the following text: {text}";
const V2_TEMPLATE = "Classify the sentiment of the following text. Respond with only 'positive', 'negative', or 'neutral'. Text: {text}";

const mlmodel = (modelId: string, runId: string) => `artifact_path: sentiment_analyzer
flavors:
  python_function:
    loader_module: mlflow.pyfunc.model
    python_model: python_model.pkl
    python_version: 3.11.9
mlflow_version: 3.1.0
model_id: ${modelId}
run_id: ${runId}
saved_input_example_info:
  artifact_path: input_example.json
  pandas_orient: split
  type: dataframe
signature:
  inputs: '[{"type": "string", "name": "text", "required": true}]'
  outputs: '[{"type": "string", "name": "sentiment", "required": true}]'
  params: null
utc_time_created: '2026-11-21 10:00:00.000000'
`;

async function logModel(request: APIRequestContext, experimentId: string, runId: string, modelType: string, example: string) {
  const { model } = await callApi<{ model: { info: { model_id: string; artifact_uri: string } } }>(request, "POST", "logged-models", {
    experiment_id: experimentId,
    name: "sentiment_analyzer",
    source_run_id: runId,
    model_type: modelType,
  });
  const id = model.info.model_id;
  await callApi(request, "POST", "runs/outputs", { run_id: runId, models: [{ model_id: id, step: 0 }] });
  const root = model.info.artifact_uri.replace(/^mlflow-artifacts:\/+/, "");
  for (const [file, body] of [
    ["MLmodel", mlmodel(id, runId)],
    ["input_example.json", JSON.stringify({ columns: ["text"], data: [[example]] })],
  ]) {
    const res = await request.put(`/api/2.0/mlflow-artifacts/artifacts/${root}/${file}`, { data: body });
    expect(res.status()).toBe(200);
  }
  await callApi(request, "PATCH", `logged-models/${id}`, { model_id: id, status: "LOGGED_MODEL_READY" });
}

interface Seed {
  experimentId: string;
  v1: string;
  v2: string;
  promptName: string;
}

async function seedScenario(request: APIRequestContext): Promise<Seed> {
  const experimentId = await createExperiment(request, uniqueName("sentiment"));
  const promptName = uniqueName("sentiment-prompt");
  const pv1 = await registerPrompt(request, promptName, "Analyze the sentiment of the following text: {{text}}", "initial prompt");
  const pv2 = await registerPrompt(request, promptName, "Classify the sentiment of the following text. Respond with only 'positive', 'negative', or 'neutral'. Text: {{text}}", "constrain the answer");
  const start = Date.now() - 3_600_000;
  const common = { temperature: "0.0", dataset: "tweets-v3" };
  const v1 = await logRun(request, experimentId, {
    name: "sentiment_v1",
    startTime: start,
    params: { prompt_template: V1_TEMPLATE, model_type: "simple_keyword", ...common },
    metrics: { accuracy: 0.62, latency_ms: 12 },
    histories: { loss: [0.9, 0.8, 0.74, 0.7, 0.69] },
    tags: { team: "nlp" },
  });
  const v2 = await logRun(request, experimentId, {
    name: "sentiment_v2",
    startTime: start + 600_000,
    params: { prompt_template: V2_TEMPLATE, model_type: "advanced_llm_sim", ...common },
    metrics: { accuracy: 0.81, latency_ms: 340 },
    histories: { loss: [0.9, 0.6, 0.45, 0.38, 0.33] },
    tags: { team: "nlp" },
  });
  await linkPromptsToRun(request, v1, [{ name: promptName, version: pv1 }]);
  await linkPromptsToRun(request, v2, [{ name: promptName, version: pv2 }]);
  await logModel(request, experimentId, v1, "simple_keyword", "This is a happy day!");
  await logModel(request, experimentId, v2, "advanced_llm_sim", "I am absolutely thrilled with the service!");
  await uploadArtifact(request, experimentId, v1, "eval/results.json", JSON.stringify({ accuracy: 0.62, n: 500 }), "application/json");
  await uploadArtifact(request, experimentId, v2, "eval/results.json", JSON.stringify({ n: 500, accuracy: 0.81 }), "application/json");
  return { experimentId, v1, v2, promptName };
}

/** Opens a compare URL and waits until the table is hydrated (the server renders it first). */
async function open(page: Page, url: string) {
  await page.goto(url);
  await expect(page.getByTestId("compare-table")).toHaveAttribute("data-hydrated", "true");
}

const row = (page: Page, id: string) => page.getByTestId(`row:${id}`);
const cell = (page: Page, id: string, col: number) => row(page, id).getByRole("cell").nth(col);

test.describe("compare sentiment_v1 and sentiment_v2", () => {
  // Each test seeds its runs through the REST API first (tens of requests).
  test.slow();

  test("prompt and model diffs, differences only, baseline flip, shareable URL", async ({ page, request, context }, testInfo) => {
    const seed = await seedScenario(request);
    await open(page, `/compare?runs=${seed.v1},${seed.v2}`);
    await expect(page.getByRole("heading", { name: "Compare runs" })).toBeVisible();
    await expect(page.getByRole("columnheader", { name: "sentiment_v1" })).toHaveAttribute("data-baseline", "true");

    // The prompt template param is diffed word by word against the baseline's.
    const tmpl = cell(page, "rt:prompt_template", 1);
    await expect(tmpl.locator('[data-diff="removed"]').first()).toHaveText("Analyze");
    await expect(tmpl.locator('[data-diff="added"]').first()).toHaveText("Classify");
    await expect(tmpl.locator('[data-diff="added"]', { hasText: "Respond with only" })).toBeVisible();
    // So is the linked prompt version's template (v1 → v2, with the alias-free version chip).
    const prompt = cell(page, `r:${seed.promptName}`, 1);
    await expect(prompt).toContainText("v2");
    await expect(prompt.locator('[data-diff="added"]').first()).toHaveText("Classify");

    // model_type differs; temperature does not.
    await expect(row(page, "p:model_type")).toHaveAttribute("data-differs", "true");
    await expect(cell(page, "p:model_type", 0)).toHaveText("simple_keyword");
    await expect(cell(page, "p:model_type", 1)).toHaveText("advanced_llm_sim");
    await expect(row(page, "p:temperature")).not.toHaveAttribute("data-differs", "true");

    // Models: model type, signature, input example diffed against the baseline's.
    await expect(cell(page, "l:sentiment_analyzer:model", 1)).toContainText("advanced_llm_sim");
    await expect(cell(page, "l:sentiment_analyzer:signature", 0)).toContainText("text: string");
    await expect(cell(page, "l:sentiment_analyzer:example", 1).locator('[data-diff="added"]').first()).toBeVisible();
    await expect(cell(page, "l:sentiment_analyzer:example", 1)).toContainText("thrilled");

    // Deltas against the baseline (v1): accuracy up is better, latency up is worse.
    await expect(cell(page, "m:accuracy", 1).getByTestId("delta")).toHaveAttribute("data-change", "better");
    await expect(cell(page, "m:accuracy", 1).getByTestId("delta")).toContainText("+0.19");
    await expect(cell(page, "m:latency_ms", 1).getByTestId("delta")).toHaveAttribute("data-change", "worse");
    await snap(page, testInfo, "compare-seed-light");
    await page.emulateMedia({ colorScheme: "dark" });
    await snap(page, testInfo, "compare-seed-dark");
    await page.emulateMedia({ colorScheme: "light" });

    // Differences only (global) hides equal rows, in every section.
    await page.getByLabel("Differences only (all sections)").check();
    await expect(row(page, "p:temperature")).toHaveCount(0);
    await expect(row(page, "p:dataset")).toHaveCount(0);
    await expect(row(page, "t:team")).toHaveCount(0);
    await expect(row(page, "p:model_type")).toBeVisible();
    await expect(row(page, "m:accuracy")).toBeVisible();
    await expect(page).toHaveURL(/[?&]d=all/);
    // One section back to everything.
    await page.getByLabel("Parameters: differences only").uncheck();
    await expect(row(page, "p:temperature")).toBeVisible();
    await expect(row(page, "t:team")).toHaveCount(0);

    // Switching the baseline flips the deltas.
    await page.getByRole("button", { name: "Use sentiment_v2 as baseline" }).click();
    await expect(page.getByRole("columnheader", { name: "sentiment_v2" })).toHaveAttribute("data-baseline", "true");
    await expect(cell(page, "m:accuracy", 0).getByTestId("delta")).toContainText("−0.19");
    await expect(cell(page, "m:accuracy", 0).getByTestId("delta")).toHaveAttribute("data-change", "worse");
    await expect(cell(page, "m:latency_ms", 0).getByTestId("delta")).toHaveAttribute("data-change", "better");
    await expect(cell(page, "rt:prompt_template", 0).locator('[data-diff="removed"]').first()).toHaveText("Classify");
    await expect(page).toHaveURL(new RegExp(`[?&]baseline=${seed.v2}`));

    // The URL reopens the same view.
    const url = page.url();
    const again = await context.newPage();
    await open(again, url);
    await expect(again.getByRole("columnheader", { name: "sentiment_v2" })).toHaveAttribute("data-baseline", "true");
    await expect(cell(again, "m:accuracy", 0).getByTestId("delta")).toContainText("−0.19");
    await expect(row(again, "t:team")).toHaveCount(0);
    await expect(row(again, "p:temperature")).toBeVisible();
    await expect(again.getByLabel("Parameters: differences only")).not.toBeChecked();
    await expect(again.getByLabel("Metrics: differences only")).toBeChecked();
    await again.close();

    // Copy link puts the same URL on the clipboard.
    await context.grantPermissions(["clipboard-read", "clipboard-write"]);
    await page.getByRole("button", { name: "Copy link" }).click();
    await expect(page.getByRole("button", { name: "Copied" })).toBeVisible();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(page.url());
  });

  test("reorder, hide, metric direction, artifact diff and histories", async ({ page, request }, testInfo) => {
    const seed = await seedScenario(request);
    await open(page, `/compare?runs=${seed.v1},${seed.v2}`);
    const headers = page.locator('[role="columnheader"][data-run-id]');
    await expect(headers).toHaveCount(2);

    // Reorder: v2 first. The first visible run is the default baseline.
    await page.getByRole("button", { name: "Move sentiment_v2 left" }).click();
    await expect(headers.first()).toHaveAttribute("data-run-id", seed.v2);
    await expect(page).toHaveURL(new RegExp(`runs=${seed.v2},${seed.v1}`));

    // Hide v1: one column left, the URL marks it hidden, the menu brings it back.
    await page.getByRole("button", { name: "Hide sentiment_v1" }).click();
    await expect(headers).toHaveCount(1);
    await expect(page).toHaveURL(new RegExp(`runs=${seed.v2},-${seed.v1}`));
    await page.getByText("1 hidden", { exact: true }).click();
    await page.getByRole("button", { name: "Show", exact: true }).click();
    await expect(headers).toHaveCount(2);

    // accuracy is guessed higher-is-better; switching it is remembered on the experiment.
    const dir = row(page, "m:accuracy").getByRole("button", { name: /is better/ });
    await expect(dir).toHaveAttribute("data-direction", "higher");
    await expect(cell(page, "m:accuracy", 1).getByTestId("delta")).toHaveAttribute("data-change", "worse");
    await dir.click();
    await expect(dir).toHaveAttribute("data-direction", "lower");
    await expect(cell(page, "m:accuracy", 1).getByTestId("delta")).toHaveAttribute("data-change", "better");
    await expect
      .poll(async () => {
        const r = await callApi<{ experiment: { tags?: { key: string; value: string }[] } }>(request, "GET", "experiments/get", { experiment_id: seed.experimentId });
        return r.experiment.tags?.find((t) => t.key === "runboard.metric_direction.accuracy")?.value;
      })
      .toBe("lower");
    await page.reload();
    await expect(page.getByTestId("compare-table")).toHaveAttribute("data-hydrated", "true");
    await expect(row(page, "m:accuracy").getByRole("button", { name: /is better/ })).toHaveAttribute("data-direction", "lower");

    // A JSON artifact present in both runs is diffed against the baseline's (keys sorted).
    await row(page, "a:eval/results.json").getByRole("button", { name: /diff/i }).click();
    const dialog = page.getByRole("dialog");
    await expect(dialog.getByTestId("artifact-diff")).toBeVisible();
    const changed = dialog.locator('[data-line="changed"]');
    await expect(changed).toHaveCount(1);
    await expect(changed).toContainText('"accuracy": 0.81');
    await expect(changed).toContainText('"accuracy": 0.62');
    await expect(changed.locator('[data-diff="removed"]')).toHaveText("81");
    await expect(page).toHaveURL(/[?&]af=eval\/results\.json/);
    await snap(page, testInfo, "compare-artifact-diff");
    await dialog.getByRole("button", { name: "Close" }).click();
    await expect(page).not.toHaveURL(/[?&]af=/);

    // Overlaid histories load lazily when the charts come into view.
    await page.getByRole("link", { name: "Charts ↓" }).click();
    const loss = page.getByTestId("history-loss");
    await expect(loss).toContainText("10 points");
    await snap(page, testInfo, "compare-charts");
  });

  test("30 runs across two experiments", async ({ page, request }, testInfo) => {
    const expA = await createExperiment(request, uniqueName("cmp-wide-a"));
    const expB = await createExperiment(request, uniqueName("cmp-wide-b"));
    const ids: string[] = [];
    for (let i = 0; i < 30; i++) {
      const params: Record<string, string> = { lr: String(0.001 * (1 + (i % 5))), batch_size: String(16 << i % 3), optimizer: i % 2 ? "adam" : "sgd" };
      for (let k = 0; k < 20; k++) params[`layer_${k}.dropout`] = String(k % 3 === 0 ? 0.1 : ((i + k) % 4) / 10);
      const metrics: Record<string, number> = {};
      for (let k = 0; k < 10; k++) metrics[`eval/metric_${k}`] = Math.round((0.5 + Math.sin(i + k) / 4) * 1000) / 1000;
      ids.push(
        await logRun(request, i % 2 ? expB : expA, {
          name: `run-${String(i).padStart(2, "0")}`,
          params,
          metrics,
          histories: { val_loss: Array.from({ length: 20 }, (_, s) => 1 / (1 + s * (0.1 + i / 100))) },
        }),
      );
    }
    await open(page, `/compare?runs=${ids.join(",")}`);
    await expect(page.locator('[role="columnheader"][data-run-id]')).toHaveCount(30);
    await expect(page.getByText("30 runs across 2 experiments")).toBeVisible();
    await expect(row(page, "p:optimizer")).toHaveAttribute("data-differs", "true");
    await snap(page, testInfo, "compare-30-light");
    await page.emulateMedia({ colorScheme: "dark" });
    await snap(page, testInfo, "compare-30-dark");
  });
});
