// The prompt page's "Used by" tab: runs, logged models and model versions that use the prompt,
// across all versions or only the selected one.
import Link from "next/link";
import { cn } from "@/components/ui/cn";
import { PromptUsage } from "@/components/prompts/prompt-usage";
import type { PromptUsageView } from "@/lib/schemas/ui-prompt-usage";

export function UsageTab({
  promptName,
  scope,
  selectedNum,
  usage,
  metricKeys,
  url,
}: {
  promptName: string;
  scope: "all" | "version";
  selectedNum: number | null;
  usage: NonNullable<PromptUsageView["rows"]>;
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
            runs={usage.runs}
            models={usage.models}
            modelVersions={usage.modelVersions}
            totals={usage.totals}
            metricKeys={metricKeys}
            showVersions={scope === "all"}
            compareHref={usage.runs.length >= 2 ? `/compare?runs=${usage.runs.slice(0, 10).map((r) => r.runId).join(",")}` : null}
          />
        </div>
  );
}
