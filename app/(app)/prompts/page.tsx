import type { Metadata } from "next";
import Link from "next/link";
import { TokenPagination } from "@/components/data-table/pagination";
import { Plus, Search, Tag as TagIcon, X } from "lucide-react";
import { listPrompts } from "@/lib/domain/prompts/read";
import { AliasBadge } from "@/components/ui/badge";
import { buttonClass } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/card";
import { inputClass } from "@/components/ui/input";
import { TimeAgo } from "@/components/ui/time";
import { cn } from "@/components/ui/cn";
import { NEW_PROMPT_HREF, NewPromptView } from "@/components/prompts/new-prompt-view";

export async function generateMetadata({ searchParams }: PageProps<"/prompts">): Promise<Metadata> {
  return { title: one((await searchParams).create) ? "New prompt" : "Prompts" };
}
export const dynamic = "force-dynamic";

const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

/** `key` or `key=value` → the tag filter. */
function parseTag(raw: string): { key: string; value?: string } | undefined {
  const t = raw.trim();
  if (!t) return undefined;
  const eq = t.indexOf("=");
  return eq < 0 ? { key: t } : { key: t.slice(0, eq).trim(), value: t.slice(eq + 1).trim() };
}

export default async function PromptsPage({ searchParams }: PageProps<"/prompts">) {
  const sp = await searchParams;
  // /prompts?create=1 is the create page (a /prompts/<segment> path could be a prompt's name).
  if (one(sp.create)) return <NewPromptView />;
  const q = one(sp.q)?.trim() ?? "";
  const tagRaw = one(sp.tag)?.trim() ?? "";
  const pageToken = one(sp.page) || undefined;
  const sort = one(sp.sort) === "name" ? "name" : "updated";
  const { prompts, nextPageToken } = await listPrompts({ query: q || undefined, tag: parseTag(tagRaw), pageToken, maxResults: 50, orderBy: sort });
  const filtered = !!(q || tagRaw);

  const href = (patch: Record<string, string | undefined>) => {
    const p = new URLSearchParams();
    const cur = { q, tag: tagRaw, sort: sort === "name" ? "name" : "", ...patch };
    for (const [k, v] of Object.entries(cur)) if (v) p.set(k, v);
    const s = p.toString();
    return s ? `/prompts?${s}` : "/prompts";
  };

  return (
    <div className="space-y-5">
      <div className="flex flex-wrap items-center justify-between gap-4">
        <div>
          <h1 className="text-xl font-semibold tracking-tight">Prompts</h1>
          <p className="mt-0.5 text-sm text-zinc-500 dark:text-zinc-400">
            Versioned prompt templates. Load one with <code className="font-mono text-xs">mlflow.genai.load_prompt(&quot;prompts:/name@production&quot;)</code>.
          </p>
        </div>
        <Link href={NEW_PROMPT_HREF} className={buttonClass({ variant: "primary" })}>
          <Plus className="h-4 w-4" /> New prompt
        </Link>
      </div>

      <form action="/prompts" method="get" role="search" className="flex flex-wrap items-center gap-2">
        <div className="relative w-72">
          <Search aria-hidden className="pointer-events-none absolute top-2.5 left-2.5 h-4 w-4 text-zinc-400" />
          <input name="q" defaultValue={q} placeholder="Search by name" aria-label="Search prompts by name" className={cn(inputClass, "pl-8")} />
        </div>
        <div className="relative w-56">
          <TagIcon aria-hidden className="pointer-events-none absolute top-2.5 left-2.5 h-4 w-4 text-zinc-400" />
          <input name="tag" defaultValue={tagRaw} placeholder="Tag: key or key=value" aria-label="Filter by tag" className={cn(inputClass, "pl-8 font-mono text-xs")} />
        </div>
        {sort === "name" && <input type="hidden" name="sort" value="name" />}
        <button type="submit" className={buttonClass()}>
          Search
        </button>
        {filtered && (
          <Link href={href({ q: "", tag: "" })} className={buttonClass({ variant: "ghost" })}>
            <X className="h-4 w-4" /> Clear
          </Link>
        )}
        <div className="ml-auto flex items-center gap-1 text-xs text-zinc-500">
          Sort:
          <Link href={href({ sort: "" })} aria-current={sort === "updated" ? "true" : undefined} className={cn("rounded px-2 py-1", sort === "updated" ? "bg-zinc-100 font-medium text-zinc-900 dark:bg-zinc-800 dark:text-zinc-100" : "hover:text-zinc-900 dark:hover:text-zinc-100")}>
            Last updated
          </Link>
          <Link href={href({ sort: "name" })} aria-current={sort === "name" ? "true" : undefined} className={cn("rounded px-2 py-1", sort === "name" ? "bg-zinc-100 font-medium text-zinc-900 dark:bg-zinc-800 dark:text-zinc-100" : "hover:text-zinc-900 dark:hover:text-zinc-100")}>
            Name
          </Link>
        </div>
      </form>

      {prompts.length === 0 ? (
        filtered ? (
          <EmptyState title="No prompts match" action={<Link className="text-sm text-indigo-600 hover:underline dark:text-indigo-400" href="/prompts">Show all prompts</Link>}>
            {q && <>Nothing named like “{q}”. </>}
            {tagRaw && <>No prompt has the tag <code className="font-mono">{tagRaw}</code>.</>}
          </EmptyState>
        ) : (
          <EmptyState
            title="No prompts yet"
            action={
              <Link href={NEW_PROMPT_HREF} className={buttonClass({ variant: "primary" })}>
                <Plus className="h-4 w-4" /> Create a prompt
              </Link>
            }
          >
            Create one here, or register one from code:
            <pre className="mt-3 rounded-md bg-zinc-900 px-3 py-2 text-left font-mono text-xs text-zinc-100 dark:bg-black">
              {`mlflow.genai.register_prompt(
    name="summarization-prompt",
    template="Summarize in {{num_sentences}} sentences: {{sentences}}",
)`}
            </pre>
          </EmptyState>
        )
      ) : (
        <div className="overflow-x-auto rounded-lg border border-zinc-200 dark:border-zinc-800">
          <table className="w-full text-sm" aria-label="Prompts">
            <thead className="bg-zinc-50 text-left text-xs font-medium tracking-wide text-zinc-500 uppercase dark:bg-zinc-900 dark:text-zinc-400">
              <tr>
                <th className="px-4 py-2.5">Name</th>
                <th className="px-4 py-2.5">Latest</th>
                <th className="px-4 py-2.5">Aliases</th>
                <th className="px-4 py-2.5">Tags</th>
                <th className="px-4 py-2.5 text-right">Runs</th>
                <th className="px-4 py-2.5 text-right">Models</th>
                <th className="px-4 py-2.5 text-right">Updated</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800/70">
              {prompts.map((p) => {
                const base = `/prompts/${encodeURIComponent(p.name)}`;
                return (
                  <tr key={p.name} className="hover:bg-zinc-50/70 dark:hover:bg-zinc-900/40">
                    <td className="max-w-md px-4 py-3">
                      <Link href={base} className="font-medium text-indigo-700 hover:underline dark:text-indigo-300">
                        {p.name}
                      </Link>
                      {p.description && <p className="mt-0.5 truncate text-xs text-zinc-500 dark:text-zinc-400">{p.description}</p>}
                    </td>
                    <td className="px-4 py-3 whitespace-nowrap">
                      {p.latestVersion !== null ? (
                        <Link href={`${base}?version=${p.latestVersion}`} className="font-mono text-xs hover:underline">
                          v{p.latestVersion}
                        </Link>
                      ) : (
                        "—"
                      )}
                      <span className="ml-1.5 text-xs text-zinc-400">
                        {p.versionCount} version{p.versionCount === 1 ? "" : "s"}
                      </span>
                    </td>
                    <td className="px-4 py-3">
                      <div className="flex flex-wrap gap-1">
                        {p.aliases.map((a) => (
                          <Link key={a.alias} href={`${base}?version=${a.version}`} title={`@${a.alias} → version ${a.version}`} className="inline-flex items-center gap-1">
                            <AliasBadge alias={a.alias} />
                            <span className="font-mono text-[11px] text-zinc-400">v{a.version}</span>
                          </Link>
                        ))}
                        {p.aliases.length === 0 && <span className="text-xs text-zinc-400">—</span>}
                      </div>
                    </td>
                    <td className="px-4 py-3">
                      <div className="flex flex-wrap gap-1">
                        {p.tags.map((t) => (
                          <Link
                            key={t.key}
                            href={href({ tag: t.value ? `${t.key}=${t.value}` : t.key, page: "" })}
                            title="Filter by this tag"
                            className="rounded bg-zinc-100 px-1.5 py-0.5 font-mono text-[11px] text-zinc-600 hover:bg-indigo-50 hover:text-indigo-700 dark:bg-zinc-800 dark:text-zinc-300 dark:hover:bg-indigo-950 dark:hover:text-indigo-300"
                          >
                            {t.key}
                            {t.value && <span className="text-zinc-400">={t.value}</span>}
                          </Link>
                        ))}
                      </div>
                    </td>
                    <td className="px-4 py-3 text-right tabular-nums">
                      {p.linkedRuns ? (
                        <Link href={`${base}?tab=usage`} className="hover:underline">
                          {p.linkedRuns}
                        </Link>
                      ) : (
                        <span className="text-zinc-400">0</span>
                      )}
                    </td>
                    <td className="px-4 py-3 text-right tabular-nums" title={`${p.linkedModels} logged model(s), ${p.linkedModelVersions} registered model version(s)`}>
                      {p.linkedModels + p.linkedModelVersions ? (
                        <Link href={`${base}?tab=usage`} className="hover:underline">
                          {p.linkedModels}
                          {p.linkedModelVersions > 0 && <span className="text-zinc-400"> · {p.linkedModelVersions} reg.</span>}
                        </Link>
                      ) : (
                        <span className="text-zinc-400">0</span>
                      )}
                    </td>
                    <td className="px-4 py-3 text-right whitespace-nowrap text-zinc-500">
                      <TimeAgo ms={p.updatedAt} />
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      <TokenPagination firstHref={pageToken ? href({}) : undefined} nextHref={nextPageToken ? href({ page: nextPageToken }) : undefined} />
    </div>
  );
}
