// The runs table's state as it lives in the URL (?q=…&sort=…&cols=…), so a link reproduces the
// view. Pure (no server-only): the page parses it on the server, the table rewrites it in the
// browser. Unknown or malformed values fall back to defaults instead of failing the page.
import { z } from "zod";
import "@/lib/schemas/zod-config";

/** Built-in run columns (everything else is `metrics.<key>`, `params.<key>` or `tags.<key>`). */
export const ATTRIBUTE_COLUMNS = ["name", "status", "start", "duration", "end", "user", "source", "run_id", "parent"] as const;
export type AttributeColumn = (typeof ATTRIBUTE_COLUMNS)[number];

export const ATTRIBUTE_LABELS: Record<AttributeColumn, string> = {
  name: "Run name",
  status: "Status",
  start: "Started",
  duration: "Duration",
  end: "Ended",
  user: "User",
  source: "Source",
  run_id: "Run ID",
  parent: "Parent run",
};

/** Columns shown when the URL names none (the name column is always shown first). */
export const DEFAULT_ATTRIBUTE_COLUMNS: AttributeColumn[] = ["status", "start", "duration"];
/** How many metric columns the default view adds. */
export const DEFAULT_METRIC_COLUMNS = 4;

export type KeyKind = "metric" | "param" | "tag";
export const KIND_PREFIX: Record<KeyKind, string> = { metric: "metrics", param: "params", tag: "tags" };

export type ColumnRef = { type: "attribute"; key: AttributeColumn } | { type: KeyKind; key: string };

export function columnId(kind: KeyKind, key: string): string {
  return `${KIND_PREFIX[kind]}.${key}`;
}

export function parseColumnId(id: string): ColumnRef | null {
  if ((ATTRIBUTE_COLUMNS as readonly string[]).includes(id)) return { type: "attribute", key: id as AttributeColumn };
  const dot = id.indexOf(".");
  if (dot <= 0 || dot === id.length - 1) return null;
  const prefix = id.slice(0, dot);
  const key = id.slice(dot + 1);
  const kind = (Object.keys(KIND_PREFIX) as KeyKind[]).find((k) => KIND_PREFIX[k] === prefix);
  return kind ? { type: kind, key } : null;
}

export function columnLabel(id: string): string {
  const c = parseColumnId(id);
  if (!c) return id;
  return c.type === "attribute" ? ATTRIBUTE_LABELS[c.key] : c.key;
}

const SORTABLE_ATTRIBUTES: Partial<Record<AttributeColumn, string>> = {
  name: "attributes.run_name",
  status: "attributes.status",
  start: "attributes.start_time",
  end: "attributes.end_time",
  user: "attributes.user_id",
  run_id: "attributes.run_id",
  source: "tags.`mlflow.source.name`",
};

export function isSortable(id: string): boolean {
  const c = parseColumnId(id);
  if (!c) return false;
  return c.type !== "attribute" || c.key in SORTABLE_ATTRIBUTES;
}

/** The MLflow `order_by` expression for a column (keys backtick-quoted), or null if unsortable. */
export function orderByFor(id: string, dir: "asc" | "desc"): string | null {
  const c = parseColumnId(id);
  if (!c) return null;
  const ident = c.type === "attribute" ? SORTABLE_ATTRIBUTES[c.key] : `${KIND_PREFIX[c.type]}.\`${c.key}\``;
  if (!ident || (c.type !== "attribute" && c.key.includes("`"))) return null;
  return `${ident} ${dir.toUpperCase()}`;
}

// ───────────────────────────── Rows (server → client) ─────────────────────────────

export interface RunTableRow {
  id: string;
  name: string;
  status: "RUNNING" | "SCHEDULED" | "FINISHED" | "FAILED" | "KILLED";
  startTime: number;
  endTime: number | null;
  userId: string;
  lifecycleStage: "active" | "deleted";
  parentRunId: string | null;
  /** The parent's name (null when there is no parent or it no longer exists). */
  parentName: string | null;
  /** How many runs name this one as their parent. */
  childCount: number;
  /** Values of the chosen key columns, by column id (`metrics.loss` → 0.12). Missing keys are absent. */
  values: Record<string, number | string>;
}

export interface FilterError {
  message: string;
  /** Offset of the offending token in the filter, when known. */
  position?: number;
  length?: number;
}

export const PAGE_SIZES = [50, 100, 200, 500] as const;
export const DEFAULT_PAGE_SIZE = 100;
export const DEFAULT_SORT = "start";

export type RunsView = "active" | "deleted" | "all";

export interface RunsTableState {
  /** MLflow filter expression ("" = none). */
  q: string;
  sort: string;
  dir: "asc" | "desc";
  /** Chosen columns after the name column, in order; null = the defaults. */
  cols: string[] | null;
  /** Pinned columns (besides the name column, which is always pinned). */
  pin: string[];
  /** Hide chosen columns whose value is the same for every run. */
  vary: boolean;
  page: number;
  size: number;
  view: RunsView;
  /** Column widths in px the user set by dragging a header edge (column id → width); only non-default widths. */
  widths: Record<string, number>;
}

export const MIN_COLUMN_WIDTH = 60;
export const MAX_COLUMN_WIDTH = 1200;

/** The default width of a column (px): the name column is wide, key columns fit their key. */
export function defaultColumnWidth(id: string): number {
  const c = parseColumnId(id);
  if (!c) return 140;
  // Wide enough for the key in the header (7px per character of monospace, plus dot and menu).
  const fit = (min: number) => Math.min(240, Math.max(min, c.key.length * 7 + 52));
  if (c.type === "metric") return fit(112);
  if (c.type === "param") return fit(120);
  if (c.type === "tag") return fit(150);
  const sizes: Record<AttributeColumn, number> = { name: 280, status: 112, start: 130, duration: 108, end: 130, user: 130, source: 190, run_id: 120, parent: 190 };
  return c.type === "attribute" ? sizes[c.key] : 140;
}

/** `w=name:320,metrics.loss:90` → { name: 320, "metrics.loss": 90 }; bad entries are dropped. */
function parseWidths(entries: string[] | undefined): Record<string, number> {
  const out: Record<string, number> = {};
  for (const e of entries ?? []) {
    const colon = e.lastIndexOf(":");
    if (colon <= 0) continue;
    const id = e.slice(0, colon);
    const n = Number(e.slice(colon + 1));
    if (!parseColumnId(id) || !Number.isInteger(n) || n < MIN_COLUMN_WIDTH || n > MAX_COLUMN_WIDTH) continue;
    out[id] = n;
  }
  return out;
}

const first = (v: unknown) => (Array.isArray(v) ? v[0] : v);
const list = z.preprocess(
  (v) => {
    const s = first(v);
    return typeof s === "string" ? s.split(",").filter(Boolean) : undefined;
  },
  z.array(z.string().max(300)).max(500).optional(),
);

const stateSchema = z.object({
  q: z.preprocess(first, z.string().max(10_000).optional().catch(undefined)),
  sort: z.preprocess(first, z.string().max(300).optional().catch(undefined)),
  dir: z.preprocess(first, z.enum(["asc", "desc"]).optional().catch(undefined)),
  cols: list.catch(undefined),
  pin: list.catch(undefined),
  vary: z.preprocess(first, z.enum(["1", "0"]).optional().catch(undefined)),
  page: z.preprocess(first, z.coerce.number().int().min(1).max(1_000_000).optional().catch(undefined)),
  size: z.preprocess(first, z.coerce.number().int().optional().catch(undefined)),
  view: z.preprocess(first, z.enum(["active", "deleted", "all"]).optional().catch(undefined)),
  w: list.catch(undefined),
});

export type SearchParams = Record<string, string | string[] | undefined>;

export function parseRunsTableState(params: SearchParams | URLSearchParams): RunsTableState {
  const obj: Record<string, unknown> = params instanceof URLSearchParams ? Object.fromEntries(params.entries()) : params;
  const s = stateSchema.parse(obj);
  const cols = s.cols?.filter((c) => parseColumnId(c) && c !== "name") ?? null;
  const sort = s.sort && isSortable(s.sort) ? s.sort : DEFAULT_SORT;
  return {
    q: s.q ?? "",
    sort,
    dir: s.dir ?? (s.sort && sort === s.sort ? "asc" : "desc"),
    cols: cols ? [...new Set(cols)] : null,
    pin: [...new Set(s.pin?.filter((c) => parseColumnId(c) && c !== "name") ?? [])],
    vary: s.vary === "1",
    page: s.page ?? 1,
    size: (PAGE_SIZES as readonly number[]).includes(s.size ?? 0) ? (s.size as number) : DEFAULT_PAGE_SIZE,
    view: s.view ?? "active",
    widths: parseWidths(s.w),
  };
}

/** The query string for a state; defaults are left out so links stay short. */
export function serializeRunsTableState(state: RunsTableState): string {
  const p = new URLSearchParams();
  if (state.q) p.set("q", state.q);
  if (state.sort !== DEFAULT_SORT || state.dir !== "desc") {
    p.set("sort", state.sort);
    p.set("dir", state.dir);
  }
  if (state.cols) p.set("cols", state.cols.join(","));
  if (state.pin.length) p.set("pin", state.pin.join(","));
  if (state.vary) p.set("vary", "1");
  if (state.page > 1) p.set("page", String(state.page));
  if (state.size !== DEFAULT_PAGE_SIZE) p.set("size", String(state.size));
  if (state.view !== "active") p.set("view", state.view);
  const widths = Object.entries(state.widths)
    .map(([id, w]) => [id, Math.min(MAX_COLUMN_WIDTH, Math.max(MIN_COLUMN_WIDTH, Math.round(w)))] as const)
    .filter(([id, w]) => w !== defaultColumnWidth(id));
  if (widths.length) p.set("w", widths.map(([id, w]) => `${id}:${w}`).join(","));
  return p.toString();
}

/** The MLflow run_view_type for a view. */
export function runViewType(view: RunsView): "ACTIVE_ONLY" | "DELETED_ONLY" | "ALL" {
  return view === "deleted" ? "DELETED_ONLY" : view === "all" ? "ALL" : "ACTIVE_ONLY";
}
