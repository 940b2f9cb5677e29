// The prompt page's version tab: the selected version's template, aliases, variables, model
// config, response format, version tags and how to load it.
import Link from "next/link";
import { GitCompareArrows, Pencil } from "lucide-react";
import type { getPrompt, getPromptVersion } from "@/lib/domain/prompts/read";
import { deletePromptAliasAction, deletePromptVersionAction, deletePromptVersionTagAction, setPromptAliasAction, setPromptVersionTagAction } from "@/lib/actions/prompts";
import { buttonClass } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { CopyButton } from "@/components/ui/copy-button";
import { TimeAgo } from "@/components/ui/time";
import { cn } from "@/components/ui/cn";
import { AliasManager } from "@/components/prompts/alias-manager";
import { DeletePromptVersionButton } from "@/components/prompts/delete-prompt-dialogs";
import { JsonBlock } from "@/components/prompts/json-block";
import { TagEditor } from "@/components/tags/tag-editor";
import { TemplateView } from "@/components/prompts/template-view";
import { isRegistryTag } from "./registry-tags";

export function TemplateTab({
  prompt,
  selected,
  latest,
  runsPerVersion,
  url,
  base,
}: {
  prompt: NonNullable<Awaited<ReturnType<typeof getPrompt>>>;
  selected: NonNullable<Awaited<ReturnType<typeof getPromptVersion>>>;
  latest: number | null;
  runsPerVersion: Record<number, number>;
  /** The prompt page's own URL with some of its query changed (null drops a key). */
  url: (patch: Record<string, string | number | null | undefined>) => string;
  base: string;
}) {
  const versionNumbers = prompt.versions.map((v) => v.version);
  const aliasVersions = Object.fromEntries(prompt.aliases.map((a) => [a.alias, a.version]));
  const prevOf = (v: number) => versionNumbers[versionNumbers.indexOf(v) + 1];
  return (
            <div className="space-y-5">
              <div className="flex flex-wrap items-start justify-between gap-4">
                <div className="min-w-0">
                  <div className="flex flex-wrap items-center gap-2">
                    <h2 className="text-lg font-semibold">Version {selected.version}</h2>
                    <span className="rounded bg-zinc-100 px-1.5 py-0.5 text-xs text-zinc-600 dark:bg-zinc-800 dark:text-zinc-300">{selected.promptType === "chat" ? "Chat" : "Text"}</span>
                  </div>
                  <p className={cn("mt-1 text-sm", selected.commitMessage ? "" : "text-zinc-400 italic")}>{selected.commitMessage || "No commit message"}</p>
                  <p className="mt-0.5 text-xs text-zinc-500">
                    {selected.author && <>{selected.author} · </>}
                    <TimeAgo ms={selected.createdAt} />
                  </p>
                </div>
                <div className="flex items-center gap-2">
                  {prevOf(selected.version) !== undefined && (
                    <Link href={url({ compare: `${prevOf(selected.version)}..${selected.version}`, tab: null })} className={buttonClass({ size: "sm" })}>
                      <GitCompareArrows className="h-3.5 w-3.5" /> Diff with v{prevOf(selected.version)}
                    </Link>
                  )}
                  <Link href={`${base}/new?from=${selected.version}`} className={buttonClass({ size: "sm" })}>
                    <Pencil className="h-3.5 w-3.5" /> Edit as new version
                  </Link>
                  <DeletePromptVersionButton
                    name={prompt.name}
                    version={selected.version}
                    aliases={selected.aliases}
                    linkedRuns={runsPerVersion[selected.version] ?? 0}
                    isLatest={selected.version === latest}
                    isOnly={versionNumbers.length === 1}
                    action={deletePromptVersionAction}
                  />
                </div>
              </div>

              <Card>
                <CardHeader title="Aliases" description="Point an alias such as production at this version; setting one that another version holds moves it. @latest is always the highest version." />
                <div className="px-4 py-3">
                  <AliasManager
                    name={prompt.name}
                    version={selected.version}
                    aliasVersions={aliasVersions}
                    isLatest={selected.version === latest}
                    setAction={setPromptAliasAction}
                    deleteAction={deletePromptAliasAction}
                  />
                </div>
              </Card>

              <div className="grid items-start gap-5 xl:grid-cols-[minmax(0,1fr)_20rem]">
                <Card>
                  <CardHeader title="Template" description={selected.promptType === "chat" ? `${selected.messages?.length ?? 0} messages` : `${selected.template.length.toLocaleString("en-US")} characters`} />
                  <div className="p-4">
                    <TemplateView template={selected.template} messages={selected.messages} variables={selected.variables} />
                  </div>
                </Card>
                <div className="space-y-5">
                  <Card>
                    <CardHeader title="Variables" description={`${selected.variables.length} in this version`} />
                    <div className="px-4 py-3">
                      {selected.variables.length ? (
                        <ul className="flex flex-wrap gap-1.5" aria-label="Variables">
                          {selected.variables.map((v) => (
                            <li key={v} className="rounded bg-indigo-50 px-1.5 py-0.5 font-mono text-xs text-indigo-700 dark:bg-indigo-500/15 dark:text-indigo-300">
                              {v}
                            </li>
                          ))}
                        </ul>
                      ) : (
                        <p className="text-sm text-zinc-500">No variables.</p>
                      )}
                    </div>
                  </Card>
                  <Card>
                    <CardHeader title="Model config" />
                    <div className="px-4 py-3">
                      <JsonBlock value={selected.modelConfig} />
                    </div>
                  </Card>
                  <Card>
                    <CardHeader title="Response format" />
                    <div className="px-4 py-3">
                      <JsonBlock value={selected.responseFormat} />
                    </div>
                  </Card>
                  <Card>
                    <CardHeader title="Version tags" description={`Tags of version ${selected.version}; click one to edit it.`} />
                    <div className="px-4 py-3" data-testid="version-tags">
                      <TagEditor
                        key={selected.version}
                        fields={{ name: prompt.name, version: String(selected.version) }}
                        tags={selected.tags.filter((t) => !isRegistryTag(t.key))}
                        setAction={setPromptVersionTagAction}
                        deleteAction={deletePromptVersionTagAction}
                        narrow
                      />
                    </div>
                  </Card>
                  <Card>
                    <CardHeader title="Use in code" />
                    <div className="space-y-2 px-4 py-3">
                      {[`prompts:/${prompt.name}/${selected.version}`, ...selected.aliases.map((a) => `prompts:/${prompt.name}@${a}`)].map((uri) => (
                        <div key={uri} className="flex items-center justify-between gap-2 rounded bg-zinc-50 px-2 py-1 dark:bg-zinc-900">
                          <code className="truncate font-mono text-xs">{uri}</code>
                          <CopyButton value={`mlflow.genai.load_prompt("${uri}")`} label={`Copy load_prompt("${uri}")`} />
                        </div>
                      ))}
                    </div>
                  </Card>
                </div>
              </div>
            </div>
  );
}
