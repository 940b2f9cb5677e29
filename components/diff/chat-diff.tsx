"use client";
// <ChatDiff before after mode /> — two chat prompts diffed message by message (lib/text-diff
// diffChat). Changed messages show a line + word diff of their content; unchanged ones fold.
import { useMemo } from "react";
import { cn } from "@/components/ui/cn";
import { TextDiff, type DiffMode } from "@/components/diff/text-diff";
import { VariableText } from "@/components/diff/variable-text";
import { diffChat, type ChatMessage } from "@/lib/text-diff";

const kindStyle = {
  equal: { label: "unchanged", cls: "text-zinc-500 dark:text-zinc-400", border: "border-zinc-200 dark:border-zinc-800" },
  changed: { label: "changed", cls: "text-amber-700 dark:text-amber-300", border: "border-amber-300 dark:border-amber-800" },
  added: { label: "added", cls: "text-emerald-700 dark:text-emerald-300", border: "border-emerald-300 dark:border-emerald-800" },
  removed: { label: "removed", cls: "text-red-700 dark:text-red-300", border: "border-red-300 dark:border-red-800" },
} as const;

/** Background + text colours for a chat role (system, user, assistant, other). */
export function roleTone(role: string): string {
  return role === "system"
    ? "bg-violet-100 text-violet-800 dark:bg-violet-500/15 dark:text-violet-300"
    : role === "user"
      ? "bg-sky-100 text-sky-800 dark:bg-sky-500/15 dark:text-sky-300"
      : role === "assistant"
        ? "bg-emerald-100 text-emerald-800 dark:bg-emerald-500/15 dark:text-emerald-300"
        : "bg-zinc-100 text-zinc-700 dark:bg-zinc-800 dark:text-zinc-300";
}

export function RoleLabel({ role }: { role: string }) {
  return <span className={cn("rounded px-1.5 py-0.5 font-mono text-[11px] font-semibold tracking-wide uppercase", roleTone(role))}>{role}</span>;
}

export function ChatDiff({ before, after, mode = "split", className }: { before: ChatMessage[]; after: ChatMessage[]; mode?: DiffMode; className?: string }) {
  const d = useMemo(() => diffChat(before, after), [before, after]);
  return (
    <div className={cn("space-y-3", className)} data-testid="chat-diff">
      {d.messages.map((m, i) => {
        const style = kindStyle[m.kind];
        const roleChanged = m.kind === "changed" && m.beforeRole !== m.afterRole;
        return (
          <div key={i} className={cn("rounded-md border", style.border)} data-message={m.kind}>
            <div className="flex items-center gap-2 border-b border-inherit px-3 py-1.5 text-xs">
              <span className="font-mono text-zinc-400">#{(m.afterIndex ?? m.beforeIndex ?? 0) + 1}</span>
              {roleChanged ? (
                <>
                  <RoleLabel role={m.beforeRole!} />→<RoleLabel role={m.afterRole!} />
                </>
              ) : (
                <RoleLabel role={(m.afterRole ?? m.beforeRole)!} />
              )}
              <span className={cn("ml-auto font-medium", style.cls)}>{style.label}</span>
              {m.kind !== "equal" && (
                <span className="font-mono text-zinc-500 dark:text-zinc-400">
                  <span className="text-emerald-600">+{m.diff.stats.added}</span> <span className="text-red-600">−{m.diff.stats.removed}</span>
                </span>
              )}
            </div>
            {m.kind === "equal" ? (
              <details className="group">
                <summary className="cursor-pointer px-3 py-1.5 text-xs text-zinc-500 select-none hover:text-zinc-800 dark:hover:text-zinc-200">
                  {m.diff.rows.length} unchanged line{m.diff.rows.length === 1 ? "" : "s"}
                </summary>
                <pre className="px-3 pb-2 font-mono text-[13px] leading-6 whitespace-pre-wrap text-zinc-600 dark:text-zinc-400">
                  <VariableText text={after[m.afterIndex!].content} />
                </pre>
              </details>
            ) : (
              <TextDiff diff={m.diff} mode={mode} className="rounded-none border-0" emptyMessage="Content unchanged (role changed)" />
            )}
          </div>
        );
      })}
      {d.messages.length === 0 && <p className="text-sm text-zinc-500">Both prompts have no messages.</p>}
    </div>
  );
}
