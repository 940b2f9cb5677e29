// One logged model of a run: name, flavors, status, signature (inputs/outputs) and input example.
// Plain props (server or client parent).
import Link from "next/link";
import { Boxes } from "lucide-react";
import { Badge } from "@/components/ui/badge";
import { CopyButton } from "@/components/ui/copy-button";
import { TimeAgo } from "@/components/ui/time";

export interface SignatureColumnView {
  name?: string;
  typeLabel: string;
  required: boolean;
}

export interface LoggedModelView {
  modelId: string;
  name: string;
  status: string;
  statusMessage: string | null;
  modelType: string | null;
  artifactUri: string;
  createdAt: number;
  registrations: { name: string; version: string }[];
  params: { key: string; value: string }[];
  details: {
    flavors: string[];
    signature?: { inputs: SignatureColumnView[]; outputs: SignatureColumnView[]; params?: { name: string; typeLabel: string; default: unknown }[] };
    inputExample?: { type: string; table?: { columns: string[]; rows: unknown[][]; totalRows: number }; data?: unknown; truncated: boolean; error?: string; size: number };
    mlflowVersion?: string;
    parseError?: string;
  } | null;
}

const STATUS: Record<string, { label: string; tone: "green" | "amber" | "red" | "neutral" }> = {
  LOGGED_MODEL_READY: { label: "Ready", tone: "green" },
  LOGGED_MODEL_PENDING: { label: "Pending", tone: "amber" },
  LOGGED_MODEL_UPLOAD_FAILED: { label: "Upload failed", tone: "red" },
};

const cellText = (v: unknown) => (v === null || v === undefined ? "" : typeof v === "object" ? JSON.stringify(v) : String(v));

export function LoggedModelCard({ model }: { model: LoggedModelView }) {
  const status = STATUS[model.status] ?? { label: model.status, tone: "neutral" as const };
  const d = model.details;
  return (
    <article aria-label={`Logged model ${model.name}`} className="rounded-lg border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900/40">
      <header className="flex flex-wrap items-start justify-between gap-3 border-b border-zinc-200 px-4 py-3 dark:border-zinc-800">
        <div className="min-w-0 space-y-1">
          <div className="flex flex-wrap items-center gap-2">
            <Boxes aria-hidden className="h-4 w-4 text-zinc-400" />
            <h3 className="font-semibold">{model.name}</h3>
            <Badge tone={status.tone} title={model.statusMessage ?? undefined}>
              {status.label}
            </Badge>
            {d?.flavors.map((f) => (
              <Badge key={f} tone="violet" className="font-mono">
                {f}
              </Badge>
            ))}
            {model.modelType && <Badge>{model.modelType}</Badge>}
          </div>
          <p className="flex items-center gap-1 font-mono text-xs text-zinc-500 dark:text-zinc-400">
            {model.modelId}
            <CopyButton value={model.modelId} label="Copy model ID" />
          </p>
        </div>
        <div className="text-right text-xs text-zinc-500 dark:text-zinc-400">
          <p>
            Logged <TimeAgo ms={model.createdAt} />
          </p>
          {model.registrations.length > 0 && (
            <p className="mt-1">
              Registered as{" "}
              {model.registrations.map((r, i) => (
                <span key={`${r.name}/${r.version}`}>
                  {i > 0 && ", "}
                  <Link href={`/models/${encodeURIComponent(r.name)}?version=${r.version}`} className="font-medium text-indigo-600 hover:underline dark:text-indigo-400">
                    {r.name} v{r.version}
                  </Link>
                </span>
              ))}
            </p>
          )}
        </div>
      </header>
      <div className="space-y-4 p-4">
        {!d ? (
          <p className="text-sm text-zinc-500 dark:text-zinc-400">No MLmodel file yet — the model files may still be uploading.</p>
        ) : d.parseError ? (
          <p className="text-sm text-amber-700 dark:text-amber-400">Could not read the MLmodel file: {d.parseError}</p>
        ) : null}
        {d?.signature ? (
          <div className="grid gap-4 lg:grid-cols-2">
            <SignatureTable title="Inputs" columns={d.signature.inputs} />
            <SignatureTable title="Outputs" columns={d.signature.outputs} />
            {d.signature.params && d.signature.params.length > 0 && (
              <div className="lg:col-span-2">
                <h4 className="mb-1.5 text-xs font-semibold tracking-wide text-zinc-500 uppercase">Inference params</h4>
                <ul className="flex flex-wrap gap-1.5 text-xs">
                  {d.signature.params.map((p) => (
                    <li key={p.name}>
                      <Badge className="font-mono">
                        {p.name}: {p.typeLabel} = {cellText(p.default)}
                      </Badge>
                    </li>
                  ))}
                </ul>
              </div>
            )}
          </div>
        ) : d ? (
          <p className="text-sm text-zinc-500 dark:text-zinc-400">No signature logged. Pass <code className="font-mono">signature=</code> or <code className="font-mono">input_example=</code> to log_model() to record one.</p>
        ) : null}
        {d?.inputExample && (
          <div>
            <h4 className="mb-1.5 text-xs font-semibold tracking-wide text-zinc-500 uppercase">
              Input example <span className="font-normal normal-case">({d.inputExample.type})</span>
            </h4>
            {d.inputExample.table ? (
              <div className="overflow-x-auto rounded-md border border-zinc-200 dark:border-zinc-800">
                <table className="w-full text-sm" aria-label="Input example">
                  <thead className="bg-zinc-50 text-left text-xs text-zinc-500 dark:bg-zinc-900 dark:text-zinc-400">
                    <tr>
                      {d.inputExample.table.columns.map((c) => (
                        <th key={c} className="px-3 py-1.5 font-medium whitespace-nowrap">
                          {c}
                        </th>
                      ))}
                    </tr>
                  </thead>
                  <tbody className="divide-y divide-zinc-100 font-mono text-xs dark:divide-zinc-800/70">
                    {d.inputExample.table.rows.map((r, i) => (
                      <tr key={i}>
                        {r.map((v, j) => (
                          <td key={j} className="max-w-72 truncate px-3 py-1.5" title={cellText(v)}>
                            {cellText(v)}
                          </td>
                        ))}
                      </tr>
                    ))}
                  </tbody>
                </table>
                {d.inputExample.table.totalRows > d.inputExample.table.rows.length && (
                  <p className="border-t border-zinc-200 px-3 py-1 text-xs text-zinc-500 dark:border-zinc-800">
                    {d.inputExample.table.rows.length} of {d.inputExample.table.totalRows} rows
                  </p>
                )}
              </div>
            ) : d.inputExample.data !== undefined ? (
              <pre className="max-h-64 overflow-auto rounded-md bg-zinc-50 p-3 font-mono text-xs dark:bg-zinc-900">{JSON.stringify(d.inputExample.data, null, 2)}</pre>
            ) : (
              <p className="text-sm text-zinc-500">{d.inputExample.error ?? "The example could not be shown."}</p>
            )}
          </div>
        )}
        {model.params.length > 0 && (
          <details className="text-sm">
            <summary className="cursor-pointer text-xs font-semibold tracking-wide text-zinc-500 uppercase">Model params ({model.params.length})</summary>
            <dl className="mt-2 grid grid-cols-[minmax(0,14rem)_1fr] gap-x-4 gap-y-1 text-xs">
              {model.params.map((p) => (
                <div key={p.key} className="contents">
                  <dt className="truncate font-mono text-zinc-500">{p.key}</dt>
                  <dd className="font-mono break-all">{p.value}</dd>
                </div>
              ))}
            </dl>
          </details>
        )}
        <p className="truncate font-mono text-xs text-zinc-400" title={model.artifactUri}>
          {model.artifactUri}
          {d?.mlflowVersion && <span className="ml-2">· mlflow {d.mlflowVersion}</span>}
        </p>
      </div>
    </article>
  );
}

function SignatureTable({ title, columns }: { title: string; columns: SignatureColumnView[] }) {
  return (
    <div>
      <h4 className="mb-1.5 text-xs font-semibold tracking-wide text-zinc-500 uppercase">{title}</h4>
      {columns.length === 0 ? (
        <p className="text-sm text-zinc-500">—</p>
      ) : (
        <table className="w-full overflow-hidden rounded-md border border-zinc-200 text-sm dark:border-zinc-800" aria-label={`Signature ${title.toLowerCase()}`}>
          <thead className="bg-zinc-50 text-left text-xs text-zinc-500 dark:bg-zinc-900 dark:text-zinc-400">
            <tr>
              <th className="px-3 py-1.5 font-medium">Name</th>
              <th className="px-3 py-1.5 font-medium">Type</th>
              <th className="px-3 py-1.5 text-right font-medium">Required</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800/70">
            {columns.map((c, i) => (
              <tr key={i}>
                <td className="px-3 py-1.5 font-mono text-xs">{c.name ?? <span className="text-zinc-400">(unnamed)</span>}</td>
                <td className="px-3 py-1.5 font-mono text-xs text-violet-700 dark:text-violet-300">{c.typeLabel}</td>
                <td className="px-3 py-1.5 text-right text-xs">{c.required ? "yes" : <span className="text-zinc-400">optional</span>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
