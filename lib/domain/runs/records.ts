import "server-only";
import { Prisma, type Tx } from "@/lib/db";
import { invalidParam, notFound } from "@/lib/errors";
import type { DatasetInputRecord } from "@/lib/domain/datasets";
import type { RunStatusName } from "@/lib/schemas/run";

// What a run is as the rest of the code sees it (the records the readers return and the wire
// mapper in lib/mlflow/runs.ts turns into MLflow JSON), the reserved tags mirrored onto run
// columns, and the row checks every run writer starts with. The run files answer one question
// each: read.ts (reading and searching runs), lifecycle.ts (create / update / delete /
// restore), log-batch.ts (the metric/param/tag write path), tags.ts (tag writes and their
// mirrors), inputs.ts (datasets, model inputs/outputs, legacy log-model), table.ts (the runs
// table's read model).

export const RUN_NAME_TAG = "mlflow.runName";
export const PARENT_RUN_ID_TAG = "mlflow.parentRunId";
export const LOG_MODEL_HISTORY_TAG = "mlflow.log-model.history";

export interface KeyValue {
  key: string;
  value: string;
}

export interface RunInfoRecord {
  runId: string;
  runName: string;
  experimentId: string;
  userId: string;
  status: RunStatusName;
  startTime: bigint;
  endTime: bigint | null;
  artifactUri: string;
  lifecycleStage: "active" | "deleted";
  parentRunId: string | null;
}

export interface MetricRecord {
  key: string;
  value: number;
  timestamp: bigint;
  step: bigint;
}

export interface FullRun {
  info: RunInfoRecord;
  /** metrics: the latest value per key (highest step, then latest timestamp, then max value). */
  data: { metrics: MetricRecord[]; params: KeyValue[]; tags: KeyValue[] };
  inputs: { datasets: DatasetInputRecord[]; models: { modelId: string }[] };
  outputs: { models: { modelId: string; step: bigint }[] };
}

export type RunRow = Pick<
  Prisma.RunGetPayload<object>,
  "id" | "name" | "experimentId" | "userId" | "status" | "startTime" | "endTime" | "artifactUri" | "lifecycleStage" | "parentRunId"
>;

export function toInfo(r: RunRow): RunInfoRecord {
  return {
    runId: r.id,
    runName: r.name,
    experimentId: String(r.experimentId),
    userId: r.userId,
    status: r.status,
    startTime: r.startTime,
    endTime: r.endTime,
    artifactUri: r.artifactUri,
    lifecycleStage: r.lifecycleStage,
    parentRunId: r.parentRunId,
  };
}

export const byKey = <T extends { key: string }>(a: T, b: T) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
export const now = () => BigInt(Date.now());
export const noSuchRun = (runId: string) => notFound(`Run with id=${runId} not found`);

export function assertRunActive(run: { id: string; lifecycleStage: string }): void {
  if (run.lifecycleStage !== "active") {
    throw invalidParam(`The run ${run.id} must be in the 'active' state. Current state is ${run.lifecycleStage}.`);
  }
}

export async function findRunRow(tx: Tx, runId: string) {
  const rows = await tx.$queryRaw<{ id: string; experimentId: number; lifecycleStage: string; name: string }[]>`
    SELECT id, experiment_id AS "experimentId", lifecycle_stage::text AS "lifecycleStage", name FROM runs WHERE id = ${runId}`;
  return rows[0] ?? null;
}

export async function activeRunOrThrow(tx: Tx, runId: string) {
  const run = await findRunRow(tx, runId);
  if (!run) throw noSuchRun(runId);
  assertRunActive(run);
  return run;
}

/** An optional int64 from the wire (number or bigint) as a bigint. */

export function toBigInt(v: bigint | number | undefined | null, fallback: bigint): bigint {
  if (v === undefined || v === null) return fallback;
  return typeof v === "bigint" ? v : BigInt(Math.trunc(v));
}
