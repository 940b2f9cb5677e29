"use client";
// <TextDiff before after mode="split" | "unified" /> — renders lib/text-diff's line + word diff.
//
// Props
//   before, after         the two texts (or pass a precomputed `diff` from diffTemplates)
//   mode                  "split" (side by side, default) or "unified"
//   context               unchanged lines kept around each change; longer stretches fold into a
//                         "N unchanged lines" button that expands in place (default 3; -1 = never fold)
//   beforeLabel/afterLabel column captions in split mode (e.g. "Version 2" / "Version 3")
//   highlightVariables    highlight {{variables}} in the text (default true)
//   emptyMessage          shown when the texts are identical (default "No changes")
//   className
// Long lines wrap (prompts are prose). Used by the prompt page and the run comparison page.
import { useMemo, useState } from "react";
import { ChevronsUpDown } from "lucide-react";
import { cn } from "@/components/ui/cn";
import { VariableText } from "@/components/diff/variable-text";
import { diffTemplates, foldRows, toUnifiedLines, type DiffRow, type DiffSide, type Fold, type Segment, type TextDiff as TextDiffResult } from "@/lib/text-diff";

export type DiffMode = "split" | "unified";

export interface TextDiffProps {
  before?: string;
  after?: string;
  diff?: TextDiffResult;
  mode?: DiffMode;
  context?: number;
  beforeLabel?: React.ReactNode;
  afterLabel?: React.ReactNode;
  highlightVariables?: boolean;
  emptyMessage?: React.ReactNode;
  className?: string;
}

const lineBg = {
  equal: "",
  removed: "bg-red-50 dark:bg-red-950/40",
  added: "bg-emerald-50 dark:bg-emerald-950/40",
  empty: "bg-zinc-50 dark:bg-zinc-900/60",
};
const wordBg = {
  removed: "rounded-sm bg-red-200/80 text-red-950 line-through decoration-red-400/60 dark:bg-red-800/60 dark:text-red-50",
  added: "rounded-sm bg-emerald-200/80 text-emerald-950 dark:bg-emerald-700/50 dark:text-emerald-50",
};
const numClass = "w-10 select-none px-2 text-right align-top font-mono text-[11px] leading-6 text-zinc-400 dark:text-zinc-500";
const cellClass = "px-3 align-top font-mono text-[13px] leading-6 whitespace-pre-wrap break-words [overflow-wrap:anywhere]";

function Segments({ segments, vars, wholeLine }: { segments: Segment[]; vars: boolean; wholeLine: boolean }) {
  if (segments.length === 0) return <span className="text-zinc-300 dark:text-zinc-600">{"\u00a0"}</span>;
  return (
    <>
      {segments.map((s, i) =>
        s.kind === "equal" || wholeLine ? (
          <VariableText key={i} text={s.text} enabled={vars} />
        ) : (
          <span key={i} className={wordBg[s.kind]} data-diff={s.kind}>
            <VariableText text={s.text} enabled={vars} bare />
          </span>
        ),
      )}
    </>
  );
}

/** True when one side is a whole replacement (nothing in common): no word highlights needed. */
const isWhole = (side: DiffSide | null) => !side || side.segments.every((s) => s.kind !== "equal");

function Marker({ kind }: { kind: "removed" | "added" | "equal" }) {
  return (
    <span aria-hidden className={cn("inline-block w-3 select-none", kind === "removed" ? "text-red-500" : kind === "added" ? "text-emerald-600" : "text-transparent")}>
      {kind === "removed" ? "−" : kind === "added" ? "+" : " "}
    </span>
  );
}

function FoldButton({ fold, colSpan, onExpand }: { fold: Fold; colSpan: number; onExpand: () => void }) {
  return (
    <tr>
      <td colSpan={colSpan} className="border-y border-zinc-200 bg-zinc-50 p-0 dark:border-zinc-800 dark:bg-zinc-900/70">
        <button
          type="button"
          onClick={onExpand}
          className="flex w-full items-center gap-2 px-3 py-1 text-left text-xs text-zinc-500 hover:bg-zinc-100 hover:text-zinc-800 dark:hover:bg-zinc-800 dark:hover:text-zinc-200"
        >
          <ChevronsUpDown className="h-3.5 w-3.5" />
          {fold.rows.length} unchanged line{fold.rows.length === 1 ? "" : "s"}
        </button>
      </td>
    </tr>
  );
}

export function TextDiff({
  before = "",
  after = "",
  diff,
  mode = "split",
  context = 3,
  beforeLabel,
  afterLabel,
  highlightVariables = true,
  emptyMessage = "No changes",
  className,
}: TextDiffProps) {
  const result = useMemo(() => diff ?? diffTemplates(before, after), [diff, before, after]);
  const [expanded, setExpanded] = useState(false);
  const items = useMemo(() => (expanded || context < 0 ? result.rows : foldRows(result.rows, context)), [result, expanded, context]);

  if (result.identical) {
    return (
      <div className={cn("rounded-md border border-zinc-200 px-4 py-6 text-center text-sm text-zinc-500 dark:border-zinc-800 dark:text-zinc-400", className)}>
        {emptyMessage}
      </div>
    );
  }

  const expand = () => setExpanded(true);

  if (mode === "unified") {
    // Fold boundaries are expressed on rows; rebuild the unified listing per visible chunk.
    const chunks: (DiffRow[] | Fold)[] = [];
    for (const it of items) {
      if (it.kind === "fold") chunks.push(it);
      else {
        const last = chunks[chunks.length - 1];
        if (Array.isArray(last)) last.push(it);
        else chunks.push([it]);
      }
    }
    return (
      <div className={cn("overflow-hidden rounded-md border border-zinc-200 dark:border-zinc-800", className)} data-testid="text-diff" data-mode="unified">
        <table className="w-full table-fixed border-collapse">
          <colgroup>
            <col className="w-10" />
            <col className="w-10" />
            <col />
          </colgroup>
          <tbody>
            {chunks.map((chunk, ci) =>
              Array.isArray(chunk) ? (
                toUnifiedLines(chunk).map((l, li) => (
                  <tr key={`${ci}-${li}`} className={lineBg[l.kind]} data-line={l.kind}>
                    <td className={numClass}>{l.oldNo ?? ""}</td>
                    <td className={numClass}>{l.newNo ?? ""}</td>
                    <td className={cellClass}>
                      <Marker kind={l.kind} />
                      <Segments segments={l.segments} vars={highlightVariables} wholeLine={l.segments.every((s) => s.kind !== "equal")} />
                    </td>
                  </tr>
                ))
              ) : (
                <FoldButton key={ci} fold={chunk} colSpan={3} onExpand={expand} />
              ),
            )}
          </tbody>
        </table>
      </div>
    );
  }

  return (
    <div className={cn("overflow-hidden rounded-md border border-zinc-200 dark:border-zinc-800", className)} data-testid="text-diff" data-mode="split">
      <table className="w-full table-fixed border-collapse">
        <colgroup>
          <col className="w-10" />
          <col />
          <col className="w-10" />
          <col />
        </colgroup>
        {(beforeLabel || afterLabel) && (
          <thead>
            <tr className="border-b border-zinc-200 bg-zinc-50 text-left text-xs font-medium text-zinc-600 dark:border-zinc-800 dark:bg-zinc-900 dark:text-zinc-300">
              <th colSpan={2} className="px-3 py-1.5">
                {beforeLabel}
              </th>
              <th colSpan={2} className="border-l border-zinc-200 px-3 py-1.5 dark:border-zinc-800">
                {afterLabel}
              </th>
            </tr>
          </thead>
        )}
        <tbody>
          {items.map((row, i) =>
            row.kind === "fold" ? (
              <FoldButton key={i} fold={row} colSpan={4} onExpand={expand} />
            ) : (
              <tr key={i} data-line={row.kind}>
                <td className={cn(numClass, row.left ? (row.kind === "equal" ? "" : lineBg.removed) : lineBg.empty)}>{row.left?.lineNo ?? ""}</td>
                <td className={cn(cellClass, row.left ? (row.kind === "equal" ? "" : lineBg.removed) : lineBg.empty)}>
                  {row.left && <Segments segments={row.left.segments} vars={highlightVariables} wholeLine={isWhole(row.left)} />}
                </td>
                <td className={cn(numClass, "border-l border-zinc-200 dark:border-zinc-800", row.right ? (row.kind === "equal" ? "" : lineBg.added) : lineBg.empty)}>
                  {row.right?.lineNo ?? ""}
                </td>
                <td className={cn(cellClass, row.right ? (row.kind === "equal" ? "" : lineBg.added) : lineBg.empty)}>
                  {row.right && <Segments segments={row.right.segments} vars={highlightVariables} wholeLine={isWhole(row.right)} />}
                </td>
              </tr>
            ),
          )}
        </tbody>
      </table>
    </div>
  );
}
