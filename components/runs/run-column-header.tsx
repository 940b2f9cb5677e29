"use client";
// The header of one runs-table column: its label (with a dot for metric/param/tag), the sort
// and pin markers, and a menu to sort, pin or hide it.
import { ArrowDown, ArrowUp, Pin, PinOff, EyeOff, ArrowUpNarrowWide, ArrowDownWideNarrow } from "lucide-react";
import { DropdownMenu } from "@/components/ui/dropdown-menu";
import { cn } from "@/components/ui/cn";
import { ATTRIBUTE_LABELS, columnLabel, isSortable, parseColumnId, type KeyKind } from "@/lib/schemas/ui-runs-table";

const KIND_DOT: Record<KeyKind, string> = { metric: "bg-emerald-500", param: "bg-sky-500", tag: "bg-amber-500" };
const KIND_NAME: Record<KeyKind, string> = { metric: "Metric", param: "Param", tag: "Tag" };

export function RunColumnHeader({
  id,
  sorted,
  pinned,
  onSort,
  onPin,
  onHide,
}: {
  id: string;
  sorted: "asc" | "desc" | false;
  pinned: boolean;
  onSort: (dir?: "asc" | "desc") => void;
  onPin: (pin: boolean) => void;
  onHide?: () => void;
}) {
  const c = parseColumnId(id);
  const sortable = isSortable(id);
  const label = c?.type === "attribute" ? ATTRIBUTE_LABELS[c.key] : columnLabel(id);
  const kind = c && c.type !== "attribute" ? c.type : null;
  const items = [
    ...(sortable
      ? [
          { label: "Sort ascending", icon: <ArrowUpNarrowWide className="h-3.5 w-3.5" />, onSelect: () => onSort("asc") },
          { label: "Sort descending", icon: <ArrowDownWideNarrow className="h-3.5 w-3.5" />, onSelect: () => onSort("desc") },
        ]
      : []),
    ...(id !== "name"
      ? [pinned ? { label: "Unpin column", icon: <PinOff className="h-3.5 w-3.5" />, onSelect: () => onPin(false) } : { label: "Pin column", icon: <Pin className="h-3.5 w-3.5" />, onSelect: () => onPin(true) }]
      : []),
    ...(onHide ? [{ label: "Hide column", icon: <EyeOff className="h-3.5 w-3.5" />, onSelect: onHide }] : []),
  ];
  const title = kind ? `${KIND_NAME[kind]}: ${c!.key}` : label;
  const content = (
    <>
      {kind && <span aria-hidden className={cn("h-1.5 w-1.5 shrink-0 rounded-full", KIND_DOT[kind])} />}
      <span className={cn("truncate", kind && "font-mono")}>{label}</span>
      {pinned && <Pin aria-label="pinned" className="h-3 w-3 shrink-0 text-zinc-400" />}
      {sorted === "asc" && <ArrowUp aria-hidden className="h-3.5 w-3.5 shrink-0 text-indigo-600 dark:text-indigo-400" />}
      {sorted === "desc" && <ArrowDown aria-hidden className="h-3.5 w-3.5 shrink-0 text-indigo-600 dark:text-indigo-400" />}
    </>
  );
  return (
    <div className="relative flex min-w-0 flex-1 items-center">
      {sortable ? (
        <button
          type="button"
          onClick={() => onSort()}
          title={`${title} — click to sort`}
          className={cn("flex min-w-0 flex-1 items-center gap-1.5 rounded px-0.5 py-1 text-left hover:text-zinc-900 dark:hover:text-zinc-100", c?.type === "metric" && "justify-end", sorted && "text-zinc-900 dark:text-zinc-100")}
        >
          {content}
        </button>
      ) : (
        <span title={title} className={cn("flex min-w-0 flex-1 items-center gap-1.5", (c?.type === "metric" || id === "duration") && "justify-end")}>
          {content}
        </span>
      )}
      {items.length > 0 && (
        <span className="absolute top-1/2 right-0 -translate-y-1/2 rounded-md bg-zinc-50 opacity-0 shadow-[-8px_0_8px_-2px] shadow-zinc-50 group-hover/header:opacity-100 focus-within:opacity-100 dark:bg-zinc-900 dark:shadow-zinc-900">
          <DropdownMenu label={`Column ${label}`} items={items} />
        </span>
      )}
    </div>
  );
}
