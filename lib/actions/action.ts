import "server-only";
import { revalidatePath } from "next/cache";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { z } from "zod";
import { DomainError } from "@/lib/errors";
import type { ActionResult, FieldErrors } from "@/lib/actions/result";
import { authEnabled } from "@/lib/domain/auth/config";
import { runAs, scopedCaller, type Caller } from "@/lib/domain/auth/caller";
import { identify, isSameOrigin, type HeaderBag } from "@/lib/auth/http";

// THE way a server action runs: every exported action in lib/actions/<entity>.ts is a few lines
// that hand its input to formAction() (a <form action> / useActionState action, FormData in) or
// callAction() (called from client code with plain arguments). Both run the same steps, in
// this order, so there is exactly one place that decides what an action may do:
//
//   1. guard       a cross-site request (Origin / Sec-Fetch-Site of another site) is refused;
//                  with RUNBOARD_AUTH on, the session cookie (or Authorization header) must name
//                  a user, and the rest runs as that user — before any input is looked at, so
//                  no action can skip it (`public` actions — sign-in, setup — skip identity only)
//   2. parse       the zod schema from lib/schemas (never ad-hoc form reads); a failure becomes
//                  { ok: false, fieldErrors } keyed by the schema's field names
//   3. run         the domain function(s) — the same ones the MLflow REST routes call
//   4. map errors  a DomainError becomes { ok: false, message, fieldErrors[errorField] };
//                  anything else is a bug and is thrown to the nearest error.tsx
//   5. revalidate  the pages that show what changed (only after a success)
//   6. redirect    when the action navigates on success (outside any try/catch: redirect()
//                  works by throwing)
//
// Actions are the UI's counterpart of mlflowRoute() in lib/mlflow/route.ts.

/** A path to revalidate: a page, or (`layout`) every page under it. */
export type Revalidate = string | { path: string; layout: true };

export interface ActionSpec<S extends z.ZodType, R> {
  /** The domain call; throw DomainError for expected failures. */
  run: (input: z.output<S>) => Promise<R>;
  /**
   * Which field a DomainError message belongs to (a form shows it there). A function picks by
   * the message; default: the form as a whole (`message` only).
   */
  errorField?: string | ((message: string, input: z.output<S>) => string | undefined);
  /** Pages to revalidate after a success. */
  revalidate?: (input: z.output<S>, result: R) => Revalidate[];
  /** Where to send the user after a success (a form action only). */
  redirectTo?: (input: z.output<S>, result: R) => string;
  /** A confirmation message for a success. */
  message?: (input: z.output<S>, result: R) => string;
  /** No identity needed (sign-in, first-admin setup); the Origin check still applies. */
  public?: boolean;
}

export const CROSS_SITE_MESSAGE = "Cross-site request refused.";

async function requestHeaders(): Promise<HeaderBag | null> {
  try {
    return await headers();
  } catch {
    return null; // outside a request: in-process callers (tests) open their own scope
  }
}

/** Step 1. The caller to run as (undefined: a public action, no scope), or the refusal. */
export async function guardAction(h: HeaderBag | null, opts: { public?: boolean } = {}): Promise<{ ok: true; caller?: Caller } | { ok: false; result: ActionResult<never> }> {
  if (h && !isSameOrigin(h)) return { ok: false, result: { ok: false, message: CROSS_SITE_MESSAGE } };
  const scoped = scopedCaller();
  if (scoped) return { ok: true, caller: scoped };
  if (opts.public) return { ok: true };
  if (!authEnabled()) return { ok: true, caller: undefined };
  try {
    if (!h) throw new DomainError("UNAUTHENTICATED", "You are not signed in.");
    return { ok: true, caller: await identify(h, { unsafe: true }) };
  } catch (e) {
    if (e instanceof DomainError) return { ok: false, result: { ok: false, message: e.code === "UNAUTHENTICATED" ? "You are not signed in (or your session ended). Sign in again." : e.message } };
    throw e;
  }
}

/** The string fields of a form (files are not accepted by any action). */
function formValues(form: FormData): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of form.entries()) if (typeof v === "string" && !(k in out)) out[k] = v;
  return out;
}

type Outcome<R> = { ok: true; input: unknown; data: R } | { ok: false; result: ActionResult<never> };

async function execute<S extends z.ZodType, R>(raw: unknown, schema: S, spec: ActionSpec<S, R>, values?: Record<string, string>): Promise<Outcome<R>> {
  // 1. guard
  const guard = await guardAction(await requestHeaders(), { public: spec.public });
  if (!guard.ok) return { ok: false, result: { ok: false, message: guard.result.message, values } };
  return guard.caller ? runAs(guard.caller, () => parseAndRun(raw, schema, spec, values)) : parseAndRun(raw, schema, spec, values);
}

async function parseAndRun<S extends z.ZodType, R>(raw: unknown, schema: S, spec: ActionSpec<S, R>, values?: Record<string, string>): Promise<Outcome<R>> {
  // 2. parse
  const parsed = schema.safeParse(raw);
  if (!parsed.success) return { ok: false, result: validationFailure(parsed.error, values) };
  const input = parsed.data as z.output<S>;
  // 3. run, 4. map errors
  let data: R;
  try {
    data = await spec.run(input);
  } catch (e) {
    if (!(e instanceof DomainError)) throw e;
    const field = typeof spec.errorField === "function" ? spec.errorField(e.message, input) : spec.errorField;
    return { ok: false, result: { ok: false, message: e.message, ...(field ? { fieldErrors: { [field]: [e.message] } } : {}), values } };
  }
  // 5. revalidate
  for (const r of spec.revalidate?.(input, data) ?? []) {
    if (typeof r === "string") revalidatePath(r);
    else revalidatePath(r.path, "layout");
  }
  return { ok: true, input, data };
}

function validationFailure(error: z.ZodError, values?: Record<string, string>): ActionResult<never> {
  const { formErrors, fieldErrors } = z.flattenError(error);
  const errors = fieldErrors as FieldErrors;
  const first = formErrors[0] ?? Object.values(errors).find((m) => m?.length)?.[0];
  return { ok: false, message: first, fieldErrors: errors, values };
}

/** Runs a form action: the form's fields are the schema's input. */
export async function formAction<S extends z.ZodType, R>(form: FormData, schema: S, spec: ActionSpec<S, R>): Promise<ActionResult> {
  const values = formValues(form);
  const outcome = await execute(values, schema, spec, values);
  if (!outcome.ok) return outcome.result;
  const input = outcome.input as z.output<S>;
  // 6. redirect
  if (spec.redirectTo) redirect(spec.redirectTo(input, outcome.data));
  return { ok: true, data: undefined, message: spec.message?.(input, outcome.data) };
}

/** Runs an action called with arguments; a read-style action returns what it loaded as `data`. */
export async function callAction<S extends z.ZodType, R>(input: z.input<S>, schema: S, spec: ActionSpec<S, R>): Promise<ActionResult<R>> {
  const outcome = await execute(input, schema, spec);
  if (!outcome.ok) return outcome.result;
  return { ok: true, data: outcome.data, message: spec.message?.(outcome.input as z.output<S>, outcome.data) };
}
