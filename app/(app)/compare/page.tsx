import type { Metadata } from "next";
import Link from "next/link";
import { EmptyState } from "@/components/ui/card";
import { CompareView } from "@/components/compare/compare-view";
import { loadComparison } from "@/lib/domain/compare/comparison";
import { parseCompareState } from "@/lib/compare-state";

export const dynamic = "force-dynamic";

export async function generateMetadata({ searchParams }: PageProps<"/compare">): Promise<Metadata> {
  const state = parseCompareState(await searchParams);
  return { title: state.runs.length ? `Compare ${state.runs.length} runs` : "Compare runs" };
}

export default async function ComparePage({ searchParams }: PageProps<"/compare">) {
  const state = parseCompareState(await searchParams);
  if (state.runs.length === 0) {
    return (
      <div className="space-y-6">
        <h1 className="text-xl font-semibold tracking-tight">Compare runs</h1>
        <EmptyState
          title="No runs selected"
          action={
            <Link href="/experiments" className="text-sm font-medium text-indigo-700 hover:underline dark:text-indigo-300">
              Go to experiments
            </Link>
          }
        >
          Select two or more runs in an experiment&apos;s runs table and click “Compare”, or open a link of the form{" "}
          <code className="font-mono text-xs">/compare?runs=&lt;run id&gt;,&lt;run id&gt;</code>.
        </EmptyState>
      </div>
    );
  }
  const data = await loadComparison(state.runs);
  if (data.runs.length === 0) {
    return (
      <div className="space-y-6">
        <h1 className="text-xl font-semibold tracking-tight">Compare runs</h1>
        <EmptyState title="None of these runs exist">
          The link names {state.runs.length} run{state.runs.length === 1 ? "" : "s"}, and none of them was found. They may have been deleted.
        </EmptyState>
      </div>
    );
  }
  // Runs that no longer exist are dropped from the view state (the page says which).
  const found = new Set(data.runs.map((r) => r.id));
  const initialState = {
    ...state,
    runs: state.runs.filter((id) => found.has(id)),
    hidden: state.hidden.filter((id) => found.has(id)),
    baseline: state.baseline && found.has(state.baseline) ? state.baseline : null,
  };
  return <CompareView data={data} initialState={initialState} />;
}
