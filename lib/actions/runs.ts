"use server";
// Server actions for the runs table and the run page, each through lib/actions/action.ts: writes
// (rename, tags, delete/restore) call the same domain functions as the REST API; the reads serve
// client components that load on demand (column chooser key search, metric charts, artifact
// tree and previews).
import { setRunsDeleted, updateRun } from "@/lib/domain/runs/lifecycle";
import { deleteTag } from "@/lib/domain/runs/tags";
import { setTag } from "@/lib/domain/runs/log-batch";
import { readArtifactPreview } from "@/lib/domain/artifacts/files";
import { listRunArtifacts } from "@/lib/domain/artifacts/run-artifacts";
import { getRunInfo } from "@/lib/domain/runs/read";
import { notFound } from "@/lib/errors";
import { searchExperimentKeys, type KeySearchResult } from "@/lib/domain/runs/table";
import { getMetricSeries } from "@/lib/domain/metric-series";
import { callAction, formAction, type Revalidate } from "@/lib/actions/action";
import type { ActionResult } from "@/lib/actions/result";
import {
  deleteRunTagSchema,
  metricSeriesSchema,
  renameRunSchema,
  runArtifactSchema,
  runIdsSchema,
  searchExperimentKeysSchema,
  setRunTagSchema,
} from "@/lib/schemas/run";
import type { z } from "zod";

/** Runs show on the runs table, the run page and the compare page. */
const RUN_PAGES: Revalidate[] = [{ path: "/experiments", layout: true }, "/compare"];

export async function renameRunAction(_prev: ActionResult, form: FormData): Promise<ActionResult> {
  return formAction(form, renameRunSchema, { run: updateRun, errorField: "runName", revalidate: () => RUN_PAGES });
}

export async function setRunTagAction(_prev: ActionResult, form: FormData): Promise<ActionResult> {
  return formAction(form, setRunTagSchema, {
    run: setTag,
    errorField: (message) => (/value/.test(message) && !/key/i.test(message) ? "value" : "key"),
    revalidate: () => RUN_PAGES,
  });
}

/** Deletes a run tag. Fields: runId, key. */
export async function deleteRunTagAction(_prev: ActionResult, form: FormData): Promise<ActionResult> {
  return formAction(form, deleteRunTagSchema, { run: deleteTag, errorField: "key", revalidate: () => RUN_PAGES });
}

/** Deletes (soft, restorable) or restores runs; the message says how many failed and why. */
async function setDeleted(runIds: string[], deleted: boolean): Promise<ActionResult<void>> {
  const r = await callAction({ runIds }, runIdsSchema, { run: (i) => setRunsDeleted(i.runIds, deleted), errorField: "runIds", revalidate: () => RUN_PAGES });
  if (!r.ok || r.data.failed.length === 0) return r.ok ? { ok: true, data: undefined } : r;
  const { done, failed } = r.data;
  const total = done + failed.length;
  const message = total === 1 ? failed[0] : `Could not ${deleted ? "delete" : "restore"} ${failed.length} of ${total} runs: ${failed[0]}`;
  return { ok: false, message, fieldErrors: { runIds: [message] } };
}

export async function deleteRunsAction(runIds: string[]): Promise<ActionResult<void>> {
  return setDeleted(runIds, true);
}

export async function restoreRunsAction(runIds: string[]): Promise<ActionResult<void>> {
  return setDeleted(runIds, false);
}

// ───────────────────────────── reads for client components ─────────────────────────────

export async function searchExperimentKeysAction(input: z.input<typeof searchExperimentKeysSchema>): Promise<ActionResult<KeySearchResult>> {
  return callAction(input, searchExperimentKeysSchema, { run: ({ experimentId, ...opts }) => searchExperimentKeys(experimentId, opts) });
}

export interface MetricSeries {
  key: string;
  /** [step, timestamp ms, value] triples, by step. */
  points: [number, number, number][];
  /** True when the history is longer than the points returned. */
  sampled: boolean;
}

/** A run's metric history for a chart: whole when short, else ≤ maxPoints steps sampled in SQL (first and last kept). */
export async function getMetricSeriesAction(input: z.input<typeof metricSeriesSchema>): Promise<ActionResult<MetricSeries>> {
  return callAction(input, metricSeriesSchema, {
    run: async ({ runId, key, maxPoints }) => {
      const s = await getMetricSeries(runId, key, maxPoints);
      return { key, points: s.points.map((p): [number, number, number] => [p.step, p.timestamp, p.value]), sampled: s.sampled };
    },
  });
}

export interface ArtifactNode {
  path: string;
  isDir: boolean;
  fileSize?: number;
}

/** One directory level of a run's artifacts (paths relative to the run's artifact root). */
export async function listRunArtifactsAction(input: z.input<typeof runArtifactSchema>): Promise<ActionResult<ArtifactNode[]>> {
  return callAction(input, runArtifactSchema, {
    run: async ({ runId, path }) => {
      const files: ArtifactNode[] = [];
      let token: string | undefined;
      do {
        const page = await listRunArtifacts(runId, path || null, token);
        files.push(...page.files.map((f) => ({ path: f.path, isDir: f.isDir, fileSize: f.fileSize })));
        token = page.nextPageToken;
      } while (token && files.length < 10_000);
      return files;
    },
  });
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
export async function previewArtifactAction(input: z.input<typeof runArtifactSchema>): Promise<ActionResult<ArtifactPreviewData>> {
  return callAction(input, runArtifactSchema, {
    run: async ({ runId, path }) => {
      const run = await getRunInfo(runId);
      if (!run) throw notFound(`Run ${runId} not found`);
      const p = await readArtifactPreview(run.artifactUri, path, PREVIEW_BYTES);
      let text: string | undefined;
      if (!p.binary) {
        text = new TextDecoder("utf-8").decode(p.data);
        // A multi-byte character cut at the end of a truncated preview decodes as U+FFFD: drop it.
        if (p.truncated) text = text.replace(/\uFFFD+$/, "");
      }
      return { path, size: p.size, truncated: p.truncated, binary: p.binary, readBytes: p.data.length, text };
    },
  });
}
