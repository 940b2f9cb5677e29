import "server-only";
import { db, Prisma } from "@/lib/db";
import { readableExperimentsSql } from "@/lib/domain/auth/authorize";

/** Counts for the home page's first-run state (what the caller may read). */
export async function getOverviewCounts() {
  const readable = await readableExperimentsSql(Prisma.sql`experiment_id`);
  const readableE = await readableExperimentsSql(Prisma.sql`id`);
  const [e, r] = await Promise.all([
    db.$queryRaw<{ n: number }[]>(Prisma.sql`SELECT count(*)::int AS n FROM experiments WHERE lifecycle_stage = 'active' AND ${readableE}`),
    db.$queryRaw<{ n: number }[]>(Prisma.sql`SELECT count(*)::int AS n FROM runs WHERE lifecycle_stage = 'active' AND ${readable}`),
  ]);
  return { experiments: e[0].n, runs: r[0].n };
}
