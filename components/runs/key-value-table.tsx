"use client";
// Params or latest metrics as a searchable two/three-column table (client-side search: a run
// has at most a few thousand keys, all already on the page).
import { Search } from "lucide-react";
import { useState } from "react";
import { Num } from "@/components/ui/num";
import { TimeAgo } from "@/components/ui/time";
import { CopyButton } from "@/components/ui/copy-button";
import { inputClass } from "@/components/ui/input";
import { cn } from "@/components/ui/cn";
import { formatNumber } from "@/lib/format";

export interface KeyValueRow {
  key: string;
  value: string | number;
  step?: number;
  timestamp?: number;
}

export function KeyValueTable({ rows, kind, emptyText, maxHeight = "28rem" }: { rows: KeyValueRow[]; kind: "param" | "metric"; emptyText: string; maxHeight?: string }) {
  const [query, setQuery] = useState("");
  const q = query.trim().toLowerCase();
  const shown = q ? rows.filter((r) => r.key.toLowerCase().includes(q) || String(r.value).toLowerCase().includes(q)) : rows;
  const label = kind === "param" ? "params" : "metrics";
  if (rows.length === 0) return <p className="px-4 py-6 text-center text-sm text-zinc-500 dark:text-zinc-400">{emptyText}</p>;
  return (
    <div>
      {rows.length > 6 && (
        <div className="border-b border-zinc-200 px-3 py-2 dark:border-zinc-800">
          <div className="relative">
            <Search aria-hidden className="pointer-events-none absolute top-1/2 left-2.5 h-3.5 w-3.5 -translate-y-1/2 text-zinc-400" />
            <input
              type="search"
              aria-label={`Search ${label}`}
              placeholder={`Search ${rows.length} ${label}…`}
              value={query}
              onChange={(e) => setQuery(e.target.value)}
              className={cn(inputClass, "h-8 pl-8")}
            />
          </div>
        </div>
      )}
      <div className="overflow-auto" style={{ maxHeight }}>
        <table className="w-full text-sm" aria-label={kind === "param" ? "Parameters" : "Metrics"}>
          <thead className="sticky top-0 bg-zinc-50 text-left text-xs text-zinc-500 dark:bg-zinc-900 dark:text-zinc-400">
            <tr>
              <th scope="col" className="px-4 py-2 font-medium">
                Key
              </th>
              <th scope="col" className={cn("px-4 py-2 font-medium", kind === "metric" && "text-right")}>
                {kind === "metric" ? "Latest" : "Value"}
              </th>
              {kind === "metric" && (
                <>
                  <th scope="col" className="px-4 py-2 text-right font-medium">
                    Step
                  </th>
                  <th scope="col" className="px-4 py-2 font-medium">
                    Logged
                  </th>
                </>
              )}
            </tr>
          </thead>
          <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800/70">
            {shown.map((r) => (
              <tr key={r.key} className="group hover:bg-zinc-50 dark:hover:bg-zinc-900/60">
                <td className="max-w-64 truncate px-4 py-1.5 font-mono text-[13px] text-zinc-700 dark:text-zinc-300" title={r.key}>
                  {r.key}
                </td>
                {kind === "metric" ? (
                  <>
                    <td className="px-4 py-1.5 text-right font-medium">
                      <Num value={r.value} digits={5} />
                    </td>
                    <td className="px-4 py-1.5 text-right text-zinc-500 tabular-nums">{formatNumber(r.step ?? 0)}</td>
                    <td className="px-4 py-1.5 whitespace-nowrap text-zinc-500">
                      <TimeAgo ms={r.timestamp} />
                    </td>
                  </>
                ) : (
                  <td className="px-4 py-1.5">
                    <div className="flex min-h-6 items-center gap-1">
                      <span className="line-clamp-3 font-mono text-[13px] break-all whitespace-pre-wrap" title={String(r.value)}>
                        {String(r.value) === "" ? <span className="text-zinc-400 italic">empty</span> : String(r.value)}
                      </span>
                      <CopyButton value={String(r.value)} label={`Copy ${r.key}`} className="shrink-0 self-start opacity-0 group-hover:opacity-100 focus:opacity-100" />
                    </div>
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
        {shown.length === 0 && <p className="px-4 py-6 text-center text-sm text-zinc-500">No {label} match “{query}”.</p>}
      </div>
    </div>
  );
}
