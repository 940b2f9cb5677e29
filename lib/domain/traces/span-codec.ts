// Spans between their three shapes (docs/mlflow-compatibility.md#traces): the `traces.json` span dicts the client
// uploads (Span.to_dict), the rows Runboard stores, and the OTel span JSON GetTrace answers
// with. Pure module: parsing, rendering, no database.
//
// A row keeps the client's attribute object as Python-JSON text in its order, with
// mlflow.spanInputs / mlflow.spanOutputs replaced by null placeholders (their values are
// columns of their own); rendering puts them back, so a traces.json written from rows is
// byte-identical to the one uploaded whenever the upload came from the Python client.
import { ATTR } from "./keys";
import { base64ToHex, hexToBase64, mlflowTraceId, otelTraceHex, spanIdHex } from "./ids";
import { pyDumps, pyLoads, pyString, tryPyLoads, type PyObject, type PyValue } from "./py-json";

export type SpanStatusCode = "UNSET" | "OK" | "ERROR";

/** One span as stored (the columns of `spans`, minus experiment_id). */
export interface SpanRow {
  traceId: string;
  spanId: string;
  parentSpanId: string | null;
  ordinal: number;
  name: string;
  spanType: string | null;
  status: SpanStatusCode;
  statusMessage: string;
  startTimeNs: bigint;
  endTimeNs: bigint | null;
  /** Python-JSON text of the attribute object (inputs/outputs as null placeholders). */
  attributes: string;
  inputs: string | null;
  outputs: string | null;
  /** Python-JSON text of the events list: [{name, time_unix_nano, attributes}]. */
  events: string;
}

export class SpanFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SpanFormatError";
  }
}

const OTEL_STATUS: Record<string, SpanStatusCode> = {
  STATUS_CODE_UNSET: "UNSET",
  STATUS_CODE_OK: "OK",
  STATUS_CODE_ERROR: "ERROR",
  UNSET: "UNSET",
  OK: "OK",
  ERROR: "ERROR",
};
const STATUS_NAME: Record<SpanStatusCode, string> = { UNSET: "STATUS_CODE_UNSET", OK: "STATUS_CODE_OK", ERROR: "STATUS_CODE_ERROR" };

const placeholder = (key: string) => `${pyString(key)}: null`;

/** Decoded attribute value (attributes hold JSON-encoded strings; anything else is as is). */
export function attributeValue(raw: PyValue | undefined): PyValue | undefined {
  if (typeof raw !== "string") return raw;
  const v = tryPyLoads(raw);
  return v === undefined ? raw : v;
}

/** Splits the attribute object into the stored form: placeholders + inputs/outputs columns. */
export function packAttributes(attrs: PyObject): { attributes: string; inputs: string | null; outputs: string | null; spanType: string | null } {
  const copy: PyObject = new Map(attrs);
  let inputs: string | null = null;
  let outputs: string | null = null;
  const i = copy.get(ATTR.inputs);
  if (typeof i === "string") {
    inputs = i;
    copy.set(ATTR.inputs, null);
  }
  const o = copy.get(ATTR.outputs);
  if (typeof o === "string") {
    outputs = o;
    copy.set(ATTR.outputs, null);
  }
  const t = attributeValue(copy.get(ATTR.spanType));
  return { attributes: pyDumps(copy), inputs, outputs, spanType: typeof t === "string" ? t : null };
}

/** The attribute object text with inputs/outputs back in place. */
export function unpackAttributesText(row: Pick<SpanRow, "attributes" | "inputs" | "outputs">): string {
  let text = row.attributes;
  if (row.inputs !== null) text = text.replace(placeholder(ATTR.inputs), `${pyString(ATTR.inputs)}: ${pyString(row.inputs)}`);
  if (row.outputs !== null) text = text.replace(placeholder(ATTR.outputs), `${pyString(ATTR.outputs)}: ${pyString(row.outputs)}`);
  return text;
}

/** The attribute object with inputs/outputs back in place. */
export function unpackAttributes(row: Pick<SpanRow, "attributes" | "inputs" | "outputs">): PyObject {
  const v = pyLoads(row.attributes);
  if (!(v instanceof Map)) throw new SpanFormatError("stored span attributes are not an object");
  if (row.inputs !== null) v.set(ATTR.inputs, row.inputs);
  if (row.outputs !== null) v.set(ATTR.outputs, row.outputs);
  return v;
}

// ───────────────────────────── traces.json ─────────────────────────────

const get = (o: PyObject, k: string) => o.get(k);
const asString = (v: PyValue | undefined, what: string): string => {
  if (typeof v !== "string") throw new SpanFormatError(`span field '${what}' must be a string`);
  return v;
};
const asNs = (v: PyValue | undefined, what: string, optional = false): bigint | null => {
  if (v === null || v === undefined) {
    if (optional) return null;
    throw new SpanFormatError(`span field '${what}' is required`);
  }
  if (typeof v === "bigint") return v;
  if (typeof v === "number" && Number.isInteger(v)) return BigInt(v);
  if (typeof v === "string" && /^\d+$/.test(v)) return BigInt(v);
  throw new SpanFormatError(`span field '${what}' must be an integer (nanoseconds)`);
};

export interface ParsedSpan extends Omit<SpanRow, "traceId"> {
  /** The trace the span names in mlflow.traceRequestId (required by the client's parser). */
  requestId: string | null;
  /** OTel trace id (hex) from the span dict. */
  otelTraceId: string | null;
}

/** One span dict of traces.json (v3 `Span.to_dict`, or the older v2 dict with `context`). */
export function parseSpanDict(d: PyValue, ordinal: number): ParsedSpan {
  if (!(d instanceof Map)) throw new SpanFormatError("each span must be an object");
  const attrsRaw = get(d, "attributes") ?? new Map();
  if (!(attrsRaw instanceof Map)) throw new SpanFormatError("span field 'attributes' must be an object");
  const rid = attributeValue(attrsRaw.get(ATTR.requestId));
  const v2 = d.get("context") instanceof Map;
  let otelTraceId: string | null;
  let spanId: string | null;
  let parent: string | null;
  let start: bigint | null;
  let end: bigint | null;
  let status: SpanStatusCode;
  let statusMessage: string;
  let events: PyValue[];
  if (v2) {
    const ctx = d.get("context") as PyObject;
    otelTraceId = String(ctx.get("trace_id") ?? "").replace(/^0x/, "").toLowerCase() || null;
    spanId = spanIdHex(String(ctx.get("span_id") ?? "").replace(/^0x/, ""));
    const p = d.get("parent_id");
    parent = typeof p === "string" && p ? spanIdHex(p.replace(/^0x/, "")) : null;
    start = asNs(d.get("start_time"), "start_time");
    end = asNs(d.get("end_time"), "end_time", true);
    status = OTEL_STATUS[String(d.get("status_code") ?? "UNSET")] ?? "UNSET";
    statusMessage = typeof d.get("status_message") === "string" ? (d.get("status_message") as string) : "";
    const ev = d.get("events");
    events = Array.isArray(ev)
      ? ev.map((e) => (e instanceof Map ? new Map<string, PyValue>([["name", e.get("name") ?? ""], ["time_unix_nano", e.get("timestamp") ?? 0n], ["attributes", e.get("attributes") ?? new Map()]]) : e))
      : [];
  } else {
    const t = get(d, "trace_id");
    otelTraceId = typeof t === "string" ? base64ToHex(t) : null;
    spanId = spanIdHex(asString(get(d, "span_id"), "span_id"));
    const p = get(d, "parent_span_id");
    parent = typeof p === "string" && p ? spanIdHex(p) : null;
    if (typeof p === "string" && p && !parent) throw new SpanFormatError("span field 'parent_span_id' is not a span id");
    start = asNs(get(d, "start_time_unix_nano"), "start_time_unix_nano");
    end = asNs(get(d, "end_time_unix_nano"), "end_time_unix_nano", true);
    const st = get(d, "status");
    const code = st instanceof Map ? st.get("code") : undefined;
    status = OTEL_STATUS[typeof code === "string" ? code : "UNSET"] ?? "UNSET";
    const msg = st instanceof Map ? st.get("message") : undefined;
    statusMessage = typeof msg === "string" ? msg : "";
    const ev = get(d, "events");
    events = Array.isArray(ev) ? ev : [];
  }
  if (!spanId) throw new SpanFormatError("span field 'span_id' is not an 8-byte id");
  const name = asString(get(d, "name"), "name");
  const packed = packAttributes(attrsRaw);
  return {
    requestId: typeof rid === "string" ? rid : null,
    otelTraceId,
    spanId,
    parentSpanId: parent,
    ordinal,
    name,
    spanType: packed.spanType,
    status,
    statusMessage,
    startTimeNs: start!,
    endTimeNs: end,
    attributes: packed.attributes,
    inputs: packed.inputs,
    outputs: packed.outputs,
    events: pyDumps(events),
  };
}

/** The `{"spans": [...]}` document → spans. Throws SpanFormatError / PyJsonError. */
export function parseTracesJson(text: string): ParsedSpan[] {
  const doc = pyLoads(text);
  if (!(doc instanceof Map)) throw new SpanFormatError("traces.json must be a JSON object");
  const spans = doc.get("spans");
  if (!Array.isArray(spans)) throw new SpanFormatError("traces.json must have a 'spans' list");
  return spans.map((s, i) => parseSpanDict(s, i));
}

/** One span as the client's Span.to_dict() prints it (json.dumps, ensure_ascii=False). */
export function renderSpanDict(row: SpanRow): string {
  const hex = otelTraceHex(row.traceId) ?? "0".repeat(32);
  return (
    `{"trace_id": ${pyString(hexToBase64(hex))}, "span_id": ${pyString(hexToBase64(row.spanId))}, ` +
    `"parent_span_id": ${row.parentSpanId ? pyString(hexToBase64(row.parentSpanId)) : "null"}, ` +
    `"name": ${pyString(row.name)}, "start_time_unix_nano": ${row.startTimeNs}, ` +
    `"end_time_unix_nano": ${row.endTimeNs === null ? "null" : row.endTimeNs}, "events": ${row.events}, ` +
    `"status": {"code": ${pyString(STATUS_NAME[row.status])}, "message": ${pyString(row.statusMessage)}}, ` +
    `"attributes": ${unpackAttributesText(row)}}`
  );
}

/** traces.json from rows, in upload order. */
export function renderTracesJson(rows: readonly SpanRow[]): string {
  return `{"spans": [${rows.map(renderSpanDict).join(", ")}]}`;
}

// ───────────────────────────── OTel span JSON (GetTrace / BatchGetTraces) ─────────────────────────────

type AnyValueJson = Record<string, unknown>;

/** A Python value as the protobuf-JSON of an OTel AnyValue (what _set_otel_proto_anyvalue builds). */
export function toAnyValue(v: PyValue): AnyValueJson {
  if (v === null) return {};
  if (typeof v === "boolean") return { bool_value: v };
  if (typeof v === "string") return { string_value: v };
  if (typeof v === "bigint") {
    // Beyond int64 the client could not have sent it as an int; keep the digits as a string.
    return v >= -(2n ** 63n) && v < 2n ** 63n ? { int_value: v.toString() } : { string_value: v.toString() };
  }
  if (typeof v === "number") return { double_value: Number.isFinite(v) ? v : Number.isNaN(v) ? "NaN" : v > 0 ? "Infinity" : "-Infinity" };
  if (Array.isArray(v)) return { array_value: { values: v.map(toAnyValue) } };
  return { kvlist_value: { values: [...v].map(([key, x]) => ({ key, value: toAnyValue(x) })) } };
}

/** OTel span JSON (snake_case protobuf JSON) of a stored span. */
export function renderOtelSpan(row: SpanRow): Record<string, unknown> {
  const hex = otelTraceHex(row.traceId) ?? "0".repeat(32);
  const attrs = unpackAttributes(row);
  const events = pyLoads(row.events);
  const out: Record<string, unknown> = {
    trace_id: hexToBase64(hex),
    span_id: hexToBase64(row.spanId),
  };
  if (row.parentSpanId) out.parent_span_id = hexToBase64(row.parentSpanId);
  out.name = row.name;
  out.start_time_unix_nano = row.startTimeNs.toString();
  if (row.endTimeNs !== null) out.end_time_unix_nano = row.endTimeNs.toString();
  out.attributes = [...attrs].map(([key, raw]) => ({ key, value: toAnyValue(attributeValue(raw) ?? null) }));
  out.events = (Array.isArray(events) ? events : []).flatMap((e) => {
    if (!(e instanceof Map)) return [];
    const ea = e.get("attributes");
    return [
      {
        time_unix_nano: String(e.get("time_unix_nano") ?? "0"),
        name: typeof e.get("name") === "string" ? e.get("name") : "",
        attributes: ea instanceof Map ? [...ea].map(([key, x]) => ({ key, value: toAnyValue(x) })) : [],
      },
    ];
  });
  out.status = row.statusMessage ? { code: STATUS_NAME[row.status], message: row.statusMessage } : { code: STATUS_NAME[row.status] };
  return out;
}

/** The trace a parsed span belongs to: its mlflow.traceRequestId, else tr-<otel trace id>. */
export function spanTraceId(s: Pick<ParsedSpan, "requestId" | "otelTraceId">): string | null {
  return s.requestId ?? (s.otelTraceId ? mlflowTraceId(s.otelTraceId) : null);
}
