import "server-only";
import { readableExperimentIds, requireRun } from "@/lib/domain/auth/authorize";
import { db, Prisma, type Tx } from "@/lib/db";
import { streamChunkRows } from "@/lib/domain/bounded-read";
import { loadDatasetInputs } from "@/lib/domain/datasets";
import { searchRunIds } from "@/lib/domain/search/run-query";
import type { SearchRunsInput } from "@/lib/schemas/run";
import { findRunRow, noSuchRun, toInfo, type FullRun, type RunInfoRecord, type RunRow } from "@/lib/domain/runs/records";

// Reading runs: whole runs by id (runs/get, and what runs/search returns), just the info, and
// runs/search itself (ids from the SQL compiler in lib/domain/search/run-query.ts, then the same
// batched loader).

interface HydratedRow {
  id: string;
  name: string;
  experimentId: number;
  userId: string;
  status: RunRow["status"];
  startTime: bigint;
  endTime: bigint | null;
  artifactUri: string;
  lifecycleStage: RunRow["lifecycleStage"];
  parentRunId: string | null;
  /** JSON arrays built by PostgreSQL (text: parsed here, once, by JSON.parse). */
  params: string | null;
  tags: string | null;
  metrics: string | null;
  modelInputs: string | null;
  modelOutputs: string | null;
}

/** A float8 as PostgreSQL writes it in JSON: a number, or "NaN" / "Infinity" / "-Infinity" as a string. */
const jsonDouble = (v: number | string): number => (typeof v === "number" ? v : Number(v));

/**
 * Full runs (info, params, tags, latest metrics, inputs, outputs) in the given order; unknown ids
 * are skipped. No permission check: give ids the caller may read.
 *
 * One query: PostgreSQL aggregates each run's params, tags, metrics and model links into compact
 * JSON arrays (in key order), so a page of 1,000 runs × 40 values is 1,000 rows of text, not
 * 40,000 row objects (Prisma's findMany per table was ~4× the hand-written SQL; bench/search.mjs).
 */
export async function loadRuns(runIds: string[], tx: Tx = db): Promise<FullRun[]> {
  const ids = [...new Set(runIds)];
  if (!ids.length) return [];
  const [rows, datasets] = await Promise.all([
    tx.$queryRaw<HydratedRow[]>(Prisma.sql`
      SELECT r.id, r.name, r.experiment_id AS "experimentId", r.user_id AS "userId", r.status::text AS status,
        r.start_time AS "startTime", r.end_time AS "endTime", r.artifact_uri AS "artifactUri",
        r.lifecycle_stage::text AS "lifecycleStage", r.parent_run_id AS "parentRunId",
        (SELECT json_agg(json_build_array(p.key, p.value) ORDER BY p.key)::text FROM params p WHERE p.run_id = r.id) AS params,
        (SELECT json_agg(json_build_array(t.key, t.value) ORDER BY t.key)::text FROM run_tags t WHERE t.run_id = r.id) AS tags,
        (SELECT json_agg(json_build_array(m.key, m.value, m.timestamp::text, m.step::text) ORDER BY m.key)::text
           FROM latest_metrics m WHERE m.run_id = r.id) AS metrics,
        (SELECT json_agg(mi.model_id ORDER BY mi.model_id)::text FROM run_model_inputs mi WHERE mi.run_id = r.id) AS "modelInputs",
        (SELECT json_agg(json_build_array(mo.model_id, mo.step::text) ORDER BY mo.step, mo.model_id)::text
           FROM run_model_outputs mo WHERE mo.run_id = r.id) AS "modelOutputs"
      FROM runs r WHERE r.id = ANY(${ids}::text[])`),
    loadDatasetInputs(ids, tx),
  ]);
  const byId = new Map(rows.map((r) => [r.id, r]));
  const list = <T>(text: string | null): T[] => (text ? (JSON.parse(text) as T[]) : []);
  const out: FullRun[] = [];
  for (const id of runIds) {
    const r = byId.get(id);
    if (!r) continue;
    byId.delete(id); // a repeated id appears once
    out.push({
      info: toInfo(r),
      data: {
        metrics: list<[string, number | string, string, string]>(r.metrics).map(([key, value, timestamp, step]) => ({
          key,
          value: jsonDouble(value),
          timestamp: BigInt(timestamp),
          step: BigInt(step),
        })),
        params: list<[string, string]>(r.params).map(([key, value]) => ({ key, value })),
        tags: list<[string, string]>(r.tags).map(([key, value]) => ({ key, value })),
      },
      inputs: { datasets: datasets.get(id) ?? [], models: list<string>(r.modelInputs).map((modelId) => ({ modelId })) },
      outputs: { models: list<[string, string]>(r.modelOutputs).map(([modelId, step]) => ({ modelId, step: BigInt(step) })) },
    });
  }
  return out;
}

/** The full run (deleted runs too), or null. */
export async function getRun(runId: string, tx: Tx = db): Promise<FullRun | null> {
  await requireRun(runId, "READ", tx);
  const [run] = await loadRuns([runId], tx);
  return run ?? null;
}

export async function getRunOrThrow(runId: string, tx: Tx = db): Promise<FullRun> {
  const run = await getRun(runId, tx);
  if (!run) throw noSuchRun(runId);
  return run;
}

/** Just the run info, or null. */
export async function getRunInfo(runId: string, tx: Tx = db): Promise<RunInfoRecord | null> {
  await requireRun(runId, "READ", tx);
  const row = await tx.run.findUnique({ where: { id: runId } });
  return row ? toInfo(row) : null;
}

export interface RunPage {
  runs: FullRun[];
  nextPageToken?: string;
}

/**
 * Runs hydrated per query when a search page is read chunk by chunk: a tenth of
 * RUNBOARD_STREAM_CHUNK rows (a run is some tens of rows), 1,000 by default.
 */
export const searchChunkRuns = () => Math.max(1, Math.floor(streamChunkRows() / 10));

export interface RunSearchStream {
  /** How many runs the page has (ids found by the search; a run deleted meanwhile is skipped). */
  size: number;
  /** The page's runs, in order, loaded searchChunkRuns() at a time as the caller asks for them. */
  chunks: AsyncGenerator<FullRun[], void, undefined>;
  nextPageToken?: string;
}

/**
 * MLflow's runs/search (filter and order_by grammar: docs/mlflow-compatibility.md#search-filters,
 * opaque page tokens), read chunk by chunk: the ids of the whole page come from one bounded query,
 * the runs themselves are loaded a chunk at a time, so a 50,000-run page never sits in memory
 * whole (runs/search streams it out; bench/search.mjs). A run deleted between the two reads is
 * left out of the page, as it would be had the search started a moment later.
 */
export async function openRunSearch(input: SearchRunsInput, tx: Tx = db): Promise<RunSearchStream> {
  const page = await searchRunIds(
    {
      // MLflow's rule: experiments the caller may not read are silently dropped from the request.
      experimentIds: await readableExperimentIds(input.experimentIds),
      filter: input.filter,
      runViewType: input.runViewType ?? "ACTIVE_ONLY",
      orderBy: input.orderBy,
      maxResults: input.maxResults,
      pageToken: input.pageToken,
    },
    tx,
  );
  const n = searchChunkRuns();
  async function* chunks(): AsyncGenerator<FullRun[], void, undefined> {
    for (let i = 0; i < page.runIds.length; i += n) yield await loadRuns(page.runIds.slice(i, i + n), tx);
  }
  return { size: page.runIds.length, chunks: chunks(), nextPageToken: page.nextPageToken };
}

/** runs/search, the whole page at once (for callers that need the runs as values). */
export async function searchRuns(input: SearchRunsInput, tx: Tx = db): Promise<RunPage> {
  const search = await openRunSearch(input, tx);
  const runs: FullRun[] = [];
  for await (const chunk of search.chunks) runs.push(...chunk);
  return search.nextPageToken ? { runs, nextPageToken: search.nextPageToken } : { runs };
}

/** The experiment id (integer) of a run, or null when the run does not exist. */
export async function getRunExperimentId(runId: string, tx: Tx = db): Promise<number | null> {
  await requireRun(runId, "READ", tx);
  const run = await findRunRow(tx, runId);
  return run ? run.experimentId : null;
}
