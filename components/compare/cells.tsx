"use client";
// Cell renderers of the compare table, one per row kind. Each gets the row, the column (visible
// run) index and the baseline column index; they compare against the baseline themselves.
import { memo, useMemo } from "react";
import Link from "next/link";
import { ArrowDown, ArrowUp, Columns2, FileDiff, LineChart } from "lucide-react";
import { Badge, AliasBadge, StatusBadge } from "@/components/ui/badge";
import { Num } from "@/components/ui/num";
import { TimeAgo } from "@/components/ui/time";
import { CopyButton } from "@/components/ui/copy-button";
import { cn } from "@/components/ui/cn";
import { VariableText } from "@/components/diff/variable-text";
import { formatLatency, formatTokens } from "@/components/traces/trace-cells";
import { InlineDiff } from "@/components/compare/inline-diff";
import { modelFieldValue, runDuration, type Row } from "@/components/compare/rows";
import { formatDuration, formatNumber, shortId } from "@/lib/format";
import { metricDelta, type Change, type Direction } from "@/lib/metric-direction";
import { diffTemplates, parseChat } from "@/lib/text-diff";
import type { CompareModel, ComparePrompt, CompareRunInfo } from "@/lib/schemas/compare";

export const changeClass: Record<Change, string> = {
  better: "text-emerald-700 dark:text-emerald-400",
  worse: "text-red-600 dark:text-red-400",
  same: "text-zinc-400 dark:text-zinc-500",
  unknown: "text-zinc-500 dark:text-zinc-400",
};

const muted = "text-zinc-400 dark:text-zinc-500";
export const Missing = () => <span className={muted}>—</span>;

function signed(n: number, digits = 3): string {
  if (n === 0) return "±0";
  const s = formatNumber(Math.abs(n), digits);
  return (n > 0 ? "+" : "−") + s;
}

function pct(rel: number | null): string | null {
  if (rel === null || !Number.isFinite(rel)) return null;
  const a = Math.abs(rel);
  const s = a >= 100 ? a.toFixed(0) : a >= 10 ? a.toFixed(1) : a.toFixed(2);
  return (rel > 0 ? "+" : rel < 0 ? "−" : "±") + s + "%";
}

/** "+0.031 (+3.99%)" coloured by whether the change is good under `direction`. */
export function DeltaText({ base, value, direction, format = (n: number) => signed(n) }: { base: number | null; value: number | null; direction: Direction; format?: (n: number) => string }) {
  const d = metricDelta(base, value, direction);
  if (!d) return null;
  if (Number.isNaN(d.abs)) return <span className={cn("text-xs", changeClass.unknown)}>not comparable</span>;
  if (d.change === "same") return <span className={cn("text-xs", changeClass.same)}>no change</span>;
  const rel = pct(d.rel);
  return (
    <span className={cn("text-xs tabular-nums", changeClass[d.change])} data-change={d.change} data-testid="delta">
      {Number.isFinite(d.abs) ? format(d.abs) : String(d.abs)}
      {rel && <span className="ml-1 opacity-80">({rel})</span>}
    </span>
  );
}

export function MetricCellView({ row, col, base }: { row: Extract<Row, { kind: "metric" }>; col: number; base: number }) {
  const cell = row.values[col];
  if (!cell) return <Missing />;
  const b = row.values[base];
  return (
    <div className="flex min-w-0 flex-col leading-tight">
      <Num value={cell.value} digits={5} className="font-medium" />
      {col === base ? (
        <span className={cn("text-xs", muted)}>baseline{cell.step ? ` · step ${formatNumber(cell.step)}` : ""}</span>
      ) : b ? (
        <DeltaText base={b.value} value={cell.value} direction={row.direction} />
      ) : (
        <span className={cn("text-xs", muted)}>not in baseline</span>
      )}
    </div>
  );
}

/** A run's trace figure (count, latency or tokens) with its change against the baseline. */
export function TraceCellView({ row, col, base }: { row: Extract<Row, { kind: "trace" }>; col: number; base: number }) {
  const v = row.values[col];
  if (v === null) return <Missing />;
  const b = row.values[base];
  const latency = row.field === "avgLatencyMs" || row.field === "p50LatencyMs";
  const shown = latency ? formatLatency(v) : formatTokens(Math.round(v));
  return (
    <div className="flex min-w-0 flex-col leading-tight">
      <span className="font-medium tabular-nums">{shown}</span>
      {col === base ? (
        <span className={cn("text-xs", muted)}>baseline</span>
      ) : b !== null ? (
        <DeltaText base={b} value={v} direction={row.direction} format={(d) => (latency ? (d > 0 ? "+" : d < 0 ? "−" : "") + formatLatency(Math.abs(d)) : signed(Math.round(d)))} />
      ) : (
        <span className={cn("text-xs", muted)}>not in baseline</span>
      )}
    </div>
  );
}

export function ValueCellView({ row, col, base }: { row: Extract<Row, { kind: "value" }>; col: number; base: number }) {
  const v = row.values[col];
  if (v === null) return <Missing />;
  const differs = col !== base && v !== row.values[base];
  if (row.promptLike) {
    return (
      <span className="line-clamp-2 text-xs text-zinc-600 dark:text-zinc-300" title={v}>
        <Badge tone="violet" className="mr-1 align-middle">
          template
        </Badge>
        {v}
      </span>
    );
  }
  return (
    <span className={cn("line-clamp-2 font-mono text-xs break-all", differs && "font-semibold text-amber-800 dark:text-amber-300")} title={v}>
      {v === "" ? <span className={muted}>(empty)</span> : v}
    </span>
  );
}

export function OverviewCellView({ row, run, baseRun }: { row: Extract<Row, { kind: "overview" }>; run: CompareRunInfo; baseRun: CompareRunInfo; isBase: boolean }) {
  switch (row.field) {
    case "name":
      return (
        <Link href={`/experiments/${run.experimentId}/runs/${run.id}`} className="truncate font-medium text-indigo-700 hover:underline dark:text-indigo-300" title={run.name}>
          {run.name || shortId(run.id)}
        </Link>
      );
    case "experiment":
      return (
        <Link href={`/experiments/${run.experimentId}`} className="truncate hover:underline" title={run.experimentName}>
          {run.experimentName}
        </Link>
      );
    case "status":
      return <StatusBadge status={run.status} />;
    case "start":
      return <TimeAgo ms={run.startTime} className="text-sm" />;
    case "duration": {
      const d = runDuration(run);
      const bd = runDuration(baseRun);
      return (
        <div className="flex flex-col leading-tight">
          <span className="tabular-nums">{formatDuration(d)}</span>
          {run.id !== baseRun.id && d !== null && bd !== null && <DeltaText base={bd} value={d} direction="lower" format={(n) => (n < 0 ? "−" : "+") + formatDuration(Math.abs(n))} />}
        </div>
      );
    }
    case "user":
      return <span className="truncate">{run.userId || <Missing />}</span>;
    case "id":
      return (
        <span className="flex items-center gap-1 font-mono text-xs">
          <span title={run.id}>{shortId(run.id, 12)}</span>
          <CopyButton value={run.id} label="Copy run ID" />
        </span>
      );
  }
}

/** Chat prompts (JSON message lists) are compared as "role: content" text. */
function promptText(p: ComparePrompt): string {
  if (p.promptType === "chat") {
    const msgs = parseChat(p.template);
    if (msgs) return msgs.map((m) => `${m.role}: ${m.content}`).join("\n");
  }
  return p.template;
}

/** `after` diffed against `before` inline; the plain text when identical or when there is no baseline. */
export const TextAgainstBaseline = memo(function TextAgainstBaseline({ before, after, isBase }: { before: string | null; after: string; isBase: boolean }) {
  const diff = useMemo(() => (isBase || before === null ? null : diffTemplates(before, after)), [before, after, isBase]);
  if (!diff || diff.identical) {
    return (
      <div className="space-y-1">
        <pre className="font-mono text-xs leading-5 break-words whitespace-pre-wrap [overflow-wrap:anywhere]">
          <VariableText text={after} />
        </pre>
        {!isBase && <p className={cn("text-[11px]", muted)}>{before === null ? "not in baseline" : "same as baseline"}</p>}
      </div>
    );
  }
  return <InlineDiff diff={diff} />;
});

export function PromptCellView({ row, col, base, onSideBySide }: { row: Extract<Row, { kind: "prompt" }>; col: number; base: number; onSideBySide: (col: number) => void }) {
  const p = row.entries[col];
  if (!p) return <Missing />;
  const b = row.entries[base];
  const isBase = col === base;
  return (
    <div className="min-w-0 space-y-1.5">
      <div className="flex flex-wrap items-center gap-1">
        <Link href={`/prompts/${encodeURIComponent(p.name)}?version=${p.version}`} className="font-mono text-xs font-semibold text-indigo-700 hover:underline dark:text-indigo-300">
          v{p.version}
        </Link>
        {p.aliases.map((a) => (
          <AliasBadge key={a} alias={a} />
        ))}
        {p.via === "model" && <Badge tone="neutral">via model</Badge>}
        {!isBase && b && b.template !== p.template && (
          <button type="button" onClick={() => onSideBySide(col)} className="ml-auto inline-flex items-center gap-1 rounded px-1 text-[11px] text-zinc-500 hover:bg-zinc-100 hover:text-zinc-900 dark:hover:bg-zinc-800 dark:hover:text-zinc-100" title="Side-by-side diff against the baseline">
            <Columns2 className="h-3 w-3" /> side by side
          </button>
        )}
      </div>
      {p.commitMessage && <p className={cn("truncate text-[11px] italic", muted)} title={p.commitMessage}>{p.commitMessage}</p>}
      <TextAgainstBaseline before={b ? promptText(b) : null} after={promptText(p)} isBase={isBase} />
    </div>
  );
}

export function TemplateCellView({ row, col, base, onSideBySide }: { row: Extract<Row, { kind: "template" }>; col: number; base: number; onSideBySide: (col: number) => void }) {
  const v = row.values[col];
  if (v === null) return <Missing />;
  const b = row.values[base];
  return (
    <div className="min-w-0 space-y-1">
      {col !== base && b !== null && b !== v && (
        <div className="flex">
          <button type="button" onClick={() => onSideBySide(col)} className="ml-auto inline-flex items-center gap-1 rounded px-1 text-[11px] text-zinc-500 hover:bg-zinc-100 hover:text-zinc-900 dark:hover:bg-zinc-800 dark:hover:text-zinc-100">
            <Columns2 className="h-3 w-3" /> side by side
          </button>
        </div>
      )}
      <TextAgainstBaseline before={b} after={v} isBase={col === base} />
    </div>
  );
}

function ModelHead({ m }: { m: CompareModel }) {
  return (
    <div className="min-w-0 space-y-1">
      <div className="flex flex-wrap items-center gap-1">
        <span className="font-mono text-xs" title={m.modelId}>
          {shortId(m.modelId, 14)}
        </span>
        <CopyButton value={m.modelId} label="Copy model ID" />
        {m.role === "input" && <Badge tone="blue">input</Badge>}
      </div>
      <div className="flex flex-wrap items-center gap-1">
        <Badge tone={m.status === "LOGGED_MODEL_READY" ? "green" : m.status === "LOGGED_MODEL_UPLOAD_FAILED" ? "red" : "amber"}>
          {m.status.replace("LOGGED_MODEL_", "").toLowerCase()}
        </Badge>
        {m.modelType && <Badge>{m.modelType}</Badge>}
        {m.registrations.map((r) => (
          <Link key={`${r.name}/${r.version}`} href={`/models/${encodeURIComponent(r.name)}/versions/${r.version}`}>
            <Badge tone="violet">
              {r.name} v{r.version}
            </Badge>
          </Link>
        ))}
      </div>
    </div>
  );
}

export function ModelCellView({ row, col, base }: { row: Extract<Row, { kind: "model" }>; col: number; base: number }) {
  const m = row.entries[col];
  if (!m) return <Missing />;
  const b = row.entries[base];
  switch (row.field) {
    case "model":
      return <ModelHead m={m} />;
    case "flavors":
      return m.flavors.length ? (
        <div className="flex flex-wrap gap-1">
          {m.flavors.map((f) => (
            <Badge key={f} tone={b && !b.flavors.includes(f) && col !== base ? "amber" : "neutral"} className="font-mono">
              {f}
            </Badge>
          ))}
        </div>
      ) : (
        <Missing />
      );
    default: {
      const text = modelFieldValue(m, row.field);
      if (!text) return <Missing />;
      const before = b ? modelFieldValue(b, row.field) : null;
      return <TextAgainstBaseline before={before} after={text} isBase={col === base} />;
    }
  }
}

function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  if (n < 1024 ** 3) return `${(n / 1024 / 1024).toFixed(1)} MB`;
  return `${(n / 1024 ** 3).toFixed(2)} GB`;
}

export function ArtifactCellView({ row, col, base }: { row: Extract<Row, { kind: "artifact" }>; col: number; base: number }) {
  const s = row.sizes[col];
  if (s === null) return <Missing />;
  const b = row.sizes[base];
  return (
    <span className={cn("text-xs tabular-nums", col !== base && b !== null && b !== s && "font-semibold text-amber-800 dark:text-amber-300")} title={`${s} bytes`}>
      {formatBytes(s)}
      {col !== base && b === null && <span className={cn("ml-1", muted)}>(not in baseline)</span>}
    </span>
  );
}

export function DirectionButton({ direction, source, onToggle }: { direction: Direction; source: "tag" | "guess"; onToggle: () => void }) {
  const Icon = direction === "higher" ? ArrowUp : ArrowDown;
  const label = `${direction === "higher" ? "Higher" : "Lower"} is better${source === "guess" ? " (guessed from the name)" : ""} — click to switch`;
  return (
    <button
      type="button"
      onClick={onToggle}
      title={label}
      aria-label={label}
      data-direction={direction}
      className={cn(
        "inline-flex h-5 shrink-0 items-center gap-0.5 rounded px-1 text-[10px] font-medium uppercase ring-1 ring-inset hover:bg-zinc-100 dark:hover:bg-zinc-800",
        source === "tag" ? "text-zinc-800 ring-zinc-400 dark:text-zinc-200 dark:ring-zinc-500" : "text-zinc-500 ring-zinc-200 dark:text-zinc-400 dark:ring-zinc-700",
      )}
    >
      <Icon className="h-3 w-3" />
      {direction === "higher" ? "high" : "low"}
    </button>
  );
}

export function ChartToggle({ active, onToggle }: { active: boolean; onToggle: () => void }) {
  return (
    <button
      type="button"
      onClick={onToggle}
      title={active ? "Remove the history chart" : "Add a history chart"}
      aria-label={active ? "Remove the history chart" : "Add a history chart"}
      aria-pressed={active}
      className={cn(
        "inline-flex h-5 w-5 shrink-0 items-center justify-center rounded hover:bg-zinc-100 dark:hover:bg-zinc-800",
        active ? "text-indigo-600 dark:text-indigo-400" : "text-zinc-400 dark:text-zinc-500",
      )}
    >
      <LineChart className="h-3.5 w-3.5" />
    </button>
  );
}

export function DiffButton({ onClick }: { onClick: () => void }) {
  return (
    <button
      type="button"
      onClick={onClick}
      title="Diff this file against the baseline's"
      className="inline-flex h-5 shrink-0 items-center gap-1 rounded px-1 text-[11px] text-indigo-700 hover:bg-indigo-50 dark:text-indigo-300 dark:hover:bg-indigo-950"
    >
      <FileDiff className="h-3 w-3" /> diff
    </button>
  );
}
