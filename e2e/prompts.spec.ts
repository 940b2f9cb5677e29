// Prompt + model registry UI on data logged through the MLflow REST API (seed 002 flow):
// register a prompt, two versions, an alias; a run that loads it and logs a model; then the
// prompt page lists the run and the model, the run page lists the prompt, the diff shows the
// change, aliases move from the UI, and new versions / prompts are created from the UI.
import { expect as baseExpect, test, type Page } from "@playwright/test";
import { callApi, createExperiment, linkPromptsToRun, logRun, registerPrompt, snap, uniqueName } from "./fixtures";

// The dev server may compile a page on first visit: allow for it.
const expect = baseExpect.configure({ timeout: 30_000 });
test.setTimeout(240_000);

/** Navigates and waits until the page is idle (hydrated), so forms are interactive. */
async function go(page: Page, url: string) {
  await page.goto(url);
  await page.waitForLoadState("networkidle");
}

const V1 = "Summarize the following text in {{num_sentences}} sentences:\n\n{{sentences}}";
const V2 = "You are a careful editor writing for {{audience}}.\nSummarize the following text in exactly {{num_sentences}} bullet points:\n\n{{sentences}}";

test.describe("prompt registry UI", () => {
  test("seed-002 flow: prompt page lists the run and model, run page lists the prompt, diff shows the change", async ({ page, request }, testInfo) => {
    const name = uniqueName("summarization-prompt");
    expect(await registerPrompt(request, name, V1, "Initial version")).toBe("1");
    expect(await registerPrompt(request, name, V2, "Bullet points for an audience")).toBe("2");
    await callApi(request, "POST", "registered-models/alias", { name, alias: "production", version: "2" });

    const exp = await createExperiment(request, uniqueName("prompt-e2e"));
    const runs: Record<string, string> = {};
    for (const [v, score] of [
      ["1", 0.31],
      ["1", 0.33],
      ["2", 0.41],
      ["2", 0.44],
    ] as const) {
      const runId = await logRun(request, exp, { name: `eval-v${v}-${score}`, metrics: { rouge_l: score } });
      await linkPromptsToRun(request, runId, [{ name, version: v }]);
      runs[`${v}-${score}`] = runId;
    }
    // log_model(prompts=[…]) in the run that used v2: a logged model from that run.
    const runId = runs["2-0.44"];
    const { model } = await callApi<{ model: { info: { model_id: string } } }>(request, "POST", "logged-models", { experiment_id: exp, name: "summarizer-chain", source_run_id: runId });

    // Prompts list: searchable, with latest version, alias and linked-run count.
    await go(page, `/prompts?q=${encodeURIComponent(name)}`);
    const row = page.getByRole("row", { name: new RegExp(name) });
    await expect(row).toContainText("v2");
    await expect(row).toContainText("@production");
    await expect(row.getByRole("cell").nth(4)).toHaveText("4");
    await snap(page, testInfo, "prompts-list");

    // Prompt page: versions with commit messages, the selected template with variables.
    await page.getByRole("link", { name, exact: true }).click();
    await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
    const versions = page.getByRole("navigation", { name: "Versions" });
    await expect(versions.getByTestId("version-2")).toContainText("Bullet points for an audience");
    await expect(versions.getByTestId("version-1")).toContainText("Initial version");
    await expect(page.getByTestId("template-text")).toContainText("careful editor writing for");
    await expect(page.getByRole("list", { name: "Variables" })).toContainText("audience");
    await expect(page.getByTestId("template-text").locator('[data-variable="audience"]')).toHaveCount(1);
    await snap(page, testInfo, "prompt-version");

    // Who uses it: the runs (with their metric) and the logged model of the v2 run.
    await page.getByRole("tab", { name: /Used by/ }).click();
    const linkedRuns = page.getByRole("table", { name: "Linked runs" });
    await expect(linkedRuns.getByRole("row")).toHaveCount(5);
    await expect(linkedRuns.getByRole("row", { name: /eval-v2-0\.44/ })).toContainText("0.44");
    await expect(page.getByRole("table", { name: "Linked logged models" })).toContainText("summarizer-chain");
    await snap(page, testInfo, "prompt-usage");

    // The run page (browse UI) names the prompt it used.
    await linkedRuns.getByRole("link", { name: "eval-v2-0.44" }).click();
    await expect(page).toHaveURL(new RegExp(`/experiments/${exp}/runs/${runId}`));
    await expect(page.getByText(name).first()).toBeVisible();

    // Diff v1 → v2: word-level changes and the added variable.
    await go(page, `/prompts/${encodeURIComponent(name)}?compare=1..2`);
    const diff = page.getByTestId("text-diff");
    await expect(diff).toHaveAttribute("data-mode", "split");
    await expect(diff.locator('[data-diff="added"]', { hasText: "exactly" })).toBeVisible();
    await expect(diff.locator('[data-diff="removed"]', { hasText: "sentences" }).first()).toBeVisible();
    await expect(page.getByTestId("diff-summary").getByTitle("Variable added")).toHaveText(/audience/);
    await snap(page, testInfo, "prompt-diff-split");
    await page.getByRole("link", { name: "Unified" }).click();
    await expect(page.getByTestId("text-diff")).toHaveAttribute("data-mode", "unified");
    await expect(page).toHaveURL(/diff=unified/);
    await snap(page, testInfo, "prompt-diff-unified");

    // Metrics by version: v2 beats v1 on rouge_l.
    await go(page, `/prompts/${encodeURIComponent(name)}?tab=metrics`);
    const table = page.getByRole("table", { name: "rouge_l by version" });
    await expect(table.getByRole("row", { name: /^v1\b/ })).toContainText("0.32");
    await expect(table.getByRole("row", { name: /^v2\b/ })).toContainText("best");
    await expect(page.getByRole("img", { name: "rouge_l by prompt version" })).toBeVisible();
    await snap(page, testInfo, "prompt-metrics");

    // Registered model version built from the logged model, which links the prompt itself.
    await callApi(request, "PATCH", `logged-models/${model.info.model_id}/tags`, { tags: [{ key: "mlflow.linkedPrompts", value: JSON.stringify([{ name, version: "2" }]) }] });
    const modelName = uniqueName("summarizer-app");
    await callApi(request, "POST", "registered-models/create", { name: modelName });
    await callApi(request, "POST", "model-versions/create", { name: modelName, source: `models:/${model.info.model_id}`, run_id: runId, model_id: model.info.model_id });
    await go(page, `/prompts/${encodeURIComponent(name)}?tab=usage&version=2&scope=version`);
    await expect(page.getByRole("link", { name: new RegExp(`${modelName}.*version 1`) })).toBeVisible();
    await page.getByRole("link", { name: new RegExp(`${modelName}.*version 1`) }).click();
    await expect(page.getByRole("list", { name: "Prompt versions" })).toContainText(name);
    await expect(page.getByText("Source run")).toBeVisible();
    await snap(page, testInfo, "model-version");
  });

  test("aliases are set, moved and removed from the UI", async ({ page, request }, testInfo) => {
    const name = uniqueName("alias-prompt");
    await registerPrompt(request, name, "Hello {{name}}", "v1");
    await registerPrompt(request, name, "Hi {{name}}!", "v2");
    await callApi(request, "POST", "registered-models/alias", { name, alias: "production", version: "2" });

    await go(page, `/prompts/${encodeURIComponent(name)}?version=1`);
    const aliases = page.getByTestId("alias-manager");
    // Set a new alias on v1.
    await aliases.getByLabel("Alias for version 1").fill("staging");
    await aliases.getByRole("button", { name: "Set alias" }).click();
    await expect(page.getByTestId("version-1")).toContainText("@staging");
    // Move production from v2 to v1 (the form says it moves).
    await aliases.getByLabel("Alias for version 1").fill("production");
    await expect(aliases).toContainText("Moves @production from version 2 to version 1");
    await aliases.getByRole("button", { name: "Move here" }).click();
    await expect(page.getByTestId("version-1")).toContainText("@production");
    await expect(page.getByTestId("version-2")).not.toContainText("@production");
    const r = await callApi<{ model_version: { version: string } }>(request, "GET", "registered-models/alias", { name, alias: "production" });
    expect(r.model_version.version).toBe("1");
    // latest is computed: not settable, reported inline.
    await aliases.getByLabel("Alias for version 1").fill("latest");
    await aliases.getByRole("button", { name: "Set alias" }).click();
    await expect(aliases.getByRole("alert")).toContainText(/reserved/);
    // Remove staging.
    await aliases.getByRole("button", { name: "Remove alias staging" }).click();
    await expect(page.getByTestId("version-1")).not.toContainText("@staging");
    await snap(page, testInfo, "prompt-aliases");
  });

  test("a new version is edited with a live diff, and prompts are created from the UI", async ({ page, request }, testInfo) => {
    const name = uniqueName("editor-prompt");
    await registerPrompt(request, name, "Translate {{text}} to French.", "v1");

    await go(page, `/prompts/${encodeURIComponent(name)}`);
    await page.getByRole("link", { name: "New version", exact: true }).click();
    await page.waitForLoadState("networkidle");
    const editor = page.getByRole("form", { name: "New version" });
    const template = editor.getByRole("textbox").first();
    await expect(template).toHaveValue("Translate {{text}} to French.");
    await expect(editor.getByRole("button", { name: "Save new version" })).toBeDisabled();
    await template.fill("Translate {{text}} to {{language}}, keeping the tone.");
    const live = page.getByTestId("live-diff");
    await expect(live.locator('[data-diff="added"]', { hasText: "language" })).toBeVisible();
    await expect(live.locator('[data-diff="removed"]', { hasText: "French" })).toBeVisible();
    await expect(editor.getByTitle("Variable added")).toHaveText(/language/);
    await editor.getByLabel(/Commit message/).fill("Any target language");
    await snap(page, testInfo, "prompt-new-version-editor");
    await editor.getByRole("button", { name: "Save new version" }).click();
    await expect(page).toHaveURL(/version=2/);
    await expect(page.getByTestId("template-text")).toContainText("keeping the tone");
    await expect(page.getByTestId("version-2")).toContainText("Any target language");

    // Create a chat prompt from the list page; a bad name is reported next to the field.
    await go(page, "/prompts");
    await page.getByRole("link", { name: "New prompt" }).click();
    await expect(page).toHaveURL(/\/prompts\?create=1$/);
    await page.waitForLoadState("networkidle");
    const form = page.getByRole("form", { name: "Create prompt" });
    await form.getByLabel("Name").fill("bad name!");
    await form.getByRole("radio", { name: "Chat" }).click();
    await form.getByLabel("Content of message 1").fill("You are a support agent for {{product}}.");
    await form.getByLabel("Content of message 2").fill("{{question}}");
    await form.getByRole("button", { name: "Create prompt" }).click();
    await expect(form.getByRole("alert").first()).toContainText(/alphanumeric/);
    const chatName = uniqueName("chat-prompt");
    await form.getByLabel("Name").fill(chatName);
    await form.getByRole("button", { name: "Create prompt" }).click();
    await expect(page).toHaveURL(new RegExp(`/prompts/${chatName}`));
    const messages = page.getByRole("list", { name: "Messages" });
    await expect(messages.locator('[data-role="system"]')).toContainText("support agent for");
    await expect(messages.locator('[data-role="user"]')).toContainText("{{question}}");
    await snap(page, testInfo, "prompt-chat-created");
    const got = await callApi<{ model_version: { tags: { key: string; value: string }[] } }>(request, "GET", "model-versions/get", { name: chatName, version: "1" });
    expect(got.model_version.tags.find((t) => t.key === "_mlflow_prompt_type")?.value).toBe("chat");
  });

  test("description, version tags, and deleting a version and the prompt from the prompt page", async ({ page, request }, testInfo) => {
    const name = uniqueName("lifecycle-prompt");
    for (const v of ["one", "two", "three"]) await registerPrompt(request, name, `Say {{x}} ${v}`, `v-${v}`);
    await callApi(request, "POST", "registered-models/alias", { name, alias: "production", version: "2" });
    await callApi(request, "POST", "model-versions/set-tag", { name, version: "2", key: "team", value: "search" });
    const exp = await createExperiment(request, uniqueName("lifecycle-e2e"));
    const runId = await logRun(request, exp, { name: "uses-v2" });
    await linkPromptsToRun(request, runId, [{ name, version: "2" }]);

    await go(page, `/prompts/${encodeURIComponent(name)}?version=2`);

    // Description: added inline, then edited; the API sees it.
    await page.getByRole("button", { name: "Add a description" }).click();
    await page.getByLabel("Description", { exact: true }).fill("Greets people.");
    await page.getByRole("button", { name: "Save description" }).click();
    await expect(page.getByTestId("prompt-description")).toHaveText("Greets people.");
    await page.getByRole("button", { name: "Edit description" }).click();
    await page.getByLabel("Description", { exact: true }).fill("Greets people politely.");
    await snap(page, testInfo, "prompt-description-editor");
    await page.getByRole("button", { name: "Save description" }).click();
    await expect(page.getByTestId("prompt-description")).toHaveText("Greets people politely.");
    const rm = await callApi<{ registered_model: { description: string } }>(request, "GET", "registered-models/get", { name });
    expect(rm.registered_model.description).toBe("Greets people politely.");

    // Version tags: reserved keys are hidden; add, edit, delete; a reserved key is refused inline.
    const tags = page.getByTestId("version-tags");
    await expect(tags).toContainText("team=search");
    await expect(tags).not.toContainText("mlflow.prompt");
    await expect(tags).not.toContainText("_mlflow_");
    await tags.getByRole("button", { name: "Add tag" }).click();
    await tags.getByLabel("Tag key").fill("mlflow.prompt.text");
    await tags.getByLabel("Tag value").fill("hijack");
    await tags.getByRole("button", { name: "Save tag" }).click();
    await expect(tags.getByRole("alert")).toContainText(/reserved/);
    await tags.getByLabel("Tag key").fill("owner");
    await tags.getByLabel("Tag value").fill("ana");
    await tags.getByRole("button", { name: "Save tag" }).click();
    await expect(tags).toContainText("owner=ana");
    await tags.getByRole("button", { name: "Edit tag team" }).click();
    await expect(tags.getByLabel("Tag key")).toHaveValue("team");
    await tags.getByLabel("Tag value").fill("ranking");
    await snap(page, testInfo, "prompt-version-tag-edit");
    await tags.getByRole("button", { name: "Save tag" }).click();
    await expect(tags).toContainText("team=ranking");
    await tags.getByRole("button", { name: "Remove tag owner" }).click();
    await expect(tags).not.toContainText("owner");
    const mv = await callApi<{ model_version: { tags: { key: string; value: string }[] } }>(request, "GET", "model-versions/get", { name, version: "2" });
    expect(mv.model_version.tags.find((t) => t.key === "team")?.value).toBe("ranking");
    expect(mv.model_version.tags.some((t) => t.key === "owner")).toBe(false);
    expect(mv.model_version.tags.find((t) => t.key === "mlflow.prompt.text")?.value).toBe("Say {{x}} two");

    // Delete version 2: the dialog names its alias and the linked run; cancel keeps it.
    await page.getByRole("button", { name: "Delete version" }).click();
    const dialog = page.getByRole("dialog", { name: `Delete version 2 of ${name}?` });
    await expect(dialog).toContainText("@production");
    await expect(dialog).toContainText("1 run");
    await snap(page, testInfo, "prompt-delete-version-dialog");
    await dialog.getByRole("button", { name: "Cancel" }).click();
    await expect(dialog).toBeHidden();
    await page.getByRole("button", { name: "Delete version" }).click();
    await dialog.getByRole("button", { name: "Delete version 2" }).click();
    await expect(page).toHaveURL(new RegExp(`/prompts/${name}$`));
    await expect(page.getByRole("heading", { level: 2, name: "Version 3" })).toBeVisible();
    await expect(page.getByTestId("version-2")).toHaveCount(0);
    await expect(page.getByTestId("version-1")).toBeVisible();
    const after = await callApi<{ registered_model: { aliases?: { alias: string }[] } }>(request, "GET", "registered-models/get", { name });
    expect((after.registered_model.aliases ?? []).map((a) => a.alias)).not.toContain("production");
    await page.getByRole("tab", { name: /Used by/ }).click();
    await expect(page.getByRole("tab", { name: /Used by/ })).toContainText("0");

    // Delete the prompt: the button stays disabled until the name is typed; then back to the list.
    await page.getByRole("button", { name: "Delete prompt" }).click();
    const del = page.getByRole("dialog", { name: `Delete prompt ${name}?` });
    await expect(del).toContainText("2 versions");
    await expect(del.getByRole("button", { name: "Delete prompt" })).toBeDisabled();
    await del.getByLabel(/to confirm/).fill(name);
    await snap(page, testInfo, "prompt-delete-dialog");
    await del.getByRole("button", { name: "Delete prompt" }).click();
    await expect(page).toHaveURL(/\/prompts$/);
    await expect(page.getByRole("heading", { level: 1, name: "Prompts" })).toBeVisible();
    const gone = await request.get("/api/2.0/mlflow/registered-models/get", { params: { name } });
    expect(gone.status()).toBe(404);
    // The run survives, without its link.
    const run = await callApi<{ run: { info: { run_id: string } } }>(request, "GET", "runs/get", { run_id: runId });
    expect(run.run.info.run_id).toBe(runId);
  });

  test("a prompt named \"new\" is not shadowed by the create page, and old /prompts/new links still work", async ({ page, request }, testInfo) => {
    // Only this test uses the name; clear it from an earlier run on the same database.
    if ((await request.get("/api/2.0/mlflow/registered-models/get", { params: { name: "new" } })).status() === 200) {
      await callApi(request, "DELETE", "registered-models/delete", { name: "new" });
    }
    await go(page, "/prompts/new");
    await expect(page).toHaveURL(/\/prompts\?create=1$/);
    await expect(page.getByRole("heading", { level: 1, name: "New prompt" })).toBeVisible();
    await go(page, "/prompts?create=1");
    const form = page.getByRole("form", { name: "Create prompt" });
    await form.getByLabel("Name").fill("new");
    await form.getByRole("textbox", { name: /template/i }).first().fill("A prompt called {{thing}}");
    await expect(form.getByLabel("Name")).toHaveValue("new");
    await form.getByRole("button", { name: "Create prompt" }).click();
    await expect(page).toHaveURL(/\/prompts\/new$/);
    await expect(page.getByRole("heading", { level: 1, name: "new" })).toBeVisible();
    await expect(page.getByTestId("template-text")).toContainText("A prompt called");
    await snap(page, testInfo, "prompt-named-new");
    // Its new-version editor is /prompts/new/new.
    await page.getByRole("link", { name: "New version", exact: true }).click();
    await expect(page).toHaveURL(/\/prompts\/new\/new/);
    await expect(page.getByRole("heading", { level: 1, name: "New version" })).toBeVisible();
    await callApi(request, "DELETE", "registered-models/delete", { name: "new" });
  });

  test("models: registered models with versions, aliases set from the UI, prompts used", async ({ page, request }, testInfo) => {
    const promptName = uniqueName("agent-prompt");
    await registerPrompt(request, promptName, "Answer {{question}}", "v1");
    const exp = await createExperiment(request, uniqueName("model-e2e"));
    const runId = await logRun(request, exp, { name: "train-agent" });
    const modelName = uniqueName("support-agent");
    await callApi(request, "POST", "registered-models/create", { name: modelName, description: "Answers support tickets", tags: [{ key: "team", value: "support" }] });
    for (let i = 0; i < 2; i++) {
      const { model } = await callApi<{ model: { info: { model_id: string } } }>(request, "POST", "logged-models", {
        experiment_id: exp,
        name: `agent-${i}`,
        source_run_id: runId,
        tags: [{ key: "mlflow.linkedPrompts", value: JSON.stringify([{ name: promptName, version: "1" }]) }],
      });
      await callApi(request, "POST", "model-versions/create", { name: modelName, source: `models:/${model.info.model_id}`, run_id: runId, model_id: model.info.model_id });
    }

    await go(page, `/models?q=${encodeURIComponent(modelName)}`);
    await expect(page.getByRole("row", { name: new RegExp(modelName) })).toContainText("v2");
    // Prompts are not registered models.
    await go(page, `/models?q=${encodeURIComponent(promptName)}`);
    await expect(page.getByText(/No models match/)).toBeVisible();

    await go(page, `/models/${encodeURIComponent(modelName)}`);
    const versions = page.getByRole("table", { name: "Model versions" });
    await expect(versions.getByRole("row")).toHaveCount(3);
    await expect(versions).toContainText(`${promptName}/v1`);
    const panel = page.getByTestId("alias-panel");
    await panel.getByLabel("Alias", { exact: true }).fill("champion");
    await panel.getByLabel("Version", { exact: true }).selectOption("1");
    await panel.getByRole("button", { name: "Set alias" }).click();
    await expect(panel.getByRole("listitem").filter({ hasText: "@champion" })).toContainText("version 1");
    await panel.getByLabel("Alias", { exact: true }).fill("champion");
    await panel.getByLabel("Version", { exact: true }).selectOption("2");
    await panel.getByRole("button", { name: "Move alias", exact: true }).click();
    await expect(versions.getByRole("row", { name: /^v2\b/ })).toContainText("@champion");
    await snap(page, testInfo, "model");

    await versions.getByRole("link", { name: "v1", exact: true }).click();
    await expect(page.getByRole("list", { name: "Prompt versions" })).toContainText(promptName);
    await expect(page.getByRole("link", { name: /train-agent/ })).toBeVisible();
    await snap(page, testInfo, "model-version-page");
  });
});
