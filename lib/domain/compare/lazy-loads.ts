import "server-only";
import { requireRuns } from "@/lib/domain/auth/authorize";
import { db, type Tx } from "@/lib/db";
import { DomainError, invalidParam } from "@/lib/errors";
import { readArtifactPreview } from "@/lib/domain/artifacts/files";
import { setExperimentTag } from "@/lib/domain/experiments";
import { getMetricHistoryBulkInterval, MAX_RESULTS_PER_RUN, MAX_RUNS_PER_BULK_REQUEST } from "@/lib/domain/metrics";
import { mapLimit } from "@/lib/domain/map-limit";
import { inTransaction } from "@/lib/domain/tx";
import { canStoreDirection, directionTagKey, type Direction } from "@/lib/metric-direction";
import { stableJson } from "@/lib/text-diff";
import type { ArtifactText, MetricHistories } from "@/lib/schemas/compare";

// What the compare page loads after the first paint, through server actions: sampled metric
// histories for the charts, artifact texts for a diff, and the metric direction a user picks.

/** Sampled histories of one metric for many runs (batches of 100 runs, each sampled over its own steps, in SQL). */
export async function loadMetricHistories(runIds: string[], metricKey: string, maxPoints = 1000, tx: Tx = db): Promise<MetricHistories> {
  const ids = [...new Set(runIds)];
  const out: MetricHistories = Object.fromEntries(ids.map((id) => [id, []]));
  const maxResults = Math.max(1, Math.min(MAX_RESULTS_PER_RUN, maxPoints));
  for (let i = 0; i < ids.length; i += MAX_RUNS_PER_BULK_REQUEST) {
    const points = await getMetricHistoryBulkInterval({ runIds: ids.slice(i, i + MAX_RUNS_PER_BULK_REQUEST), metricKey, maxResults }, tx, "per-run");
    for (const p of points) out[p.runId]?.push({ step: Number(p.step), timestamp: Number(p.timestamp), value: p.value });
  }
  return out;
}

export const MAX_ARTIFACT_DIFF_BYTES = 256 * 1024;

/** The text of the artifact at `path` in each run (for diffing against the baseline's). */
export async function readArtifactTexts(runIds: string[], path: string, tx: Tx = db): Promise<ArtifactText[]> {
  await requireRuns(runIds, "READ", tx);
  const rows = await tx.run.findMany({ where: { id: { in: runIds } }, select: { id: true, artifactUri: true } });
  const uri = new Map(rows.map((r) => [r.id, r.artifactUri]));
  return mapLimit(runIds, 8, async (runId): Promise<ArtifactText> => {
    const none: ArtifactText = { runId, text: null, size: 0, truncated: false, binary: false, missing: true, json: false };
    const root = uri.get(runId);
    if (!root) return none;
    try {
      const p = await readArtifactPreview(root, path, MAX_ARTIFACT_DIFF_BYTES);
      if (p.binary) return { ...none, missing: false, binary: true, size: p.size, truncated: p.truncated };
      const raw = p.data.toString("utf8");
      const pretty = p.truncated ? null : prettyJson(raw);
      return { runId, text: pretty ?? raw, size: p.size, truncated: p.truncated, binary: false, missing: false, json: pretty !== null };
    } catch (e) {
      if (e instanceof DomainError) return none;
      throw e;
    }
  });
}

/** Key-sorted, indented JSON when `raw` is a JSON object or array (so key order never diffs). */
function prettyJson(raw: string): string | null {
  const t = raw.trim();
  if (!(t.startsWith("{") || t.startsWith("["))) return null;
  try {
    return stableJson(JSON.parse(t));
  } catch {
    return null;
  }
}

/** Remembers a metric's direction in each experiment (tag runboard.metric_direction.<key>). */
export async function setMetricDirection(experimentIds: string[], metricKey: string, direction: Direction, tx: Tx = db): Promise<void> {
  if (!canStoreDirection(metricKey)) throw invalidParam(`Metric key '${metricKey}' is too long to store a direction for.`);
  await inTransaction(tx, async (t) => {
    for (const experimentId of [...new Set(experimentIds)]) {
      await setExperimentTag({ experimentId, key: directionTagKey(metricKey), value: direction }, t);
    }
  });
}
