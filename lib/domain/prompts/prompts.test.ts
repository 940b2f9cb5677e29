// The prompt-first domain API the UI uses (lib/domain/prompts/*), against PostgreSQL: writes
// land in the same rows the MLflow REST API serves, reads need no tag parsing.
import { describe, expect, it } from "vitest";
import { uniqueName } from "@/tests/helpers";
import { DomainError } from "@/lib/errors";
import { createPrompt, createPromptVersion, deletePrompt, deletePromptAlias, deletePromptTag, deletePromptVersion, setPromptAlias, setPromptTag, setPromptVersionTag, updatePromptDescription } from "@/lib/domain/prompts/write";
import { getPrompt, getPromptOrThrow, getPromptVersion, listPrompts } from "@/lib/domain/prompts/read";
import { getPromptUsageView } from "@/lib/domain/prompts/usage-view";
import { createRegisteredModel, getRegisteredModel } from "@/lib/domain/registry/registered-models";
import { getModelVersionByAlias } from "@/lib/domain/registry/aliases";
import { modelVersionTags, toMlflowRegisteredModel } from "@/lib/mlflow/registry";
import { renderTemplate } from "@/lib/domain/prompts/template";

const pname = (p: string) => uniqueName(p).replace(/[^a-zA-Z0-9_.-]/g, "-");

async function rejects(p: Promise<unknown>, code: string, message?: RegExp) {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(DomainError);
  expect((e as DomainError).code).toBe(code);
  if (message) expect((e as DomainError).message).toMatch(message);
}

describe("createPrompt / createPromptVersion", () => {
  it("creates v1 and v2; the REST view carries the reserved tags a Python client would have written", async () => {
    const name = pname("ui");
    const v1 = await createPrompt({ name, template: "Hello {{ name }}", commitMessage: "init", tags: { owner: "me" }, versionTags: { note: "a" }, userId: "alice" });
    expect(v1).toMatchObject({ name, version: 1, promptType: "text", variables: ["name"], commitMessage: "init", author: "alice", tags: [{ key: "note", value: "a" }], isLatest: true });
    const v2 = await createPromptVersion({
      name,
      template: [
        { role: "system", content: "You are {{ persona }}." },
        { role: "user", content: "{{ q }}" },
      ],
      commitMessage: "chat",
      responseFormat: { type: "object", properties: { answer: { type: "string" } } },
      modelConfig: { model_name: "gpt-4o", temperature: 0.2 },
    });
    expect(v2).toMatchObject({ version: 2, promptType: "chat", variables: ["persona", "q"], modelConfig: { model_name: "gpt-4o", temperature: 0.2 } });
    expect(v2.messages).toEqual([
      { role: "system", content: "You are {{ persona }}." },
      { role: "user", content: "{{ q }}" },
    ]);
    expect(renderTemplate(v2.messages!, { persona: "kind", q: "hi" })[0].content).toBe("You are kind.");

    const mv = await getModelVersionByAlias(name, "latest");
    expect(modelVersionTags(mv)).toEqual([
      { key: "_mlflow_prompt_model_config", value: '{"model_name": "gpt-4o", "temperature": 0.2}' },
      { key: "_mlflow_prompt_response_format", value: '{"type": "object", "properties": {"answer": {"type": "string"}}}' },
      { key: "_mlflow_prompt_type", value: "chat" },
      { key: "mlflow.prompt.is_prompt", value: "true" },
      { key: "mlflow.prompt.text", value: '[{"role": "system", "content": "You are {{ persona }}."}, {"role": "user", "content": "{{ q }}"}]' },
    ]);
    const rm = toMlflowRegisteredModel((await getRegisteredModel(name))!);
    expect(rm.tags).toEqual([
      { key: "mlflow.prompt.is_prompt", value: "true" },
      { key: "owner", value: "me" },
    ]);
  });

  it("rejects bad names, name clashes, reserved tag keys, malformed chat text and a missing prompt", async () => {
    await rejects(createPrompt({ name: "has space", template: "x" }), "INVALID_PARAMETER_VALUE", /Prompt name can only contain/);
    const model = uniqueName("model");
    await createRegisteredModel({ name: model.replace(/[^a-zA-Z0-9_.-]/g, "-") });
    await rejects(createPrompt({ name: model.replace(/[^a-zA-Z0-9_.-]/g, "-"), template: "x" }), "RESOURCE_ALREADY_EXISTS", /already taken by a registered model/);
    await rejects(createPrompt({ name: pname("r"), template: "x", versionTags: { "mlflow.prompt.text": "y" } }), "INVALID_PARAMETER_VALUE", /reserved/);
    await rejects(createPrompt({ name: pname("c"), template: "not json", promptType: "chat" }), "INVALID_PARAMETER_VALUE", /chat template/);
    await rejects(createPromptVersion({ name: pname("missing"), template: "x" }), "RESOURCE_DOES_NOT_EXIST");
    expect(await getPrompt(pname("missing"))).toBeNull();
    await rejects(getPromptOrThrow(pname("missing")), "RESOURCE_DOES_NOT_EXIST");
  });
});

describe("getPrompt / getPromptVersion / aliases / tags", () => {
  it("lists versions newest first with aliases; aliases and tags can be set and removed", async () => {
    const name = pname("detail");
    await createPrompt({ name, template: "a {{ x }}", commitMessage: "one" });
    await createPromptVersion({ name, template: "b {{ x }} {{ y }}", commitMessage: "two" });
    await createPromptVersion({ name, template: "c", commitMessage: "three" });
    await setPromptAlias(name, "production", 2);
    await setPromptAlias(name, "staging", "3");
    await setPromptTag(name, "team", "nlp");
    await setPromptVersionTag(name, 2, "reviewed", "yes");
    await updatePromptDescription(name, "Summaries");

    const p = await getPrompt(name);
    expect(p).toMatchObject({ name, description: "Summaries", latestVersion: 3, tags: [{ key: "team", value: "nlp" }] });
    expect(p!.aliases).toEqual([
      { alias: "production", version: 2 },
      { alias: "staging", version: 3 },
    ]);
    expect(p!.versions.map((v) => [v.version, v.commitMessage, v.aliases])).toEqual([
      [3, "three", ["staging"]],
      [2, "two", ["production"]],
      [1, "one", []],
    ]);
    expect(await getPromptVersion(name, "production")).toMatchObject({ version: 2, variables: ["x", "y"], tags: [{ key: "reviewed", value: "yes" }], isLatest: false });
    expect((await getPromptVersion(name, "latest"))?.version).toBe(3);
    expect(await getPromptVersion(name, 9)).toBeNull();

    await rejects(setPromptAlias(name, "latest", 1), "INVALID_PARAMETER_VALUE", /reserved/);
    await rejects(setPromptTag(name, "mlflow.prompt.is_prompt", "false"), "INVALID_PARAMETER_VALUE", /reserved/);
    await deletePromptAlias(name, "production");
    await deletePromptTag(name, "team");
    const after = await getPrompt(name);
    expect(after!.aliases).toEqual([{ alias: "staging", version: 3 }]);
    expect(after!.tags).toEqual([]);

    await deletePromptVersion(name, 3);
    expect((await getPrompt(name))!.latestVersion).toBe(2);
    await deletePrompt(name);
    expect(await getPrompt(name)).toBeNull();
  });

  it("a registered model is not a prompt", async () => {
    const name = pname("plain");
    await createRegisteredModel({ name });
    expect(await getPrompt(name)).toBeNull();
    expect(await getPromptVersion(name, 1)).toBeNull();
    await rejects(setPromptAlias(name, "a", 1), "INVALID_PARAMETER_VALUE", /registered as a model/);
  });
});

describe("listPrompts", () => {
  it("filters by name substring and tag, orders, and pages", async () => {
    const prefix = pname("lp");
    for (const [s, team] of [
      ["b", "x"],
      ["a", "y"],
      ["c", "x"],
    ]) {
      await createPrompt({ name: `${prefix}-${s}`, template: `t ${s}`, tags: { team } });
    }
    await createPromptVersion({ name: `${prefix}-a`, template: "t a2" });
    const byName = await listPrompts({ query: prefix, orderBy: "name" });
    expect(byName.prompts.map((p) => [p.name, p.latestVersion, p.versionCount])).toEqual([
      [`${prefix}-a`, 2, 2],
      [`${prefix}-b`, 1, 1],
      [`${prefix}-c`, 1, 1],
    ]);
    expect((await listPrompts({ query: prefix })).prompts[0].name).toBe(`${prefix}-a`); // most recently updated
    expect((await listPrompts({ query: prefix.toUpperCase(), tag: { key: "team", value: "x" }, orderBy: "name" })).prompts.map((p) => p.name)).toEqual([
      `${prefix}-b`,
      `${prefix}-c`,
    ]);
    const page1 = await listPrompts({ query: prefix, orderBy: "name", maxResults: 2 });
    expect(page1.prompts).toHaveLength(2);
    const page2 = await listPrompts({ query: prefix, orderBy: "name", maxResults: 2, pageToken: page1.nextPageToken });
    expect(page2.prompts.map((p) => p.name)).toEqual([`${prefix}-c`]);
    expect(page2.nextPageToken).toBeUndefined();
    const usage = await getPromptUsageView(`${prefix}-a`, { withRows: true });
    expect(usage.totals).toEqual({ runs: 0, models: 0, modelVersions: 0 });
    expect(usage.rows!.runs).toEqual([]);
  });
});
