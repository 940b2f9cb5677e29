// The OSS prompt registry over the model-registry endpoints (docs/mlflow-compatibility.md#prompts): both register_prompt
// request shapes, byte-identical reserved tags, load_prompt resolution, prompt
// tags/aliases/search (docs/mlflow-compatibility.md#prompts) — and that the prompt is a first-class row for the UI.
import { describe, expect, it } from "vitest";
import { call, uniqueName } from "@/tests/helpers";
import { POST as createModel } from "./create/route";
import { GET as getModel } from "./get/route";
import { GET as search } from "./search/route";
import { POST as setModelTag } from "./set-tag/route";
import { DELETE as deleteModel } from "./delete/route";
import { GET as getAlias, POST as setAlias } from "./alias/route";
import { POST as createVersion } from "../model-versions/create/route";
import { GET as getVersion } from "../model-versions/get/route";
import { POST as setVersionTag } from "../model-versions/set-tag/route";
import { DELETE as deleteVersionTag } from "../model-versions/delete-tag/route";
import { getPrompt, getPromptVersion, listPrompts } from "@/lib/domain/prompts/read";

const IS_PROMPT = "mlflow.prompt.is_prompt";
const TEXT = "mlflow.prompt.text";
const TYPE = "_mlflow_prompt_type";
const RESPONSE_FORMAT = "_mlflow_prompt_response_format";
const MODEL_CONFIG = "_mlflow_prompt_model_config";
type Obj = Record<string, unknown>;
type Tag = { key: string; value: string };

const promptName = (p: string) => uniqueName(p).replace(/[^a-zA-Z0-9_.-]/g, "-");
const byKey = (a: Tag, b: Tag) => (a.key < b.key ? -1 : 1);
const tagsOf = (x: unknown) => [...(((x as Obj).tags as Tag[] | undefined) ?? [])].sort(byKey);

describe("register_prompt, MLflow 3.0/3.1 request shape", () => {
  it("GET 404 → create (description = commit message) → version with dummy-source → GET; second call adds v2", async () => {
    const name = promptName("legacy");
    const first = await call(getModel, "GET", { name });
    expect(first.status).toBe(404);
    expect(first.body.error_code).toBe("RESOURCE_DOES_NOT_EXIST");

    const created = await call(createModel, "POST", {
      name,
      description: "initial commit",
      tags: [
        { key: IS_PROMPT, value: "true" },
        { key: "author", value: "alice" },
      ],
    });
    expect(created.status).toBe(200);
    const v1 = await call(createVersion, "POST", {
      name,
      source: "dummy-source",
      description: "initial commit",
      tags: [
        { key: "author", value: "alice" },
        { key: IS_PROMPT, value: "true" },
        { key: TEXT, value: "Classify: {{text}}" },
      ],
    });
    expect(v1.status).toBe(200);
    expect(v1.body.model_version).toMatchObject({ name, version: "1", status: "READY", source: "dummy-source", description: "initial commit" });
    // Exactly what the client wrote: no _mlflow_prompt_type it did not send.
    expect(tagsOf(v1.body.model_version)).toEqual([
      { key: "author", value: "alice" },
      { key: IS_PROMPT, value: "true" },
      { key: TEXT, value: "Classify: {{text}}" },
    ]);
    const rm = (await call(getModel, "GET", { name })).body.registered_model as Obj;
    expect(tagsOf(rm)).toEqual([
      { key: "author", value: "alice" },
      { key: IS_PROMPT, value: "true" },
    ]);

    // Second register_prompt: the prompt exists → set-tag per user tag → new version.
    expect((await call(getModel, "GET", { name })).status).toBe(200);
    expect((await call(setModelTag, "POST", { name, key: "author", value: "bob" })).status).toBe(200);
    const v2 = await call(createVersion, "POST", {
      name,
      source: "dummy-source",
      description: "shorter",
      tags: [
        { key: "author", value: "bob" },
        { key: IS_PROMPT, value: "true" },
        { key: TEXT, value: "Label {{ text }}" },
      ],
    });
    expect((v2.body.model_version as Obj).version).toBe("2");

    // First-class rows for the UI.
    const p = await getPrompt(name);
    expect(p).toMatchObject({ name, description: "initial commit", latestVersion: 2, tags: [{ key: "author", value: "bob" }] });
    expect(p!.versions.map((v) => [v.version, v.commitMessage, v.promptType])).toEqual([
      [2, "shorter", "text"],
      [1, "initial commit", "text"],
    ]);
    const pv = await getPromptVersion(name, 2);
    expect(pv).toMatchObject({ template: "Label {{ text }}", variables: ["text"], tags: [{ key: "author", value: "bob" }], isLatest: true, messages: null });
  });
});

describe("register_prompt, newer store request shape", () => {
  it("round-trips text, type, response format and model config byte for byte", async () => {
    const name = promptName("newer");
    // Python json.dumps formatting, key order that jsonb would not keep.
    const responseFormat = '{"type": "object", "properties": {"sentiment": {"type": "string", "enum": ["pos", "neg"]}}, "required": ["sentiment"]}';
    const modelConfig = '{"model_name": "gpt-4o-mini", "temperature": 0.1, "max_tokens": 256}';
    expect((await call(createModel, "POST", { name, tags: [{ key: IS_PROMPT, value: "true" }, { key: "team", value: "nlp" }] })).status).toBe(200);
    const tags = [
      { key: IS_PROMPT, value: "true" },
      { key: TEXT, value: "Classify the sentiment of: {{ review }}\n\nAnswer as JSON." },
      { key: TYPE, value: "text" },
      { key: RESPONSE_FORMAT, value: responseFormat },
      { key: MODEL_CONFIG, value: modelConfig },
      { key: "stage", value: "experimental" },
    ];
    const v = await call(createVersion, "POST", { name, source: "prompt-template", description: "with schema", tags });
    expect(v.status).toBe(200);
    const got = await call(getVersion, "GET", { name, version: "1" });
    expect(tagsOf(got.body.model_version)).toEqual([...tags].sort(byKey));

    const pv = await getPromptVersion(name, "1");
    expect(pv).toMatchObject({
      promptType: "text",
      variables: ["review"],
      commitMessage: "with schema",
      responseFormat: { type: "object", properties: { sentiment: { type: "string", enum: ["pos", "neg"] } }, required: ["sentiment"] },
      modelConfig: { model_name: "gpt-4o-mini", temperature: 0.1, max_tokens: 256 },
      tags: [{ key: "stage", value: "experimental" }],
    });
  });

  it("chat prompts: the JSON message list round-trips and parses to messages", async () => {
    const name = promptName("chat");
    await call(createModel, "POST", { name, tags: [{ key: IS_PROMPT, value: "true" }] });
    const text = '[{"role": "system", "content": "You are an expert in {{ topic }}."}, {"role": "user", "content": "{{question}}"}]';
    await call(createVersion, "POST", {
      name,
      source: "prompt-template",
      tags: [
        { key: IS_PROMPT, value: "true" },
        { key: TEXT, value: text },
        { key: TYPE, value: "chat" },
      ],
    });
    const got = await call(getVersion, "GET", { name, version: 1 });
    expect(tagsOf(got.body.model_version).find((t) => t.key === TEXT)?.value).toBe(text);
    const pv = await getPromptVersion(name, 1);
    expect(pv).toMatchObject({
      promptType: "chat",
      variables: ["topic", "question"],
      messages: [
        { role: "system", content: "You are an expert in {{ topic }}." },
        { role: "user", content: "{{question}}" },
      ],
    });
  });

  it("reserved version tags set later update the prompt columns; the template cannot be deleted", async () => {
    const name = promptName("edit");
    await call(createModel, "POST", { name, tags: [{ key: IS_PROMPT, value: "true" }] });
    await call(createVersion, "POST", { name, source: "prompt-template", tags: [{ key: IS_PROMPT, value: "true" }, { key: TEXT, value: "A {{ a }}" }] });
    expect((await call(setVersionTag, "POST", { name, version: "1", key: TEXT, value: "B {{ b }} {{ c }}" })).status).toBe(200);
    expect((await call(setVersionTag, "POST", { name, version: "1", key: MODEL_CONFIG, value: '{"temperature": 0}' })).status).toBe(200);
    let pv = await getPromptVersion(name, 1);
    expect(pv).toMatchObject({ template: "B {{ b }} {{ c }}", variables: ["b", "c"], modelConfig: { temperature: 0 } });
    expect((await call(deleteVersionTag, "DELETE", { name, version: "1", key: MODEL_CONFIG })).status).toBe(200);
    pv = await getPromptVersion(name, 1);
    expect(pv?.modelConfig).toBeNull();
    const r = await call(deleteVersionTag, "DELETE", { name, version: "1", key: TEXT });
    expect(r.status).toBe(400);
    expect(r.body.error_code).toBe("INVALID_PARAMETER_VALUE");
  });
});

describe("load_prompt resolution (docs/mlflow-compatibility.md#prompts)", () => {
  it("prompts:/name/2, prompts:/name@production and @latest resolve to prompt-tagged versions", async () => {
    const name = promptName("load");
    await call(createModel, "POST", { name, tags: [{ key: IS_PROMPT, value: "true" }] });
    for (const t of ["v1 {{ x }}", "v2 {{ x }}", "v3 {{ x }}"]) {
      await call(createVersion, "POST", { name, source: "prompt-template", tags: [{ key: IS_PROMPT, value: "true" }, { key: TEXT, value: t }] });
    }
    await call(setAlias, "POST", { name, alias: "production", version: 2 });

    const rm = (await call(getModel, "GET", { name })).body.registered_model as Obj;
    expect(tagsOf(rm)).toContainEqual({ key: IS_PROMPT, value: "true" });
    const text = (r: { body: Obj }) => tagsOf(r.body.model_version).find((t) => t.key === TEXT)?.value;
    const byVersion = await call(getVersion, "GET", { name, version: "2" });
    expect(tagsOf(byVersion.body.model_version)).toContainEqual({ key: IS_PROMPT, value: "true" });
    expect(text(byVersion)).toBe("v2 {{ x }}");
    const prod = await call(getAlias, "GET", { name, alias: "production" });
    expect(text(prod)).toBe("v2 {{ x }}");
    expect((prod.body.model_version as Obj).aliases).toEqual(["production"]);
    expect(text(await call(getAlias, "GET", { name, alias: "latest" }))).toBe("v3 {{ x }}");
    expect((await getPromptVersion(name, "production"))?.version).toBe(2);
    expect((await getPromptVersion(name, "latest"))?.version).toBe(3);
    expect(await getPromptVersion(name, "nope")).toBeNull();
  });

  it("allow_missing: an unknown prompt is RESOURCE_DOES_NOT_EXIST", async () => {
    const r = await call(getModel, "GET", { name: promptName("missing") });
    expect(r.status).toBe(404);
    expect(r.body.error_code).toBe("RESOURCE_DOES_NOT_EXIST");
  });
});

describe("search_prompts and delete_prompt (docs/mlflow-compatibility.md#prompts)", () => {
  it("finds prompts with is_prompt = 'true' and the experiment-ids tag filter; models never", async () => {
    const prefix = promptName("sp");
    await call(createModel, "POST", { name: `${prefix}-a`, tags: [{ key: IS_PROMPT, value: "true" }, { key: "_mlflow_experiment_ids", value: ",1,4," }] });
    await call(createModel, "POST", { name: `${prefix}-b`, tags: [{ key: IS_PROMPT, value: "true" }] });
    await call(createModel, "POST", { name: `${prefix}-model` });
    const names = async (filter: string) => (((await call(search, "GET", { filter })).body.registered_models as Obj[] | undefined) ?? []).map((m) => m.name);
    expect(await names(`tags.\`${IS_PROMPT}\` = 'true' AND name LIKE '${prefix}%'`)).toEqual([`${prefix}-a`, `${prefix}-b`]);
    expect(await names(`tags.\`${IS_PROMPT}\` = 'true' AND tags._mlflow_experiment_ids LIKE '%,4,%' AND name LIKE '${prefix}%'`)).toEqual([`${prefix}-a`]);
    expect(await names(`name LIKE '${prefix}%'`)).toEqual([`${prefix}-model`]);

    const listed = await listPrompts({ query: prefix });
    expect(listed.prompts.map((p) => p.name).sort()).toEqual([`${prefix}-a`, `${prefix}-b`]);
    expect(listed.prompts.find((p) => p.name === `${prefix}-a`)?.tags).toEqual([]);

    expect((await call(deleteModel, "DELETE", { name: `${prefix}-a` })).status).toBe(200);
    expect(await names(`tags.\`${IS_PROMPT}\` = 'true' AND name LIKE '${prefix}%'`)).toEqual([`${prefix}-b`]);
  });
});
