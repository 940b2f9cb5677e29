// The version rail of the prompt page: newest first, with aliases, commit message, author and
// time. Each entry links to `?version=N` (keeping the open tab); the selected one is marked.
import Link from "next/link";
import { MessagesSquare, Type } from "lucide-react";
import { AliasBadge } from "@/components/ui/badge";
import { TimeAgo } from "@/components/ui/time";
import { cn } from "@/components/ui/cn";
import type { PromptVersionSummary } from "@/components/prompts/types";

export function VersionList({
  versions,
  selected,
  latest,
  hrefFor,
  compare,
  usage,
}: {
  versions: PromptVersionSummary[];
  selected: number | null;
  latest: number | null;
  hrefFor: (version: number) => string;
  /** Versions being compared (highlighted as a pair). */
  compare?: [number, number] | null;
  /** Linked-run count per version. */
  usage?: Record<number, number>;
}) {
  return (
    <nav aria-label="Versions">
      <ol className="space-y-1">
        {versions.map((v) => {
          const active = v.version === selected && !compare;
          const inPair = compare?.includes(v.version);
          return (
            <li key={v.version}>
              <Link
                href={hrefFor(v.version)}
                aria-current={active ? "page" : undefined}
                data-testid={`version-${v.version}`}
                className={cn(
                  "block rounded-md border px-3 py-2 transition-colors",
                  active || inPair
                    ? "border-indigo-300 bg-indigo-50/70 dark:border-indigo-800 dark:bg-indigo-950/40"
                    : "border-transparent hover:border-zinc-200 hover:bg-zinc-50 dark:hover:border-zinc-800 dark:hover:bg-zinc-900/60",
                )}
              >
                <div className="flex items-center gap-1.5">
                  <span className="font-mono text-sm font-semibold">v{v.version}</span>
                  {v.promptType === "chat" ? (
                    <MessagesSquare aria-label="Chat prompt" className="h-3.5 w-3.5 text-zinc-400" />
                  ) : (
                    <Type aria-label="Text prompt" className="h-3.5 w-3.5 text-zinc-400" />
                  )}
                  <span className="flex flex-wrap gap-1">
                    {v.version === latest && <AliasBadge alias="latest" />}
                    {v.aliases.map((a) => (
                      <AliasBadge key={a} alias={a} />
                    ))}
                  </span>
                  {compare && inPair && (
                    <span className="ml-auto font-mono text-[10px] font-semibold text-indigo-600 uppercase dark:text-indigo-300">{v.version === compare[0] ? "before" : "after"}</span>
                  )}
                </div>
                <p className={cn("mt-1 line-clamp-2 text-xs", v.commitMessage ? "text-zinc-700 dark:text-zinc-300" : "text-zinc-400 italic")}>
                  {v.commitMessage || "No commit message"}
                </p>
                <p className="mt-1 flex items-center gap-1 text-[11px] text-zinc-500 dark:text-zinc-400">
                  {v.author && <span className="font-medium">{v.author}</span>}
                  {v.author && <span aria-hidden>·</span>}
                  <TimeAgo ms={v.createdAt} />
                  {usage && (usage[v.version] ?? 0) > 0 && (
                    <span className="ml-auto tabular-nums" title="Linked runs">
                      {usage[v.version]} run{usage[v.version] === 1 ? "" : "s"}
                    </span>
                  )}
                </p>
              </Link>
            </li>
          );
        })}
      </ol>
    </nav>
  );
}
