// The compare page's whole view state, kept in the URL so a view can be shared and reopened.
// Pure (no Node or browser APIs): the server page parses it, the client updates it.
//
// URL format (every parameter optional except `runs`):
//   runs=<id>,<id>,-<id>   full run ids in display order; a leading "-" marks a hidden run
//   baseline=<id>          the baseline run (default: the first visible run)
//   d=all | d=<letters>    sections showing differences only (letters below), "all" = every section
//   c=<letters>            collapsed sections
//   q=<text>               key filter (params, metrics, tags)
//   ch=<key>,<key>         metric history charts ("ch=" = none; absent = the default choice)
//   x=time|rel             history x axis (default: step)
//   pc=<metric>            parallel coordinates target metric
//   sx=p:<key>|m:<key>     scatter x axis (a param or a metric); sy=<metric> scatter y axis
//   af=<path>              the artifact whose texts are diffed (an open dialog)
// Run ids stay full (32 hex chars): 50 runs make a ~1.7 KB URL. Everything else is a few bytes.

export const SECTIONS = [
  { id: "overview", letter: "o", label: "Overview" },
  { id: "params", letter: "p", label: "Parameters" },
  { id: "metrics", letter: "m", label: "Metrics" },
  { id: "traces", letter: "x", label: "Traces" },
  { id: "tags", letter: "t", label: "Tags" },
  { id: "prompts", letter: "r", label: "Prompts" },
  { id: "models", letter: "l", label: "Models" },
  { id: "artifacts", letter: "a", label: "Artifacts" },
] as const;

export type SectionId = (typeof SECTIONS)[number]["id"];
export type XAxis = "step" | "time" | "rel";

export interface AxisRef {
  kind: "param" | "metric";
  key: string;
}

export interface CompareState {
  /** Every selected run id, in display order (hidden ones included). */
  runs: string[];
  hidden: string[];
  /** Explicit baseline; null = first visible run. */
  baseline: string | null;
  diffOnly: SectionId[];
  collapsed: SectionId[];
  filter: string;
  /** Chosen history charts; null = default choice (decided by the UI from the data). */
  charts: string[] | null;
  xAxis: XAxis;
  parallelMetric: string | null;
  scatterX: AxisRef | null;
  scatterY: string | null;
  /** Artifact path being diffed against the baseline's, or null. */
  artifact: string | null;
}

export const MAX_COMPARE_RUNS = 200;

export function emptyCompareState(runs: string[] = []): CompareState {
  return { runs, hidden: [], baseline: null, diffOnly: [], collapsed: [], filter: "", charts: null, xAxis: "step", parallelMetric: null, scatterX: null, scatterY: null, artifact: null };
}

type ParamSource = URLSearchParams | Record<string, string | string[] | undefined>;

function getParam(src: ParamSource, name: string): string | undefined {
  if (src instanceof URLSearchParams) return src.get(name) ?? undefined;
  const v = src[name];
  return Array.isArray(v) ? v[0] : v;
}

const RUN_ID = /^[A-Za-z0-9_.]{1,64}$/;

function splitList(v: string | undefined): string[] {
  if (v === undefined) return [];
  return v
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
}

function sectionsFrom(letters: string | undefined): SectionId[] {
  if (!letters) return [];
  if (letters === "all") return SECTIONS.map((s) => s.id);
  return SECTIONS.filter((s) => letters.includes(s.letter)).map((s) => s.id);
}

function sectionsTo(ids: SectionId[]): string {
  const set = new Set(ids);
  if (SECTIONS.every((s) => set.has(s.id))) return "all";
  return SECTIONS.filter((s) => set.has(s.id))
    .map((s) => s.letter)
    .join("");
}

function parseAxis(v: string | undefined): AxisRef | null {
  if (!v) return null;
  const m = /^([pm]):(.+)$/.exec(v);
  if (!m) return { kind: "metric", key: v };
  return { kind: m[1] === "p" ? "param" : "metric", key: m[2] };
}

/** Parses the page's search params (Next's decoded record or a URLSearchParams). */
export function parseCompareState(src: ParamSource): CompareState {
  const state = emptyCompareState();
  const seen = new Set<string>();
  for (const token of splitList(getParam(src, "runs"))) {
    const hidden = token.startsWith("-");
    const id = hidden ? token.slice(1) : token;
    if (!RUN_ID.test(id) || seen.has(id)) continue;
    seen.add(id);
    state.runs.push(id);
    if (hidden) state.hidden.push(id);
    if (state.runs.length >= MAX_COMPARE_RUNS) break;
  }
  const baseline = getParam(src, "baseline");
  state.baseline = baseline && seen.has(baseline) ? baseline : null;
  state.diffOnly = sectionsFrom(getParam(src, "d"));
  state.collapsed = sectionsFrom(getParam(src, "c"));
  state.filter = getParam(src, "q") ?? "";
  const ch = getParam(src, "ch");
  state.charts = ch === undefined ? null : [...new Set(splitList(ch))];
  const x = getParam(src, "x");
  state.xAxis = x === "time" || x === "rel" ? x : "step";
  state.parallelMetric = getParam(src, "pc") || null;
  state.scatterX = parseAxis(getParam(src, "sx"));
  state.scatterY = getParam(src, "sy") || null;
  state.artifact = getParam(src, "af") || null;
  return state;
}

// encodeURIComponent, but keeping characters that are legal and readable in a query value.
function enc(s: string): string {
  return encodeURIComponent(s).replace(/%3A/gi, ":").replace(/%2F/gi, "/").replace(/%40/g, "@");
}

/** The query string (without "?") for a state; parameters at their default are left out. */
export function serializeCompareState(state: CompareState): string {
  const hidden = new Set(state.hidden);
  const parts: string[] = [`runs=${state.runs.map((id) => (hidden.has(id) ? "-" : "") + enc(id)).join(",")}`];
  if (state.baseline && state.baseline !== state.runs.find((id) => !hidden.has(id))) parts.push(`baseline=${enc(state.baseline)}`);
  const d = sectionsTo(state.diffOnly);
  if (d) parts.push(`d=${d}`);
  const c = sectionsTo(state.collapsed);
  if (c) parts.push(`c=${c}`);
  if (state.filter) parts.push(`q=${enc(state.filter)}`);
  if (state.charts !== null) parts.push(`ch=${state.charts.map(enc).join(",")}`);
  if (state.xAxis !== "step") parts.push(`x=${state.xAxis}`);
  if (state.parallelMetric) parts.push(`pc=${enc(state.parallelMetric)}`);
  if (state.scatterX) parts.push(`sx=${state.scatterX.kind === "param" ? "p" : "m"}:${enc(state.scatterX.key)}`);
  if (state.scatterY) parts.push(`sy=${enc(state.scatterY)}`);
  if (state.artifact) parts.push(`af=${enc(state.artifact)}`);
  return parts.join("&");
}

/** The simple entry-point URL other pages link to. */
export function compareHref(runIds: string[], baseline?: string | null): string {
  const q = `runs=${runIds.map(enc).join(",")}`;
  return `/compare?${q}${baseline ? `&baseline=${enc(baseline)}` : ""}`;
}

// ───────────── Derived values and transitions (all return new states) ─────────────

export function visibleRuns(state: CompareState): string[] {
  const hidden = new Set(state.hidden);
  return state.runs.filter((id) => !hidden.has(id));
}

/** The baseline in effect: the chosen one if visible, else the first visible run. */
export function effectiveBaseline(state: CompareState): string | null {
  const visible = visibleRuns(state);
  if (state.baseline && visible.includes(state.baseline)) return state.baseline;
  return visible[0] ?? null;
}

export function setBaseline(state: CompareState, runId: string): CompareState {
  if (!state.runs.includes(runId)) return state;
  return { ...state, baseline: runId, hidden: state.hidden.filter((id) => id !== runId) };
}

export function setHidden(state: CompareState, runId: string, hide: boolean): CompareState {
  if (!state.runs.includes(runId)) return state;
  const hidden = state.hidden.filter((id) => id !== runId);
  if (hide) {
    // Keep at least one run visible.
    if (visibleRuns(state).filter((id) => id !== runId).length === 0) return state;
    hidden.push(runId);
  }
  return { ...state, hidden, baseline: hide && state.baseline === runId ? null : state.baseline };
}

/** Moves a run by `delta` places among the visible runs (hidden runs keep their slots). */
export function moveRun(state: CompareState, runId: string, delta: number): CompareState {
  const visible = visibleRuns(state);
  const from = visible.indexOf(runId);
  if (from < 0) return state;
  const to = Math.max(0, Math.min(visible.length - 1, from + delta));
  if (to === from) return state;
  return moveRunBefore(state, runId, delta > 0 ? (visible[to + 1] ?? null) : visible[to]);
}

/** Moves a run so it sits right before `beforeId` (null: at the end). */
export function moveRunBefore(state: CompareState, runId: string, beforeId: string | null): CompareState {
  if (runId === beforeId || !state.runs.includes(runId)) return state;
  const rest = state.runs.filter((id) => id !== runId);
  const at = beforeId === null ? rest.length : rest.indexOf(beforeId);
  if (at < 0) return state;
  rest.splice(at, 0, runId);
  return { ...state, runs: rest };
}

export function removeRun(state: CompareState, runId: string): CompareState {
  if (state.runs.length <= 1) return state;
  return {
    ...state,
    runs: state.runs.filter((id) => id !== runId),
    hidden: state.hidden.filter((id) => id !== runId),
    baseline: state.baseline === runId ? null : state.baseline,
  };
}

export function toggleSection(list: SectionId[], id: SectionId, on: boolean): SectionId[] {
  const rest = list.filter((s) => s !== id);
  return on ? [...rest, id] : rest;
}

export function allDiffOnly(state: CompareState): boolean {
  return SECTIONS.every((s) => state.diffOnly.includes(s.id));
}

export function setAllDiffOnly(state: CompareState, on: boolean): CompareState {
  return { ...state, diffOnly: on ? SECTIONS.map((s) => s.id) : [] };
}
