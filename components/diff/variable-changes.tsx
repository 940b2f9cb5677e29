// "Variables: + style  − n  · text" — which {{variables}} a change adds, removes and keeps.
import { cn } from "@/components/ui/cn";

export function VariableChanges({ added, removed, kept = [], className }: { added: string[]; removed: string[]; kept?: string[]; className?: string }) {
  if (added.length === 0 && removed.length === 0 && kept.length === 0) return null;
  const chip = "inline-flex items-center gap-0.5 rounded px-1.5 py-0.5 font-mono text-xs ring-1 ring-inset";
  return (
    <div className={cn("flex flex-wrap items-center gap-1.5 text-xs", className)} data-testid="variable-changes">
      <span className="mr-1 text-zinc-500 dark:text-zinc-400">Variables</span>
      {added.map((v) => (
        <span key={"a" + v} title="Variable added" className={cn(chip, "bg-emerald-50 text-emerald-800 ring-emerald-200 dark:bg-emerald-950 dark:text-emerald-300 dark:ring-emerald-900")}>
          <span aria-label="added">+</span>
          {v}
        </span>
      ))}
      {removed.map((v) => (
        <span key={"r" + v} title="Variable removed" className={cn(chip, "bg-red-50 text-red-800 line-through decoration-red-400/70 ring-red-200 dark:bg-red-950 dark:text-red-300 dark:ring-red-900")}>
          <span aria-label="removed" className="no-underline">−</span>
          {v}
        </span>
      ))}
      {kept.map((v) => (
        <span key={"k" + v} title="Unchanged" className={cn(chip, "bg-zinc-50 text-zinc-600 ring-zinc-200 dark:bg-zinc-900 dark:text-zinc-400 dark:ring-zinc-800")}>
          {v}
        </span>
      ))}
      {added.length === 0 && removed.length === 0 && <span className="text-zinc-400 dark:text-zinc-500">(no variables added or removed)</span>}
    </div>
  );
}
