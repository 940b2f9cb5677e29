"use client";
// A run's artifacts as a lazily loaded tree (one directory level per request) beside a preview
// of the selected file. The selected path is written to the URL (?path=) without a server
// round trip, so a link opens the same file.
import { ChevronRight, File, FileImage, FileJson, FileSpreadsheet, FileText, Folder, FolderOpen, Loader2 } from "lucide-react";
import { useCallback, useEffect, useState } from "react";
import { listRunArtifactsAction, type ArtifactNode } from "@/lib/actions/runs";
import { ArtifactPreview, extensionOf } from "@/components/artifacts/artifact-preview";
import { formatBytes } from "@/components/artifacts/format-bytes";
import { EmptyState } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";

type Listing = { status: "loading" } | { status: "error"; message: string } | { status: "ok"; files: ArtifactNode[] };

function iconFor(path: string) {
  const ext = extensionOf(path);
  if (["png", "jpg", "jpeg", "gif", "webp", "svg", "bmp"].includes(ext)) return FileImage;
  if (ext === "json" || ext === "yaml" || ext === "yml") return FileJson;
  if (ext === "csv" || ext === "tsv") return FileSpreadsheet;
  if (["txt", "md", "log", "markdown"].includes(ext)) return FileText;
  return File;
}

const parentsOf = (path: string) => {
  const parts = path.split("/");
  return parts.slice(0, -1).map((_, i) => parts.slice(0, i + 1).join("/"));
};

export function ArtifactBrowser({ runId, rootFiles, initialPath, rootUri }: { runId: string; rootFiles: ArtifactNode[]; initialPath: string | null; rootUri: string }) {
  const [listings, setListings] = useState<Record<string, Listing>>(() => ({
    ...Object.fromEntries((initialPath ? parentsOf(initialPath) : []).map((d) => [d, { status: "loading" } as Listing])),
    "": { status: "ok", files: rootFiles },
  }));
  const [expanded, setExpanded] = useState<Set<string>>(() => new Set(initialPath ? parentsOf(initialPath) : []));
  const [selected, setSelected] = useState<string | null>(initialPath);

  const fetchDir = useCallback(
    (dir: string) =>
      listRunArtifactsAction({ runId, path: dir }).then(
        (r) => setListings((l) => ({ ...l, [dir]: r.ok ? { status: "ok", files: r.data } : { status: "error", message: r.message ?? "Could not list this folder" } })),
        () => setListings((l) => ({ ...l, [dir]: { status: "error", message: "Could not list this folder" } })),
      ),
    [runId],
  );
  const load = (dir: string) => {
    setListings((l) => ({ ...l, [dir]: { status: "loading" } }));
    void fetchDir(dir);
  };

  // Open the folders leading to a file named in the URL (their "loading" state is set initially).
  useEffect(() => {
    if (initialPath) for (const dir of parentsOf(initialPath)) void fetchDir(dir);
  }, [initialPath, fetchDir]);

  const toggle = (dir: string) => {
    const next = new Set(expanded);
    if (next.has(dir)) next.delete(dir);
    else {
      next.add(dir);
      if (!listings[dir] || listings[dir].status === "error") load(dir);
    }
    setExpanded(next);
  };

  const select = (path: string) => {
    setSelected(path);
    const url = new URL(window.location.href);
    url.searchParams.set("tab", "artifacts");
    url.searchParams.set("path", path);
    window.history.replaceState(window.history.state, "", url.pathname + url.search);
  };

  const selectedInfo = (() => {
    if (!selected) return undefined;
    const dir = selected.includes("/") ? selected.slice(0, selected.lastIndexOf("/")) : "";
    const l = listings[dir];
    return l?.status === "ok" ? l.files.find((f) => f.path === selected) : undefined;
  })();

  if (rootFiles.length === 0) {
    return (
      <EmptyState title="No artifacts">
        Files logged with <code className="font-mono">mlflow.log_artifact()</code> or <code className="font-mono">log_model()</code> appear here. Artifact root:{" "}
        <code className="font-mono break-all">{rootUri}</code>
      </EmptyState>
    );
  }

  const renderLevel = (dir: string, depth: number): React.ReactNode => {
    const l = listings[dir];
    if (!l || l.status === "loading")
      return (
        <li className="flex items-center gap-2 py-1 text-xs text-zinc-500" style={{ paddingLeft: depth * 14 + 12 }}>
          <Loader2 className="h-3 w-3 animate-spin" /> Loading…
        </li>
      );
    if (l.status === "error")
      return (
        <li role="alert" className="py-1 text-xs text-red-600" style={{ paddingLeft: depth * 14 + 12 }}>
          {l.message}
        </li>
      );
    if (l.files.length === 0)
      return (
        <li className="py-1 text-xs text-zinc-400 italic" style={{ paddingLeft: depth * 14 + 12 }}>
          empty
        </li>
      );
    return l.files.map((f) => {
      const name = f.path.split("/").pop();
      const open = expanded.has(f.path);
      const Icon = f.isDir ? (open ? FolderOpen : Folder) : iconFor(f.path);
      return (
        <li key={f.path} role="treeitem" aria-expanded={f.isDir ? open : undefined} aria-selected={selected === f.path}>
          <button
            type="button"
            onClick={() => (f.isDir ? toggle(f.path) : select(f.path))}
            className={cn(
              "flex w-full items-center gap-1.5 rounded-md py-1 pr-2 text-left text-sm",
              selected === f.path ? "bg-indigo-50 text-indigo-800 dark:bg-indigo-950 dark:text-indigo-200" : "hover:bg-zinc-100 dark:hover:bg-zinc-800/70",
            )}
            style={{ paddingLeft: depth * 14 + 6 }}
          >
            <ChevronRight aria-hidden className={cn("h-3.5 w-3.5 shrink-0 text-zinc-400 transition-transform", !f.isDir && "invisible", open && "rotate-90")} />
            <Icon aria-hidden className={cn("h-4 w-4 shrink-0", f.isDir ? "text-amber-500" : "text-zinc-400")} />
            <span className="truncate">{name}</span>
            {!f.isDir && f.fileSize !== undefined && <span className="ml-auto shrink-0 pl-2 text-xs text-zinc-400 tabular-nums">{formatBytes(f.fileSize)}</span>}
          </button>
          {f.isDir && open && (
            <ul role="group" aria-label={name}>
              {renderLevel(f.path, depth + 1)}
            </ul>
          )}
        </li>
      );
    });
  };

  return (
    <div className="grid min-h-[28rem] grid-cols-1 overflow-hidden rounded-lg border border-zinc-200 md:grid-cols-[18rem_1fr] dark:border-zinc-800">
      <div className="border-b border-zinc-200 md:border-r md:border-b-0 dark:border-zinc-800">
        <p className="truncate border-b border-zinc-200 px-3 py-2 font-mono text-xs text-zinc-500 dark:border-zinc-800 dark:text-zinc-400" title={rootUri}>
          {rootUri}
        </p>
        <ul role="tree" aria-label="Artifacts" className="max-h-[70vh] overflow-auto p-1.5">
          {renderLevel("", 0)}
        </ul>
      </div>
      <div className="min-w-0">
        {selected ? (
          <ArtifactPreview runId={runId} path={selected} size={selectedInfo?.fileSize} />
        ) : (
          <div className="flex h-full items-center justify-center p-10 text-sm text-zinc-500 dark:text-zinc-400">Select a file to preview it.</div>
        )}
      </div>
    </div>
  );
}
