// The prompt page's "who uses this prompt" read model (lib/domain/prompts/usage-view.ts): plain,
// serialisable rows the server page hands to the usage components. Pure (no server-only).

/** One run that uses the prompt, with the prompt versions it links to. */
export interface UsageRunRow {
  runId: string;
  runName: string;
  experimentId: string;
  experimentName: string;
  status: string;
  startTime: number;
  userId: string;
  versions: number[];
  metrics: Record<string, number>;
  /** Logged models the run produced. */
  models: { modelId: string; name: string }[];
}

export interface UsageModelRow {
  modelId: string;
  name: string;
  experimentId: string;
  experimentName: string;
  status: string;
  sourceRunId: string | null;
  createdAt: number;
  versions: number[];
  /** Set when the model is not linked itself but was produced by a linked run (log_model(prompts=…) links the run). */
  viaRun?: { runId: string; runName: string };
}

export interface UsageModelVersionRow {
  name: string;
  version: number;
  stage: string;
  modelId: string | null;
  createdAt: number;
  versions: number[];
}

/** Rows per kind the "Used by" tab gets (newest first); the totals are always complete. */
export const USAGE_ROWS_LIMIT = 200;

export interface PromptUsageTotals {
  /** Distinct active runs linked to the prompt (or to the version in scope). */
  runs: number;
  /** Distinct active logged models that use it: linked themselves, or produced by a linked run. */
  models: number;
  /** Distinct registered model versions linked to it. */
  modelVersions: number;
}

export interface PromptUsageView {
  /** Linked runs per prompt version (every version, whatever the scope). */
  runsPerVersion: Record<number, number>;
  /** The newest linked run ids per version (at most 5: "compare these runs"). */
  recentRunIdsPerVersion: Record<number, string[]>;
  /** Across all versions: what the header and the "Used by" badge count. */
  totals: PromptUsageTotals;
  /** The "Used by" tab, when asked for: rows in scope (all versions or one), bounded. */
  rows: {
    totals: PromptUsageTotals;
    runs: UsageRunRow[];
    models: UsageModelRow[];
    modelVersions: UsageModelVersionRow[];
  } | null;
}
