// Scenario: seed 002 ("Log Prompts with Models") replayed over HTTP as the MLflow 3 client sends
// it (docs/mlflow-compatibility.md#prompts): register a prompt, a second version, alias `production`, load it by
// prompts:/name/2, @production and @latest, link it to a run (load_prompt in a run), log a
// model with prompts=[...], link the model (load_prompt with an active model), register the
// model — then ask the domain: run → prompts, prompt version → runs / models / model versions.
import { describe, expect, it } from "vitest";
import { call, uniqueName } from "@/tests/helpers";
import { POST as createModel } from "./create/route";
import { GET as getModel } from "./get/route";
import { GET as getAlias, POST as setAlias } from "./alias/route";
import { POST as createVersion } from "../model-versions/create/route";
import { GET as getVersion } from "../model-versions/get/route";
import { POST as createExperiment } from "../experiments/create/route";
import { POST as createRun } from "../runs/create/route";
import { GET as getRun } from "../runs/get/route";
import { POST as setRunTag } from "../runs/set-tag/route";
import { POST as updateRun } from "../runs/update/route";
import { POST as deleteRun } from "../runs/delete/route";
import { POST as logOutputs } from "../runs/outputs/route";
import { POST as createLoggedModel } from "../logged-models/route";
import { GET as getLoggedModel, PATCH as finalizeLoggedModel } from "../logged-models/[model_id]/route";
import { PATCH as setLoggedModelTags } from "../logged-models/[model_id]/tags/route";
import { getLoggedModelPrompts, getModelVersionPrompts, getRunPrompts } from "@/lib/domain/prompts/usage";
import { getPromptVersion, listPrompts } from "@/lib/domain/prompts/read";
import { toSingleBraceFormat } from "@/lib/domain/prompts/template";
import { getPromptUsageView } from "@/lib/domain/prompts/usage-view";

const IS_PROMPT = "mlflow.prompt.is_prompt";
const TEXT = "mlflow.prompt.text";
const LINKED = "mlflow.linkedPrompts";
type Obj = Record<string, unknown>;
type Tag = { key: string; value: string };

function ok(r: { status: number; body: Obj }) {
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body;
}

const tagValue = (entity: unknown, key: string) => ((entity as Obj).tags as Tag[] | undefined)?.find((t) => t.key === key)?.value;
/** Python json.dumps of the client's linked-prompts list. */
const linked = (...refs: [string, string][]) => "[" + refs.map(([n, v]) => `{"name": "${n}", "version": "${v}"}`).join(", ") + "]";

/** mlflow.genai.register_prompt (newer store shape): returns the version string. */
async function registerPrompt(name: string, template: string, commitMessage: string, type: "text" | "chat" = "text") {
  const existing = await call(getModel, "GET", { name });
  if (existing.status === 404) ok(await call(createModel, "POST", { name, tags: [{ key: IS_PROMPT, value: "true" }] }));
  const mv = ok(
    await call(createVersion, "POST", {
      name,
      source: "prompt-template",
      description: commitMessage,
      tags: [
        { key: IS_PROMPT, value: "true" },
        { key: TEXT, value: template },
        { key: "_mlflow_prompt_type", value: type },
      ],
    }),
  ).model_version as Obj;
  ok(await call(getModel, "GET", { name }));
  return mv.version as string;
}

/** mlflow.genai.load_prompt("prompts:/name/<v>" | "prompts:/name@<alias>"): the template text. */
async function loadPrompt(uri: string): Promise<{ version: string; template: string }> {
  const m = /^prompts:\/([^/@]+)(?:\/(\d+)|@(.+))$/.exec(uri)!;
  const rm = ok(await call(getModel, "GET", { name: m[1] })).registered_model;
  expect(tagValue(rm, IS_PROMPT)).toBe("true");
  const mv = (m[2] ? ok(await call(getVersion, "GET", { name: m[1], version: m[2] })) : ok(await call(getAlias, "GET", { name: m[1], alias: m[3] }))).model_version as Obj;
  expect(tagValue(mv, IS_PROMPT)).toBe("true");
  return { version: mv.version as string, template: tagValue(mv, TEXT)! };
}

/** link_prompt_version_to_run: read-modify-write of the run's mlflow.linkedPrompts tag. */
async function linkToRun(runId: string, refs: [string, string][]) {
  const run = ok(await call(getRun, "GET", { run_id: runId })).run as Obj;
  const current = tagValue(run.data, LINKED);
  const value = linked(...refs);
  if (current !== value) ok(await call(setRunTag, "POST", { run_id: runId, key: LINKED, value }));
}

describe("seed 002: log prompts with models", () => {
  it("register → version 2 → alias → load → run + logged model + registered version → links both ways", async () => {
    const name = uniqueName("summarization-prompt").replace(/[^a-zA-Z0-9_.-]/g, "-");

    // 1–2. register_prompt twice.
    expect(await registerPrompt(name, "Summarize in {{ num_sentences }} sentence(s): {{ sentences }}", "first draft")).toBe("1");
    expect(await registerPrompt(name, "Summarize the text below in {{num_sentences}} sentence(s).\n\n{{ sentences }}", "tighter wording")).toBe("2");

    // 3. set_prompt_alias(production → 2): validation reads, then the alias.
    ok(await call(getModel, "GET", { name }));
    ok(await call(getVersion, "GET", { name, version: "2" }));
    ok(await call(setAlias, "POST", { name, alias: "production", version: "2" }));

    // 4. load_prompt by version, alias and latest.
    const byVersion = await loadPrompt(`prompts:/${name}/2`);
    expect(byVersion.version).toBe("2");
    expect((await loadPrompt(`prompts:/${name}@production`)).version).toBe("2");
    expect((await loadPrompt(`prompts:/${name}@latest`)).version).toBe("2");
    expect((await loadPrompt(`prompts:/${name}/1`)).template).toBe("Summarize in {{ num_sentences }} sentence(s): {{ sentences }}");
    expect(toSingleBraceFormat(byVersion.template)).toBe("Summarize the text below in {num_sentences} sentence(s).\n\n{sentences}");

    // 5. with mlflow.start_run(run_name="summarizer-model"):
    const experimentId = ok(await call(createExperiment, "POST", { name: uniqueName("seed-002") })).experiment_id as string;
    const run = ok(await call(createRun, "POST", { experiment_id: experimentId, run_name: "summarizer-model", start_time: Date.now() })).run as Obj;
    const runId = (run.info as Obj).run_id as string;

    // load_prompt inside the run links it to the run.
    await loadPrompt(`prompts:/${name}/2`);
    await linkToRun(runId, [[name, "2"]]);

    // 6. mlflow.langchain.log_model(chain, name="model", prompts=["prompts:/<name>/2"])
    ok(await call(getRun, "GET", { run_id: runId }));
    const model = ok(await call(createLoggedModel, "POST", { experiment_id: experimentId, name: "model", source_run_id: runId })).model as Obj;
    const modelId = (model.info as Obj).model_id as string;
    ok(await call(logOutputs, "POST", { run_id: runId, models: [{ model_id: modelId, step: 0 }] }));
    await linkToRun(runId, [[name, "2"]]); // already linked: no write
    ok(await call(finalizeLoggedModel, "PATCH", { model_id: modelId, status: "LOGGED_MODEL_READY" }, { model_id: modelId }));
    // load_prompt while the model is active links the logged model too (docs/mlflow-compatibility.md#prompt-links).
    const lm = ok(await call(getLoggedModel, "GET", {}, { model_id: modelId })).model as Obj;
    expect(tagValue(lm.info, LINKED)).toBeUndefined();
    ok(await call(setLoggedModelTags, "PATCH", { tags: [{ key: LINKED, value: linked([name, "2"]) }] }, { model_id: modelId }));
    ok(await call(updateRun, "POST", { run_id: runId, status: "FINISHED", end_time: Date.now() }));

    // Register the logged model: its version inherits the prompt links.
    const registered = uniqueName("summarizer");
    ok(await call(createModel, "POST", { name: registered }));
    const rmv = ok(await call(createVersion, "POST", { name: registered, source: `models:/${modelId}`, model_id: modelId, run_id: runId })).model_version as Obj;
    expect(rmv).toMatchObject({ version: "1", status: "READY", model_id: modelId });

    // Run → prompts (directly, and through its logged model).
    const runPrompts = await getRunPrompts(runId);
    expect(runPrompts.prompts.map((p) => [p.name, p.version, p.aliases, p.variables])).toEqual([[name, 2, ["production"], ["num_sentences", "sentences"]]]);
    expect(runPrompts.models).toEqual([{ modelId, modelName: "model", prompts: [expect.objectContaining({ name, version: 2 })] }]);
    expect((await getLoggedModelPrompts(modelId)).map((p) => [p.name, p.version])).toEqual([[name, 2]]);
    expect((await getModelVersionPrompts({ name: registered, version: 1 })).map((p) => [p.name, p.version])).toEqual([[name, 2]]);

    // Prompt version → runs, logged models, model versions (the prompt page's read model, counted in SQL).
    const view = await getPromptUsageView(name, { withRows: true });
    expect(view.runsPerVersion).toEqual({ 2: 1 });
    expect(view.recentRunIdsPerVersion).toEqual({ 2: [runId] });
    expect(view.totals).toEqual({ runs: 1, models: 1, modelVersions: 1 });
    expect(view.rows!.runs.map((r) => [r.runId, r.versions, r.models.map((m) => m.modelId)])).toEqual([[runId, [2], [modelId]]]);
    expect(view.rows!.models.map((m) => [m.modelId, m.versions, m.viaRun])).toEqual([[modelId, [2], undefined]]); // linked itself
    expect(view.rows!.modelVersions.map((m) => [m.name, m.version, m.versions])).toEqual([[registered, 1, [2]]]);
    expect((await getPromptUsageView(name, { version: 1, withRows: true })).rows!.totals).toEqual({ runs: 0, models: 0, modelVersions: 0 });
    const listed = (await listPrompts({ query: name })).prompts[0];
    expect(listed).toMatchObject({ name, latestVersion: 2, versionCount: 2, linkedRuns: 1, linkedModels: 1, linkedModelVersions: 1, aliases: [{ alias: "production", version: 2 }] });

    // Re-writing the tag replaces the links; deleting the run hides them.
    ok(await call(setRunTag, "POST", { run_id: runId, key: LINKED, value: linked([name, "1"]) }));
    const after = await getPromptUsageView(name, { version: 1, withRows: true });
    expect(after.rows!.runs.map((r) => r.runId)).toEqual([runId]);
    // v2 keeps the run only through the logged model it produced, which is linked to v2 itself
    expect((await getPromptUsageView(name, { version: 2, withRows: true })).rows!.runs.map((r) => [r.runId, r.models.map((m) => m.modelId)])).toEqual([[runId, [modelId]]]);
    // A model the linked run logged uses the prompt too (as the prompt page counts it), without a link of its own.
    ok(await call(createLoggedModel, "POST", { experiment_id: experimentId, name: "unlinked", source_run_id: runId }));
    expect((await listPrompts({ query: name })).prompts[0]).toMatchObject({ linkedRuns: 1, linkedModels: 2 });
    ok(await call(deleteRun, "POST", { run_id: runId }));
    expect((await getPromptUsageView(name, { version: 1, withRows: true })).rows!.runs).toEqual([]);
    // the model linked itself still counts; the one only reached through the deleted run does not
    expect((await listPrompts({ query: name })).prompts[0]).toMatchObject({ linkedRuns: 0, linkedModels: 1 });
  });

  it("links appear for a prompt version created after the run / model already referenced it", async () => {
    const name = uniqueName("chat-prompt").replace(/[^a-zA-Z0-9_.-]/g, "-");
    const chat = '[{"role": "system", "content": "You are an expert in programming. Answer {{ question }}."}]';
    await registerPrompt(name, chat, "v1", "chat");
    const experimentId = ok(await call(createExperiment, "POST", { name: uniqueName("seed-002b") })).experiment_id as string;
    const runId = ((ok(await call(createRun, "POST", { experiment_id: experimentId, start_time: Date.now() })).run as Obj).info as Obj).run_id as string;
    const modelId = ((ok(await call(createLoggedModel, "POST", { experiment_id: experimentId, name: "graph", source_run_id: runId })).model as Obj).info as Obj)
      .model_id as string;
    // Version 2 does not exist yet: the tags name it anyway.
    ok(await call(setRunTag, "POST", { run_id: runId, key: LINKED, value: linked([name, "1"], [name, "2"]) }));
    ok(await call(setLoggedModelTags, "PATCH", { tags: [{ key: LINKED, value: linked([name, "2"]) }] }, { model_id: modelId }));
    expect((await getRunPrompts(runId)).prompts.map((p) => p.version)).toEqual([1]);
    expect(await getLoggedModelPrompts(modelId)).toEqual([]);

    await registerPrompt(name, chat.replace("expert", "patient expert"), "v2", "chat");
    expect((await getRunPrompts(runId)).prompts.map((p) => p.version)).toEqual([1, 2]);
    const viaModel = await getLoggedModelPrompts(modelId);
    expect(viaModel.map((p) => [p.version, p.promptType, p.messages?.[0].role])).toEqual([[2, "chat", "system"]]);
    const pv = await getPromptVersion(name, 2);
    expect(toSingleBraceFormat(pv!.messages!)).toEqual([{ role: "system", content: "You are an patient expert in programming. Answer {question}." }]);
  });

  it("the prompt page's usage read model is bounded: complete counts, at most `limit` rows, models reached through a run", async () => {
    const name = uniqueName("busy-prompt").replace(/[^a-zA-Z0-9_.-]/g, "-");
    await registerPrompt(name, "Answer {{q}}", "v1");
    await registerPrompt(name, "Answer briefly: {{q}}", "v2");
    const experimentId = ok(await call(createExperiment, "POST", { name: uniqueName("busy") })).experiment_id as string;
    const runIds: string[] = [];
    for (let i = 0; i < 7; i++) {
      const runId = ((ok(await call(createRun, "POST", { experiment_id: experimentId, start_time: 1_000 + i })).run as Obj).info as Obj).run_id as string;
      ok(await call(setRunTag, "POST", { run_id: runId, key: LINKED, value: i < 5 ? linked([name, "1"]) : linked([name, "1"], [name, "2"]) }));
      runIds.push(runId);
    }
    // the newest run logs a model that is not linked itself (log_model(prompts=…) links the run)
    const modelId = ((ok(await call(createLoggedModel, "POST", { experiment_id: experimentId, name: "via-run", source_run_id: runIds[6] })).model as Obj).info as Obj)
      .model_id as string;
    const view = await getPromptUsageView(name, { withRows: true, limit: 3 });
    expect(view.runsPerVersion).toEqual({ 1: 7, 2: 2 });
    expect(view.recentRunIdsPerVersion[1]).toEqual([runIds[6], runIds[5], runIds[4], runIds[3], runIds[2]]); // newest 5
    expect(view.totals).toEqual({ runs: 7, models: 1, modelVersions: 0 });
    expect(view.rows!.totals.runs).toBe(7);
    expect(view.rows!.runs.map((r) => [r.runId, r.versions])).toEqual([[runIds[6], [1, 2]], [runIds[5], [1, 2]], [runIds[4], [1]]]);
    expect(view.rows!.models).toEqual([expect.objectContaining({ modelId, versions: [1, 2], viaRun: { runId: runIds[6], runName: expect.any(String) } })]);
    const v2 = await getPromptUsageView(name, { version: 2, withRows: true });
    expect(v2.rows!.totals).toEqual({ runs: 2, models: 1, modelVersions: 0 });
    expect(v2.runsPerVersion).toEqual({ 1: 7, 2: 2 }); // the version list keeps every version's figure
    // the list's counts agree with the page's
    expect((await listPrompts({ query: name })).prompts[0]).toMatchObject({ linkedRuns: 7, linkedModels: 1 });
  });
});
