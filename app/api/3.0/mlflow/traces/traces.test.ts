// Contract tests of the tracing endpoints and their errors (docs/mlflow-compatibility.md#traces, #trace-search, #otlp): each
// request as the MLflow client sends it, each answer as it parses it.
import { randomBytes } from "node:crypto";
import { gzipSync } from "node:zlib";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { logSpans } from "@/lib/domain/traces/spans";
import { decodeOtlpJson } from "@/lib/domain/traces/otlp";
import { uniqueName } from "@/tests/helpers";
import { dispatch } from "@/tests/mlflow-replay";

type Json = Record<string, unknown>;
const JSON_HEADERS = { "content-type": "application/json" };

async function api(method: string, url: string, body?: unknown): Promise<{ status: number; body: Json }> {
  const res = await dispatch(method, url, body === undefined ? {} : { body: JSON.stringify(body), headers: JSON_HEADERS });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as Json) : {} };
}

const newTraceId = () => "tr-" + randomBytes(16).toString("hex");
let exp: string;
let runId: string;

interface InfoOpts {
  traceId?: string;
  requestTime?: string;
  tags?: Record<string, string>;
  metadata?: Record<string, string>;
  state?: string;
  experimentId?: string;
}
const traceInfo = (o: InfoOpts = {}) => ({
  trace_id: o.traceId ?? newTraceId(),
  trace_location: { type: "MLFLOW_EXPERIMENT", mlflow_experiment: { experiment_id: o.experimentId ?? exp } },
  request_time: o.requestTime ?? "2026-04-29T14:52:55.123Z",
  execution_duration: "0.153s",
  state: o.state ?? "OK",
  trace_metadata: { "mlflow.trace_schema.version": "3", ...(o.metadata ?? {}) },
  tags: { "mlflow.traceName": "predict", ...(o.tags ?? {}) },
  request_preview: '{"q": "hi"}',
  response_preview: '"hello"',
});
const start = (o: InfoOpts = {}) => api("POST", "/api/3.0/mlflow/traces", { trace: { trace_info: traceInfo(o) } });
const infoOf = (b: Json) => (b.trace as { trace_info: Json & { tags: Record<string, string>; trace_metadata: Record<string, string> } }).trace_info;

beforeAll(async () => {
  exp = (await api("POST", "/api/2.0/mlflow/experiments/create", { name: uniqueName("traces-api") })).body.experiment_id as string;
  runId = ((await api("POST", "/api/2.0/mlflow/runs/create", { experiment_id: exp, start_time: 1 })).body.run as { info: { run_id: string } }).info.run_id;
});

describe("StartTraceV3 / GetTraceInfoV3", () => {
  it("stores the info, adds the artifact location, echoes timestamps and durations in protobuf JSON", async () => {
    const id = newTraceId();
    const r = await start({ traceId: id, metadata: { "mlflow.sourceRun": runId, "mlflow.trace.tokenUsage": '{"input_tokens": 3, "output_tokens": 4, "total_tokens": 7}' } });
    expect(r.status).toBe(200);
    const info = infoOf(r.body);
    expect(info).toMatchObject({ trace_id: id, request_time: "2026-04-29T14:52:55.123Z", execution_duration: "0.153s", state: "OK", request_preview: '{"q": "hi"}' });
    expect(info.tags["mlflow.artifactLocation"]).toBe(`mlflow-artifacts:/${exp}/traces/${id}/artifacts`);
    expect(info.tags["mlflow.trace.spansLocation"]).toBeUndefined();
    expect(info.trace_metadata["mlflow.trace.infoFinalized"]).toBe("true");
    const got = await api("GET", `/api/3.0/mlflow/traces/${id}?trace_id=${id}`);
    expect(infoOf(got.body)).toEqual(info);
    const v2 = await api("GET", `/api/2.0/mlflow/traces/${id}/info`);
    expect(v2.body.trace_info).toMatchObject({ request_id: id, experiment_id: exp, timestamp_ms: Date.parse("2026-04-29T14:52:55.123Z"), execution_time_ms: 153, status: "OK" });
    const link = await db.$queryRaw<{ run_id: string }[]>`SELECT run_id FROM trace_run_links WHERE trace_id = ${id}`;
    expect(link).toEqual([{ run_id: runId }]);
  });

  it("answers an unknown trace id with RESOURCE_DOES_NOT_EXIST as JSON (never a bare 404)", async () => {
    const r = await api("GET", "/api/3.0/mlflow/traces/tr-00000000000000000000000000000000");
    expect(r).toEqual({ status: 404, body: { error_code: "RESOURCE_DOES_NOT_EXIST", message: "Trace with ID 'tr-00000000000000000000000000000000' not found." } });
  });

  it("refuses bad input with INVALID_PARAMETER_VALUE and writes nothing", async () => {
    const id = newTraceId();
    expect((await api("POST", "/api/3.0/mlflow/traces", { trace: { trace_info: { ...traceInfo({ traceId: id }), request_time: 1745938375123.5 } } })).status).toBe(400);
    expect((await api("POST", "/api/3.0/mlflow/traces", { trace: { trace_info: { ...traceInfo({ traceId: id }), execution_duration: "153ms" } } })).body.error_code).toBe("INVALID_PARAMETER_VALUE");
    expect((await api("POST", "/api/3.0/mlflow/traces", { trace: { trace_info: { ...traceInfo({ traceId: "../../etc" }) } } })).status).toBe(400);
    expect((await api("POST", "/api/3.0/mlflow/traces", { trace: { trace_info: { ...traceInfo({ traceId: id }), trace_location: { type: "INFERENCE_TABLE" } } } })).status).toBe(400);
    expect((await start({ traceId: id, tags: { ["k".repeat(251)]: "v" } })).status).toBe(400);
    expect((await start({ traceId: id, experimentId: "999999999" })).body.error_code).toBe("RESOURCE_DOES_NOT_EXIST");
    expect((await api("GET", `/api/3.0/mlflow/traces/${id}`)).status).toBe(404);
  });

  it("is an upsert: OTLP spans first, StartTraceV3 after — the answer says the spans are in the tracking store", async () => {
    const hex = randomBytes(16).toString("hex");
    const id = "tr-" + hex;
    const otlp = {
      resourceSpans: [{ scopeSpans: [{ spans: [
        { traceId: hex, spanId: "00000000000000a1", name: "root", startTimeUnixNano: "1745938375123000000", endTimeUnixNano: "1745938375276000000", status: { code: 1 },
          attributes: [{ key: "mlflow.spanInputs", value: { kvlistValue: { values: [{ key: "q", value: { stringValue: "hi" } }] } } }] },
        { traceId: hex, spanId: "00000000000000a2", parentSpanId: "00000000000000a1", name: "llm", startTimeUnixNano: "1745938375200000000", endTimeUnixNano: "1745938375250000000",
          attributes: [{ key: "mlflow.chat.tokenUsage", value: { kvlistValue: { values: [{ key: "input_tokens", value: { intValue: "5" } }, { key: "output_tokens", value: { intValue: "6" } }] } } }] },
      ] }] }],
    };
    const res = await dispatch("POST", "/v1/traces", { body: gzipSync(Buffer.from(JSON.stringify(otlp))), headers: { "content-type": "application/json", "content-encoding": "gzip", "x-mlflow-experiment-id": exp } });
    expect(res.status).toBe(200);
    // Before StartTraceV3: derived from the spans.
    const early = infoOf((await api("GET", `/api/3.0/mlflow/traces/${id}`)).body);
    expect(early).toMatchObject({ state: "OK", execution_duration: "0.153s", request_preview: '{"q": "hi"}' });
    expect(early.trace_metadata["mlflow.trace.tokenUsage"]).toBe('{"input_tokens": 5, "output_tokens": 6, "total_tokens": 11}');
    const r = await start({ traceId: id, requestTime: "2025-04-29T14:52:55.123Z" });
    expect(infoOf(r.body).tags["mlflow.trace.spansLocation"]).toBe("TRACKING_STORE");
    const full = await api("GET", `/api/3.0/mlflow/traces/get?trace_id=${id}&allow_partial=False`);
    const spans = (full.body.trace as { spans: { name: string }[] }).spans;
    expect(spans.map((s) => s.name)).toEqual(["root", "llm"]);
    const batch = await api("GET", `/api/3.0/mlflow/traces/batchGet?trace_ids=${id}&trace_ids=tr-missing`);
    expect((batch.body.traces as unknown[]).length).toBe(1);
    const infos = await api("POST", "/api/3.0/mlflow/traces/batchGetInfos", { trace_ids: [id] });
    expect((infos.body.trace_infos as Json[])[0].trace_id).toBe(id);
  });
});

describe("OTLP /v1/traces", () => {
  const body = (hex: string) => JSON.stringify({ resourceSpans: [{ scopeSpans: [{ spans: [{ traceId: hex, spanId: "0000000000000001", name: "s", startTimeUnixNano: "1", endTimeUnixNano: "2" }] }] }] });
  it("requires the experiment header and a known content type; empty exports are refused", async () => {
    const hex = randomBytes(16).toString("hex");
    const noHeader = await dispatch("POST", "/v1/traces", { body: body(hex), headers: { "content-type": "application/json" } });
    expect(noHeader.status).toBe(400);
    const badType = await dispatch("POST", "/v1/traces", { body: body(hex), headers: { "content-type": "text/plain", "x-mlflow-experiment-id": exp } });
    expect(badType.status).toBe(400);
    const empty = await dispatch("POST", "/v1/traces", { body: "{}", headers: { "content-type": "application/json", "x-mlflow-experiment-id": exp } });
    expect(await empty.json()).toEqual({ error_code: "BAD_REQUEST", message: "Invalid OpenTelemetry format - no spans found" });
    const garbage = await dispatch("POST", "/v1/traces", { body: new Uint8Array([0x0a, 0xff, 0xff]), headers: { "content-type": "application/x-protobuf", "x-mlflow-experiment-id": exp } });
    expect(garbage.status).toBe(400);
    const noExp = await dispatch("POST", "/v1/traces", { body: body(hex), headers: { "content-type": "application/json", "x-mlflow-experiment-id": "987654321" } });
    expect(noExp.status).toBe(404);
    expect((await api("GET", `/api/3.0/mlflow/traces/tr-${hex}`)).status).toBe(404);
  });

  it("ingests a 1,000-span trace with the same number of statements as a 1-span trace, in one transaction", async () => {
    const spansOf = (n: number) => {
      const hex = randomBytes(16).toString("hex");
      const spans = Array.from({ length: n }, (_, i) => ({
        traceId: hex, spanId: (i + 1).toString(16).padStart(16, "0"), parentSpanId: i ? "0000000000000001" : undefined, name: `span-${i}`,
        startTimeUnixNano: String(1e18 + i), endTimeUnixNano: String(1e18 + i + 10),
        attributes: [{ key: "mlflow.spanType", value: { stringValue: "LLM" } }, { key: "mlflow.chat.tokenUsage", value: { kvlistValue: { values: [{ key: "input_tokens", value: { intValue: "1" } }] } } }],
      }));
      return decodeOtlpJson(JSON.stringify({ resourceSpans: [{ scopeSpans: [{ spans }] }] }));
    };
    const count = async (n: number) => {
      let statements = 0;
      await db.$transaction(async (tx) => {
        const counting = new Proxy(tx, {
          get(t, p) {
            const v = Reflect.get(t, p, t);
            if (typeof v === "function" && (p === "$executeRaw" || p === "$queryRaw" || p === "$executeRawUnsafe" || p === "$queryRawUnsafe")) {
              return (...a: unknown[]) => {
                statements++;
                return (v as (...x: unknown[]) => unknown).apply(t, a);
              };
            }
            return typeof v === "function" ? v.bind(t) : v;
          },
        });
        await logSpans(exp, spansOf(n), counting);
      });
      return statements;
    };
    const one = await count(1);
    const thousand = await count(1000);
    expect(thousand).toBe(one);
    expect(one).toBeLessThanOrEqual(8);
  });
});

describe("traces.json through the proxied artifact API", () => {
  it("stores the upload as span rows and serves it back byte-identical; other files are kept as they are", async () => {
    const id = newTraceId();
    await start({ traceId: id });
    const b64 = Buffer.from(id.slice(3), "hex").toString("base64");
    const doc = `{"spans": [{"trace_id": "${b64}", "span_id": "AAAAAAAAAAE=", "parent_span_id": null, "name": "predict", "start_time_unix_nano": 1745938375123000000, "end_time_unix_nano": 1745938375276000000, "events": [], "status": {"code": "STATUS_CODE_OK", "message": ""}, "attributes": {"mlflow.traceRequestId": "\\"${id}\\"", "mlflow.spanType": "\\"CHAIN\\"", "mlflow.spanInputs": "{\\"x\\": 1.0}", "mlflow.spanOutputs": "2"}}]}`;
    const base = `/api/2.0/mlflow-artifacts/artifacts/${exp}/traces/${id}/artifacts`;
    expect((await dispatch("PUT", `${base}/traces.json`, { body: doc })).status).toBe(200);
    expect(await (await dispatch("GET", `${base}/traces.json`)).text()).toBe(doc);
    const rows = await db.$queryRaw<{ inputs: string; n: bigint }[]>`SELECT inputs, (SELECT count(*) FROM trace_artifacts WHERE trace_id = ${id}) AS n FROM spans WHERE trace_id = ${id}`;
    expect(rows).toEqual([{ inputs: '{"x": 1.0}', n: 0n }]);
    // Compact JSON (another client's formatting): the rows still get the spans, the bytes are kept.
    const compact = JSON.stringify(JSON.parse(doc));
    await dispatch("PUT", `${base}/traces.json`, { body: compact });
    expect(await (await dispatch("GET", `${base}/traces.json`)).text()).toBe(compact);
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 1, 2]);
    await dispatch("PUT", `${base}/attachments/img-1`, { body: png });
    expect(new Uint8Array(await (await dispatch("GET", `${base}/attachments/img-1`)).arrayBuffer())).toEqual(png);
    const listing = await api("GET", `/api/2.0/mlflow-artifacts/artifacts?path=${exp}/traces/${id}/artifacts`);
    expect((listing.body.files as { path: string }[]).map((f) => f.path)).toEqual(["attachments", "traces.json"]);
    expect((await dispatch("GET", `${base}/attachments/nope`)).status).toBe(404);
  });
});

describe("tags, deletion, links", () => {
  it("sets and deletes tags; server tags are immutable; a missing tag is RESOURCE_DOES_NOT_EXIST", async () => {
    const id = newTraceId();
    await start({ traceId: id });
    expect((await api("PATCH", `/api/2.0/mlflow/traces/${id}/tags`, { key: "env", value: "prod" })).body).toEqual({});
    expect((await api("PATCH", `/api/3.0/mlflow/traces/${id}/tags`, { key: "mlflow.traceName", value: "renamed" })).status).toBe(200);
    const info = infoOf((await api("GET", `/api/3.0/mlflow/traces/${id}`)).body);
    expect(info.tags).toMatchObject({ env: "prod", "mlflow.traceName": "renamed" });
    expect((await api("PATCH", `/api/2.0/mlflow/traces/${id}/tags`, { key: "mlflow.artifactLocation", value: "x" })).status).toBe(400);
    expect((await api("DELETE", `/api/2.0/mlflow/traces/${id}/tags`, { key: "env" })).status).toBe(200);
    expect((await api("DELETE", `/api/2.0/mlflow/traces/${id}/tags`, { key: "env" })).body.error_code).toBe("RESOURCE_DOES_NOT_EXIST");
    expect((await api("PATCH", `/api/2.0/mlflow/traces/tr-nope/tags`, { key: "a", value: "b" })).status).toBe(404);
    expect((await api("PATCH", `/api/2.0/mlflow/traces/${id}/tags`, { value: "b" })).status).toBe(400);
  });

  it("delete-traces by ids or by timestamp (oldest first, at most max_traces), with MLflow's validation", async () => {
    const e = (await api("POST", "/api/2.0/mlflow/experiments/create", { name: uniqueName("del") })).body.experiment_id as string;
    const ids = [newTraceId(), newTraceId(), newTraceId()];
    for (const [i, id] of ids.entries()) await start({ traceId: id, experimentId: e, requestTime: `2026-01-0${i + 1}T00:00:00Z` });
    expect((await api("POST", "/api/2.0/mlflow/traces/delete-traces", { experiment_id: e })).status).toBe(400);
    expect((await api("POST", "/api/2.0/mlflow/traces/delete-traces", { experiment_id: e, request_ids: [ids[0]], max_traces: 1 })).status).toBe(400);
    expect((await api("POST", "/api/2.0/mlflow/traces/delete-traces", { experiment_id: e, max_timestamp_millis: 1, max_traces: 0 })).status).toBe(400);
    expect((await api("POST", "/api/2.0/mlflow/traces/delete-traces", { experiment_id: e, max_timestamp_millis: Date.parse("2026-01-03T00:00:00Z"), max_traces: 1 })).body).toEqual({ traces_deleted: 1 });
    expect((await api("GET", `/api/3.0/mlflow/traces/${ids[0]}`)).status).toBe(404);
    expect((await api("POST", "/api/3.0/mlflow/traces/delete-traces", { experiment_id: e, request_ids: [ids[2], "tr-unknown"] })).body).toEqual({ traces_deleted: 1 });
    expect((await api("POST", "/api/2.0/mlflow/traces/delete-traces", { experiment_id: exp, request_ids: [ids[1]] })).body).toEqual({ traces_deleted: 0 }); // other experiment
  });

  it("link-to-run and link-prompts validate their targets", async () => {
    const id = newTraceId();
    await start({ traceId: id });
    expect((await api("POST", "/api/2.0/mlflow/traces/link-to-run", { trace_ids: [id], run_id: runId })).body).toEqual({});
    expect((await api("POST", "/api/2.0/mlflow/traces/link-to-run", { trace_ids: [id], run_id: "0".repeat(32) })).status).toBe(404);
    expect((await api("POST", "/api/2.0/mlflow/traces/link-to-run", { trace_ids: Array.from({ length: 101 }, newTraceId), run_id: runId })).status).toBe(400);
    const search = await api("POST", "/api/3.0/mlflow/traces/search", { locations: [{ type: "MLFLOW_EXPERIMENT", mlflow_experiment: { experiment_id: exp } }], filter: `attribute.run_id = '${runId}'` });
    expect((search.body.traces as Json[]).map((t) => t.trace_id)).toContain(id);
    expect((await api("POST", "/api/2.0/mlflow/traces/link-prompts", { trace_id: id, prompt_versions: [{ name: "no-such-prompt", version: "1" }] })).body).toEqual({});
    expect((await api("POST", "/api/2.0/mlflow/traces/link-prompts", { trace_id: "tr-nope", prompt_versions: [] })).status).toBe(404);
  });
});

describe("search_traces", () => {
  let e: string;
  const ids: string[] = [];
  beforeAll(async () => {
    e = (await api("POST", "/api/2.0/mlflow/experiments/create", { name: uniqueName("search") })).body.experiment_id as string;
    for (let i = 0; i < 5; i++) {
      const id = newTraceId();
      ids.push(id);
      await start({ traceId: id, experimentId: e, requestTime: `2026-02-0${i + 1}T00:00:00Z`, state: i === 4 ? "ERROR" : "OK", tags: { env: i % 2 ? "prod" : "dev", "mlflow.traceName": `fn${i}` } });
    }
  });
  const search = (body: Json) => api("POST", "/api/3.0/mlflow/traces/search", { locations: [{ type: "MLFLOW_EXPERIMENT", mlflow_experiment: { experiment_id: e } }], ...body });
  const idsOf = (b: Json) => (b.traces as Json[]).map((t) => ids.indexOf(t.trace_id as string));

  it("orders by timestamp DESC by default and pages with opaque tokens", async () => {
    const p1 = await search({ max_results: 2 });
    expect(idsOf(p1.body)).toEqual([4, 3]);
    const p2 = await search({ max_results: 2, page_token: p1.body.next_page_token });
    expect(idsOf(p2.body)).toEqual([2, 1]);
    const p3 = await search({ max_results: 2, page_token: p2.body.next_page_token });
    expect(idsOf(p3.body)).toEqual([0]);
    expect(p3.body.next_page_token).toBeUndefined();
    expect((await search({ max_results: 2, filter: "status = 'OK'", page_token: p1.body.next_page_token })).status).toBe(400); // token of another query
  });

  it("filters by attributes, tags and names; orders by other keys", async () => {
    expect(idsOf((await search({ filter: "tag.env = 'prod'" })).body)).toEqual([3, 1]);
    expect(idsOf((await search({ filter: "status = 'ERROR'" })).body)).toEqual([4]);
    expect(idsOf((await search({ filter: "name IN ('fn0', 'fn2')", order_by: ["timestamp_ms ASC"] })).body)).toEqual([0, 2]);
    expect(idsOf((await search({ filter: `timestamp_ms < ${Date.parse("2026-02-03T00:00:00Z")}` })).body)).toEqual([1, 0]);
    expect(idsOf((await search({ filter: "tags.env LIKE 'pr%' AND tag.missing IS NULL" })).body)).toEqual([3, 1]);
    expect(idsOf((await search({ order_by: ["name ASC"], max_results: 3 })).body)).toEqual([0, 1, 2]);
  });

  it("refuses bad filters, order keys and limits with INVALID_PARAMETER_VALUE", async () => {
    for (const b of [{ filter: "nope = 1" }, { filter: "status = " }, { order_by: ["span.name"] }, { max_results: 501 }, { max_results: 0 }, { page_token: "garbage!" }, { filter: "prompt = 'noversion'" }]) {
      const r = await search(b);
      expect([r.status, r.body.error_code]).toEqual([400, "INVALID_PARAMETER_VALUE"]);
    }
    expect((await api("POST", "/api/3.0/mlflow/traces/search", {})).status).toBe(400);
  });

  it("serves the v2 search and the v2 StartTrace/EndTrace pair", async () => {
    const v2 = await api("GET", `/api/2.0/mlflow/traces?experiment_ids=${e}&max_results=1`);
    expect((v2.body.traces as Json[])[0]).toMatchObject({ request_id: ids[4], experiment_id: e, status: "ERROR" });
    const s = await api("POST", "/api/2.0/mlflow/traces", { experiment_id: e, timestamp_ms: 1000, request_metadata: [{ key: "m", value: "1" }], tags: [{ key: "t", value: "x" }] });
    const reqId = (s.body.trace_info as { request_id: string; status: string }).request_id;
    expect(reqId).toMatch(/^[0-9a-f]{32}$/);
    expect((s.body.trace_info as { status: string }).status).toBe("IN_PROGRESS");
    const end = await api("PATCH", `/api/2.0/mlflow/traces/${reqId}`, { request_id: reqId, timestamp_ms: 1500, status: "OK", tags: [{ key: "mlflow.traceName", value: "v2" }] });
    expect(end.body.trace_info).toMatchObject({ request_id: reqId, execution_time_ms: 500, status: "OK" });
    expect((end.body.trace_info as { tags: { key: string }[] }).tags.map((t) => t.key)).toEqual(expect.arrayContaining(["mlflow.artifactLocation", "mlflow.traceName", "t"]));
    expect((await api("PATCH", "/api/2.0/mlflow/traces/0123", { timestamp_ms: 1, status: "OK" })).status).toBe(404);
  });
});

describe("assessments", () => {
  it("create, get, update (FieldMask), override, delete — as log_feedback / update_assessment send them", async () => {
    const id = newTraceId();
    await start({ traceId: id });
    const base = `/api/3.0/mlflow/traces/${id}/assessments`;
    const created = await api("POST", base, { assessment: { assessment_name: "relevance", trace_id: id, source: { source_type: "LLM_JUDGE", source_id: "gpt" }, create_time: "2026-01-01T00:00:00.000Z", last_update_time: "2026-01-01T00:00:00.000Z", feedback: { value: 0.5 }, rationale: "meh", metadata: { k: "v" } } });
    const a = created.body.assessment as Json & { assessment_id: string };
    expect(a).toMatchObject({ assessment_name: "relevance", trace_id: id, source: { source_type: "LLM_JUDGE", source_id: "gpt" }, feedback: { value: 0.5 }, rationale: "meh", valid: true, create_time: "2026-01-01T00:00:00.000Z" });
    expect(a.assessment_id).toMatch(/^a-[0-9a-f]{32}$/);
    const upd = await api("PATCH", `${base}/${a.assessment_id}`, { assessment: { assessment_id: a.assessment_id, trace_id: id, feedback: { value: 0.9 }, rationale: "better", metadata: { k2: "v2" } }, update_mask: "feedback,rationale,metadata" });
    expect(upd.body.assessment).toMatchObject({ feedback: { value: 0.9 }, rationale: "better", metadata: { k: "v", k2: "v2" }, source: { source_type: "LLM_JUDGE" } });
    expect((await api("PATCH", `${base}/${a.assessment_id}`, { assessment: { expectation: { value: 1 } }, update_mask: "expectation" })).status).toBe(400);
    const over = await api("POST", base, { assessment: { assessment_name: "relevance", source: { source_type: "HUMAN", source_id: "me" }, feedback: { value: 1 }, overrides: a.assessment_id } });
    expect((await api("GET", `${base}/${a.assessment_id}`)).body.assessment).toMatchObject({ valid: false });
    const info = infoOf((await api("GET", `/api/3.0/mlflow/traces/${id}`)).body) as unknown as { assessments: Json[] };
    expect(info.assessments.map((x) => x.valid)).toEqual([false, true]);
    const filtered = await api("POST", "/api/3.0/mlflow/traces/search", { locations: [{ type: "MLFLOW_EXPERIMENT", mlflow_experiment: { experiment_id: exp } }], filter: "feedback.relevance = '1'" });
    expect((filtered.body.traces as Json[]).map((t) => t.trace_id)).toEqual([id]);
    await api("DELETE", `${base}/${(over.body.assessment as Json).assessment_id}`, { trace_id: id, assessment_id: (over.body.assessment as Json).assessment_id });
    expect((await api("GET", `${base}/${a.assessment_id}`)).body.assessment).toMatchObject({ valid: true });
    expect((await api("DELETE", `${base}/a-nope`, {})).status).toBe(200); // idempotent
    expect((await api("GET", `${base}/a-nope`)).status).toBe(404);
    expect((await api("POST", base, { assessment: { feedback: { value: 1 } } })).status).toBe(400); // no name
    expect((await api("POST", base, { assessment: { assessment_name: "x" } })).status).toBe(400); // no value
    expect((await api("POST", "/api/3.0/mlflow/traces/tr-nope/assessments", { assessment: { assessment_name: "x", feedback: { value: 1 } } })).status).toBe(404);
  });
});

describe("evaluation datasets and scorers", () => {
  it("create, merge records by inputs, page, tags, experiments, search, delete", async () => {
    const ds = (await api("POST", "/api/3.0/mlflow/datasets/create", { name: "qa", experiment_ids: [exp], tags: '{"team": "ml", "mlflow.user": "ann"}' })).body.dataset as Json & { dataset_id: string };
    expect(ds).toMatchObject({ name: "qa", tags: '{"team": "ml", "mlflow.user": "ann"}', created_by: "ann", experiment_ids: [exp] });
    const id = ds.dataset_id;
    const up1 = await api("POST", `/api/3.0/mlflow/datasets/${id}/records`, { records: '[{"inputs": {"q": "a"}, "expectations": {"e": 1}}, {"inputs": {"q": "b"}, "expectations": {"e": 2.0}}]' });
    expect(up1.body).toEqual({ inserted_count: 2, updated_count: 0 });
    const up2 = await api("POST", `/api/3.0/mlflow/datasets/${id}/records`, { records: '[{"inputs": {"q": "a"}, "expectations": {"f": true}}]' });
    expect(up2.body).toEqual({ inserted_count: 0, updated_count: 1 });
    const got = (await api("GET", `/api/3.0/mlflow/datasets/${id}`)).body.dataset as Json;
    expect(got).toMatchObject({ profile: '{"num_records": 2}', schema: '{"inputs": {"q": "string"}, "outputs": {}, "expectations": {"e": "integer", "f": "boolean"}, "version": "1.0"}' });
    const recs = JSON.parse((await api("GET", `/api/3.0/mlflow/datasets/${id}/records?max_results=1`)).body.records as string);
    expect(recs[0]).toMatchObject({ inputs: { q: "a" }, expectations: { e: 1, f: true } });
    const page1 = await api("GET", `/api/3.0/mlflow/datasets/${id}/records?max_results=1`);
    const page2 = await api("GET", `/api/3.0/mlflow/datasets/${id}/records?max_results=1&page_token=${page1.body.next_page_token}`);
    expect(JSON.parse(page2.body.records as string)[0].inputs).toEqual({ q: "b" });
    expect((await api("PATCH", `/api/3.0/mlflow/datasets/${id}/tags`, { tags: '{"stage": "v2"}' })).body.dataset).toMatchObject({ tags: '{"team": "ml", "mlflow.user": "ann", "stage": "v2"}' });
    expect((await api("DELETE", `/api/3.0/mlflow/datasets/${id}/tags/team`)).status).toBe(200);
    expect((await api("GET", `/api/3.0/mlflow/datasets/${id}/experiment-ids`)).body).toEqual({ experiment_ids: [exp] });
    const found = await api("POST", "/api/3.0/mlflow/datasets/search", { experiment_ids: [exp], filter_string: "name = 'qa'", max_results: 50, order_by: ["created_time DESC"] });
    expect((found.body.datasets as Json[]).map((d) => d.dataset_id)).toContain(id);
    expect((await api("POST", `/api/3.0/mlflow/datasets/${id}/records`, { records: "not json" })).status).toBe(400);
    expect((await api("POST", "/api/3.0/mlflow/datasets/create", { name: "x", experiment_ids: ["999999"] })).status).toBe(404);
    expect((await api("DELETE", `/api/3.0/mlflow/datasets/${id}`)).status).toBe(200);
    expect((await api("GET", `/api/3.0/mlflow/datasets/${id}`)).status).toBe(404);
  });

  it("registers scorer versions, lists the latest, gets, deletes one version or all", async () => {
    const reg = (n: string) => api("POST", "/api/3.0/mlflow/scorers/register", { experiment_id: exp, name: n, serialized_scorer: `{"name": "${n}"}` });
    expect((await reg("judge")).body).toMatchObject({ version: 1, name: "judge", experiment_id: exp });
    expect((await reg("judge")).body.version).toBe(2);
    const list = (await api("GET", `/api/3.0/mlflow/scorers/list?experiment_id=${exp}`)).body.scorers as Json[];
    expect(list.map((s) => [s.scorer_name, s.scorer_version, s.experiment_id])).toEqual([["judge", 2, Number(exp)]]);
    expect((await api("GET", `/api/3.0/mlflow/scorers/get?experiment_id=${exp}&name=judge&version=1`)).body.scorer).toMatchObject({ scorer_version: 1 });
    expect((await api("DELETE", "/api/3.0/mlflow/scorers/delete", { experiment_id: exp, name: "judge", version: 2 })).status).toBe(200);
    expect(((await api("GET", `/api/3.0/mlflow/scorers/versions?experiment_id=${exp}&name=judge`)).body.scorers as Json[]).length).toBe(1);
    expect((await api("DELETE", "/api/3.0/mlflow/scorers/delete", { experiment_id: exp, name: "judge" })).status).toBe(200);
    expect((await api("GET", `/api/3.0/mlflow/scorers/get?experiment_id=${exp}&name=judge`)).body.error_code).toBe("RESOURCE_DOES_NOT_EXIST");
    expect((await api("POST", "/api/3.0/mlflow/scorers/register", { experiment_id: exp, name: "", serialized_scorer: "{}" })).status).toBe(400);
    expect((await api("GET", "/api/3.0/mlflow/scorers/online-configs?scorer_ids=x")).body).toEqual({ configs: [] });
  });
});

describe("endpoints Runboard does not serve", () => {
  it("answer ENDPOINT_NOT_FOUND as JSON", async () => {
    for (const url of ["/api/3.0/mlflow/traces/metrics", "/api/3.0/mlflow/traces/calculate-filter-correlation"]) {
      const r = await api("POST", url, {});
      expect([r.status, r.body.error_code]).toEqual([404, "ENDPOINT_NOT_FOUND"]);
    }
  });
});
