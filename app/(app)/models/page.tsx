import type { Metadata } from "next";
import Link from "next/link";
import { TokenPagination } from "@/components/data-table/pagination";
import { Search, X } from "lucide-react";
import { searchRegisteredModels } from "@/lib/domain/registry/search";
import { AliasBadge, Badge } from "@/components/ui/badge";
import { buttonClass } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/card";
import { inputClass } from "@/components/ui/input";
import { TimeAgo } from "@/components/ui/time";
import { cn } from "@/components/ui/cn";

export const metadata: Metadata = { title: "Models" };
export const dynamic = "force-dynamic";

const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

export default async function ModelsPage({ searchParams }: PageProps<"/models">) {
  const sp = await searchParams;
  const q = one(sp.q)?.trim() ?? "";
  const pageToken = one(sp.page) || undefined;
  // The registry filter grammar quotes values; quotes in the search text are dropped.
  const safe = q.replace(/['"\\]/g, "");
  const { registeredModels, nextPageToken } = await searchRegisteredModels({
    filter: safe ? `name ILIKE '%${safe}%'` : undefined,
    orderBy: ["last_updated_timestamp DESC"],
    maxResults: 50,
    pageToken,
  });

  return (
    <div className="space-y-5">
      <div>
        <h1 className="text-xl font-semibold tracking-tight">Models</h1>
        <p className="mt-0.5 text-sm text-zinc-500 dark:text-zinc-400">
          Registered models and their versions. Register one with <code className="font-mono text-xs">mlflow.register_model()</code> or{" "}
          <code className="font-mono text-xs">log_model(..., registered_model_name=...)</code>. Prompts live under{" "}
          <Link href="/prompts" className="text-indigo-600 hover:underline dark:text-indigo-400">
            Prompts
          </Link>
          .
        </p>
      </div>

      <form action="/models" method="get" role="search" className="flex items-center gap-2">
        <div className="relative w-80">
          <Search aria-hidden className="pointer-events-none absolute top-2.5 left-2.5 h-4 w-4 text-zinc-400" />
          <input name="q" defaultValue={q} placeholder="Search by name" aria-label="Search models by name" className={cn(inputClass, "pl-8")} />
        </div>
        <button type="submit" className={buttonClass()}>
          Search
        </button>
        {q && (
          <Link href="/models" className={buttonClass({ variant: "ghost" })}>
            <X className="h-4 w-4" /> Clear
          </Link>
        )}
      </form>

      {registeredModels.length === 0 ? (
        <EmptyState title={q ? `No models match “${q}”` : "No registered models yet"}>
          {q ? "Try a shorter part of the name." : (
            <pre className="mt-2 rounded-md bg-zinc-900 px-3 py-2 text-left font-mono text-xs text-zinc-100 dark:bg-black">{`mlflow.register_model("models:/<model_id>", "my-model")`}</pre>
          )}
        </EmptyState>
      ) : (
        <div className="overflow-x-auto rounded-lg border border-zinc-200 dark:border-zinc-800">
          <table className="w-full text-sm" aria-label="Registered models">
            <thead className="bg-zinc-50 text-left text-xs font-medium tracking-wide text-zinc-500 uppercase dark:bg-zinc-900 dark:text-zinc-400">
              <tr>
                <th className="px-4 py-2.5">Name</th>
                <th className="px-4 py-2.5">Latest version</th>
                <th className="px-4 py-2.5">Aliases</th>
                <th className="px-4 py-2.5">Tags</th>
                <th className="px-4 py-2.5 text-right">Updated</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800/70">
              {registeredModels.map((m) => {
                const base = `/models/${encodeURIComponent(m.name)}`;
                const latest = m.latestVersions.reduce<(typeof m.latestVersions)[number] | null>((a, v) => (!a || v.version > a.version ? v : a), null);
                const staged = m.latestVersions.filter((v) => v.currentStage !== "None");
                return (
                  <tr key={m.name} className="hover:bg-zinc-50/70 dark:hover:bg-zinc-900/40">
                    <td className="max-w-md px-4 py-3">
                      <Link href={base} className="font-medium text-indigo-700 hover:underline dark:text-indigo-300">
                        {m.name}
                      </Link>
                      {m.description && <p className="mt-0.5 truncate text-xs text-zinc-500 dark:text-zinc-400">{m.description}</p>}
                    </td>
                    <td className="px-4 py-3 whitespace-nowrap">
                      {latest ? (
                        <Link href={`${base}/versions/${latest.version}`} className="font-mono text-xs hover:underline">
                          v{latest.version}
                        </Link>
                      ) : (
                        <span className="text-zinc-400">—</span>
                      )}
                      {latest && (
                        <span className="ml-2 text-xs text-zinc-400">
                          <TimeAgo ms={Number(latest.creationTimestamp)} />
                        </span>
                      )}
                      {staged.map((v) => (
                        <Badge key={v.currentStage} tone={v.currentStage === "Production" ? "green" : v.currentStage === "Staging" ? "amber" : "neutral"} className="ml-1.5">
                          {v.currentStage}: v{v.version}
                        </Badge>
                      ))}
                    </td>
                    <td className="px-4 py-3">
                      <div className="flex flex-wrap gap-1">
                        {m.aliases.map((a) => (
                          <Link key={a.alias} href={`${base}/versions/${a.version}`} className="inline-flex items-center gap-1" title={`@${a.alias} → version ${a.version}`}>
                            <AliasBadge alias={a.alias} />
                            <span className="font-mono text-[11px] text-zinc-400">v{a.version}</span>
                          </Link>
                        ))}
                        {m.aliases.length === 0 && <span className="text-xs text-zinc-400">—</span>}
                      </div>
                    </td>
                    <td className="px-4 py-3">
                      <div className="flex flex-wrap gap-1">
                        {m.tags.map((t) => (
                          <span key={t.key} className="rounded bg-zinc-100 px-1.5 py-0.5 font-mono text-[11px] text-zinc-600 dark:bg-zinc-800 dark:text-zinc-300">
                            {t.key}
                            {t.value && <span className="text-zinc-400">={t.value}</span>}
                          </span>
                        ))}
                      </div>
                    </td>
                    <td className="px-4 py-3 text-right whitespace-nowrap text-zinc-500">
                      <TimeAgo ms={Number(m.lastUpdatedTimestamp)} />
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      <TokenPagination
        firstHref={pageToken ? (q ? `/models?q=${encodeURIComponent(q)}` : "/models") : undefined}
        nextHref={nextPageToken ? `/models?${new URLSearchParams({ ...(q ? { q } : {}), page: nextPageToken })}` : undefined}
      />
    </div>
  );
}
