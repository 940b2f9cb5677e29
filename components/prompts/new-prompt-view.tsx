// The "New prompt" page body (a server component). It is served from /prompts?create=1 — a query
// on the list, not a /prompts/<segment> path, so no prompt name (^[a-zA-Z0-9_.-]+$) can shadow it.
import Link from "next/link";
import { createPromptAction } from "@/lib/actions/prompts";
import { PromptEditor } from "@/components/prompts/prompt-editor";

export const NEW_PROMPT_HREF = "/prompts?create=1";

export function NewPromptView() {
  return (
    <div className="space-y-5">
      <div>
        <nav aria-label="Breadcrumb" className="text-sm text-zinc-500">
          <Link href="/prompts" className="hover:text-zinc-900 hover:underline dark:hover:text-zinc-100">
            Prompts
          </Link>
          <span className="mx-1.5">/</span>
        </nav>
        <h1 className="mt-1 text-xl font-semibold tracking-tight">New prompt</h1>
        <p className="mt-0.5 text-sm text-zinc-500 dark:text-zinc-400">A text template or a list of chat messages. Saving creates version 1.</p>
      </div>
      <PromptEditor action={createPromptAction} cancelHref="/prompts" />
    </div>
  );
}
