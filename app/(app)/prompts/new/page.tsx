import type { Metadata } from "next";
import Link from "next/link";
import { createPromptAction } from "@/lib/actions/prompts";
import { PromptEditor } from "@/components/prompts/prompt-editor";

export const metadata: Metadata = { title: "New prompt" };
export const dynamic = "force-dynamic";

export default function NewPromptPage() {
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
