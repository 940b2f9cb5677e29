import type { Metadata } from "next";
import Link from "next/link";
import { AdminTabs } from "@/components/admin/admin-tabs";
import { AutoRefresh } from "@/components/imports/auto-refresh";
import { ImportStatusBadge } from "@/components/imports/import-status";
import { EmptyState } from "@/components/ui/card";
import { TimeAgo } from "@/components/ui/time";
import { listImportJobs } from "@/lib/domain/import/jobs";
import { DomainError } from "@/lib/errors";
import { formatDuration } from "@/lib/format";
import { publicBaseUrl } from "@/lib/request-url";
import { importReportView, totals } from "@/lib/schemas/import-report";

export const metadata: Metadata = { title: "Imports" };
export const dynamic = "force-dynamic";

const n = (x: number) => x.toLocaleString("en-US");

/** The admin Import page: the last imports (`npm run import`) with their outcome. */
export default async function ImportsPage() {
  let jobs;
  try {
    jobs = await listImportJobs({ limit: 50 });
  } catch (e) {
    if (e instanceof DomainError && (e.code === "PERMISSION_DENIED" || e.code === "UNAUTHENTICATED")) {
      return <EmptyState title="Imports are for administrators">Ask an administrator of this Runboard to run or review imports.</EmptyState>;
    }
    throw e;
  }
  const base = await publicBaseUrl();
  const running = jobs.some((j) => j.status === "running");
  return (
    <div className="space-y-5">
      {running && <AutoRefresh />}
      <div>
        <h1 className="text-xl font-semibold tracking-tight">Imports</h1>
        <p className="mt-0.5 text-sm text-zinc-500 dark:text-zinc-400">
          Experiments, runs, models and prompts copied from MLflow servers, newest first. Start one from a shell (run it again to copy only what changed):
        </p>
        <pre className="mt-2 overflow-x-auto rounded-md bg-zinc-900 px-3 py-2 font-mono text-xs text-zinc-100 dark:bg-black">{`npm run import -- --from http://mlflow-host:5000 --to ${base}`}</pre>
      </div>
      <AdminTabs current="imports" />
      {jobs.length === 0 ? (
        <EmptyState title="No imports yet">An import started with the command above shows here while it runs, then with its report.</EmptyState>
      ) : (
        <div className="overflow-x-auto rounded-lg border border-zinc-200 dark:border-zinc-800">
          <table className="w-full text-sm" aria-label="Imports">
            <thead className="bg-zinc-50 text-left text-xs font-medium tracking-wide text-zinc-500 uppercase dark:bg-zinc-900 dark:text-zinc-400">
              <tr>
                <th className="px-4 py-2.5">Job</th>
                <th className="px-4 py-2.5">Source</th>
                <th className="px-4 py-2.5">Status</th>
                <th className="px-4 py-2.5">Started</th>
                <th className="px-4 py-2.5 text-right">Duration</th>
                <th className="px-4 py-2.5 text-right">Runs copied</th>
                <th className="px-4 py-2.5 text-right">Copied</th>
                <th className="px-4 py-2.5 text-right">Unchanged</th>
                <th className="px-4 py-2.5 text-right">Failed</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800/70">
              {jobs.map((j) => {
                const view = importReportView(j.report, j.progress);
                const t = totals(view);
                const runs = view.phases.find((p) => p.name === "runs");
                const end = j.finishedAt ?? (j.status === "running" ? null : j.heartbeatAt);
                return (
                  <tr key={j.id} className="hover:bg-zinc-50/70 dark:hover:bg-zinc-900/50">
                    <td className="px-4 py-2.5">
                      <Link href={`/admin/imports/${j.id}`} className="font-medium text-indigo-600 hover:underline dark:text-indigo-400">
                        #{j.id}
                      </Link>
                    </td>
                    <td className="max-w-80 truncate px-4 py-2.5 font-mono text-xs" title={j.sourceUrl}>
                      {j.sourceUrl}
                    </td>
                    <td className="px-4 py-2.5">
                      <ImportStatusBadge status={j.status} failed={t.failed} />
                      {view.currentPhase && <span className="ml-2 text-xs text-zinc-500">{view.currentPhase}</span>}
                    </td>
                    <td className="px-4 py-2.5 text-zinc-600 dark:text-zinc-400">
                      <TimeAgo ms={Number(j.startedAt)} />
                    </td>
                    <td className="px-4 py-2.5 text-right tabular-nums">{end === null ? "…" : formatDuration(Number(end - j.startedAt))}</td>
                    <td className="px-4 py-2.5 text-right tabular-nums">{runs ? n(runs.copied) : "—"}</td>
                    <td className="px-4 py-2.5 text-right tabular-nums">{n(t.copied)}</td>
                    <td className="px-4 py-2.5 text-right tabular-nums text-zinc-500">{n(t.skipped)}</td>
                    <td className={`px-4 py-2.5 text-right tabular-nums ${t.failed ? "font-medium text-red-600 dark:text-red-400" : "text-zinc-500"}`}>{n(t.failed)}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
