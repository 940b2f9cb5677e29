// The prompt page's header: breadcrumb, name, description, counts, tags and the page actions.
import Link from "next/link";
import { GitCompareArrows, Pencil } from "lucide-react";
import type { getPrompt } from "@/lib/domain/prompts/read";
import { deletePromptAction, deletePromptTagAction, setPromptTagAction, updatePromptDescriptionAction } from "@/lib/actions/prompts";
import { buttonClass } from "@/components/ui/button";
import { CopyButton } from "@/components/ui/copy-button";
import { TimeAgo } from "@/components/ui/time";
import { DeletePromptButton } from "@/components/prompts/delete-prompt-dialogs";
import { DescriptionEditor } from "@/components/prompts/description-editor";
import { TagEditor } from "@/components/tags/tag-editor";
import { isRegistryTag } from "./registry-tags";

export function PromptHeader({
  prompt,
  base,
  selectedNum,
  compareHref,
  totalRuns,
  totalModels,
}: {
  prompt: NonNullable<Awaited<ReturnType<typeof getPrompt>>>;
  base: string;
  selectedNum: number | null;
  /** The Compare tab's link. */
  compareHref: string;
  totalRuns: number;
  totalModels: number;
}) {
  return (
      <div className="flex flex-wrap items-start justify-between gap-4">
        <div className="min-w-0 space-y-2">
          <nav aria-label="Breadcrumb" className="text-sm text-zinc-500">
            <Link href="/prompts" className="hover:text-zinc-900 hover:underline dark:hover:text-zinc-100">
              Prompts
            </Link>
            <span className="mx-1.5">/</span>
          </nav>
          <div className="flex flex-wrap items-center gap-2">
            <h1 className="font-mono text-xl font-semibold tracking-tight">{prompt.name}</h1>
            <CopyButton value={prompt.name} label="Copy name" />
          </div>
          <DescriptionEditor name={prompt.name} description={prompt.description} action={updatePromptDescriptionAction} />
          <p className="text-xs text-zinc-500 dark:text-zinc-400">
            {prompt.versions.length} version{prompt.versions.length === 1 ? "" : "s"} · created {prompt.author && <>by {prompt.author} </>}
            <TimeAgo ms={prompt.createdAt} /> · updated <TimeAgo ms={prompt.updatedAt} /> · used by {totalRuns} run{totalRuns === 1 ? "" : "s"} and {totalModels} model
            {totalModels === 1 ? "" : "s"}
          </p>
          <TagEditor fields={{ name: prompt.name }} tags={prompt.tags.filter((t) => !isRegistryTag(t.key))} setAction={setPromptTagAction} deleteAction={deletePromptTagAction} />
        </div>
        <div className="flex shrink-0 items-center gap-2">
          {prompt.versions.length >= 2 && (
            <Link href={compareHref} className={buttonClass()}>
              <GitCompareArrows className="h-4 w-4" /> Compare versions
            </Link>
          )}
          <Link href={`${base}/new${selectedNum ? `?from=${selectedNum}` : ""}`} className={buttonClass({ variant: "primary" })}>
            <Pencil className="h-4 w-4" /> New version
          </Link>
          <DeletePromptButton name={prompt.name} versions={prompt.versions.length} aliases={prompt.aliases.length} linkedRuns={totalRuns} action={deletePromptAction} />
        </div>
      </div>
  );
}
