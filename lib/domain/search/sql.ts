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
    const items = Prisma.join(list.map((v) => Prisma.sql`${v}`));
    return comparator === "IN" ? Prisma.sql`${column} IN (${items})` : Prisma.sql`${column} NOT IN (${items})`;
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
