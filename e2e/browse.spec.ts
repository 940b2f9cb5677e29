// Browse UI end to end: data goes in through the MLflow REST API (as a client would log it),
// then the experiments list, the runs table and the run page are driven in Chromium.
// Every test seeds its own uniquely named experiment, so tests run in parallel.
import { expect as baseExpect, test, type Page } from "@playwright/test";
import { callApi, createExperiment, linkPromptsToRun, logRun, registerPrompt, snap, uniqueName, uploadArtifact } from "./fixtures";

// Navigations re-render on the server; give them room on a busy machine or a dev server.
const expect = baseExpect.configure({ timeout: 30_000 });
/** Opens a page and waits until it is interactive (hydrated), so typed input is not lost. */
async function open(page: Page, url: string) {
  await page.goto(url);
  await page.waitForLoadState("networkidle");
}

const filterBox = (page: Page) => page.getByLabel("Filter runs (MLflow search syntax)");
const runsGrid = (page: Page) => page.getByRole("grid", { name: "Runs" });
const runRow = (page: Page, name: string) => runsGrid(page).getByRole("row").filter({ has: page.getByRole("link", { name, exact: true }) });
const runSections = (page: Page) => page.getByRole("navigation", { name: "Run sections" });
const runNames = async (page: Page) => runsGrid(page).locator("[role=row][data-row-index] a[href*='/runs/']").allTextContents();

test("navigates experiments → runs table → run", async ({ page, request }, testInfo) => {
  const name = uniqueName("browse-nav");
  const exp = await createExperiment(request, name, { team: "e2e" });
  const t0 = Date.now() - 3_600_000;
  await logRun(request, exp, { name: "warmup", params: { lr: "0.1" }, metrics: { loss: 0.9 }, startTime: t0 });
  const best = await logRun(request, exp, { name: "best-run", params: { lr: "0.01" }, metrics: { loss: 0.2 }, startTime: t0 + 1000 });

  await open(page, "/experiments");
  await page.getByLabel("Search experiments by name").fill(name);
  await expect(page).toHaveURL(/q=browse-nav/);
  const row = page.getByRole("row").filter({ hasText: name });
  await expect(row).toHaveCount(1);
  await expect(row).toContainText("2"); // run count
  await snap(page, testInfo, "experiments-list");

  await row.getByRole("link", { name }).click();
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
  await expect(runRow(page, "best-run")).toBeVisible();
  await expect(page.getByTestId("runs-total")).toHaveText("2");
  await snap(page, testInfo, "runs-table");

  await runRow(page, "best-run").getByRole("link", { name: "best-run" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "best-run" })).toBeVisible();
  await expect(page.getByTestId("run-id")).toHaveText(best);
  await expect(page.getByRole("table", { name: "Parameters" })).toContainText("0.01");
  await snap(page, testInfo, "run-overview");

  // /runs/<id> redirects to the run's page under its experiment.
  await page.goto(`/runs/${best}`);
  await expect(page).toHaveURL(new RegExp(`/experiments/${exp}/runs/${best}$`));
});

test("filters runs with a valid expression and points at the token of an invalid one", async ({ page, request }, testInfo) => {
  const exp = await createExperiment(request, uniqueName("browse-filter"));
  const t0 = Date.now() - 3_600_000;
  await logRun(request, exp, { name: "adam-good", params: { optimizer: "adam" }, metrics: { accuracy: 0.95 }, startTime: t0 });
  await logRun(request, exp, { name: "adam-bad", params: { optimizer: "adam" }, metrics: { accuracy: 0.6 }, startTime: t0 + 1 });
  await logRun(request, exp, { name: "sgd-good", params: { optimizer: "sgd" }, metrics: { accuracy: 0.97 }, startTime: t0 + 2 });
  await open(page, `/experiments/${exp}`);
  await expect(page.getByTestId("runs-total")).toHaveText("3");

  await filterBox(page).fill("metrics.accuracy > 0.9 AND params.optimizer = 'adam'");
  await filterBox(page).press("Enter");
  await expect(page).toHaveURL(/q=metrics\.accuracy/);
  await expect(page.getByTestId("runs-total")).toHaveText("1");
  await expect.poll(() => runNames(page)).toEqual(["adam-good"]);
  await snap(page, testInfo, "filter-valid");

  const bad = "metrics.accuracy > 0.9 AND params.optimizer == 'adam'";
  await filterBox(page).fill(bad);
  await filterBox(page).press("Enter");
  const error = page.locator("#run-filter-error");
  await expect(error).toBeVisible();
  await expect(error).toContainText("'=='");
  await expect(filterBox(page)).toHaveAttribute("aria-invalid", "true");
  // The caret line under the copy of the expression starts at the bad token.
  const pointer = await page.getByTestId("filter-error-pointer").textContent();
  const caretLine = pointer!.split("\n")[1];
  expect(caretLine.indexOf("^")).toBe(bad.indexOf("=="));
  expect(caretLine.trim()).toBe("^^");
  await snap(page, testInfo, "filter-invalid");
});

test("sorts by a metric from its column header", async ({ page, request }, testInfo) => {
  const exp = await createExperiment(request, uniqueName("browse-sort"));
  const t0 = Date.now() - 3_600_000;
  await logRun(request, exp, { name: "mid", metrics: { loss: 0.5 }, startTime: t0 });
  await logRun(request, exp, { name: "low", metrics: { loss: 0.1 }, startTime: t0 + 1 });
  await logRun(request, exp, { name: "high", metrics: { loss: 0.9 }, startTime: t0 + 2 });
  await open(page, `/experiments/${exp}`);
  await expect.poll(() => runNames(page)).toEqual(["high", "low", "mid"]); // newest first

  const header = runsGrid(page).getByRole("columnheader", { name: /loss/ });
  await header.getByRole("button", { name: "loss", exact: true }).click();
  await expect(page).toHaveURL(/sort=metrics\.loss&dir=asc/); // a loss sorts best (lowest) first
  await expect(header).toHaveAttribute("aria-sort", "ascending");
  await expect.poll(() => runNames(page)).toEqual(["low", "mid", "high"]);

  await header.getByRole("button", { name: "loss", exact: true }).click();
  await expect(page).toHaveURL(/dir=desc/);
  await expect.poll(() => runNames(page)).toEqual(["high", "mid", "low"]);
  await snap(page, testInfo, "sorted-by-metric");
});

test("adds a column from the chooser, and the view survives a reload", async ({ page, request }, testInfo) => {
  const exp = await createExperiment(request, uniqueName("browse-cols"));
  const params = Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`hp_${String(i).padStart(2, "0")}`, String(i)]));
  await logRun(request, exp, { name: "only-run", params: { ...params, zz_special_key: "chosen-value" }, metrics: { loss: 0.3 } });
  await open(page, `/experiments/${exp}`);
  await expect(runRow(page, "only-run")).toBeVisible();
  await expect(runsGrid(page).getByRole("columnheader", { name: /zz_special_key/ })).toHaveCount(0);

  await page.getByRole("button", { name: "Choose columns" }).click();
  await page.getByLabel("Search columns").fill("special");
  const option = page.getByRole("group", { name: "Keys" }).getByText("zz_special_key", { exact: true });
  await expect(option).toBeVisible();
  await snap(page, testInfo, "column-chooser");
  await option.click();
  await expect(page).toHaveURL(/cols=[^&]*params\.zz_special_key/);
  await page.keyboard.press("Escape");
  await expect(runsGrid(page).getByRole("columnheader", { name: /zz_special_key/ })).toBeVisible();
  await expect(runRow(page, "only-run")).toContainText("chosen-value");

  await page.reload();
  await expect(runRow(page, "only-run")).toContainText("chosen-value");
  await snap(page, testInfo, "column-added");
});

test("opens a run's artifacts and previews a JSON file", async ({ page, request }, testInfo) => {
  const exp = await createExperiment(request, uniqueName("browse-artifacts"));
  const run = await logRun(request, exp, { name: "with-artifacts", metrics: { acc: 0.9 } });
  await uploadArtifact(request, exp, run, "eval/report.json", JSON.stringify({ accuracy: 0.91, classes: ["pos", "neg"] }), "application/json");
  await uploadArtifact(request, exp, run, "notes.md", "# Notes\n\nAll **good**.", "text/markdown");

  await open(page, `/experiments/${exp}/runs/${run}`);
  await runSections(page).getByRole("link", { name: "Artifacts" }).click();
  const tree = page.getByRole("tree", { name: "Artifacts" });
  await tree.getByRole("button", { name: "eval" }).click();
  await tree.getByRole("button", { name: /report\.json/ }).click();
  await expect(page).toHaveURL(/tab=artifacts&path=eval%2Freport\.json/);
  await expect(page.getByLabel("JSON")).toContainText('"accuracy": 0.91');
  await expect(page.getByLabel("JSON")).toContainText('"classes": [');
  await expect(page.getByRole("link", { name: "Download" })).toHaveAttribute("href", new RegExp(`/get-artifact\\?run_id=${run}&path=eval%2Freport\\.json`));
  await snap(page, testInfo, "artifact-json");

  await tree.getByRole("button", { name: /notes\.md/ }).click();
  await expect(page.getByRole("heading", { name: "Notes", exact: true })).toBeVisible();
});

test("shows a run's associated prompt with its template and a link to the prompt", async ({ page, request }, testInfo) => {
  const exp = await createExperiment(request, uniqueName("browse-prompt"));
  const run = await logRun(request, exp, { name: "uses-prompt" });
  const prompt = uniqueName("summarize");
  const version = await registerPrompt(request, prompt, "Summarize {{ article }} in {{n}} bullet points.", "first cut");
  await linkPromptsToRun(request, run, [{ name: prompt, version }]);

  await open(page, `/experiments/${exp}/runs/${run}`);
  await runSections(page).getByRole("link", { name: /Prompts/ }).click();
  const card = page.getByRole("article", { name: `Prompt ${prompt} version ${version}` });
  await expect(card).toBeVisible();
  await expect(card.getByRole("link", { name: prompt })).toHaveAttribute("href", `/prompts/${prompt}?version=${version}`);
  await expect(card).toContainText("first cut");
  await expect(card.getByTestId("template-text")).toContainText("Summarize {{ article }} in {{n}} bullet points.");
  await expect(card).toContainText("{{article}}");
  await expect(card).toContainText("{{n}}");
  await snap(page, testInfo, "run-prompts");
});

test("selects two runs and opens the compare view", async ({ page, request }, testInfo) => {
  const exp = await createExperiment(request, uniqueName("browse-compare"));
  const t0 = Date.now() - 3_600_000;
  const a = await logRun(request, exp, { name: "run-a", metrics: { loss: 0.4 }, startTime: t0 });
  const b = await logRun(request, exp, { name: "run-b", metrics: { loss: 0.3 }, startTime: t0 + 1 });
  await logRun(request, exp, { name: "run-c", metrics: { loss: 0.2 }, startTime: t0 + 2 });
  await open(page, `/experiments/${exp}`);

  await runRow(page, "run-a").getByRole("checkbox").check();
  // Keyboard: focus the row, Space selects it.
  await runRow(page, "run-b").focus();
  await page.keyboard.press("Space");
  await expect(runRow(page, "run-b")).toHaveAttribute("aria-selected", "true");
  await expect(page).toHaveURL(new RegExp(`sel=${a}%2C${b}`));
  await snap(page, testInfo, "two-selected");

  await page.getByRole("link", { name: /Compare 2/ }).click();
  await expect(page).toHaveURL(/\/compare\?runs=/);
  expect(new URL(page.url()).searchParams.get("runs")).toBe(`${a},${b}`);
});

test("deletes a run from its page, then restores it from the deleted banner", async ({ page, request }, testInfo) => {
  test.slow(); // several server round trips (dialogs, refreshes, view switches) on a shared dev server
  const exp = await createExperiment(request, uniqueName("browse-delete"));
  const t0 = Date.now() - 3_600_000;
  await logRun(request, exp, { name: "keeper", metrics: { loss: 0.4 }, startTime: t0 });
  const doomed = await logRun(request, exp, { name: "doomed", metrics: { loss: 0.9 }, startTime: t0 + 1 });
  const stage = async () => (await callApi<{ run: { info: { lifecycle_stage: string } } }>(request, "GET", "runs/get", { run_id: doomed })).run.info.lifecycle_stage;

  await open(page, `/experiments/${exp}/runs/${doomed}`);
  await page.getByRole("button", { name: "Run actions" }).click();
  await page.getByRole("menuitem", { name: "Delete run" }).click();
  const dialog = page.getByRole("dialog", { name: "Delete “doomed”?" });
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText("Deleted runs");
  await snap(page, testInfo, "run-delete-dialog");
  // Cancel changes nothing.
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(dialog).toBeHidden();
  expect(await stage()).toBe("active");

  await page.getByRole("button", { name: "Run actions" }).click();
  await page.getByRole("menuitem", { name: "Delete run" }).click();
  await dialog.getByRole("button", { name: "Delete run" }).click();
  const banner = page.getByRole("status", { name: "Deleted run" });
  await expect(banner).toContainText("This run is deleted");
  await expect(page.getByRole("button", { name: "Run actions" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Rename run" })).toHaveCount(0);
  expect(await stage()).toBe("deleted");
  await snap(page, testInfo, "run-deleted-banner");

  // Gone from the active runs, listed under the deleted ones.
  await open(page, `/experiments/${exp}`);
  await expect.poll(() => runNames(page)).toEqual(["keeper"]);
  await page.getByLabel("Which runs").selectOption("deleted");
  await expect(page).toHaveURL(/view=deleted/);
  await expect.poll(() => runNames(page)).toEqual(["doomed"]);

  await runRow(page, "doomed").getByRole("link", { name: "doomed" }).click();
  await banner.getByRole("button", { name: "Restore" }).click();
  await expect(banner).toBeHidden();
  await expect(page.getByRole("button", { name: "Run actions" })).toBeVisible();
  expect(await stage()).toBe("active");
});

test("bulk deletes the selected runs, then restores them from the deleted view", async ({ page, request }, testInfo) => {
  test.slow(); // several server round trips (dialogs, refreshes, view switches) on a shared dev server
  const exp = await createExperiment(request, uniqueName("browse-bulk"));
  const t0 = Date.now() - 3_600_000;
  const a = await logRun(request, exp, { name: "bulk-a", startTime: t0 });
  const b = await logRun(request, exp, { name: "bulk-b", startTime: t0 + 1 });
  await logRun(request, exp, { name: "bulk-c", startTime: t0 + 2 });
  const stages = async () =>
    Promise.all([a, b].map(async (id) => (await callApi<{ run: { info: { lifecycle_stage: string } } }>(request, "GET", "runs/get", { run_id: id })).run.info.lifecycle_stage));

  await open(page, `/experiments/${exp}`);
  await expect(page.getByRole("button", { name: /^Delete/ })).toHaveCount(0); // nothing selected
  await runRow(page, "bulk-a").getByRole("checkbox").check();
  await runRow(page, "bulk-b").getByRole("checkbox").check();
  await page.getByRole("button", { name: "Delete 2 runs" }).click();
  const dialog = page.getByRole("dialog", { name: "Delete 2 runs?" });
  await expect(dialog).toBeVisible();
  await snap(page, testInfo, "bulk-delete-dialog");
  await dialog.getByRole("button", { name: "Delete 2 runs" }).click();
  await expect(dialog).toBeHidden();
  await expect.poll(() => runNames(page)).toEqual(["bulk-c"]);
  await expect(page.getByTestId("runs-total")).toHaveText("1");
  await expect(page.getByText(/\d+ selected/)).toHaveCount(0); // the selection is cleared
  expect(await stages()).toEqual(["deleted", "deleted"]);

  await page.getByLabel("Which runs").selectOption("deleted");
  await expect.poll(() => runNames(page)).toEqual(["bulk-b", "bulk-a"]);
  await expect(page.getByRole("button", { name: /^Delete/ })).toHaveCount(0);
  await runsGrid(page).getByRole("checkbox", { name: "Select all runs on this page" }).check();
  await snap(page, testInfo, "bulk-restore");
  await page.getByRole("button", { name: "Restore 2 runs" }).click();
  await expect.poll(() => stages()).toEqual(["active", "active"]);
  await expect(runsGrid(page)).toHaveCount(0); // no deleted runs left

  await page.getByLabel("Which runs").selectOption("active");
  await expect(page.getByTestId("runs-total")).toHaveText("3");
});

test("resizes a column by dragging its header edge; the width survives a reload and double-click resets it", async ({ page, request }, testInfo) => {
  const exp = await createExperiment(request, uniqueName("browse-resize"));
  await logRun(request, exp, { name: "wide-run", metrics: { loss: 0.3 } });
  await open(page, `/experiments/${exp}`);
  const header = runsGrid(page).getByRole("columnheader", { name: /loss/ });
  const handle = runsGrid(page).getByRole("separator", { name: "Resize column loss" });
  const width = async () => (await header.boundingBox())!.width;
  const before = await width();

  const box = (await handle.boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width / 2 + 60, box.y + box.height / 2, { steps: 4 });
  await page.mouse.move(box.x + box.width / 2 + 120, box.y + box.height / 2, { steps: 4 });
  await page.mouse.up();
  await expect.poll(width).toBeCloseTo(before + 120, 0);
  await expect(page).toHaveURL(new RegExp(`w=metrics\\.loss%3A${Math.round(before + 120)}`));
  // Only the changed column is in the URL.
  expect(new URL(page.url()).searchParams.get("w")).toBe(`metrics.loss:${Math.round(before + 120)}`);
  await snap(page, testInfo, "column-resized");

  await page.reload();
  await page.waitForLoadState("networkidle");
  await expect.poll(width).toBeCloseTo(before + 120, 0);
  // Rows follow their header.
  const cell = runRow(page, "wide-run").getByRole("gridcell").filter({ hasText: "0.3" });
  expect((await cell.boundingBox())!.width).toBeCloseTo(before + 120, 0);

  await handle.dblclick();
  await expect.poll(width).toBeCloseTo(before, 0);
  await expect(page).not.toHaveURL(/[?&]w=/);
});
