// The prompt registry's server actions against PostgreSQL: the editor form parsed by its schema
// (template per type, JSON fields, tag lines), registry rules as field errors, the prompt
// pages revalidated, and the redirects the editor relies on.
import { describe, expect, it } from "vitest";
import { createPrompt } from "@/lib/domain/prompts/write";
import { getPrompt, getPromptVersion } from "@/lib/domain/prompts/read";
import { uniqueName } from "@/tests/helpers";
import { submit } from "@/tests/actions";
import {
  createPromptAction,
  createPromptVersionAction,
  deletePromptAction,
  deletePromptAliasAction,
  deletePromptTagAction,
  deletePromptVersionAction,
  deletePromptVersionTagAction,
  setPromptAliasAction,
  setPromptTagAction,
  setPromptVersionTagAction,
  updatePromptDescriptionAction,
} from "@/lib/actions/prompts";

const pname = () => uniqueName("act-prompt").replace(/[^a-zA-Z0-9_.-]/g, "-");
const pages = (name: string) => ["/prompts", `/prompts/${name}`];

async function newPrompt() {
  const name = pname();
  await createPrompt({ name, template: "Hi {{ who }}" });
  return name;
}

describe("prompt editor actions", () => {
  it("createPromptAction creates v1 with config, response format and tags, then opens the prompt", async () => {
    const name = pname();
    const out = await submit(createPromptAction, {
      name: ` ${name} `,
      promptType: "text",
      template: "Summarise {{ doc }}",
      commitMessage: " first ",
      modelConfig: '{"temperature": 0.1}',
      responseFormat: "",
      tags: "team=nlp\n\nowner = me",
    });
    expect(out.redirectedTo).toBe(`/prompts/${name}`);
    expect(out.revalidated).toEqual(["/prompts"]);
    const p = await getPrompt(name);
    expect(p!.tags).toEqual([
      { key: "owner", value: "me" },
      { key: "team", value: "nlp" },
    ]);
    expect(await getPromptVersion(name, 1)).toMatchObject({ commitMessage: "first", variables: ["doc"], modelConfig: { temperature: 0.1 } });
  });

  it("createPromptAction: every bad field is reported at once, on its field", async () => {
    const out = await submit(createPromptAction, { name: "", promptType: "chat", template: "[]", modelConfig: "{", responseFormat: "[1]", tags: "=x" });
    expect(out.result).toMatchObject({
      ok: false,
      fieldErrors: {
        name: ["Give the prompt a name."],
        modelConfig: [expect.stringMatching(/^Invalid JSON/)],
        responseFormat: ["Must be a JSON object."],
        tags: ["Line 1: expected key=value."],
      },
    });
    const chat = await submit(createPromptAction, { name: pname(), promptType: "chat", template: '[{"role": "", "content": "x"}]' });
    expect(chat.result?.fieldErrors).toEqual({ template: ["Every message needs a role."] });
    const empty = await submit(createPromptAction, { name: pname(), promptType: "text", template: "  " });
    expect(empty.result?.fieldErrors).toEqual({ template: ["The template is empty."] });
  });

  it("createPromptAction: the registry's name rule and a taken name come back on the name field", async () => {
    const bad = await submit(createPromptAction, { name: "has space", template: "x" });
    expect(bad.result?.fieldErrors?.name?.[0]).toMatch(/alphanumeric/);
    const name = await newPrompt();
    const taken = await submit(createPromptAction, { name, template: "x" });
    expect(taken.result?.fieldErrors?.name?.[0]).toMatch(/already exists/);
  });

  it("createPromptVersionAction adds a chat version and opens it", async () => {
    const name = await newPrompt();
    const out = await submit(createPromptVersionAction, { name, promptType: "chat", template: JSON.stringify([{ role: "user", content: "{{ q }}" }]), commitMessage: "chat" });
    expect(out.redirectedTo).toBe(`/prompts/${name}?version=2`);
    expect(out.revalidated).toEqual(pages(name));
    expect(await getPromptVersion(name, 2)).toMatchObject({ promptType: "chat", variables: ["q"], commitMessage: "chat" });
    const missing = await submit(createPromptVersionAction, { name: pname(), template: "x" });
    expect(missing.result?.fieldErrors?.template?.[0]).toMatch(/not found/);
  });
});

describe("prompt metadata actions", () => {
  it("aliases: set (with a confirmation), move, reject reserved names, delete", async () => {
    const name = await newPrompt();
    const set = await submit(setPromptAliasAction, { name, alias: " prod ", version: "1" });
    expect(set.result).toMatchObject({ ok: true, message: "@prod → version 1" });
    expect(set.revalidated).toEqual(pages(name));
    expect((await getPrompt(name))!.aliases).toEqual([{ alias: "prod", version: 1 }]);
    expect((await submit(setPromptAliasAction, { name, alias: "latest", version: "1" })).result?.fieldErrors?.alias?.[0]).toMatch(/reserved/);
    expect((await submit(setPromptAliasAction, { name, alias: "", version: "1" })).result?.fieldErrors?.alias).toEqual(["Enter an alias name."]);
    expect((await submit(deletePromptAliasAction, { name, alias: "prod" })).result?.ok).toBe(true);
    expect((await getPrompt(name))!.aliases).toEqual([]);
  });

  it("prompt and version tags: set, delete; the registry's namespaces are refused", async () => {
    const name = await newPrompt();
    expect((await submit(setPromptTagAction, { name, key: "team", value: "a" })).result?.ok).toBe(true);
    expect((await getPrompt(name))!.tags).toEqual([{ key: "team", value: "a" }]);
    expect((await submit(setPromptTagAction, { name, key: "mlflow.prompt.x", value: "a" })).result?.fieldErrors?.key).toEqual(["Tag key 'mlflow.prompt.x' is reserved for the prompt registry."]);
    expect((await submit(deletePromptTagAction, { name, key: "team" })).result?.ok).toBe(true);
    expect((await getPrompt(name))!.tags).toEqual([]);

    const v = await submit(setPromptVersionTagAction, { name, version: "1", key: "note", value: "b" });
    expect(v.revalidated).toEqual([`/prompts/${name}`]);
    expect((await getPromptVersion(name, 1))!.tags).toEqual([{ key: "note", value: "b" }]);
    expect((await submit(setPromptVersionTagAction, { name, version: "1", key: "_mlflow_x", value: "b" })).result?.ok).toBe(false);
    expect((await submit(setPromptVersionTagAction, { name, version: "9", key: "note", value: "b" })).result?.fieldErrors?.key?.[0]).toMatch(/not found/);
    expect((await submit(deletePromptVersionTagAction, { name, version: "1", key: "note" })).result?.ok).toBe(true);
    expect((await getPromptVersion(name, 1))!.tags).toEqual([]);
  });

  it("updatePromptDescriptionAction sets and clears the description", async () => {
    const name = await newPrompt();
    expect((await submit(updatePromptDescriptionAction, { name, description: " Greets people. " })).result?.ok).toBe(true);
    expect((await getPrompt(name))!.description).toBe("Greets people.");
    await submit(updatePromptDescriptionAction, { name, description: "" });
    expect((await getPrompt(name))!.description).toBeNull();
    expect((await submit(updatePromptDescriptionAction, { name, description: "x".repeat(5001) })).result?.fieldErrors?.description).toBeDefined();
  });

  it("deletePromptVersionAction and deletePromptAction (which asks for the name typed again)", async () => {
    const name = await newPrompt();
    await submit(createPromptVersionAction, { name, template: "v2" });
    const delV = await submit(deletePromptVersionAction, { name, version: "2" });
    expect(delV.redirectedTo).toBe(`/prompts/${name}`);
    expect((await getPrompt(name))!.versions.map((v) => v.version)).toEqual([1]);
    const wrong = await submit(deletePromptAction, { name, confirm: "nope" });
    expect(wrong.result?.fieldErrors).toEqual({ confirm: ["Type the prompt name exactly to confirm."] });
    expect(await getPrompt(name)).not.toBeNull();
    const del = await submit(deletePromptAction, { name, confirm: ` ${name} ` });
    expect(del.redirectedTo).toBe("/prompts");
    expect(await getPrompt(name)).toBeNull();
  });
});
