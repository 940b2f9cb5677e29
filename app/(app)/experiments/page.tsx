import type { Metadata } from "next";
import Link from "next/link";
import { FlaskConical } from "lucide-react";
import { getOverviewCounts } from "@/lib/domain/overview";
import { listExperiments, type ExperimentListSort } from "@/lib/domain/experiment-list";
import { publicBaseUrl } from "@/lib/request-url";
import { TrackingUriHint } from "@/components/tracking-uri-hint";
import { CreateExperimentButton } from "@/components/experiments/create-experiment-button";
import { ExperimentsToolbar } from "@/components/experiments/experiments-toolbar";
import { ExperimentActions } from "@/components/experiments/experiment-actions";
import { Pagination } from "@/components/data-table/pagination";
import { Badge } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/card";
import { TimeAgo } from "@/components/ui/time";

export const metadata: Metadata = { title: "Experiments" };
export const dynamic = "force-dynamic";

const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

export default async function ExperimentsPage({ searchParams }: PageProps<"/experiments">) {
  const sp = await searchParams;
  const q = one(sp.q)?.trim() ?? "";
  const deleted = one(sp.view) === "deleted";
  const sortParam = one(sp.sort);
  const sort: ExperimentListSort = sortParam === "name" || sortParam === "created" ? sortParam : "activity";
  const page = Number(one(sp.page) ?? 1) || 1;

  const [list, counts, baseUrl] = await Promise.all([listExperiments({ query: q, deleted, sort, page, pageSize: 25 }), getOverviewCounts(), publicBaseUrl()]);
  const fresh = counts.runs === 0 && list.activeTotal <= 1 && !q && !deleted;

  const hrefFor = (p: number) => {
    const next = new URLSearchParams();
    for (const [k, v] of Object.entries(sp)) if (typeof v === "string" && k !== "page") next.set(k, v);
    if (p > 1) next.set("page", String(p));
    const qs = next.toString();
    return qs ? `/experiments?${qs}` : "/experiments";
  };

  return (
    <div className="space-y-5">
      <div className="flex flex-wrap items-center justify-between gap-4">
        <div>
          <h1 className="text-xl font-semibold tracking-tight">Experiments</h1>
          <p className="mt-0.5 text-sm text-zinc-500 dark:text-zinc-400">
            {list.activeTotal.toLocaleString("en-US")} experiment{list.activeTotal === 1 ? "" : "s"} · {counts.runs.toLocaleString("en-US")} run
            {counts.runs === 1 ? "" : "s"}
          </p>
        </div>
        <CreateExperimentButton />
      </div>

      {fresh && (
        <section
          aria-label="Getting started"
          className="mx-auto max-w-2xl rounded-xl border border-dashed border-zinc-300 px-8 py-10 text-center dark:border-zinc-700"
        >
          <h2 className="text-lg font-medium">No experiments yet — point your MLflow client here:</h2>
          <p className="mt-2 mb-6 text-sm text-zinc-600 dark:text-zinc-400">
            Runboard speaks the MLflow tracking protocol. Run your existing training or LLM code unchanged, with this tracking URI, and your runs
            appear here.
          </p>
          <TrackingUriHint baseUrl={baseUrl} />
        </section>
      )}

      <ExperimentsToolbar deletedCount={list.deletedTotal} />

      {list.rows.length === 0 ? (
        <EmptyState
          title={q ? `No ${deleted ? "deleted " : ""}experiments match “${q}”` : deleted ? "Nothing in the trash" : "No experiments"}
          action={q ? <Link className="text-sm text-indigo-600 hover:underline dark:text-indigo-400" href={deleted ? "/experiments?view=deleted" : "/experiments"}>Clear the search</Link> : undefined}
        >
          {deleted ? "Deleted experiments show up here, ready to restore." : q ? "Try a shorter part of the name." : "Create one, or log a run with mlflow.set_experiment(name)."}
        </EmptyState>
      ) : (
        <div className="overflow-x-auto rounded-lg border border-zinc-200 dark:border-zinc-800">
          <table className="w-full text-sm">
            <thead className="bg-zinc-50 text-left text-xs font-medium tracking-wide text-zinc-500 uppercase dark:bg-zinc-900 dark:text-zinc-400">
              <tr>
                <th scope="col" className="px-4 py-2.5 font-medium">Name</th>
                <th scope="col" className="w-28 px-4 py-2.5 text-right font-medium">Runs</th>
                <th scope="col" className="w-44 px-4 py-2.5 font-medium">Last activity</th>
                <th scope="col" className="w-44 px-4 py-2.5 font-medium">Created</th>
                <th scope="col" className="w-12 px-2 py-2.5"><span className="sr-only">Actions</span></th>
              </tr>
            </thead>
            <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800/70">
              {list.rows.map((e) => (
                <tr key={e.id} className="group hover:bg-zinc-50/70 dark:hover:bg-zinc-900/60">
                  <td className="max-w-0 px-4 py-2.5">
                    <div className="flex items-center gap-2">
                      <FlaskConical aria-hidden className="h-4 w-4 shrink-0 text-zinc-400" />
                      {e.lifecycleStage === "deleted" ? (
                        <span className="truncate font-medium text-zinc-500">{e.name}</span>
                      ) : (
                        <Link href={`/experiments/${e.id}`} className="truncate font-medium text-zinc-900 hover:text-indigo-600 hover:underline dark:text-zinc-100 dark:hover:text-indigo-400">
                          {e.name}
                        </Link>
                      )}
                      <span className="shrink-0 font-mono text-xs text-zinc-400">#{e.id}</span>
                      {e.tags.slice(0, 4).map((t) => (
                        <Badge key={t.key} className="max-w-48 shrink-0 truncate font-normal" title={`${t.key} = ${t.value}`}>
                          <span className="text-zinc-500 dark:text-zinc-400">{t.key}</span>
                          {t.value && <span className="truncate">{t.value}</span>}
                        </Badge>
                      ))}
                      {e.tags.length > 4 && <span className="text-xs text-zinc-400">+{e.tags.length - 4}</span>}
                    </div>
                    {e.description && <p className="mt-0.5 truncate pl-6 text-xs text-zinc-500 dark:text-zinc-400">{e.description}</p>}
                  </td>
                  <td className="px-4 py-2.5 text-right tabular-nums">{e.runCount.toLocaleString("en-US")}</td>
                  <td className="px-4 py-2.5 whitespace-nowrap text-zinc-600 dark:text-zinc-400"><TimeAgo ms={e.lastActivity} /></td>
                  <td className="px-4 py-2.5 whitespace-nowrap text-zinc-600 dark:text-zinc-400"><TimeAgo ms={e.creationTime} /></td>
                  <td className="px-2 py-1.5 text-right">
                    <ExperimentActions experiment={{ id: e.id, name: e.name, lifecycleStage: e.lifecycleStage, runCount: e.runCount, tags: e.tags }} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {list.total > 0 && <Pagination page={list.page} pageSize={list.pageSize} total={list.total} hrefFor={hrefFor} noun={deleted ? "deleted experiments" : "experiments"} />}
    </div>
  );
}
