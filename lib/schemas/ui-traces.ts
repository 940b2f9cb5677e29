// The traces UI: the table's URL state (?q=…&sort=…&page=…) and the plain, serialisable shapes
// the server pages hand to the trace components. Pure (no server-only): parsed on the server,
// rewritten in the browser.

export const TRACE_SORTS = ["timestamp_ms", "execution_time_ms", "total_tokens", "name", "status"] as const;
export type TraceSort = (typeof TRACE_SORTS)[number];
export const TRACE_PAGE_SIZES = [25, 50, 100, 200] as const;
export const DEFAULT_TRACE_PAGE_SIZE = 50;

export interface TracesTableState {
  /** A search_traces filter string (MLflow grammar). */
  q: string;
  sort: TraceSort;
  dir: "asc" | "desc";
  page: number;
  size: number;
}

type SearchParams = Record<string, string | string[] | undefined>;
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

export function parseTracesTableState(params: SearchParams | URLSearchParams): TracesTableState {
  const get = (k: string) => (params instanceof URLSearchParams ? (params.get(k) ?? undefined) : one(params[k]));
  const sortRaw = get("sort");
  const sort = (TRACE_SORTS as readonly string[]).includes(sortRaw ?? "") ? (sortRaw as TraceSort) : "timestamp_ms";
  const dirRaw = get("dir");
  const page = Number(get("page"));
  const size = Number(get("size"));
  return {
    q: (get("q") ?? "").slice(0, 4000),
    sort,
    dir: dirRaw === "asc" || dirRaw === "desc" ? dirRaw : sort === "name" ? "asc" : "desc",
    page: Number.isInteger(page) && page >= 1 && page <= 100_000 ? page : 1,
    size: (TRACE_PAGE_SIZES as readonly number[]).includes(size) ? size : DEFAULT_TRACE_PAGE_SIZE,
  };
}

/** The query string for a state; defaults are left out so links stay short. */
export function serializeTracesTableState(s: TracesTableState): string {
  const p = new URLSearchParams();
  if (s.q) p.set("q", s.q);
  if (s.sort !== "timestamp_ms" || s.dir !== "desc") {
    p.set("sort", s.sort);
    p.set("dir", s.dir);
  }
  if (s.page > 1) p.set("page", String(s.page));
  if (s.size !== DEFAULT_TRACE_PAGE_SIZE) p.set("size", String(s.size));
  return p.toString();
}

/** search_traces order_by for a table state. */
export const traceOrderBy = (s: Pick<TracesTableState, "sort" | "dir">): string[] => [`${s.sort} ${s.dir.toUpperCase()}`];

export type TraceStateName = "STATE_UNSPECIFIED" | "OK" | "ERROR" | "IN_PROGRESS";

export interface PromptRef {
  name: string;
  version: number;
}

export interface AssessmentChip {
  name: string;
  kind: "feedback" | "expectation";
  /** The value as display text (JSON for structured values). */
  value: string;
  /** yes/true/pass → true, no/false/fail → false, anything else null. */
  verdict: boolean | null;
}

export interface TraceTableRow {
  traceId: string;
  experimentId: string;
  name: string | null;
  requestPreview: string | null;
  responsePreview: string | null;
  state: TraceStateName;
  /** Epoch ms. */
  requestTime: number;
  latencyMs: number | null;
  inputTokens: number | null;
  outputTokens: number | null;
  totalTokens: number | null;
  prompts: PromptRef[];
  run: { id: string; name: string; experimentId: string } | null;
  assessments: AssessmentChip[];
}

export type FilterError = { message: string };

export interface ChatMessageView {
  role: string;
  content: string;
  /** Tool calls and other fields, as JSON text. */
  extra: string | null;
}

/** A value (inputs, outputs, an attribute) ready to display. */
export interface ValueView {
  /** Pretty JSON text, or the raw text when it was not JSON. */
  text: string;
  /** Set when the value reads as chat messages (OpenAI / LangChain shapes). */
  messages: ChatMessageView[] | null;
}

export interface SpanEventView {
  name: string;
  /** ms since the trace started. */
  offsetMs: number;
  attributes: string | null;
}

export interface SpanView {
  spanId: string;
  parentSpanId: string | null;
  name: string;
  spanType: string | null;
  status: "UNSET" | "OK" | "ERROR";
  statusMessage: string;
  /** ms since the trace's earliest span started. */
  offsetMs: number;
  durationMs: number | null;
  depth: number;
  /** Names from the root to this span ("agent/retrieve/llm"); identical siblings get #2, #3. */
  path: string;
  inputs: ValueView | null;
  outputs: ValueView | null;
  attributes: [string, string][];
  events: SpanEventView[];
  totalTokens: number | null;
  model: string | null;
}

export interface LinkedPromptView extends PromptRef {
  template: string;
  promptType: string;
}

export interface AssessmentView {
  assessmentId: string;
  name: string;
  kind: "feedback" | "expectation";
  spanId: string | null;
  sourceType: string;
  sourceId: string | null;
  value: string;
  verdict: boolean | null;
  rationale: string | null;
  error: string | null;
  /** Epoch ms. */
  createTime: number;
}

/** A piece of a rendered prompt: template text, or the value a {{variable}} was filled with. */
export interface PromptSegment {
  text: string;
  variable?: string;
}

/** The prompt that reached the LLM: the first LLM / chat-model span's input messages, matched against the linked prompt versions. */
export interface RenderedPromptView {
  spanId: string;
  spanName: string;
  /** The prompt version the messages were rendered from (null: none of the linked versions matched). */
  prompt: PromptRef | null;
  messages: { role: string; segments: PromptSegment[] }[];
}

export interface TraceView {
  renderedPrompt: RenderedPromptView | null;
  row: TraceTableRow;
  spans: SpanView[];
  tags: [string, string][];
  metadata: [string, string][];
  linkedPrompts: LinkedPromptView[];
  assessments: AssessmentView[];
  /** The total wall time the waterfall spans, ms. */
  totalMs: number;
}

export interface PromptVersionTraceStats {
  version: number;
  traces: number;
  errors: number;
  avgLatencyMs: number | null;
  p50LatencyMs: number | null;
  p95LatencyMs: number | null;
  avgTotalTokens: number | null;
  sumTotalTokens: number | null;
  avgInputTokens: number | null;
  avgOutputTokens: number | null;
}

export interface RunTraceStats {
  runId: string;
  traces: number;
  errors: number;
  avgLatencyMs: number | null;
  p50LatencyMs: number | null;
  sumInputTokens: number | null;
  sumOutputTokens: number | null;
  sumTotalTokens: number | null;
}

/** Yes/no reading of an assessment value (pass/fail, true/false, yes/no). */
export function verdictOf(value: string | null): boolean | null {
  if (value === null) return null;
  const v = value.replace(/^"|"$/g, "").trim().toLowerCase();
  if (["yes", "true", "pass", "passed", "correct", "1"].includes(v)) return true;
  if (["no", "false", "fail", "failed", "incorrect", "0"].includes(v)) return false;
  return null;
}
