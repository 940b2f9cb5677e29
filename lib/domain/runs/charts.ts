import "server-only";
import { requireExperiment } from "@/lib/domain/auth/authorize";
import { db, Prisma, type Tx } from "@/lib/db";
import { DomainError } from "@/lib/errors";
import { prepareRunSearch, type CompiledRunQuery } from "@/lib/domain/search/run-query";
import { checkRunFilter } from "@/lib/domain/runs/table";
import { orderByFor, runViewType, type FilterError, type RunsView } from "@/lib/schemas/ui-runs-table";
import type { GroupBy } from "@/lib/schemas/ui-run-charts";

// The experiment-wide Charts view's read model. It answers for the runs the table's filter
// matches, however many: a deterministic sample of them (the first `leading` runs in the table's
// order, so bars show what the table shows, plus a hash-ordered sample of the rest, so scatter
// and parallel coordinates show the whole spread) with their latest metric values and short
// param values, and — when grouped — per-group count and mean/min/max of every metric computed
// in SQL over *all* matched runs, not the sample. A constant number of statements per call.

export interface ChartRunRow {
  id: string;
  name: string;
  startTime: number;
  /** Position in the table's order among the sample (0 = first). */
  order: number;
  /** Within the table's first `leading` runs. */
  leading: boolean;
  /** The run's group (null = the run has no value for the group key). */
  group: string | null;
  metrics: Record<string, number>;
  /** Param values up to MAX_PARAM_CHARS; longer ones are absent (prompt templates and such). */
  params: Record<string, string>;
}

export interface ChartMetricKey {
  key: string;
  /** Some sampled run logged more than one point: draw lines, not bars. */
  history: boolean;
}

export interface ChartGroupStats {
  /** null = runs without a value for the group key. */
  value: string | null;
  count: number;
  /** metric key → aggregates over the group's runs that have the metric (finite values only). */
  metrics: Record<string, { n: number; mean: number; min: number; max: number }>;
}

export type RunChartsData =
  | {
      ok: true;
      total: number;
      /** Runs in `runs` (≤ sampleSize + leading); `sampled` when that is fewer than `total`. */
      sampled: boolean;
      runs: ChartRunRow[];
      metrics: ChartMetricKey[];
      params: { key: string; numeric: boolean; distinct: number }[];
      /** Present when grouped. */
      groups: ChartGroupStats[] | null;
      /** Metric keys left out beyond MAX_METRIC_KEYS. */
      moreMetricKeys: number;
    }
  | { ok: false; error: FilterError };

export interface RunChartsRequest {
  experimentId: string;
  filter?: string;
  view?: RunsView;
  sort?: string;
  dir?: "asc" | "desc";
  group?: GroupBy | null;
  /** Params to fetch besides the first MAX_PARAM_KEYS (those named by panels or the group). */
  paramKeys?: string[];
  sampleSize?: number;
  leading?: number;
}

export const DEFAULT_SAMPLE = 1000;
export const DEFAULT_LEADING = 50;
export const MAX_METRIC_KEYS = 60;
export const MAX_PARAM_KEYS = 30;
export const MAX_PARAM_CHARS = 120;
export const MAX_GROUPS = 50;
/** How many sampled runs are probed for a second history point per metric. */
const HISTORY_PROBE_RUNS = 200;
const NUMERIC_RE = String.raw`^\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$`;

function groupValueSql(group: GroupBy, runId: Prisma.Sql): Prisma.Sql {
  if (group.kind === "param") return Prisma.sql`(SELECT left(value, ${MAX_PARAM_CHARS}) FROM params WHERE run_id = ${runId} AND key = ${group.key})`;
  if (group.kind === "tag") return Prisma.sql`(SELECT left(value, ${MAX_PARAM_CHARS}) FROM run_tags WHERE run_id = ${runId} AND key = ${group.key})`;
  // Linked prompt versions, "name v3" (several: sorted, joined by " + ").
  return Prisma.sql`(SELECT string_agg(rm.name || ' v' || mv.version, ' + ' ORDER BY rm.name, mv.version)
    FROM prompt_run_links l JOIN model_versions mv ON mv.id = l.prompt_version_id JOIN registered_models rm ON rm.id = mv.registered_model_id
    WHERE l.run_id = ${runId})`;
}

function compile(req: RunChartsRequest): { compiled: CompiledRunQuery | null } | { error: FilterError } {
  const filterError = checkRunFilter(req.filter);
  if (filterError) return { error: filterError };
  const orderBy = req.sort ? orderByFor(req.sort, req.dir ?? "desc") : null;
  try {
    const { compiled } = prepareRunSearch({
      experimentIds: [req.experimentId],
      filter: req.filter,
      runViewType: runViewType(req.view ?? "active"),
      orderBy: orderBy ? [orderBy] : [],
      maxResults: 1,
    });
    return { compiled };
  } catch (e) {
    if (e instanceof DomainError) return { error: { message: e.message } };
    throw e;
  }
}

export async function getRunChartsData(req: RunChartsRequest, tx: Tx = db): Promise<RunChartsData> {
  await requireExperiment(req.experimentId, "READ");
  const c = compile(req);
  if ("error" in c) return { ok: false, error: c.error };
  const expId = Number(req.experimentId);
  const sampleSize = Math.min(Math.max(req.sampleSize ?? DEFAULT_SAMPLE, 1), 10_000);
  const leading = Math.min(Math.max(req.leading ?? DEFAULT_LEADING, 0), 500);
  const empty = { ok: true as const, total: 0, sampled: false, runs: [], metrics: [], params: [], groups: req.group ? [] : null, moreMetricKeys: 0 };
  if (!c.compiled || !Number.isInteger(expId)) return empty;
  const { compiled } = c;
  const group = req.group ?? null;

  const [metricKeyRows, paramKeyRows, counted, sample] = await Promise.all([
    tx.$queryRaw<{ key: string; n: number }[]>`
      SELECT key, count(*) OVER ()::int AS n FROM experiment_keys WHERE experiment_id = ${expId} AND kind = 'metric'
      ORDER BY (key LIKE 'system/%'), key LIMIT ${MAX_METRIC_KEYS}`,
    tx.$queryRaw<{ key: string }[]>`
      SELECT key FROM experiment_keys WHERE experiment_id = ${expId} AND kind = 'param' ORDER BY key LIMIT ${MAX_PARAM_KEYS}`,
    tx.$queryRaw<{ n: number }[]>(Prisma.sql`SELECT count(*)::int AS n FROM ${compiled.countFrom} WHERE ${compiled.where}`),
    // Every matched run gets its position in the table's order; the sample is the first
    // `leading` of them plus the lowest md5(id) of the rest (stable across reloads and filters).
    tx.$queryRaw<{ id: string; name: string; start_time: bigint; pos: number; grp: string | null }[]>(Prisma.sql`
      WITH ordered AS (
        SELECT r.id, r.name, r.start_time, row_number() OVER (ORDER BY ${compiled.orderBy})::int AS pos
        FROM ${compiled.from} WHERE ${compiled.where}
      ), picked AS (
        SELECT * FROM ordered ORDER BY (pos <= ${leading}) DESC, md5(id) LIMIT ${sampleSize + leading}
      )
      SELECT p.id, p.name, p.start_time, p.pos, ${group ? groupValueSql(group, Prisma.sql`p.id`) : Prisma.sql`NULL::text`} AS grp
      FROM picked p ORDER BY p.pos`),
  ]);
  const total = counted[0]?.n ?? 0;
  const ids = sample.map((r) => r.id);
  const metricKeys = metricKeyRows.map((r) => r.key);
  const paramKeys = [...new Set([...paramKeyRows.map((r) => r.key), ...(req.paramKeys ?? []).slice(0, 50)])];
  const probe = ids.slice(0, HISTORY_PROBE_RUNS);
  const none = Promise.resolve([]);

  const [metricRows, paramRows, historyRows, paramStats, groups] = await Promise.all([
    ids.length && metricKeys.length
      ? tx.$queryRaw<{ run_id: string; key: string; value: number }[]>`
          SELECT run_id, key, value FROM latest_metrics WHERE run_id = ANY(${ids}::text[]) AND key = ANY(${metricKeys}::text[])`
      : none,
    ids.length && paramKeys.length
      ? tx.$queryRaw<{ run_id: string; key: string; value: string }[]>`
          SELECT run_id, key, value FROM params WHERE run_id = ANY(${ids}::text[]) AND key = ANY(${paramKeys}::text[]) AND length(value) <= ${MAX_PARAM_CHARS}`
      : none,
    // A metric is a history when some probed run has a second point (another step or time).
    probe.length && metricKeys.length
      ? tx.$queryRaw<{ key: string }[]>`
          SELECT DISTINCT lm.key FROM latest_metrics lm
          WHERE lm.run_id = ANY(${probe}::text[]) AND lm.key = ANY(${metricKeys}::text[])
            AND EXISTS (SELECT 1 FROM metrics m WHERE m.run_id = lm.run_id AND m.key = lm.key AND (m.step <> lm.step OR m.timestamp <> lm.timestamp))`
      : none,
    ids.length && paramKeys.length
      ? tx.$queryRaw<{ key: string; distinct: number; numeric: boolean }[]>`
          SELECT key, count(DISTINCT value)::int AS distinct,
                 bool_and(value ~ ${NUMERIC_RE}) AS numeric
          FROM params WHERE run_id = ANY(${ids}::text[]) AND key = ANY(${paramKeys}::text[]) AND length(value) <= ${MAX_PARAM_CHARS}
          GROUP BY key`
      : none,
    group ? groupStats(compiled, group, metricKeys, tx) : Promise.resolve(null),
  ]);

  const byId = new Map<string, ChartRunRow>();
  const runs = sample.map((r, i): ChartRunRow => {
    const row = { id: r.id, name: r.name, startTime: Number(r.start_time), order: i, leading: r.pos <= leading, group: r.grp, metrics: {}, params: {} };
    byId.set(r.id, row);
    return row;
  });
  for (const m of metricRows) byId.get(m.run_id)!.metrics[m.key] = m.value;
  for (const p of paramRows) byId.get(p.run_id)!.params[p.key] = p.value;
  const histories = new Set(historyRows.map((r) => r.key));
  const withValues = new Set(metricRows.map((m) => m.key));

  return {
    ok: true,
    total,
    sampled: runs.length < total,
    runs,
    metrics: metricKeys.filter((k) => withValues.has(k)).map((key) => ({ key, history: histories.has(key) })),
    params: paramStats.map((p) => ({ key: p.key, numeric: p.numeric, distinct: p.distinct })).sort((a, b) => a.key.localeCompare(b.key)),
    groups,
    moreMetricKeys: Math.max(0, (metricKeyRows[0]?.n ?? 0) - metricKeys.length),
  };
}

/**
 * Per group (a param's or tag's value, or the linked prompt versions): how many matched runs,
 * and mean/min/max of each metric's latest value — NaN and ±Infinity left out — in SQL over all
 * matched runs. The largest MAX_GROUPS groups, biggest first.
 */
export async function groupStats(compiled: CompiledRunQuery, group: GroupBy, metricKeys: string[], tx: Tx = db): Promise<ChartGroupStats[]> {
  const rows = await tx.$queryRaw<{ g: string | null; count: number; key: string | null; n: number | null; mean: number | null; min: number | null; max: number | null }[]>(Prisma.sql`
    WITH matched AS MATERIALIZED (
      SELECT r.id, ${groupValueSql(group, Prisma.sql`r.id`)} AS g FROM ${compiled.countFrom} WHERE ${compiled.where}
    ), sizes AS (
      SELECT g, count(*)::int AS count FROM matched GROUP BY g ORDER BY count(*) DESC, g NULLS LAST LIMIT ${MAX_GROUPS}
    ), agg AS (
      SELECT m.g, lm.key, count(*)::int AS n, avg(lm.value) AS mean, min(lm.value) AS min, max(lm.value) AS max
      FROM matched m JOIN latest_metrics lm ON lm.run_id = m.id
      WHERE lm.key = ANY(${metricKeys}::text[]) AND lm.value NOT IN ('NaN'::float8, 'Infinity'::float8, '-Infinity'::float8)
      GROUP BY m.g, lm.key
    )
    SELECT s.g, s.count, a.key, a.n, a.mean, a.min, a.max
    FROM sizes s LEFT JOIN agg a ON a.g IS NOT DISTINCT FROM s.g
    ORDER BY s.count DESC, s.g NULLS LAST`);
  const out = new Map<string | null, ChartGroupStats>();
  for (const r of rows) {
    let g = out.get(r.g);
    if (!g) out.set(r.g, (g = { value: r.g, count: r.count, metrics: {} }));
    if (r.key !== null) g.metrics[r.key] = { n: r.n!, mean: r.mean!, min: r.min!, max: r.max! };
  }
  return [...out.values()];
}
