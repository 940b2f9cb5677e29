#!/usr/bin/env node
// `npm run import -- --from http://mlflow-host:5000 [--to RUNBOARD_URL] [--experiments a,b] [--since DATE]`
// copies a running MLflow-compatible server into a running Runboard over their REST APIs:
// experiments, runs (params, tags, full metric histories, dataset inputs, parent/child),
// artifacts, logged models, registered models and prompts with versions, aliases and tags.
// Run ids and model ids are kept; experiment ids are kept when free and mapped otherwise.
// Run it again to copy only what is new or changed (or to resume an interrupted import).
//
// Credentials: the source's from MLFLOW_TRACKING_USERNAME + MLFLOW_TRACKING_PASSWORD, or
// MLFLOW_TRACKING_TOKEN (or user:password@ in --from); Runboard's from RUNBOARD_USERNAME +
// RUNBOARD_PASSWORD, or RUNBOARD_TOKEN, else the same MLflow variables.
import { writeFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { authHeader, credentialsFromEnv, httpClient, splitUrl } from "./lib/import/http.mjs";
import { Progress } from "./lib/import/progress.mjs";
import { runImport, summarize } from "./lib/import/run.mjs";
import { mlflowSource } from "./lib/import/source.mjs";
import { runboardTarget } from "./lib/import/target.mjs";

const HELP = `Usage: npm run import -- --from <MLflow server URL> [options]

  --from URL            the MLflow-compatible server to copy from (required)
  --to URL              the Runboard to copy into (default: $RUNBOARD_URL or http://localhost:3000)
  --experiments a,b     only these experiments (names or ids); default: all, deleted ones included
  --since DATE          only runs started (and models created / updated) at or after DATE
                        (ISO date or time, e.g. 2026-11-01, or epoch milliseconds)
  --skip KINDS          leave out some of: artifacts, runs, logged-models, registry, prompts
  --full                copy everything again, ignoring what earlier imports copied
  --check-artifacts     also re-list the artifacts of unchanged runs (catches files added later)
  --concurrency N       requests in flight per phase (default 8)
  --page-size N         page size of the source's searches (default 1000)
  --report FILE         where to write the JSON report (default ./import-report-<job>.json)
  --progress MODE       tty | lines | none (default: tty on a terminal, else lines)
  -h, --help

Credentials: MLFLOW_TRACKING_USERNAME/PASSWORD or MLFLOW_TRACKING_TOKEN for the source;
RUNBOARD_USERNAME/PASSWORD or RUNBOARD_TOKEN for Runboard (else the MLflow ones).`;

function fail(msg, code = 2) {
  console.error(`import: ${msg}`);
  process.exit(code);
}

/** ISO date/time or epoch milliseconds → epoch ms. */
export function parseSince(v) {
  if (/^\d{10,}$/.test(v)) return Number(v);
  const t = Date.parse(v);
  if (Number.isNaN(t)) throw new Error(`--since: '${v}' is not a date (try 2026-11-01 or 2026-11-01T12:00:00Z)`);
  return t;
}

const KINDS = new Set(["artifacts", "runs", "logged-models", "registry", "prompts"]);

async function main() {
  let args;
  try {
    ({ values: args } = parseArgs({
      options: {
        from: { type: "string" },
        to: { type: "string" },
        experiments: { type: "string" },
        since: { type: "string" },
        skip: { type: "string" },
        full: { type: "boolean" },
        "check-artifacts": { type: "boolean" },
        concurrency: { type: "string" },
        "page-size": { type: "string" },
        report: { type: "string" },
        progress: { type: "string" },
        help: { type: "boolean", short: "h" },
      },
    }));
  } catch (e) {
    fail(`${e.message}\n\n${HELP}`);
  }
  if (args.help) {
    console.log(HELP);
    return;
  }
  if (!args.from) fail(`--from is required.\n\n${HELP}`);
  const skip = new Set((args.skip ?? "").split(",").map((s) => s.trim()).filter(Boolean));
  for (const k of skip) if (!KINDS.has(k)) fail(`--skip: unknown kind '${k}' (one of ${[...KINDS].join(", ")})`);
  const int = (name, v, def) => {
    if (v === undefined) return def;
    if (!/^\d+$/.test(v) || Number(v) < 1) fail(`--${name} must be a positive integer`);
    return Number(v);
  };
  let since;
  try {
    since = args.since === undefined ? undefined : parseSince(args.since);
  } catch (e) {
    fail(e.message);
  }
  const progressMode = args.progress ?? "auto";
  if (!["auto", "tty", "lines", "none"].includes(progressMode)) fail("--progress must be tty, lines or none");

  const from = splitUrl(args.from);
  const to = splitUrl(args.to ?? process.env.RUNBOARD_URL ?? "http://localhost:3000");
  const mlflowCreds = credentialsFromEnv("MLFLOW_TRACKING");
  const runboardCreds = credentialsFromEnv("RUNBOARD");
  const targetCreds = to.credentials ?? (authHeader(runboardCreds) ? runboardCreds : mlflowCreds);
  const progress = new Progress({ mode: progressMode });
  const onRetry = (r) => progress.log(`[import] ${r.label}: ${r.what} — ${r.status ?? r.message}; retry ${r.attempt} in ${(r.waitMs / 1000).toFixed(1)} s`);
  const source = mlflowSource(httpClient({ baseUrl: from.url, authorization: authHeader(from.credentials ?? mlflowCreds), label: "source", onRetry }), { pageSize: int("page-size", args["page-size"], 1000) });
  const target = runboardTarget(httpClient({ baseUrl: to.url, authorization: authHeader(targetCreds), label: "Runboard", onRetry }));

  const abort = new AbortController();
  let interrupts = 0;
  process.on("SIGINT", () => {
    if (++interrupts > 1) process.exit(130);
    progress.log("[import] interrupted: finishing the entities in flight (Ctrl-C again to quit at once; the next import resumes)");
    abort.abort();
  });
  process.on("SIGTERM", () => abort.abort());

  console.error(`[import] ${from.url} → ${to.url}`);
  let report;
  try {
    report = await runImport({
      source,
      target,
      sourceUrl: from.url,
      targetUrl: to.url,
      experiments: args.experiments ? args.experiments.split(",").map((s) => s.trim()).filter(Boolean) : undefined,
      since,
      skip,
      concurrency: int("concurrency", args.concurrency, 8),
      full: !!args.full,
      checkArtifacts: !!args["check-artifacts"],
      progress,
      signal: abort.signal,
    });
  } catch (e) {
    fail(e.message);
  }
  const file = path.resolve(process.env.INIT_CWD ?? process.cwd(), args.report ?? `import-report-${report.job_id}.json`);
  writeFileSync(file, JSON.stringify(report, null, 2) + "\n");
  console.log(summarize(report));
  console.log(`Report: ${file}`);
  process.exitCode = report.status === "finished" ? (report.failures.length ? 1 : 0) : report.status === "interrupted" ? 130 : 2;
}

await main();
