import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { GitCompare, MessageSquareText } from "lucide-react";
import { getRegisteredModel } from "@/lib/domain/registry/registered-models";
import { searchModelVersions } from "@/lib/domain/registry/search";
import { getModelVersionPrompts } from "@/lib/domain/prompts/usage";
import { getRunInfo } from "@/lib/domain/runs/read";
import { deleteModelAliasAction, deleteModelTagAction, setModelAliasAction, setModelTagAction } from "@/lib/actions/models";
import { AliasBadge, Badge } from "@/components/ui/badge";
import { Card, CardHeader, EmptyState } from "@/components/ui/card";
import { buttonClass } from "@/components/ui/button";
import { CopyButton } from "@/components/ui/copy-button";
import { TimeAgo } from "@/components/ui/time";
import { AliasPanel } from "@/components/models/alias-panel";
import { TagEditor } from "@/components/tags/tag-editor";

export const dynamic = "force-dynamic";

export async function generateMetadata({ params }: PageProps<"/models/[name]">): Promise<Metadata> {
  return { title: decodeURIComponent((await params).name) };
}

const stageTone = (s: string) => (s === "Production" ? "green" : s === "Staging" ? "amber" : s === "Archived" ? "neutral" : "neutral");

/** Filter value for the registry grammar: single-quoted, or double-quoted when the name has a '. */
const quoted = (s: string) => (s.includes("'") ? `"${s}"` : `'${s}'`);

export default async function ModelPage({ params }: PageProps<"/models/[name]">) {
  const name = decodeURIComponent((await params).name);
  const model = await getRegisteredModel(name).catch(() => null);
  if (!model || model.isPrompt) notFound();
  const { modelVersions } = await searchModelVersions({ filter: `name = ${quoted(name)}`, orderBy: ["version_number DESC"], maxResults: 1000 });
  const [prompts, runs] = await Promise.all([
    Promise.all(modelVersions.map((v) => getModelVersionPrompts(v.id))),
    Promise.all(modelVersions.map((v) => (v.runId ? getRunInfo(v.runId) : null))),
  ]);
  const base = `/models/${encodeURIComponent(name)}`;
  const latest = modelVersions[0]?.version ?? null;
  // Entry point to the comparison: the source runs of the versions, oldest version as baseline.
  const sourceRuns = [...new Set(runs.filter((r): r is NonNullable<typeof r> => !!r).map((r) => r.runId))].reverse().slice(0, 50);

  return (
    <div className="space-y-5">
      <div className="space-y-2">
        <nav aria-label="Breadcrumb" className="text-sm text-zinc-500">
          <Link href="/models" className="hover:text-zinc-900 hover:underline dark:hover:text-zinc-100">
            Models
          </Link>
          <span className="mx-1.5">/</span>
        </nav>
        <div className="flex items-center gap-2">
          <h1 className="font-mono text-xl font-semibold tracking-tight">{model.name}</h1>
          <CopyButton value={`models:/${model.name}`} label="Copy model URI" />
        </div>
        {model.description && <p className="max-w-3xl text-sm text-zinc-600 dark:text-zinc-400">{model.description}</p>}
        <p className="text-xs text-zinc-500 dark:text-zinc-400">
          {modelVersions.length} version{modelVersions.length === 1 ? "" : "s"} · created {model.userId && <>by {model.userId} </>}
          <TimeAgo ms={Number(model.creationTimestamp)} /> · updated <TimeAgo ms={Number(model.lastUpdatedTimestamp)} />
        </p>
        <TagEditor fields={{ name: model.name }} tags={model.tags} setAction={setModelTagAction} deleteAction={deleteModelTagAction} />
      </div>

      <div className="grid items-start gap-5 xl:grid-cols-[minmax(0,1fr)_22rem]">
        <Card>
          <CardHeader
            title="Versions"
            description="Newest first. Each version points at a logged model or run artifacts, and uses the prompt versions its model links to."
            actions={
              sourceRuns.length >= 2 ? (
                <Link href={`/compare?runs=${sourceRuns.join(",")}`} className={buttonClass({ size: "sm" })}>
                  <GitCompare className="h-3.5 w-3.5" /> Compare source runs
                </Link>
              ) : undefined
            }
          />
          {modelVersions.length === 0 ? (
            <div className="p-4">
              <EmptyState title="No versions yet">Register one with <code className="font-mono">mlflow.register_model(&quot;models:/&lt;model_id&gt;&quot;, &quot;{model.name}&quot;)</code>.</EmptyState>
            </div>
          ) : (
            <div className="overflow-x-auto">
              <table className="w-full text-sm" aria-label="Model versions">
                <thead className="bg-zinc-50 text-left text-xs font-medium tracking-wide text-zinc-500 uppercase dark:bg-zinc-900 dark:text-zinc-400">
                  <tr>
                    <th className="px-4 py-2">Version</th>
                    <th className="px-4 py-2">Aliases</th>
                    <th className="px-4 py-2">Source run</th>
                    <th className="px-4 py-2">Prompts</th>
                    <th className="px-4 py-2 text-right">Registered</th>
                  </tr>
                </thead>
                <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800/70">
                  {modelVersions.map((v, i) => {
                    const run = runs[i];
                    return (
                      <tr key={v.version} className="align-top hover:bg-zinc-50/70 dark:hover:bg-zinc-900/40">
                        <td className="px-4 py-2.5">
                          <Link href={`${base}/versions/${v.version}`} className="font-mono font-semibold text-indigo-700 hover:underline dark:text-indigo-300">
                            v{v.version}
                          </Link>
                          {v.currentStage !== "None" && (
                            <Badge tone={stageTone(v.currentStage)} className="ml-1.5">
                              {v.currentStage}
                            </Badge>
                          )}
                          {v.description && <p className="mt-0.5 max-w-xs text-xs text-zinc-500">{v.description}</p>}
                        </td>
                        <td className="px-4 py-2.5">
                          <div className="flex flex-wrap gap-1">
                            {v.version === latest && <AliasBadge alias="latest" />}
                            {v.aliases.map((a) => (
                              <AliasBadge key={a} alias={a} />
                            ))}
                          </div>
                        </td>
                        <td className="px-4 py-2.5">
                          {run ? (
                            <Link href={`/experiments/${run.experimentId}/runs/${run.runId}`} className="hover:underline">
                              {run.runName || run.runId.slice(0, 8)}
                            </Link>
                          ) : v.runId ? (
                            <span className="font-mono text-xs">{v.runId.slice(0, 8)}</span>
                          ) : (
                            <span className="text-zinc-400">—</span>
                          )}
                          {v.modelId && <div className="font-mono text-[11px] text-zinc-500">{v.modelId}</div>}
                        </td>
                        <td className="px-4 py-2.5">
                          <div className="flex flex-wrap gap-1">
                            {prompts[i].map((p) => (
                              <Link
                                key={`${p.name}/${p.version}`}
                                href={`/prompts/${encodeURIComponent(p.name)}?version=${p.version}`}
                                className="inline-flex items-center gap-1 rounded bg-indigo-50 px-1.5 py-0.5 font-mono text-[11px] text-indigo-700 hover:underline dark:bg-indigo-950 dark:text-indigo-300"
                              >
                                <MessageSquareText className="h-3 w-3" />
                                {p.name}/v{p.version}
                              </Link>
                            ))}
                            {prompts[i].length === 0 && <span className="text-xs text-zinc-400">—</span>}
                          </div>
                        </td>
                        <td className="px-4 py-2.5 text-right text-xs whitespace-nowrap text-zinc-500">
                          {v.userId && <div>{v.userId}</div>}
                          <TimeAgo ms={Number(v.creationTimestamp)} />
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          )}
        </Card>
        <Card>
          <CardHeader title="Aliases" description="Set an alias on a version; setting one that exists moves it. @latest is computed." />
          <div className="px-4 py-3">
            <AliasPanel
              name={model.name}
              aliases={model.aliases}
              versions={modelVersions.map((v) => v.version)}
              setAction={setModelAliasAction}
              deleteAction={deleteModelAliasAction}
              versionHref={`${base}/versions`}
            />
          </div>
        </Card>
      </div>
    </div>
  );
}
