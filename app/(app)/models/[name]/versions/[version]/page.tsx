import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { ArrowUpRight, MessageSquareText } from "lucide-react";
import { getRegisteredModel } from "@/lib/domain/registry/registered-models";
import { getModelVersion } from "@/lib/domain/registry/records";
import { getModelVersionPrompts } from "@/lib/domain/prompts/usage";
import { getRunInfo } from "@/lib/domain/runs/read";
import { getLoggedModel } from "@/lib/domain/logged-models/records";
import { getLoggedModelDetails, getModelDetailsAt } from "@/lib/domain/mlmodel/read";
import { type ModelDetails } from "@/lib/domain/mlmodel/parse";
import { deleteModelAliasAction, deleteModelVersionTagAction, setModelAliasAction, setModelVersionTagAction } from "@/lib/actions/models";
import { AliasBadge, Badge, StatusBadge } from "@/components/ui/badge";
import { Card, CardHeader } from "@/components/ui/card";
import { CopyButton } from "@/components/ui/copy-button";
import { TimeAgo } from "@/components/ui/time";
import { AliasManager } from "@/components/prompts/alias-manager";
import { TagEditor } from "@/components/tags/tag-editor";
import { ModelSignature } from "@/components/models/model-signature";
import { VariableText } from "@/components/diff/variable-text";

export const dynamic = "force-dynamic";

export async function generateMetadata({ params }: PageProps<"/models/[name]/versions/[version]">): Promise<Metadata> {
  const p = await params;
  return { title: `${decodeURIComponent(p.name)} v${p.version}` };
}

function Row({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="contents">
      <dt className="text-xs text-zinc-500 dark:text-zinc-400">{label}</dt>
      <dd className="min-w-0 text-sm break-words">{children}</dd>
    </div>
  );
}

export default async function ModelVersionPage({ params }: PageProps<"/models/[name]/versions/[version]">) {
  const p = await params;
  const name = decodeURIComponent(p.name);
  if (!/^\d+$/.test(p.version)) notFound();
  const [model, mv] = await Promise.all([getRegisteredModel(name).catch(() => null), getModelVersion(name, p.version).catch(() => null)]);
  if (!model || model.isPrompt || !mv) notFound();

  const [prompts, run, logged] = await Promise.all([
    getModelVersionPrompts(mv.id),
    mv.runId ? getRunInfo(mv.runId) : null,
    mv.modelId ? getLoggedModel(mv.modelId, { allowDeleted: true }) : null,
  ]);
  // Signature: from the logged model (MLflow 3), else from run artifacts (runs:/<run>/<path>).
  let details: ModelDetails | null = null;
  try {
    if (mv.modelId) details = await getLoggedModelDetails(mv.modelId);
    else if (run && mv.source?.startsWith("runs:/")) {
      const path = mv.source.replace(/^runs:\/[^/]+\/?/, "");
      details = await getModelDetailsAt(run.artifactUri, path);
    }
  } catch {
    details = null;
  }
  const latest = model.latestVersions.reduce((m, v) => Math.max(m, v.version), 0);
  // log_model(prompts=[…]) writes the URIs into MLmodel (and links the run, not the model).
  const linked = new Set(prompts.map((pv) => `prompts:/${pv.name}/${pv.version}`));
  const mlmodelPrompts = (details?.prompts ?? []).filter((uri) => !linked.has(uri));
  const aliasVersions = Object.fromEntries(model.aliases.map((a) => [a.alias, a.version]));
  const base = `/models/${encodeURIComponent(name)}`;

  return (
    <div className="space-y-5">
      <div className="space-y-2">
        <nav aria-label="Breadcrumb" className="text-sm text-zinc-500">
          <Link href="/models" className="hover:text-zinc-900 hover:underline dark:hover:text-zinc-100">
            Models
          </Link>
          <span className="mx-1.5">/</span>
          <Link href={base} className="font-mono hover:text-zinc-900 hover:underline dark:hover:text-zinc-100">
            {name}
          </Link>
          <span className="mx-1.5">/</span>
        </nav>
        <div className="flex flex-wrap items-center gap-2">
          <h1 className="text-xl font-semibold tracking-tight">
            <span className="font-mono">{name}</span> <span className="text-zinc-400">·</span> Version {mv.version}
          </h1>
          <CopyButton value={`models:/${name}/${mv.version}`} label="Copy model URI" />
          {mv.currentStage !== "None" && <Badge tone={mv.currentStage === "Production" ? "green" : "amber"}>{mv.currentStage}</Badge>}
          <Badge tone={mv.status === "READY" ? "green" : mv.status === "FAILED_REGISTRATION" ? "red" : "amber"}>{mv.status.toLowerCase().replace("_", " ")}</Badge>
        </div>
        {mv.description && <p className="max-w-3xl text-sm text-zinc-600 dark:text-zinc-400">{mv.description}</p>}
      </div>

      <div className="grid items-start gap-5 xl:grid-cols-[minmax(0,1fr)_24rem]">
        <div className="min-w-0 space-y-5">
          <Card>
            <CardHeader title="Prompts used" description="Prompt versions linked to this version's logged model." />
            <div className="p-4">
              {mlmodelPrompts.length > 0 && (
                <div className="mb-3 flex flex-wrap items-center gap-1.5 text-xs text-zinc-600 dark:text-zinc-400">
                  Declared in MLmodel:
                  {mlmodelPrompts.map((uri) => {
                    const m = /^prompts:\/([^/@]+)(?:\/(\d+)|@(.+))?$/.exec(uri);
                    const href = m ? `/prompts/${encodeURIComponent(m[1])}${m[2] ? `?version=${m[2]}` : m[3] ? `?version=${encodeURIComponent(m[3])}` : ""}` : null;
                    return href ? (
                      <Link key={uri} href={href} className="rounded bg-indigo-50 px-1.5 py-0.5 font-mono text-indigo-700 hover:underline dark:bg-indigo-950 dark:text-indigo-300">
                        {uri}
                      </Link>
                    ) : (
                      <code key={uri} className="font-mono">
                        {uri}
                      </code>
                    );
                  })}
                </div>
              )}
              {prompts.length === 0 ? (
                mlmodelPrompts.length === 0 && <p className="text-sm text-zinc-500">This model version uses no registered prompt.</p>
              ) : (
                <ul className="space-y-3" aria-label="Prompt versions">
                  {prompts.map((pv) => (
                    <li key={`${pv.name}/${pv.version}`} className="rounded-md border border-zinc-200 dark:border-zinc-800">
                      <div className="flex flex-wrap items-center gap-2 border-b border-zinc-200 px-3 py-2 dark:border-zinc-800">
                        <MessageSquareText className="h-4 w-4 text-indigo-500" />
                        <Link href={`/prompts/${encodeURIComponent(pv.name)}?version=${pv.version}`} className="font-mono text-sm font-medium text-indigo-700 hover:underline dark:text-indigo-300">
                          {pv.name}
                        </Link>
                        <span className="font-mono text-xs text-zinc-500">v{pv.version}</span>
                        {pv.isLatest && <AliasBadge alias="latest" />}
                        {pv.aliases.map((a) => (
                          <AliasBadge key={a} alias={a} />
                        ))}
                        <span className="ml-auto truncate text-xs text-zinc-500">{pv.commitMessage}</span>
                      </div>
                      <pre className="max-h-40 overflow-auto px-3 py-2 font-mono text-xs leading-5 whitespace-pre-wrap text-zinc-700 dark:text-zinc-300">
                        <VariableText text={pv.messages ? pv.messages.map((m) => `[${m.role}] ${m.content}`).join("\n") : pv.template} />
                      </pre>
                    </li>
                  ))}
                </ul>
              )}
            </div>
          </Card>

          <Card>
            <CardHeader title="Signature" description={details?.flavors?.length ? `Flavors: ${details.flavors.join(", ")}` : undefined} />
            <div className="p-4">
              <ModelSignature details={details} />
            </div>
          </Card>
        </div>

        <div className="space-y-5">
          <Card>
            <CardHeader title="Aliases" description="Setting an alias another version holds moves it here." />
            <div className="px-4 py-3">
              <AliasManager
                name={name}
                version={mv.version}
                aliasVersions={aliasVersions}
                isLatest={mv.version === latest}
                setAction={setModelAliasAction}
                deleteAction={deleteModelAliasAction}
              />
            </div>
          </Card>
          <Card>
            <CardHeader title="Details" />
            <dl className="grid grid-cols-[max-content_minmax(0,1fr)] gap-x-4 gap-y-2 px-4 py-3">
              <Row label="Registered">
                {mv.userId && <>{mv.userId} · </>}
                <TimeAgo ms={Number(mv.creationTimestamp)} />
              </Row>
              <Row label="Source run">
                {run ? (
                  <span className="inline-flex flex-wrap items-center gap-2">
                    <Link href={`/experiments/${run.experimentId}/runs/${run.runId}`} className="inline-flex items-center gap-1 text-indigo-700 hover:underline dark:text-indigo-300">
                      {run.runName || run.runId.slice(0, 8)} <ArrowUpRight className="h-3 w-3" />
                    </Link>
                    <StatusBadge status={run.status} />
                  </span>
                ) : mv.runId ? (
                  <span className="font-mono text-xs">{mv.runId}</span>
                ) : (
                  "—"
                )}
              </Row>
              <Row label="Logged model">
                {logged ? (
                  <span>
                    {logged.name} <span className="font-mono text-[11px] text-zinc-500">{logged.modelId}</span>
                    {logged.lifecycleStage === "deleted" && <Badge tone="red" className="ml-1">deleted</Badge>}
                  </span>
                ) : mv.modelId ? (
                  <span className="font-mono text-xs">{mv.modelId}</span>
                ) : (
                  "—"
                )}
              </Row>
              <Row label="Source">
                <span className="inline-flex items-center gap-1 font-mono text-xs break-all">
                  {mv.source ?? "—"}
                  {mv.source && <CopyButton value={mv.source} label="Copy source" />}
                </span>
              </Row>
              <Row label="Stage">{mv.currentStage}</Row>
            </dl>
          </Card>
          <Card>
            <CardHeader title="Version tags" />
            <div className="px-4 py-3">
              <TagEditor fields={{ name, version: String(mv.version) }} tags={mv.tags} setAction={setModelVersionTagAction} deleteAction={deleteModelVersionTagAction} />
            </div>
          </Card>
        </div>
      </div>
    </div>
  );
}
