import "server-only";
import { requireRun, requireRuns } from "@/lib/domain/auth/authorize";
import { db, Prisma, type Tx } from "@/lib/db";
import { invalidParam, notFound } from "@/lib/errors";
import { boundedCursor, boundedRead } from "@/lib/domain/bounded-read";
import type { GetMetricHistoryBulkIntervalInput, GetMetricHistoryInput } from "@/lib/schemas/run";

// Metric histories (docs/mlflow-compatibility.md#metrics, #differences-from-mlflow). get-history
// without max_results returns the WHOLE history (MLflow 3.4–3.13 returned none there), streamed
// through a database cursor so a million points never sit in memory; pages are keyset-paginated
// on MLflow's order (timestamp, step, value), so a page costs the same at the start and at the
// end of a long history (one pass over that history: no index has MLflow's order — the primary
// key's is step first — and a second one would slow every log-batch down).
// get-history-bulk-interval samples in SQL with window functions: a million-point
// history is never loaded whole, only the chosen steps are.

export const MAX_RUNS_PER_BULK_REQUEST = 100;
export const MAX_RESULTS_PER_RUN = 2500;
export const MAX_HISTORY_BULK_RESULTS = 25000;
/** Above max × this many points in range, bulk-interval samples by step value (see below). */
const LONG_HISTORY_FACTOR = 4;

export interface MetricPoint {
  key: string;
  value: number;
  timestamp: bigint;
  step: bigint;
  runId: string;
  modelId?: string;
  datasetName?: string;
  datasetDigest?: string;
}

export interface MetricHistoryPage {
  metrics: MetricPoint[];
  nextPageToken?: string;
}

interface PointRow {
  run_id: string;
  key: string;
  value: number | string;
  timestamp: bigint;
  step: bigint;
  model_id?: string | null;
  dataset_name?: string | null;
  dataset_digest?: string | null;
}

/** float8 from a raw row (the driver may hand special values over as text). */
function toFloat(v: number | string): number {
  if (typeof v === "number") return v;
  if (v === "NaN") return NaN;
  if (v === "Infinity") return Infinity;
  if (v === "-Infinity") return -Infinity;
  return Number(v);
}

function toPoint(r: PointRow): MetricPoint {
  const p: MetricPoint = { key: r.key, value: toFloat(r.value), timestamp: BigInt(r.timestamp), step: BigInt(r.step), runId: r.run_id };
  if (r.model_id) p.modelId = r.model_id;
  if (r.dataset_name) p.datasetName = r.dataset_name;
  if (r.dataset_digest) p.datasetDigest = r.dataset_digest;
  return p;
}

const floatText = (v: number) => (Number.isNaN(v) ? "NaN" : v === Infinity ? "Infinity" : v === -Infinity ? "-Infinity" : String(v));

interface HistoryCursor {
  t: string;
  s: string;
  v: string;
}

function encodeCursor(p: Pick<MetricPoint, "timestamp" | "step" | "value">): string {
  const c: HistoryCursor = { t: String(p.timestamp), s: String(p.step), v: floatText(p.value) };
  return Buffer.from(JSON.stringify(c)).toString("base64url");
}

function decodeCursor(token: string): HistoryCursor {
  try {
    const c = JSON.parse(Buffer.from(token, "base64url").toString("utf8")) as HistoryCursor;
    if (/^-?\d+$/.test(c.t) && /^-?\d+$/.test(c.s) && typeof c.v === "string" && (c.v === "NaN" || !Number.isNaN(Number(c.v)))) return c;
  } catch {
    // fall through
  }
  throw invalidParam(`Invalid page token: '${token}'`);
}

async function assertRunExists(tx: Tx, runId: string): Promise<void> {
  const rows = await tx.$queryRaw<{ one: number }[]>`SELECT 1 AS one FROM runs WHERE id = ${runId}`;
  if (!rows.length) throw notFound(`Run with id=${runId} not found`);
}

/**
 * One point of a streamed history. The int64 fields stay PostgreSQL's decimal text: a million
 * points are written out without a BigInt each.
 */
export interface HistoryPoint {
  value: number;
  timestamp: string;
  step: string;
  modelId: string | null;
  datasetName: string | null;
  datasetDigest: string | null;
}

/** An open get-history answer: the checks passed and the first chunk is read. */
export interface MetricHistoryStream {
  runId: string;
  key: string;
  /**
   * The points in MLflow's order, a chunk (`RUNBOARD_STREAM_CHUNK` rows, default 10,000) at a
   * time. Iterate it once, to the end or until `return()` — that closes the database cursor.
   */
  chunks: AsyncGenerator<HistoryPoint[], void, undefined>;
  /** The next page's token (a `maxResults` page with more points after it); set once `chunks` is done. */
  nextPageToken(): string | undefined;
  /** Closes the cursor and gives its connection back (idempotent; also safe before iterating). */
  close(): Promise<void>;
}

const toHistoryPoint = (r: unknown[]): HistoryPoint => ({
  value: toFloat(r[0] as number | string),
  timestamp: r[1] as string,
  step: r[2] as string,
  modelId: (r[3] as string | null) || null,
  datasetName: (r[4] as string | null) || null,
  datasetDigest: (r[5] as string | null) || null,
});

/**
 * Every logged value of one metric of one run, ordered by (timestamp, step, value) as MLflow
 * orders it; `maxResults` absent (or 0): the whole history in one answer. Streamed: the rows come
 * through a server-side cursor a chunk at a time (boundedCursor), so memory stays that of one
 * chunk however long the history. Validation, the permission check, the run's existence and the
 * first chunk all come before this returns, so every error is known before a byte is written.
 * Pages with a token resume with a keyset condition on (timestamp, step, value).
 */
export async function openMetricHistory(input: GetMetricHistoryInput, opts: { chunkSize?: number } = {}): Promise<MetricHistoryStream> {
  const { runId, metricKey } = input;
  await requireRun(runId, "READ");
  const max = input.maxResults || undefined;
  if (max !== undefined && max < 0) throw invalidParam(`Invalid value ${max} for parameter 'max_results' supplied. It must be a positive integer.`);
  const cursor = input.pageToken ? decodeCursor(input.pageToken) : null;
  await assertRunExists(db, runId);
  const after = cursor
    ? Prisma.sql`AND (timestamp, step, value) > (${cursor.t}::bigint, ${cursor.s}::bigint, ${cursor.v}::float8)`
    : Prisma.empty;
  const limit = max !== undefined ? Prisma.sql`LIMIT ${max + 1}` : Prisma.empty;
  const rows = boundedCursor(
    Prisma.sql`
    SELECT value, timestamp, step, model_id, dataset_name, dataset_digest
    FROM metrics WHERE run_id = ${runId} AND key = ${metricKey} ${after}
    ORDER BY timestamp, step, value ${limit}`,
    opts.chunkSize,
  );
  const first = await rows.next();
  let token: string | undefined;
  async function* chunks(): AsyncGenerator<HistoryPoint[], void, undefined> {
    let sent = 0;
    let last: HistoryPoint | undefined;
    try {
      for (let r = first; !r.done; r = await rows.next()) {
        let points = r.value.map(toHistoryPoint);
        if (max !== undefined && sent + points.length > max) {
          // The query asked for max + 1 rows: a row past the page means there is a next page.
          points = points.slice(0, max - sent);
          last = points.at(-1) ?? last;
          token = encodeCursor({ value: last!.value, timestamp: BigInt(last!.timestamp), step: BigInt(last!.step) });
        }
        sent += points.length;
        last = points.at(-1) ?? last;
        if (points.length) yield points;
      }
    } finally {
      await rows.return();
    }
  }
  const gen = chunks();
  const close = async () => {
    await gen.return();
    await rows.return(); // a generator never started skips its finally
  };
  return { runId, key: metricKey, chunks: gen, nextPageToken: () => token, close };
}

/** The whole answer of openMetricHistory in memory (small histories, tests). */
export async function getMetricHistory(input: GetMetricHistoryInput): Promise<MetricHistoryPage> {
  const open = await openMetricHistory(input);
  const metrics: MetricPoint[] = [];
  try {
  for await (const chunk of open.chunks) {
    for (const p of chunk) {
      const m: MetricPoint = { key: open.key, value: p.value, timestamp: BigInt(p.timestamp), step: BigInt(p.step), runId: open.runId };
      if (p.modelId) m.modelId = p.modelId;
      if (p.datasetName) m.datasetName = p.datasetName;
      if (p.datasetDigest) m.datasetDigest = p.datasetDigest;
      metrics.push(m);
    }
  }
  } finally {
    await open.close();
  }
  return { metrics, nextPageToken: open.nextPageToken() };
}

/**
 * How bulk-interval picks steps. "shared" is MLflow's: the distinct steps of all requested runs
 * together are sampled once (so every run is charted at the same x positions), and each run's own
 * first and last step in range are added. "per-run" samples each run over its own steps (the
 * compare charts: a 10-step run next to a 10,000-step one keeps its 10 points).
 */
export type StepSampling = "shared" | "per-run";

/**
 * Sampled histories of one metric for up to 100 runs. The distinct steps inside [startStep,
 * endStep] (of all runs, or of each run: see StepSampling) are numbered k = 0…n-1; when
 * n > maxResults, step k is kept when some i in 0…maxResults-1 has floor(i·n / maxResults) = k
 * (MLflow's evenly spaced picks), and the last step always; each run's first and last step are
 * kept too (for every run of the group, as MLflow). All points at kept steps are returned (at most 25,000 per run, as MLflow), by run
 * (request order), then step, timestamp, value. One difference from MLflow, on purpose: without a
 * range MLflow starts at step 0 and drops negative steps; here the range is every logged step.
 */
export async function getMetricHistoryBulkInterval(
  input: GetMetricHistoryBulkIntervalInput,
  tx: Tx = db,
  sampling: StepSampling = "shared",
): Promise<MetricPoint[]> {
  const runIds = [...new Set(input.runIds)];
  await requireRuns(runIds, "READ", tx);
  if (!runIds.length) throw invalidParam("Missing value for required parameter 'run_ids'. See the API docs for more information about request parameters.");
  if (input.runIds.length > MAX_RUNS_PER_BULK_REQUEST) {
    throw invalidParam(
      `GetMetricHistoryBulkInterval request must specify at most ${MAX_RUNS_PER_BULK_REQUEST} run_ids. Received ${input.runIds.length} run_ids.`,
    );
  }
  const max = input.maxResults ?? MAX_RESULTS_PER_RUN;
  if (!Number.isInteger(max) || max < 1 || max > MAX_RESULTS_PER_RUN) throw invalidParam(`max_results must be between 1 and ${MAX_RESULTS_PER_RUN}.`);
  const hasStart = input.startStep !== undefined && input.startStep !== null;
  const hasEnd = input.endStep !== undefined && input.endStep !== null;
  if (hasStart !== hasEnd) throw invalidParam("If either start step or end step are specified, both must be specified.");
  let range = Prisma.empty;
  if (hasStart && hasEnd) {
    const start = BigInt(input.startStep!);
    const end = BigInt(input.endStep!);
    if (start > end) throw invalidParam(`end_step must be greater than start_step. Found start_step=${start} and end_step=${end}.`);
    range = Prisma.sql`AND step BETWEEN ${String(start)}::bigint AND ${String(end)}::bigint`;
  }
  const key = input.metricKey;
  // The sampling group of a run: one group for all ("shared"), or the run itself.
  const group = (col: Prisma.Sql) => (sampling === "shared" ? Prisma.sql`''` : col);
  // Short histories are sampled exactly over their distinct logged steps. A long history (more
  // than LONG_HISTORY_FACTOR × max rows in range) would make that a scan of every point, so its
  // group is sampled by step value instead: `max` targets evenly spaced from the group's first
  // step, plus its last, each resolved to the next step any run of the group logged by one
  // primary-key probe per run (a loose index scan) — a million-step history costs ~max probes.
  // Both keep every run's first and last step.
  const cap = max * LONG_HISTORY_FACTOR;
  const sizes = await boundedRead(tx, (t) => t.$queryRaw<{ run_id: string; n: bigint }[]>(Prisma.sql`
    SELECT r.run_id, (SELECT count(*) FROM (SELECT 1 FROM metrics WHERE run_id = r.run_id AND key = ${key} ${range} LIMIT ${cap}) x) AS n
    FROM unnest(${runIds}::text[]) AS r(run_id)`));
  const long = new Set(sizes.filter((r) => Number(r.n) >= cap).map((r) => r.run_id));
  const longRuns = sampling === "shared" ? (long.size ? runIds : []) : runIds.filter((id) => long.has(id));
  const shortRuns = runIds.filter((id) => !longRuns.includes(id));
  // All points of each run at its group's kept steps, one primary-key lookup per (run, step).
  const pointsAt = (wanted: Prisma.Sql) => Prisma.sql`
    , wanted AS (${wanted})
    SELECT m.run_id, m.key, m.value, m.timestamp, m.step
    FROM wanted w CROSS JOIN LATERAL (
      SELECT run_id, key, value, timestamp, step FROM metrics
      WHERE run_id = w.run_id AND key = ${key} AND step = w.step
      ORDER BY timestamp, value LIMIT ${MAX_HISTORY_BULK_RESULTS}
    ) m`;
  const [short, longPoints] = await Promise.all([
    shortRuns.length
      ? boundedRead(tx, (t) => t.$queryRaw<PointRow[]>(Prisma.sql`
    WITH steps AS (
      SELECT DISTINCT ${group(Prisma.sql`run_id`)} AS g, step FROM metrics
      WHERE run_id = ANY(${shortRuns}::text[]) AND key = ${key} ${range}
    ), numbered AS (
      SELECT g, step, row_number() OVER w - 1 AS k, count(*) OVER w AS n
      FROM steps
      WINDOW w AS (PARTITION BY g ORDER BY step ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)
    ), picked AS (
      SELECT g, step FROM numbered
      WHERE n <= ${max}::bigint
         OR k = n - 1
         OR ((k * ${max}::bigint + n - 1) / n) * n < (k + 1) * ${max}::bigint
    ), bounds AS (
      SELECT run_id, min(step) AS lo, max(step) AS hi FROM metrics
      WHERE run_id = ANY(${shortRuns}::text[]) AND key = ${key} ${range} GROUP BY run_id
    ), kept AS (
      SELECT g, step FROM picked
      UNION SELECT ${group(Prisma.sql`run_id`)}, lo FROM bounds
      UNION SELECT ${group(Prisma.sql`run_id`)}, hi FROM bounds
    )${pointsAt(Prisma.sql`
      SELECT r.run_id, k.step FROM unnest(${shortRuns}::text[]) AS r(run_id) JOIN kept k ON k.g = ${group(Prisma.sql`r.run_id`)}`)}`))
      : Promise.resolve([] as PointRow[]),
    longRuns.length
      ? boundedRead(tx, (t) => t.$queryRaw<PointRow[]>(Prisma.sql`
    WITH per_run AS (
      SELECT r.run_id, ${group(Prisma.sql`r.run_id`)} AS g,
        (SELECT step FROM metrics WHERE run_id = r.run_id AND key = ${key} ${range} ORDER BY step ASC LIMIT 1) AS lo,
        (SELECT step FROM metrics WHERE run_id = r.run_id AND key = ${key} ${range} ORDER BY step DESC LIMIT 1) AS hi
      FROM unnest(${longRuns}::text[]) AS r(run_id)
    ), bounds AS (
      SELECT g, min(lo) AS lo, max(hi) AS hi FROM per_run WHERE lo IS NOT NULL GROUP BY g
    ), targets AS (
      -- max evenly spaced targets from the first step, plus the last step (as MLflow: 0..5 with
      -- max 3 → 0, 2, 4 and 5)
      SELECT DISTINCT b.g, b.hi, b.lo + ceil((b.hi - b.lo + 1)::numeric * i / ${max}::int)::bigint AS t
      FROM bounds b, generate_series(0, ${max}::int - 1) AS i
      UNION SELECT b.g, b.hi, b.hi FROM bounds b
    ), picked AS (
      SELECT t.g, min(s.step) AS step FROM targets t JOIN per_run pr ON pr.g = t.g CROSS JOIN LATERAL (
        SELECT step FROM metrics WHERE run_id = pr.run_id AND key = ${key} AND step >= t.t AND step <= t.hi
        ORDER BY step LIMIT 1
      ) s GROUP BY t.g, t.t
    ), kept AS (
      SELECT g, step FROM picked
      UNION SELECT g, lo FROM per_run WHERE lo IS NOT NULL
      UNION SELECT g, hi FROM per_run WHERE hi IS NOT NULL
    )${pointsAt(Prisma.sql`
      SELECT pr.run_id, k.step FROM per_run pr JOIN kept k ON k.g = pr.g`)}`))
      : Promise.resolve([] as PointRow[]),
  ]);
  const order = new Map(runIds.map((id, i) => [id, i]));
  const byRunThenStep = (a: PointRow, b: PointRow) =>
    order.get(a.run_id)! - order.get(b.run_id)! ||
    cmpBig(BigInt(a.step), BigInt(b.step)) ||
    cmpBig(BigInt(a.timestamp), BigInt(b.timestamp)) ||
    toFloat(a.value) - toFloat(b.value);
  const sorted = [...short, ...longPoints].sort(byRunThenStep);
  const perRun = new Map<string, number>();
  // at most 25,000 points per run (MLflow's MAX_RESULTS_GET_METRIC_HISTORY), in the order above
  return sorted.filter((r) => {
    const n = (perRun.get(r.run_id) ?? 0) + 1;
    perRun.set(r.run_id, n);
    return n <= MAX_HISTORY_BULK_RESULTS;
  }).map(toPoint);
}

const cmpBig = (a: bigint, b: bigint) => (a < b ? -1 : a > b ? 1 : 0);

/** Legacy metrics/get-history-bulk (UI only): full histories of up to 100 runs, ≤ 25 000 points. */
export async function getMetricHistoryBulk(
  input: { runIds: string[]; metricKey?: string; maxResults?: number },
  tx: Tx = db,
): Promise<MetricPoint[]> {
  await requireRuns(input.runIds, "READ", tx);
  if (!input.runIds.length) throw invalidParam("GetMetricHistoryBulk request must specify at least one run_id.");
  if (input.runIds.length > MAX_RUNS_PER_BULK_REQUEST) {
    throw invalidParam(
      `GetMetricHistoryBulk request cannot specify more than ${MAX_RUNS_PER_BULK_REQUEST} run_ids. Received ${input.runIds.length} run_ids.`,
    );
  }
  if (input.metricKey === undefined || input.metricKey === null) throw invalidParam("GetMetricHistoryBulk request must specify a metric_key.");
  const max = Math.min(input.maxResults ?? MAX_HISTORY_BULK_RESULTS, MAX_HISTORY_BULK_RESULTS);
  if (max < 1) throw invalidParam(`Invalid value ${max} for parameter 'max_results' supplied. It must be a positive integer.`);
  const rows = await boundedRead(tx, (t) => t.$queryRaw<PointRow[]>(Prisma.sql`
    SELECT run_id, key, value, timestamp, step FROM metrics
    WHERE run_id = ANY(${[...new Set(input.runIds)]}::text[]) AND key = ${input.metricKey}
    ORDER BY run_id, timestamp, step, value LIMIT ${max}`));
  return rows.map(toPoint);
}
