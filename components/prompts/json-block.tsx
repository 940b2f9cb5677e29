// Model config / response format of a prompt version. A flat object reads best as a key-value
// list (model_name, temperature, …); anything nested is shown as pretty JSON.
import { CopyButton } from "@/components/ui/copy-button";
import { stableJson } from "@/lib/text-diff";

const isScalar = (v: unknown) => v === null || ["string", "number", "boolean"].includes(typeof v);

export function JsonBlock({ value, empty = "Not set" }: { value: unknown; empty?: string }) {
  if (value === null || value === undefined || (typeof value === "object" && Object.keys(value as object).length === 0)) {
    return <p className="text-sm text-zinc-500 dark:text-zinc-400">{empty}</p>;
  }
  const flat = typeof value === "object" && !Array.isArray(value) && Object.values(value as object).every(isScalar);
  if (flat) {
    return (
      <dl className="grid grid-cols-[max-content_minmax(0,1fr)] gap-x-6 gap-y-1.5 text-sm">
        {Object.entries(value as Record<string, unknown>).map(([k, v]) => (
          <div key={k} className="contents">
            <dt className="font-mono text-xs leading-5 text-zinc-500 dark:text-zinc-400">{k}</dt>
            <dd className="font-mono text-xs leading-5 break-all">{typeof v === "string" ? v : JSON.stringify(v)}</dd>
          </div>
        ))}
      </dl>
    );
  }
  const text = stableJson(value);
  return (
    <div className="relative">
      <CopyButton value={text} className="absolute top-1.5 right-1.5" />
      <pre className="max-h-80 overflow-auto rounded-md border border-zinc-200 bg-zinc-50/60 p-3 font-mono text-xs leading-5 dark:border-zinc-800 dark:bg-zinc-900/50">{text}</pre>
    </div>
  );
}
