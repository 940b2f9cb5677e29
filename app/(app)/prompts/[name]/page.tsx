import type { Metadata } from "next";
import Link from "next/link";
import { notFound, redirect } from "next/navigation";
import { NEW_PROMPT_HREF } from "@/components/prompts/new-prompt-view";
import { getPrompt, getPromptVersion } from "@/lib/domain/prompts/read";
import { getPromptUsageView } from "@/lib/domain/prompts/usage-view";
import { getPromptMetricsByVersion, listPromptMetricKeys } from "@/lib/domain/prompts/metrics";
import { getPromptTraceStats, listPromptVersionTraces } from "@/lib/domain/traces/views";
import { PromptTraces } from "@/components/traces/prompt-traces";
import { EmptyState } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { VersionCompare } from "@/components/prompts/version-compare";
import { VersionList } from "@/components/prompts/version-list";
import type { DiffMode } from "@/components/diff/text-diff";
import { MetricsTab } from "./metrics-tab";
import { PromptHeader } from "./prompt-header";
import { TemplateTab } from "./template-tab";
import { UsageTab } from "./usage-tab";

export const dynamic = "force-dynamic";

const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);
type Tab = "template" | "compare" | "usage" | "metrics" | "traces";

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
  // ?version= is a number, "latest" or an alias; anything else names no version (404, never silently the latest)
  if (requested && requested !== "latest" && aliasTarget === undefined && !/^\d+$/.test(requested)) notFound();
  const selectedNum = requested === "latest" ? latest : (aliasTarget ?? (requested ? Number(requested) : latest));
  let pair = parseCompare(one(sp.compare));
  if (pair && !pair.every((v) => versionNumbers.includes(v))) pair = null;
  const tabParam = one(sp.tab);
  const tab: Tab = pair ? "compare" : tabParam === "usage" || tabParam === "metrics" || tabParam === "compare" || tabParam === "traces" ? tabParam : "template";
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

  const metricKeys = await listPromptMetricKeys(name);
  const keyMetricNames = metricKeys.slice(0, 4).map((k) => k.key);
  const [selected, usage] = await Promise.all([
    selectedNum !== null ? getPromptVersion(name, selectedNum) : null,
    getPromptUsageView(name, { version: scope === "version" ? selectedNum : null, withRows: tab === "usage", metricKeys: keyMetricNames }),
  ]);
  if (requested && !selected && versionNumbers.length) notFound();
  const { runsPerVersion, recentRunIdsPerVersion } = usage;
  const totalRuns = usage.totals.runs;
  const totalModels = usage.totals.models + usage.totals.modelVersions;

  let metricsData = null;
  const metricKey = one(sp.metric) && metricKeys.some((k) => k.key === one(sp.metric)) ? one(sp.metric)! : metricKeys[0]?.key;
  if (tab === "metrics" && metricKey) metricsData = await getPromptMetricsByVersion(name, metricKey);
  const tracesData =
    tab === "traces"
      ? await Promise.all([getPromptTraceStats(name), selectedNum !== null ? listPromptVersionTraces(name, selectedNum) : Promise.resolve({ rows: [], hasMore: false })])
      : null;

  let compareData = null;
  if (tab === "compare" && pair) {
    const [b, a] = await Promise.all([getPromptVersion(name, pair[0]), getPromptVersion(name, pair[1])]);
    if (b && a) compareData = { before: b, after: a };
  }
  const compareRunsHref = (() => {
    if (!pair) return null;
    const a = recentRunIdsPerVersion[pair[0]] ?? [];
    const b = recentRunIdsPerVersion[pair[1]] ?? [];
    if (!a.length || !b.length) return null;
    return `/compare?runs=${[...a, ...b].join(",")}`;
  })();

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
    { id: "traces", label: "Traces", href: url({ tab: "traces", compare: null }) },
  ];

  return (
    <div className="space-y-5">
      <PromptHeader prompt={prompt} base={base} selectedNum={selectedNum} compareHref={tabs[1].href} totalRuns={totalRuns} totalModels={totalModels} />

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
              <TemplateTab prompt={prompt} selected={selected} latest={latest} runsPerVersion={runsPerVersion} url={url} base={base} />
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

          {tab === "usage" && usage.rows && <UsageTab promptName={prompt.name} scope={scope} selectedNum={selectedNum} usage={usage.rows} metricKeys={keyMetricNames} url={url} />}

          {tab === "traces" && tracesData && (
            <PromptTraces stats={tracesData[0]} selectedVersion={selectedNum} traces={tracesData[1].rows} hasMore={tracesData[1].hasMore} hrefFor={(v) => url({ version: v })} />
          )}

          {tab === "metrics" && <MetricsTab promptName={prompt.name} metricKeys={metricKeys} metricKey={metricKey} metricsData={metricsData} />}
        </div>
      </div>
    </div>
  );
}
