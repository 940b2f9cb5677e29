// The prompt that reached the LLM: the first LLM span's input messages, with the text each
// {{variable}} of the matched prompt version was filled with highlighted, and a link to that
// version. Server- and client-safe (no hooks).
import Link from "next/link";
import { Sparkles } from "lucide-react";
import { RoleLabel } from "@/components/diff/chat-diff";
import { promptVersionHref, traceHref } from "@/components/traces/trace-cells";
import type { RenderedPromptView } from "@/lib/schemas/ui-traces";

export function RenderedPrompt({ view, traceId }: { view: RenderedPromptView; traceId: string }) {
  return (
    <section aria-label="Rendered prompt" data-testid="rendered-prompt" className="rounded-lg border border-violet-200 bg-violet-50/40 dark:border-violet-900 dark:bg-violet-950/20">
      <header className="flex flex-wrap items-center justify-between gap-2 border-b border-violet-200 px-4 py-2.5 dark:border-violet-900">
        <h2 className="flex items-center gap-1.5 text-sm font-semibold">
          <Sparkles aria-hidden className="h-4 w-4 text-violet-600 dark:text-violet-400" />
          Prompt sent to the LLM
          <span className="font-normal text-zinc-500 dark:text-zinc-400">
            in span{" "}
            <Link href={traceHref(traceId, view.spanId)} className="font-mono text-indigo-600 hover:underline dark:text-indigo-400">
              {view.spanName}
            </Link>
          </span>
        </h2>
        {view.prompt ? (
          <Link href={promptVersionHref(view.prompt)} className="text-sm font-medium text-violet-700 hover:underline dark:text-violet-300">
            Rendered from {view.prompt.name} v{view.prompt.version} →
          </Link>
        ) : (
          <span className="text-xs text-zinc-500 dark:text-zinc-400">No linked prompt version matches this text</span>
        )}
      </header>
      <ol className="space-y-2 px-4 py-3">
        {view.messages.map((m, i) => (
          <li key={i} className="flex items-start gap-2">
            <span className="w-20 shrink-0 pt-0.5">
              <RoleLabel role={m.role} />
            </span>
            <p className="min-w-0 flex-1 text-sm leading-6 break-words whitespace-pre-wrap">
              {m.segments.map((s, k) =>
                s.variable ? (
                  <mark
                    key={k}
                    title={`{{${s.variable}}}`}
                    data-variable={s.variable}
                    className="rounded-sm bg-amber-100 px-0.5 text-amber-900 ring-1 ring-amber-300 ring-inset dark:bg-amber-500/20 dark:text-amber-200 dark:ring-amber-700"
                  >
                    {s.text}
                  </mark>
                ) : (
                  <span key={k}>{s.text}</span>
                ),
              )}
            </p>
          </li>
        ))}
      </ol>
      {view.prompt && (
        <p className="border-t border-violet-200 px-4 py-2 text-xs text-zinc-500 dark:border-violet-900 dark:text-zinc-400">
          <mark className="rounded-sm bg-amber-100 px-0.5 text-amber-900 dark:bg-amber-500/20 dark:text-amber-200">Highlighted</mark> text filled a template variable (hover for its name).
        </p>
      )}
    </section>
  );
}
