import "server-only";
import { db, Prisma, type Tx } from "@/lib/db";
import { requireExperiment, requireRun, requireTrace, requireTraces } from "@/lib/domain/auth/authorize";
import { getExperimentOrThrow } from "@/lib/domain/experiments";
import { inTransaction } from "@/lib/domain/tx";
import { invalidParam, notFound } from "@/lib/errors";
import { checkTraceId } from "./ids";
import { traceExperimentIdOrThrow } from "./info";
import { IMMUTABLE_TAGS, MAX_TRACE_IDS_PER_CALL, TAG } from "./keys";
import { addTracePromptLinks, checkTagPairs, syncTracePromptLinks, upsertPairs } from "./writes";

// Changing finished traces (docs/mlflow-compatibility.md#traces): tags, deletion, links to runs and prompt versions.
// Each function takes the trace (or experiment) id first; the experiment is one indexed lookup.

function checkMutableTag(key: string): void {
  if (IMMUTABLE_TAGS.has(key)) throw invalidParam(`Tag '${key}' is set by the server and cannot be changed.`);
}

export async function setTraceTag(traceId: string, key: string, value: string, tx: Tx = db): Promise<void> {
  checkTagPairs([[key, value]]);
  checkMutableTag(key);
  await requireTrace(traceId, "EDIT", tx);
  await inTransaction(tx, async (t) => {
    await traceExperimentIdOrThrow(traceId, t);
    await upsertPairs(t, "trace_tags", traceId, [[key, value]]);
    if (key === TAG.traceName) await t.$executeRaw`UPDATE traces SET name = ${value} WHERE id = ${traceId}`;
    if (key === TAG.linkedPrompts) await syncTracePromptLinks(t, traceId, value);
  });
}

export async function deleteTraceTag(traceId: string, key: string, tx: Tx = db): Promise<void> {
  checkMutableTag(key);
  await requireTrace(traceId, "EDIT", tx);
  await inTransaction(tx, async (t) => {
    await traceExperimentIdOrThrow(traceId, t);
    const n = await t.$executeRaw`DELETE FROM trace_tags WHERE trace_id = ${traceId} AND key = ${key}`;
    if (n === 0) throw notFound(`No trace tag with key '${key}' for trace with ID '${traceId}'`);
    if (key === TAG.traceName) await t.$executeRaw`UPDATE traces SET name = NULL WHERE id = ${traceId}`;
    if (key === TAG.linkedPrompts) await syncTracePromptLinks(t, traceId, null);
  });
}

export interface DeleteTracesInput {
  experimentId: string;
  traceIds?: string[];
  maxTimestampMillis?: bigint;
  maxTraces?: number;
}

/** delete-traces: by ids, or the oldest up to max_timestamp_millis (at most max_traces). */
export async function deleteTraces(input: DeleteTracesInput, tx: Tx = db): Promise<number> {
  const ids = input.traceIds ?? [];
  if (input.maxTimestampMillis === undefined && ids.length === 0) throw invalidParam("Either `max_timestamp_millis` or `trace_ids` must be specified.");
  if (input.maxTimestampMillis !== undefined && ids.length) throw invalidParam("Only one of `max_timestamp_millis` and `trace_ids` can be specified.");
  if (ids.length && input.maxTraces !== undefined) throw invalidParam("`max_traces` can't be specified if `trace_ids` is specified.");
  if (input.maxTraces !== undefined && input.maxTraces <= 0) throw invalidParam(`\`max_traces\` must be a positive integer, received ${input.maxTraces}.`);
  if (ids.length > MAX_TRACE_IDS_PER_CALL) throw invalidParam(`At most ${MAX_TRACE_IDS_PER_CALL} trace ids may be deleted per request; got ${ids.length}.`);
  // Deleting traces needs MANAGE, as deleting runs does (docs/mlflow-compatibility.md#traces leaves it open).
  await requireExperiment(input.experimentId, "MANAGE");
  const e = await getExperimentOrThrow(input.experimentId, tx);
  const exp = Number(e.experimentId);
  const which = ids.length
    ? Prisma.sql`SELECT id FROM traces WHERE experiment_id = ${exp} AND id = ANY(${ids}::text[])`
    : Prisma.sql`SELECT id FROM traces WHERE experiment_id = ${exp} AND request_time <= ${input.maxTimestampMillis!}
        ORDER BY request_time, id LIMIT ${input.maxTraces ?? null}::int`;
  // Run links have no foreign key to traces (a link may precede its trace): delete them too.
  const rows = await tx.$queryRaw<{ n: bigint }[]>(Prisma.sql`
    WITH d AS (DELETE FROM traces WHERE id IN (${which}) RETURNING id),
         l AS (DELETE FROM trace_run_links WHERE trace_id IN (SELECT id FROM d))
    SELECT count(*)::bigint AS n FROM d`);
  return Number(rows[0].n);
}

/** link-to-run (mlflow.genai.evaluate links every prediction's trace to the evaluation run). */
export async function linkTracesToRun(runId: string, traceIds: string[], tx: Tx = db): Promise<void> {
  if (traceIds.length > MAX_TRACE_IDS_PER_CALL) {
    throw invalidParam(`Cannot link more than ${MAX_TRACE_IDS_PER_CALL} traces to a run in a single request. Provided ${traceIds.length} traces.`);
  }
  await requireRun(runId, "EDIT", tx);
  await requireTraces(traceIds, "READ", tx);
  const run = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM runs WHERE id = ${runId}`;
  if (!run.length) throw notFound(`Run with id=${runId} not found`);
  if (!traceIds.length) return;
  // The traces may not exist yet: the client links right after the spans end, while their
  // export is still in flight. Ids are checked for shape only.
  for (const id of traceIds) checkTraceId(id);
  await tx.$executeRaw`
    INSERT INTO trace_run_links (trace_id, run_id) SELECT unnest(${traceIds}::text[]), ${runId}
    ON CONFLICT DO NOTHING`;
}

/** link-prompts: adds links to the named prompt versions (unknown versions are skipped). */
export async function linkPromptsToTrace(traceId: string, refs: { name: string; version: string }[], tx: Tx = db): Promise<void> {
  await requireTrace(traceId, "EDIT", tx);
  await inTransaction(tx, async (t) => {
    await traceExperimentIdOrThrow(traceId, t);
    await addTracePromptLinks(t, traceId, refs);
  });
}
