import "server-only";
import { requireRun } from "@/lib/domain/auth/authorize";
import { db, type Tx } from "@/lib/db";

// One metric history of one run, downsampled for a chart. Short histories come back whole;
// long ones are sampled with a loose index scan: `points` target steps evenly spaced between the
// first and the last step, each resolved to the next logged step by one probe of the metrics
// primary key (run_id, key, step, …). A million-step history costs `points` index probes, not a
// scan of a million rows, so the run page's charts load in milliseconds at any length.

export interface SeriesPoint {
  step: number;
  timestamp: number;
  value: number;
}

export async function getMetricSeries(runId: string, key: string, points = 1000, tx: Tx = db): Promise<{ points: SeriesPoint[]; sampled: boolean }> {
  await requireRun(runId, "READ", tx);
  const n = Math.min(Math.max(Math.trunc(points), 2), 5000);
  type Row = { step: bigint; timestamp: bigint; value: number };
  const toPoint = (r: Row): SeriesPoint => ({ step: Number(r.step), timestamp: Number(r.timestamp), value: r.value });
  const head = await tx.$queryRaw<Row[]>`
    SELECT step, timestamp, value FROM metrics WHERE run_id = ${runId} AND key = ${key}
    ORDER BY step, timestamp, value LIMIT ${n + 1}`;
  if (head.length <= n) return { points: head.map(toPoint), sampled: false };
  const rows = await tx.$queryRaw<Row[]>`
    WITH bounds AS (
      SELECT (SELECT step FROM metrics WHERE run_id = ${runId} AND key = ${key} ORDER BY step ASC LIMIT 1) AS lo,
             (SELECT step FROM metrics WHERE run_id = ${runId} AND key = ${key} ORDER BY step DESC LIMIT 1) AS hi
    ), targets AS (
      SELECT DISTINCT (lo + ((hi - lo)::numeric * i / ${n - 1}::int)::bigint) AS t FROM bounds, generate_series(0, ${n - 1}::int) AS i
    )
    SELECT DISTINCT ON (p.step) p.step, p.timestamp, p.value
    FROM targets CROSS JOIN LATERAL (
      SELECT step, timestamp, value FROM metrics
      WHERE run_id = ${runId} AND key = ${key} AND step >= targets.t
      ORDER BY step, timestamp, value LIMIT 1
    ) p
    ORDER BY p.step`;
  return { points: rows.map(toPoint), sampled: true };
}
