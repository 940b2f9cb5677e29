// Demo data for the prompt registry, written through the MLflow REST API only — the same calls
// the MLflow Python client makes for register_prompt / set_prompt_alias / load_prompt in a run /
// log_model(prompts=[...]) (docs/mlflow-compatibility.md#prompts, #prompt-links). Called at the end of scripts/demo.mjs:
//
//   import demoPrompts from "./demo-prompts.mjs";
//   await demoPrompts({ baseUrl, runs, experimentIds });
//
// `runs` (optional): runs the main demo created, each like { runId | run_id, runName | run_name,
// experimentId | experiment_id, modelIds | model_ids | modelId } (MLflow `run` objects with
// info/outputs work too). Runs whose name mentions "sentiment" are linked to versions of the
// sentiment prompt (their logged models too). Independently, an experiment "Prompt evaluations"
// gets runs with metrics per prompt version, a logged model and a registered model version, so
// every prompt page has usage and metrics to show. Prompts that already exist are left alone and
// links are merged into existing tags, so running it twice adds nothing twice.
//
// Standalone: node scripts/demo-prompts.mjs [baseUrl]   (default http://localhost:3000)

const IS_PROMPT = "mlflow.prompt.is_prompt";
const LINKED = "mlflow.linkedPrompts";

/** Python json.dumps formatting (what the MLflow client writes). */
function pyJson(v) {
  if (Array.isArray(v)) return "[" + v.map(pyJson).join(", ") + "]";
  if (v && typeof v === "object") return "{" + Object.entries(v).map(([k, x]) => `${pyJson(k)}: ${pyJson(x)}`).join(", ") + "}";
  return JSON.stringify(v).replace(/[\u0080-\uffff]/g, (c) => "\\u" + c.charCodeAt(0).toString(16).padStart(4, "0"));
}

function client(baseUrl) {
  const root = baseUrl.replace(/\/+$/, "") + "/api/2.0/mlflow";
  return async function api(method, path, body, { allow = [] } = {}) {
    let url = root + path;
    const init = { method, headers: {} };
    if (method === "GET" && body) {
      const q = new URLSearchParams();
      for (const [k, v] of Object.entries(body)) for (const x of [v].flat()) if (x !== undefined) q.append(k, String(x));
      url += "?" + q;
    } else if (body) {
      init.body = JSON.stringify(body);
      init.headers["Content-Type"] = "application/json";
    }
    const res = await fetch(url, init);
    const text = await res.text();
    let json;
    try {
      json = text ? JSON.parse(text) : {};
    } catch {
      json = { message: text };
    }
    if (res.status !== 200) {
      if (allow.includes(json.error_code)) return { _error: json.error_code };
      throw new Error(`${method} ${path} → ${res.status} ${json.error_code ?? ""} ${json.message ?? ""}`);
    }
    return json;
  };
}

/** A small deterministic PRNG so the demo looks the same every time. */
function prng(seed) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SENTIMENT_SCHEMA = {
  type: "object",
  properties: {
    sentiment: { type: "string", enum: ["positive", "negative", "neutral"] },
    confidence: { type: "number", minimum: 0, maximum: 1 },
  },
  required: ["sentiment", "confidence"],
};

/** Three prompts, several versions each: text, text with response format / model config, chat. */
const PROMPTS = [
  {
    name: "sentiment-classifier",
    description: "Labels product reviews as positive, negative or neutral.",
    tags: { team: "nlp", task: "classification" },
    versions: [
      { template: "Classify the sentiment of this review as positive or negative:\n\n{{ review }}", commit: "First version: binary labels" },
      {
        template:
          "You are a careful annotator. Classify the sentiment of the review below as positive, negative or neutral.\n\nReview: {{ review }}\n\nAnswer with one word.",
        commit: "Add neutral class and annotator persona",
        modelConfig: { model_name: "gpt-4o-mini", temperature: 0 },
      },
      {
        template:
          "You are a careful annotator. Classify the sentiment of the review below as positive, negative or neutral, and say how confident you are.\n\nProduct: {{ product.name }}\nReview: {{ review }}\n\nAnswer as JSON.",
        commit: "Structured output with confidence",
        responseFormat: SENTIMENT_SCHEMA,
        modelConfig: { model_name: "gpt-4o-mini", temperature: 0, max_tokens: 64, top_p: 1 },
        versionTags: { eval_set: "reviews-v2" },
      },
    ],
    aliases: { production: 2, staging: 3 },
    metric: { key: "accuracy", base: [0.78, 0.86, 0.9], spread: 0.02 },
  },
  {
    name: "summarization-prompt",
    description: "Summaries for the support inbox (seed 002).",
    tags: { team: "support" },
    versions: [
      { template: "Summarize the following text: {{ sentences }}", commit: "Initial summarization prompt" },
      {
        template: "Summarize the following text in {{ num_sentences }} sentence(s). Keep names and numbers exact.\n\n{{ sentences }}",
        commit: "Control summary length",
      },
      {
        template:
          "Summarize the following text in {{ num_sentences }} sentence(s). Keep names and numbers exact. Write for a busy support lead.\n\nText:\n{{ sentences }}",
        commit: "Audience hint",
        modelConfig: { model_name: "gpt-4o", temperature: 0.3, max_tokens: 256 },
      },
      {
        template:
          "Summarize the following text in {{ num_sentences }} sentence(s) for a busy support lead. Keep names and numbers exact; drop greetings and signatures.\n\nText:\n{{ sentences }}",
        commit: "Drop greetings and signatures",
        modelConfig: { model_name: "gpt-4o", temperature: 0.2, max_tokens: 256 },
      },
    ],
    aliases: { production: 2, staging: 4 },
    metric: { key: "rouge_l", base: [0.31, 0.38, 0.41, 0.44], spread: 0.015 },
  },
  {
    name: "support-chat",
    description: "System + user messages for the programming help bot.",
    tags: { team: "support", kind: "chat" },
    versions: [
      {
        chat: [
          { role: "system", content: "You are an expert in programming. Please answer the user's question about programming." },
          { role: "user", content: "{{ question }}" },
        ],
        commit: "Chat prompt from the seed",
      },
      {
        chat: [
          { role: "system", content: "You are an expert in {{ language }} programming. Answer concisely and include a short code example when it helps." },
          { role: "user", content: "{{ question }}" },
        ],
        commit: "Language-specific expert, concise answers",
        modelConfig: { model_name: "gpt-4o-mini", temperature: 0.2 },
      },
      {
        chat: [
          { role: "system", content: "You are an expert in {{ language }} programming. Answer concisely, include a short code example when it helps, and say when you are unsure." },
          { role: "user", content: "Context: {{ context }}\n\nQuestion: {{ question }}" },
        ],
        commit: "Add retrieved context and uncertainty",
        modelConfig: { model_name: "gpt-4o-mini", temperature: 0.1, max_tokens: 512 },
      },
    ],
    aliases: { production: 2, staging: 3 },
    metric: { key: "helpfulness", base: [3.6, 4.1, 4.4], spread: 0.15 },
  },
];

/** register_prompt as the newer MLflow client sends it. Returns false if the prompt exists. */
async function registerPrompt(api, p) {
  const existing = await api("GET", "/registered-models/get", { name: p.name }, { allow: ["RESOURCE_DOES_NOT_EXIST"] });
  if (!existing._error) return false;
  await api("POST", "/registered-models/create", {
    name: p.name,
    description: p.description,
    tags: [{ key: IS_PROMPT, value: "true" }, ...Object.entries(p.tags).map(([key, value]) => ({ key, value }))],
  });
  for (const v of p.versions) {
    const tags = [
      { key: IS_PROMPT, value: "true" },
      { key: "mlflow.prompt.text", value: v.chat ? pyJson(v.chat) : v.template },
      { key: "_mlflow_prompt_type", value: v.chat ? "chat" : "text" },
    ];
    if (v.responseFormat) tags.push({ key: "_mlflow_prompt_response_format", value: pyJson(v.responseFormat) });
    if (v.modelConfig) tags.push({ key: "_mlflow_prompt_model_config", value: pyJson(v.modelConfig) });
    for (const [key, value] of Object.entries(v.versionTags ?? {})) tags.push({ key, value });
    await api("POST", "/model-versions/create", { name: p.name, source: "prompt-template", description: v.commit, tags });
  }
  for (const [alias, version] of Object.entries(p.aliases)) {
    await api("POST", "/registered-models/alias", { name: p.name, alias, version: String(version) });
  }
  return true;
}

function mergeLinks(current, refs) {
  let list = [];
  try {
    list = current ? JSON.parse(current) : [];
  } catch {
    list = [];
  }
  if (!Array.isArray(list)) list = [];
  for (const r of refs) if (!list.some((x) => x && x.name === r.name && String(x.version) === r.version)) list.push(r);
  return pyJson(list);
}

/** load_prompt inside a run: read-modify-write of the run's mlflow.linkedPrompts tag. */
async function linkRun(api, runId, refs) {
  const { run } = await api("GET", "/runs/get", { run_id: runId });
  const current = run.data?.tags?.find((t) => t.key === LINKED)?.value;
  const value = mergeLinks(current, refs);
  if (value !== current) await api("POST", "/runs/set-tag", { run_id: runId, key: LINKED, value });
}

/** load_prompt with an active model: the logged model's mlflow.linkedPrompts tag. */
async function linkModel(api, modelId, refs) {
  const { model } = await api("GET", `/logged-models/${modelId}`);
  const current = model.info?.tags?.find((t) => t.key === LINKED)?.value;
  const value = mergeLinks(current, refs);
  if (value !== current) await api("PATCH", `/logged-models/${modelId}/tags`, { tags: [{ key: LINKED, value }] });
}

function normaliseRun(r) {
  const info = r.info ?? {};
  const modelIds = r.modelIds ?? r.model_ids ?? (r.modelId ? [r.modelId] : null) ?? r.outputs?.model_outputs?.map((m) => m.model_id) ?? [];
  return {
    runId: r.runId ?? r.run_id ?? info.run_id ?? r.id,
    runName: r.runName ?? r.run_name ?? info.run_name ?? r.name ?? "",
    modelIds: modelIds.filter(Boolean),
  };
}

async function experimentId(api, name) {
  const got = await api("GET", "/experiments/get-by-name", { experiment_name: name }, { allow: ["RESOURCE_DOES_NOT_EXIST"] });
  if (!got._error) return got.experiment.experiment_id;
  return (await api("POST", "/experiments/create", { name, tags: [{ key: "mlflow.note.content", value: "Runs that evaluate prompt versions (demo)." }] })).experiment_id;
}

/** Evaluation runs per prompt version, with a metric, linked through mlflow.linkedPrompts. */
async function evaluationRuns(api, expId, prompt, rand) {
  const created = [];
  for (let i = 0; i < prompt.versions.length; i++) {
    const version = String(i + 1);
    for (let k = 0; k < 3; k++) {
      const start = Date.now() - (prompt.versions.length - i) * 86_400_000 + k * 600_000;
      const { run } = await api("POST", "/runs/create", {
        experiment_id: expId,
        run_name: `${prompt.name}-v${version}-eval-${k + 1}`,
        start_time: start,
        tags: [{ key: "mlflow.source.type", value: "LOCAL" }],
      });
      const runId = run.info.run_id;
      const value = prompt.metric.base[i] + (rand() - 0.5) * 2 * prompt.metric.spread;
      await api("POST", "/runs/log-batch", {
        run_id: runId,
        metrics: [
          { key: prompt.metric.key, value: Number(value.toFixed(4)), timestamp: start + 60_000, step: 0 },
          { key: "latency_ms", value: Math.round(420 + i * 35 + rand() * 120), timestamp: start + 60_000, step: 0 },
        ],
        params: [
          { key: "prompt_name", value: prompt.name },
          { key: "prompt_version", value: version },
        ],
      });
      await linkRun(api, runId, [{ name: prompt.name, version }]);
      await api("POST", "/runs/update", { run_id: runId, status: "FINISHED", end_time: start + 120_000 });
      created.push({ runId, version });
    }
  }
  return created;
}

/** log_model(prompts=[...]) + register: a logged model and a registered version using the prompt. */
async function modelWithPrompt(api, expId, runId, prompt, version, registeredName) {
  const { model } = await api("POST", "/logged-models", { experiment_id: expId, name: `${prompt.name}-app`, source_run_id: runId, model_type: "agent" });
  const modelId = model.info.model_id;
  await api("POST", "/runs/outputs", { run_id: runId, models: [{ model_id: modelId, step: 0 }] });
  await api("PATCH", `/logged-models/${modelId}`, { model_id: modelId, status: "LOGGED_MODEL_READY" });
  await linkModel(api, modelId, [{ name: prompt.name, version }]);
  await api("POST", "/registered-models/create", { name: registeredName }, { allow: ["RESOURCE_ALREADY_EXISTS"] });
  await api("POST", "/model-versions/create", { name: registeredName, source: `models:/${modelId}`, run_id: runId, model_id: modelId });
  return modelId;
}

export default async function demoPrompts({ baseUrl = "http://localhost:3000", runs = [], experimentIds = [], prefix = "" } = {}) {
  void experimentIds; // the main demo's experiments; evaluation runs get their own experiment
  const api = client(baseUrl);
  const rand = prng(20261121);
  const summary = { prompts: [], linkedRuns: 0, linkedModels: 0, registeredVersions: 0 };

  const fresh = [];
  // `prefix` names a copy of the demo (several in one server): prompts, models, experiment.
  const prompts = PROMPTS.map((p) => ({ ...p, name: prefix + p.name }));
  for (const p of prompts) {
    if (await registerPrompt(api, p)) fresh.push(p);
    summary.prompts.push(p.name);
  }
  // The main demo's sentiment runs (and their logged models) use different prompt versions
  // (merged into their tags, so this is safe to repeat).
  const sentiment = prompts[0];
  {
    const given = runs.map(normaliseRun).filter((r) => r.runId);
    const targets = given.filter((r) => /sentiment/i.test(r.runName));
    for (const [i, r] of (targets.length ? targets : given.slice(0, 3)).entries()) {
      const ref = { name: sentiment.name, version: String((i % sentiment.versions.length) + 1) };
      await linkRun(api, r.runId, [ref]);
      summary.linkedRuns++;
      for (const modelId of r.modelIds) {
        await linkModel(api, modelId, [ref]);
        summary.linkedModels++;
      }
    }
  }

  if (fresh.length === 0) return summary; // evaluation data was seeded before

  // Evaluation runs per version, plus an application model per prompt using its production version.
  const expId = await experimentId(api, `${prefix}Prompt evaluations`);
  for (const p of fresh) {
    const evalRuns = await evaluationRuns(api, expId, p, rand);
    summary.linkedRuns += evalRuns.length;
    const prodVersion = String(p.aliases.production);
    const source = evalRuns.find((r) => r.version === prodVersion);
    await modelWithPrompt(api, expId, source.runId, p, prodVersion, `${p.name}-app`);
    summary.linkedModels++;
    summary.registeredVersions++;
  }
  return summary;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const baseUrl = process.argv[2] ?? process.env.RUNBOARD_URL ?? "http://localhost:3000";
  demoPrompts({ baseUrl })
    .then((s) => console.log(`prompt demo: ${s.prompts.length} prompts, ${s.linkedRuns} linked runs, ${s.linkedModels} linked models, ${s.registeredVersions} registered versions`))
    .catch((e) => {
      console.error(e);
      process.exit(1);
    });
}
