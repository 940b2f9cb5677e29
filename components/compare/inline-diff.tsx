// A compact, inline rendering of lib/text-diff's line + word diff for narrow compare cells:
// removed words struck through in red, added words in green, all in the flow of the text
// (lines that exist on one side only get a −/+ gutter mark). Renders the rows that
// diffTemplates computes; it does not diff anything itself.
import { Fragment } from "react";
import { cn } from "@/components/ui/cn";
import { VariableText } from "@/components/diff/variable-text";
import { mergeChanged } from "@/components/compare/merge-segments";
import type { DiffRow, Segment, TextDiff } from "@/lib/text-diff";

const removedCls = "rounded-sm bg-red-100 text-red-800 line-through decoration-red-400/70 dark:bg-red-900/50 dark:text-red-200";
const addedCls = "rounded-sm bg-emerald-100 text-emerald-900 dark:bg-emerald-800/50 dark:text-emerald-100";

function Line({ segments, mark }: { segments: Segment[]; mark?: "removed" | "added" }) {
  return (
    <div className={cn("relative", mark && "pl-3", mark === "removed" && "bg-red-50/70 dark:bg-red-950/30", mark === "added" && "bg-emerald-50/70 dark:bg-emerald-950/30")} data-line={mark ?? "equal"}>
      {mark && (
        <span aria-hidden className={cn("absolute left-0 select-none", mark === "removed" ? "text-red-500" : "text-emerald-600")}>
          {mark === "removed" ? "−" : "+"}
        </span>
      )}
      {segments.length === 0 ? "\u00a0" : null}
      {segments.map((s, k) =>
        s.kind === "equal" ? (
          <VariableText key={k} text={s.text} />
        ) : (
          <span key={k} className={cn(s.kind === "removed" ? removedCls : addedCls, k > 0 && segments[k - 1].kind !== "equal" && "ml-0.5")} data-diff={s.kind}>
            <VariableText text={s.text} />
          </span>
        ),
      )}
    </div>
  );
}

function rowLine(row: DiffRow, k: number) {
  switch (row.kind) {
    case "equal":
      return <Line key={k} segments={row.right!.segments} />;
    case "changed":
      return <Line key={k} segments={mergeChanged(row.left!.segments, row.right!.segments)} />;
    case "removed":
      return <Line key={k} segments={row.left!.segments} mark="removed" />;
    case "added":
      return <Line key={k} segments={row.right!.segments} mark="added" />;
  }
}

export function InlineDiff({ diff, className }: { diff: TextDiff; className?: string }) {
  return (
    <div className={cn("font-mono text-xs leading-5 break-words whitespace-pre-wrap [overflow-wrap:anywhere]", className)} data-testid="inline-diff">
      {diff.rows.map((r, k) => (
        <Fragment key={k}>{rowLine(r, k)}</Fragment>
      ))}
    </div>
  );
}
