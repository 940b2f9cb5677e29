"use client";
// Split / unified switch for <TextDiff>. Controlled (onChange) or, with `hrefs`, as links so the
// mode can live in the URL.
import Link from "next/link";
import { Columns2, Rows2 } from "lucide-react";
import { cn } from "@/components/ui/cn";
import type { DiffMode } from "@/components/diff/text-diff";

const options: { mode: DiffMode; label: string; Icon: typeof Columns2 }[] = [
  { mode: "split", label: "Side by side", Icon: Columns2 },
  { mode: "unified", label: "Unified", Icon: Rows2 },
];

export function DiffModeToggle({ mode, onChange, hrefs }: { mode: DiffMode; onChange?: (m: DiffMode) => void; hrefs?: Record<DiffMode, string> }) {
  const cls = (active: boolean) =>
    cn(
      "inline-flex items-center gap-1.5 rounded px-2 py-1 text-xs font-medium",
      active ? "bg-white text-zinc-900 shadow-sm dark:bg-zinc-700 dark:text-zinc-50" : "text-zinc-600 hover:text-zinc-900 dark:text-zinc-400 dark:hover:text-zinc-100",
    );
  return (
    <div role="group" aria-label="Diff view" className="inline-flex rounded-md bg-zinc-100 p-0.5 dark:bg-zinc-800">
      {options.map(({ mode: m, label, Icon }) =>
        hrefs ? (
          <Link key={m} href={hrefs[m]} scroll={false} aria-pressed={mode === m} className={cls(mode === m)} replace>
            <Icon className="h-3.5 w-3.5" />
            {label}
          </Link>
        ) : (
          <button key={m} type="button" aria-pressed={mode === m} onClick={() => onChange?.(m)} className={cls(mode === m)}>
            <Icon className="h-3.5 w-3.5" />
            {label}
          </button>
        ),
      )}
    </div>
  );
}
