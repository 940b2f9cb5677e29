import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getPrompt, getPromptVersion } from "@/lib/domain/prompts/read";
import { createPromptVersionAction } from "@/lib/actions/prompts";
import { PromptEditor } from "@/components/prompts/prompt-editor";
import { AliasBadge } from "@/components/ui/badge";

export const dynamic = "force-dynamic";

export async function generateMetadata({ params }: PageProps<"/prompts/[name]/new">): Promise<Metadata> {
  return { title: `New version · ${decodeURIComponent((await params).name)}` };
}

export default async function NewPromptVersionPage({ params, searchParams }: PageProps<"/prompts/[name]/new">) {
  const name = decodeURIComponent((await params).name);
  const sp = await searchParams;
  const fromRaw = Array.isArray(sp.from) ? sp.from[0] : sp.from;
  const prompt = await getPrompt(name);
  if (!prompt) notFound();
  const from = fromRaw && /^\d+$/.test(fromRaw) ? Number(fromRaw) : prompt.latestVersion;
  const base = from !== null ? await getPromptVersion(name, from) : null;
  const promptHref = `/prompts/${encodeURIComponent(name)}`;
  const next = (prompt.latestVersion ?? 0) + 1;

  return (
    <div className="space-y-5">
      <div>
        <nav aria-label="Breadcrumb" className="text-sm text-zinc-500">
          <Link href="/prompts" className="hover:text-zinc-900 hover:underline dark:hover:text-zinc-100">
            Prompts
          </Link>
          <span className="mx-1.5">/</span>
          <Link href={promptHref} className="font-mono hover:text-zinc-900 hover:underline dark:hover:text-zinc-100">
            {name}
          </Link>
          <span className="mx-1.5">/</span>
        </nav>
        <h1 className="mt-1 text-xl font-semibold tracking-tight">New version</h1>
        <p className="mt-0.5 flex flex-wrap items-center gap-1.5 text-sm text-zinc-500 dark:text-zinc-400">
          {base ? (
            <>
              Starting from version {base.version}
              {base.aliases.map((a) => (
                <AliasBadge key={a} alias={a} />
              ))}{" "}
              — saving creates version {next}. Aliases stay where they are until you move them.
            </>
          ) : (
            <>Saving creates version {next}.</>
          )}
        </p>
      </div>
      <PromptEditor action={createPromptVersionAction} promptName={name} base={base ?? undefined} cancelHref={base ? `${promptHref}?version=${base.version}` : promptHref} />
    </div>
  );
}
