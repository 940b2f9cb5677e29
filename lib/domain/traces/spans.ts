import "server-only";
import { db, Prisma, type Tx } from "@/lib/db";
import { requireExperiment, requireTrace, requireTraces } from "@/lib/domain/auth/authorize";
import { assertExperimentActive, getExperimentOrThrow } from "@/lib/domain/experiments";
import { inTransaction } from "@/lib/domain/tx";
import { invalidParam } from "@/lib/errors";
import { traceNotFound } from "./info";
import { ATTR, META, PREVIEW_MAX_LENGTH, SPANS_IN_TRACKING_STORE, TAG, traceArtifactLocation } from "./keys";
import { tryPyLoads, type PyValue } from "./py-json";
import { attributeValue, parseTracesJson, renderTracesJson, SpanFormatError, spanTraceId, unpackAttributes, type ParsedSpan, type SpanRow } from "./span-codec";

// Span ingest, as one transaction with a constant number of statements however many spans
// arrive (a 1,000-span trace is the same ~6 statements as a 1-span one):
// - OTLP (`POST /v1/traces`): spans of any number of traces; a trace that does not exist yet is
//   created in the header's experiment, its times/state/previews/token usage derived from the
//   spans until StartTraceV3 finalizes it (MLflow's log_spans rules).
// - traces.json uploaded to the trace's artifact location: the spans of one trace, stored as
//   rows; the file is served back from the rows, byte-identical (or kept verbatim when the rows
//   cannot reproduce it).

export const MAX_SPANS_PER_REQUEST = 10_000;

interface SpanRecordset {
  trace_id: string;
  span_id: string;
  parent_span_id: string | null;
  ordinal: number;
  name: string;
  span_type: string | null;
  status: string;
  status_message: string;
  start_time_ns: string;
  end_time_ns: string | null;
  attributes: string;
  inputs: string | null;
  outputs: string | null;
  events: string;
  input_tokens: string | null;
  output_tokens: string | null;
  total_tokens: string | null;
}

/** The span's mlflow.chat.tokenUsage counts (absent or malformed: nulls). */
function spanTokens(s: Pick<ParsedSpan, "attributes">): { i: string | null; o: string | null; t: string | null } {
  if (!s.attributes.includes(ATTR.chatUsage)) return { i: null, o: null, t: null };
  const u = attributeValue(unpackAttributes({ attributes: s.attributes, inputs: null, outputs: null }).get(ATTR.chatUsage));
  const n = (k: string) => {
    const x = u instanceof Map ? u.get(k) : undefined;
    return typeof x === "bigint" ? x.toString() : typeof x === "number" && Number.isFinite(x) ? String(Math.trunc(x)) : null;
  };
  const i = n("input_tokens");
  const o = n("output_tokens");
  return { i, o, t: n("total_tokens") ?? (i !== null || o !== null ? String(BigInt(i ?? 0) + BigInt(o ?? 0)) : null) };
}

const toRecordset = (traceId: string, s: Omit<SpanRow, "traceId">): SpanRecordset => ({
  trace_id: traceId,
  span_id: s.spanId,
  parent_span_id: s.parentSpanId,
  ordinal: s.ordinal,
  name: s.name,
  span_type: s.spanType,
  status: s.status,
  status_message: s.statusMessage,
  start_time_ns: s.startTimeNs.toString(),
  end_time_ns: s.endTimeNs === null ? null : s.endTimeNs.toString(),
  attributes: s.attributes,
  inputs: s.inputs,
  outputs: s.outputs,
  events: s.events,
  ...(({ i, o, t }) => ({ input_tokens: i, output_tokens: o, total_tokens: t }))(spanTokens(s)),
});

/** One INSERT … ON CONFLICT for all spans (duplicates in the batch: the last one wins). */
async function upsertSpans(tx: Tx, rows: SpanRecordset[], onConflict: "update" | "ignore", keepOrdinal = false): Promise<void> {
  if (!rows.length) return;
  const dedup = [...new Map(rows.map((r) => [`${r.trace_id}/${r.span_id}`, r])).values()];
  const conflict =
    onConflict === "ignore"
      ? Prisma.sql`DO NOTHING`
      : Prisma.sql`DO UPDATE SET parent_span_id = EXCLUDED.parent_span_id, ordinal = ${keepOrdinal ? Prisma.sql`spans.ordinal` : Prisma.sql`EXCLUDED.ordinal`}, name = EXCLUDED.name,
          span_type = EXCLUDED.span_type, status = EXCLUDED.status, status_message = EXCLUDED.status_message,
          start_time_ns = EXCLUDED.start_time_ns, end_time_ns = EXCLUDED.end_time_ns, attributes = EXCLUDED.attributes,
          inputs = EXCLUDED.inputs, outputs = EXCLUDED.outputs, events = EXCLUDED.events,
          input_tokens = EXCLUDED.input_tokens, output_tokens = EXCLUDED.output_tokens, total_tokens = EXCLUDED.total_tokens`;
  await tx.$executeRaw(Prisma.sql`
    INSERT INTO spans (trace_id, span_id, experiment_id, parent_span_id, ordinal, name, span_type, status, status_message,
                       start_time_ns, end_time_ns, attributes, inputs, outputs, events, input_tokens, output_tokens, total_tokens)
    SELECT r.trace_id, r.span_id, t.experiment_id, r.parent_span_id, r.ordinal, r.name, r.span_type, r.status::span_status, r.status_message,
           r.start_time_ns::bigint, r.end_time_ns::bigint, r.attributes::json, r.inputs, r.outputs, r.events::json,
           r.input_tokens::bigint, r.output_tokens::bigint, r.total_tokens::bigint
    FROM json_to_recordset(${JSON.stringify(dedup)}::json) AS r(trace_id text, span_id text, parent_span_id text, ordinal int, name text,
         span_type text, status text, status_message text, start_time_ns text, end_time_ns text, attributes text, inputs text, outputs text, events text,
         input_tokens text, output_tokens text, total_tokens text)
    JOIN traces t ON t.id = r.trace_id
    ON CONFLICT (trace_id, span_id) ${conflict}`);
}

// ───────────────────────────── previews ─────────────────────────────

function textOfContent(content: PyValue | undefined): string | null {
  if (typeof content === "string") return content;
  if (Array.isArray(content)) {
    const parts = content.flatMap((p) => (p instanceof Map && typeof p.get("text") === "string" ? [p.get("text") as string] : typeof p === "string" ? [p] : []));
    return parts.length ? parts.join("") : null;
  }
  return null;
}

function messagesOf(v: PyValue): PyValue[] | null {
  if (Array.isArray(v) && v.length && v.every((m) => m instanceof Map && typeof m.get("role") === "string")) return v;
  if (v instanceof Map) {
    const msgs = v.get("messages");
    if (msgs !== undefined) return messagesOf(msgs);
    const choices = v.get("choices");
    if (Array.isArray(choices)) {
      const ms = choices.flatMap((c) => (c instanceof Map && c.get("message") instanceof Map ? [c.get("message") as PyValue] : []));
      if (ms.length) return messagesOf(ms);
    }
  }
  return null;
}

/** MLflow's _get_truncated_preview: the last `role` message's text when chat-shaped, else the JSON. */
export function truncatedPreview(json: string | null, role: "user" | "assistant"): string | null {
  if (json === null) return null;
  const v = tryPyLoads(json);
  let content: string | null = null;
  if (v !== undefined) {
    const msgs = messagesOf(v);
    if (msgs) {
      const last = [...msgs].reverse().find((m) => m instanceof Map && m.get("role") === role) as Map<string, PyValue> | undefined;
      content = last ? textOfContent(last.get("content")) : null;
    }
  }
  const text = content || json;
  return text.length <= PREVIEW_MAX_LENGTH ? text : text.slice(0, PREVIEW_MAX_LENGTH - 3) + "...";
}

// ───────────────────────────── OTLP ─────────────────────────────

interface TraceAggregate {
  id: string;
  min_start_ms: string;
  max_end_ms: string | null;
  root_state: string | null;
  root_name: string | null;
  request_preview: string | null;
  response_preview: string | null;
}

function aggregate(traceId: string, spans: ParsedSpan[]): TraceAggregate & { session: string | null; user: string | null } {
  let minStart: bigint | null = null;
  let maxEnd: bigint | null = null;
  let root: ParsedSpan | undefined;
  let session: string | null = null;
  let user: string | null = null;
  for (const s of spans) {
    if (minStart === null || s.startTimeNs < minStart) minStart = s.startTimeNs;
    if (s.endTimeNs !== null && (maxEnd === null || s.endTimeNs > maxEnd)) maxEnd = s.endTimeNs;
    if (s.parentSpanId === null) root = s;
    if (session === null || user === null) {
      const attrs = unpackAttributes({ ...s });
      const sid = attributeValue(attrs.get(ATTR.sessionId));
      const uid = attributeValue(attrs.get(ATTR.userId));
      if (session === null && typeof sid === "string" && sid) session = sid;
      if (user === null && typeof uid === "string" && uid) user = uid;
    }
  }
  return {
    id: traceId,
    min_start_ms: ((minStart ?? 0n) / 1_000_000n).toString(),
    max_end_ms: maxEnd === null ? null : (maxEnd / 1_000_000n).toString(),
    root_state: root ? (root.status === "ERROR" ? "ERROR" : "OK") : null,
    root_name: root?.name ?? null,
    request_preview: root ? truncatedPreview(root.inputs, "user") : null,
    response_preview: root ? truncatedPreview(root.outputs, "assistant") : null,
    session,
    user,
  };
}

const FINALIZED = Prisma.sql`EXISTS (SELECT 1 FROM trace_metadata fm WHERE fm.trace_id = traces.id AND fm.key = ${META.infoFinalized})`;

/**
 * Recomputes token usage from the spans' mlflow.chat.tokenUsage for traces StartTraceV3 has not
 * finalized (its value is authoritative): trace columns and the mlflow.trace.tokenUsage metadata.
 */
async function refreshTokenUsage(tx: Tx, traceIds: string[]): Promise<void> {
  const agg = Prisma.sql`
    SELECT s.trace_id, SUM(s.input_tokens)::bigint AS i, SUM(s.output_tokens)::bigint AS o, SUM(s.total_tokens)::bigint AS t
    FROM spans s
    WHERE s.trace_id = ANY(${traceIds}::text[]) AND (s.input_tokens IS NOT NULL OR s.output_tokens IS NOT NULL OR s.total_tokens IS NOT NULL)
      AND NOT EXISTS (SELECT 1 FROM trace_metadata fm WHERE fm.trace_id = s.trace_id AND fm.key = ${META.infoFinalized})
    GROUP BY s.trace_id`;
  await tx.$executeRaw(Prisma.sql`
    WITH agg AS (${agg}),
    upd AS (UPDATE traces SET input_tokens = agg.i, output_tokens = agg.o, total_tokens = COALESCE(agg.t, COALESCE(agg.i, 0) + COALESCE(agg.o, 0))
            FROM agg WHERE traces.id = agg.trace_id RETURNING traces.id)
    INSERT INTO trace_metadata (trace_id, key, value)
    SELECT agg.trace_id, ${META.tokenUsage},
           format('{"input_tokens": %s, "output_tokens": %s, "total_tokens": %s}', COALESCE(agg.i, 0), COALESCE(agg.o, 0),
                  COALESCE(agg.t, COALESCE(agg.i, 0) + COALESCE(agg.o, 0)))
    FROM agg
    ON CONFLICT (trace_id, key) DO UPDATE SET value = EXCLUDED.value`);
}

/** OTLP span export: spans of any number of traces; `experimentId` is the x-mlflow-experiment-id header. */
export async function logSpans(experimentId: string, spans: ParsedSpan[], tx: Tx = db): Promise<{ traceIds: string[] }> {
  if (spans.length === 0) throw invalidParam("Invalid OpenTelemetry format - no spans found");
  if (spans.length > MAX_SPANS_PER_REQUEST) throw invalidParam(`An OTLP request may carry at most ${MAX_SPANS_PER_REQUEST} spans; got ${spans.length}.`);
  const byTrace = new Map<string, ParsedSpan[]>();
  for (const s of spans) {
    const id = spanTraceId(s);
    if (!id) throw new SpanFormatError("a span has no trace id");
    let l = byTrace.get(id);
    if (!l) byTrace.set(id, (l = []));
    l.push(s);
  }
  const aggs = [...byTrace].map(([id, list]) => aggregate(id, list));
  const traceIds = [...byTrace.keys()];
  // EDIT on the header's experiment, and on the experiments of traces that already exist.
  await requireExperiment(experimentId, "EDIT");
  await requireTraces(traceIds, "EDIT", tx);
  return inTransaction(tx, async (t) => {
    const e = await getExperimentOrThrow(experimentId, t);
    assertExperimentActive(e);
    const exp = Number(e.experimentId);
    await t.$executeRaw(Prisma.sql`
      INSERT INTO traces (id, experiment_id, request_time, execution_duration, state, request_preview, response_preview, name)
      SELECT a.id, ${exp}, a.min_start_ms::bigint, a.max_end_ms::bigint - a.min_start_ms::bigint,
             COALESCE(a.root_state, 'IN_PROGRESS')::trace_state, a.request_preview, a.response_preview, a.root_name
      FROM json_to_recordset(${JSON.stringify(aggs)}::json) AS a(id text, min_start_ms text, max_end_ms text, root_state text, root_name text,
           request_preview text, response_preview text)
      ON CONFLICT (id) DO UPDATE SET
        request_time = CASE WHEN ${FINALIZED} THEN traces.request_time ELSE LEAST(traces.request_time, EXCLUDED.request_time) END,
        execution_duration = CASE WHEN ${FINALIZED} OR EXCLUDED.execution_duration IS NULL THEN traces.execution_duration
          ELSE GREATEST(traces.request_time + COALESCE(traces.execution_duration, 0), EXCLUDED.request_time + EXCLUDED.execution_duration)
               - LEAST(traces.request_time, EXCLUDED.request_time) END,
        state = CASE WHEN traces.state IN ('IN_PROGRESS', 'STATE_UNSPECIFIED') AND EXCLUDED.state <> 'IN_PROGRESS' THEN EXCLUDED.state ELSE traces.state END,
        request_preview = COALESCE(traces.request_preview, EXCLUDED.request_preview),
        response_preview = COALESCE(traces.response_preview, EXCLUDED.response_preview),
        name = COALESCE(traces.name, EXCLUDED.name)`);
    // Server tags: the artifact location (new traces) and "spans are in the tracking store".
    const ids = traceIds;
    const locs = ids.map((id) => traceArtifactLocation(e.artifactLocation, id));
    await t.$executeRaw`
      INSERT INTO trace_tags (trace_id, key, value)
      SELECT id, ${TAG.artifactLocation}, loc FROM unnest(${ids}::text[], ${locs}::text[]) AS x(id, loc)
      UNION ALL SELECT id, ${TAG.spansLocation}, ${SPANS_IN_TRACKING_STORE} FROM unnest(${ids}::text[]) AS y(id)
      ON CONFLICT (trace_id, key) DO UPDATE SET value = CASE WHEN trace_tags.key = ${TAG.spansLocation} THEN EXCLUDED.value ELSE trace_tags.value END`;
    // OTLP batches arrive in end order; ordinal 0 lets start time order them (as the client does).
    await upsertSpans(t, spans.map((s) => toRecordset(spanTraceId(s)!, { ...s, ordinal: 0 })), "update", true);
    await refreshTokenUsage(t, ids);
    const sessions = aggs.flatMap((a) => [
      ...(a.session ? [[a.id, META.session, a.session]] : []),
      ...(a.user ? [[a.id, META.user, a.user]] : []),
    ]);
    if (sessions.length) {
      await t.$executeRaw`
        INSERT INTO trace_metadata (trace_id, key, value)
        SELECT x.t, x.k, x.v FROM unnest(${sessions.map((s) => s[0])}::text[], ${sessions.map((s) => s[1])}::text[], ${sessions.map((s) => s[2])}::text[]) AS x(t, k, v)
        ON CONFLICT (trace_id, key) DO NOTHING`;
    }
    return { traceIds };
  });
}

// ───────────────────────────── traces.json ─────────────────────────────

export const TRACES_JSON = "traces.json";

/**
 * The client's `traces.json` upload for one trace: spans → rows. When the rows would not render
 * back to the same bytes (another client's formatting, v2 span dicts, unparsable JSON), the file
 * is also kept verbatim so downloads stay byte-identical.
 */
export async function putTraceSpansJson(traceId: string, body: Uint8Array, tx: Tx = db): Promise<{ spans: number; verbatim: boolean }> {
  const buf = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  const text = buf.toString("utf8");
  let parsed: ParsedSpan[] | null = null;
  try {
    parsed = parseTracesJson(text);
  } catch {
    parsed = null;
  }
  const rows: SpanRow[] = (parsed ?? []).map((s) => ({ ...s, traceId }));
  const verbatim = parsed === null || !Buffer.from(renderTracesJson(rows), "utf8").equals(buf);
  await requireTrace(traceId, "EDIT", tx);
  return inTransaction(tx, async (t) => {
    const found = await t.$queryRaw<{ request_preview: string | null }[]>`SELECT request_preview FROM traces WHERE id = ${traceId} FOR UPDATE`;
    if (!found.length) throw traceNotFound(traceId);
    await upsertSpans(t, rows.map((r) => toRecordset(traceId, r)), "update");
    if (verbatim) {
      await t.$executeRaw`INSERT INTO trace_artifacts (trace_id, path, content) VALUES (${traceId}, ${TRACES_JSON}, ${buf})
        ON CONFLICT (trace_id, path) DO UPDATE SET content = EXCLUDED.content`;
    } else {
      await t.$executeRaw`DELETE FROM trace_artifacts WHERE trace_id = ${traceId} AND path = ${TRACES_JSON}`;
    }
    // v2-created traces carry no previews or token usage: derive them from the spans.
    const root = rows.find((r) => r.parentSpanId === null);
    if (root && found[0].request_preview === null) {
      await t.$executeRaw`UPDATE traces SET request_preview = COALESCE(request_preview, ${truncatedPreview(root.inputs, "user")}),
        response_preview = COALESCE(response_preview, ${truncatedPreview(root.outputs, "assistant")}), name = COALESCE(name, ${root.name})
        WHERE id = ${traceId}`;
    }
    await refreshTokenUsage(t, [traceId]);
    return { spans: rows.length, verbatim };
  });
}
