// The experiment page's Table | Charts | Traces switch: links that keep the filter and the rest of
// the URL between Table and Charts (the charts follow the table's filter), so either view can be
// shared. Traces is its own route (/experiments/<id>/traces) with its own filter grammar.
import Link from "next/link";
import { Activity, BarChart3, Table2 } from "lucide-react";
import { cn } from "@/components/ui/cn";
import type { SearchParams } from "@/lib/schemas/ui-runs-table";

type View = "table" | "charts" | "traces";

export function ExperimentViewToggle({ experimentId, current, params }: { experimentId: string; current: View; params: SearchParams }) {
  const href = (tab: View) => {
    if (tab === "traces") return `/experiments/${experimentId}/traces`;
    const p = new URLSearchParams();
    for (const [k, v] of Object.entries(params)) {
      if (k === "tab" || k === "page" || v === undefined) continue;
      for (const x of Array.isArray(v) ? v : [v]) p.append(k, x);
    }
    if (tab === "charts") p.set("tab", "charts");
    const s = p.toString();
    return `/experiments/${experimentId}${s ? `?${s}` : ""}`;
  };
  const item = (tab: View, label: string, Icon: typeof Table2) => (
    <Link
      href={href(tab)}
      aria-current={current === tab ? "page" : undefined}
      className={cn(
        "inline-flex items-center gap-1.5 rounded px-3 py-1 text-sm font-medium",
        current === tab ? "bg-white text-zinc-900 shadow-sm dark:bg-zinc-700 dark:text-zinc-50" : "text-zinc-600 hover:text-zinc-900 dark:text-zinc-400 dark:hover:text-zinc-100",
      )}
    >
      <Icon aria-hidden className="h-4 w-4" />
      {label}
    </Link>
  );
  return (
    <nav aria-label="Runs view" className="inline-flex rounded-md bg-zinc-100 p-0.5 dark:bg-zinc-800">
      {item("table", "Table", Table2)}
      {item("charts", "Charts", BarChart3)}
      {item("traces", "Traces", Activity)}
    </nav>
  );
}
