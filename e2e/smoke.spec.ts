import { expect, test } from "@playwright/test";
import { snap } from "./fixtures";

test("the home page is the experiments page, with the header and a useful first-run state", async ({ page }, testInfo) => {
  await page.goto("/");
  await expect(page).toHaveURL(/\/experiments$/);
  const nav = page.getByRole("navigation", { name: "Main" });
  await expect(nav.getByRole("link", { name: "Experiments" })).toHaveAttribute("aria-current", "page");
  await expect(nav.getByRole("link", { name: "Prompts" })).toBeVisible();
  await expect(nav.getByRole("link", { name: "Models" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Experiments", level: 1 })).toBeVisible();
  await snap(page, testInfo, "experiments-home");
});

test("health, version and unknown API paths answer as MLflow clients expect", async ({ request }) => {
  expect((await request.get("/health")).status()).toBe(200);
  const version = await request.get("/version");
  expect(version.status()).toBe(200);
  expect(await version.text()).toMatch(/^\d+\.\d+\.\d+$/);
  const missing = await request.get("/api/2.0/mlflow/no-such-endpoint");
  expect(missing.status()).toBe(404);
  expect(await missing.json()).toMatchObject({ error_code: "ENDPOINT_NOT_FOUND" });
});
