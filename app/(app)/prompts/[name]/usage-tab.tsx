// The prompt page's "Used by" tab: runs, logged models and model versions that use the prompt,
// across all versions or only the selected one.
import Link from "next/link";
import { cn } from "@/components/ui/cn";
import { PromptUsage } from "@/components/prompts/prompt-usage";
import type { UsageModelRow, UsageModelVersionRow, UsageRunRow } from "@/components/prompts/types";

export function UsageTab({
  promptName,
  scope,
  selectedNum,
  runRows,
  modelRows,
  mvRows,
  metricKeys,
  url,
}: {
  promptName: string;
  scope: "all" | "version";
  selectedNum: number | null;
  runRows: Map<string, UsageRunRow>;
  modelRows: Map<string, UsageModelRow>;
  mvRows: Map<string, UsageModelVersionRow>;
  metricKeys: string[];
  /** The prompt page's own URL with some of its query changed (null drops a key). */
  url: (patch: Record<string, string | number | null | undefined>) => string;
}) {
  return (
        <div className="space-y-4">
          <div className="flex flex-wrap items-center gap-2 text-sm">
            <span className="text-zinc-500">Show</span>
            <div className="inline-flex rounded-md bg-zinc-100 p-0.5 dark:bg-zinc-800">
              {(
                [
                  ["all", "All versions"],
                  ["version", `Version ${selectedNum ?? ""}`],
                ] as const
              ).map(([s, label]) => (
                <Link
                  key={s}
                  href={url({ scope: s === "all" ? null : "version" })}
                  aria-current={scope === s ? "true" : undefined}
                  className={cn("rounded px-2.5 py-1 text-xs font-medium", scope === s ? "bg-white shadow-sm dark:bg-zinc-700" : "text-zinc-600 hover:text-zinc-900 dark:text-zinc-400")}
                >
                  {label}
                </Link>
              ))}
            </div>
            {scope === "version" && <span className="text-xs text-zinc-500">Pick another version on the left.</span>}
          </div>
          <PromptUsage
            promptName={promptName}
            runs={[...runRows.values()]}
            models={[...modelRows.values()]}
            modelVersions={[...mvRows.values()]}
            metricKeys={metricKeys}
            showVersions={scope === "all"}
            compareHref={runRows.size >= 2 ? `/compare?runs=${[...runRows.keys()].slice(0, 10).join(",")}` : null}
          />
        </div>
  );
}
