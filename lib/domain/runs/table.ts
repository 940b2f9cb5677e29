import "server-only";
import { readableExperimentsSql, requireExperiment, requireRun } from "@/lib/domain/auth/authorize";
import { db, Prisma, type Tx } from "@/lib/db";
import { DomainError } from "@/lib/errors";
import { parseExperimentId } from "@/lib/domain/experiments";
import { boundedRead } from "@/lib/domain/bounded-read";
import { FilterSyntaxError, parseFilter, RUN_GRAMMAR } from "@/lib/domain/search/filter";
import { countRuns, prepareRunSearch } from "@/lib/domain/search/run-query";
import {
  DEFAULT_ATTRIBUTE_COLUMNS,
  DEFAULT_METRIC_COLUMNS,
  KIND_PREFIX,
  columnId,
  orderByFor,
  parseColumnId,
  runViewType,
  type FilterError,
  type KeyKind,
  type RunTableRow,
  type RunsView,
} from "@/lib/schemas/ui-runs-table";

export type { FilterError, RunTableRow };

// The runs table's read model. One page of runs carries only the columns the user chose:
// the page's run ids come from the runs/search compiler (same filter grammar and ordering as the
// REST API, paged by offset), then one targeted primary-key query per entity (params, latest
// metrics, tags) fetches just the chosen keys for just those ids. Nothing here scales with the
// number of runs in the experiment except the count, which the page streams in separately.

export interface RunTableRequest {
  experimentId: string;
  filter?: string;
  /** Column id to sort by and direction; unsortable or unknown columns fall back to start time. */
  sort?: string;
  dir?: "asc" | "desc";
  /** Column ids to fetch values for (`metrics.x`, `params.y`, `tags.z`; attribute ids are ignored). */
  columns: string[];
  view?: RunsView;
  /** 1-based. */
  page?: number;
  pageSize?: number;
}

export type RunTablePage =
  | { ok: true; rows: RunTableRow[]; page: number; pageSize: number; hasMore: boolean }
  | { ok: false; error: FilterError };

export const MAX_PAGE_SIZE = 1000;
const SOURCE_TAG = "mlflow.source.name";

/** Checks a filter with the REST API's parser; returns where it went wrong, or null. */
export function checkRunFilter(filter: string | undefined): FilterError | null {
  try {
    parseFilter(filter, RUN_GRAMMAR);
    return null;
  } catch (e) {
    if (e instanceof FilterSyntaxError) return { message: e.message, position: e.position, length: e.length };
    if (e instanceof DomainError) return { message: e.message };
    throw e;
  }
}

function keyColumns(columns: string[]): Record<KeyKind, string[]> {
  const out: Record<KeyKind, string[]> = { metric: [], param: [], tag: [] };
  for (const id of columns) {
    const c = parseColumnId(id);
    if (c && c.type !== "attribute" && !out[c.type].includes(c.key)) out[c.type].push(c.key);
  }
  if (columns.includes("source") && !out.tag.includes(SOURCE_TAG)) out.tag.push(SOURCE_TAG);
  return out;
}

export async function getRunTablePage(req: RunTableRequest, tx: Tx = db): Promise<RunTablePage> {
  await requireExperiment(req.experimentId, "READ");
  const filterError = checkRunFilter(req.filter);
  if (filterError) return { ok: false, error: filterError };
  const pageSize = Math.min(Math.max(req.pageSize ?? 100, 1), MAX_PAGE_SIZE);
  const page = Math.max(1, Math.trunc(req.page ?? 1));
  const orderBy = req.sort ? orderByFor(req.sort, req.dir ?? "desc") : null;

  let prepared: ReturnType<typeof prepareRunSearch>;
  try {
    prepared = prepareRunSearch({
      experimentIds: [req.experimentId],
      filter: req.filter,
      runViewType: runViewType(req.view ?? "active"),
      orderBy: orderBy ? [orderBy] : [],
      maxResults: pageSize,
    });
  } catch (e) {
    if (e instanceof DomainError) return { ok: false, error: { message: e.message } };
    throw e;
  }
  const { compiled } = prepared;
  if (!compiled) return { ok: true, rows: [], page, pageSize, hasMore: false };

  let base: { id: string; name: string; status: RunTableRow["status"]; start_time: bigint; end_time: bigint | null; user_id: string; lifecycle_stage: "active" | "deleted"; parent_run_id: string | null }[];
  try {
    base = await boundedRead(tx, (t) =>
      t.$queryRaw<typeof base>(Prisma.sql`
        SELECT r.id, r.name, r.status, r.start_time, r.end_time, r.user_id, r.lifecycle_stage, r.parent_run_id
        FROM ${compiled.from} WHERE ${compiled.where} ORDER BY ${compiled.orderBy}
        LIMIT ${pageSize + 1} OFFSET ${(page - 1) * pageSize}`),
    );
  } catch (e) {
    // A filter too expensive for RUNBOARD_QUERY_TIMEOUT is told in the filter box.
    if (e instanceof DomainError && e.code === "DEADLINE_EXCEEDED") return { ok: false, error: { message: e.message } };
    throw e;
  }
  const hasMore = base.length > pageSize;
  const runs = hasMore ? base.slice(0, pageSize) : base;
  const ids = runs.map((r) => r.id);
  if (!ids.length) return { ok: true, rows: [], page, pageSize, hasMore: false };

  const keys = keyColumns(req.columns);
  const parentIds = [...new Set(runs.map((r) => r.parent_run_id).filter((p): p is string => !!p))];
  const none = Promise.resolve([]);
  const [metrics, params, tags, parents, children] = await Promise.all([
    keys.metric.length
      ? tx.$queryRaw<{ run_id: string; key: string; value: number }[]>`
          SELECT run_id, key, value FROM latest_metrics WHERE run_id = ANY(${ids}::text[]) AND key = ANY(${keys.metric}::text[])`
      : none,
    keys.param.length
      ? tx.$queryRaw<{ run_id: string; key: string; value: string }[]>`
          SELECT run_id, key, value FROM params WHERE run_id = ANY(${ids}::text[]) AND key = ANY(${keys.param}::text[])`
      : none,
    keys.tag.length
      ? tx.$queryRaw<{ run_id: string; key: string; value: string }[]>`
          SELECT run_id, key, value FROM run_tags WHERE run_id = ANY(${ids}::text[]) AND key = ANY(${keys.tag}::text[])`
      : none,
    parentIds.length ? tx.$queryRaw<{ id: string; name: string }[]>`SELECT id, name FROM runs WHERE id = ANY(${parentIds}::text[])` : none,
    tx.$queryRaw<{ parent_run_id: string; n: number }[]>`
      SELECT parent_run_id, count(*)::int AS n FROM runs WHERE parent_run_id = ANY(${ids}::text[]) GROUP BY parent_run_id`,
  ]);

  const values = new Map<string, Record<string, number | string>>(ids.map((id) => [id, {}]));
  const put = (kind: KeyKind, rows: { run_id: string; key: string; value: number | string }[]) => {
    for (const r of rows) values.get(r.run_id)![columnId(kind, r.key)] = r.value;
  };
  put("metric", metrics);
  put("param", params);
  put("tag", tags);
  const parentName = new Map(parents.map((p) => [p.id, p.name]));
  const childCount = new Map(children.map((c) => [c.parent_run_id, c.n]));

  return {
    ok: true,
    page,
    pageSize,
    hasMore,
    rows: runs.map((r) => {
      const v = values.get(r.id)!;
      if (v[`tags.${SOURCE_TAG}`] !== undefined) v.source = v[`tags.${SOURCE_TAG}`];
      return {
        id: r.id,
        name: r.name,
        status: r.status,
        startTime: Number(r.start_time),
        endTime: r.end_time === null ? null : Number(r.end_time),
        userId: r.user_id,
        lifecycleStage: r.lifecycle_stage,
        parentRunId: r.parent_run_id,
        parentName: r.parent_run_id ? (parentName.get(r.parent_run_id) ?? null) : null,
        childCount: childCount.get(r.id) ?? 0,
        values: v,
      };
    }),
  };
}

/** How many runs the table's filter matches (null when the filter does not parse). */
export async function countRunTable(req: { experimentId: string; filter?: string; view?: RunsView }, tx: Tx = db): Promise<number | null> {
  await requireExperiment(req.experimentId, "READ");
  try {
    return await countRuns({ experimentIds: [req.experimentId], filter: req.filter, runViewType: runViewType(req.view ?? "active") }, tx);
  } catch (e) {
    if (e instanceof DomainError) return null;
    throw e;
  }
}

// ───────────────────────────── Keys (column chooser) ─────────────────────────────

export interface ExperimentKey {
  kind: KeyKind;
  key: string;
}

export interface KeySearchResult {
  keys: ExperimentKey[];
  /** Matches of the query per kind (the whole list when the query is empty). */
  counts: Record<KeyKind, number>;
  /** Matches in total for the requested kind(s); `keys` holds [offset, offset + limit). */
  total: number;
}

/**
 * Searches the experiment's distinct metric/param/tag keys (the experiment_keys table, kept on
 * write) by substring, case-insensitively; paged so 5,000+ keys stay cheap to browse.
 */
export async function searchExperimentKeys(
  experimentId: string,
  opts: { query?: string; kind?: KeyKind; offset?: number; limit?: number } = {},
  tx: Tx = db,
): Promise<KeySearchResult> {
  await requireExperiment(experimentId, "READ");
  const id = parseExperimentId(experimentId);
  const empty = { keys: [], counts: { metric: 0, param: 0, tag: 0 }, total: 0 };
  if (id === null) return empty;
  const q = (opts.query ?? "").trim();
  const match = q ? Prisma.sql`AND key ILIKE ${"%" + q.replace(/[\\%_]/g, (c) => "\\" + c) + "%"}` : Prisma.empty;
  const kind = opts.kind ? Prisma.sql`AND kind = ${opts.kind}::key_kind` : Prisma.empty;
  const limit = Math.min(Math.max(opts.limit ?? 200, 1), 1000);
  const offset = Math.max(opts.offset ?? 0, 0);
  const [counts, keys] = await Promise.all([
    tx.$queryRaw<{ kind: KeyKind; n: number }[]>`
      SELECT kind, count(*)::int AS n FROM experiment_keys WHERE experiment_id = ${id} ${match} GROUP BY kind`,
    tx.$queryRaw<ExperimentKey[]>`
      SELECT kind, key FROM experiment_keys WHERE experiment_id = ${id} ${match} ${kind}
      ORDER BY array_position(ARRAY['metric','param','tag']::key_kind[], kind), key
      LIMIT ${limit} OFFSET ${offset}`,
  ]);
  const c: Record<KeyKind, number> = { metric: 0, param: 0, tag: 0 };
  for (const row of counts) c[row.kind] = row.n;
  return { keys, counts: c, total: opts.kind ? c[opts.kind] : c.metric + c.param + c.tag };
}

/**
 * The default columns: status, start, duration, then the experiment's first few metrics (model
 * metrics before `system/…` ones) and a couple of params.
 */
export async function defaultRunColumns(experimentId: string, tx: Tx = db): Promise<string[]> {
  await requireExperiment(experimentId, "READ");
  const id = parseExperimentId(experimentId);
  if (id === null) return [...DEFAULT_ATTRIBUTE_COLUMNS];
  const rows = await tx.$queryRaw<ExperimentKey[]>`
    (SELECT kind, key FROM experiment_keys WHERE experiment_id = ${id} AND kind = 'metric'
      ORDER BY (key LIKE 'system/%'), key LIMIT ${DEFAULT_METRIC_COLUMNS})
    UNION ALL
    (SELECT kind, key FROM experiment_keys WHERE experiment_id = ${id} AND kind = 'param' ORDER BY key LIMIT 2)`;
  return [...DEFAULT_ATTRIBUTE_COLUMNS, ...rows.map((r) => columnId(r.kind, r.key))];
}

// ───────────────────────────── "Only columns that vary" ─────────────────────────────

/**
 * Of the given columns, those whose value is NOT the same for every run the filter matches:
 * a key column varies when it has two distinct values or some runs lack it. Computed in SQL
 * over the matching runs (not just the page). Attribute columns other than status/user/source
 * always count as varying. Returns null when the filter does not parse.
 */
export async function columnsThatVary(
  req: { experimentId: string; filter?: string; view?: RunsView; columns: string[] },
  tx: Tx = db,
): Promise<string[] | null> {
  await requireExperiment(req.experimentId, "READ");
  let compiled;
  try {
    compiled = prepareRunSearch({ experimentIds: [req.experimentId], filter: req.filter, runViewType: runViewType(req.view ?? "active"), maxResults: 1 }).compiled;
  } catch (e) {
    if (e instanceof DomainError) return null;
    throw e;
  }
  if (!compiled) return [];
  const keys = keyColumns(req.columns.filter((c) => c !== "source"));
  const wantsSource = req.columns.includes("source");
  const parts: Prisma.Sql[] = [];
  const table = { metric: Prisma.raw("latest_metrics"), param: Prisma.raw("params"), tag: Prisma.raw("run_tags") };
  for (const kind of ["metric", "param", "tag"] as const) {
    const list = kind === "tag" && wantsSource ? [...new Set([...keys.tag, SOURCE_TAG])] : keys[kind];
    if (!list.length) continue;
    // min ≠ max is "two distinct values" at a fraction of count(DISTINCT)'s cost (no sort).
    parts.push(Prisma.sql`
      SELECT ${KIND_PREFIX[kind]}::text AS prefix, v.key, count(*)::int AS n, (min(v.value) IS DISTINCT FROM max(v.value)) AS differs
      FROM ${table[kind]} v JOIN matched m ON m.id = v.run_id
      WHERE v.key = ANY(${list}::text[]) GROUP BY v.key`);
  }
  for (const [col, expr] of [
    ["status", Prisma.sql`r.status::text`],
    ["user", Prisma.sql`r.user_id`],
  ] as const) {
    if (req.columns.includes(col)) {
      parts.push(Prisma.sql`SELECT 'attr'::text AS prefix, ${col}::text AS key, count(*)::int AS n, (min(${expr}) IS DISTINCT FROM max(${expr})) AS differs
        FROM runs r JOIN matched m ON m.id = r.id`);
    }
  }
  const stats = parts.length
    ? await tx.$queryRaw<{ prefix: string; key: string; n: number; differs: boolean; total: number }[]>(Prisma.sql`
        WITH matched AS MATERIALIZED (SELECT r.id FROM ${compiled.countFrom} WHERE ${compiled.where}),
             total AS (SELECT count(*)::int AS total FROM matched)
        SELECT s.*, total.total FROM (${Prisma.join(parts, " UNION ALL ")}) s CROSS JOIN total`)
    : [];
  const varies = new Set<string>();
  for (const s of stats) {
    const v = s.differs || (s.n > 0 && s.n < s.total);
    if (!v) continue;
    if (s.prefix === "attr") varies.add(s.key);
    else {
      const id = `${s.prefix}.${s.key}`;
      varies.add(id);
      if (id === `tags.${SOURCE_TAG}`) varies.add("source");
    }
  }
  return req.columns.filter((c) => {
    const ref = parseColumnId(c);
    if (!ref) return false;
    if (ref.type === "attribute") return !["status", "user", "source"].includes(ref.key) || varies.has(ref.key);
    return varies.has(c);
  });
}

// ───────────────────────────── Run page: parent and children ─────────────────────────────

export interface RunFamilyMember {
  id: string;
  name: string;
  status: RunTableRow["status"];
  startTime: number;
  lifecycleStage: "active" | "deleted";
}

export interface RunFamily {
  parent: RunFamilyMember | null;
  /** The first `limit` children, newest first. */
  children: RunFamilyMember[];
  childCount: number;
}

/** A run's parent and (the first few of) its nested runs, through the parent_run_id index. */
export async function getRunFamily(runId: string, parentRunId: string | null, limit = 20, tx: Tx = db): Promise<RunFamily> {
  type Row = { id: string; name: string; status: RunTableRow["status"]; start_time: bigint; lifecycle_stage: "active" | "deleted" };
  await requireRun(runId, "READ", tx);
  const readable = await readableExperimentsSql(Prisma.sql`experiment_id`);
  const [parents, children, count] = await Promise.all([
    parentRunId ? tx.$queryRaw<Row[]>`SELECT id, name, status, start_time, lifecycle_stage FROM runs WHERE id = ${parentRunId} AND ${readable}` : Promise.resolve([] as Row[]),
    tx.$queryRaw<Row[]>`SELECT id, name, status, start_time, lifecycle_stage FROM runs WHERE parent_run_id = ${runId} AND ${readable}
      ORDER BY start_time DESC, id LIMIT ${limit}`,
    tx.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM runs WHERE parent_run_id = ${runId} AND ${readable}`,
  ]);
  const member = (r: Row): RunFamilyMember => ({ id: r.id, name: r.name, status: r.status, startTime: Number(r.start_time), lifecycleStage: r.lifecycle_stage });
  return { parent: parents[0] ? member(parents[0]) : null, children: children.map(member), childCount: count[0]?.n ?? 0 };
}
