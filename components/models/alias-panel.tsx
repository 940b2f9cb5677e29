"use client";
// All aliases of a registered model with the version each points at: remove one, or set an
// alias on any version (an existing alias moves). Errors show next to the field.
import { useActionState, useState } from "react";
import Link from "next/link";
import { ArrowRight, X } from "lucide-react";
import { AliasBadge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { FieldError, inputClass } from "@/components/ui/input";
import { cn } from "@/components/ui/cn";
import type { ActionResult } from "@/lib/actions/result";

type Action = (prev: ActionResult, form: FormData) => Promise<ActionResult>;

export function AliasPanel({
  name,
  aliases,
  versions,
  setAction,
  deleteAction,
  versionHref,
}: {
  name: string;
  aliases: { alias: string; version: number }[];
  versions: number[];
  setAction: Action;
  deleteAction: Action;
  /** Base path of version pages, e.g. /models/foo/versions */
  versionHref: string;
}) {
  const [setState, setFormAction, pending] = useActionState(setAction, { ok: false });
  const [delState, delFormAction, delPending] = useActionState(deleteAction, { ok: false });
  const [alias, setAlias] = useState("");
  const [version, setVersion] = useState(String(versions[0] ?? ""));
  const [seen, setSeen] = useState(setState);
  if (seen !== setState) {
    setSeen(setState);
    if (setState.ok) setAlias("");
  }
  const current = aliases.find((a) => a.alias === alias.trim());
  const err = setState.ok ? undefined : (setState.fieldErrors?.alias?.join(" ") ?? setState.message);

  return (
    <div className="space-y-3" data-testid="alias-panel">
      {aliases.length === 0 ? (
        <p className="text-sm text-zinc-500">No aliases yet. Aliases such as “champion” give a stable URI: <code className="font-mono text-xs">models:/{name}@champion</code>.</p>
      ) : (
        <ul className="space-y-1.5">
          {aliases.map((a) => (
            <li key={a.alias} className="flex items-center gap-2 text-sm">
              <AliasBadge alias={a.alias} />
              <ArrowRight className="h-3.5 w-3.5 text-zinc-400" />
              <Link href={`${versionHref}/${a.version}`} className="font-mono text-xs hover:underline">
                version {a.version}
              </Link>
              <form action={delFormAction} className="ml-auto">
                <input type="hidden" name="name" value={name} />
                <input type="hidden" name="alias" value={a.alias} />
                <button type="submit" disabled={delPending} aria-label={`Remove alias ${a.alias}`} className="rounded p-1 text-zinc-400 hover:bg-red-50 hover:text-red-600 dark:hover:bg-red-950">
                  <X className="h-3.5 w-3.5" />
                </button>
              </form>
            </li>
          ))}
        </ul>
      )}
      {delState.message && !delState.ok && <FieldError>{delState.message}</FieldError>}
      <form action={setFormAction} className="space-y-1.5 border-t border-zinc-200 pt-3 dark:border-zinc-800">
        <input type="hidden" name="name" value={name} />
        <label className="block text-xs font-medium text-zinc-600 dark:text-zinc-300">Set or move an alias</label>
        <input
          name="alias"
          value={alias}
          onChange={(e) => setAlias(e.target.value)}
          list="model-alias-list"
          aria-label="Alias"
          placeholder="alias, e.g. champion"
          autoComplete="off"
          aria-invalid={!!err}
          className={cn(inputClass, "h-8 font-mono text-xs")}
        />
        <datalist id="model-alias-list">
          {aliases.map((a) => (
            <option key={a.alias} value={a.alias} />
          ))}
        </datalist>
        <div className="flex items-center gap-2">
          <span className="text-xs text-zinc-500">→</span>
          <select name="version" aria-label="Version" value={version} onChange={(e) => setVersion(e.target.value)} className={cn(inputClass, "h-8 min-w-0 flex-1 py-0 font-mono text-xs")}>
            {versions.map((v) => (
              <option key={v} value={v}>
                version {v}
              </option>
            ))}
          </select>
          <Button type="submit" size="sm" className="h-8" disabled={pending || !alias.trim() || current?.version === Number(version)}>
            {current ? "Move alias" : "Set alias"}
          </Button>
        </div>
        {current && current.version !== Number(version) && (
          <p className="text-xs text-amber-700 dark:text-amber-400">
            Moves @{current.alias} from version {current.version} to version {version}.
          </p>
        )}
        <FieldError>{err}</FieldError>
      </form>
    </div>
  );
}
