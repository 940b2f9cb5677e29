// Runs server actions in-process, as Next runs them: inside a work store (the one
// revalidatePath() records into), with redirect() caught. Tests see what the action returned,
// which paths it revalidated and where it redirected — against the real database.
// (AsyncLocalStorage, which these storages need, is provided by tests/next-runtime.ts.)
import { workAsyncStorage } from "next/dist/server/app-render/work-async-storage.external.js";

export interface ActionOutcome<R> {
  /** What the action returned (undefined when it redirected). */
  result: R | undefined;
  /** revalidatePath() calls: the path, with "/layout" appended for a layout revalidation. */
  revalidated: string[];
  /** The redirect target, when the action redirected. */
  redirectedTo: string | null;
}

// Next 16's WorkStore has many more fields; revalidatePath() needs only these.
type MinimalWorkStore = { route: string; incrementalCache: object; pendingRevalidatedTags?: { tag: string }[] };

const IMPLICIT_TAG = "_N_T_";

export async function runAction<R>(fn: () => Promise<R>): Promise<ActionOutcome<R>> {
  const store: MinimalWorkStore = { route: "/test/action", incrementalCache: {} };
  let result: R | undefined;
  let redirectedTo: string | null = null;
  try {
    result = await workAsyncStorage.run(store as unknown as Parameters<typeof workAsyncStorage.run>[0], fn);
  } catch (e) {
    const digest = (e as { digest?: unknown }).digest;
    if (typeof digest !== "string" || !digest.startsWith("NEXT_REDIRECT;")) throw e;
    redirectedTo = digest.split(";")[2];
  }
  const revalidated = (store.pendingRevalidatedTags ?? []).map((t) => t.tag.slice(IMPLICIT_TAG.length));
  return { result, revalidated, redirectedTo };
}

/** A FormData with the given string fields. */
export function form(fields: Record<string, string | number>): FormData {
  const f = new FormData();
  for (const [k, v] of Object.entries(fields)) f.set(k, String(v));
  return f;
}

/** Runs a form action (useActionState's signature) with these fields. */
export function submit<R>(action: (prev: never, form: FormData) => Promise<R>, fields: Record<string, string | number>): Promise<ActionOutcome<R>> {
  return runAction(() => action({ ok: false } as never, form(fields)));
}
