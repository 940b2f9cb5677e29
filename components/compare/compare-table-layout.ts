"use client";
// Shared pieces of the comparison grid: its props, the handlers its parts call, widths and the
// classes of the sticky label column and the baseline tint.
import type { Row } from "@/components/compare/rows";
import type { SectionId } from "@/lib/compare-state";
import type { CompareRunInfo } from "@/lib/schemas/compare";
import type { Direction } from "@/lib/metric-direction";

export const LABEL_WIDTH = 260;
export const COLUMN_WIDTH = 264;

export interface TableHandlers {
  setBaseline: (runId: string) => void;
  move: (runId: string, delta: number) => void;
  moveBefore: (runId: string, beforeId: string | null) => void;
  hide: (runId: string) => void;
  toggleDiffOnly: (section: SectionId, on: boolean) => void;
  toggleCollapsed: (section: SectionId) => void;
  toggleDirection: (key: string, current: Direction) => void;
  toggleChart: (key: string) => void;
  openArtifactDiff: (path: string) => void;
  openSideBySide: (row: Row, col: number) => void;
}

export interface CompareTableProps {
  rows: Row[];
  runs: CompareRunInfo[];
  /** Indexes into `runs` of the visible runs, in order. */
  cols: number[];
  /** Position in `cols` of the baseline. */
  base: number;
  diffOnly: ReadonlySet<SectionId>;
  collapsed: ReadonlySet<SectionId>;
  charts: ReadonlySet<string>;
  /** data index → colour index */
  colorOf: (dataIndex: number) => string;
  handlers: TableHandlers;
}

export const stickyLabel = "sticky left-0 z-10 shrink-0 border-r border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-950";
export const cellBase = "shrink-0 border-r border-zinc-100 px-3 py-2 text-sm dark:border-zinc-800/60";
export const baseTint = "bg-indigo-50/50 dark:bg-indigo-950/20";
