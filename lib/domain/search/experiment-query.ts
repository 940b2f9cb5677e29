// experiments/search as one parameterized query (docs/mlflow-compatibility.md#experiments, #search-filters; MLflow SearchExperimentsUtils):
// attributes name / creation_time / last_update_time and tags.<key>; order keys name,
// experiment_id, creation_time, last_update_time. Default order `creation_time DESC,
// experiment_id ASC` (MLflow's SQL store); an explicit order without experiment_id gets
// `experiment_id DESC` as tie-breaker.
import "server-only";
import { db, Prisma, type Tx } from "@/lib/db";
import { invalidParam } from "@/lib/errors";
import { boundedRead } from "@/lib/domain/bounded-read";
import { EXPERIMENT_GRAMMAR, parseFilter, parseOrderBy, type OrderBy } from "./filter";
import { decodePageToken, encodePageToken, pageQueryKey } from "./page-token";
import { andAll, compileNumericComparison, compileStringComparison, DIRECT_KEY_PROBES, KeyValueLateral, orderTerms } from "./sql";

export type ViewType = "ACTIVE_ONLY" | "DELETED_ONLY" | "ALL";

export interface SearchExperimentIdsOptions {
  filter?: string;
  viewType?: ViewType;
  orderBy?: string[];
  maxResults?: number;
  pageToken?: string;
  /** An extra condition on `e` (the caller's readable experiments, lib/domain/auth/authorize.ts). */
  restrict?: Prisma.Sql;
}

export const SEARCH_EXPERIMENTS_DEFAULT_MAX_RESULTS = 1000;
export const SEARCH_EXPERIMENTS_MAX_RESULTS = 50_000;

const COLUMNS: Record<string, { sql: Prisma.Sql; kind: "string" | "number" }> = {
  name: { sql: Prisma.sql`e.name`, kind: "string" },
  creation_time: { sql: Prisma.sql`e.creation_time`, kind: "number" },
  last_update_time: { sql: Prisma.sql`e.last_update_time`, kind: "number" },
  experiment_id: { sql: Prisma.sql`e.id`, kind: "number" },
};

const DEFAULT_ORDER: OrderBy[] = [
  { type: "attribute", key: "creation_time", ascending: false },
  { type: "attribute", key: "experiment_id", ascending: true },
];

/** One page of experiment ids matching an experiments/search request, in order. */
export async function searchExperimentIds(
  opts: SearchExperimentIdsOptions,
  tx: Tx = db,
): Promise<{ ids: number[]; nextPageToken?: string }> {
  const maxResults = opts.maxResults ?? SEARCH_EXPERIMENTS_DEFAULT_MAX_RESULTS;
  if (!Number.isInteger(maxResults) || maxResults < 1) {
    throw invalidParam(`Invalid value ${maxResults} for parameter 'max_results' supplied. It must be a positive integer.`);
  }
  if (maxResults > SEARCH_EXPERIMENTS_MAX_RESULTS) {
    throw invalidParam(
      `Invalid value ${maxResults} for parameter 'max_results' supplied. It must be at most ${SEARCH_EXPERIMENTS_MAX_RESULTS}, but got value ${maxResults}`,
    );
  }
  const viewType = opts.viewType ?? "ACTIVE_ONLY";
  const clauses = parseFilter(opts.filter, EXPERIMENT_GRAMMAR);
  const parsedOrder = (opts.orderBy ?? []).filter((o) => o.trim() !== "").map((o) => parseOrderBy(o, EXPERIMENT_GRAMMAR));
  const queryKey = pageQueryKey({ kind: "experiments", filter: opts.filter ?? "", viewType, orderBy: opts.orderBy ?? [] });
  const offset = decodePageToken(opts.pageToken, queryKey);

  const joins: Prisma.Sql[] = [];
  const tagAlias = new Map<string, Prisma.Sql>();
  const where: Prisma.Sql[] = [];
  if (viewType === "ACTIVE_ONLY") where.push(Prisma.sql`e.lifecycle_stage = 'active'`);
  else if (viewType === "DELETED_ONLY") where.push(Prisma.sql`e.lifecycle_stage = 'deleted'`);
  if (opts.restrict) where.push(opts.restrict);
  // The first DIRECT_KEY_PROBES tag keys are joins, the others one lateral (sql.ts).
  const tagLateral = new KeyValueLateral("t_all", "experiment_tags", "experiment_id", Prisma.sql`e.id`, "text");
  for (const c of clauses) {
    if (c.type === "tag") {
      let value: Prisma.Sql;
      let alias = tagAlias.get(c.key);
      if (!alias && tagAlias.size < DIRECT_KEY_PROBES && !tagLateral.has(c.key)) {
        alias = Prisma.raw(`t${tagAlias.size}`);
        tagAlias.set(c.key, alias);
        joins.push(Prisma.sql` JOIN experiment_tags ${alias} ON ${alias}.experiment_id = e.id AND ${alias}.key = ${c.key}`);
      }
      if (alias) value = Prisma.sql`${alias}.value`;
      else value = tagLateral.value(c.key);
      where.push(compileStringComparison(value, c.comparator, c.value as string));
    } else {
      const col = COLUMNS[c.key];
      where.push(
        col.kind === "number"
          ? compileNumericComparison(col.sql, c.comparator, c.value as number, "bigint")
          : compileStringComparison(col.sql, c.comparator, c.value as string | string[]),
      );
    }
  }

  const orderList = parsedOrder.length ? parsedOrder : DEFAULT_ORDER;
  const seen = new Set<string>();
  const order: Prisma.Sql[] = [];
  for (const o of orderList) {
    if (o.type !== "attribute") throw invalidParam(`Invalid order_by entity: ${o.type}`);
    if (seen.has(o.key)) throw invalidParam(`\`order_by\` contains duplicate fields: ${o.key}`);
    seen.add(o.key);
    order.push(...orderTerms(COLUMNS[o.key].sql, o.ascending));
  }
  if (!seen.has("experiment_id")) order.push(Prisma.sql`e.id DESC`);

  joins.push(tagLateral.join());
  const rows = await boundedRead(tx, (t) =>
    t.$queryRaw<{ id: number }[]>(
      Prisma.sql`SELECT e.id FROM experiments e${Prisma.join(joins, "")}
        WHERE ${andAll(where)} ORDER BY ${Prisma.join(order, ", ")} LIMIT ${maxResults + 1} OFFSET ${offset}`,
    ),
  );
  const more = rows.length > maxResults;
  const ids = (more ? rows.slice(0, maxResults) : rows).map((r) => Number(r.id));
  return more ? { ids, nextPageToken: encodePageToken(offset + maxResults, queryKey) } : { ids };
}
