import "server-only";
import { db, Prisma, type Tx } from "@/lib/db";
import { readableExperimentsSql, readablePromptVersionsSql, requireRegisteredModel, requireRun, requireRuns } from "@/lib/domain/auth/authorize";
import { DomainError } from "@/lib/errors";
import { encodePageToken, pageQueryKey } from "@/lib/domain/search/page-token";
import { numericExperimentIds } from "@/lib/domain/search/run-query";
import {
  traceOrderBy,
  verdictOf,
  type AssessmentView,
  type LinkedPromptView,
  type PromptVersionTraceStats,
  type RunTraceStats,
  type TraceTableRow,
  type TracesTableState,
  type TraceView,
} from "@/lib/schemas/ui-traces";
import { loadSpans, loadTraceInfos } from "./info";
import { searchTraceIds } from "./search";
import { buildSpanViews, renderedPrompt } from "./span-view";

// Read models of the traces UI (the pages only render): the traces table's page, one trace with
// its span tree, the traces of a run, and per-version / per-run trace figures. Pages of ids come
// from search_traces' own query (searchTraceIds), so the table filters and sorts exactly as the
// API does; the row fields are then read by primary key in one query.
//
// Permissions: a trace is readable when its experiment is. Every read here filters in SQL with
// the domain's predicates (readableExperimentsSql on the trace's — and a linked run's —
// experiment, readablePromptVersionsSql on linked prompt versions), so traces of experiments
// the caller cannot read never appear in a list, are never counted in a figure, and a row never
// names a run or prompt the caller cannot see.

interface RowDb {
  id: string;
  experiment_id: number;
  name: string | null;
  request_preview: string | null;
  response_preview: string | null;
  state: TraceTableRow["state"];
  request_time: bigint;
  execution_duration: bigint | null;
  input_tokens: bigint | null;
  output_tokens: bigint | null;
  total_tokens: bigint | null;
  run_id: string | null;
  run_name: string | null;
  run_experiment_id: number | null;
  prompts: [string, number][] | null;
  assessments: [string, "feedback" | "expectation", string | null][] | null;
}

const num = (v: bigint | number | null) => (v === null ? null : Number(v));

/** Table rows for the ids, in the order given (a constant number of queries). */
export async function loadTraceTableRows(ids: readonly string[], tx: Tx = db): Promise<TraceTableRow[]> {
  if (ids.length === 0) return [];
  const traceReadable = await readableExperimentsSql(Prisma.sql`t.experiment_id`);
  const runReadable = await readableExperimentsSql(Prisma.sql`run.experiment_id`);
  const promptReadable = await readablePromptVersionsSql(Prisma.sql`pl.prompt_version_id`);
  const rows = await tx.$queryRaw<RowDb[]>(Prisma.sql`
    SELECT t.id, t.experiment_id, t.name, left(t.request_preview, 300) AS request_preview, left(t.response_preview, 300) AS response_preview,
           t.state::text AS state, t.request_time, t.execution_duration, t.input_tokens, t.output_tokens, t.total_tokens,
           r.id AS run_id, r.name AS run_name, r.experiment_id AS run_experiment_id,
           (SELECT json_agg(json_build_array(rm.name, mv.version) ORDER BY rm.name, mv.version)
              FROM trace_prompt_links pl JOIN model_versions mv ON mv.id = pl.prompt_version_id
              JOIN registered_models rm ON rm.id = mv.registered_model_id WHERE pl.trace_id = t.id AND ${promptReadable}) AS prompts,
           (SELECT json_agg(json_build_array(a.name, a.kind::text, left(a.value, 200)) ORDER BY a.kind, a.name)
              FROM assessments a WHERE a.trace_id = t.id AND a.valid AND a.kind <> 'issue'::assessment_kind) AS assessments
    FROM traces t
    LEFT JOIN LATERAL (
      SELECT run.id, run.name, run.experiment_id FROM runs run
      WHERE run.id = COALESCE(t.source_run_id, (SELECT l.run_id FROM trace_run_links l WHERE l.trace_id = t.id ORDER BY l.run_id LIMIT 1))
        AND ${runReadable}
    ) r ON true
    WHERE t.id = ANY(${[...new Set(ids)]}::text[]) AND ${traceReadable}`);
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.flatMap((id) => {
    const r = byId.get(id);
    if (!r) return [];
    return [
      {
        traceId: r.id,
        experimentId: String(r.experiment_id),
        name: r.name,
        requestPreview: r.request_preview,
        responsePreview: r.response_preview,
        state: r.state,
        requestTime: Number(r.request_time),
        latencyMs: num(r.execution_duration),
        inputTokens: num(r.input_tokens),
        outputTokens: num(r.output_tokens),
        totalTokens: num(r.total_tokens),
        prompts: (r.prompts ?? []).map(([name, version]) => ({ name, version })),
        run: r.run_id ? { id: r.run_id, name: r.run_name ?? r.run_id, experimentId: String(r.run_experiment_id) } : null,
        assessments: (r.assessments ?? []).map(([name, kind, value]) => ({ name, kind, value: displayValue(value), verdict: verdictOf(value) })),
      },
    ];
  });
}

/** An assessment's value JSON as display text ("yes", 0.8, {"a": 1}). */
function displayValue(json: string | null): string {
  if (json === null) return "—";
  try {
    const v: unknown = JSON.parse(json);
    return typeof v === "string" ? v : JSON.stringify(v);
  } catch {
    return json;
  }
}

export type TraceTablePage = { ok: true; rows: TraceTableRow[]; hasMore: boolean } | { ok: false; error: string };

/** One page of the experiment's traces table, filtered and sorted by search_traces itself. */
export async function getTraceTablePage(experimentId: string, state: TracesTableState, extraFilter?: string, tx: Tx = db): Promise<TraceTablePage> {
  const filter = [extraFilter, state.q.trim()].filter(Boolean).join(" AND ") || undefined;
  const orderBy = traceOrderBy(state);
  const offset = (state.page - 1) * state.size;
  try {
    const key = pageQueryKey({ e: numericExperimentIds([experimentId]), f: filter ?? "", o: orderBy });
    const page = await searchTraceIds(
      { experimentIds: [experimentId], filter, orderBy, maxResults: state.size, pageToken: offset ? encodePageToken(offset, key) : undefined },
      tx,
    );
    return { ok: true, rows: await loadTraceTableRows(page.ids, tx), hasMore: page.more };
  } catch (e) {
    if (e instanceof DomainError && e.code === "INVALID_PARAMETER_VALUE") return { ok: false, error: e.message };
    throw e;
  }
}

/** The traces of a run (created in it or linked to it), newest first. */
export async function listRunTraces(runId: string, limit = 100, tx: Tx = db): Promise<{ rows: TraceTableRow[]; hasMore: boolean }> {
  await requireRun(runId, "READ", tx);
  // A run's traces can live in other experiments (link-to-run): only the readable ones.
  const readable = await readableExperimentsSql(Prisma.sql`t.experiment_id`);
  const ids = await tx.$queryRaw<{ id: string }[]>`
    SELECT t.id FROM traces t
    WHERE t.id IN (SELECT id FROM traces WHERE source_run_id = ${runId} UNION SELECT trace_id FROM trace_run_links WHERE run_id = ${runId})
      AND ${readable}
    ORDER BY t.request_time DESC, t.id LIMIT ${limit + 1}::int`;
  return { rows: await loadTraceTableRows(ids.slice(0, limit).map((r) => r.id), tx), hasMore: ids.length > limit };
}

interface PromptDb {
  name: string;
  version: number;
  template: string;
  prompt_type: string;
}

/** One trace for the trace page: row fields, span tree, tags, metadata, linked prompts, assessments. */
export async function getTraceView(traceId: string, tx: Tx = db): Promise<TraceView | null> {
  const [info] = await loadTraceInfos([traceId], tx);
  if (!info) return null;
  const promptReadable = await readablePromptVersionsSql(Prisma.sql`pl.prompt_version_id`);
  const [rows, spans, prompts] = await Promise.all([
    loadTraceTableRows([traceId], tx),
    loadSpans([traceId], tx),
    tx.$queryRaw<PromptDb[]>`
      SELECT rm.name, mv.version, pv.template, pv.prompt_type FROM trace_prompt_links pl
      JOIN model_versions mv ON mv.id = pl.prompt_version_id JOIN registered_models rm ON rm.id = mv.registered_model_id
      JOIN prompt_versions pv ON pv.model_version_id = mv.id
      WHERE pl.trace_id = ${traceId} AND ${promptReadable} ORDER BY rm.name, mv.version`,
  ]);
  const tree = buildSpanViews(spans.get(traceId) ?? []);
  const linkedPrompts: LinkedPromptView[] = prompts.map((p) => ({ name: p.name, version: p.version, template: p.template, promptType: p.prompt_type }));
  const assessments: AssessmentView[] = info.assessments
    .filter((a) => a.valid && a.kind !== "issue")
    .map((a) => {
      let value: string | null = null;
      try {
        const p = JSON.parse(a.payload) as Record<string, unknown>;
        const v = "value" in p ? p.value : "serialized_value" in p ? p.serialized_value : null;
        value = v === null || v === undefined ? null : JSON.stringify(v);
      } catch {
        value = a.payload;
      }
      const errorObj = a.error ?? (a.payload.includes('"error"') ? a.payload : null);
      return {
        assessmentId: a.assessmentId,
        name: a.name,
        kind: a.kind as "feedback" | "expectation",
        spanId: a.spanId,
        sourceType: a.sourceType,
        sourceId: a.sourceId,
        value: displayValue(value),
        verdict: verdictOf(value),
        rationale: a.rationale,
        error: value === null ? errorObj : null,
        createTime: Number(a.createTime),
      };
    });
  return { row: rows[0], renderedPrompt: renderedPrompt(tree.spans, linkedPrompts), spans: tree.spans, tags: info.tags, metadata: info.metadata, linkedPrompts, assessments, totalMs: Math.max(tree.totalMs, Number(info.executionDuration ?? 0)) };
}

interface StatsDb {
  key: string | number;
  traces: bigint;
  errors: bigint;
  avg_latency: number | null;
  p50_latency: number | null;
  p95_latency: number | null;
  avg_total: number | null;
  sum_total: bigint | null;
  avg_input: number | null;
  avg_output: number | null;
  sum_input: bigint | null;
  sum_output: bigint | null;
}

const AGGREGATES = Prisma.sql`
  count(*) AS traces, count(*) FILTER (WHERE t.state = 'ERROR') AS errors,
  avg(t.execution_duration)::float8 AS avg_latency,
  percentile_cont(0.5) WITHIN GROUP (ORDER BY t.execution_duration)::float8 AS p50_latency,
  percentile_cont(0.95) WITHIN GROUP (ORDER BY t.execution_duration)::float8 AS p95_latency,
  avg(t.total_tokens)::float8 AS avg_total, sum(t.total_tokens) AS sum_total,
  avg(t.input_tokens)::float8 AS avg_input, avg(t.output_tokens)::float8 AS avg_output,
  sum(t.input_tokens) AS sum_input, sum(t.output_tokens) AS sum_output`;

/** Latency and token figures of the traces that used each version of a prompt ("metrics by version" for traces). */
export async function getPromptTraceStats(promptName: string, tx: Tx = db): Promise<PromptVersionTraceStats[]> {
  await requireRegisteredModel(promptName, "READ", tx);
  const readable = await readableExperimentsSql(Prisma.sql`t.experiment_id`);
  const rows = await tx.$queryRaw<StatsDb[]>(Prisma.sql`
    SELECT mv.version AS key, ${AGGREGATES}
    FROM registered_models rm JOIN model_versions mv ON mv.registered_model_id = rm.id
    JOIN trace_prompt_links pl ON pl.prompt_version_id = mv.id JOIN traces t ON t.id = pl.trace_id AND ${readable}
    WHERE rm.name = ${promptName} AND rm.is_prompt
    GROUP BY mv.version ORDER BY mv.version DESC`);
  return rows.map((r) => ({
    version: Number(r.key),
    traces: Number(r.traces),
    errors: Number(r.errors),
    avgLatencyMs: r.avg_latency,
    p50LatencyMs: r.p50_latency,
    p95LatencyMs: r.p95_latency,
    avgTotalTokens: r.avg_total,
    sumTotalTokens: num(r.sum_total),
    avgInputTokens: r.avg_input,
    avgOutputTokens: r.avg_output,
  }));
}

/** The latest traces that used a version of a prompt. */
export async function listPromptVersionTraces(promptName: string, version: number, limit = 50, tx: Tx = db): Promise<{ rows: TraceTableRow[]; hasMore: boolean }> {
  await requireRegisteredModel(promptName, "READ", tx);
  const readable = await readableExperimentsSql(Prisma.sql`t.experiment_id`);
  const ids = await tx.$queryRaw<{ id: string }[]>`
    SELECT t.id FROM registered_models rm JOIN model_versions mv ON mv.registered_model_id = rm.id
    JOIN trace_prompt_links pl ON pl.prompt_version_id = mv.id JOIN traces t ON t.id = pl.trace_id AND ${readable}
    WHERE rm.name = ${promptName} AND rm.is_prompt AND mv.version = ${version}::int
    ORDER BY t.request_time DESC, t.id LIMIT ${limit + 1}::int`;
  return { rows: await loadTraceTableRows(ids.slice(0, limit).map((r) => r.id), tx), hasMore: ids.length > limit };
}

/** Each run's trace count, latency and token usage (traces created in the run or linked to it). */
export async function getRunTraceStats(runIds: readonly string[], tx: Tx = db): Promise<RunTraceStats[]> {
  if (runIds.length === 0) return [];
  await requireRuns(runIds, "READ", tx);
  const readable = await readableExperimentsSql(Prisma.sql`t.experiment_id`);
  const rows = await tx.$queryRaw<StatsDb[]>(Prisma.sql`
    WITH links AS (
      SELECT source_run_id AS run_id, id AS trace_id FROM traces WHERE source_run_id = ANY(${[...runIds]}::text[])
      UNION SELECT run_id, trace_id FROM trace_run_links WHERE run_id = ANY(${[...runIds]}::text[])
    )
    SELECT l.run_id AS key, ${AGGREGATES} FROM links l JOIN traces t ON t.id = l.trace_id AND ${readable} GROUP BY l.run_id`);
  const byRun = new Map(rows.map((r) => [String(r.key), r]));
  return runIds.map((runId) => {
    const r = byRun.get(runId);
    return {
      runId,
      traces: r ? Number(r.traces) : 0,
      errors: r ? Number(r.errors) : 0,
      avgLatencyMs: r?.avg_latency ?? null,
      p50LatencyMs: r?.p50_latency ?? null,
      sumInputTokens: r ? num(r.sum_input) : null,
      sumOutputTokens: r ? num(r.sum_output) : null,
      sumTotalTokens: r ? num(r.sum_total) : null,
    };
  });
}
