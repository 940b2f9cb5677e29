import { cn } from "@/components/ui/cn";

type Tone = "neutral" | "blue" | "green" | "red" | "amber" | "violet";
const tones: Record<Tone, string> = {
  neutral: "bg-zinc-100 text-zinc-700 ring-zinc-200 dark:bg-zinc-800 dark:text-zinc-300 dark:ring-zinc-700",
  blue: "bg-blue-50 text-blue-700 ring-blue-200 dark:bg-blue-950 dark:text-blue-300 dark:ring-blue-900",
  green: "bg-emerald-50 text-emerald-700 ring-emerald-200 dark:bg-emerald-950 dark:text-emerald-300 dark:ring-emerald-900",
  red: "bg-red-50 text-red-700 ring-red-200 dark:bg-red-950 dark:text-red-300 dark:ring-red-900",
  amber: "bg-amber-50 text-amber-800 ring-amber-200 dark:bg-amber-950 dark:text-amber-300 dark:ring-amber-900",
  violet: "bg-violet-50 text-violet-700 ring-violet-200 dark:bg-violet-950 dark:text-violet-300 dark:ring-violet-900",
};

export function Badge({ tone = "neutral", className, children, title }: { tone?: Tone; className?: string; children: React.ReactNode; title?: string }) {
  return (
    <span title={title} className={cn("inline-flex items-center gap-1 rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset", tones[tone], className)}>
      {children}
    </span>
  );
}

const statusTone: Record<string, Tone> = { RUNNING: "blue", SCHEDULED: "violet", FINISHED: "green", FAILED: "red", KILLED: "amber" };

/** A run status (RUNNING, FINISHED, FAILED, KILLED, SCHEDULED). */
export function StatusBadge({ status }: { status: string }) {
  return (
    <Badge tone={statusTone[status] ?? "neutral"}>
      {status === "RUNNING" && <span aria-hidden className="h-1.5 w-1.5 animate-pulse rounded-full bg-current" />}
      {status.charAt(0) + status.slice(1).toLowerCase()}
    </Badge>
  );
}

/** An alias chip, e.g. "@production". */
export function AliasBadge({ alias }: { alias: string }) {
  return (
    <Badge tone={alias === "latest" ? "neutral" : alias === "production" ? "green" : "violet"} className="font-mono">
      @{alias}
    </Badge>
  );
}
