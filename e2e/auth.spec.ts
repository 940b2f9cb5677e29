// Team hosting in the browser (issue 11): an auth-on server of its own (RUNBOARD_AUTH=on,
// RUNBOARD_DEFAULT_PERMISSION=NO_PERMISSIONS) next to the suite's auth-off one. Sign-in (a
// planted cookie is replaced), a READ user sees no write menu, a user without permission gets
// the access page by URL, tokens are created (shown once) and revoked, sign-out ends the session.
import { spawn, type ChildProcess } from "node:child_process";
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { uniqueName } from "./fixtures";

const port = Number(process.env.E2E_PORT ?? 3100) + 2;
const base = `http://127.0.0.1:${port}`;
const ADMIN = { username: "e2e-admin", password: "e2e-admin-password" };
const basic = (u: string, p: string) => "Basic " + Buffer.from(`${u}:${p}`).toString("base64");
let server: ChildProcess | undefined;

test.describe.configure({ mode: "serial", timeout: 180_000 });
test.use({ baseURL: base });

async function api(request: APIRequestContext, endpoint: string, body: Record<string, unknown>, auth = basic(ADMIN.username, ADMIN.password)) {
  const res = await request.post(`${base}/api/2.0/mlflow/${endpoint}`, { data: body, headers: { authorization: auth, "content-type": "application/json" } });
  expect(res.status(), await res.text()).toBe(200);
  return (await res.json()) as Record<string, unknown>;
}

async function signIn(page: Page, username: string, password: string) {
  await page.goto("/sign-in");
  await page.getByLabel("Username").fill(username);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByTestId("signed-in-user")).toContainText(username);
}

test.beforeAll(async () => {
  test.setTimeout(120_000);
  server = spawn(process.execPath, ["scripts/e2e-server.mjs", "--port", String(port)], {
    env: { ...process.env, RUNBOARD_AUTH: "on", RUNBOARD_ADMIN_USERNAME: ADMIN.username, RUNBOARD_ADMIN_PASSWORD: ADMIN.password, RUNBOARD_DEFAULT_PERMISSION: "NO_PERMISSIONS" },
    stdio: "ignore",
  });
  for (let i = 0; i < 600; i++) {
    try {
      if ((await fetch(`${base}/health`)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error("the auth-on server did not start");
});
test.afterAll(async () => {
  if (server && server.exitCode === null) {
    server.kill("SIGTERM");
    await new Promise((r) => server!.once("exit", r));
  }
});

test("pages need a signed-in user; sign-in replaces a planted cookie; sign-out ends the session", async ({ page, context }) => {
  await page.goto("/experiments");
  await expect(page).toHaveURL(/\/sign-in/);
  await context.addCookies([{ name: "runboard_session", value: "rbs_planted", url: base }]);
  await signIn(page, ADMIN.username, ADMIN.password);
  const cookie = (await context.cookies(base)).find((c) => c.name === "runboard_session")!;
  expect(cookie.value).not.toBe("rbs_planted");
  expect(cookie.httpOnly).toBe(true);
  expect(cookie.sameSite).toBe("Lax");
  await page.goto("/experiments");
  await expect(page.getByRole("heading", { name: "Experiments", exact: true })).toBeVisible();
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in/);
  // The old cookie is dead on the server, not only forgotten by the browser.
  const reuse = await page.request.post(`${base}/api/2.0/mlflow/experiments/search`, { data: { max_results: 1 }, headers: { cookie: `runboard_session=${cookie.value}` } });
  expect(reuse.status()).toBe(401);
});

test("a READ user sees no write menu; a user without permission gets the access page by URL", async ({ page, request }) => {
  const reader = { username: uniqueName("reader"), password: "reader-password-1" };
  const nobody = { username: uniqueName("nobody"), password: "nobody-password-1" };
  for (const u of [reader, nobody]) await api(request, "users/create", u);
  const expName = uniqueName("shared");
  const exp = (await api(request, "experiments/create", { name: expName })).experiment_id as string;
  await api(request, "experiments/permissions/create", { experiment_id: exp, username: reader.username, permission: "READ" });

  await signIn(page, reader.username, reader.password);
  await page.goto(`/experiments/${exp}`);
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await expect(page.getByRole("button", { name: /actions|more/i })).toHaveCount(0);
  await page.getByRole("button", { name: "Sign out" }).click();
  // the sign-out action must have ended the session before the next sign-in page is asked for
  await expect(page).toHaveURL(/\/sign-in/);
  await expect(page.getByLabel("Username")).toBeVisible();

  await signIn(page, nobody.username, nobody.password);
  await page.goto(`/experiments/${exp}`);
  await expect(page.getByText("You don't have access to this page")).toBeVisible();
  await page.goto("/experiments");
  await expect(page.getByRole("heading", { name: "Experiments", exact: true })).toBeVisible();
  await expect(page.getByRole("link", { name: expName })).toHaveCount(0);
});

test("create a token (shown once, with the export line), use it, revoke it", async ({ page, request }) => {
  await signIn(page, ADMIN.username, ADMIN.password);
  await page.goto("/account");
  await page.getByLabel("Name").fill("laptop");
  await page.getByRole("button", { name: "Create token" }).click();
  const shown = page.getByTestId("new-token");
  await expect(shown).toContainText("export MLFLOW_TRACKING_TOKEN=rbt_");
  const secret = /MLFLOW_TRACKING_TOKEN=(rbt_\S+)/.exec((await shown.textContent()) ?? "")![1];
  const use = await request.post(`${base}/api/2.0/mlflow/experiments/search`, { data: { max_results: 1 }, headers: { authorization: `Bearer ${secret}` } });
  expect(use.status()).toBe(200);
  await page.reload();
  await expect(page.getByTestId("new-token")).toHaveCount(0);
  const row = page.getByTestId("token-row").filter({ hasText: "laptop" });
  await expect(row).toBeVisible();
  page.once("dialog", (d) => d.accept());
  await row.getByRole("button", { name: "Revoke laptop" }).click();
  await expect(row).toHaveCount(0);
  const after = await request.post(`${base}/api/2.0/mlflow/experiments/search`, { data: { max_results: 1 }, headers: { authorization: `Bearer ${secret}` } });
  expect(after.status()).toBe(401);
});

test("a cross-site server-action POST is refused", async ({ page }) => {
  await signIn(page, ADMIN.username, ADMIN.password);
  const res = await page.request.post(`${base}/experiments`, { headers: { origin: "https://evil.example", "next-action": "x", "content-type": "text/plain" }, data: "[]" });
  expect(res.status()).toBeGreaterThanOrEqual(400);
});
