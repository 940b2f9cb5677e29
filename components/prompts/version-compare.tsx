// Diff of two prompt versions: template (text line/word diff, or chat message by message),
// variables added/removed, model config and response format, commit messages — and a way to
// compare the runs that used each version.
import Link from "next/link";
import { AliasBadge } from "@/components/ui/badge";
import { TimeAgo } from "@/components/ui/time";
import { TextDiff, type DiffMode } from "@/components/diff/text-diff";
import { ChatDiff } from "@/components/diff/chat-diff";
import { DiffModeToggle } from "@/components/diff/diff-mode-toggle";
import { VariableChanges } from "@/components/diff/variable-changes";
import { VersionPairPicker } from "@/components/prompts/version-pair-picker";
import { diffChat, diffJsonValues, diffTemplates, diffVariables, stableJson } from "@/lib/text-diff";
import type { PromptVersionDetail, PromptVersionSummary } from "@/components/prompts/types";

/** Chat messages as plain text, for diffing a chat version against a text one. */
const asText = (v: PromptVersionDetail) => (v.messages ? v.messages.map((m) => `[${m.role}]\n${m.content}`).join("\n\n") : v.template);

function VersionHeading({ v, side, latest }: { v: PromptVersionDetail; side: string; latest: boolean }) {
  return (
    <div className="min-w-0 flex-1 rounded-md border border-zinc-200 px-3 py-2 dark:border-zinc-800">
      <div className="flex flex-wrap items-center gap-1.5">
        <span className="text-[10px] font-semibold tracking-wide text-zinc-400 uppercase">{side}</span>
        <span className="font-mono text-sm font-semibold">v{v.version}</span>
        {latest && <AliasBadge alias="latest" />}
        {v.aliases.map((a) => (
          <AliasBadge key={a} alias={a} />
        ))}
        <span className="ml-auto text-[11px] text-zinc-500">
          {v.author && <>{v.author} · </>}
          <TimeAgo ms={v.createdAt} />
        </span>
      </div>
      <p className="mt-1 truncate text-xs text-zinc-600 dark:text-zinc-400" title={v.commitMessage ?? ""}>
        {v.commitMessage || <span className="italic">No commit message</span>}
      </p>
    </div>
  );
}

export function VersionCompare({
  before,
  after,
  versions,
  latest,
  mode,
  modeHrefs,
  runsHref,
  runCounts,
}: {
  before: PromptVersionDetail;
  after: PromptVersionDetail;
  versions: PromptVersionSummary[];
  latest: number | null;
  mode: DiffMode;
  modeHrefs: Record<DiffMode, string>;
  /** Link to /compare with runs of both versions (null when either has none). */
  runsHref: string | null;
  runCounts: [number, number];
}) {
  const bothChat = before.promptType === "chat" && after.promptType === "chat" && before.messages && after.messages;
  const vars = diffVariables(before.variables, after.variables);
  const textStats = bothChat ? null : diffTemplates(asText(before), asText(after)).stats;
  const chatStats = bothChat ? diffChat(before.messages!, after.messages!).stats : null;
  const mc = diffJsonValues(before.modelConfig, after.modelConfig);
  const rf = diffJsonValues(before.responseFormat, after.responseFormat);
  const same = (textStats ? textStats.added + textStats.removed === 0 : chatStats!.added + chatStats!.removed + chatStats!.changed === 0) && mc.identical && rf.identical;

  return (
    <div className="space-y-5" data-testid="version-compare">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <VersionPairPicker versions={versions.map((v) => ({ version: v.version, aliases: v.aliases }))} before={before.version} after={after.version} />
        <DiffModeToggle mode={mode} hrefs={modeHrefs} />
      </div>

      <div className="flex flex-col gap-2 md:flex-row">
        <VersionHeading v={before} side="Before" latest={before.version === latest} />
        <VersionHeading v={after} side="After" latest={after.version === latest} />
      </div>

      <div className="flex flex-wrap items-center gap-x-5 gap-y-2 rounded-md bg-zinc-50 px-3 py-2 text-xs dark:bg-zinc-900/60" data-testid="diff-summary">
        {same ? (
          <span className="font-medium text-zinc-600 dark:text-zinc-300">These versions are identical.</span>
        ) : textStats ? (
          <span className="font-mono">
            <span className="text-emerald-600 dark:text-emerald-400">+{textStats.added}</span> <span className="text-red-600 dark:text-red-400">−{textStats.removed}</span>{" "}
            <span className="font-sans text-zinc-500">lines</span>
          </span>
        ) : (
          <span>
            {chatStats!.changed} changed, {chatStats!.added} added, {chatStats!.removed} removed message{chatStats!.removed === 1 ? "" : "s"}
          </span>
        )}
        {before.promptType !== after.promptType && (
          <span className="text-amber-700 dark:text-amber-400">
            Type: {before.promptType} → {after.promptType}
          </span>
        )}
        <VariableChanges added={vars.added} removed={vars.removed} kept={vars.kept} />
      </div>

      <section aria-label="Template diff" className="space-y-2">
        <h3 className="text-sm font-semibold">Template</h3>
        {bothChat ? (
          <ChatDiff before={before.messages!} after={after.messages!} mode={mode} />
        ) : (
          <TextDiff before={asText(before)} after={asText(after)} mode={mode} beforeLabel={`Version ${before.version}`} afterLabel={`Version ${after.version}`} emptyMessage="Template unchanged" />
        )}
      </section>

      {(!mc.identical || before.modelConfig != null) && (
        <section aria-label="Model config diff" className="space-y-2">
          <h3 className="text-sm font-semibold">Model config</h3>
          <TextDiff diff={mc} mode={mode} highlightVariables={false} context={-1} emptyMessage={<span className="font-mono text-xs">{stableJson(after.modelConfig)}</span>} />
        </section>
      )}
      {(!rf.identical || before.responseFormat != null) && (
        <section aria-label="Response format diff" className="space-y-2">
          <h3 className="text-sm font-semibold">Response format</h3>
          <TextDiff diff={rf} mode={mode} highlightVariables={false} context={-1} emptyMessage="Response format unchanged" />
        </section>
      )}

      <section aria-label="Runs of both versions" className="flex flex-wrap items-center justify-between gap-2 rounded-md border border-zinc-200 px-3 py-2 text-sm dark:border-zinc-800">
        <span className="text-zinc-600 dark:text-zinc-400">
          v{before.version} was used by <b className="tabular-nums">{runCounts[0]}</b> run{runCounts[0] === 1 ? "" : "s"}, v{after.version} by{" "}
          <b className="tabular-nums">{runCounts[1]}</b>.
        </span>
        {runsHref ? (
          <Link href={runsHref} className="font-medium text-indigo-600 hover:underline dark:text-indigo-400">
            Compare the runs of both versions →
          </Link>
        ) : (
          <span className="text-xs text-zinc-400">Link runs to both versions to compare their results.</span>
        )}
      </section>
    </div>
  );
}
