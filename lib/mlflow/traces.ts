import "server-only";
import { z } from "zod";
import { keyValue, list, MISSING, num, optBool, optEnum, optInt32, optInt64, optString, PATH, reqId, reqInt64, reqRunId, reqString } from "@/lib/mlflow/wire";
import type { AssessmentInput, AssessmentKind, AssessmentRecord, AssessmentUpdate } from "@/lib/domain/traces/assessments";
import type { TraceInfoRecord, TraceState } from "@/lib/domain/traces/info";
import type { StartTraceInput } from "@/lib/domain/traces/start";

// Wire shapes of the tracing endpoints (docs/mlflow-compatibility.md#traces): TraceInfoV3 with its
// protobuf-JSON Timestamp ("2026-04-29T14:52:55.123Z") and Duration ("0.153s"), the v2 TraceInfo
// with lists of {key, value}, and Assessment.

export const TRACE_STATES = ["STATE_UNSPECIFIED", "OK", "ERROR", "IN_PROGRESS"] as const;
const V2_STATUSES = ["TRACE_STATUS_UNSPECIFIED", "OK", "ERROR", "IN_PROGRESS"] as const;

const badValue = (v: unknown, what: string) => `Invalid value ${JSON.stringify(v)} for parameter '${PATH}' supplied: expected ${what}.`;

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;

/** google.protobuf.Timestamp JSON (RFC 3339) → epoch ms; a number is taken as epoch ms. */
export const timestampMs = () =>
  z.unknown().transform((v, ctx): bigint | undefined => {
    if (v === undefined || v === null || v === "") return undefined;
    if (typeof v === "number" && Number.isSafeInteger(v)) return BigInt(v);
    if (typeof v === "string" && RFC3339.test(v)) {
      const ms = Date.parse(v.replace(/(\.\d{3})\d+/, "$1"));
      if (Number.isFinite(ms)) return BigInt(ms);
    }
    ctx.addIssue({ code: "custom", message: badValue(v, "an RFC 3339 timestamp such as '2026-04-29T14:52:55.123Z'") });
    return z.NEVER;
  })
    // An absent key must parse as undefined; a bare transform makes zod 4 require the key.
    .optional();

/** google.protobuf.Duration JSON ("0.153s") → ms (truncated, as MLflow's ToMilliseconds). */
export const durationMs = () =>
  z.unknown().transform((v, ctx): bigint | undefined => {
    if (v === undefined || v === null || v === "") return undefined;
    const m = typeof v === "string" ? /^(-?)(\d+)(?:\.(\d{1,9}))?s$/.exec(v) : null;
    if (!m) {
      ctx.addIssue({ code: "custom", message: badValue(v, "a duration such as '0.153s'") });
      return z.NEVER;
    }
    const ms = BigInt(m[2]) * 1000n + BigInt((m[3] ?? "").padEnd(3, "0").slice(0, 3) || "0");
    return m[1] ? -ms : ms;
  })
    .optional();

export const toTimestamp = (ms: bigint) => new Date(Number(ms)).toISOString();
export function toDuration(ms: bigint): string {
  const neg = ms < 0n;
  const a = neg ? -ms : ms;
  const s = a / 1000n;
  const frac = a % 1000n;
  return `${neg ? "-" : ""}${s}${frac ? "." + String(frac).padStart(3, "0") : ""}s`;
}

const stringMap = () =>
  z.preprocess((v) => (v === null || v === undefined ? {} : v), z.record(z.string(), z.preprocess((x) => (x === null ? "" : typeof x === "number" || typeof x === "boolean" ? String(x) : x), z.string())));

// ───────────────────────────── assessments ─────────────────────────────

const assessmentSource = z.object({ source_type: optEnum(["SOURCE_TYPE_UNSPECIFIED", "HUMAN", "LLM_JUDGE", "CODE"], { 0: "SOURCE_TYPE_UNSPECIFIED", 1: "HUMAN", 2: "LLM_JUDGE", 3: "CODE" }), source_id: optString() });
const anyObject = z.record(z.string(), z.unknown());

export const assessmentWire = z.object({
  assessment_id: optString(),
  assessment_name: optString(),
  trace_id: optString(),
  span_id: optString(),
  source: assessmentSource.optional(),
  create_time: timestampMs(),
  last_update_time: timestampMs(),
  feedback: anyObject.optional(),
  expectation: anyObject.optional(),
  issue: anyObject.optional(),
  rationale: optString(),
  error: anyObject.optional(),
  metadata: stringMap().optional(),
  overrides: optString(),
  valid: optBool(),
});
type AssessmentWire = z.output<typeof assessmentWire>;

/** JSON as Python's json.dumps writes it (", " and ": "), for serialized expectation values. */
function pyJsonDumps(v: unknown): string {
  if (Array.isArray(v)) return "[" + v.map(pyJsonDumps).join(", ") + "]";
  if (v && typeof v === "object") return "{" + Object.entries(v).map(([k, x]) => JSON.stringify(k) + ": " + pyJsonDumps(x)).join(", ") + "}";
  return JSON.stringify(v) ?? "null";
}

/** MLflow's Expectation.to_proto: an object or list value travels as serialized_value (JSON_FORMAT). */
function normalizeExpectation(e: Record<string, unknown>): Record<string, unknown> {
  const v = e.value;
  if (v !== null && typeof v === "object") return { serialized_value: { serialization_format: "JSON_FORMAT", value: pyJsonDumps(v) } };
  return e;
}

function kindOf(a: AssessmentWire): { kind: AssessmentKind; payload: unknown } | null {
  if (a.feedback) return { kind: "feedback", payload: a.feedback };
  if (a.expectation) return { kind: "expectation", payload: normalizeExpectation(a.expectation) };
  if (a.issue) return { kind: "issue", payload: a.issue };
  return null;
}

export const createAssessmentRequest = z.object({ assessment: assessmentWire });

export function fromMlflowAssessment(a: AssessmentWire, path = "assessment"): AssessmentInput & { assessmentId?: string } {
  const k = kindOf(a);
  if (!a.assessment_name) throw new z.ZodError([{ code: "custom", path: [path, "assessment_name"], message: MISSING, input: undefined }]);
  if (!k) throw new z.ZodError([{ code: "custom", path: [path], message: `An assessment needs one of 'feedback', 'expectation' or 'issue'.`, input: a }]);
  return {
    assessmentId: a.assessment_id,
    name: a.assessment_name,
    spanId: a.span_id ?? null,
    sourceType: a.source?.source_type ?? "SOURCE_TYPE_UNSPECIFIED",
    sourceId: a.source?.source_id ?? null,
    createTime: a.create_time,
    lastUpdateTime: a.last_update_time,
    kind: k.kind,
    payload: k.payload,
    rationale: a.rationale ?? null,
    metadata: a.metadata && Object.keys(a.metadata).length ? a.metadata : null,
    error: a.error,
    overrides: a.overrides ?? null,
    valid: a.valid,
  };
}

export const updateAssessmentRequest = z.object({
  assessment: assessmentWire,
  update_mask: z.union([z.string(), z.object({ paths: z.array(z.string()) })]).optional(),
});

const snake = (s: string) => s.replace(/[A-Z]/g, (c) => "_" + c.toLowerCase());

/** The FieldMask ("assessmentName,feedback,rationale" or {paths}) applied to the sent fields. */
export function fromMlflowAssessmentUpdate(b: z.output<typeof updateAssessmentRequest>): AssessmentUpdate {
  const a = b.assessment;
  const paths = b.update_mask === undefined ? null : (typeof b.update_mask === "string" ? b.update_mask.split(",") : b.update_mask.paths).map((p) => snake(p.trim())).filter(Boolean);
  const has = (f: string) => (paths === null ? true : paths.some((p) => p === f || p.startsWith(f + ".")));
  const out: AssessmentUpdate = {};
  if (has("assessment_name") && a.assessment_name) out.name = a.assessment_name;
  if (has("feedback") && a.feedback) Object.assign(out, { kind: "feedback", payload: a.feedback });
  if (has("expectation") && a.expectation) Object.assign(out, { kind: "expectation", payload: normalizeExpectation(a.expectation) });
  if (has("rationale") && a.rationale !== undefined) out.rationale = a.rationale;
  if (has("metadata") && a.metadata) out.metadata = a.metadata;
  return out;
}

export function toMlflowAssessment(a: AssessmentRecord) {
  const payload = JSON.parse(a.payload) as unknown;
  return {
    assessment_id: a.assessmentId,
    assessment_name: a.name,
    trace_id: a.traceId,
    span_id: a.spanId ?? undefined,
    source: { source_type: a.sourceType, source_id: a.sourceId ?? undefined },
    create_time: toTimestamp(a.createTime),
    last_update_time: toTimestamp(a.lastUpdateTime),
    [a.kind]: payload,
    rationale: a.rationale ?? undefined,
    error: a.error ? JSON.parse(a.error) : undefined,
    metadata: a.metadata ?? undefined,
    overrides: a.overrides ?? undefined,
    valid: a.valid,
  };
}

// ───────────────────────────── TraceInfoV3 ─────────────────────────────

const traceLocation = z.object({
  type: optEnum(["TRACE_LOCATION_TYPE_UNSPECIFIED", "MLFLOW_EXPERIMENT", "INFERENCE_TABLE", "UC_SCHEMA", "UC_TABLE_PREFIX"]),
  mlflow_experiment: z.object({ experiment_id: reqId() }).optional(),
  inference_table: z.unknown().optional(),
});
export type TraceLocationWire = z.output<typeof traceLocation>;

/** The experiment a trace location names; other kinds (Databricks tables) are refused. */
export function experimentOfLocation(l: TraceLocationWire, path: string): string {
  if (!l.mlflow_experiment) {
    throw new z.ZodError([{ code: "custom", path: [path], message: `Only MLFLOW_EXPERIMENT trace locations are supported, got ${l.type ?? "none"}.`, input: l }]);
  }
  return l.mlflow_experiment.experiment_id;
}

const traceInfoV3 = z.object({
  trace_id: reqString(),
  client_request_id: optString(),
  trace_location: traceLocation,
  request_time: timestampMs(),
  execution_duration: durationMs(),
  state: optEnum(TRACE_STATES, { 0: "STATE_UNSPECIFIED", 1: "OK", 2: "ERROR", 3: "IN_PROGRESS" }),
  trace_metadata: stringMap(),
  tags: stringMap(),
  request_preview: optString(),
  response_preview: optString(),
  assessments: list(assessmentWire),
});

export const startTraceV3Request = z.object({ trace: z.object({ trace_info: traceInfoV3, spans: z.array(z.unknown()).optional() }) });

export function fromMlflowStartTraceV3(b: z.output<typeof startTraceV3Request>): StartTraceInput {
  const t = b.trace.trace_info;
  return {
    traceId: t.trace_id,
    experimentId: experimentOfLocation(t.trace_location, "trace.trace_info.trace_location"),
    clientRequestId: t.client_request_id ?? null,
    requestTime: t.request_time ?? BigInt(Date.now()),
    executionDuration: t.execution_duration ?? null,
    state: (t.state ?? "STATE_UNSPECIFIED") as TraceState,
    requestPreview: t.request_preview ?? null,
    responsePreview: t.response_preview ?? null,
    metadata: Object.entries(t.trace_metadata),
    tags: Object.entries(t.tags),
    assessments: t.assessments.map((a, i) => fromMlflowAssessment(a, `trace.trace_info.assessments[${i}]`)),
  };
}

export function toMlflowTraceInfoV3(t: TraceInfoRecord) {
  return {
    trace_id: t.traceId,
    client_request_id: t.clientRequestId ?? undefined,
    trace_location: { type: "MLFLOW_EXPERIMENT", mlflow_experiment: { experiment_id: t.experimentId } },
    request_preview: t.requestPreview ?? undefined,
    response_preview: t.responsePreview ?? undefined,
    request_time: toTimestamp(t.requestTime),
    execution_duration: t.executionDuration === null ? undefined : toDuration(t.executionDuration),
    state: t.state,
    trace_metadata: Object.fromEntries(t.metadata),
    tags: Object.fromEntries(t.tags),
    assessments: t.assessments.length ? t.assessments.map(toMlflowAssessment) : undefined,
  };
}

// ───────────────────────────── v2 ─────────────────────────────

const v2State = (s: TraceState) => (s === "STATE_UNSPECIFIED" ? "TRACE_STATUS_UNSPECIFIED" : s);

export function toMlflowTraceInfoV2(t: TraceInfoRecord) {
  return {
    request_id: t.traceId,
    experiment_id: t.experimentId,
    timestamp_ms: num(t.requestTime),
    execution_time_ms: t.executionDuration === null ? undefined : num(t.executionDuration),
    status: v2State(t.state),
    request_metadata: t.metadata.map(([key, value]) => ({ key, value })),
    tags: t.tags.map(([key, value]) => ({ key, value })),
  };
}

const kvPairs = (l: { key: string; value?: string }[]): [string, string][] => l.map((kv) => [kv.key, kv.value ?? ""]);

export const startTraceV2Request = z.object({
  experiment_id: reqId(),
  timestamp_ms: reqInt64(),
  request_metadata: list(keyValue()),
  tags: list(keyValue()),
});
export const fromMlflowStartTraceV2 = (b: z.output<typeof startTraceV2Request>) => ({
  experimentId: b.experiment_id,
  timestampMs: b.timestamp_ms,
  metadata: kvPairs(b.request_metadata),
  tags: kvPairs(b.tags),
});

export const endTraceV2Request = z.object({
  timestamp_ms: reqInt64(),
  status: optEnum(V2_STATUSES, { 0: "TRACE_STATUS_UNSPECIFIED", 1: "OK", 2: "ERROR", 3: "IN_PROGRESS" }),
  request_metadata: list(keyValue()),
  tags: list(keyValue()),
});
export const fromMlflowEndTraceV2 = (requestId: string, b: z.output<typeof endTraceV2Request>) => ({
  requestId,
  timestampMs: b.timestamp_ms,
  state: (b.status === "TRACE_STATUS_UNSPECIFIED" || !b.status ? "STATE_UNSPECIFIED" : b.status) as TraceState,
  metadata: kvPairs(b.request_metadata),
  tags: kvPairs(b.tags),
});

// ───────────────────────────── search, tags, delete, links ─────────────────────────────

export const searchTracesV3Request = z.object({
  locations: list(traceLocation),
  experiment_ids: list(reqId()),
  filter: optString(),
  max_results: optInt32(),
  order_by: list(z.string()),
  page_token: optString(),
});
export const searchTracesV2Request = z.object({
  experiment_ids: list(reqId()),
  filter: optString(),
  max_results: optInt32(),
  order_by: list(z.string()),
  page_token: optString(),
});

export const traceIdQuery = z.object({ trace_id: optString(), request_id: optString() });
export const getTraceRequest = z.object({ trace_id: reqString(), allow_partial: optBool() });
export const traceIdsQuery = z.object({ trace_ids: list(reqString()) });

export const setTraceTagRequest = z.object({ key: reqString(), value: z.preprocess((v) => (v === null || v === undefined ? "" : v), z.string()) });
export const deleteTraceTagRequest = z.object({ key: reqString() });

export const deleteTracesRequest = z.object({
  experiment_id: reqId(),
  max_timestamp_millis: optInt64(),
  max_traces: optInt32(),
  request_ids: list(reqString()),
  trace_ids: list(reqString()),
});

export const linkTracesToRunRequest = z.object({ trace_ids: list(reqString()), run_id: reqRunId() });
export const linkPromptsRequest = z.object({
  trace_id: reqString(),
  prompt_versions: list(z.object({ name: reqString(), version: reqId() })),
});

export { num };
