import "server-only";
import { db } from "@/lib/db";

/** Counts for the home page's first-run state. */
export async function getOverviewCounts() {
  const [experiments, runs] = await Promise.all([
    db.experiment.count({ where: { lifecycleStage: "active" } }),
    db.run.count({ where: { lifecycleStage: "active" } }),
  ]);
  return { experiments, runs };
}
