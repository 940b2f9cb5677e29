// The compare table as one flat list of rows (section headers, then each section's rows), built
// from the read model and the view state. Pure, so it can be unit-tested and memoised; the table
// virtualises this list. Every row carries `differs`: whether its value is not the same for all
// visible runs (a missing value counts as a value of its own).
import type { CompareData, CompareModel, ComparePrompt, CompareTraceStats, MetricCell } from "@/lib/schemas/compare";
import type { SectionId } from "@/lib/compare-state";
import { resolveDirection, type Direction, type DirectionSource } from "@/lib/metric-direction";

export type OverviewField = "name" | "experiment" | "status" | "start" | "duration" | "user" | "id";
export type TraceField = "traces" | "errors" | "avgLatencyMs" | "p50LatencyMs" | "sumTotalTokens" | "sumInputTokens" | "sumOutputTokens";
/** The run-compare rows of a run's traces (all lower-is-better, except how many there are). */
export const TRACE_FIELDS: { field: TraceField; label: string; direction: Direction }[] = [
  { field: "traces", label: "Traces", direction: "higher" },
  { field: "errors", label: "Errors", direction: "lower" },
  { field: "avgLatencyMs", label: "Avg latency", direction: "lower" },
  { field: "p50LatencyMs", label: "p50 latency", direction: "lower" },
  { field: "sumTotalTokens", label: "Tokens (total)", direction: "lower" },
  { field: "sumInputTokens", label: "Input tokens", direction: "lower" },
  { field: "sumOutputTokens", label: "Output tokens", direction: "lower" },
];
export type ModelField = "model" | "flavors" | "signature" | "example" | "environment" | "requirements";

export const MODEL_FIELD_LABELS: Record<ModelField, string> = {
  model: "Model",
  flavors: "Flavors",
  signature: "Signature",
  example: "Input example",
  environment: "Environment",
  requirements: "Requirements",
};

export type Row =
  | { kind: "section"; id: string; section: SectionId; label: string; total: number; matched: number; shown: number; differing: number }
  | { kind: "overview"; id: string; section: "overview"; field: OverviewField; label: string; differs: boolean }
  | { kind: "value"; id: string; section: "params" | "tags"; key: string; values: (string | null)[]; differs: boolean; promptLike: boolean }
  | { kind: "metric"; id: string; section: "metrics"; key: string; values: (MetricCell | null)[]; differs: boolean; direction: Direction; directionSource: DirectionSource }
  | { kind: "trace"; id: string; section: "traces"; field: TraceField; label: string; values: (number | null)[]; differs: boolean; direction: Direction }
  | { kind: "prompt"; id: string; section: "prompts"; name: string; entries: (ComparePrompt | null)[]; differs: boolean }
  | { kind: "template"; id: string; section: "prompts"; key: string; values: (string | null)[]; differs: boolean }
  | { kind: "model"; id: string; section: "models"; name: string; field: ModelField; entries: (CompareModel | null)[]; differs: boolean }
  | { kind: "artifact"; id: string; section: "artifacts"; path: string; sizes: (number | null)[]; differs: boolean; textLike: boolean; presentIn: number }
  | { kind: "empty"; id: string; section: SectionId; text: string };

export interface BuildOptions {
  /** Indexes into data.runs of the visible runs, in display order. */
  cols: number[];
  /** Index into data.runs of the baseline run. */
  baseline: number;
  diffOnly: ReadonlySet<SectionId>;
  collapsed: ReadonlySet<SectionId>;
  filter: string;
  /** Directions the user set in this session (not yet reloaded from the server). */
  directionOverrides?: Record<string, Direction>;
}

/** True when all values are equal (by `eq`), counting null as a distinct value. */
export function allSame<T>(values: (T | null)[], eq: (a: T, b: T) => boolean = Object.is): boolean {
  if (values.length <= 1) return true;
  const first = values[0];
  for (let i = 1; i < values.length; i++) {
    const v = values[i];
    if (first === null || v === null) {
      if (first !== v) return false;
    } else if (!eq(first, v)) return false;
  }
  return true;
}

const PLACEHOLDER = /\{\{\s*[A-Za-z_][\w.]*\s*\}\}|\{[A-Za-z_][\w.]*\}/;
const PROMPTISH_KEY = /prompt|template|instruction|system_message|system_msg|persona/i;

/**
 * Whether a param value reads like a prompt template: multi-word text with `{var}` / `{{var}}`
 * placeholders, a prompt-named key with a sentence in it, or simply long prose.
 */
export function looksLikePromptTemplate(key: string, value: string | null | undefined): boolean {
  if (!value) return false;
  const v = value.trim();
  if (v.startsWith("{") || v.startsWith("[")) {
    // JSON (a config dict) is not prose; chat prompts in JSON are handled by the prompt registry.
    try {
      JSON.parse(v);
      return false;
    } catch {
      // not JSON: fall through
    }
  }
  const words = v.split(/\s+/).filter(Boolean).length;
  if (words >= 3 && PLACEHOLDER.test(v)) return true;
  if (words >= 4 && PROMPTISH_KEY.test(key)) return true;
  return v.length >= 120 && words >= 12;
}

function matches(filter: string, text: string): boolean {
  return !filter || text.toLowerCase().includes(filter);
}

const TEXT_EXT = /\.(txt|json|jsonl|ya?ml|md|csv|tsv|log|py|js|ts|html?|xml|toml|ini|cfg|conf|sql|sh|env|text|prompt|j2|jinja2?)$|(^|\/)(MLmodel|requirements\.txt|Dockerfile|LICENSE|README)$/i;

export function isTextArtifact(path: string): boolean {
  return TEXT_EXT.test(path);
}

/** Model rows are grouped by model name; a run that logged no model of that name shows "—". */
function groupModels(data: CompareData, cols: number[]): { name: string; entries: (CompareModel | null)[] }[] {
  const names: string[] = [];
  const seen = new Set<string>();
  for (const c of cols) {
    for (const m of data.models[c] ?? []) {
      if (!seen.has(m.name)) {
        seen.add(m.name);
        names.push(m.name);
      }
    }
  }
  return names.map((name) => ({ name, entries: cols.map((c) => (data.models[c] ?? []).find((m) => m.name === name) ?? null) }));
}

export function signatureText(m: CompareModel | null): string {
  if (!m?.signature) return "";
  const parts: string[] = [];
  const indent = (t: string) => t.replace(/^/gm, "  ");
  if (m.signature.inputs) parts.push(`inputs:\n${indent(m.signature.inputs)}`);
  if (m.signature.outputs) parts.push(`outputs:\n${indent(m.signature.outputs)}`);
  if (m.signature.params) parts.push(`params:\n${indent(m.signature.params)}`);
  return parts.join("\n");
}

export function modelFieldValue(m: CompareModel | null, field: ModelField): string | null {
  if (!m) return null;
  switch (field) {
    case "model":
      return `${m.modelType ?? ""}|${m.status}|${m.registrations.map((r) => `${r.name}/${r.version}`).join(",")}`;
    case "flavors":
      return m.flavors.join(",");
    case "signature":
      return signatureText(m);
    case "example":
      return m.inputExample ?? "";
    case "environment":
      return m.environment ?? "";
    case "requirements":
      return m.requirements ?? "";
  }
}

const OVERVIEW: { field: OverviewField; label: string }[] = [
  { field: "name", label: "Run name" },
  { field: "experiment", label: "Experiment" },
  { field: "status", label: "Status" },
  { field: "start", label: "Started" },
  { field: "duration", label: "Duration" },
  { field: "user", label: "User" },
  { field: "id", label: "Run ID" },
];

export function runDuration(run: { startTime: number; endTime: number | null }): number | null {
  return run.endTime === null ? null : run.endTime - run.startTime;
}

function overviewValue(data: CompareData, c: number, field: OverviewField): string {
  const r = data.runs[c];
  switch (field) {
    case "name":
      return r.name;
    case "experiment":
      return r.experimentId;
    case "status":
      return r.status;
    case "start":
      return String(r.startTime);
    case "duration":
      return String(runDuration(r));
    case "user":
      return r.userId;
    case "id":
      return r.id;
  }
}

const sameMetric = (a: MetricCell, b: MetricCell) => Object.is(a.value, b.value);

/** Builds the flat row list for the table. */
export function buildRows(data: CompareData, opts: BuildOptions): Row[] {
  const { cols, diffOnly, collapsed } = opts;
  const filter = opts.filter.trim().toLowerCase();
  const out: Row[] = [];
  const pick = <T>(values: (T | null)[]) => cols.map((c) => values[c] ?? null);

  const section = (id: SectionId, label: string, rows: Row[], total: number, emptyText: string) => {
    const differing = rows.filter((r) => r.kind !== "section" && r.kind !== "empty" && r.differs).length;
    const shownRows = diffOnly.has(id) ? rows.filter((r) => r.kind === "empty" || ("differs" in r && r.differs)) : rows;
    out.push({ kind: "section", id: `s:${id}`, section: id, label, total, matched: rows.length, shown: shownRows.length, differing });
    if (collapsed.has(id)) return;
    if (shownRows.length === 0) {
      const text = total === 0 ? emptyText : diffOnly.has(id) && rows.length > 0 ? "No differences." : filter ? "Nothing matches the filter." : emptyText;
      out.push({ kind: "empty", id: `e:${id}`, section: id, text });
      return;
    }
    out.push(...shownRows);
  };

  // Overview
  section(
    "overview",
    "Overview",
    OVERVIEW.map(({ field, label }) => ({
      kind: "overview" as const,
      id: `o:${field}`,
      section: "overview" as const,
      field,
      label,
      differs: !allSame(cols.map((c) => overviewValue(data, c, field))),
    })),
    OVERVIEW.length,
    "",
  );

  // Prompts: registered prompt versions (by prompt name), then params that read like templates.
  const promptNames: string[] = [];
  const seenNames = new Set<string>();
  for (const c of cols) {
    for (const p of data.prompts[c] ?? []) {
      if (!seenNames.has(p.name)) {
        seenNames.add(p.name);
        promptNames.push(p.name);
      }
    }
  }
  const promptRows: Row[] = [];
  for (const name of promptNames) {
    // A run linking several versions of one prompt: the newest one is compared.
    const entries = cols.map((c) => {
      const versions = (data.prompts[c] ?? []).filter((p) => p.name === name);
      return versions.length ? versions[versions.length - 1] : null;
    });
    const differs = !allSame(entries, (a, b) => a.template === b.template && a.version === b.version);
    promptRows.push({ kind: "prompt", id: `r:${name}`, section: "prompts", name, entries, differs });
  }
  const templateKeys = new Set<string>();
  for (const p of data.params) {
    const values = pick(p.values);
    if (values.some((v) => looksLikePromptTemplate(p.key, v))) {
      templateKeys.add(p.key);
      promptRows.push({ kind: "template", id: `rt:${p.key}`, section: "prompts", key: p.key, values, differs: !allSame(values) });
    }
  }
  section("prompts", "Prompts", promptRows, promptRows.length, "No linked prompt versions and no template-like params.");

  // Params
  const paramRows: Row[] = [];
  for (const p of data.params) {
    if (!matches(filter, p.key)) continue;
    const values = pick(p.values);
    paramRows.push({ kind: "value", id: `p:${p.key}`, section: "params", key: p.key, values, differs: !allSame(values), promptLike: templateKeys.has(p.key) });
  }
  section("params", "Parameters", paramRows, data.params.length, "No parameters logged.");

  // Metrics
  const baseExp = data.runs[opts.baseline]?.experimentId;
  const expOrder = [...data.experiments].sort((a, b) => (a.id === baseExp ? -1 : b.id === baseExp ? 1 : 0));
  const stored = expOrder.map((e) => e.directions);
  const metricRows: Row[] = [];
  for (const m of data.metrics) {
    if (!matches(filter, m.key)) continue;
    const values = pick(m.values);
    const d = resolveDirection(m.key, stored, opts.directionOverrides);
    metricRows.push({
      kind: "metric",
      id: `m:${m.key}`,
      section: "metrics",
      key: m.key,
      values,
      differs: !allSame(values, sameMetric),
      direction: d.direction,
      directionSource: d.source,
    });
  }
  section("metrics", "Metrics", metricRows, data.metrics.length, "No metrics logged.");

  // Traces (only when some run has traces): count, latency and tokens per run
  const traces = pick<CompareTraceStats>(data.traces ?? []);
  if (traces.some((t) => t !== null)) {
    const traceRows: Row[] = TRACE_FIELDS.filter(({ label }) => matches(filter, label)).map(({ field, label, direction }) => {
      const values = traces.map((t) => (t ? t[field] : null));
      return { kind: "trace" as const, id: `x:${field}`, section: "traces" as const, field, label, values, differs: !allSame(values), direction };
    });
    section("traces", "Traces", traceRows, TRACE_FIELDS.length, "No traces.");
  }

  // Models
  const modelRows: Row[] = [];
  for (const g of groupModels(data, cols)) {
    for (const field of ["model", "flavors", "signature", "example", "environment", "requirements"] as ModelField[]) {
      if (field !== "model" && g.entries.every((m) => !modelFieldValue(m, field))) continue;
      modelRows.push({
        kind: "model",
        id: `l:${g.name}:${field}`,
        section: "models",
        name: g.name,
        field,
        entries: g.entries,
        differs: !allSame(g.entries.map((m) => modelFieldValue(m, field))),
      });
    }
  }
  section("models", "Models", modelRows, modelRows.length, "No logged models.");

  // Artifacts
  const paths = new Map<string, (number | null)[]>();
  cols.forEach((c, j) => {
    for (const f of data.artifacts[c]?.files ?? []) {
      let sizes = paths.get(f.path);
      if (!sizes) paths.set(f.path, (sizes = new Array(cols.length).fill(null)));
      sizes[j] = f.size;
    }
  });
  const artifactRows: Row[] = [];
  for (const [path, sizes] of [...paths.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    if (!matches(filter, path)) continue;
    artifactRows.push({
      kind: "artifact",
      id: `a:${path}`,
      section: "artifacts",
      path,
      sizes,
      differs: !allSame(sizes),
      textLike: isTextArtifact(path),
      presentIn: sizes.filter((s) => s !== null).length,
    });
  }
  section("artifacts", "Artifacts", artifactRows, paths.size, "No artifacts logged.");

  // Tags
  const tagRows: Row[] = [];
  for (const t of data.tags) {
    if (!matches(filter, t.key)) continue;
    const values = pick(t.values);
    tagRows.push({ kind: "value", id: `t:${t.key}`, section: "tags", key: t.key, values, differs: !allSame(values), promptLike: false });
  }
  section("tags", "Tags", tagRows, data.tags.length, "No tags.");

  return out;
}
