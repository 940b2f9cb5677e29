// The experiment's Charts view: the Table | Charts toggle, panels built from the metrics (bars
// for one-step metrics, lines for histories), panels following the table's filter, adding,
// resizing and removing panels (all in the URL), grouping with per-group aggregates, and
// brushing on parallel coordinates selecting runs for the other panels.
import { expect as baseExpect, test, type Page } from "@playwright/test";
import { createExperiment, logRun, snap, uniqueName } from "./fixtures";

const expect = baseExpect.configure({ timeout: 30_000 });

async function open(page: Page, url: string) {
  await page.goto(url);
  await page.waitForLoadState("networkidle");
}

const panel = (page: Page, title: string) => page.getByRole("region", { name: `${title} panel` });

async function seed(request: import("@playwright/test").APIRequestContext) {
  const exp = await createExperiment(request, uniqueName("charts"));
  const t0 = Date.now() - 3_600_000;
  for (let i = 0; i < 6; i++) {
    await logRun(request, exp, {
      name: `run-${i}`,
      params: { optimizer: i % 2 ? "adam" : "sgd", lr: String((i + 1) / 100) },
      metrics: { accuracy: 0.5 + i / 20 },
      histories: { loss: [1, 0.8 - i / 50, 0.6 - i / 50, 0.5 - i / 50] },
      startTime: t0 + i * 1000,
    });
  }
  return exp;
}

test("Charts view: automatic panels, bars vs lines, filter, add/resize/remove, group by", async ({ page, request }, testInfo) => {
  const exp = await seed(request);
  await open(page, `/experiments/${exp}`);
  await page.getByRole("navigation", { name: "Runs view" }).getByRole("link", { name: "Charts" }).click();
  await expect(page).toHaveURL(/tab=charts/);
  await expect(page.getByTestId("charts-summary")).toContainText("6 runs match");

  // One panel per metric: accuracy (one step) as bars, loss (a history) as lines.
  await expect(panel(page, "accuracy").getByRole("img", { name: "accuracy per run, bar chart" })).toBeVisible();
  await expect(panel(page, "loss").getByRole("img", { name: "loss history over steps, line chart" })).toBeVisible();
  await expect(panel(page, "Parallel coordinates").getByRole("img", { name: /Parallel coordinates/ })).toBeVisible();
  await expect(panel(page, "Scatter").getByRole("img", { name: "Scatter of runs" })).toBeVisible();
  await snap(page, testInfo, "charts-auto");

  // Panels follow the table's filter.
  await open(page, `/experiments/${exp}?tab=charts&q=${encodeURIComponent("params.optimizer = 'adam'")}`);
  await expect(page.getByTestId("charts-summary")).toContainText("3 runs match the filter");
  await expect(panel(page, "accuracy")).toContainText("3 runs");

  // Resize, remove, add — each kept in the URL.
  await panel(page, "accuracy").getByRole("button", { name: "Widen accuracy panel" }).click();
  await expect(page).toHaveURL(/p=[^&]*m%7E2%7Eaccuracy/);
  await panel(page, "loss").getByRole("button", { name: "Remove loss panel" }).click();
  await expect(panel(page, "loss")).toHaveCount(0);
  await page.getByLabel("Add a chart panel").selectOption("loss");
  await expect(panel(page, "loss")).toBeVisible();
  await page.reload();
  await expect(panel(page, "accuracy")).toHaveClass(/lg:col-span-2/);

  // Group by a param: per-group bars with count and mean/min/max over all matched runs.
  await open(page, `/experiments/${exp}?tab=charts`);
  await page.getByLabel("Group runs by").selectOption("p:optimizer");
  await expect(page).toHaveURL(/g=p%3Aoptimizer/);
  await expect(page.getByTestId("charts-summary")).toContainText("grouped by optimizer: 2 groups");
  await expect(panel(page, "accuracy").getByRole("img", { name: "accuracy mean per group, bar chart" })).toBeVisible();

  // The toggle back to the table keeps the URL's filter.
  await open(page, `/experiments/${exp}?tab=charts&q=${encodeURIComponent("params.optimizer = 'sgd'")}`);
  await page.getByRole("navigation", { name: "Runs view" }).getByRole("link", { name: "Table" }).click();
  await expect(page).not.toHaveURL(/tab=charts/);
  await expect(page.getByLabel("Filter runs (MLflow search syntax)")).toHaveValue("params.optimizer = 'sgd'");
});

test("brushing parallel coordinates selects runs and can become the table's filter", async ({ page, request }) => {
  const exp = await seed(request);
  await open(page, `/experiments/${exp}?tab=charts&p=${encodeURIComponent("pc~3~p:optimizer;m:accuracy,m~1~accuracy")}`);
  const chart = panel(page, "Parallel coordinates").getByRole("img", { name: /Parallel coordinates/ });
  await expect(chart).toBeVisible();
  const box = (await chart.boundingBox())!;
  // The accuracy axis is the right-most (right margin 60 px); drag over its upper half.
  const x = box.x + box.width - 60;
  await page.mouse.move(x, box.y + 46);
  await page.mouse.down();
  await page.mouse.move(x, box.y + 100, { steps: 5 });
  await page.mouse.move(x, box.y + 150, { steps: 5 });
  await page.mouse.up();
  const status = page.getByRole("status").filter({ hasText: "selected by brushing" });
  await expect(status).toBeVisible();
  await expect(status).not.toContainText(/\b0 of/);
  await status.getByRole("button", { name: "Filter the table to these ranges" }).click();
  await expect(page).toHaveURL(/q=metrics\.accuracy/);
});
