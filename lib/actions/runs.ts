"use server";
// Server actions for the runs table and the run page: writes (rename, tags) call the same domain
// functions as the REST API; the reads here serve client components that load on demand
// (column chooser key search, metric charts, artifact tree and previews, logged model details).
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { DomainError } from "@/lib/errors";
import { deleteRun, restoreRun, updateRun } from "@/lib/domain/runs/lifecycle";
import { deleteTag } from "@/lib/domain/runs/tags";
import { getRunInfo } from "@/lib/domain/runs/read";
import { setTag } from "@/lib/domain/runs/log-batch";
import { readArtifactPreview } from "@/lib/domain/artifacts/files";
import { listRunArtifacts } from "@/lib/domain/artifacts/run-artifacts";
import { searchExperimentKeys, type KeySearchResult } from "@/lib/domain/runs/table";
import { getMetricSeries } from "@/lib/domain/metric-series";
import { actionFailure, formText, type ActionResult } from "@/lib/actions/result";
import type { KeyKind } from "@/lib/schemas/ui-runs-table";

const runPaths = () => revalidatePath("/experiments", "layout");

const renameSchema = z.object({ runId: z.string().min(1), runName: z.string().trim().min(1, "Name is required") });

export async function renameRunAction(_prev: ActionResult, form: FormData): Promise<ActionResult> {
  const values = { runId: formText(form, "runId"), runName: formText(form, "runName") };
  try {
    await updateRun(renameSchema.parse(values));
  } catch (e) {
    return actionFailure(e, "runName", values);
  }
  runPaths();
  return { ok: true };
}

const tagSchema = z.object({ runId: z.string().min(1), key: z.string().trim().min(1, "Key is required"), value: z.string() });

export async function setRunTagAction(_prev: ActionResult, form: FormData): Promise<ActionResult> {
  const values = { runId: formText(form, "runId"), key: formText(form, "key"), value: formText(form, "value") };
  try {
    await setTag(tagSchema.parse(values));
  } catch (e) {
    const r = actionFailure(e, "key", values);
    if (r.message && /'value'|value/.test(r.message) && !/key/i.test(r.message)) return { ...r, fieldErrors: { value: [r.message] } };
    return r;
  }
  runPaths();
  return { ok: true };
}

export async function deleteRunTagAction(runId: string, key: string): Promise<ActionResult> {
  try {
    await deleteTag({ runId, key });
  } catch (e) {
    return actionFailure(e, "key");
  }
  runPaths();
  return { ok: true };
}

const runIdsSchema = z.array(z.string().min(1).max(64)).min(1, "Select at least one run").max(1000, "Select at most 1,000 runs at a time");

/**
 * Deletes (soft: lifecycle_stage = deleted, restorable) or restores runs, one by one through the
 * same domain functions as runs/delete and runs/restore. A run that fails (e.g. it no longer
 * exists) does not stop the others; the message names how many failed.
 */
async function setRunsDeleted(runIds: string[], deleted: boolean): Promise<ActionResult> {
  let ids: string[];
  try {
    ids = [...new Set(runIdsSchema.parse(runIds))];
  } catch (e) {
    return actionFailure(e, "runIds");
  }
  const failed: string[] = [];
  for (const runId of ids) {
    try {
      await (deleted ? deleteRun(runId) : restoreRun(runId));
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
      failed.push(e.message);
    }
  }
  if (failed.length < ids.length) runPaths();
  if (failed.length === 0) return { ok: true };
  const verb = deleted ? "delete" : "restore";
  const message = ids.length === 1 ? failed[0] : `Could not ${verb} ${failed.length} of ${ids.length} runs: ${failed[0]}`;
  return { ok: false, message, fieldErrors: { runIds: [message] } };
}

export async function deleteRunsAction(runIds: string[]): Promise<ActionResult> {
  return setRunsDeleted(runIds, true);
}

export async function restoreRunsAction(runIds: string[]): Promise<ActionResult> {
  return setRunsDeleted(runIds, false);
}

// ───────────────────────────── reads for client components ─────────────────────────────

export async function searchExperimentKeysAction(
  experimentId: string,
  opts: { query?: string; kind?: KeyKind; offset?: number; limit?: number },
): Promise<KeySearchResult> {
  return searchExperimentKeys(experimentId, opts);
}

export interface MetricSeries {
  key: string;
  /** [step, timestamp ms, value] triples, by step. */
  points: [number, number, number][];
  /** True when the history is longer than the points returned. */
  sampled: boolean;
}

/** A run's metric history for a chart: whole when short, else ≤ maxPoints steps sampled in SQL (first and last kept). */
export async function getMetricSeriesAction(runId: string, key: string, maxPoints = 1000): Promise<MetricSeries> {
  const s = await getMetricSeries(runId, key, maxPoints);
  return { key, points: s.points.map((p) => [p.step, p.timestamp, p.value]), sampled: s.sampled };
}

export interface ArtifactNode {
  path: string;
  isDir: boolean;
  fileSize?: number;
}

/** One directory level of a run's artifacts (paths relative to the run's artifact root). */
export async function listRunArtifactsAction(runId: string, path: string): Promise<{ ok: true; files: ArtifactNode[] } | { ok: false; message: string }> {
  try {
    const files: ArtifactNode[] = [];
    let token: string | undefined;
    do {
      const page = await listRunArtifacts(runId, path || null, token);
      files.push(...page.files.map((f) => ({ path: f.path, isDir: f.isDir, fileSize: f.fileSize })));
      token = page.nextPageToken;
    } while (token && files.length < 10_000);
    return { ok: true, files };
  } catch (e) {
    if (e instanceof DomainError) return { ok: false, message: e.message };
    throw e;
  }
}

export interface ArtifactPreviewData {
  path: string;
  size: number;
  /** Only the first PREVIEW_BYTES were read. */
  truncated: boolean;
  binary: boolean;
  /** Bytes actually read. */
  readBytes: number;
  /** UTF-8 text of what was read (absent for binary files). */
  text?: string;
}

const PREVIEW_BYTES = 512 * 1024;

/** The first 512 KB of a run's artifact, decoded as text when it is text. Never reads a large file whole. */
export async function previewArtifactAction(runId: string, path: string): Promise<{ ok: true; preview: ArtifactPreviewData } | { ok: false; message: string }> {
  try {
    const run = await getRunInfo(runId);
    if (!run) return { ok: false, message: `Run ${runId} not found` };
    const p = await readArtifactPreview(run.artifactUri, path, PREVIEW_BYTES);
    let text: string | undefined;
    if (!p.binary) {
      text = new TextDecoder("utf-8").decode(p.data);
      // A multi-byte character cut at the end of a truncated preview decodes as U+FFFD: drop it.
      if (p.truncated) text = text.replace(/\uFFFD+$/, "");
    }
    return { ok: true, preview: { path, size: p.size, truncated: p.truncated, binary: p.binary, readBytes: p.data.length, text } };
  } catch (e) {
    if (e instanceof DomainError) return { ok: false, message: e.message };
    throw e;
  }
}
