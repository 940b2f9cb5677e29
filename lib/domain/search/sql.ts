// SQL building blocks shared by every search (runs, experiments, registry, logged models):
// comparisons and null-aware ORDER BY terms as parameterized Prisma.Sql fragments. Column
// expressions are trusted SQL written by us; every value is a bind parameter.
import { Prisma } from "@/lib/generated/prisma/client";
import type { Comparator } from "./filter";

/**
 * `column <comparator> value` for string columns. `=`/`!=` are exact and case-sensitive,
 * LIKE is case-sensitive, ILIKE case-insensitive (wildcards % and _, backslash escapes),
 * IN / NOT IN take a list. A NULL column never matches.
 */
export function compileStringComparison(column: Prisma.Sql, comparator: Comparator, value: string | string[]): Prisma.Sql {
  if (comparator === "IN" || comparator === "NOT IN") {
    const list = Array.isArray(value) ? value : [value];
    if (list.length === 0) return comparator === "IN" ? Prisma.sql`FALSE` : Prisma.sql`(${column} IS NOT NULL)`;
    // One array parameter, whatever the list's length (a bind parameter per item would overflow
    // PostgreSQL's 65,535 at a long enough list).
    return comparator === "IN" ? Prisma.sql`${column} = ANY(${list}::text[])` : Prisma.sql`${column} <> ALL(${list}::text[])`;
  }
  if (Array.isArray(value)) throw new TypeError(`compileStringComparison: ${comparator} takes a single value`);
  switch (comparator) {
    case "=":
      return Prisma.sql`${column} = ${value}`;
    case "!=":
      return Prisma.sql`${column} <> ${value}`;
    case "LIKE":
      return Prisma.sql`${column} LIKE ${value}`;
    case "ILIKE":
      return Prisma.sql`${column} ILIKE ${value}`;
    case "RLIKE":
      // MLflow's RLIKE is a (Python/SQL) regular expression search; PostgreSQL's `~` is POSIX.
      return Prisma.sql`${column} ~ ${value}`;
    default:
      throw new TypeError(`compileStringComparison: comparator ${comparator} is not a string comparator`);
  }
}

const INT64_MAX = 9223372036854775807n;

/**
 * `column <comparator> value` for numeric columns.
 * - `type: "float8"` (default; metric values): the parameter is float8, so the
 *   (experiment_id, key, value) index applies. NaN never satisfies > / >= (PostgreSQL sorts NaN
 *   above every number; MLflow treats it as incomparable); `!=` still matches NaN.
 * - `type: "bigint"` (timestamps, versions): integer values are bigint parameters; a fractional
 *   value compares the column as float8.
 */
export function compileNumericComparison(
  column: Prisma.Sql,
  comparator: Comparator,
  value: number,
  type: "float8" | "bigint" = "float8",
): Prisma.Sql {
  let param: Prisma.Sql;
  if (type === "bigint" && Number.isInteger(value) && BigInt(value) <= INT64_MAX && BigInt(value) >= -INT64_MAX) {
    param = Prisma.sql`${BigInt(value).toString()}::bigint`;
  } else {
    param = Prisma.sql`${String(value)}::float8`;
  }
  switch (comparator) {
    case "=":
      return Prisma.sql`${column} = ${param}`;
    case "!=":
      return Prisma.sql`${column} <> ${param}`;
    case "<":
      return Prisma.sql`${column} < ${param}`;
    case "<=":
      return Prisma.sql`${column} <= ${param}`;
    case ">":
      return type === "float8" ? Prisma.sql`(${column} > ${param} AND ${column} <> 'NaN'::float8)` : Prisma.sql`${column} > ${param}`;
    case ">=":
      return type === "float8" ? Prisma.sql`(${column} >= ${param} AND ${column} <> 'NaN'::float8)` : Prisma.sql`${column} >= ${param}`;
    default:
      throw new TypeError(`compileNumericComparison: comparator ${comparator} is not a numeric comparator`);
  }
}

/** True when a numeric comparison can never be satisfied by NaN (so NaN needs no sort flag). */
export function numericComparisonExcludesNaN(comparator: Comparator): boolean {
  return comparator !== "!=";
}

/**
 * ORDER BY terms for one sort key with MLflow's null ordering: rows lacking the value sort last
 * in both directions, and (for metrics, `nan: true`) NaN sorts after every number but before
 * missing values, in both directions. Pass `nullable: false` / `nan: false` when the query
 * already guarantees the value exists / is not NaN, so an index can provide the order.
 */
export function orderTerms(expr: Prisma.Sql, ascending: boolean, opts: { nullable?: boolean; nan?: boolean } = {}): Prisma.Sql[] {
  const terms: Prisma.Sql[] = [];
  if (opts.nullable) terms.push(Prisma.sql`(${expr} IS NULL)`);
  if (opts.nan) terms.push(Prisma.sql`(${expr} = 'NaN'::float8)`);
  terms.push(ascending ? Prisma.sql`${expr} ASC` : Prisma.sql`${expr} DESC`);
  return terms;
}

/** `a AND b AND …` (TRUE when empty). */
export function andAll(parts: Prisma.Sql[]): Prisma.Sql {
  return parts.length ? Prisma.join(parts, " AND ") : Prisma.sql`TRUE`;
}

/**
 * How many distinct keys of a filter are probed with a join (or a plain EXISTS) each: the
 * planner reorders those freely, so an index on a selective one can drive the query. Planning
 * cost grows much faster than linearly with the number of joins (300 keys: minutes), so keys
 * beyond these are read with one lateral per entity kind (KeyValueLateral) or probed as
 * per-row subplans (subplanProbe), whose cost is linear in the number of keys.
 */
export const DIRECT_KEY_PROBES = 4;

/**
 * The values of many keys of one `(owner, key) → value` table (primary key on owner + key), read
 * with ONE lateral subquery per row: the keys go as one array parameter, and `value(key)` is the
 * row's value of that key (NULL when it has none, so every comparison on it is false — the
 * semantics of an inner join on the key).
 */
export class KeyValueLateral {
  private readonly keys: string[] = [];
  constructor(
    private readonly alias: string,
    private readonly table: string,
    private readonly ownerColumn: string,
    private readonly owner: Prisma.Sql,
    private readonly valueType: "text" | "float8",
  ) {}

  get size(): number {
    return this.keys.length;
  }

  has(key: string): boolean {
    return this.keys.includes(key);
  }

  /** `<alias>.v[i]`: this row's value of `key`. */
  value(key: string): Prisma.Sql {
    let i = this.keys.indexOf(key);
    if (i < 0) i = this.keys.push(key) - 1;
    return Prisma.raw(`${this.alias}.v[${i + 1}]`);
  }

  /** ` CROSS JOIN LATERAL (…) <alias>`, or empty when no key was asked for. */
  join(): Prisma.Sql {
    if (!this.keys.length) return Prisma.empty;
    const a = Prisma.raw(this.alias);
    const t = Prisma.raw(this.table);
    const oc = Prisma.raw(this.ownerColumn);
    const vt = Prisma.raw(this.valueType);
    return Prisma.sql` CROSS JOIN LATERAL (SELECT array_agg(kv.value::${vt} ORDER BY k.i) AS v
      FROM unnest(${this.keys}::text[]) WITH ORDINALITY AS k(key, i)
      LEFT JOIN ${t} kv ON kv.${oc} = ${this.owner} AND kv.key = k.key) ${a}`;
  }
}

/**
 * A probe condition (EXISTS …) as the n-th of a filter's probes: the first DIRECT_KEY_PROBES stay
 * plain (PostgreSQL turns them into semi-joins it can reorder); later ones are kept as per-row
 * subplans (`(…) IS TRUE` is never pulled up into the join tree; EXISTS is never NULL, so the
 * meaning is unchanged), which keeps planning linear in the number of probes.
 */
export function subplanProbe(cond: Prisma.Sql, n: number): Prisma.Sql {
  return n < DIRECT_KEY_PROBES ? cond : Prisma.sql`((${cond}) IS TRUE)`;
}
