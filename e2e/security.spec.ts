// The UI under its security headers (scripts/server.mjs): a nonce Content-Security-Policy the app
// actually works under (no violation on any page kind, hydration and client navigation work),
// no framing, no cross-site Referer; not-found pages for ids that name nothing; the public assets.
import { expect, test, type Page } from "@playwright/test";
import { createExperiment, linkPromptsToRun, logRun, registerPrompt, snap, uniqueName } from "./fixtures";

/** Records every CSP violation the page reports (the DOM event and the console message). */
async function watchCsp(page: Page): Promise<string[]> {
  const violations: string[] = [];
  page.on("console", (m) => {
    if (/Content Security Policy/i.test(m.text())) violations.push(`${new URL(page.url()).pathname}: ${m.text()}`);
  });
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) => console.error(`Content Security Policy violation: ${e.violatedDirective} ${e.blockedURI}`));
  });
  return violations;
}

test("UI pages carry a CSP, no framing and Referrer-Policy; machine APIs get nosniff but no page policy", async ({ request }) => {
  const page = await request.get("/experiments");
  const csp = page.headers()["content-security-policy"];
  expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]{16,}' 'strict-dynamic'/);
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).toContain("object-src 'none'");
  expect(page.headers()["x-frame-options"]).toBe("DENY");
  expect(page.headers()["referrer-policy"]).toBe("same-origin");
  expect(page.headers()["x-content-type-options"]).toBe("nosniff");
  // a fresh nonce per response, stamped on the page's scripts
  const again = await request.get("/experiments");
  const nonce = /'nonce-([^']+)'/.exec(again.headers()["content-security-policy"])![1];
  expect(nonce).not.toBe(/'nonce-([^']+)'/.exec(csp)![1]);
  expect(await again.text()).toContain(`nonce="${nonce}"`);

  const api = await request.get("/api/2.0/mlflow/experiments/get?experiment_id=0");
  expect(api.status()).toBe(200);
  expect(api.headers()["content-security-policy"]).toBeUndefined();
  expect(api.headers()["x-content-type-options"]).toBe("nosniff");
});

test("every kind of page works under the CSP: no violation, hydrated, client navigation", async ({ page, request }, testInfo) => {
  const violations = await watchCsp(page);
  const name = uniqueName("csp");
  const experimentId = await createExperiment(request, name);
  const a = await logRun(request, experimentId, { name: "a", params: { lr: "0.1" }, metrics: { acc: 0.8 }, histories: { loss: [1, 0.5, 0.25] } });
  const b = await logRun(request, experimentId, { name: "b", params: { lr: "0.2" }, metrics: { acc: 0.9 }, histories: { loss: [1, 0.6, 0.3] } });
  const prompt = uniqueName("csp-prompt");
  await registerPrompt(request, prompt, "Hello {{name}}");
  await linkPromptsToRun(request, a, [{ name: prompt, version: "1" }]);
  const pages = [
    "/experiments",
    `/experiments/${experimentId}`,
    `/experiments/${experimentId}?tab=charts`,
    `/experiments/${experimentId}/runs/${a}`,
    `/compare?runs=${a},${b}`,
    "/prompts",
    `/prompts/${encodeURIComponent(prompt)}`,
    "/models",
    "/experiments/99999999999",
    "/no-such-page",
  ];
  for (const url of pages) {
    await page.goto(url);
    await page.waitForLoadState("networkidle");
    await expect(page.locator("nav[aria-label=Main]")).toBeVisible();
  }
  // hydrated: a client-side navigation (no full reload) reaches the next page
  await page.goto("/experiments");
  await page.evaluate(() => ((window as unknown as { __marker: number }).__marker = 1));
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Prompts" }).click();
  await expect(page).toHaveURL(/\/prompts$/);
  await expect(page.getByRole("heading", { name: "Prompts", level: 1 })).toBeVisible();
  expect(await page.evaluate(() => (window as unknown as { __marker?: number }).__marker)).toBe(1);
  await snap(page, testInfo, "csp-prompts");
  expect(violations).toEqual([]);
});

test("ids that name nothing show a not-found page, never an error page", async ({ page, request }) => {
  const prompt = uniqueName("nf-prompt");
  await registerPrompt(request, prompt, "Hi {{who}}");
  for (const version of ["no-such-alias", "7"]) {
    await page.goto(`/prompts/${encodeURIComponent(prompt)}?version=${version}`);
    await expect(page.getByText(/prompt or version not found/i).first()).toBeVisible();
  }
  await page.goto(`/prompts/${encodeURIComponent(prompt)}?version=latest`);
  await expect(page.getByText("Hi {{who}}").first()).toBeVisible();
  for (const url of ["/experiments/99999999999", "/experiments/99999999999999999999", "/experiments/abc", "/experiments/-1"]) {
    await page.goto(url);
    await expect(page.getByText(/experiment not found/i).first()).toBeVisible();
    await expect(page.getByText(/something went wrong|application error/i)).toHaveCount(0);
  }
  await page.goto(`/experiments/0/runs/${"f".repeat(32)}`);
  await expect(page.getByText(/run not found/i).first()).toBeVisible();
});

test("the public assets the layout names exist: favicon and social preview image", async ({ page, request }) => {
  await page.goto("/experiments");
  const icon = await page.locator('link[rel="icon"]').first().getAttribute("href");
  const og = await page.locator('meta[property="og:image"]').first().getAttribute("content");
  expect(icon).toBeTruthy();
  expect(og).toBeTruthy();
  for (const href of [icon!, og!]) {
    const res = await request.get(new URL(href, page.url()).pathname);
    expect(res.status(), href).toBe(200);
    expect(res.headers()["content-type"]).toMatch(/^image\//);
    expect((await res.body()).length).toBeGreaterThan(100);
  }
});
