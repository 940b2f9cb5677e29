"use client";
// Aliases of one version (of a prompt or a registered model): shown as chips with a remove
// button, plus a field to set an alias on this version — which MOVES it when another version
// holds it (the form says so before you submit). `latest` is computed and cannot be set.
import { useActionState, useId, useState } from "react";
import { X } from "lucide-react";
import { AliasBadge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { FieldError, inputClass } from "@/components/ui/input";
import { cn } from "@/components/ui/cn";
import type { ActionResult } from "@/lib/actions/result";

type Action = (prev: ActionResult, form: FormData) => Promise<ActionResult>;

export function AliasManager({
  name,
  version,
  aliasVersions,
  setAction,
  deleteAction,
  isLatest,
  compact,
}: {
  name: string;
  version: number;
  /** Every alias of the prompt/model → the version it points at. */
  aliasVersions: Record<string, number>;
  setAction: Action;
  deleteAction: Action;
  isLatest?: boolean;
  compact?: boolean;
}) {
  const [setState, setFormAction, setPending] = useActionState(setAction, { ok: false });
  const [delState, delFormAction, delPending] = useActionState(deleteAction, { ok: false });
  const [alias, setAlias] = useState("");
  const inputId = useId();
  // Clear the field after a successful set (adjusting state while rendering, not in an effect).
  const [seen, setSeen] = useState(setState);
  if (seen !== setState) {
    setSeen(setState);
    if (setState.ok) setAlias("");
  }
  const mine = Object.entries(aliasVersions)
    .filter(([, v]) => v === version)
    .map(([a]) => a)
    .sort();
  const others = Object.entries(aliasVersions).filter(([, v]) => v !== version);
  const trimmed = alias.trim();
  const movingFrom = trimmed ? aliasVersions[trimmed] : undefined;
  const err = setState.fieldErrors?.alias?.join(" ") ?? (!setState.ok ? setState.message : undefined);

  return (
    <div className={cn("space-y-2", compact && "text-xs")} data-testid="alias-manager">
      <div className="flex flex-wrap items-center gap-1.5">
        {isLatest && (
          <span title="Computed: always the highest version">
            <AliasBadge alias="latest" />
          </span>
        )}
        {mine.map((a) => (
          <form key={a} action={delFormAction} className="inline-flex">
            <input type="hidden" name="name" value={name} />
            <input type="hidden" name="alias" value={a} />
            <span className="inline-flex items-center">
              <AliasBadge alias={a} />
              <button
                type="submit"
                disabled={delPending}
                aria-label={`Remove alias ${a}`}
                title={`Remove @${a}`}
                className="-ml-1 rounded-full p-0.5 text-zinc-400 hover:bg-red-50 hover:text-red-600 dark:hover:bg-red-950"
              >
                <X className="h-3 w-3" />
              </button>
            </span>
          </form>
        ))}
        {mine.length === 0 && !isLatest && <span className="text-xs text-zinc-500">No aliases</span>}
      </div>
      {delState.message && !delState.ok && <FieldError>{delState.message}</FieldError>}
      <form action={setFormAction} className="flex max-w-md items-start gap-2">
        <input type="hidden" name="name" value={name} />
        <input type="hidden" name="version" value={version} />
        <div className="min-w-0 flex-1">
          <label htmlFor={inputId} className="sr-only">
            Alias for version {version}
          </label>
          <input
            id={inputId}
            name="alias"
            value={alias}
            onChange={(e) => setAlias(e.target.value)}
            list={inputId + "-list"}
            placeholder="Set alias, e.g. production"
            autoComplete="off"
            aria-invalid={!!err}
            className={cn(inputClass, "h-8 font-mono text-xs")}
          />
          <datalist id={inputId + "-list"}>
            {others.map(([a, v]) => (
              <option key={a} value={a}>
                {`@${a} → v${v}`}
              </option>
            ))}
          </datalist>
          {movingFrom !== undefined && movingFrom !== version && (
            <p className="mt-1 text-xs text-amber-700 dark:text-amber-400">
              Moves @{trimmed} from version {movingFrom} to version {version}.
            </p>
          )}
          <FieldError>{err}</FieldError>
        </div>
        <Button type="submit" size="sm" className="h-8" disabled={setPending || !trimmed || movingFrom === version}>
          {movingFrom !== undefined && movingFrom !== version ? "Move here" : "Set alias"}
        </Button>
      </form>
      {others.length > 0 && (
        <div className="flex flex-wrap items-center gap-1 text-xs text-zinc-500">
          <span>Move here:</span>
          {others.map(([a, v]) => (
            <form key={a} action={setFormAction}>
              <input type="hidden" name="name" value={name} />
              <input type="hidden" name="version" value={version} />
              <input type="hidden" name="alias" value={a} />
              <button
                type="submit"
                disabled={setPending}
                title={`Move @${a} from version ${v} to version ${version}`}
                aria-label={`Move alias ${a} to version ${version}`}
                className="rounded border border-dashed border-zinc-300 px-1.5 py-0.5 font-mono hover:border-indigo-400 hover:text-indigo-600 dark:border-zinc-700 dark:hover:text-indigo-300"
              >
                @{a} <span className="text-zinc-400">v{v}→v{version}</span>
              </button>
            </form>
          ))}
        </div>
      )}
    </div>
  );
}
