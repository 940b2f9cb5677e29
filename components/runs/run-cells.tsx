"use client";
// Cell renderers of the runs table (one small component per kind of value).
import Link from "next/link";
import { CornerDownRight, GitFork } from "lucide-react";
import { useEffect, useState } from "react";
import { CopyButton } from "@/components/ui/copy-button";
import { Num } from "@/components/ui/num";
import { formatDuration } from "@/lib/format";
import type { RunTableRow } from "@/lib/schemas/ui-runs-table";

export const runHref = (experimentId: string, runId: string) => `/experiments/${experimentId}/runs/${runId}`;

export function NameCell({ row, experimentId, onShowChildren }: { row: RunTableRow; experimentId: string; onShowChildren: (runId: string) => void }) {
  return (
    <div className="flex min-w-0 items-center gap-1.5">
      {row.parentRunId && (
        <CornerDownRight aria-label={`Nested run of ${row.parentName ?? row.parentRunId}`} className="h-3.5 w-3.5 shrink-0 text-zinc-400">
          <title>{`Nested under ${row.parentName ?? row.parentRunId}`}</title>
        </CornerDownRight>
      )}
      <Link
        href={runHref(experimentId, row.id)}
        tabIndex={-1}
        className={"truncate font-medium hover:underline " + (row.lifecycleStage === "deleted" ? "text-zinc-400 line-through" : "text-indigo-700 dark:text-indigo-300")}
        title={row.name}
      >
        {row.name || row.id.slice(0, 8)}
      </Link>
      {row.childCount > 0 && (
        <button
          type="button"
          tabIndex={-1}
          onClick={() => onShowChildren(row.id)}
          title={`Show the ${row.childCount} nested run${row.childCount === 1 ? "" : "s"}`}
          className="inline-flex shrink-0 items-center gap-0.5 rounded-full bg-zinc-100 px-1.5 text-[11px] font-medium text-zinc-600 tabular-nums hover:bg-indigo-100 hover:text-indigo-700 dark:bg-zinc-800 dark:text-zinc-300 dark:hover:bg-indigo-950 dark:hover:text-indigo-300"
        >
          <GitFork className="h-3 w-3" />
          {row.childCount}
        </button>
      )}
    </div>
  );
}

export function ParentCell({ row, experimentId }: { row: RunTableRow; experimentId: string }) {
  if (!row.parentRunId) return <span className="text-zinc-300 dark:text-zinc-700">—</span>;
  return (
    <Link href={runHref(experimentId, row.parentRunId)} tabIndex={-1} className="truncate text-zinc-700 hover:text-indigo-600 hover:underline dark:text-zinc-300" title={row.parentRunId}>
      {row.parentName ?? row.parentRunId.slice(0, 8)}
    </Link>
  );
}

/** Duration of a finished run, or a live counter for a running one. */
export function DurationCell({ row }: { row: RunTableRow }) {
  const [now, setNow] = useState<number | null>(null);
  const running = row.endTime === null && row.status === "RUNNING";
  useEffect(() => {
    if (!running) return;
    const first = setTimeout(() => setNow(Date.now()), 0);
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => {
      clearTimeout(first);
      clearInterval(t);
    };
  }, [running]);
  if (row.endTime !== null) return <span className="tabular-nums">{formatDuration(row.endTime - row.startTime)}</span>;
  if (running && now !== null) return <span className="text-blue-600 tabular-nums dark:text-blue-400">{formatDuration(now - row.startTime)}</span>;
  return <span className="text-zinc-300 dark:text-zinc-700">—</span>;
}

export function ValueCell({ value, kind }: { value: number | string | undefined; kind: "metric" | "param" | "tag" }) {
  if (value === undefined) return <span className="text-zinc-300 dark:text-zinc-700">—</span>;
  if (kind === "metric") return <Num value={value} />;
  const s = String(value);
  return (
    <span className="truncate" title={s}>
      {s === "" ? <span className="text-zinc-400 italic">empty</span> : s}
    </span>
  );
}

export function SourceCell({ value }: { value: number | string | undefined }) {
  if (value === undefined) return <span className="text-zinc-300 dark:text-zinc-700">—</span>;
  const s = String(value);
  const base = s.split(/[\\/]/).pop() || s;
  return (
    <span className="truncate font-mono text-xs" title={s}>
      {base}
    </span>
  );
}

export function RunIdCell({ id }: { id: string }) {
  return (
    <span className="flex items-center gap-1">
      <span className="font-mono text-xs text-zinc-600 dark:text-zinc-400" title={id}>
        {id.slice(0, 8)}
      </span>
      <CopyButton value={id} label="Copy run ID" className="opacity-0 group-hover:opacity-100 focus:opacity-100" />
    </span>
  );
}
