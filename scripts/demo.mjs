#!/usr/bin/env node
// `npm run demo`: fills a running Runboard with realistic data through the MLflow REST API only
// (no database access), so a new user sees a living dashboard in seconds.
//
//   RUNBOARD_URL          default http://localhost:3000
//   RUNBOARD_DEMO_PREFIX  prefix for every experiment, prompt and registered-model name, so one
//                         server can hold several copies (the import benchmark fills ×100)
//
// What it creates:
//   • "sentiment-analysis": the seed's sentiment_v1 / sentiment_v2 runs (params prompt_template
//     and model_type, metrics accuracy / f1 / latency_ms), each with a pyfunc logged model
//     (MLmodel, signature, input example) logged the way MLflow 3's client does it;
//   • three training experiments × 20 runs with metric histories (hundreds of steps), varied
//     params and tags, dataset inputs, a hyper-parameter sweep with nested child runs, and
//     artifacts (text, JSON, CSV and a PNG chart drawn here);
//   • then, if scripts/demo-prompts.mjs exists, hands it the created ids to add prompts.
// Re-running is safe: an experiment that already has runs is left as it is.
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { deflateSync } from "node:zlib";

const BASE = (process.env.RUNBOARD_URL ?? "http://localhost:3000").replace(/\/$/, "");
const API = `${BASE}/api/2.0/mlflow`;
const CONCURRENCY = 4;
const PREFIX = process.env.RUNBOARD_DEMO_PREFIX ?? "";
const DAY = 86_400_000;
const NOW = Date.now();

// ───────────────────────────── HTTP ─────────────────────────────

let requests = 0;
async function request(method, url, body, headers = { "Content-Type": "application/json" }) {
  requests++;
  let res;
  try {
    res = await fetch(url, { method, headers, body: body === undefined ? undefined : typeof body === "string" || body instanceof Uint8Array ? body : JSON.stringify(body) });
  } catch (e) {
    throw new Error(`Cannot reach Runboard at ${BASE} (${e.cause?.code ?? e.message}). Start it with \`npm start\` or set RUNBOARD_URL.`);
  }
  const text = await res.text();
  if (res.status !== 200) throw new Error(`${method} ${url.replace(BASE, "")} → ${res.status} ${text.slice(0, 300)}`);
  return text ? JSON.parse(text) : {};
}
const post = (p, body) => request("POST", `${API}/${p}`, body);
const get = (p, query) => request("GET", `${API}/${p}?${new URLSearchParams(query)}`);
const patch = (p, body) => request("PATCH", `${API}/${p}`, body);

/** PUT one artifact under an `mlflow-artifacts:/…` URI (what the MLflow client does per file). */
async function upload(artifactUri, relPath, content, type) {
  const root = artifactUri.replace(/^mlflow-artifacts:\/*/, "");
  const url = `${BASE}/api/2.0/mlflow-artifacts/artifacts/${root}/${relPath}`.replace(/([^:])\/\/+/g, "$1/");
  await request("PUT", url, typeof content === "string" ? content : new Uint8Array(content), { "Content-Type": type });
}

async function logBatch(runId, { metrics = [], params = [], tags = [] }) {
  // MLflow's limits: ≤ 1000 metrics, ≤ 100 params, ≤ 100 tags, ≤ 1000 items per request.
  let p = 0, t = 0, m = 0;
  while (p < params.length || t < tags.length || m < metrics.length) {
    const ps = params.slice(p, p + 100);
    const ts = tags.slice(t, t + 100);
    const ms = metrics.slice(m, m + 1000 - ps.length - ts.length);
    await post("runs/log-batch", { run_id: runId, params: ps, tags: ts, metrics: ms });
    p += ps.length;
    t += ts.length;
    m += ms.length;
  }
}

async function pool(items, n, fn) {
  let next = 0;
  const out = new Array(items.length);
  await Promise.all(
    Array.from({ length: Math.min(n, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i], i);
      }
    }),
  );
  return out;
}

/** The experiment, created if missing; `fresh` is false when it already has runs. */
async function experiment(unprefixed, tags) {
  const name = PREFIX + unprefixed;
  let id;
  try {
    id = (await get("experiments/get-by-name", { experiment_name: name })).experiment.experiment_id;
  } catch (e) {
    if (!String(e.message).includes("RESOURCE_DOES_NOT_EXIST")) throw e;
    id = (await post("experiments/create", { name, tags })).experiment_id;
  }
  const existing = await post("runs/search", { experiment_ids: [id], max_results: 1, run_view_type: "ALL" });
  return { id, fresh: !existing.runs?.length };
}

// ───────────────────────────── data shapes ─────────────────────────────

/** Deterministic PRNG (mulberry32) so the demo looks the same every time. */
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const pick = (r, list) => list[Math.floor(r() * list.length)];
const round = (x, d = 4) => Math.round(x * 10 ** d) / 10 ** d;
const gauss = (r) => Math.sqrt(-2 * Math.log(r() + 1e-12)) * Math.cos(2 * Math.PI * r());
const USERS = ["alice", "bob", "carol", "dmitri"];
const COMMITS = ["4e1f0c2a9b7d", "a93b5d10ce42", "c07e8f6612ab", "19d2e4b8f0c3", "77ab20de91f4"];

const sourceTags = (r, script) => [
  { key: "mlflow.user", value: pick(r, USERS) },
  { key: "mlflow.source.name", value: script },
  { key: "mlflow.source.type", value: "LOCAL" },
  { key: "mlflow.source.git.commit", value: pick(r, COMMITS) + "0".repeat(28) },
];

// ───────────────────────────── PNG (a small line chart) ─────────────────────────────

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf) {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, "ascii");
  data.copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

/** Line chart of one or more series (values only), as PNG bytes. */
function lineChartPng(series, { width = 360, height = 200 } = {}) {
  const px = Buffer.alloc(width * height * 3, 255);
  const set = (x, y, [r, g, b]) => {
    if (x < 0 || y < 0 || x >= width || y >= height) return;
    const i = (y * width + x) * 3;
    px[i] = r;
    px[i + 1] = g;
    px[i + 2] = b;
  };
  const left = 30, right = width - 10, top = 10, bottom = height - 22;
  for (let g = 0; g <= 4; g++) {
    const y = Math.round(top + ((bottom - top) * g) / 4);
    for (let x = left; x <= right; x++) set(x, y, [232, 234, 240]);
  }
  for (let y = top; y <= bottom; y++) set(left, y, [120, 125, 140]);
  for (let x = left; x <= right; x++) set(x, bottom, [120, 125, 140]);
  const all = series.flatMap((s) => s.values).filter(Number.isFinite);
  const lo = Math.min(...all), hi = Math.max(...all) || 1;
  const colors = [[37, 99, 235], [234, 88, 12], [22, 163, 74]];
  series.forEach((s, si) => {
    const n = s.values.length;
    let prev;
    s.values.forEach((v, i) => {
      const x = Math.round(left + ((right - left) * i) / Math.max(1, n - 1));
      const y = Math.round(bottom - ((bottom - top) * (v - lo)) / (hi - lo || 1));
      if (prev) {
        // Bresenham, 2 px thick
        let [x0, y0] = prev;
        const dx = Math.abs(x - x0), dy = -Math.abs(y - y0), sx = x0 < x ? 1 : -1, sy = y0 < y ? 1 : -1;
        let err = dx + dy;
        for (;;) {
          set(x0, y0, colors[si % 3]);
          set(x0, y0 + 1, colors[si % 3]);
          if (x0 === x && y0 === y) break;
          const e2 = 2 * err;
          if (e2 >= dy) { err += dy; x0 += sx; }
          if (e2 <= dx) { err += dx; y0 += sy; }
        }
      }
      prev = [x, y];
    });
  });
  const raw = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y++) px.copy(raw, y * (width * 3 + 1) + 1, y * width * 3, (y + 1) * width * 3);
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // RGB
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk("IHDR", ihdr), chunk("IDAT", deflateSync(raw)), chunk("IEND", Buffer.alloc(0))]);
}

// ───────────────────────────── a generic training run ─────────────────────────────

/**
 * Creates a finished (or failed / running) run with params, tags, metric histories and
 * artifacts. `history(step)` returns {metric: value} for a step (values may be omitted).
 */
async function trainingRun(exp, spec) {
  const { run } = await post("runs/create", {
    experiment_id: exp,
    run_name: spec.name,
    start_time: spec.start,
    user_id: spec.tags.find((t) => t.key === "mlflow.user")?.value ?? "",
    tags: spec.tags,
  });
  const runId = run.info.run_id;
  const metrics = [];
  const curves = {};
  for (let step = 0; step < spec.steps; step++) {
    for (const [key, value] of Object.entries(spec.history(step))) {
      if (value === undefined) continue;
      metrics.push({ key, value: round(value, 6), timestamp: spec.start + step * spec.stepMs, step });
      (curves[key] ??= []).push(value);
    }
  }
  for (const [key, value] of Object.entries(spec.final ?? {})) metrics.push({ key, value: round(value, 5), timestamp: spec.start + spec.steps * spec.stepMs, step: spec.steps });
  await logBatch(runId, { params: spec.params, metrics });
  if (spec.datasets) await post("runs/log-inputs", { run_id: runId, datasets: spec.datasets });
  for (const a of spec.artifacts?.(curves) ?? []) await upload(run.info.artifact_uri, a.path, a.content, a.type);
  if (spec.status !== "RUNNING") await post("runs/update", { run_id: runId, status: spec.status ?? "FINISHED", end_time: spec.start + spec.steps * spec.stepMs + 1500 });
  return runId;
}

const paramsOf = (o) => Object.entries(o).map(([key, value]) => ({ key, value: String(value) }));
const csv = (header, rows) => [header.join(","), ...rows.map((r) => r.join(","))].join("\n") + "\n";

// ───────────────────────────── experiments ─────────────────────────────

async function imageClassifier(created) {
  const exp = await experiment("image-classifier", [{ key: "team", value: "vision" }, { key: "mlflow.note.content", value: "CIFAR-10 baselines: ResNet variants, optimizers and augmentation." }]);
  created.experimentIds["image-classifier"] = exp.id;
  if (!exp.fresh) return console.log("  image-classifier: already filled, skipped");
  const specs = Array.from({ length: 20 }, (_, i) => {
    const r = rng(1000 + i);
    const model = pick(r, ["resnet18", "resnet34", "resnet50", "mobilenet_v3"]);
    const optimizer = pick(r, ["adamw", "sgd"]);
    const lr = optimizer === "sgd" ? pick(r, [0.1, 0.05, 0.01]) : pick(r, [0.003, 0.001, 0.0003]);
    const batch = pick(r, [64, 128, 256]);
    const aug = pick(r, ["none", "flip+crop", "randaugment"]);
    const dropout = pick(r, [0, 0.1, 0.3]);
    const steps = 200 + Math.floor(r() * 3) * 100;
    const skill = 0.55 + 0.3 * r() + (aug === "randaugment" ? 0.05 : 0) + (model === "resnet50" ? 0.04 : 0);
    const overfit = aug === "none" ? 0.6 : 0.15;
    const status = i === 7 ? "FAILED" : i === 19 ? "RUNNING" : "FINISHED";
    const warm = 20;
    return {
      name: `${model}-${optimizer}-lr${lr}`,
      start: NOW - (20 - i) * 0.4 * DAY,
      steps: status === "FAILED" ? 60 : steps,
      stepMs: 2500,
      status,
      params: paramsOf({ model, optimizer, learning_rate: lr, batch_size: batch, augmentation: aug, dropout, epochs: steps / 10, weight_decay: optimizer === "adamw" ? 0.05 : 5e-4 }),
      tags: [...sourceTags(r, "train_cifar.py"), { key: "stage", value: i < 6 ? "baseline" : "tuning" }, { key: "gpu", value: pick(r, ["A100", "L4", "T4"]) }],
      datasets: [
        { tags: [{ key: "mlflow.data.context", value: "training" }], dataset: { name: "cifar10-train", digest: "7f3a91c2", source_type: "http", source: '{"url": "https://www.cs.toronto.edu/~kriz/cifar-10-python.tar.gz"}', schema: '{"mlflow_tensorspec": {"features": "[{\\"type\\": \\"tensor\\", \\"tensor-spec\\": {\\"dtype\\": \\"uint8\\", \\"shape\\": [-1, 32, 32, 3]}}]"}}' } },
        { tags: [{ key: "mlflow.data.context", value: "eval" }], dataset: { name: "cifar10-test", digest: "c41d0e77", source_type: "http", source: '{"url": "https://www.cs.toronto.edu/~kriz/cifar-10-python.tar.gz"}' } },
      ],
      history: (s) => {
        const t = s / steps;
        const loss = 2.3 * Math.exp(-4 * skill * t) + (1 - skill) * 0.9 + 0.04 * gauss(r);
        const val = loss + 0.05 + overfit * Math.max(0, t - 0.5) ** 2 + 0.05 * gauss(r);
        const lrNow = s < warm ? (lr * (s + 1)) / warm : 0.5 * lr * (1 + Math.cos((Math.PI * (s - warm)) / (steps - warm)));
        return {
          loss: Math.max(0.02, loss),
          accuracy: Math.min(0.999, skill * (1 - Math.exp(-5 * t)) + 0.1 + 0.01 * gauss(r)),
          val_loss: s % 10 === 9 ? Math.max(0.05, val) : undefined,
          val_accuracy: s % 10 === 9 ? Math.min(0.99, skill * (1 - Math.exp(-4.5 * t)) + 0.08 - overfit * 0.05 * t + 0.012 * gauss(r)) : undefined,
          lr: lrNow,
        };
      },
      final: status === "FINISHED" ? { test_accuracy: Math.min(0.97, skill + 0.06 + 0.01 * gauss(r)), params_millions: { resnet18: 11.2, resnet34: 21.3, resnet50: 23.5, mobilenet_v3: 5.4 }[model] } : undefined,
      artifacts: (c) => [
        { path: "config.json", type: "application/json", content: JSON.stringify({ model, optimizer, lr, batch, aug, dropout }, null, 2) },
        { path: "training_log.txt", type: "text/plain", content: c.loss.filter((_, k) => k % 25 === 0).map((v, k) => `epoch ${k * 2.5}: loss=${v.toFixed(4)}`).join("\n") + "\n" },
        { path: "plots/loss_curve.png", type: "image/png", content: lineChartPng([{ values: c.loss }, { values: c.val_loss ?? [] }]) },
        { path: "eval/per_class_accuracy.csv", type: "text/csv", content: csv(["class", "accuracy"], ["airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"].map((k) => [k, round(Math.min(0.99, skill + 0.08 * gauss(r)), 3)])) },
      ],
    };
  });
  const ids = await pool(specs, CONCURRENCY, (s) => trainingRun(exp.id, s));
  specs.forEach((s, i) => created.add(s.name, ids[i], exp.id));
  console.log(`  image-classifier: ${ids.length} runs`);
}

async function churnModel(created) {
  const exp = await experiment("churn-prediction", [{ key: "team", value: "growth" }, { key: "mlflow.note.content", value: "Gradient-boosted trees on the customer churn table. The sweep is a parent run with nested trials." }]);
  created.experimentIds["churn-prediction"] = exp.id;
  if (!exp.fresh) return console.log("  churn-prediction: already filled, skipped");
  const r0 = rng(7);
  const { run: sweep } = await post("runs/create", { experiment_id: exp.id, run_name: "hyperparam-sweep", start_time: NOW - 2 * DAY, tags: [...sourceTags(r0, "sweep.py"), { key: "stage", value: "sweep" }] });
  await logBatch(sweep.info.run_id, { params: paramsOf({ search: "random", trials: 12, metric: "valid_auc" }) });
  const specs = Array.from({ length: 19 }, (_, i) => {
    const r = rng(2000 + i);
    const nested = i >= 7;
    const depth = pick(r, [3, 4, 6, 8]);
    const lr = pick(r, [0.03, 0.05, 0.1, 0.2]);
    const n = pick(r, [200, 300, 400]);
    const subsample = pick(r, [0.7, 0.8, 1.0]);
    const quality = 0.78 + 0.1 * r() - (depth === 8 ? 0.03 : 0) + (lr === 0.05 ? 0.02 : 0);
    return {
      name: nested ? `trial-${i - 6}` : `gbm-depth${depth}-lr${lr}`,
      start: NOW - 2 * DAY + i * 600_000,
      steps: n,
      stepMs: 150,
      status: i === 12 ? "KILLED" : "FINISHED",
      params: paramsOf({ n_estimators: n, max_depth: depth, learning_rate: lr, subsample, colsample_bytree: pick(r, [0.6, 0.8, 1.0]), min_child_weight: pick(r, [1, 5, 10]), objective: "binary:logistic" }),
      tags: [
        ...sourceTags(r, nested ? "sweep.py" : "train_gbm.py"),
        { key: "stage", value: nested ? "sweep" : "baseline" },
        ...(nested ? [{ key: "mlflow.parentRunId", value: sweep.info.run_id }] : []),
      ],
      datasets: [{ tags: [{ key: "mlflow.data.context", value: "training" }], dataset: { name: "churn_customers", digest: "b5e0917a", source_type: "local", source: '{"uri": "data/churn_customers_2026_10.parquet"}', profile: '{"num_rows": 48211, "num_elements": 1205275}' } }],
      history: (s) => {
        const t = s / n;
        const train = 0.69 * Math.exp(-lr * 25 * t) + 0.18 - 0.05 * t + 0.003 * gauss(r);
        return {
          train_logloss: Math.max(0.05, train),
          valid_logloss: Math.max(0.1, train + 0.02 + 0.04 * Math.max(0, t * lr * 5 - 0.4) + 0.004 * gauss(r)),
          valid_auc: s % 5 === 4 ? Math.min(0.97, quality * (1 - Math.exp(-lr * 30 * t)) + 0.12 + 0.003 * gauss(r)) : undefined,
        };
      },
      final: { auc: quality + 0.08, f1: quality - 0.12 + 0.02 * gauss(r), precision: quality - 0.08, recall: quality - 0.15 + 0.03 * gauss(r) },
      artifacts: (c) => [
        { path: "feature_importance.csv", type: "text/csv", content: csv(["feature", "gain"], ["tenure_months", "monthly_charges", "support_tickets", "contract_type", "last_login_days", "plan_changes"].map((f, k) => [f, round((6 - k) * (0.8 + 0.4 * r()), 3)])) },
        { path: "metrics.json", type: "application/json", content: JSON.stringify({ best_iteration: c.valid_logloss.indexOf(Math.min(...c.valid_logloss)), valid_logloss_min: round(Math.min(...c.valid_logloss)) }, null, 2) },
        { path: "plots/logloss.png", type: "image/png", content: lineChartPng([{ values: c.train_logloss }, { values: c.valid_logloss }]) },
        { path: "README.txt", type: "text/plain", content: `Gradient-boosted trees, ${n} rounds, depth ${depth}, learning rate ${lr}.\n` },
      ],
    };
  });
  const ids = await pool(specs, CONCURRENCY, (s) => trainingRun(exp.id, s));
  await post("runs/update", { run_id: sweep.info.run_id, status: "FINISHED", end_time: NOW - DAY });
  await logBatch(sweep.info.run_id, { metrics: [{ key: "best_valid_auc", value: 0.9312, timestamp: NOW - DAY, step: 0 }] });
  created.add("hyperparam-sweep", sweep.info.run_id, exp.id);
  specs.forEach((s, i) => created.add(s.name, ids[i], exp.id));
  console.log(`  churn-prediction: ${ids.length + 1} runs (1 sweep with ${specs.filter((s) => s.name.startsWith("trial")).length} nested trials)`);
}

async function llmFinetune(created) {
  const exp = await experiment("llm-finetune", [{ key: "team", value: "nlp" }, { key: "mlflow.note.content", value: "LoRA fine-tunes of small open models on support-ticket summarisation." }]);
  created.experimentIds["llm-finetune"] = exp.id;
  if (!exp.fresh) return console.log("  llm-finetune: already filled, skipped");
  const specs = Array.from({ length: 20 }, (_, i) => {
    const r = rng(3000 + i);
    const base = pick(r, ["qwen2.5-1.5b", "llama-3.2-1b", "gemma-2-2b", "phi-3-mini"]);
    const rank = pick(r, [8, 16, 32, 64]);
    const lr = pick(r, [1e-4, 2e-4, 5e-4]);
    const steps = 300 + Math.floor(r() * 3) * 100;
    const warmup = pick(r, [20, 50]);
    const floor = 1.1 + 0.4 * r() - (rank >= 32 ? 0.1 : 0);
    return {
      name: `${base}-r${rank}-lr${lr}`,
      start: NOW - (20 - i) * 0.25 * DAY,
      steps,
      stepMs: 4000,
      status: i === 4 ? "FAILED" : "FINISHED",
      params: paramsOf({ base_model: base, lora_r: rank, lora_alpha: rank * 2, lora_dropout: 0.05, learning_rate: lr, warmup_steps: warmup, max_seq_len: pick(r, [1024, 2048]), per_device_batch_size: pick(r, [4, 8]), gradient_accumulation: pick(r, [2, 4]) }),
      tags: [...sourceTags(r, "finetune.py"), { key: "stage", value: i < 5 ? "baseline" : "tuning" }, { key: "dataset.version", value: "tickets-v3" }],
      history: (s) => {
        const t = s / steps;
        const loss = floor + 1.6 * Math.exp(-7 * t) + 0.05 * gauss(r);
        const evalLoss = floor + 0.12 + 1.5 * Math.exp(-6.5 * t) + 0.02 * gauss(r);
        return {
          "train/loss": Math.max(0.5, loss),
          "train/learning_rate": s < warmup ? (lr * (s + 1)) / warmup : lr * 0.5 * (1 + Math.cos((Math.PI * (s - warmup)) / (steps - warmup))),
          "train/tokens_per_sec": 2400 + 300 * gauss(r) - rank * 4,
          "eval/loss": s % 50 === 49 ? evalLoss : undefined,
          "eval/perplexity": s % 50 === 49 ? Math.exp(evalLoss) : undefined,
        };
      },
      final: { "eval/rougeL": 0.31 + (1.6 - floor) * 0.2 + 0.01 * gauss(r), "eval/exact_match": 0.12 + 0.05 * r() },
      artifacts: (c) => [
        { path: "adapter_config.json", type: "application/json", content: JSON.stringify({ base_model_name_or_path: base, r: rank, lora_alpha: rank * 2, target_modules: ["q_proj", "v_proj"], task_type: "CAUSAL_LM" }, null, 2) },
        { path: "samples/generations.txt", type: "text/plain", content: "Ticket: My invoice shows the wrong VAT number.\nSummary: Customer reports incorrect VAT number on invoice; needs corrected invoice.\n" },
        { path: "eval/eval_loss.csv", type: "text/csv", content: csv(["step", "eval_loss"], (c["eval/loss"] ?? []).map((v, k) => [(k + 1) * 50 - 1, round(v)])) },
        { path: "plots/train_loss.png", type: "image/png", content: lineChartPng([{ values: c["train/loss"] }]) },
      ],
    };
  });
  const ids = await pool(specs, CONCURRENCY, (s) => trainingRun(exp.id, s));
  specs.forEach((s, i) => created.add(s.name, ids[i], exp.id));
  console.log(`  llm-finetune: ${ids.length} runs`);
}

// ───────────────────────────── the seed: sentiment_v1 / sentiment_v2 ─────────────────────────────

const SENTIMENT = [
  {
    name: "sentiment_v1",
    prompt: "Analyze the sentiment of the following text: {text}",
    modelType: "simple_keyword",
    example: "This is a happy day!",
    output: "positive",
    metrics: { accuracy: 0.72, f1: 0.68, precision: 0.74, recall: 0.63, latency_ms: 3.1 },
  },
  {
    name: "sentiment_v2",
    prompt: "Classify the sentiment of the following text. Respond with only 'positive', 'negative', or 'neutral'. Text: {text}",
    modelType: "advanced_llm_sim",
    example: "I am absolutely thrilled with the service!",
    output: "very positive",
    metrics: { accuracy: 0.86, f1: 0.84, precision: 0.87, recall: 0.81, latency_ms: 412.5 },
  },
];

function mlmodel(modelId, runId, artifactUri) {
  return [
    `artifact_path: ${artifactUri}`,
    "flavors:",
    "  python_function:",
    "    cloudpickle_version: 3.1.1",
    "    loader_module: mlflow.pyfunc.model",
    "    python_model: python_model.pkl",
    "    python_version: 3.12.3",
    "    streamable: false",
    "mlflow_version: 3.5.0",
    `model_id: ${modelId}`,
    `run_id: ${runId}`,
    "saved_input_example_info:",
    "  artifact_path: input_example.json",
    "  pandas_orient: split",
    "  serving_input_path: serving_input_example.json",
    "  type: dataframe",
    "signature:",
    "  inputs: '[{\"type\": \"string\", \"name\": \"text\", \"required\": true}]'",
    "  outputs: '[{\"type\": \"string\", \"name\": \"sentiment\", \"required\": true}]'",
    "  params: null",
    `utc_time_created: '${new Date().toISOString().replace("T", " ").replace("Z", "")}'`,
    "",
  ].join("\n");
}

async function sentiment(created) {
  const exp = await experiment("sentiment-analysis", [{ key: "team", value: "nlp" }, { key: "mlflow.note.content", value: "Prompt iterations for the sentiment tool: compare sentiment_v1 and sentiment_v2 side by side." }]);
  created.experimentIds["sentiment-analysis"] = exp.id;
  if (!exp.fresh) {
    const found = await post("runs/search", { experiment_ids: [exp.id], filter: "attributes.run_name LIKE 'sentiment_v%'" });
    for (const r of found.runs ?? []) created.add(r.info.run_name, r.info.run_id, exp.id, (r.outputs?.model_outputs ?? []).map((m) => m.model_id));
    return console.log("  sentiment-analysis: already filled, skipped");
  }
  for (const [i, s] of SENTIMENT.entries()) {
    const start = NOW - (2 - i) * 3 * 3_600_000;
    const r = rng(42 + i);
    // what `with start_run(run_name=…)`, log_param ×2, log_model(…), evaluation metrics send
    const { run } = await post("runs/create", { experiment_id: exp.id, run_name: s.name, start_time: start, user_id: "alice", tags: sourceTags(r, "sentiment.py") });
    const runId = run.info.run_id;
    await post("runs/log-parameter", { run_id: runId, run_uuid: runId, key: "prompt_template", value: s.prompt });
    await post("runs/log-parameter", { run_id: runId, run_uuid: runId, key: "model_type", value: s.modelType });
    const metrics = Object.entries(s.metrics).map(([key, value]) => ({ key, value, timestamp: start + 60_000, step: 0 }));
    await post("runs/log-batch", { run_id: runId, metrics });
    const params = (await get("runs/get", { run_id: runId, run_uuid: runId })).run.data.params;
    const { model } = await post("logged-models", { experiment_id: exp.id, name: "sentiment_analyzer", source_run_id: runId, model_type: "pyfunc", params, tags: [{ key: "mlflow.user", value: "alice" }, { key: "mlflow.source.name", value: "sentiment.py" }, { key: "mlflow.source.type", value: "LOCAL" }] });
    const modelId = model.info.model_id;
    await post("runs/outputs", { run_id: runId, models: [{ model_id: modelId, step: 0 }] });
    await post("runs/log-batch", { run_id: runId, metrics: metrics.map((m) => ({ ...m, model_id: modelId })) });
    const files = {
      MLmodel: [mlmodel(modelId, runId, model.info.artifact_uri), "text/plain"],
      "conda.yaml": ["channels:\n- conda-forge\ndependencies:\n- python=3.12.3\n- pip\n- pip:\n  - mlflow==3.5.0\n  - pandas==2.2.3\nname: mlflow-env\n", "application/x-yaml"],
      "python_env.yaml": ["python: 3.12.3\nbuild_dependencies:\n- pip\ndependencies:\n- -r requirements.txt\n", "application/x-yaml"],
      "requirements.txt": ["mlflow==3.5.0\npandas==2.2.3\n", "text/plain"],
      "python_model.pkl": [Buffer.from([0x80, 0x05, 0x95, 0x2a, 0, 0, 0, 0, 0, 0, 0, 0x8c, 0x0b, ...Buffer.from("cloudpickle"), 0x94, 0x2e]), "application/octet-stream"],
      "input_example.json": [JSON.stringify({ columns: ["text"], data: [[s.example]] }), "application/json"],
      "serving_input_example.json": [JSON.stringify({ dataframe_split: { columns: ["text"], data: [[s.example]] } }, null, 2), "application/json"],
    };
    for (const [name, [content, type]] of Object.entries(files)) await upload(model.info.artifact_uri, name, content, type);
    await patch(`logged-models/${modelId}`, { model_id: modelId, status: "LOGGED_MODEL_READY" });
    // evaluation artifacts on the run itself
    const rows = ["I love this!", "This is terrible.", "It is a table.", "I am absolutely thrilled with the service!", "So sad and unhappy today."];
    const labels = ["positive", "negative", "neutral", "positive", "negative"];
    const predictions = rows.map((t, k) => [JSON.stringify(t), labels[k], i === 0 && k === 3 ? "neutral" : labels[k]]);
    await upload(run.info.artifact_uri, "eval/predictions.csv", csv(["text", "label", "prediction"], predictions), "text/csv");
    await upload(run.info.artifact_uri, "eval/summary.json", JSON.stringify(s.metrics, null, 2), "application/json");
    await upload(run.info.artifact_uri, "prompt.txt", s.prompt + "\n", "text/plain");
    await post("runs/update", { run_id: runId, run_uuid: runId, status: "FINISHED", end_time: start + 95_000 });
    created.add(s.name, runId, exp.id, [modelId]);
  }
  console.log("  sentiment-analysis: sentiment_v1, sentiment_v2 (+ logged models)");
}

// ───────────────────────────── main ─────────────────────────────

async function main() {
  const t0 = Date.now();
  console.log(`Filling ${BASE} with demo data…`);
  await request("GET", `${BASE}/health`).catch((e) => {
    if (String(e.message).startsWith("Cannot reach")) throw e;
  });
  // runs: [{ runId, runName, experimentId, modelIds }] (what demo-prompts.mjs reads);
  // runIds: { <run name>: <run id> } for the seed runs and every other named run.
  const created = {
    runs: [],
    runIds: {},
    experimentIds: {},
    add(runName, runId, experimentId, modelIds = []) {
      this.runs.push({ runId, runName, experimentId, modelIds });
      this.runIds[runName] ??= runId;
    },
  };
  await sentiment(created);
  await Promise.all([imageClassifier(created), churnModel(created), llmFinetune(created)]);

  const here = path.dirname(fileURLToPath(import.meta.url));
  const prompts = path.join(here, "demo-prompts.mjs");
  if (existsSync(prompts)) {
    const mod = await import(pathToFileURL(prompts).href);
    const fn = mod.default ?? mod.run;
    if (typeof fn === "function") {
      const summary = await fn({ baseUrl: BASE, runs: created.runs, runIds: created.runIds, experimentIds: created.experimentIds, prefix: PREFIX });
      if (summary?.prompts) console.log(`  prompts: ${summary.prompts.length} prompts, ${summary.linkedRuns} linked runs, ${summary.linkedModels} linked models`);
    }
  }
  // Traces of the sentiment tool: sentiment_v1 used version 1 of the prompt, sentiment_v2 version 2.
  const { default: demoTraces } = await import(pathToFileURL(path.join(here, "demo-traces.mjs")).href);
  const sentimentRuns = created.runs.filter((r) => /^sentiment_v\d+$/.test(r.runName)).sort((a, b) => a.runName.localeCompare(b.runName));
  const traces = await demoTraces({ baseUrl: BASE, runs: sentimentRuns, promptName: `${PREFIX}sentiment-classifier` });
  console.log(traces ? `  traces: ${traces} traces in sentiment-analysis (chat chains with the rendered prompt, a retrieval chain, an error)` : "  traces: already there, skipped");
  console.log(`Done in ${((Date.now() - t0) / 1000).toFixed(1)} s (${requests} requests). Open ${BASE}/experiments`);
}

main().catch((e) => {
  console.error(`demo: ${e.message}`);
  process.exit(1);
});
