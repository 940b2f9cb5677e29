// A model's signature (inputs, outputs, params) and input example, read from its MLmodel.
import type { ModelDetailsView } from "@/components/models/types";

function Columns({ title, cols }: { title: string; cols: { name?: string; typeLabel: string; required: boolean }[] }) {
  return (
    <div>
      <h3 className="mb-1.5 text-xs font-semibold tracking-wide text-zinc-500 uppercase">{title}</h3>
      {cols.length === 0 ? (
        <p className="text-sm text-zinc-500">—</p>
      ) : (
        <table className="w-full text-sm">
          <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">
            {cols.map((c, i) => (
              <tr key={i}>
                <td className="py-1 pr-3 font-mono text-xs">{c.name ?? <span className="text-zinc-400">(unnamed)</span>}</td>
                <td className="py-1 pr-3 font-mono text-xs text-indigo-700 dark:text-indigo-300">{c.typeLabel}</td>
                <td className="py-1 text-right text-[11px] text-zinc-500">{c.required ? "required" : "optional"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

export function ModelSignature({ details }: { details: ModelDetailsView | null }) {
  if (!details) return <p className="text-sm text-zinc-500">No MLmodel file was found for this version, so there is no signature to show.</p>;
  if (details.parseError) return <p className="text-sm text-red-600 dark:text-red-400">MLmodel could not be read: {details.parseError}</p>;
  const sig = details.signature;
  return (
    <div className="space-y-4">
      {sig ? (
        <div className="grid gap-5 md:grid-cols-2">
          <Columns title="Inputs" cols={sig.inputs} />
          <Columns title="Outputs" cols={sig.outputs} />
          {sig.params && sig.params.length > 0 && (
            <div className="md:col-span-2">
              <h3 className="mb-1.5 text-xs font-semibold tracking-wide text-zinc-500 uppercase">Params</h3>
              <ul className="flex flex-wrap gap-2 font-mono text-xs">
                {sig.params.map((p) => (
                  <li key={p.name} className="rounded bg-zinc-100 px-1.5 py-0.5 dark:bg-zinc-800">
                    {p.name}: <span className="text-indigo-700 dark:text-indigo-300">{p.typeLabel}</span> = {JSON.stringify(p.default)}
                  </li>
                ))}
              </ul>
            </div>
          )}
        </div>
      ) : (
        <p className="text-sm text-zinc-500">The model was logged without a signature.</p>
      )}
      {details.inputExample?.table && (
        <div>
          <h3 className="mb-1.5 text-xs font-semibold tracking-wide text-zinc-500 uppercase">Input example</h3>
          <div className="overflow-x-auto rounded border border-zinc-200 dark:border-zinc-800">
            <table className="w-full text-xs">
              <thead className="bg-zinc-50 dark:bg-zinc-900">
                <tr>
                  {details.inputExample.table.columns.map((c) => (
                    <th key={c} className="px-2 py-1 text-left font-mono font-medium">
                      {c}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {details.inputExample.table.rows.slice(0, 5).map((r, i) => (
                  <tr key={i} className="border-t border-zinc-100 dark:border-zinc-800">
                    {r.map((cell, j) => (
                      <td key={j} className="max-w-xs truncate px-2 py-1 font-mono">
                        {typeof cell === "string" ? cell : JSON.stringify(cell)}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </div>
      )}
    </div>
  );
}
