import "server-only";
import { db, Prisma, type Tx } from "@/lib/db";
import { DomainError, invalidParam, notFound } from "@/lib/errors";
import type { ImportEntityKind, ImportJobStatus } from "@/lib/generated/prisma/enums";
import { assertCanImport } from "@/lib/domain/import/access";
import { validateLength } from "@/lib/domain/validation";

// Import jobs and the per-source import state (issue 14). A source is the MLflow-compatible
// server imported from, by URL; a job is one `npm run import`. The state — what has been copied
// and a fingerprint of each entity's content at the source — belongs to the source, so the next
// job from the same source (after an interruption, or a week later) copies only what is new or
// changed. Entity writes live in experiments.ts, runs.ts, models.ts; they all go through
// `runningJob` (the job must still be running) and `recordEntity`.

export type { ImportEntityKind, ImportJobStatus };
export const IMPORT_ENTITY_KINDS = ["experiment", "run", "logged_model", "registered_model"] as const satisfies readonly ImportEntityKind[];

/** A running job silent for this long (no progress, no writes) is considered interrupted. */
export const STALE_JOB_MS = 120_000;
/** Failures kept in a stored report (the JSON report file written by the CLI has them all). */
export const STORED_FAILURES_MAX = 1000;

export interface ImportJobRecord {
  id: number;
  sourceId: number;
  sourceUrl: string;
  status: ImportJobStatus;
  startedAt: bigint;
  heartbeatAt: bigint;
  finishedAt: bigint | null;
  options: Record<string, unknown>;
  progress: Record<string, unknown> | null;
  report: Record<string, unknown> | null;
}

const now = () => BigInt(Date.now());
const asObject = (v: unknown): Record<string, unknown> | null => (v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : null);

type JobRow = Prisma.ImportJobGetPayload<{ include: { source: { select: { url: true } } } }>;

function toRecord(row: JobRow, at = now()): ImportJobRecord {
  // A running job whose process stopped answering is reported as interrupted.
  const stale = row.status === "running" && at - row.heartbeatAt > BigInt(STALE_JOB_MS);
  return {
    id: row.id,
    sourceId: row.sourceId,
    sourceUrl: row.source.url,
    status: stale ? "interrupted" : row.status,
    startedAt: row.startedAt,
    heartbeatAt: row.heartbeatAt,
    finishedAt: row.finishedAt,
    options: asObject(row.options) ?? {},
    progress: asObject(row.progress),
    report: asObject(row.report),
  };
}

const JOB_INCLUDE = { source: { select: { url: true } } } as const;

/**
 * A source URL as stored: scheme, host, port and path, lowercased host, no credentials, query,
 * fragment or trailing slash. `http://User:pw@Host:5000/mlflow/` → `http://host:5000/mlflow`.
 */
export function normalizeSourceUrl(raw: string): string {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    throw invalidParam(`Invalid source URL '${raw}'.`);
  }
  if (u.protocol !== "http:" && u.protocol !== "https:") throw invalidParam(`Invalid source URL '${raw}': only http and https are supported.`);
  const port = u.port ? `:${u.port}` : "";
  const out = `${u.protocol}//${u.hostname.toLowerCase()}${port}${u.pathname.replace(/\/+$/, "")}`;
  validateLength("source_url", out, 2000);
  return out;
}

export interface StartImportResult {
  job: ImportJobRecord;
  /** The previous job from this source, if any (e.g. the interrupted one this job resumes). */
  previous: ImportJobRecord | null;
  /** Entities already copied from this source, per kind. */
  known: Record<ImportEntityKind, number>;
}

/**
 * Starts a job for the source. Refused (RESOURCE_CONFLICT) while another job from the same
 * source is running and alive; a silent one is marked interrupted, and its staged metric
 * uploads are dropped.
 */
export async function startImport(input: { sourceUrl: string; options?: Record<string, unknown> }): Promise<StartImportResult> {
  await assertCanImport();
  const url = normalizeSourceUrl(input.sourceUrl);
  const at = now();
  const { jobId, previousId, sourceId } = await db.$transaction(async (tx) => {
    const [source] = await tx.$queryRaw<{ id: number }[]>`
      INSERT INTO import_sources (url, created_at) VALUES (${url}, ${at})
      ON CONFLICT (url) DO UPDATE SET url = excluded.url
      RETURNING id`;
    // Serialises job starts per source (the row lock), so two starts cannot both see "none running".
    await tx.$queryRaw`SELECT id FROM import_sources WHERE id = ${source.id} FOR UPDATE`;
    const running = await tx.importJob.findFirst({ where: { sourceId: source.id, status: "running" }, orderBy: { heartbeatAt: "desc" } });
    if (running && at - running.heartbeatAt <= BigInt(STALE_JOB_MS)) {
      throw new DomainError("RESOURCE_CONFLICT", `An import from ${url} is already running (job ${running.id}). Wait for it to finish, or stop it first.`);
    }
    await tx.importJob.updateMany({ where: { sourceId: source.id, status: "running" }, data: { status: "interrupted" } });
    await tx.$executeRaw`DELETE FROM import_staged_metrics s USING import_jobs j WHERE s.job_id = j.id AND j.source_id = ${source.id}`;
    const previous = await tx.importJob.findFirst({ where: { sourceId: source.id }, orderBy: { id: "desc" }, select: { id: true } });
    const job = await tx.importJob.create({
      data: { sourceId: source.id, startedAt: at, heartbeatAt: at, options: (input.options ?? {}) as Prisma.InputJsonValue },
      select: { id: true },
    });
    return { jobId: job.id, previousId: previous?.id ?? null, sourceId: source.id };
  });
  const [job, previous, counts] = await Promise.all([
    db.importJob.findUniqueOrThrow({ where: { id: jobId }, include: JOB_INCLUDE }),
    previousId === null ? null : db.importJob.findUnique({ where: { id: previousId }, include: JOB_INCLUDE }),
    db.importEntity.groupBy({ by: ["kind"], where: { sourceId }, _count: { _all: true } }),
  ]);
  const known = Object.fromEntries(IMPORT_ENTITY_KINDS.map((k) => [k, 0])) as Record<ImportEntityKind, number>;
  for (const c of counts) known[c.kind] = c._count._all;
  return { job: toRecord(job), previous: previous && toRecord(previous), known };
}

/** The job, which must be running (a write for an ended or superseded job is refused). Touches its heartbeat. */
export async function runningJob(tx: Tx, jobId: number): Promise<{ id: number; sourceId: number }> {
  const rows = await tx.$queryRaw<{ id: number; source_id: number; status: ImportJobStatus }[]>`
    UPDATE import_jobs SET heartbeat_at = GREATEST(heartbeat_at, ${now()}) WHERE id = ${jobId}
    RETURNING id, source_id, status`;
  if (!rows.length) throw notFound(`Import job ${jobId} not found.`);
  if (rows[0].status !== "running") throw new DomainError("ABORTED", `Import job ${jobId} is ${rows[0].status}; start a new import to continue.`);
  return { id: rows[0].id, sourceId: rows[0].source_id };
}

export interface ImportEntityRecord {
  kind: ImportEntityKind;
  sourceKey: string;
  targetKey: string;
  fingerprint: string;
  detail: Record<string, unknown> | null;
}

/** The state row of one entity of this source, locked for the rest of the transaction. */
export async function findImportedEntity(tx: Tx, sourceId: number, kind: ImportEntityKind, sourceKey: string): Promise<ImportEntityRecord | null> {
  const rows = await tx.$queryRaw<{ target_key: string; fingerprint: string; detail: unknown }[]>`
    SELECT target_key, fingerprint, detail FROM import_entities
    WHERE source_id = ${sourceId} AND kind = ${kind}::import_entity_kind AND source_key = ${sourceKey}
    FOR UPDATE`;
  const r = rows[0];
  return r ? { kind, sourceKey, targetKey: r.target_key, fingerprint: r.fingerprint, detail: asObject(r.detail) } : null;
}

/** Records (or updates) what an entity was copied as. */
export async function recordEntity(
  tx: Tx,
  job: { id: number; sourceId: number },
  e: { kind: ImportEntityKind; sourceKey: string; targetKey: string; fingerprint: string; detail?: unknown },
): Promise<void> {
  const detail = e.detail === undefined ? null : JSON.stringify(e.detail);
  await tx.$executeRaw`
    INSERT INTO import_entities (source_id, kind, source_key, target_key, fingerprint, detail, job_id, imported_at)
    VALUES (${job.sourceId}, ${e.kind}::import_entity_kind, ${e.sourceKey}, ${e.targetKey}, ${e.fingerprint}, ${detail}::jsonb, ${job.id}, ${now()})
    ON CONFLICT (source_id, kind, source_key) DO UPDATE
      SET target_key = excluded.target_key, fingerprint = excluded.fingerprint, detail = excluded.detail,
          job_id = excluded.job_id, imported_at = excluded.imported_at`;
}

/** "<what> already exists here and was not imported from this source". */
export const notOurs = (what: string) =>
  new DomainError("RESOURCE_ALREADY_EXISTS", `${what} already exists on this server and was not imported from this source; it is left as it is.`);

export interface ImportStatePage {
  entities: ImportEntityRecord[];
  nextPageToken?: string;
}

export const IMPORT_STATE_PAGE_MAX = 10_000;

/** What the job's source has had copied, one kind at a time, by source key (page token = last key). */
export async function getImportState(input: { jobId: number; kind: ImportEntityKind; pageToken?: string; maxResults?: number }): Promise<ImportStatePage> {
  await assertCanImport();
  const job = await runningJob(db, input.jobId);
  const max = Math.min(Math.max(input.maxResults ?? IMPORT_STATE_PAGE_MAX, 1), IMPORT_STATE_PAGE_MAX);
  const after = input.pageToken ? Prisma.sql`AND source_key > ${input.pageToken}` : Prisma.empty;
  const rows = await db.$queryRaw<{ source_key: string; target_key: string; fingerprint: string; detail: unknown }[]>`
    SELECT source_key, target_key, fingerprint, detail FROM import_entities
    WHERE source_id = ${job.sourceId} AND kind = ${input.kind}::import_entity_kind ${after}
    ORDER BY source_key COLLATE "C" LIMIT ${max + 1}`;
  const more = rows.length > max;
  const page = rows.slice(0, max).map((r) => ({ kind: input.kind, sourceKey: r.source_key, targetKey: r.target_key, fingerprint: r.fingerprint, detail: asObject(r.detail) }));
  return more ? { entities: page, nextPageToken: page[page.length - 1].sourceKey } : { entities: page };
}

/** The importer's heartbeat with its counts so far (shown on the Import page while it runs). */
export async function recordImportProgress(input: { jobId: number; progress: Record<string, unknown> }): Promise<void> {
  await assertCanImport();
  await db.$transaction(async (tx) => {
    await runningJob(tx, input.jobId);
    await tx.importJob.update({ where: { id: input.jobId }, data: { progress: input.progress as Prisma.InputJsonValue } });
  });
}

/** Ends a job with its report (failures beyond STORED_FAILURES_MAX are counted, not kept). */
export async function finishImport(input: { jobId: number; status: Exclude<ImportJobStatus, "running">; report: Record<string, unknown> }): Promise<ImportJobRecord> {
  await assertCanImport();
  const report = { ...input.report };
  if (Array.isArray(report.failures) && report.failures.length > STORED_FAILURES_MAX) {
    report.failuresOmitted = report.failures.length - STORED_FAILURES_MAX;
    report.failures = report.failures.slice(0, STORED_FAILURES_MAX);
  }
  await db.$transaction(async (tx) => {
    await runningJob(tx, input.jobId);
    await tx.importJob.update({
      where: { id: input.jobId },
      data: { status: input.status, finishedAt: now(), report: report as Prisma.InputJsonValue },
    });
    await tx.$executeRaw`DELETE FROM import_staged_metrics WHERE job_id = ${input.jobId}`;
  });
  return (await getImportJob(input.jobId))!;
}

/** The most recent jobs, newest first. */
export async function listImportJobs(input: { limit?: number } = {}): Promise<ImportJobRecord[]> {
  await assertCanImport();
  const rows = await db.importJob.findMany({ orderBy: [{ startedAt: "desc" }, { id: "desc" }], take: Math.min(Math.max(input.limit ?? 20, 1), 200), include: JOB_INCLUDE });
  const at = now();
  return rows.map((r) => toRecord(r, at));
}

export async function getImportJob(id: number): Promise<ImportJobRecord | null> {
  await assertCanImport();
  const row = await db.importJob.findUnique({ where: { id }, include: JOB_INCLUDE });
  return row ? toRecord(row) : null;
}
