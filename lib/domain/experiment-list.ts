import "server-only";
import { db, Prisma, type Tx } from "@/lib/db";
import { readableExperimentsSql } from "@/lib/domain/auth/authorize";

// The experiments page's read model: one page of experiments with their run count, last
// activity and user tags, searched by name, paginated on the server. Run counts and the last
// run start come from the runs (experiment_id, lifecycle_stage, start_time) index, one probe per
// experiment on the page, so the cost does not grow with the number of runs.

export type ExperimentListSort = "activity" | "created" | "name";

export interface ListExperimentsInput {
  /** Substring of the name, case-insensitive. */
  query?: string;
  /** Active experiments (default) or the deleted ones (to restore). */
  deleted?: boolean;
  sort?: ExperimentListSort;
  /** 1-based. */
  page?: number;
  pageSize?: number;
}

export interface ExperimentListRow {
  id: string;
  name: string;
  lifecycleStage: "active" | "deleted";
  artifactLocation: string;
  creationTime: number;
  lastUpdateTime: number;
  /** Most recent of the experiment's own update time and its newest run's start. */
  lastActivity: number;
  runCount: number;
  /** Tags without the reserved `mlflow.` ones. */
  tags: { key: string; value: string }[];
  /** `mlflow.note.content`, MLflow's experiment description. */
  description: string | null;
}

export interface ExperimentListPage {
  rows: ExperimentListRow[];
  total: number;
  page: number;
  pageSize: number;
  pageCount: number;
  /** Active experiments overall (without the name filter): tells "fresh instance" from "no match". */
  activeTotal: number;
  deletedTotal: number;
}

/** Escapes LIKE wildcards so the user's text is matched literally. */
export function likeEscape(s: string): string {
  return s.replace(/[\\%_]/g, (c) => "\\" + c);
}

export async function listExperiments(input: ListExperimentsInput = {}, tx: Tx = db): Promise<ExperimentListPage> {
  const pageSize = Math.min(Math.max(input.pageSize ?? 25, 1), 200);
  const stage = input.deleted ? "deleted" : "active";
  const q = (input.query ?? "").trim();
  // Only what the caller may read, in the query itself: counts and pages agree with the rows.
  const readable = await readableExperimentsSql(Prisma.sql`e.id`);
  const where = Prisma.sql`e.lifecycle_stage = ${stage}::lifecycle_stage ${q ? Prisma.sql`AND e.name ILIKE ${"%" + likeEscape(q) + "%"}` : Prisma.empty}`;

  const [counts] = await tx.$queryRaw<{ total: bigint; active: bigint; deleted: bigint }[]>`
    SELECT count(*) FILTER (WHERE ${where}) AS total,
           count(*) FILTER (WHERE e.lifecycle_stage = 'active') AS active,
           count(*) FILTER (WHERE e.lifecycle_stage = 'deleted') AS deleted
    FROM experiments e WHERE ${readable}`;
  const total = Number(counts.total);
  const pageCount = Math.max(1, Math.ceil(total / pageSize));
  const page = Math.min(Math.max(Math.trunc(input.page ?? 1), 1), pageCount);
  const offset = (page - 1) * pageSize;

  // Runs of an experiment share its lifecycle stage when it is deleted, so "runs in the same stage
  // as the experiment" counts live runs of live experiments and everything of a deleted one.
  const lastRun = Prisma.sql`(SELECT r.start_time FROM runs r WHERE r.experiment_id = e.id AND r.lifecycle_stage = e.lifecycle_stage ORDER BY r.start_time DESC LIMIT 1)`;
  const order =
    input.sort === "name"
      ? Prisma.sql`e.name ASC, e.id DESC`
      : input.sort === "created"
        ? Prisma.sql`e.creation_time DESC, e.id DESC`
        : Prisma.sql`last_activity DESC, e.id DESC`;

  const rows = await tx.$queryRaw<
    { id: number; name: string; lifecycle_stage: "active" | "deleted"; artifact_location: string; creation_time: bigint; last_update_time: bigint; last_activity: bigint; run_count: bigint }[]
  >`
    WITH page AS (
      SELECT e.id, e.name, e.lifecycle_stage, e.artifact_location, e.creation_time, e.last_update_time,
             GREATEST(e.last_update_time, COALESCE(${lastRun}, 0)) AS last_activity
      FROM experiments e
      WHERE ${where} AND ${readable}
      ORDER BY ${order}
      LIMIT ${pageSize} OFFSET ${offset}
    )
    SELECT e.*,
           (SELECT count(*) FROM runs r WHERE r.experiment_id = e.id AND r.lifecycle_stage = e.lifecycle_stage) AS run_count
    FROM page e
    ORDER BY ${order}`;

  const ids = rows.map((r) => r.id);
  const tags = ids.length
    ? await tx.experimentTag.findMany({ where: { experimentId: { in: ids } }, orderBy: [{ experimentId: "asc" }, { key: "asc" }] })
    : [];
  const tagsById = new Map<number, { key: string; value: string }[]>();
  for (const t of tags) {
    const list = tagsById.get(t.experimentId) ?? [];
    list.push({ key: t.key, value: t.value });
    tagsById.set(t.experimentId, list);
  }

  return {
    rows: rows.map((r) => {
      const all = tagsById.get(r.id) ?? [];
      return {
        id: String(r.id),
        name: r.name,
        lifecycleStage: r.lifecycle_stage,
        artifactLocation: r.artifact_location,
        creationTime: Number(r.creation_time),
        lastUpdateTime: Number(r.last_update_time),
        lastActivity: Number(r.last_activity),
        runCount: Number(r.run_count),
        tags: all.filter((t) => !t.key.startsWith("mlflow.")),
        description: all.find((t) => t.key === "mlflow.note.content")?.value ?? null,
      };
    }),
    total,
    page,
    pageSize,
    pageCount,
    activeTotal: Number(counts.active),
    deletedTotal: Number(counts.deleted),
  };
}
