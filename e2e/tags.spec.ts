// One tag editor (components/tags/tag-editor.tsx) for every entity: the same steps — add, edit a
// value by clicking the chip, remove, an invalid key refused next to the field — on an
// experiment, a run (with its system tags read-only behind a toggle, and read-only once the run
// is deleted), a registered model and a prompt. Each write is checked through the MLflow API.
import { expect as baseExpect, test, type Locator, type Page } from "@playwright/test";
import { callApi, createExperiment, logRun, registerPrompt, snap, uniqueName } from "./fixtures";

const expect = baseExpect.configure({ timeout: 30_000 });

async function open(page: Page, url: string) {
  await page.goto(url);
  await page.waitForLoadState("networkidle");
}

/** The same editing steps on any entity's editor; `read` returns the entity's tags from the API. */
async function editTags(editor: Locator, read: () => Promise<Record<string, string>>) {
  await editor.getByRole("button", { name: "Add tag" }).click();
  await editor.getByLabel("Tag key").fill(" ");
  await editor.getByLabel("Tag value").fill("x");
  await editor.getByRole("button", { name: "Save tag" }).click();
  await expect(editor.getByRole("alert")).toContainText("Enter a tag key.");
  await editor.getByLabel("Tag key").fill("owner");
  await editor.getByLabel("Tag value").fill("ana");
  await editor.getByRole("button", { name: "Save tag" }).click();
  await expect(editor).toContainText("owner=ana");
  await expect.poll(async () => (await read()).owner).toBe("ana");

  await editor.getByRole("button", { name: "Edit tag owner" }).click();
  await expect(editor.getByLabel("Tag key")).toHaveValue("owner");
  await editor.getByLabel("Tag value").fill("bo");
  await editor.getByRole("button", { name: "Save tag" }).click();
  await expect(editor).toContainText("owner=bo");
  await expect.poll(async () => (await read()).owner).toBe("bo");

  await editor.getByRole("button", { name: "Remove tag owner" }).click();
  await expect(editor).not.toContainText("owner=");
  await expect.poll(async () => (await read()).owner).toBeUndefined();
}

const asRecord = (tags: { key: string; value: string }[] | undefined) => Object.fromEntries((tags ?? []).map((t) => [t.key, t.value]));

test("experiment tags: add, edit, remove in the experiment's tag dialog", async ({ page, request }, testInfo) => {
  const name = uniqueName("tags-exp");
  const exp = await createExperiment(request, name, { team: "e2e" });
  await open(page, `/experiments/${exp}`);
  await page.getByRole("button", { name: `Actions for ${name}` }).click();
  await page.getByRole("menuitem", { name: "Edit tags" }).click();
  const editor = page.getByRole("dialog").getByTestId("tag-editor");
  await expect(editor).toContainText("team=e2e");
  await editTags(editor, async () => asRecord((await callApi<{ experiment: { tags?: { key: string; value: string }[] } }>(request, "GET", "experiments/get", { experiment_id: exp })).experiment.tags));
  await snap(page, testInfo, "tags-experiment");
});

test("run tags: the same editor, system tags behind a toggle, read-only on a deleted run", async ({ page, request }, testInfo) => {
  const exp = await createExperiment(request, uniqueName("tags-run"));
  const runId = await logRun(request, exp, { name: "tagged", params: { lr: "0.1" } });
  await callApi(request, "POST", "runs/set-tag", { run_id: runId, key: "mlflow.source.name", value: "train.py" });
  const read = async () => asRecord((await callApi<{ run: { data: { tags?: { key: string; value: string }[] } } }>(request, "GET", "runs/get", { run_id: runId })).run.data.tags);

  await open(page, `/experiments/${exp}/runs/${runId}`);
  const editor = page.getByTestId("tag-editor");
  await expect(editor).not.toContainText("train.py");
  await editor.getByRole("button", { name: /^Show \d+ system tags?$/ }).click();
  await expect(editor.getByLabel("System tags")).toContainText("train.py");
  await editTags(editor, read);
  await snap(page, testInfo, "tags-run");

  await callApi(request, "POST", "runs/delete", { run_id: runId });
  await open(page, `/experiments/${exp}/runs/${runId}`);
  await expect(page.getByTestId("tag-editor").getByRole("button", { name: "Add tag" })).toHaveCount(0);
});

test("registered-model and prompt tags: the same editor", async ({ page, request }, testInfo) => {
  const model = uniqueName("tags-model");
  await callApi(request, "POST", "registered-models/create", { name: model });
  await open(page, `/models/${encodeURIComponent(model)}`);
  await editTags(page.getByTestId("tag-editor").first(), async () => asRecord((await callApi<{ registered_model: { tags?: { key: string; value: string }[] } }>(request, "GET", "registered-models/get", { name: model })).registered_model.tags));
  await snap(page, testInfo, "tags-model");

  const prompt = uniqueName("tags-prompt");
  await registerPrompt(request, prompt, "Summarize {{ text }}");
  await open(page, `/prompts/${encodeURIComponent(prompt)}`);
  await editTags(page.getByTestId("tag-editor").first(), async () => asRecord((await callApi<{ registered_model: { tags?: { key: string; value: string }[] } }>(request, "GET", "registered-models/get", { name: prompt })).registered_model.tags));
  await snap(page, testInfo, "tags-prompt");
});
