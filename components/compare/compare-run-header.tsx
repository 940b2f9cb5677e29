"use client";
// One run's column header in the comparison grid: colour bar, name, experiment, baseline badge or
// "Set baseline", move left/right, hide; drag to reorder.
import { memo } from "react";
import Link from "next/link";
import { ChevronLeft, ChevronRight, EyeOff, GripVertical, Star } from "lucide-react";
import { cn } from "@/components/ui/cn";
import { baseTint, type TableHandlers } from "@/components/compare/compare-table-layout";
import type { CompareRunInfo } from "@/lib/schemas/compare";

export const CompareRunHeader = memo(function RunHeader({
  run,
  color,
  isBase,
  first,
  last,
  only,
  width,
  dragging,
  dropTarget,
  setDragging,
  setDropTarget,
  handlers,
}: {
  run: CompareRunInfo;
  color: string;
  isBase: boolean;
  first: boolean;
  last: boolean;
  only: boolean;
  width: number;
  dragging: string | null;
  dropTarget: string | null;
  setDragging: (id: string | null) => void;
  setDropTarget: (fn: (t: string | null) => string | null) => void;
  handlers: TableHandlers;
}) {
  const name = run.name || run.id.slice(0, 8);
  return (
    <div
      role="columnheader"
      aria-label={name}
      data-run-id={run.id}
      data-baseline={isBase || undefined}
      draggable
      onDragStart={(e) => {
        e.dataTransfer.setData("text/x-run-id", run.id);
        e.dataTransfer.effectAllowed = "move";
        setDragging(run.id);
      }}
      onDragEnd={() => {
        setDragging(null);
        setDropTarget(() => null);
      }}
      onDragOver={(e) => {
        if (!dragging || dragging === run.id) return;
        e.preventDefault();
        setDropTarget(() => run.id);
      }}
      onDragLeave={() => setDropTarget((t) => (t === run.id ? null : t))}
      onDrop={(e) => {
        e.preventDefault();
        const id = e.dataTransfer.getData("text/x-run-id");
        if (id && id !== run.id) handlers.moveBefore(id, run.id);
        setDragging(null);
        setDropTarget(() => null);
      }}
      className={cn(
        "group relative shrink-0 border-r border-zinc-200 px-3 pt-2.5 pb-1.5 dark:border-zinc-800",
        isBase && baseTint,
        dragging === run.id && "opacity-50",
        dropTarget === run.id && "shadow-[inset_3px_0_0_0_var(--color-indigo-500)]",
      )}
      style={{ width }}
    >
      <div className="absolute inset-x-0 top-0 h-1" style={{ background: color }} aria-hidden />
      <div className="flex items-center gap-1">
        <GripVertical className="h-3.5 w-3.5 shrink-0 cursor-grab text-zinc-300 dark:text-zinc-600" aria-hidden />
        <Link href={`/experiments/${run.experimentId}/runs/${run.id}`} className="truncate text-sm font-semibold hover:underline" title={run.name}>
          {name}
        </Link>
      </div>
      <div className="mt-0.5 flex items-center gap-1 pl-[18px] text-xs text-zinc-500 dark:text-zinc-400">
        <span className="truncate" title={run.experimentName}>
          {run.experimentName}
        </span>
        {run.lifecycleStage === "deleted" && (
          <span className="shrink-0 rounded bg-red-100 px-1 text-[10px] font-medium text-red-700 dark:bg-red-950 dark:text-red-300">deleted</span>
        )}
      </div>
      <div className="mt-1.5 flex items-center gap-1 pl-3.5">
        {isBase ? (
          <span className="inline-flex h-6 items-center gap-1 rounded-full bg-indigo-600 px-2 text-[11px] font-medium text-white dark:bg-indigo-500" data-testid="baseline-badge">
            <Star className="h-3 w-3 fill-current" /> Baseline
          </span>
        ) : (
          <button
            type="button"
            onClick={() => handlers.setBaseline(run.id)}
            className="inline-flex h-6 items-center gap-1 rounded-full px-2 text-[11px] font-medium text-zinc-600 ring-1 ring-zinc-300 ring-inset hover:bg-zinc-100 dark:text-zinc-300 dark:ring-zinc-700 dark:hover:bg-zinc-800"
            aria-label={`Use ${name} as baseline`}
          >
            <Star className="h-3 w-3" /> Set baseline
          </button>
        )}
        <span className="ml-auto flex items-center">
          <IconButton label={`Move ${name} left`} disabled={first} onClick={() => handlers.move(run.id, -1)}>
            <ChevronLeft className="h-3.5 w-3.5" />
          </IconButton>
          <IconButton label={`Move ${name} right`} disabled={last} onClick={() => handlers.move(run.id, 1)}>
            <ChevronRight className="h-3.5 w-3.5" />
          </IconButton>
          <IconButton label={`Hide ${name}`} disabled={only} onClick={() => handlers.hide(run.id)}>
            <EyeOff className="h-3.5 w-3.5" />
          </IconButton>
        </span>
      </div>
    </div>
  );
});

function IconButton({ label, onClick, disabled, children }: { label: string; onClick: () => void; disabled?: boolean; children: React.ReactNode }) {
  return (
    <button
      type="button"
      title={label}
      aria-label={label}
      disabled={disabled}
      onClick={onClick}
      className="inline-flex h-6 w-6 items-center justify-center rounded text-zinc-500 hover:bg-zinc-100 hover:text-zinc-900 disabled:pointer-events-none disabled:opacity-30 dark:hover:bg-zinc-800 dark:hover:text-zinc-100"
    >
      {children}
    </button>
  );
}
