// What to suggest at the caret of an MLflow filter being typed: an entity prefix at the start of
// a clause, a key after `metrics.` / `params.` / `tags.` (looked up on the server), or a run
// attribute after `attributes.`. Pure: the filter box does the fetching and rendering.
import type { KeyKind } from "@/lib/schemas/ui-runs-table";

export interface SuggestionContext {
  /** What is being completed. */
  mode: "prefix" | "key" | "attribute";
  kind?: KeyKind;
  /** The partial word typed so far (without quotes). */
  partial: string;
  /** Offset in the text where the replacement starts (the partial's start). */
  from: number;
}

const KIND_OF: Record<string, KeyKind> = { metric: "metric", metrics: "metric", param: "param", params: "param", parameter: "param", parameters: "param", tag: "tag", tags: "tag" };
export const ATTRIBUTE_KEYS = ["status", "run_name", "run_id", "user_id", "start_time", "end_time", "artifact_uri"];
export const PREFIXES = ["metrics.", "params.", "tags.", "attributes."];

export function suggestionContext(text: string, caret: number): SuggestionContext | null {
  const before = text.slice(0, caret);
  // Inside a quoted value: nothing to suggest.
  const quotes = (before.match(/'/g) ?? []).length;
  if (quotes % 2 === 1) return null;
  const key = /(?:^|[\s(])(metrics?|params?|parameters?|tags?|attributes?|attr|run)\.(`?)([\w./:-]*)$/i.exec(before);
  if (key) {
    const prefix = key[1].toLowerCase();
    const partial = key[3];
    const from = caret - partial.length - key[2].length;
    if (prefix in KIND_OF) return { mode: "key", kind: KIND_OF[prefix], partial, from };
    return { mode: "attribute", partial, from };
  }
  const word = /(?:^|\s)([a-z_]*)$/i.exec(before);
  if (word && (/^\s*$/.test(before.slice(0, before.length - word[1].length)) || /\band\s+$/i.test(before.slice(0, before.length - word[1].length)))) {
    return { mode: "prefix", partial: word[1], from: caret - word[1].length };
  }
  return null;
}

/** Keys that need quoting in a filter (anything beyond word characters and . - / :). */
export function quoteKey(key: string): string {
  return /^[\w./:-]+$/.test(key) ? key : "`" + key.replace(/`/g, "") + "`";
}
