// The shared rename form and lifecycle control (components/lifecycle/) on an experiment: rename
// from its "⋯" menu (a taken name refused under the field), delete after the confirmation, restore
// from the deleted view. Runs and prompts use the same control (browse.spec.ts, prompts.spec.ts).
import { expect as baseExpect, test, type Page } from "@playwright/test";
import { callApi, createExperiment, snap, uniqueName } from "./fixtures";

const expect = baseExpect.configure({ timeout: 30_000 });

async function open(page: Page, url: string) {
  await page.goto(url);
  await page.waitForLoadState("networkidle");
}

test("experiment: rename, delete and restore through the shared controls", async ({ page, request }, testInfo) => {
  test.slow(); // several dialogs and server round trips
  const name = uniqueName("life-exp");
  const taken = uniqueName("life-taken");
  const exp = await createExperiment(request, name);
  await createExperiment(request, taken);
  const stage = async () => (await callApi<{ experiment: { name: string; lifecycle_stage: string } }>(request, "GET", "experiments/get", { experiment_id: exp })).experiment;

  await open(page, `/experiments/${exp}`);
  await page.getByRole("button", { name: `Actions for ${name}` }).click();
  await page.getByRole("menuitem", { name: "Rename" }).click();
  const rename = page.getByRole("dialog", { name: "Rename experiment" });
  await rename.getByLabel("Name").fill(taken);
  await rename.getByRole("button", { name: "Rename" }).click();
  await expect(rename.getByRole("alert")).toContainText(/already exists/);
  await snap(page, testInfo, "lifecycle-rename-error");
  const renamed = `${name}-v2`;
  await rename.getByLabel("Name").fill(renamed);
  await rename.getByRole("button", { name: "Rename" }).click();
  await expect(rename).toHaveCount(0);
  await expect(page.getByRole("heading", { level: 1, name: renamed })).toBeVisible();
  expect((await stage()).name).toBe(renamed);

  await page.getByRole("button", { name: `Actions for ${renamed}` }).click();
  await page.getByRole("menuitem", { name: "Delete" }).click();
  const del = page.getByRole("dialog", { name: `Delete “${renamed}”?` });
  await expect(del).toContainText("Show deleted");
  await snap(page, testInfo, "lifecycle-delete");
  await del.getByRole("button", { name: "Delete" }).click();
  await expect.poll(async () => (await stage()).lifecycle_stage).toBe("deleted");

  // The page's own navigation after the delete (router.push) must not race the next one.
  await expect(page).toHaveURL(/\/experiments(\?|$)/);
  await open(page, `/experiments?view=deleted&q=${encodeURIComponent(renamed)}`);
  const row = page.getByRole("row").filter({ hasText: renamed });
  await row.getByRole("button", { name: "Restore" }).click();
  await expect.poll(async () => (await stage()).lifecycle_stage).toBe("active");
});
