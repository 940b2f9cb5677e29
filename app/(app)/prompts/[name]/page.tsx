import type { Metadata } from "next";
import Link from "next/link";
import { notFound, redirect } from "next/navigation";
import { GitCompareArrows, Pencil } from "lucide-react";
import { NEW_PROMPT_HREF } from "@/components/prompts/new-prompt-view";
import { getPrompt, getPromptVersion } from "@/lib/domain/prompts/read";
import { getPromptUsage } from "@/lib/domain/prompts/usage";
import { getLatestMetricsForRuns, getPromptMetricsByVersion, listPromptMetricKeys } from "@/lib/domain/prompts/metrics";
import { listLoggedModelsForRuns } from "@/lib/domain/logged-models/records";
import {
  deletePromptAction,
  deletePromptAliasAction,
  deletePromptTagAction,
  deletePromptVersionAction,
  deletePromptVersionTagAction,
  setPromptAliasAction,
  setPromptTagAction,
  setPromptVersionTagAction,
  updatePromptDescriptionAction,
} from "@/lib/actions/prompts";
import { buttonClass } from "@/components/ui/button";
import { Card, CardHeader, EmptyState } from "@/components/ui/card";
import { CopyButton } from "@/components/ui/copy-button";
import { TimeAgo } from "@/components/ui/time";
import { cn } from "@/components/ui/cn";
import { AliasManager } from "@/components/prompts/alias-manager";
import { DeletePromptButton, DeletePromptVersionButton } from "@/components/prompts/delete-prompt-dialogs";
import { DescriptionEditor } from "@/components/prompts/description-editor";
import { JsonBlock } from "@/components/prompts/json-block";
import { MetricPicker, MetricsByVersionChart, MetricsByVersionTable } from "@/components/prompts/metrics-by-version";
import { PromptUsage } from "@/components/prompts/prompt-usage";
import { TagEditor } from "@/components/prompts/tag-editor";
import { TemplateView } from "@/components/prompts/template-view";
import { VersionCompare } from "@/components/prompts/version-compare";
import { VersionList } from "@/components/prompts/version-list";
import type { UsageModelRow, UsageModelVersionRow, UsageRunRow } from "@/components/prompts/types";
import type { DiffMode } from "@/components/diff/text-diff";

export const dynamic = "force-dynamic";

const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);
/** The registry's own namespaces (the domain already drops its known keys): never shown as user tags. */
const isRegistryTag = (key: string) => key.startsWith("mlflow.prompt.") || key.startsWith("_mlflow_");
type Tab = "template" | "compare" | "usage" | "metrics";

export async function generateMetadata({ params }: PageProps<"/prompts/[name]">): Promise<Metadata> {
  return { title: decodeURIComponent((await params).name) };
}

/** `?compare=2..3` (also `2...3`, `2,3`) → [before, after]. */
function parseCompare(raw: string | undefined): [number, number] | null {
  const m = raw && /^v?(\d+)\s*(?:\.{2,3}|,|-)\s*v?(\d+)$/.exec(raw.trim());
  return m ? [Number(m[1]), Number(m[2])] : null;
}

export default async function PromptPage({ params, searchParams }: PageProps<"/prompts/[name]">) {
  const name = decodeURIComponent((await params).name);
  const sp = await searchParams;
  const prompt = await getPrompt(name);
  // The create page used to live at /prompts/new; old links still land there unless a prompt is named "new".
  if (!prompt && name === "new") redirect(NEW_PROMPT_HREF);
  if (!prompt) notFound();

  const latest = prompt.latestVersion;
  const versionNumbers = prompt.versions.map((v) => v.version);
  const requested = one(sp.version);
  const aliasTarget = requested ? prompt.aliases.find((a) => a.alias === requested.replace(/^@/, ""))?.version : undefined;
  const selectedNum = requested === "latest" ? latest : (aliasTarget ?? (requested && /^\d+$/.test(requested) ? Number(requested) : latest));
  let pair = parseCompare(one(sp.compare));
  if (pair && !pair.every((v) => versionNumbers.includes(v))) pair = null;
  const tabParam = one(sp.tab);
  const tab: Tab = pair ? "compare" : tabParam === "usage" || tabParam === "metrics" || tabParam === "compare" ? tabParam : "template";
  if (tab === "compare" && !pair && versionNumbers.length >= 2) {
    const after = selectedNum ?? latest!;
    const idx = versionNumbers.indexOf(after);
    pair = [versionNumbers[idx + 1] ?? versionNumbers[idx - 1], after];
  }
  const mode: DiffMode = one(sp.diff) === "unified" ? "unified" : "split";
  const scope = one(sp.scope) === "version" ? "version" : "all";

  const base = `/prompts/${encodeURIComponent(name)}`;
  const url = (patch: Record<string, string | number | null | undefined>) => {
    const cur: Record<string, string | number | null | undefined> = {
      version: requested ?? null,
      tab: tab === "template" || tab === "compare" ? null : tab,
      compare: pair ? `${pair[0]}..${pair[1]}` : null,
      diff: mode === "unified" ? "unified" : null,
      metric: one(sp.metric) ?? null,
      scope: scope === "version" ? "version" : null,
      ...patch,
    };
    const p = new URLSearchParams();
    for (const [k, v] of Object.entries(cur)) if (v !== null && v !== undefined && v !== "") p.set(k, String(v));
    const s = p.toString();
    return s ? `${base}?${s}` : base;
  };

  const [selected, usage, metricKeys] = await Promise.all([
    selectedNum !== null ? getPromptVersion(name, selectedNum) : null,
    getPromptUsage(name),
    listPromptMetricKeys(name),
  ]);
  if (requested && !selected && versionNumbers.length) notFound();

  // Usage, merged across versions (a run may link to several versions of the prompt).
  const runRows = new Map<string, UsageRunRow>();
  const modelRows = new Map<string, UsageModelRow>();
  const mvRows = new Map<string, UsageModelVersionRow>();
  const runsPerVersion: Record<number, number> = {};
  const runIdsPerVersion: Record<number, string[]> = {};
  for (const u of usage) {
    runsPerVersion[u.version] = u.runs.length;
    runIdsPerVersion[u.version] = u.runs.map((r) => r.runId);
    const inScope = scope === "all" || u.version === selectedNum;
    if (!inScope) continue;
    for (const r of u.runs) {
      const row = runRows.get(r.runId) ?? { ...r, userId: r.userId, versions: [], metrics: {}, models: [] };
      row.versions.push(u.version);
      runRows.set(r.runId, row);
    }
    for (const m of u.loggedModels) {
      const row = modelRows.get(m.modelId) ?? { ...m, createdAt: m.creationTimestamp, versions: [] };
      row.versions.push(u.version);
      modelRows.set(m.modelId, row);
    }
    for (const mv of u.modelVersions) {
      const k = `${mv.name}/${mv.version}`;
      const row = mvRows.get(k) ?? { name: mv.name, version: mv.version, stage: mv.currentStage, modelId: mv.modelId, createdAt: mv.creationTimestamp, versions: [] };
      row.versions.push(u.version);
      mvRows.set(k, row);
    }
  }
  const allRunIds = [...new Set(usage.flatMap((u) => u.runs.map((r) => r.runId)))];
  const totalRuns = allRunIds.length;
  // Logged models used directly (their own link) or through the linked run that logged them.
  const modelsOfRuns = await listLoggedModelsForRuns(allRunIds);
  const loggedModelIds = new Set([...usage.flatMap((u) => u.loggedModels.map((m) => m.modelId)), ...Object.values(modelsOfRuns).flatMap((ms) => ms.map((m) => m.modelId))]);
  const totalModels = loggedModelIds.size + new Set(usage.flatMap((u) => u.modelVersions.map((m) => `${m.name}/${m.version}`))).size;

  const keyMetricNames = metricKeys.slice(0, 4).map((k) => k.key);
  let metricsData = null;
  const metricKey = one(sp.metric) && metricKeys.some((k) => k.key === one(sp.metric)) ? one(sp.metric)! : metricKeys[0]?.key;
  if (tab === "usage" && runRows.size) {
    const ids = [...runRows.keys()];
    const metrics = await getLatestMetricsForRuns(ids, keyMetricNames);
    const models = modelsOfRuns;
    for (const [id, row] of runRows) {
      row.metrics = metrics.get(id) ?? {};
      row.models = (models[id] ?? []).map((m) => ({ modelId: m.modelId, name: m.name }));
      // MLflow's log_model(prompts=[…]) links the prompt to the RUN; the model it logged uses it too.
      for (const m of models[id] ?? []) {
        if (modelRows.has(m.modelId)) continue;
        modelRows.set(m.modelId, {
          modelId: m.modelId,
          name: m.name,
          experimentId: m.experimentId,
          experimentName: row.experimentName,
          status: m.status,
          sourceRunId: m.sourceRunId,
          createdAt: Number(m.creationTimestampMs),
          versions: row.versions,
          viaRun: { runId: id, runName: row.runName },
        });
      }
    }
  }
  if (tab === "metrics" && metricKey) metricsData = await getPromptMetricsByVersion(name, metricKey);

  let compareData = null;
  if (tab === "compare" && pair) {
    const [b, a] = await Promise.all([getPromptVersion(name, pair[0]), getPromptVersion(name, pair[1])]);
    if (b && a) compareData = { before: b, after: a };
  }
  const compareRunsHref = (() => {
    if (!pair) return null;
    const a = (runIdsPerVersion[pair[0]] ?? []).slice(0, 5);
    const b = (runIdsPerVersion[pair[1]] ?? []).slice(0, 5);
    if (!a.length || !b.length) return null;
    return `/compare?runs=${[...a, ...b].join(",")}`;
  })();

  const aliasVersions = Object.fromEntries(prompt.aliases.map((a) => [a.alias, a.version]));
  const prevOf = (v: number) => versionNumbers[versionNumbers.indexOf(v) + 1];

  const tabs: { id: Tab; label: string; href: string; count?: number }[] = [
    { id: "template", label: selected ? `Version ${selected.version}` : "Template", href: url({ tab: null, compare: null }) },
    {
      id: "compare",
      label: "Compare",
      href: url({ tab: "compare", compare: selectedNum && prevOf(selectedNum) ? `${prevOf(selectedNum)}..${selectedNum}` : pair ? `${pair[0]}..${pair[1]}` : null }),
    },
    { id: "usage", label: "Used by", href: url({ tab: "usage", compare: null }), count: totalRuns + totalModels },
    { id: "metrics", label: "Metrics by version", href: url({ tab: "metrics", compare: null }) },
  ];

  return (
    <div className="space-y-5">
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
          <TagEditor name={prompt.name} tags={prompt.tags.filter((t) => !isRegistryTag(t.key))} setAction={setPromptTagAction} deleteAction={deletePromptTagAction} />
        </div>
        <div className="flex shrink-0 items-center gap-2">
          {versionNumbers.length >= 2 && (
            <Link href={tabs[1].href} className={buttonClass()}>
              <GitCompareArrows className="h-4 w-4" /> Compare versions
            </Link>
          )}
          <Link href={`${base}/new${selectedNum ? `?from=${selectedNum}` : ""}`} className={buttonClass({ variant: "primary" })}>
            <Pencil className="h-4 w-4" /> New version
          </Link>
          <DeletePromptButton name={prompt.name} versions={prompt.versions.length} aliases={prompt.aliases.length} linkedRuns={totalRuns} action={deletePromptAction} />
        </div>
      </div>

      <div className="grid gap-6 lg:grid-cols-[18rem_minmax(0,1fr)]">
        <aside className="lg:sticky lg:top-16 lg:max-h-[calc(100vh-5rem)] lg:self-start lg:overflow-y-auto">
          <h2 className="mb-2 px-1 text-xs font-semibold tracking-wide text-zinc-500 uppercase">Versions</h2>
          <VersionList
            versions={prompt.versions}
            selected={selectedNum}
            latest={latest}
            compare={tab === "compare" ? pair : null}
            usage={runsPerVersion}
            hrefFor={(v) => (tab === "compare" ? url({ version: v, tab: null, compare: null }) : url({ version: v }))}
          />
        </aside>

        <div className="min-w-0 space-y-5">
          <div role="tablist" aria-label="Prompt views" className="flex gap-1 border-b border-zinc-200 dark:border-zinc-800">
            {tabs.map((t) => (
              <Link
                key={t.id}
                href={t.href}
                role="tab"
                aria-selected={tab === t.id}
                className={cn(
                  "-mb-px border-b-2 px-3 py-2 text-sm font-medium whitespace-nowrap",
                  tab === t.id ? "border-indigo-500 text-zinc-900 dark:text-zinc-50" : "border-transparent text-zinc-500 hover:text-zinc-800 dark:hover:text-zinc-200",
                )}
              >
                {t.label}
                {t.count !== undefined && <span className="ml-1.5 rounded-full bg-zinc-100 px-1.5 text-xs text-zinc-600 tabular-nums dark:bg-zinc-800 dark:text-zinc-300">{t.count}</span>}
              </Link>
            ))}
          </div>

          {tab === "template" &&
            (selected ? (
              <div className="space-y-5">
                <div className="flex flex-wrap items-start justify-between gap-4">
                  <div className="min-w-0">
                    <div className="flex flex-wrap items-center gap-2">
                      <h2 className="text-lg font-semibold">Version {selected.version}</h2>
                      <span className="rounded bg-zinc-100 px-1.5 py-0.5 text-xs text-zinc-600 dark:bg-zinc-800 dark:text-zinc-300">{selected.promptType === "chat" ? "Chat" : "Text"}</span>
                    </div>
                    <p className={cn("mt-1 text-sm", selected.commitMessage ? "" : "text-zinc-400 italic")}>{selected.commitMessage || "No commit message"}</p>
                    <p className="mt-0.5 text-xs text-zinc-500">
                      {selected.author && <>{selected.author} · </>}
                      <TimeAgo ms={selected.createdAt} />
                    </p>
                  </div>
                  <div className="flex items-center gap-2">
                    {prevOf(selected.version) !== undefined && (
                      <Link href={url({ compare: `${prevOf(selected.version)}..${selected.version}`, tab: null })} className={buttonClass({ size: "sm" })}>
                        <GitCompareArrows className="h-3.5 w-3.5" /> Diff with v{prevOf(selected.version)}
                      </Link>
                    )}
                    <Link href={`${base}/new?from=${selected.version}`} className={buttonClass({ size: "sm" })}>
                      <Pencil className="h-3.5 w-3.5" /> Edit as new version
                    </Link>
                    <DeletePromptVersionButton
                      name={prompt.name}
                      version={selected.version}
                      aliases={selected.aliases}
                      linkedRuns={runsPerVersion[selected.version] ?? 0}
                      isLatest={selected.version === latest}
                      isOnly={versionNumbers.length === 1}
                      action={deletePromptVersionAction}
                    />
                  </div>
                </div>

                <Card>
                  <CardHeader title="Aliases" description="Point an alias such as production at this version; setting one that another version holds moves it. @latest is always the highest version." />
                  <div className="px-4 py-3">
                    <AliasManager
                      name={prompt.name}
                      version={selected.version}
                      aliasVersions={aliasVersions}
                      isLatest={selected.version === latest}
                      setAction={setPromptAliasAction}
                      deleteAction={deletePromptAliasAction}
                    />
                  </div>
                </Card>

                <div className="grid items-start gap-5 xl:grid-cols-[minmax(0,1fr)_20rem]">
                  <Card>
                    <CardHeader title="Template" description={selected.promptType === "chat" ? `${selected.messages?.length ?? 0} messages` : `${selected.template.length.toLocaleString("en-US")} characters`} />
                    <div className="p-4">
                      <TemplateView template={selected.template} messages={selected.messages} variables={selected.variables} />
                    </div>
                  </Card>
                  <div className="space-y-5">
                    <Card>
                      <CardHeader title="Variables" description={`${selected.variables.length} in this version`} />
                      <div className="px-4 py-3">
                        {selected.variables.length ? (
                          <ul className="flex flex-wrap gap-1.5" aria-label="Variables">
                            {selected.variables.map((v) => (
                              <li key={v} className="rounded bg-indigo-50 px-1.5 py-0.5 font-mono text-xs text-indigo-700 dark:bg-indigo-500/15 dark:text-indigo-300">
                                {v}
                              </li>
                            ))}
                          </ul>
                        ) : (
                          <p className="text-sm text-zinc-500">No variables.</p>
                        )}
                      </div>
                    </Card>
                    <Card>
                      <CardHeader title="Model config" />
                      <div className="px-4 py-3">
                        <JsonBlock value={selected.modelConfig} />
                      </div>
                    </Card>
                    <Card>
                      <CardHeader title="Response format" />
                      <div className="px-4 py-3">
                        <JsonBlock value={selected.responseFormat} />
                      </div>
                    </Card>
                    <Card>
                      <CardHeader title="Version tags" description={`Tags of version ${selected.version}; click one to edit it.`} />
                      <div className="px-4 py-3" data-testid="version-tags">
                        <TagEditor
                          key={selected.version}
                          name={prompt.name}
                          tags={selected.tags.filter((t) => !isRegistryTag(t.key))}
                          setAction={setPromptVersionTagAction}
                          deleteAction={deletePromptVersionTagAction}
                          extraFields={{ version: String(selected.version) }}
                          narrow
                        />
                      </div>
                    </Card>
                    <Card>
                      <CardHeader title="Use in code" />
                      <div className="space-y-2 px-4 py-3">
                        {[`prompts:/${prompt.name}/${selected.version}`, ...selected.aliases.map((a) => `prompts:/${prompt.name}@${a}`)].map((uri) => (
                          <div key={uri} className="flex items-center justify-between gap-2 rounded bg-zinc-50 px-2 py-1 dark:bg-zinc-900">
                            <code className="truncate font-mono text-xs">{uri}</code>
                            <CopyButton value={`mlflow.genai.load_prompt("${uri}")`} label={`Copy load_prompt("${uri}")`} />
                          </div>
                        ))}
                      </div>
                    </Card>
                  </div>
                </div>
              </div>
            ) : (
              <EmptyState title="This prompt has no versions">Create one with “New version”.</EmptyState>
            ))}

          {tab === "compare" &&
            (compareData && pair ? (
              <VersionCompare
                before={compareData.before}
                after={compareData.after}
                versions={prompt.versions}
                latest={latest}
                mode={mode}
                modeHrefs={{ split: url({ diff: null }), unified: url({ diff: "unified" }) }}
                runsHref={compareRunsHref}
                runCounts={[runsPerVersion[pair[0]] ?? 0, runsPerVersion[pair[1]] ?? 0]}
              />
            ) : (
              <EmptyState title="Nothing to compare yet">A prompt needs two versions to compare.</EmptyState>
            ))}

          {tab === "usage" && (
            <div className="space-y-4">
              <div className="flex flex-wrap items-center gap-2 text-sm">
                <span className="text-zinc-500">Show</span>
                <div className="inline-flex rounded-md bg-zinc-100 p-0.5 dark:bg-zinc-800">
                  {(
                    [
                      ["all", "All versions"],
                      ["version", `Version ${selectedNum ?? ""}`],
                    ] as const
                  ).map(([s, label]) => (
                    <Link
                      key={s}
                      href={url({ scope: s === "all" ? null : "version" })}
                      aria-current={scope === s ? "true" : undefined}
                      className={cn("rounded px-2.5 py-1 text-xs font-medium", scope === s ? "bg-white shadow-sm dark:bg-zinc-700" : "text-zinc-600 hover:text-zinc-900 dark:text-zinc-400")}
                    >
                      {label}
                    </Link>
                  ))}
                </div>
                {scope === "version" && <span className="text-xs text-zinc-500">Pick another version on the left.</span>}
              </div>
              <PromptUsage
                promptName={prompt.name}
                runs={[...runRows.values()]}
                models={[...modelRows.values()]}
                modelVersions={[...mvRows.values()]}
                metricKeys={keyMetricNames}
                showVersions={scope === "all"}
                compareHref={runRows.size >= 2 ? `/compare?runs=${[...runRows.keys()].slice(0, 10).join(",")}` : null}
              />
            </div>
          )}

          {tab === "metrics" &&
            (metricsData && metricKey ? (
              <div className="space-y-5">
                <div className="flex flex-wrap items-center justify-between gap-3">
                  <MetricPicker keys={metricKeys} value={metricKey} />
                </div>
                <Card>
                  <CardHeader
                    title={
                      <>
                        <span className="font-mono">{metricKey}</span> by prompt version
                      </>
                    }
                    description="Each dot is a linked run's latest value; boxes show the spread, diamonds the mean."
                  />
                  <div className="px-2 pt-2">
                    <MetricsByVersionChart data={metricsData} />
                  </div>
                </Card>
                <Card>
                  <div className="px-4 py-3">
                    <MetricsByVersionTable data={metricsData} promptName={prompt.name} />
                  </div>
                </Card>
              </div>
            ) : (
              <EmptyState title="No metrics yet">
                Metrics appear here once runs linked to this prompt log them — e.g. <code className="font-mono">mlflow.log_metric(&quot;accuracy&quot;, 0.91)</code> in a run
                that loads the prompt.
              </EmptyState>
            ))}
        </div>
      </div>
    </div>
  );
}
