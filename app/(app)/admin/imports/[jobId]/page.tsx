import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { AutoRefresh } from "@/components/imports/auto-refresh";
import { ImportStatusBadge } from "@/components/imports/import-status";
import { Card, CardHeader, EmptyState } from "@/components/ui/card";
import { TimeAgo } from "@/components/ui/time";
import { getImportJob } from "@/lib/domain/import/jobs";
import { DomainError } from "@/lib/errors";
import { formatDuration } from "@/lib/format";
import { importReportView, totals } from "@/lib/schemas/import-report";

export const dynamic = "force-dynamic";

export async function generateMetadata({ params }: PageProps<"/admin/imports/[jobId]">): Promise<Metadata> {
  return { title: `Import #${(await params).jobId}` };
}

const n = (x: number) => x.toLocaleString("en-US");
const bytes = (b: number) => (b >= 1 << 30 ? `${(b / (1 << 30)).toFixed(1)} GB` : b >= 1 << 20 ? `${(b / (1 << 20)).toFixed(1)} MB` : b >= 1024 ? `${(b / 1024).toFixed(0)} kB` : `${b} B`);
const th = "px-4 py-2 text-left text-xs font-medium tracking-wide text-zinc-500 uppercase dark:text-zinc-400";
const td = "px-4 py-2";

/** One import: per-phase counts, the experiment mapping, failures with reasons, warnings. */
export default async function ImportJobPage({ params }: PageProps<"/admin/imports/[jobId]">) {
  const { jobId } = await params;
  if (!/^\d{1,9}$/.test(jobId)) notFound();
  let job;
  try {
    job = await getImportJob(Number(jobId));
  } catch (e) {
    if (e instanceof DomainError && (e.code === "PERMISSION_DENIED" || e.code === "UNAUTHENTICATED")) {
      return <EmptyState title="Imports are for administrators">Ask an administrator of this Runboard to review imports.</EmptyState>;
    }
    throw e;
  }
  if (!job) notFound();
  const view = importReportView(job.report, job.progress);
  const t = totals(view);
  const opts = job.options as Record<string, unknown>;
  const end = job.finishedAt ?? (job.status === "running" ? null : job.heartbeatAt);
  const mapped = view.experiments.filter((e) => e.result !== "unchanged");
  const option = (k: string, v: unknown) =>
    v === null || v === undefined || v === false || (Array.isArray(v) && v.length === 0) ? null : (
      <li key={k}>
        <span className="text-zinc-500">{k}:</span> <span className="font-mono">{Array.isArray(v) ? v.join(", ") : String(v)}</span>
      </li>
    );

  return (
    <div className="space-y-5">
      {job.status === "running" && <AutoRefresh />}
      <div>
        <Link href="/admin/imports" className="text-sm text-indigo-600 hover:underline dark:text-indigo-400">
          ← Imports
        </Link>
        <h1 className="mt-1 flex items-center gap-3 text-xl font-semibold tracking-tight">
          Import #{job.id} <ImportStatusBadge status={job.status} failed={t.failed} />
        </h1>
        <p className="mt-0.5 text-sm text-zinc-500 dark:text-zinc-400">
          From <span className="font-mono">{job.sourceUrl}</span>, started <TimeAgo ms={Number(job.startedAt)} />
          {end !== null && <>, took {formatDuration(Number(end - job.startedAt))}</>}
          {view.currentPhase && <> — now copying {view.currentPhase}</>}.
        </p>
        <ul className="mt-2 flex flex-wrap gap-x-5 gap-y-1 text-xs">{Object.entries(opts).map(([k, v]) => option(k, v))}</ul>
      </div>
      {view.error && (
        <p role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800 dark:border-red-900 dark:bg-red-950 dark:text-red-200">
          {view.error}
        </p>
      )}

      <Card>
        <CardHeader title="What was copied" description={`${n(t.copied)} copied, ${n(t.skipped)} unchanged since an earlier import, ${n(t.failed)} failed.${view.requests ? ` ${n(view.requests.source)} requests to the source, ${n(view.requests.target)} here, ${n(view.requests.retries)} retried.` : ""}`} />
        {view.phases.length === 0 ? (
          <p className="px-4 py-3 text-sm text-zinc-500">Nothing reported yet.</p>
        ) : (
          <div className="overflow-x-auto">
            <table className="w-full text-sm" aria-label="Copied per kind">
              <thead>
                <tr>
                  <th className={th}>Kind</th>
                  <th className={`${th} text-right`}>Listed</th>
                  <th className={`${th} text-right`}>Copied</th>
                  <th className={`${th} text-right`}>Unchanged</th>
                  <th className={`${th} text-right`}>Failed</th>
                  <th className={th}>Also</th>
                  <th className={`${th} text-right`}>Time</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800/70">
                {view.phases.map((p) => (
                  <tr key={p.name}>
                    <td className={`${td} font-medium`}>{p.name}</td>
                    <td className={`${td} text-right tabular-nums`}>{n(p.listed)}</td>
                    <td className={`${td} text-right tabular-nums`}>{n(p.copied)}</td>
                    <td className={`${td} text-right tabular-nums text-zinc-500`}>{n(p.skipped)}</td>
                    <td className={`${td} text-right tabular-nums ${p.failed ? "font-medium text-red-600 dark:text-red-400" : "text-zinc-500"}`}>{n(p.failed)}</td>
                    <td className={`${td} text-zinc-600 dark:text-zinc-400`}>
                      {[p.versions ? `${n(p.versions)} versions` : "", p.points ? `${n(p.points)} metric points` : "", p.files ? `${n(p.files)} artifact files (${bytes(p.bytes)})` : ""].filter(Boolean).join(" · ")}
                    </td>
                    <td className={`${td} text-right tabular-nums`}>{p.seconds === null ? "" : formatDuration(p.seconds * 1000)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Card>

      {mapped.length > 0 && (
        <Card>
          <CardHeader title="Experiments" description="Ids are kept when free here; otherwise the experiment got a new id, or joined the experiment of the same name." />
          <div className="overflow-x-auto">
            <table className="w-full text-sm" aria-label="Experiment mapping">
              <thead>
                <tr>
                  <th className={th}>Name</th>
                  <th className={th}>Id at the source</th>
                  <th className={th}>Id here</th>
                  <th className={th}>Result</th>
                  <th className={th}>Note</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800/70">
                {mapped.map((e) => (
                  <tr key={e.source_id}>
                    <td className={td}>
                      {e.id ? (
                        <Link href={`/experiments/${e.id}`} className="text-indigo-600 hover:underline dark:text-indigo-400">
                          {e.name}
                        </Link>
                      ) : (
                        e.name
                      )}
                    </td>
                    <td className={`${td} font-mono text-xs`}>{e.source_id}</td>
                    <td className={`${td} font-mono text-xs`}>{e.id ?? "—"}</td>
                    <td className={td}>{e.result}</td>
                    <td className={`${td} text-zinc-600 dark:text-zinc-400`}>{e.reason ?? (e.id_kept === false ? "new id" : "")}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </Card>
      )}

      {view.failures.length > 0 && (
        <Card>
          <CardHeader
            title={`Failures (${n(view.failures.length + view.failuresOmitted)})`}
            description="Not copied; everything else was. Run the import again once the cause is fixed: it copies what is missing."
          />
          <div className="overflow-x-auto">
            <table className="w-full text-sm" aria-label="Failures">
              <thead>
                <tr>
                  <th className={th}>Kind</th>
                  <th className={th}>Id</th>
                  <th className={th}>Name</th>
                  <th className={th}>Reason</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800/70">
                {view.failures.map((f, i) => (
                  <tr key={i}>
                    <td className={td}>{f.kind.replace("_", " ")}</td>
                    <td className={`${td} font-mono text-xs`}>{f.id}</td>
                    <td className={td}>{f.name ?? ""}</td>
                    <td className={`${td} break-all text-zinc-700 dark:text-zinc-300`}>{f.reason}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {view.failuresOmitted > 0 && <p className="px-4 py-2 text-xs text-zinc-500">…and {n(view.failuresOmitted)} more in the JSON report the importer wrote.</p>}
        </Card>
      )}

      {view.warnings.length > 0 && (
        <Card>
          <CardHeader title={`Warnings (${n(view.warnings.length)})`} />
          <ul className="space-y-1 px-4 py-3 text-sm text-zinc-700 dark:text-zinc-300">
            {view.warnings.slice(0, 200).map((w, i) => (
              <li key={i}>{w}</li>
            ))}
          </ul>
        </Card>
      )}
    </div>
  );
}
