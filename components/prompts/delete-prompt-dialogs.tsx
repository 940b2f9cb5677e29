"use client";
// Destructive actions on the prompt page, each behind a confirmation dialog that says exactly what
// goes: deleting a version removes its aliases and the links runs / models hold to it; deleting the
// prompt removes every version (and asks for the name, GitHub-style). The server action redirects.
// The dialog is the shared lifecycle control (components/lifecycle/lifecycle.tsx).
import { useState } from "react";
import { Trash2 } from "lucide-react";
import { AliasBadge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { DeleteDialog } from "@/components/lifecycle/lifecycle";
import type { ActionResult } from "@/lib/actions/result";

type Action = (prev: ActionResult, form: FormData) => Promise<ActionResult>;
const plural = (n: number, one: string) => `${n} ${one}${n === 1 ? "" : "s"}`;

export function DeletePromptVersionButton({
  name,
  version,
  aliases,
  linkedRuns,
  isLatest,
  isOnly,
  action,
}: {
  name: string;
  version: number;
  /** Stored aliases pointing at this version. */
  aliases: string[];
  /** Runs linked to this version. */
  linkedRuns: number;
  isLatest: boolean;
  isOnly: boolean;
  action: Action;
}) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button size="sm" variant="ghost" className="text-red-600 hover:bg-red-50 hover:text-red-700 dark:text-red-400 dark:hover:bg-red-950/50" onClick={() => setOpen(true)}>
        <Trash2 className="h-3.5 w-3.5" /> Delete version
      </Button>
      <DeleteDialog
        open={open}
        onClose={() => setOpen(false)}
        title={`Delete version ${version} of ${name}?`}
        description="This cannot be undone."
        confirmLabel={`Delete version ${version}`}
        action={action}
        fields={{ name, version: String(version) }}
      >
        <ul className="list-disc space-y-1.5 pl-5 text-zinc-700 dark:text-zinc-300">
          <li>The template, model config and tags of version {version} are deleted.</li>
          <li>
            {aliases.length ? (
              <>
                {aliases.length === 1 ? "Its alias" : "Its aliases"}{" "}
                {aliases.map((a) => (
                  <AliasBadge key={a} alias={a} />
                ))}{" "}
                {aliases.length === 1 ? "is" : "are"} removed — code loading <code className="font-mono text-xs">prompts:/{name}@{aliases[0]}</code> will fail until you set it again.
              </>
            ) : (
              <>No aliases point at this version.</>
            )}
          </li>
          <li>
            {linkedRuns ? (
              <>The links from {plural(linkedRuns, "run")} (and any models) to this version disappear; the runs themselves are kept.</>
            ) : (
              <>No runs link to this version. Links from models, if any, disappear.</>
            )}
          </li>
          {isLatest && !isOnly && <li>@latest moves to the next-highest version.</li>}
          {isOnly && <li>It is the only version: the prompt stays, with no versions.</li>}
        </ul>
      </DeleteDialog>
    </>
  );
}

export function DeletePromptButton({
  name,
  versions,
  aliases,
  linkedRuns,
  action,
}: {
  name: string;
  versions: number;
  aliases: number;
  /** Distinct runs linked to any version. */
  linkedRuns: number;
  action: Action;
}) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button variant="ghost" className="text-red-600 hover:bg-red-50 hover:text-red-700 dark:text-red-400 dark:hover:bg-red-950/50" onClick={() => setOpen(true)} title="Delete this prompt and all its versions">
        <Trash2 className="h-4 w-4" /> Delete prompt
      </Button>
      <DeleteDialog
        open={open}
        onClose={() => setOpen(false)}
        title={`Delete prompt ${name}?`}
        description="This cannot be undone."
        confirmLabel="Delete prompt"
        typeToConfirm={name}
        action={action}
        fields={{ name }}
      >
        <ul className="list-disc space-y-1.5 pl-5 text-zinc-700 dark:text-zinc-300">
          <li>All {plural(versions, "version")}, {plural(aliases, "alias")} and the prompt&apos;s tags are deleted.</li>
          <li>
            {linkedRuns ? <>The links from {plural(linkedRuns, "run")} (and any models) disappear; the runs themselves are kept.</> : <>No runs link to it. Links from models, if any, disappear.</>}
          </li>
          <li>
            Code loading <code className="font-mono text-xs">prompts:/{name}</code> will fail.
          </li>
        </ul>
      </DeleteDialog>
    </>
  );
}
