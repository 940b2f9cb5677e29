// The wire of a trace as the MLflow 3 client sends it, for the demo (scripts/demo-traces.mjs)
// and the traces e2e seed: spans as an OTLP/JSON export (/v1/traces; attribute values as OTLP
// AnyValues), then the StartTraceV3 body (POST /api/3.0/mlflow/traces) with the trace info.
import { randomBytes } from "node:crypto";

/** A JSON value as an OTLP AnyValue. */
export function otlpValue(v) {
  if (typeof v === "string") return { stringValue: v };
  if (typeof v === "boolean") return { boolValue: v };
  if (typeof v === "number") return Number.isInteger(v) ? { intValue: String(v) } : { doubleValue: v };
  if (Array.isArray(v)) return { arrayValue: { values: v.map(otlpValue) } };
  if (v && typeof v === "object") return { kvlistValue: { values: Object.entries(v).map(([key, x]) => ({ key, value: otlpValue(x) })) } };
  return { stringValue: "null" };
}

const ns = (ms) => (BigInt(Math.round(ms)) * 1_000_000n).toString();

/**
 * One trace's payloads. `t`: { name?, at (ms), spans: [{ id, parent?, name, type, startMs, endMs,
 * inputs?, outputs?, attrs?, error? }] (the first is the root), experimentId, runId?, prompt?:
 * { name, version }, tokens?: [input, output], state?, tags? }.
 * Returns { traceId, otlp (the /v1/traces body), start (the StartTraceV3 body) }.
 */
export function tracePayloads(t) {
  const hex = randomBytes(16).toString("hex");
  const traceId = `tr-${hex}`;
  const spanId = (n) => n.toString(16).padStart(16, "0");
  const spans = t.spans.map((s) => ({
    traceId: hex,
    spanId: spanId(s.id),
    ...(s.parent ? { parentSpanId: spanId(s.parent) } : {}),
    name: s.name,
    startTimeUnixNano: ns(t.at + s.startMs),
    endTimeUnixNano: ns(t.at + s.endMs),
    status: s.error ? { code: 2, message: s.error } : { code: 1 },
    attributes: [
      { key: "mlflow.traceRequestId", value: otlpValue(traceId) },
      { key: "mlflow.spanType", value: otlpValue(s.type) },
      ...(s.inputs === undefined ? [] : [{ key: "mlflow.spanInputs", value: otlpValue(s.inputs) }]),
      ...(s.outputs === undefined ? [] : [{ key: "mlflow.spanOutputs", value: otlpValue(s.outputs) }]),
      ...Object.entries(s.attrs ?? {}).map(([key, v]) => ({ key, value: otlpValue(v) })),
    ],
    ...(s.error
      ? { events: [{ name: "exception", timeUnixNano: ns(t.at + s.endMs), attributes: [{ key: "exception.message", value: otlpValue(s.error) }, { key: "exception.type", value: otlpValue(s.error.split(":")[0]) }] }] }
      : {}),
  }));
  const root = t.spans[0];
  const metadata = { "mlflow.trace_schema.version": "3", ...(t.runId ? { "mlflow.sourceRun": t.runId } : {}) };
  if (t.tokens) metadata["mlflow.trace.tokenUsage"] = JSON.stringify({ input_tokens: t.tokens[0], output_tokens: t.tokens[1], total_tokens: t.tokens[0] + t.tokens[1] });
  const tags = { "mlflow.traceName": t.name ?? root.name, ...(t.tags ?? {}) };
  if (t.prompt) tags["mlflow.linkedPrompts"] = JSON.stringify([{ name: t.prompt.name, version: String(t.prompt.version) }]);
  const start = {
    trace: {
      trace_info: {
        trace_id: traceId,
        trace_location: { type: "MLFLOW_EXPERIMENT", mlflow_experiment: { experiment_id: t.experimentId } },
        request_time: new Date(t.at).toISOString(),
        execution_duration: `${(root.endMs - root.startMs) / 1000}s`,
        state: t.state ?? (t.spans.some((s) => s.error) ? "ERROR" : "OK"),
        trace_metadata: metadata,
        tags,
        request_preview: JSON.stringify(root.inputs ?? null),
        response_preview: JSON.stringify(root.outputs ?? null),
      },
    },
  };
  return { traceId, otlp: { resourceSpans: [{ scopeSpans: [{ spans }] }] }, start };
}
