// Scenarios: the HTTP calls the real MLflow 3 Python client made (recorded through a logging
// proxy, tests/fixtures/mlflow-client/), replayed request by request — OTLP protobuf bodies,
// StartTraceV3, the traces.json upload, reads, tags, search, deletion; genai.evaluate with
// datasets, assessments and scorers; and the seed's LangGraph chatbot with its linked prompt.
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { dispatch, loadRecording, recorded, Replayer } from "@/tests/mlflow-replay";

const json = async (r: Response) => (await r.json()) as Record<string, unknown>;

describe("the @mlflow.trace / start_span flow (trace-flow.json)", () => {
  const rec = loadRecording("trace-flow.json");

  it("replays with every recorded status, spans arriving over OTLP", async () => {
    const r = new Replayer(rec, { names: ["trace-flow-c"] });
    const out = await r.replayAll(rec);
    const start = out.find((c) => c.call.method === "POST" && c.call.url === "/api/3.0/mlflow/traces")!;
    const info = (start.json!.trace as { trace_info: { trace_id: string; tags: Record<string, string>; trace_metadata: Record<string, string> } }).trace_info;
    expect(info.tags["mlflow.artifactLocation"]).toMatch(new RegExp(`^mlflow-artifacts:/\\d+/traces/${info.trace_id}/artifacts$`));
    // OTLP came first in this recording: the client is told the spans are in the tracking store.
    expect(info.tags["mlflow.trace.spansLocation"]).toBe("TRACKING_STORE");
    expect(info.trace_metadata["mlflow.trace.infoFinalized"]).toBe("true");

    const got = out.find((c) => c.call.url.startsWith("/api/3.0/mlflow/traces/get?"))!;
    const spans = (got.json!.trace as { spans: { name: string; attributes: { key: string; value: Record<string, unknown> }[] }[] }).spans;
    expect(spans.map((s) => s.name)).toEqual(["answer", "retrieve", "llm"]);
    const llm = spans[2].attributes.find((a) => a.key === "mlflow.chat.tokenUsage")!.value;
    expect(llm).toEqual({ kvlist_value: { values: [
      { key: "input_tokens", value: { int_value: "12" } },
      { key: "output_tokens", value: { int_value: "5" } },
      { key: "total_tokens", value: { int_value: "17" } },
    ] } });

    const searches = out.filter((c) => c.call.url === "/api/3.0/mlflow/traces/search");
    expect((searches[0].json!.traces as unknown[]).length).toBe(1); // tag.mlflow.traceName = 'answer'
    expect((searches[1].json!.traces as unknown[]).length).toBe(1); // attribute.run_id = '<run>'
    expect(out.at(-1)!.json).toEqual({ traces_deleted: 1 });

    // The kept trace: spans as rows, token usage summed, linked to its run.
    const traceId = info.trace_id;
    const rows = await db.$queryRaw<{ name: string; span_type: string; total_tokens: bigint | null }[]>`
      SELECT name, span_type, total_tokens FROM spans WHERE trace_id = ${traceId} ORDER BY ordinal, start_time_ns`;
    expect(rows.map((x) => [x.name, x.span_type])).toEqual([["answer", "CHAIN"], ["retrieve", "RETRIEVER"], ["llm", "CHAT_MODEL"]]);
    const t = await db.$queryRaw<{ total_tokens: bigint; name: string; links: bigint }[]>`
      SELECT total_tokens, name, (SELECT count(*) FROM trace_run_links l WHERE l.trace_id = t.id) AS links FROM traces t WHERE id = ${traceId}`;
    expect(t[0]).toEqual({ total_tokens: 17n, name: "answer", links: 1n });
  });

  it("a trace whose spans came over OTLP downloads as the traces.json the client would have written", async () => {
    const pair = loadRecording("span-pair.json") as unknown as { otlp_base64: string; traces_json: string };
    const exp = await json(await dispatch("POST", "/api/2.0/mlflow/experiments/create", { body: JSON.stringify({ name: `pair-${Date.now()}` }), headers: { "content-type": "application/json" } }));
    const expId = exp.experiment_id as string;
    const res = await dispatch("POST", "/v1/traces", {
      body: new Uint8Array(Buffer.from(pair.otlp_base64, "base64")),
      headers: { "content-type": "application/x-protobuf", "x-mlflow-experiment-id": expId },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/x-protobuf");
    const traceId = "tr-a507df03fd599cd5be7df06cc0d51dc0";
    const file = await dispatch("GET", `/api/2.0/mlflow-artifacts/artifacts/${expId}/traces/${traceId}/artifacts/traces.json`);
    expect(file.status).toBe(200);
    expect(await file.text()).toBe(pair.traces_json);
    // …and the UI's get-trace-artifact serves the same bytes.
    const ui = await dispatch("GET", `/ajax-api/2.0/mlflow/get-trace-artifact?request_id=${traceId}`);
    expect(await ui.text()).toBe(pair.traces_json);
  });
});

describe("the seed's LangGraph chatbot (langgraph-flow.json)", () => {
  const rec = loadRecording("langgraph-flow.json");

  it("replays; the trace links to the prompt version loaded inside it", async () => {
    const r = new Replayer(rec, { names: ["langgraph-chat", "chat-prompt"] });
    const out = await r.replayAll(rec);
    const traceId = r.map(/tr-[0-9a-f]{32}/.exec(JSON.stringify(recorded(rec, "POST", "/api/3.0/mlflow/traces").body))![0]);
    const prompt = r.map("chat-prompt");
    const links = await db.$queryRaw<{ name: string; version: number }[]>`
      SELECT rm.name, mv.version FROM trace_prompt_links l JOIN model_versions mv ON mv.id = l.prompt_version_id
      JOIN registered_models rm ON rm.id = mv.registered_model_id WHERE l.trace_id = ${traceId}`;
    expect(links).toEqual([{ name: prompt, version: 1 }]);
    const search = out.at(-2)!.json!.traces as { trace_id: string }[];
    expect(search.map((t) => t.trace_id)).toEqual([traceId]); // prompt = '<name>/1'
    const spans = await db.$queryRaw<{ name: string; span_type: string; fmt: string | null }[]>`
      SELECT name, span_type, attributes->>'mlflow.message.format' AS fmt FROM spans WHERE trace_id = ${traceId} ORDER BY ordinal`;
    expect(spans).toEqual([
      { name: "LangGraph", span_type: "CHAIN", fmt: null },
      { name: "add_system_message", span_type: "CHAIN", fmt: null },
      { name: "chatbot", span_type: "CHAIN", fmt: null },
      { name: "ChatOpenAI", span_type: "CHAT_MODEL", fmt: '"langchain"' },
    ]);
  });

  it("without OTLP (older servers, or the client's fallback) traces.json alone carries the spans, served back byte-identical", async () => {
    const r = new Replayer(rec, { names: ["langgraph-chat", "chat-prompt"] });
    await r.replayAll(rec, (c) => c.url !== "/v1/traces");
    const put = recorded(rec, "PUT", "/api/2.0/mlflow-artifacts/");
    const traceId = r.map(/tr-[0-9a-f]{32}/.exec(put.url)![0]);
    const expId = (await db.$queryRaw<{ e: number }[]>`SELECT experiment_id AS e FROM traces WHERE id = ${traceId}`)[0].e;
    const file = await dispatch("GET", `/api/2.0/mlflow-artifacts/artifacts/${expId}/traces/${traceId}/artifacts/traces.json`);
    expect(await file.text()).toBe(r.substitute(put.body!));
    const blobs = await db.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM trace_artifacts WHERE trace_id = ${traceId}`;
    expect(blobs[0].n).toBe(0n); // stored as span rows only
    const info = await json(await dispatch("GET", `/api/3.0/mlflow/traces/${traceId}`));
    expect((info.trace as { trace_info: { tags: Record<string, string> } }).trace_info.tags["mlflow.trace.spansLocation"]).toBeUndefined();
  });
});

describe("mlflow.genai.evaluate with a stored dataset, scorers and assessments (eval-flow.json)", () => {
  const rec = loadRecording("eval-flow.json");

  it("replays: per-row traces with the scorers' verdicts, the run's aggregate metrics, datasets and scorers", async () => {
    const r = new Replayer(rec, { names: ["eval-flow-2"] });
    const out = await r.replayAll(rec);
    const runId = r.map((recorded(rec, "POST", "/api/2.0/mlflow/runs/create").response as { run: { info: { run_id: string } } }).run.info.run_id);
    const metrics = await db.$queryRaw<{ key: string; value: number }[]>`SELECT key, value FROM latest_metrics WHERE run_id = ${runId} ORDER BY key`;
    expect(metrics).toEqual([{ key: "exact_match/mean", value: 0.5 }, { key: "length_ok/mean", value: 1 }]);
    const traces = await db.$queryRaw<{ trace_id: string }[]>`SELECT trace_id FROM trace_run_links WHERE run_id = ${runId} ORDER BY trace_id`;
    expect(traces.length).toBe(2);
    const verdicts = await db.$queryRaw<{ name: string; kind: string; n: bigint }[]>`
      SELECT a.name, a.kind::text AS kind, count(*) AS n FROM assessments a JOIN trace_run_links l ON l.trace_id = a.trace_id
      WHERE l.run_id = ${runId} AND a.name IN ('exact_match', 'length_ok', 'expected_response') GROUP BY 1, 2 ORDER BY 1`;
    expect(verdicts).toEqual([
      { name: "exact_match", kind: "feedback", n: 2n },
      { name: "expected_response", kind: "expectation", n: 2n },
      { name: "length_ok", kind: "feedback", n: 2n },
    ]);
    // The dataset: two records with their expectations.
    const dsId = r.map((recorded(rec, "POST", "/api/3.0/mlflow/datasets/create").response as { dataset: { dataset_id: string } }).dataset.dataset_id);
    const records = await json(await dispatch("GET", `/api/3.0/mlflow/datasets/${dsId}/records?max_results=1000`));
    expect(JSON.parse(records.records as string).map((x: { inputs: { question: string } }) => x.inputs.question).sort()).toEqual(["What is MLflow?", "What is Spark?"]);
    // Scorers: registered twice (v1, v2), then deleted.
    const reg = out.filter((c) => c.call.url === "/api/3.0/mlflow/scorers/register").map((c) => c.json!.version);
    expect(reg).toEqual([1, 2]);
    const lists = out.filter((c) => c.call.url.startsWith("/api/3.0/mlflow/scorers/list"));
    expect((lists[0].json!.scorers as { scorer_name: string; scorer_version: number }[]).map((s) => [s.scorer_name, s.scorer_version])).toEqual([["politeness", 2]]);
    expect(lists.at(-1)!.json!.scorers).toEqual([]);
    // The human feedback was updated in place, the expectation deleted.
    const patch = out.find((c) => c.call.method === "PATCH")!;
    expect((patch.json!.assessment as { feedback: unknown; rationale: string }).feedback).toEqual({ value: false });
    const del = out.at(-1)!;
    expect(del.call.method).toBe("DELETE");
    const gone = await dispatch("GET", del.call.url.replace(/a-[0-9a-f]{32}/, (m) => r.map(m)).replace(/tr-[0-9a-f]{32}/, (m) => r.map(m)));
    expect(gone.status).toBe(404);
  });
});
