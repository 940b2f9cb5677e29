import "server-only";
import { db, Prisma, type Tx } from "@/lib/db";
import { requireTraces } from "@/lib/domain/auth/authorize";
import { readAll } from "@/lib/domain/tx";
import { notFound } from "@/lib/errors";
import { loadAssessments, type AssessmentRecord } from "./assessments";
import { renderOtelSpan, renderTracesJson, type SpanRow, type SpanStatusCode } from "./span-codec";

// Reading traces: TraceInfoV3 (info + tags + metadata + assessments) for one id or many, and
// the spans of a trace as rows. A fixed number of queries whatever the number of ids.

export type TraceState = "STATE_UNSPECIFIED" | "OK" | "ERROR" | "IN_PROGRESS";

export interface TraceInfoRecord {
  traceId: string;
  experimentId: string;
  clientRequestId: string | null;
  /** Epoch ms of the root span's start. */
  requestTime: bigint;
  /** ms; null while in progress. */
  executionDuration: bigint | null;
  state: TraceState;
  requestPreview: string | null;
  responsePreview: string | null;
  /** In key order (the wire map has no order; sorted output is stable for tests and the UI). */
  metadata: [string, string][];
  tags: [string, string][];
  assessments: AssessmentRecord[];
}

export const traceNotFound = (id: string) => notFound(`Trace with ID '${id}' not found.`);

interface KV {
  trace_id: string;
  key: string;
  value: string;
}

interface TraceRow {
  id: string;
  experiment_id: number;
  client_request_id: string | null;
  request_time: bigint;
  execution_duration: bigint | null;
  state: TraceState;
  request_preview: string | null;
  response_preview: string | null;
}

/** The experiment a trace belongs to (one primary-key lookup); null when there is no such trace. */
export async function traceExperimentId(traceId: string, tx: Tx = db): Promise<number | null> {
  const rows = await tx.$queryRaw<{ experiment_id: number }[]>`SELECT experiment_id FROM traces WHERE id = ${traceId}`;
  return rows[0]?.experiment_id ?? null;
}

export async function traceExperimentIdOrThrow(traceId: string, tx: Tx = db): Promise<number> {
  const e = await traceExperimentId(traceId, tx);
  if (e === null) throw traceNotFound(traceId);
  return e;
}

/** Trace infos for the ids, in the order given; unknown ids are skipped. READ on their experiments. */
export async function loadTraceInfos(ids: readonly string[], tx: Tx = db): Promise<TraceInfoRecord[]> {
  await requireTraces(ids, "READ", tx);
  return readTraceInfos(ids, tx);
}

/** loadTraceInfos without the permission check: for callers that selected readable ids themselves (search). */
export async function readTraceInfos(ids: readonly string[], tx: Tx = db): Promise<TraceInfoRecord[]> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return [];
  const [rows, tags, metadata, assessments] = await readAll<[TraceRow[], KV[], KV[], Map<string, AssessmentRecord[]>]>(tx, [
    () => tx.$queryRaw<TraceRow[]>`
      SELECT id, experiment_id, client_request_id, request_time, execution_duration, state::text AS state, request_preview, response_preview
      FROM traces WHERE id = ANY(${unique}::text[])`,
    () => tx.$queryRaw<KV[]>`
      SELECT trace_id, key, value FROM trace_tags WHERE trace_id = ANY(${unique}::text[]) ORDER BY trace_id, key`,
    () => tx.$queryRaw<KV[]>`
      SELECT trace_id, key, value FROM trace_metadata WHERE trace_id = ANY(${unique}::text[]) ORDER BY trace_id, key`,
    () => loadAssessments(unique, tx),
  ]);
  const group = (list: KV[]) => {
    const m = new Map<string, [string, string][]>();
    for (const r of list) {
      let l = m.get(r.trace_id);
      if (!l) m.set(r.trace_id, (l = []));
      l.push([r.key, r.value]);
    }
    return m;
  };
  const tagMap = group(tags);
  const metaMap = group(metadata);
  const byId = new Map(rows.map((r) => [r.id, r]));
  const out: TraceInfoRecord[] = [];
  for (const id of ids) {
    const r = byId.get(id);
    if (!r) continue;
    out.push({
      traceId: r.id,
      experimentId: String(r.experiment_id),
      clientRequestId: r.client_request_id,
      requestTime: r.request_time,
      executionDuration: r.execution_duration,
      state: r.state,
      requestPreview: r.request_preview,
      responsePreview: r.response_preview,
      metadata: metaMap.get(r.id) ?? [],
      tags: tagMap.get(r.id) ?? [],
      assessments: assessments.get(r.id) ?? [],
    });
  }
  return out;
}

export async function getTraceInfo(traceId: string, tx: Tx = db): Promise<TraceInfoRecord | null> {
  return (await loadTraceInfos([traceId], tx))[0] ?? null;
}

export async function getTraceInfoOrThrow(traceId: string, tx: Tx = db): Promise<TraceInfoRecord> {
  const info = await getTraceInfo(traceId, tx);
  if (!info) throw traceNotFound(traceId);
  return info;
}

interface SpanDbRow {
  trace_id: string;
  span_id: string;
  parent_span_id: string | null;
  ordinal: number;
  name: string;
  span_type: string | null;
  status: SpanStatusCode;
  status_message: string;
  start_time_ns: bigint;
  end_time_ns: bigint | null;
  attributes: string;
  inputs: string | null;
  outputs: string | null;
  events: string;
}

const toSpanRow = (r: SpanDbRow): SpanRow => ({
  traceId: r.trace_id,
  spanId: r.span_id,
  parentSpanId: r.parent_span_id,
  ordinal: r.ordinal,
  name: r.name,
  spanType: r.span_type,
  status: r.status,
  statusMessage: r.status_message,
  startTimeNs: r.start_time_ns,
  endTimeNs: r.end_time_ns,
  attributes: r.attributes,
  inputs: r.inputs,
  outputs: r.outputs,
  events: r.events,
});

/** Spans of the traces, each trace's in upload order (then start time). */
export async function loadSpans(traceIds: readonly string[], tx: Tx = db): Promise<Map<string, SpanRow[]>> {
  const out = new Map<string, SpanRow[]>();
  if (traceIds.length === 0) return out;
  const rows = await tx.$queryRaw<SpanDbRow[]>(Prisma.sql`
    SELECT trace_id, span_id, parent_span_id, ordinal, name, span_type, status::text AS status, status_message,
           start_time_ns, end_time_ns, attributes::text AS attributes, inputs, outputs, events::text AS events
    FROM spans WHERE trace_id = ANY(${[...new Set(traceIds)]}::text[])
    ORDER BY trace_id, ordinal, start_time_ns, span_id`);
  for (const r of rows) {
    let l = out.get(r.trace_id);
    if (!l) out.set(r.trace_id, (l = []));
    l.push(toSpanRow(r));
  }
  return out;
}

export interface TraceWithSpans {
  info: TraceInfoRecord;
  /** OTel span JSON (GetTrace's `spans`). */
  spans: Record<string, unknown>[];
}

/** Full traces (info + OTel spans) for the ids, in order; unknown ids are skipped. */
export async function loadTraces(ids: readonly string[], tx: Tx = db): Promise<TraceWithSpans[]> {
  await requireTraces(ids, "READ", tx);
  const [infos, spans] = await readAll<[TraceInfoRecord[], Map<string, SpanRow[]>]>(tx, [() => readTraceInfos(ids, tx), () => loadSpans(ids, tx)]);
  return infos.map((info) => ({ info, spans: (spans.get(info.traceId) ?? []).map(renderOtelSpan) }));
}

/** GetTrace: info + spans; unknown → RESOURCE_DOES_NOT_EXIST. */
export async function getTraceOrThrow(traceId: string, tx: Tx = db): Promise<TraceWithSpans> {
  const [t] = await loadTraces([traceId], tx);
  if (!t) throw traceNotFound(traceId);
  return t;
}

/** The trace's span data as traces.json text, rendered from the span rows (null: no spans). */
export async function renderTraceSpansJson(traceId: string, tx: Tx = db): Promise<string | null> {
  const spans = (await loadSpans([traceId], tx)).get(traceId);
  return spans?.length ? renderTracesJson(spans) : null;
}
