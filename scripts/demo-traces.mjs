// Demo traces (npm run demo, after the prompts): what `@mlflow.trace` / autologging send for the
// sentiment tool — a chat chain per review whose LLM call got the rendered sentiment prompt (the
// trace links that prompt version and the run), a retrieval chain, and an error trace — over
// the same wire as the MLflow 3 client: OTLP/JSON spans to /v1/traces, StartTraceV3, link-to-run.
// Safe to repeat: an experiment that already has the demo's traces is skipped.
import { tracePayloads } from "./lib/trace-wire.mjs";

async function call(base, method, path, body, headers = { "Content-Type": "application/json" }) {
  const res = await fetch(base + path, { method, headers, body: typeof body === "string" ? body : body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path} → ${res.status} ${text.slice(0, 300)}`);
  return text ? JSON.parse(text) : {};
}

/** One trace (see tracePayloads), sent as the client does: spans, StartTraceV3, link-to-run. */
async function sendTrace(base, experimentId, t) {
  const { traceId, otlp, start } = tracePayloads({ ...t, experimentId, tags: { demo: "1" } });
  await call(base, "POST", "/v1/traces", otlp, { "Content-Type": "application/json", "x-mlflow-experiment-id": experimentId });
  await call(base, "POST", "/api/3.0/mlflow/traces", start);
  if (t.runId) await call(base, "POST", "/api/2.0/mlflow/traces/link-to-run", { trace_ids: [traceId], run_id: t.runId });
  return traceId;
}

const REVIEWS = [
  ["I love this!", "positive"],
  ["This is terrible.", "negative"],
  ["It is a table.", "neutral"],
  ["I am absolutely thrilled with the service!", "positive"],
];

const render = (template, vars) => template.replace(/\{\{\s*([\w.]+)\s*\}\}/g, (all, k) => (k in vars ? vars[k] : all));

/**
 * runs: [{ runId, runName, experimentId }] of the sentiment runs, in version order (run i used
 * version i + 1 of `promptName`, as demo-prompts.mjs links them). Returns the number of traces sent.
 */
export default async function demoTraces({ baseUrl, runs, promptName }) {
  const base = baseUrl.replace(/\/+$/, "");
  if (!runs.length) return 0;
  const experimentId = runs[0].experimentId;
  const existing = await call(base, "POST", "/api/3.0/mlflow/traces/search", { locations: [{ type: "MLFLOW_EXPERIMENT", mlflow_experiment: { experiment_id: experimentId } }], filter: "tags.demo = '1'", max_results: 1 });
  if ((existing.traces ?? []).length) return 0;
  let sent = 0;
  const now = Date.now();
  for (const [i, run] of runs.entries()) {
    const version = i + 1;
    const mv = await call(base, "GET", `/api/2.0/mlflow/model-versions/get?${new URLSearchParams({ name: promptName, version: String(version) })}`);
    const template = (mv.model_version.tags ?? []).find((t) => t.key === "mlflow.prompt.text")?.value ?? "{{ review }}";
    for (const [k, [review, label]] of REVIEWS.entries()) {
      const at = now - (runs.length - i) * 3_600_000 + k * 60_000;
      const latency = 380 + ((k * 137 + i * 211) % 500) + (i === 0 ? 0 : 120);
      const tokens = [Math.round(render(template, { review }).length / 4) + 3, i === 0 ? 1 : 2];
      const answer = i === 0 && label === "neutral" ? "positive" : label;
      await sendTrace(base, experimentId, {
        at,
        runId: run.runId,
        prompt: { name: promptName, version },
        tokens,
        spans: [
          { id: 1, name: "sentiment_chain", type: "CHAIN", startMs: 0, endMs: latency, inputs: { review }, outputs: { sentiment: answer } },
          { id: 2, parent: 1, name: "load_prompt", type: "UNKNOWN", startMs: 1, endMs: 6, inputs: { name_or_uri: `prompts:/${promptName}/${version}` }, outputs: { template } },
          {
            id: 3,
            parent: 1,
            name: "ChatOpenAI",
            type: "CHAT_MODEL",
            startMs: 8,
            endMs: latency - 2,
            inputs: [{ role: "user", content: render(template, { review }) }],
            outputs: { choices: [{ message: { role: "assistant", content: answer } }] },
            attrs: { "mlflow.llm.model": "gpt-4o-mini", "mlflow.chat.tokenUsage": { input_tokens: tokens[0], output_tokens: tokens[1], total_tokens: tokens[0] + tokens[1] } },
          },
        ],
      });
      sent++;
    }
    // a retrieval chain: similar reviews fetched before answering
    const query = "reviews about delivery";
    await sendTrace(base, experimentId, {
      at: now - (runs.length - i) * 3_600_000 + 10 * 60_000,
      runId: run.runId,
      tokens: [210, 24],
      spans: [
        { id: 1, name: "review_rag", type: "CHAIN", startMs: 0, endMs: 1650, inputs: { question: query }, outputs: { answer: "Most delivery reviews are negative: late parcels." } },
        {
          id: 2,
          parent: 1,
          name: "retrieve_reviews",
          type: "RETRIEVER",
          startMs: 3,
          endMs: 420,
          inputs: { query, k: 3 },
          outputs: [
            { page_content: "The parcel came two weeks late.", metadata: { source: "reviews/1842", score: 0.91 } },
            { page_content: "Delivery was fast, but the box was crushed.", metadata: { source: "reviews/977", score: 0.87 } },
            { page_content: "Never arrived. Refund took a month.", metadata: { source: "reviews/2210", score: 0.85 } },
          ],
        },
        {
          id: 3,
          parent: 1,
          name: "ChatOpenAI",
          type: "CHAT_MODEL",
          startMs: 430,
          endMs: 1640,
          inputs: [
            { role: "system", content: "Answer from the reviews given." },
            { role: "user", content: `${query}\n\n- The parcel came two weeks late.\n- Delivery was fast, but the box was crushed.\n- Never arrived. Refund took a month.` },
          ],
          outputs: { choices: [{ message: { role: "assistant", content: "Most delivery reviews are negative: late parcels." } }] },
          attrs: { "mlflow.llm.model": "gpt-4o-mini" },
        },
      ],
    });
    // an error trace: the tool the chain calls timed out
    await sendTrace(base, experimentId, {
      at: now - (runs.length - i) * 3_600_000 + 12 * 60_000,
      runId: run.runId,
      spans: [
        { id: 1, name: "product_lookup", type: "CHAIN", startMs: 0, endMs: 5012, inputs: { sku: "TBL-4410" }, error: "TimeoutError: catalog API did not answer in 5 s" },
        { id: 2, parent: 1, name: "catalog_api", type: "TOOL", startMs: 5, endMs: 5010, inputs: { sku: "TBL-4410" }, error: "TimeoutError: catalog API did not answer in 5 s" },
      ],
    });
    sent += 2;
  }
  return sent;
}
