// The traces UI's read models on the real database, seeded over HTTP as the MLflow client sends
// traces (StartTraceV3 + OTLP spans), under RUNBOARD_DEFAULT_PERMISSION=NO_PERMISSIONS: the
// table page (filter, sort, paging), one trace with its span tree and rendered prompt, a run's
// traces, per-version and per-run figures — and that traces of experiments the caller cannot
// read never appear nor count, and rows never name a run or prompt the caller cannot read.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN, basic, enableAuth, uname } from "@/tests/auth/helpers";
import { stopAuthListener } from "@/lib/domain/auth/cache";
import { runAs, type Caller } from "@/lib/domain/auth/caller";
import { authenticateBasic } from "@/lib/domain/auth/authenticate";
import { parseTracesTableState } from "@/lib/schemas/ui-traces";
import { dispatch } from "@/tests/mlflow-replay";
import { getPromptTraceStats, getRunTraceStats, getTraceTablePage, getTraceView, listPromptVersionTraces, listRunTraces, loadTraceTableRows } from "./views";

type Json = Record<string, unknown>;
const admin = basic(ADMIN.username, ADMIN.password);

async function api(method: string, url: string, auth: string, body?: unknown, headers: Record<string, string> = {}): Promise<Json> {
  const res = await dispatch(method, url, { headers: { authorization: auth, ...(body === undefined ? {} : { "content-type": "application/json" }), ...headers }, ...(body === undefined ? {} : { body: typeof body === "string" ? body : JSON.stringify(body) }) });
  const text = await res.text();
  expect(res.status, `${method} ${url}: ${text.slice(0, 300)}`).toBe(200);
  return text ? (JSON.parse(text) as Json) : {};
}

interface Who {
  username: string;
  auth: string;
  caller: () => Promise<Caller>;
}
async function user(prefix: string): Promise<Who> {
  const username = uname(prefix);
  const password = `${username}-password`;
  await api("POST", "/api/2.0/mlflow/users/create", admin, { username, password });
  return { username, auth: basic(username, password), caller: () => authenticateBasic(username, password, null) };
}
const as = async <T>(who: Who, fn: () => Promise<T>): Promise<T> => runAs(await who.caller(), fn);

// ── a trace as the MLflow client sends it ──

// OTLP AnyValue, as the MLflow client's exporter encodes span attributes.
type AnyValue = { stringValue: string } | { boolValue: boolean } | { intValue: string } | { doubleValue: number } | { arrayValue: { values: AnyValue[] } } | { kvlistValue: { values: { key: string; value: AnyValue }[] } };
function str(v: unknown): AnyValue {
  if (typeof v === "string") return { stringValue: v };
  if (typeof v === "boolean") return { boolValue: v };
  if (typeof v === "number") return Number.isInteger(v) ? { intValue: String(v) } : { doubleValue: v };
  if (Array.isArray(v)) return { arrayValue: { values: v.map(str) } };
  if (v && typeof v === "object") return { kvlistValue: { values: Object.entries(v).map(([key, x]) => ({ key, value: str(x) })) } };
  return { stringValue: "null" };
}
interface SpanSpec {
  id: number;
  parent?: number;
  name: string;
  type: string;
  startMs: number;
  endMs: number;
  inputs?: unknown;
  outputs?: unknown;
  attrs?: Record<string, unknown>;
  error?: string;
}
const T0 = Date.parse("2026-11-20T10:00:00.000Z");
const ns = (ms: number) => (BigInt(ms) * 1_000_000n).toString();

async function sendTrace(
  auth: string,
  experimentId: string,
  o: { name: string; at: number; spans: SpanSpec[]; runId?: string; prompts?: { name: string; version: number }[]; tokens?: [number, number]; state?: "OK" | "ERROR"; tags?: Record<string, string> },
): Promise<string> {
  const hex = randomBytes(16).toString("hex");
  const traceId = `tr-${hex}`;
  const spanId = (n: number) => n.toString(16).padStart(16, "0");
  const spans = o.spans.map((s) => ({
    traceId: hex,
    spanId: spanId(s.id),
    ...(s.parent ? { parentSpanId: spanId(s.parent) } : {}),
    name: s.name,
    startTimeUnixNano: ns(o.at + s.startMs),
    endTimeUnixNano: ns(o.at + s.endMs),
    status: s.error ? { code: 2, message: s.error } : { code: 1 },
    attributes: [
      { key: "mlflow.traceRequestId", value: str(traceId) },
      { key: "mlflow.spanType", value: str(s.type) },
      ...(s.inputs === undefined ? [] : [{ key: "mlflow.spanInputs", value: str(s.inputs) }]),
      ...(s.outputs === undefined ? [] : [{ key: "mlflow.spanOutputs", value: str(s.outputs) }]),
      ...Object.entries(s.attrs ?? {}).map(([key, v]) => ({ key, value: str(v) })),
    ],
  }));
  const res = await dispatch("POST", "/v1/traces", {
    body: JSON.stringify({ resourceSpans: [{ scopeSpans: [{ spans }] }] }),
    headers: { authorization: auth, "content-type": "application/json", "x-mlflow-experiment-id": experimentId },
  });
  expect(res.status, await res.clone().text()).toBe(200);
  const root = o.spans[0];
  const metadata: Record<string, string> = { "mlflow.trace_schema.version": "3" };
  if (o.runId) metadata["mlflow.sourceRun"] = o.runId;
  if (o.tokens) metadata["mlflow.trace.tokenUsage"] = JSON.stringify({ input_tokens: o.tokens[0], output_tokens: o.tokens[1], total_tokens: o.tokens[0] + o.tokens[1] });
  const tags: Record<string, string> = { "mlflow.traceName": o.name, ...(o.tags ?? {}) };
  if (o.prompts) tags["mlflow.linkedPrompts"] = JSON.stringify(o.prompts.map((p) => ({ name: p.name, version: String(p.version) })));
  await api("POST", "/api/3.0/mlflow/traces", auth, {
    trace: {
      trace_info: {
        trace_id: traceId,
        trace_location: { type: "MLFLOW_EXPERIMENT", mlflow_experiment: { experiment_id: experimentId } },
        request_time: new Date(o.at).toISOString(),
        execution_duration: `${(root.endMs - root.startMs) / 1000}s`,
        state: o.state ?? "OK",
        trace_metadata: metadata,
        tags,
        request_preview: JSON.stringify(root.inputs ?? null).slice(0, 1000),
        response_preview: JSON.stringify(root.outputs ?? null).slice(0, 1000),
      },
    },
  });
  return traceId;
}

async function registerPrompt(auth: string, name: string, versions: { chat?: { role: string; content: string }[]; template?: string }[]) {
  await api("POST", "/api/2.0/mlflow/registered-models/create", auth, { name, tags: [{ key: "mlflow.prompt.is_prompt", value: "true" }] });
  for (const v of versions) {
    await api("POST", "/api/2.0/mlflow/model-versions/create", auth, {
      name,
      source: "prompt-template",
      tags: [
        { key: "mlflow.prompt.is_prompt", value: "true" },
        { key: "mlflow.prompt.text", value: v.chat ? JSON.stringify(v.chat) : v.template },
        { key: "_mlflow_prompt_type", value: v.chat ? "chat" : "text" },
      ],
    });
  }
}

const chatTrace = (question: string, topic: string, opts: { runId?: string; version?: number; prompt: string; at: number; inTok: number; outTok: number; latency: number }) => ({
  name: "qa_chain",
  at: opts.at,
  runId: opts.runId,
  prompts: opts.version ? [{ name: opts.prompt, version: opts.version }] : undefined,
  tokens: [opts.inTok, opts.outTok] as [number, number],
  spans: [
    { id: 1, name: "qa_chain", type: "CHAIN", startMs: 0, endMs: opts.latency, inputs: { question }, outputs: { answer: `About ${topic}.` } },
    { id: 2, parent: 1, name: "format_prompt", type: "CHAIN", startMs: 1, endMs: 3, inputs: { question } },
    {
      id: 3,
      parent: 1,
      name: "ChatOpenAI",
      type: "CHAT_MODEL",
      startMs: 4,
      endMs: opts.latency - 1,
      inputs: [{ role: "system", content: `You answer questions about ${topic}.` }, { role: "user", content: question }],
      outputs: { choices: [{ message: { role: "assistant", content: `About ${topic}.` } }] },
      attrs: { "mlflow.llm.model": "gpt-4o-mini", "mlflow.chat.tokenUsage": { input_tokens: opts.inTok, output_tokens: opts.outTok, total_tokens: opts.inTok + opts.outTok } },
    },
  ],
});

let owner: Who, reader: Who, nobody: Who;
let exp: string, hiddenExp: string, runId: string, hiddenRunId: string, prompt: string, hiddenPrompt: string;
let t1: string, t2: string, t3: string, tErr: string, tHidden: string;

beforeAll(async () => {
  enableAuth({ RUNBOARD_DEFAULT_PERMISSION: "NO_PERMISSIONS" });
  [owner, reader, nobody] = [await user("v-owner"), await user("v-reader"), await user("v-nobody")];
  exp = (await api("POST", "/api/2.0/mlflow/experiments/create", owner.auth, { name: uname("views-shared") })).experiment_id as string;
  hiddenExp = (await api("POST", "/api/2.0/mlflow/experiments/create", owner.auth, { name: uname("views-hidden") })).experiment_id as string;
  await api("POST", "/api/2.0/mlflow/experiments/permissions/create", owner.auth, { experiment_id: exp, username: reader.username, permission: "READ" });
  runId = ((await api("POST", "/api/2.0/mlflow/runs/create", owner.auth, { experiment_id: exp, run_name: "eval-v1", start_time: T0 })).run as { info: { run_id: string } }).info.run_id;
  hiddenRunId = ((await api("POST", "/api/2.0/mlflow/runs/create", owner.auth, { experiment_id: hiddenExp, run_name: "secret-run", start_time: T0 })).run as { info: { run_id: string } }).info.run_id;
  prompt = uname("qa-prompt");
  hiddenPrompt = uname("secret-prompt");
  const chat = [{ role: "system", content: "You answer questions about {{topic}}." }, { role: "user", content: "{{question}}" }];
  await registerPrompt(owner.auth, prompt, [{ chat }, { chat: [{ role: "system", content: "Answer briefly about {{topic}}." }, { role: "user", content: "{{question}}" }] }]);
  await registerPrompt(owner.auth, hiddenPrompt, [{ template: "secret {{x}}" }]);
  await api("POST", "/api/2.0/mlflow/registered-models/permissions/create", owner.auth, { name: prompt, username: reader.username, permission: "READ" });

  t1 = await sendTrace(owner.auth, exp, chatTrace("What is a run?", "MLflow", { prompt, version: 1, runId, at: T0 + 1000, inTok: 20, outTok: 10, latency: 100 }));
  t2 = await sendTrace(owner.auth, exp, chatTrace("What is an experiment?", "MLflow", { prompt, version: 1, runId, at: T0 + 2000, inTok: 30, outTok: 20, latency: 300 }));
  t3 = await sendTrace(owner.auth, exp, { ...chatTrace("What is a prompt?", "MLflow", { prompt, version: 2, at: T0 + 3000, inTok: 10, outTok: 5, latency: 50 }), name: "short_chain", tags: { team: "search" } });
  tErr = await sendTrace(owner.auth, exp, {
    name: "tool_call",
    at: T0 + 4000,
    state: "ERROR",
    runId,
    spans: [{ id: 1, name: "tool_call", type: "TOOL", startMs: 0, endMs: 20, inputs: { city: "Paris" }, error: "TimeoutError: weather API" }],
  });
  // A trace in an experiment the reader cannot read, linked to the shared run and prompt — and naming a prompt the reader cannot read.
  tHidden = await sendTrace(owner.auth, hiddenExp, chatTrace("secret question", "secrets", { prompt, version: 1, at: T0 + 5000, inTok: 1000, outTok: 1000, latency: 9000 }));
  await api("POST", "/api/2.0/mlflow/traces/link-to-run", owner.auth, { trace_ids: [tHidden], run_id: runId });
  await api("PATCH", `/api/2.0/mlflow/traces/${t3}/tags`, owner.auth, { key: "mlflow.linkedPrompts", value: JSON.stringify([{ name: prompt, version: "2" }, { name: hiddenPrompt, version: "1" }]) });
  // t1 (shared) was also linked to the hidden experiment's run.
  await api("POST", "/api/2.0/mlflow/traces/link-to-run", owner.auth, { trace_ids: [t1], run_id: hiddenRunId });
  await api("POST", `/api/3.0/mlflow/traces/${t1}/assessments`, owner.auth, {
    assessment: { assessment_name: "correct", trace_id: t1, source: { source_type: "LLM_JUDGE", source_id: "judge" }, feedback: { value: "yes" }, rationale: "Matches the docs." },
  });
});

afterAll(async () => {
  delete process.env.RUNBOARD_AUTH;
  delete process.env.RUNBOARD_DEFAULT_PERMISSION;
  await stopAuthListener();
});

const state = (q: Record<string, string> = {}) => parseTracesTableState(q);

describe("getTraceTablePage", () => {
  it("pages the experiment's traces newest first with every column", async () => {
    const page = await as(owner, () => getTraceTablePage(exp, state()));
    expect(page.ok).toBe(true);
    if (!page.ok) return;
    expect(page.rows.map((r) => r.traceId)).toEqual([tErr, t3, t2, t1]);
    expect(page.hasMore).toBe(false);
    const r1 = page.rows[3];
    expect(r1).toMatchObject({
      traceId: t1,
      experimentId: exp,
      name: "qa_chain",
      state: "OK",
      requestTime: T0 + 1000,
      latencyMs: 100,
      inputTokens: 20,
      outputTokens: 10,
      totalTokens: 30,
      prompts: [{ name: prompt, version: 1 }],
      run: { id: runId, name: "eval-v1", experimentId: exp },
      assessments: [{ name: "correct", kind: "feedback", value: "yes", verdict: true }],
    });
    expect(r1.requestPreview).toBe('{"question":"What is a run?"}');
    expect(page.rows[0]).toMatchObject({ state: "ERROR", name: "tool_call", totalTokens: null, prompts: [] });
  });

  it("filters and sorts on the server with the search_traces grammar, and pages", async () => {
    const byLatency = await as(owner, () => getTraceTablePage(exp, state({ sort: "execution_time_ms", dir: "desc" })));
    expect(byLatency.ok && byLatency.rows.map((r) => r.latencyMs)).toEqual([300, 100, 50, 20]);
    const tokensAsc = await as(owner, () => getTraceTablePage(exp, state({ sort: "total_tokens", dir: "asc" })));
    expect(tokensAsc.ok && tokensAsc.rows.map((r) => r.traceId).slice(0, 3)).toEqual([t3, t1, t2]);
    const errors = await as(owner, () => getTraceTablePage(exp, state({ q: "attributes.status = 'ERROR'" })));
    expect(errors.ok && errors.rows.map((r) => r.traceId)).toEqual([tErr]);
    const tagged = await as(owner, () => getTraceTablePage(exp, state({ q: "tag.team = 'search'" })));
    expect(tagged.ok && tagged.rows.map((r) => r.traceId)).toEqual([t3]);
    const bySpan = await as(owner, () => getTraceTablePage(exp, state({ q: "span.name = 'format_prompt'" })));
    expect(bySpan.ok && bySpan.rows.map((r) => r.traceId).sort()).toEqual([t1, t2, t3].sort());
    const p2 = await as(owner, () => getTraceTablePage(exp, { ...state(), size: 25, page: 1 }, "trace.name = 'qa_chain'"));
    expect(p2.ok && p2.rows.map((r) => r.traceId)).toEqual([t2, t1]);
    const second = await as(owner, () => getTraceTablePage(exp, { ...state(), size: 25, page: 2 }));
    expect(second).toEqual({ ok: true, rows: [], hasMore: false });
  });

  it("answers a bad filter with its message instead of throwing", async () => {
    const bad = await as(owner, () => getTraceTablePage(exp, state({ q: "tag.team = " })));
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error).toMatch(/./);
  });

  it("shows the READ user the rows without the hidden run or the prompt it cannot read, and the user with nothing no rows", async () => {
    const page = await as(reader, () => getTraceTablePage(exp, state()));
    expect(page.ok && page.rows.map((r) => r.traceId)).toEqual([tErr, t3, t2, t1]);
    if (!page.ok) return;
    expect(page.rows.find((r) => r.traceId === t3)!.prompts).toEqual([{ name: prompt, version: 2 }]);
    expect(JSON.stringify(page.rows)).not.toContain("secret");
    expect(await as(nobody, () => getTraceTablePage(exp, state()))).toEqual({ ok: true, rows: [], hasMore: false });
    // Rows by id skip what the caller cannot read.
    expect((await as(reader, () => loadTraceTableRows([tHidden, t1]))).map((r) => r.traceId)).toEqual([t1]);
  });
});

describe("getTraceView", () => {
  it("has the span tree, waterfall total, the rendered prompt linked to its version, and assessments", async () => {
    const v = (await as(owner, () => getTraceView(t1)))!;
    expect(v.spans.map((s) => [s.path, s.depth, s.spanType])).toEqual([
      ["qa_chain", 0, "CHAIN"],
      ["qa_chain/format_prompt", 1, "CHAIN"],
      ["qa_chain/ChatOpenAI", 1, "CHAT_MODEL"],
    ]);
    expect(v.totalMs).toBe(100);
    const llm = v.spans[2];
    expect(llm).toMatchObject({ offsetMs: 4, durationMs: 95, model: "gpt-4o-mini", totalTokens: 30 });
    expect(llm.inputs!.messages!.map((m) => m.role)).toEqual(["system", "user"]);
    expect(llm.outputs!.messages).toEqual([{ role: "assistant", content: "About MLflow.", extra: null }]);
    expect(v.linkedPrompts.map((p) => [p.name, p.version, p.promptType])).toEqual([[prompt, 1, "chat"]]);
    expect(v.renderedPrompt).toEqual({
      spanId: llm.spanId,
      spanName: "ChatOpenAI",
      prompt: { name: prompt, version: 1 },
      messages: [
        { role: "system", segments: [{ text: "You answer questions about " }, { text: "MLflow", variable: "topic" }, { text: "." }] },
        { role: "user", segments: [{ text: "What is a run?", variable: "question" }] },
      ],
    });
    expect(v.assessments).toMatchObject([{ name: "correct", kind: "feedback", sourceType: "LLM_JUDGE", value: "yes", verdict: true, rationale: "Matches the docs.", error: null }]);
    expect(v.tags.find(([k]) => k === "mlflow.traceName")).toEqual(["mlflow.traceName", "qa_chain"]);
    expect(v.row.run).toMatchObject({ id: runId });
  });

  it("shows an error span's status, and null for an unknown trace", async () => {
    const v = (await as(owner, () => getTraceView(tErr)))!;
    expect(v.row.state).toBe("ERROR");
    expect(v.spans[0]).toMatchObject({ status: "ERROR", statusMessage: "TimeoutError: weather API" });
    expect(v.renderedPrompt).toBeNull();
    expect(await as(owner, () => getTraceView("tr-00000000000000000000000000000000"))).toBeNull();
  });

  it("refuses a trace of an unreadable experiment, and leaves out linked prompts the caller cannot read", async () => {
    await expect(as(reader, () => getTraceView(tHidden))).rejects.toMatchObject({ code: "PERMISSION_DENIED" });
    await expect(as(nobody, () => getTraceView(t1))).rejects.toMatchObject({ code: "PERMISSION_DENIED" });
    expect((await as(owner, () => getTraceView(t3)))!.linkedPrompts.map((p) => p.name).sort()).toEqual([prompt, hiddenPrompt].sort());
    const seen = (await as(reader, () => getTraceView(t3)))!;
    expect(seen.linkedPrompts.map((p) => p.name)).toEqual([prompt]);
    expect(JSON.stringify(seen)).not.toContain("secret {{x}}");
  });
});

describe("run traces and figures", () => {
  it("lists a run's own and linked traces, newest first — only those the caller may read", async () => {
    expect((await as(owner, () => listRunTraces(runId))).rows.map((r) => r.traceId)).toEqual([tHidden, tErr, t2, t1]);
    const seen = await as(reader, () => listRunTraces(runId));
    expect(seen).toMatchObject({ hasMore: false });
    expect(seen.rows.map((r) => r.traceId)).toEqual([tErr, t2, t1]);
    expect((await as(reader, () => listRunTraces(runId, 2))).hasMore).toBe(true);
    await expect(as(nobody, () => listRunTraces(runId))).rejects.toMatchObject({ code: "PERMISSION_DENIED" });
  });

  it("aggregates latency and tokens per run without the unreadable traces", async () => {
    const [all] = await as(owner, () => getRunTraceStats([runId]));
    expect(all).toMatchObject({ runId, traces: 4, errors: 1, sumTotalTokens: 30 + 50 + 2000 });
    const [seen, none] = await as(reader, () => getRunTraceStats([runId, "no-such-run"]));
    expect(seen).toEqual({ runId, traces: 3, errors: 1, avgLatencyMs: (100 + 300 + 20) / 3, p50LatencyMs: 100, sumInputTokens: 50, sumOutputTokens: 30, sumTotalTokens: 80 });
    expect(none).toEqual({ runId: "no-such-run", traces: 0, errors: 0, avgLatencyMs: null, p50LatencyMs: null, sumInputTokens: null, sumOutputTokens: null, sumTotalTokens: null });
    await expect(as(nobody, () => getRunTraceStats([runId]))).rejects.toMatchObject({ code: "PERMISSION_DENIED" });
  });
});

describe("prompt traces per version", () => {
  it("has per-version trace counts, latency and tokens — not counting traces the caller cannot read", async () => {
    const owned = await as(owner, () => getPromptTraceStats(prompt));
    expect(owned.map((s) => [s.version, s.traces])).toEqual([[2, 1], [1, 3]]);
    const seen = await as(reader, () => getPromptTraceStats(prompt));
    expect(seen).toEqual([
      { version: 2, traces: 1, errors: 0, avgLatencyMs: 50, p50LatencyMs: 50, p95LatencyMs: 50, avgTotalTokens: 15, sumTotalTokens: 15, avgInputTokens: 10, avgOutputTokens: 5 },
      { version: 1, traces: 2, errors: 0, avgLatencyMs: 200, p50LatencyMs: 200, p95LatencyMs: 290, avgTotalTokens: 40, sumTotalTokens: 80, avgInputTokens: 25, avgOutputTokens: 15 },
    ]);
    await expect(as(nobody, () => getPromptTraceStats(prompt))).rejects.toMatchObject({ code: "PERMISSION_DENIED" });
  });

  it("lists the latest traces of one version, only readable ones", async () => {
    expect((await as(owner, () => listPromptVersionTraces(prompt, 1))).rows.map((r) => r.traceId)).toEqual([tHidden, t2, t1]);
    const seen = await as(reader, () => listPromptVersionTraces(prompt, 1, 1));
    expect(seen.rows.map((r) => r.traceId)).toEqual([t2]);
    expect(seen.hasMore).toBe(true);
    await expect(as(nobody, () => listPromptVersionTraces(prompt, 1))).rejects.toMatchObject({ code: "PERMISSION_DENIED" });
  });
});
