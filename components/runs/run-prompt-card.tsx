// A prompt version a run uses: name and version linking to the prompt page, aliases, commit
// message and the template with its {{variables}} highlighted (the prompt pages' TemplateView).
import Link from "next/link";
import { MessageSquareText } from "lucide-react";
import { AliasBadge, Badge } from "@/components/ui/badge";
import { TimeAgo } from "@/components/ui/time";
import { TemplateView } from "@/components/prompts/template-view";
import type { ChatMessage } from "@/lib/text-diff";

export interface RunPromptView {
  name: string;
  version: number;
  aliases: string[];
  isLatest: boolean;
  commitMessage: string | null;
  promptType: string;
  template: string;
  messages: ChatMessage[] | null;
  variables: string[];
  createdAt: number;
  /** Where the link comes from: the run itself, or a logged model of the run. */
  via?: string;
}

export function RunPromptCard({ prompt }: { prompt: RunPromptView }) {
  const href = `/prompts/${encodeURIComponent(prompt.name)}?version=${prompt.version}`;
  return (
    <article aria-label={`Prompt ${prompt.name} version ${prompt.version}`} className="rounded-lg border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900/40">
      <header className="flex flex-wrap items-start justify-between gap-3 border-b border-zinc-200 px-4 py-3 dark:border-zinc-800">
        <div className="min-w-0 space-y-1">
          <div className="flex flex-wrap items-center gap-2">
            <MessageSquareText aria-hidden className="h-4 w-4 text-zinc-400" />
            <Link href={href} className="font-semibold text-indigo-700 hover:underline dark:text-indigo-300">
              {prompt.name}
            </Link>
            <Badge tone="blue" className="tabular-nums">
              v{prompt.version}
            </Badge>
            {prompt.isLatest && <AliasBadge alias="latest" />}
            {prompt.aliases.map((a) => (
              <AliasBadge key={a} alias={a} />
            ))}
            {prompt.promptType === "chat" && <Badge>chat</Badge>}
          </div>
          {prompt.commitMessage && <p className="text-sm text-zinc-600 dark:text-zinc-400">{prompt.commitMessage}</p>}
        </div>
        <div className="text-right text-xs text-zinc-500 dark:text-zinc-400">
          <p>
            Created <TimeAgo ms={prompt.createdAt} />
          </p>
          {prompt.via && <p className="mt-0.5">via {prompt.via}</p>}
          <Link href={href} className="mt-1 inline-block font-medium text-indigo-600 hover:underline dark:text-indigo-400">
            Open prompt →
          </Link>
        </div>
      </header>
      <div className="p-4">
        {prompt.variables.length > 0 && (
          <p className="mb-3 flex flex-wrap items-center gap-1.5 text-xs text-zinc-500 dark:text-zinc-400">
            Variables:
            {prompt.variables.map((v) => (
              <code key={v} className="rounded bg-indigo-50 px-1.5 py-0.5 font-mono text-indigo-700 dark:bg-indigo-950 dark:text-indigo-300">
                {`{{${v}}}`}
              </code>
            ))}
          </p>
        )}
        <TemplateView template={prompt.template} messages={prompt.messages} variables={prompt.variables} />
      </div>
    </article>
  );
}
