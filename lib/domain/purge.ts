import "server-only";
import { db, getPool } from "@/lib/db";
import { runAsSystem } from "@/lib/domain/auth/caller";
import { deleteArtifactsAt } from "@/lib/domain/artifacts/files";
import { isServedArtifactUri } from "@/lib/domain/artifacts/paths";
import { Prisma } from "@/lib/generated/prisma/client";

// What deleting does to data and artifacts (README, "Deleting and purging"):
//  - Deleting a run, an experiment or a logged model (API or UI) is soft, as in MLflow: rows and
//    artifacts stay, so restoring brings everything back.
//  - Purging makes it permanent, like `mlflow gc`: what has been deleted for longer than the
//    retention (RUNBOARD_PURGE_AFTER) is removed — rows, metric history, and the artifacts below
//    its artifact URI. Artifacts first, then rows: a purge cut short leaves rows pointing at
//    missing files (finished by the next purge), never files nobody can find.
//  - Kept while a registered model version still points at them: a run or logged model that is
//    the source of a model version (the version's files live in its artifacts).
//  - Artifacts that this server does not serve (an experiment created with an s3:// or other
//    artifact_location of the user's own) are never touched.
//  - Registry deletes (model versions, registered models, prompts) are immediate and remove no
//    artifacts: the files belong to the run or logged model.

export interface PurgeResult {
  runs: number;
  loggedModels: number;
  experiments: number;
  /** Deleted, due, but kept because a model version uses them. */
  keptForModelVersions: number;
}

const BATCH = 50;

async function deleteArtifactsOf(uri: string): Promise<void> {
  if (isServedArtifactUri(uri)) await deleteArtifactsAt(uri).catch((e) => {
    // The root itself is refused (an experiment whose location is the store's root): skip it.
    if (e instanceof Error && /whole artifact root/.test(e.message)) return;
    throw e;
  });
}

/**
 * Permanently removes what was deleted at or before `cutoffMs` (epoch ms), in all experiments or
 * only in `experimentIds`. Runs as the system (a scheduled job, not a user request).
 */
export async function purgeDeleted(cutoffMs: number, opts: { experimentIds?: number[] } = {}): Promise<PurgeResult> {
  return runAsSystem("purge", async () => {
    const cutoff = BigInt(Math.floor(cutoffMs));
    const only = opts.experimentIds;
    const inScope = (col: string) => (only ? Prisma.sql`AND ${Prisma.raw(col)} = ANY(${only}::int[])` : Prisma.empty);
    const result: PurgeResult = { runs: 0, loggedModels: 0, experiments: 0, keptForModelVersions: 0 };

    // Runs deleted long enough ago (their own deletion, or their experiment's).
    const kept = await db.$queryRaw<{ n: bigint }[]>(Prisma.sql`
      SELECT count(*) AS n FROM runs r
      WHERE r.lifecycle_stage = 'deleted' AND r.deleted_time <= ${cutoff} ${inScope("r.experiment_id")}
        AND EXISTS (SELECT 1 FROM model_versions mv WHERE mv.run_id = r.id)`);
    result.keptForModelVersions += Number(kept[0]?.n ?? 0);
    for (;;) {
      const runs = await db.$queryRaw<{ id: string; artifactUri: string }[]>(Prisma.sql`
        SELECT r.id, r.artifact_uri AS "artifactUri" FROM runs r
        WHERE r.lifecycle_stage = 'deleted' AND r.deleted_time <= ${cutoff} ${inScope("r.experiment_id")}
          AND NOT EXISTS (SELECT 1 FROM model_versions mv WHERE mv.run_id = r.id)
        ORDER BY r.deleted_time LIMIT ${BATCH}`);
      if (runs.length === 0) break;
      for (const r of runs) await deleteArtifactsOf(r.artifactUri);
      const ids = runs.map((r) => r.id);
      await db.$transaction([
        // metrics has no foreign key to runs (see schema.prisma): its rows go explicitly.
        db.$executeRaw(Prisma.sql`DELETE FROM metrics WHERE run_id = ANY(${ids}::text[])`),
        db.$executeRaw(Prisma.sql`DELETE FROM runs WHERE id = ANY(${ids}::text[])`),
      ]);
      result.runs += ids.length;
    }

    // Logged models deleted long enough ago, or in an experiment deleted long enough ago.
    const keptModels = await db.$queryRaw<{ n: bigint }[]>(Prisma.sql`
      SELECT count(*) AS n FROM logged_models m
      WHERE m.lifecycle_stage = 'deleted' AND m.last_updated_timestamp_ms <= ${cutoff} ${inScope("m.experiment_id")}
        AND EXISTS (SELECT 1 FROM model_versions mv WHERE mv.model_id = m.id)`);
    result.keptForModelVersions += Number(keptModels[0]?.n ?? 0);
    for (;;) {
      const models = await db.$queryRaw<{ id: string; artifactUri: string }[]>(Prisma.sql`
        SELECT m.id, m.artifact_uri AS "artifactUri" FROM logged_models m JOIN experiments e ON e.id = m.experiment_id
        WHERE ((m.lifecycle_stage = 'deleted' AND m.last_updated_timestamp_ms <= ${cutoff})
               OR (e.lifecycle_stage = 'deleted' AND e.last_update_time <= ${cutoff}))
          AND NOT EXISTS (SELECT 1 FROM model_versions mv WHERE mv.model_id = m.id) ${inScope("m.experiment_id")}
        LIMIT ${BATCH}`);
      if (models.length === 0) break;
      for (const m of models) await deleteArtifactsOf(m.artifactUri);
      await db.$executeRaw(Prisma.sql`DELETE FROM logged_models WHERE id = ANY(${models.map((m) => m.id)}::text[])`);
      result.loggedModels += models.length;
    }

    // Experiments deleted long enough ago, once nothing of theirs is left (all their runs and
    // models purged above, none kept for a model version). Experiment 0 (Default) stays.
    const experiments = await db.$queryRaw<{ id: number; artifactLocation: string }[]>(Prisma.sql`
      SELECT e.id, e.artifact_location AS "artifactLocation" FROM experiments e
      WHERE e.lifecycle_stage = 'deleted' AND e.last_update_time <= ${cutoff} AND e.id <> 0 ${inScope("e.id")}
        AND NOT EXISTS (SELECT 1 FROM runs r WHERE r.experiment_id = e.id)
        AND NOT EXISTS (SELECT 1 FROM logged_models m WHERE m.experiment_id = e.id)`);
    for (const e of experiments) {
      await deleteArtifactsOf(e.artifactLocation);
      await db.$executeRaw(Prisma.sql`DELETE FROM experiments WHERE id = ${e.id}`);
      result.experiments++;
    }
    return result;
  });
}

/** Parses a retention like `30d`, `12h`, `90m`, `3600s` (or plain seconds) into milliseconds. */
export function parseRetention(v: string | undefined): number | null {
  if (!v) return null;
  const m = /^\s*(\d+(?:\.\d+)?)\s*([smhd]?)\s*$/i.exec(v);
  if (!m) return null;
  const unit = { "": 1000, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[m[2].toLowerCase() as "" | "s" | "m" | "h" | "d"];
  return Number(m[1]) * unit;
}

// Any constant: one purge at a time across all instances sharing the database.
const PURGE_LOCK = 72707370;

/**
 * One scheduled purge (every instance runs the schedule; the advisory lock lets one of them work
 * at a time, the others skip). Returns null when another instance holds the lock.
 */
export async function runScheduledPurge(retentionMs: number, opts: { now?: number; experimentIds?: number[] } = {}): Promise<PurgeResult | null> {
  const client = await getPool().connect();
  try {
    const { rows } = await client.query<{ ok: boolean }>("SELECT pg_try_advisory_lock($1) AS ok", [PURGE_LOCK]);
    if (!rows[0]?.ok) return null;
    try {
      return await purgeDeleted((opts.now ?? Date.now()) - retentionMs, { experimentIds: opts.experimentIds });
    } finally {
      await client.query("SELECT pg_advisory_unlock($1)", [PURGE_LOCK]);
    }
  } finally {
    client.release();
  }
}
