// API helpers for e2e tests: seed data through the MLflow REST API, the way a real client does.
import { expect, type APIRequestContext, type TestInfo } from "@playwright/test";
import { randomBytes } from "node:crypto";
import path from "node:path";

export const uniqueName = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${randomBytes(3).toString("hex")}`;

async function api<T = Record<string, unknown>>(request: APIRequestContext, method: "GET" | "POST" | "PATCH" | "DELETE", endpoint: string, body?: Record<string, unknown>): Promise<T> {
  const url = `/api/2.0/mlflow/${endpoint}`;
  const res =
    method === "GET"
      ? await request.get(url, { params: body as Record<string, string> })
      : await request.fetch(url, { method, data: body ?? {}, headers: { "Content-Type": "application/json" } });
  const text = await res.text();
  expect(res.status(), `${method} ${endpoint} → ${text}`).toBe(200);
  return JSON.parse(text) as T;
}
export { api as callApi };

export async function createExperiment(request: APIRequestContext, name: string, tags: Record<string, string> = {}): Promise<string> {
  const r = await api<{ experiment_id: string }>(request, "POST", "experiments/create", {
    name,
    tags: Object.entries(tags).map(([key, value]) => ({ key, value })),
  });
  return r.experiment_id;
}

export interface RunSpec {
  name?: string;
  params?: Record<string, string>;
  metrics?: Record<string, number>;
  /** Full histories: key → values by step. */
  histories?: Record<string, number[]>;
  tags?: Record<string, string>;
  startTime?: number;
  status?: "FINISHED" | "FAILED" | "RUNNING" | "KILLED";
}

export async function logRun(request: APIRequestContext, experimentId: string, spec: RunSpec = {}): Promise<string> {
  const start = spec.startTime ?? Date.now();
  const { run } = await api<{ run: { info: { run_id: string } } }>(request, "POST", "runs/create", {
    experiment_id: experimentId,
    run_name: spec.name,
    start_time: start,
    tags: Object.entries(spec.tags ?? {}).map(([key, value]) => ({ key, value })),
  });
  const runId = run.info.run_id;
  const metrics: { key: string; value: number; timestamp: number; step: number }[] = [];
  for (const [key, value] of Object.entries(spec.metrics ?? {})) metrics.push({ key, value, timestamp: start, step: 0 });
  for (const [key, values] of Object.entries(spec.histories ?? {})) values.forEach((value, step) => metrics.push({ key, value, timestamp: start + step, step }));
  const params = Object.entries(spec.params ?? {}).map(([key, value]) => ({ key, value }));
  for (let i = 0; i < Math.max(metrics.length, 1); i += 1000) {
    await api(request, "POST", "runs/log-batch", { run_id: runId, metrics: metrics.slice(i, i + 1000), params: i === 0 ? params : [] });
  }
  await api(request, "POST", "runs/update", { run_id: runId, status: spec.status ?? "FINISHED", end_time: start + 60_000 });
  return runId;
}

export async function uploadArtifact(request: APIRequestContext, experimentId: string, runId: string, relPath: string, body: string | Buffer, contentType = "application/octet-stream") {
  const res = await request.put(`/api/2.0/mlflow-artifacts/artifacts/${experimentId}/${runId}/artifacts/${relPath}`, { data: body, headers: { "Content-Type": contentType } });
  expect(res.status()).toBe(200);
}

/** Registers a prompt version the way mlflow.genai.register_prompt does (newer store shape). */
export async function registerPrompt(request: APIRequestContext, name: string, template: string, commitMessage?: string): Promise<string> {
  const get = await request.get(`/api/2.0/mlflow/registered-models/get`, { params: { name } });
  if (get.status() !== 200) {
    await api(request, "POST", "registered-models/create", { name, tags: [{ key: "mlflow.prompt.is_prompt", value: "true" }] });
  }
  const r = await api<{ model_version: { version: string } }>(request, "POST", "model-versions/create", {
    name,
    source: "prompt-template",
    description: commitMessage,
    tags: [
      { key: "mlflow.prompt.is_prompt", value: "true" },
      { key: "mlflow.prompt.text", value: template },
      { key: "_mlflow_prompt_type", value: "text" },
    ],
  });
  return r.model_version.version;
}

export async function linkPromptsToRun(request: APIRequestContext, runId: string, prompts: { name: string; version: string }[]) {
  await api(request, "POST", "runs/set-tag", { run_id: runId, key: "mlflow.linkedPrompts", value: JSON.stringify(prompts) });
}

/** Saves a full-page screenshot as a test artifact (attached to the report and kept in test-results/). */
export async function snap(page: import("@playwright/test").Page, testInfo: TestInfo, name: string) {
  const file = testInfo.outputPath(`${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  await testInfo.attach(name, { path: file, contentType: "image/png" });
  return path.relative(process.cwd(), file);
}
