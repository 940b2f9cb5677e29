// Helpers shared by the benchmarks: the MLflow REST calls used for seeding, a bounded pool,
// Chromium, and figure formatting.
import { chromium } from "playwright-core";

export const base = (process.env.RUNBOARD_URL ?? "http://localhost:3000").replace(/\/$/, "");

/**
 * POST an MLflow endpoint. Like the MLflow client, 5xx is retried with backoff while seeding;
 * measured calls pass `{ retries: 0 }` so a failure is never hidden in a timing.
 */
export async function api(path, body, { retries = 4 } = {}, attempt = 0) {
  const res = await fetch(`${base}/api/2.0/mlflow/${path}`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
  const text = await res.text();
  if (res.status >= 500 && attempt < retries) {
    await new Promise((r) => setTimeout(r, 500 * 2 ** attempt));
    return api(path, body, { retries }, attempt + 1);
  }
  if (res.status !== 200) throw new Error(`${path} → ${res.status} ${text.slice(0, 300)}`);
  return JSON.parse(text);
}

/** Runs task(0..n-1) with at most c in flight. */
export async function pool(n, c, task) {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(c, n) }, async () => {
      while (next < n) await task(next++);
    }),
  );
}

export const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
export const ms = (x) => `${Math.round(x).toLocaleString("en-US")} ms`;

export function launchChromium() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-dev-shm-usage"],
  });
}
