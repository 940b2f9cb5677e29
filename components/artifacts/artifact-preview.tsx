"use client";
// Preview of one artifact file: images inline, JSON pretty-printed, CSV/TSV as a table,
// Markdown rendered, anything else textual as text with line numbers. Only the first 512 KB of
// a file is ever read for a preview; the download link streams the whole file.
import { Download, FileWarning, Loader2 } from "lucide-react";
import Papa from "papaparse";
import { useEffect, useMemo, useState } from "react";
import { previewArtifactAction, type ArtifactPreviewData } from "@/lib/actions/runs";
import { Markdown } from "@/components/artifacts/markdown";
import { buttonClass } from "@/components/ui/button";
import { formatBytes } from "@/components/artifacts/format-bytes";

const IMAGE = new Set(["png", "jpg", "jpeg", "gif", "webp", "svg", "bmp", "avif"]);
const MAX_TABLE_ROWS = 1000;

export function extensionOf(path: string): string {
  const base = path.split("/").pop() ?? path;
  if (base === "MLmodel") return "yaml";
  const dot = base.lastIndexOf(".");
  return dot > 0 ? base.slice(dot + 1).toLowerCase() : "";
}

export const downloadUrl = (runId: string, path: string) => `/get-artifact?run_id=${encodeURIComponent(runId)}&path=${encodeURIComponent(path)}`;

export function ArtifactPreview({ runId, path, size }: { runId: string; path: string; size?: number }) {
  const ext = extensionOf(path);
  const name = path.split("/").pop();
  return (
    <div className="flex h-full min-h-0 flex-col">
      <div className="flex items-center justify-between gap-3 border-b border-zinc-200 px-4 py-2.5 dark:border-zinc-800">
        <div className="min-w-0">
          <h3 className="truncate font-mono text-sm font-medium" title={path}>
            {path}
          </h3>
          {size !== undefined && <p className="text-xs text-zinc-500 dark:text-zinc-400">{formatBytes(size)}</p>}
        </div>
        <a href={downloadUrl(runId, path)} download={name} className={buttonClass({ size: "sm" })}>
          <Download className="h-3.5 w-3.5" /> Download
        </a>
      </div>
      <div className="min-h-0 flex-1 overflow-auto">{IMAGE.has(ext) ? <ImagePreview runId={runId} path={path} /> : <LoadedPreview key={path} runId={runId} path={path} ext={ext} />}</div>
    </div>
  );
}

function ImagePreview({ runId, path }: { runId: string; path: string }) {
  return (
    <div className="flex min-h-64 items-center justify-center bg-[repeating-conic-gradient(#f4f4f5_0%_25%,transparent_0%_50%)] bg-[length:16px_16px] p-4 dark:bg-[repeating-conic-gradient(#18181b_0%_25%,transparent_0%_50%)]">
      {/* eslint-disable-next-line @next/next/no-img-element -- arbitrary user artifact, served by our download route */}
      <img src={downloadUrl(runId, path)} alt={path} className="max-h-[70vh] max-w-full rounded shadow-sm" />
    </div>
  );
}

function LoadedPreview({ runId, path, ext }: { runId: string; path: string; ext: string }) {
  const [state, setState] = useState<{ status: "loading" } | { status: "error"; message: string } | { status: "ok"; preview: ArtifactPreviewData }>({ status: "loading" });
  useEffect(() => {
    let live = true;
    previewArtifactAction({ runId, path }).then(
      (r) => live && setState(r.ok ? { status: "ok", preview: r.data } : { status: "error", message: r.message ?? "Could not load the preview" }),
      (e: unknown) => live && setState({ status: "error", message: e instanceof Error ? e.message : "Could not load the preview" }),
    );
    return () => {
      live = false;
    };
  }, [runId, path]);

  if (state.status === "loading")
    return (
      <p className="flex items-center gap-2 p-4 text-sm text-zinc-500">
        <Loader2 className="h-4 w-4 animate-spin" /> Loading preview…
      </p>
    );
  if (state.status === "error")
    return (
      <p role="alert" className="p-4 text-sm text-red-600 dark:text-red-400">
        {state.message}
      </p>
    );
  const p = state.preview;
  if (p.binary || p.text === undefined)
    return (
      <div className="flex flex-col items-center gap-2 p-10 text-center text-sm text-zinc-500 dark:text-zinc-400">
        <FileWarning className="h-6 w-6" />
        Binary file ({formatBytes(p.size)}) — no preview. Use Download to get it.
      </div>
    );
  return (
    <div>
      {p.truncated && (
        <p className="border-b border-amber-200 bg-amber-50 px-4 py-1.5 text-xs text-amber-800 dark:border-amber-900 dark:bg-amber-950/50 dark:text-amber-300">
          Large file ({formatBytes(p.size)}): showing the first {formatBytes(p.readBytes)}. Download it for the rest.
        </p>
      )}
      <TextBody text={p.text} ext={ext} truncated={p.truncated} runId={runId} path={path} />
    </div>
  );
}

function TextBody({ text, ext, truncated, runId, path }: { text: string; ext: string; truncated: boolean; runId: string; path: string }) {
  if ((ext === "json" || ext === "ipynb") && !truncated) {
    const pretty = prettyJson(text);
    if (pretty !== null) return <CodeBlock text={pretty} label="JSON" json />;
  }
  if (ext === "csv" || ext === "tsv") return <CsvTable text={text} tsv={ext === "tsv"} truncated={truncated} />;
  if (ext === "md" || ext === "markdown") {
    const dir = path.includes("/") ? path.slice(0, path.lastIndexOf("/") + 1) : "";
    return (
      <div className="px-6 py-4">
        <Markdown text={text} resolveSrc={(src) => (/^[a-z]+:|^\//i.test(src) ? src : downloadUrl(runId, dir + src.replace(/^\.\//, "")))} />
      </div>
    );
  }
  return <CodeBlock text={text} />;
}

/** Pretty-printed JSON, or null when the text is not valid JSON. */
function prettyJson(text: string): string | null {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return null;
  }
}

// JSON tokens: a key ("…":), a string, a number, or true/false/null.
const JSON_TOKEN = /("(?:[^"\\]|\\.)*")(\s*:)?|(-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)|\b(true|false|null)\b/g;

function JsonLine({ line }: { line: string }) {
  const out: React.ReactNode[] = [];
  let last = 0;
  for (const m of line.matchAll(JSON_TOKEN)) {
    if (m.index > last) out.push(line.slice(last, m.index));
    const cls = m[1] ? (m[2] ? "text-indigo-700 dark:text-indigo-300" : "text-emerald-700 dark:text-emerald-400") : m[3] ? "text-amber-700 dark:text-amber-400" : "text-violet-700 dark:text-violet-400";
    out.push(
      <span key={m.index} className={cls}>
        {m[1] ?? m[3] ?? m[4]}
      </span>,
    );
    if (m[2]) out.push(m[2]);
    last = m.index + m[0].length;
  }
  if (last < line.length) out.push(line.slice(last));
  return <>{out}</>;
}

function CodeBlock({ text, label, json }: { text: string; label?: string; json?: boolean }) {
  const lines = useMemo(() => text.split("\n"), [text]);
  const shown = lines.length > 20_000 ? lines.slice(0, 20_000) : lines;
  const gutter = String(shown.length).length;
  return (
    <pre aria-label={label ?? "File contents"} data-testid="artifact-text" className="overflow-x-auto py-3 font-mono text-[12.5px] leading-5">
      {shown.map((line, i) => (
        <div key={i} className="flex hover:bg-zinc-50 dark:hover:bg-zinc-900">
          <span aria-hidden className="shrink-0 pr-4 pl-4 text-right text-zinc-400 select-none dark:text-zinc-600" style={{ width: `${gutter + 3}ch` }}>
            {i + 1}
          </span>
          <span className="pr-4 whitespace-pre">{line ? json ? <JsonLine line={line} /> : line : " "}</span>
        </div>
      ))}
    </pre>
  );
}

function CsvTable({ text, tsv, truncated }: { text: string; tsv: boolean; truncated: boolean }) {
  const parsed = useMemo(() => {
    // A truncated file ends mid-row: drop the partial last line.
    const body = truncated ? text.slice(0, Math.max(0, text.lastIndexOf("\n"))) : text;
    return Papa.parse<string[]>(body, { delimiter: tsv ? "\t" : "", skipEmptyLines: true, preview: MAX_TABLE_ROWS + 1 });
  }, [text, tsv, truncated]);
  const [header, ...rows] = parsed.data;
  if (!header) return <CodeBlock text={text} />;
  return (
    <div>
      <table className="w-full border-collapse text-sm" aria-label="CSV preview">
        <thead className="sticky top-0 bg-zinc-50 dark:bg-zinc-900">
          <tr>
            <th className="w-12 border-b border-zinc-200 px-2 py-1.5 text-right text-xs font-normal text-zinc-400 dark:border-zinc-800">#</th>
            {header.map((h, i) => (
              <th key={i} className="border-b border-zinc-200 px-3 py-1.5 text-left font-medium whitespace-nowrap dark:border-zinc-800">
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r, i) => (
            <tr key={i} className="border-b border-zinc-100 hover:bg-zinc-50 dark:border-zinc-800/70 dark:hover:bg-zinc-900">
              <td className="px-2 py-1 text-right text-xs text-zinc-400 tabular-nums">{i + 1}</td>
              {header.map((_, j) => (
                <td key={j} className={"max-w-80 truncate px-3 py-1 " + (/^-?[\d.]+(e-?\d+)?$/i.test(r[j] ?? "") ? "text-right tabular-nums" : "")} title={r[j]}>
                  {r[j]}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      {(rows.length >= MAX_TABLE_ROWS || truncated) && (
        <p className="px-4 py-2 text-xs text-zinc-500 dark:text-zinc-400">
          Showing the first {rows.length.toLocaleString("en-US")} rows{truncated ? " of a larger file" : ""}.
        </p>
      )}
    </div>
  );
}
