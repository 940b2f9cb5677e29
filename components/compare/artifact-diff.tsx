"use client";
// Diffs one artifact path across runs: each visible run's file against the baseline's (JSON is
// compared key-sorted and pretty-printed). Texts are loaded on demand by a server action.
import { useEffect, useState } from "react";
import { TextDiff } from "@/components/diff/text-diff";
import { Skeleton } from "@/components/ui/card";
import { runColor } from "@/components/compare/run-colors";
import { readArtifactTextsAction } from "@/lib/actions/compare";
import type { ArtifactText, CompareRunInfo } from "@/lib/schemas/compare";

export function ArtifactDiff({ path, runs, baseline }: { path: string; runs: { run: CompareRunInfo; colorIndex: number }[]; baseline: string }) {
  const ids = runs.map((r) => r.run.id).join(",");
  const want = `${ids}\u0000${path}`;
  const [result, setResult] = useState<{ key: string; texts?: Map<string, ArtifactText>; error?: string } | null>(null);
  useEffect(() => {
    let live = true;
    readArtifactTextsAction({ runIds: ids.split(","), path })
      .then((r) => {
        if (live) setResult(r.ok ? { key: want, texts: new Map(r.data.map((t) => [t.runId, t])) } : { key: want, error: r.message });
      })
      .catch((e: unknown) => {
        if (live) setResult({ key: want, error: e instanceof Error ? e.message : String(e) });
      });
    return () => {
      live = false;
    };
  }, [ids, path, want]);

  const current = result?.key === want ? result : null;
  if (current?.error) return <p className="text-sm text-red-600">{current.error}</p>;
  const texts = current?.texts;
  if (!texts) {
    return (
      <div className="space-y-3">
        <Skeleton className="h-6 w-64" />
        <Skeleton className="h-40 w-full" />
      </div>
    );
  }
  const base = texts.get(baseline);
  const baseRun = runs.find((r) => r.run.id === baseline)?.run;
  return (
    <div className="space-y-5" data-testid="artifact-diff">
      {!base || base.text === null ? (
        <p className="text-sm text-zinc-500">The baseline run has no readable text file at this path{base?.binary ? " (it is binary)" : ""}.</p>
      ) : null}
      {runs
        .filter((r) => r.run.id !== baseline)
        .map(({ run, colorIndex }) => {
          const t = texts.get(run.id);
          return (
            <section key={run.id} className="space-y-2">
              <h3 className="flex items-center gap-2 text-sm font-semibold">
                <span className="h-2.5 w-2.5 rounded-full" style={{ background: runColor(colorIndex) }} aria-hidden />
                {run.name}
                <span className="font-normal text-zinc-500">vs baseline {baseRun?.name}</span>
                {t?.truncated && <span className="text-xs font-normal text-amber-600">(first 256 KB)</span>}
              </h3>
              {!t || t.missing ? (
                <p className="text-sm text-zinc-500">Not present in this run.</p>
              ) : t.text === null ? (
                <p className="text-sm text-zinc-500">Binary file ({t.size} bytes); not diffed.</p>
              ) : (
                <TextDiff before={base?.text ?? ""} after={t.text} mode="split" beforeLabel={baseRun?.name ?? "baseline"} afterLabel={run.name} highlightVariables={false} emptyMessage="Identical to the baseline's file" />
              )}
            </section>
          );
        })}
    </div>
  );
}
