// OTLP/HTTP trace export bodies (docs/mlflow-compatibility.md#otlp): `ExportTraceServiceRequest` as protobuf
// (application/x-protobuf) or as OTLP JSON (application/json: lowerCamelCase fields, hex ids),
// decoded with protobufjs from the official OTLP .proto definitions, then turned into span rows
// the way MLflow's Span.from_otel_proto does: every attribute value JSON-encoded as Python would
// (json.dumps), mlflow.traceRequestId first, event attributes kept as values.
import protobuf from "protobufjs";
import { ATTR } from "./keys";
import { base64ToHex, hexToBase64, mlflowTraceId } from "./ids";
import { OTLP_TRACE_PROTOS } from "./otlp-proto";
import { pyDumps, type PyObject, type PyValue } from "./py-json";
import { packAttributes, SpanFormatError, type ParsedSpan, type SpanStatusCode } from "./span-codec";

let requestType: protobuf.Type | undefined;
let responseType: protobuf.Type | undefined;

function types(): { request: protobuf.Type; response: protobuf.Type } {
  if (!requestType || !responseType) {
    const root = new protobuf.Root();
    for (const [, source] of OTLP_TRACE_PROTOS) protobuf.parse(source, root);
    root.resolveAll();
    requestType = root.lookupType("opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest");
    responseType = root.lookupType("opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse");
  }
  return { request: requestType, response: responseType };
}

/** The (empty) ExportTraceServiceResponse, protobuf-encoded. */
export function encodeExportResponse(): Uint8Array {
  const { response } = types();
  return response.encode(response.create({})).finish();
}

interface OtlpAnyValue {
  value?: string;
  stringValue?: string;
  boolValue?: boolean;
  intValue?: string;
  doubleValue?: number;
  arrayValue?: { values?: OtlpAnyValue[] };
  kvlistValue?: { values?: OtlpKeyValue[] };
  bytesValue?: string;
}
interface OtlpKeyValue {
  key?: string;
  value?: OtlpAnyValue;
}
interface OtlpSpan {
  traceId?: string;
  spanId?: string;
  parentSpanId?: string;
  name?: string;
  startTimeUnixNano?: string;
  endTimeUnixNano?: string;
  attributes?: OtlpKeyValue[];
  events?: { timeUnixNano?: string; name?: string; attributes?: OtlpKeyValue[] }[];
  status?: { code?: number; message?: string };
}
interface OtlpRequest {
  resourceSpans?: { scopeSpans?: { spans?: OtlpSpan[] }[] }[];
}

const TO_OBJECT: protobuf.IConversionOptions = { longs: String, enums: Number, bytes: String, defaults: false, oneofs: false, arrays: true };

/** Python's repr of a bytes value ("b'..'"), which is what json.dumps falls back to for bytes. */
function pyBytesRepr(b: Buffer): string {
  let s = "";
  for (const c of b) {
    if (c === 0x5c) s += "\\\\";
    else if (c === 0x27) s += "\\'";
    else if (c === 0x0a) s += "\\n";
    else if (c === 0x0d) s += "\\r";
    else if (c === 0x09) s += "\\t";
    else if (c >= 0x20 && c < 0x7f) s += String.fromCharCode(c);
    else s += "\\x" + c.toString(16).padStart(2, "0");
  }
  return `b'${s}'`;
}

/** AnyValue → the Python value MLflow's _decode_otel_proto_anyvalue returns. */
export function fromAnyValue(v: OtlpAnyValue | undefined): PyValue {
  if (!v) return null;
  if (v.stringValue !== undefined) return v.stringValue;
  if (v.boolValue !== undefined) return v.boolValue;
  if (v.intValue !== undefined) return BigInt(v.intValue);
  if (v.doubleValue !== undefined) return Number(v.doubleValue);
  if (v.arrayValue !== undefined) return (v.arrayValue.values ?? []).map(fromAnyValue);
  if (v.kvlistValue !== undefined) return kvMap(v.kvlistValue.values);
  if (v.bytesValue !== undefined) return pyBytesRepr(Buffer.from(v.bytesValue, "base64"));
  return null;
}

function kvMap(kvs: OtlpKeyValue[] | undefined): PyObject {
  const m: PyObject = new Map();
  for (const kv of kvs ?? []) m.set(kv.key ?? "", fromAnyValue(kv.value));
  return m;
}

const STATUS: Record<number, SpanStatusCode> = { 0: "UNSET", 1: "OK", 2: "ERROR" };

function toParsedSpan(s: OtlpSpan, ordinal: number): ParsedSpan {
  const traceHex = s.traceId ? base64ToHex(s.traceId) : null;
  const spanHex = s.spanId ? base64ToHex(s.spanId) : null;
  if (!traceHex || traceHex.length !== 32 || /^0+$/.test(traceHex)) throw new SpanFormatError("span trace_id must be 16 non-zero bytes");
  if (!spanHex || spanHex.length !== 16) throw new SpanFormatError("span span_id must be 8 bytes");
  const parentHex = s.parentSpanId ? base64ToHex(s.parentSpanId) : null;
  if (parentHex !== null && parentHex !== "" && parentHex.length !== 16) throw new SpanFormatError("span parent_span_id must be 8 bytes");
  const decoded = kvMap(s.attributes);
  const requestIdAttr = decoded.get(ATTR.requestId);
  const requestId = typeof requestIdAttr === "string" && requestIdAttr ? requestIdAttr : mlflowTraceId(traceHex);
  // Span.from_otel_proto: {REQUEST_ID: dumps(trace id), **{k: dumps(decoded)}} — same key order.
  const attrs: PyObject = new Map([[ATTR.requestId, pyDumps(requestId)]]);
  for (const [k, v] of decoded) attrs.set(k, pyDumps(v));
  const packed = packAttributes(attrs);
  const events: PyValue[] = (s.events ?? []).map(
    (e) =>
      new Map<string, PyValue>([
        ["name", e.name ?? ""],
        ["time_unix_nano", BigInt(e.timeUnixNano ?? "0")],
        ["attributes", kvMap(e.attributes)],
      ]),
  );
  const end = s.endTimeUnixNano && s.endTimeUnixNano !== "0" ? BigInt(s.endTimeUnixNano) : null;
  return {
    requestId,
    otelTraceId: traceHex,
    spanId: spanHex,
    parentSpanId: parentHex || null,
    ordinal,
    name: s.name ?? "",
    spanType: packed.spanType,
    status: STATUS[s.status?.code ?? 0] ?? "UNSET",
    statusMessage: s.status?.message ?? "",
    startTimeNs: BigInt(s.startTimeUnixNano ?? "0"),
    endTimeNs: end,
    attributes: packed.attributes,
    inputs: packed.inputs,
    outputs: packed.outputs,
    events: pyDumps(events),
  };
}

function spansOf(req: OtlpRequest): ParsedSpan[] {
  const out: ParsedSpan[] = [];
  for (const rs of req.resourceSpans ?? []) for (const ss of rs.scopeSpans ?? []) for (const s of ss.spans ?? []) out.push(toParsedSpan(s, out.length));
  return out;
}

/** Decodes a protobuf ExportTraceServiceRequest. Throws SpanFormatError on a malformed body. */
export function decodeOtlpProtobuf(body: Uint8Array): ParsedSpan[] {
  const { request } = types();
  let msg: protobuf.Message;
  try {
    msg = request.decode(body);
  } catch (e) {
    throw new SpanFormatError(`Invalid OpenTelemetry protobuf payload: ${(e as Error).message}`);
  }
  return spansOf(request.toObject(msg, TO_OBJECT) as OtlpRequest);
}

const HEX_ID_FIELDS = ["traceId", "spanId", "parentSpanId"] as const;

/** OTLP JSON uses hex ids where the protobuf JSON mapping has base64: convert before fromObject. */
function hexIdsToBase64(spanLike: Record<string, unknown>): void {
  for (const f of HEX_ID_FIELDS) {
    const v = spanLike[f];
    if (typeof v === "string" && /^[0-9a-fA-F]*$/.test(v) && v.length % 2 === 0) spanLike[f] = hexToBase64(v);
  }
}

/** Decodes an OTLP JSON ExportTraceServiceRequest. Throws SpanFormatError on a malformed body. */
export function decodeOtlpJson(text: string): ParsedSpan[] {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new SpanFormatError("Invalid OpenTelemetry JSON payload: malformed JSON");
  }
  if (typeof json !== "object" || json === null || Array.isArray(json)) throw new SpanFormatError("Invalid OpenTelemetry JSON payload: expected an object");
  for (const rs of ((json as OtlpRequest).resourceSpans ?? []) as { scopeSpans?: { spans?: Record<string, unknown>[] }[] }[]) {
    for (const ss of rs?.scopeSpans ?? []) {
      for (const s of ss?.spans ?? []) {
        if (typeof s !== "object" || s === null) continue;
        hexIdsToBase64(s);
        for (const l of (s.links as Record<string, unknown>[] | undefined) ?? []) if (l && typeof l === "object") hexIdsToBase64(l);
      }
    }
  }
  const { request } = types();
  let msg: protobuf.Message;
  try {
    msg = request.fromObject(json as Record<string, unknown>);
  } catch (e) {
    throw new SpanFormatError(`Invalid OpenTelemetry JSON payload: ${(e as Error).message}`);
  }
  return spansOf(request.toObject(msg, TO_OBJECT) as OtlpRequest);
}
