// Who is calling the domain. One request-scoped context (AsyncLocalStorage) carries the caller
// from the edge — mlflowRoute, the server-action helper, pages — into every domain function,
// which asks for it with `await currentCaller()`; no domain signature carries it.
//
// Deny by default:
// - With RUNBOARD_AUTH on and no caller in scope (no edge set one, no page session), the domain
//   refuses with UNAUTHENTICATED.
// - Every authorization helper (lib/domain/auth/authorize.ts) records a decision in the scope;
//   the edges refuse to answer a request that reached its end without any decision (a domain
//   function that forgot to check fails loudly instead of leaking — see ARCHITECTURE.md).
import "server-only";
import { AsyncLocalStorage } from "node:async_hooks";
import { DomainError } from "@/lib/errors";
import { authEnabled } from "@/lib/domain/auth/config";

export type CredentialKind = "basic" | "token" | "session";

/** A signed-in user, as resolved from a credential (cached; see identity.ts). */
export interface UserCaller {
  kind: "user";
  userId: number;
  username: string;
  isAdmin: boolean;
  /** The user's own principal id followed by the ids of its groups. */
  principals: number[];
  via: CredentialKind;
  /** The session or token row behind the credential (for "revoke this one"). */
  credentialId?: number;
}

/** Full access: auth is off, or trusted in-process code (scripts, bootstrap, tests). */
export interface SystemCaller {
  kind: "system";
  reason: string;
}

export type Caller = UserCaller | SystemCaller;

export const SYSTEM: SystemCaller = { kind: "system", reason: "auth off" };

interface Scope {
  caller: Caller;
  decisions: number;
  /** Resources this request created (its caller manages them before the grant is committed). */
  created?: Set<string>;
}

// One store per process, even when the bundler instantiates this module once per route bundle.
const g = globalThis as unknown as {
  runboardAuthScope?: AsyncLocalStorage<Scope>;
  runboardAmbientCaller?: () => Promise<Caller | undefined>;
};
const storage = (g.runboardAuthScope ??= new AsyncLocalStorage<Scope>());

/** Runs `fn` with `caller` as the current caller (and a fresh decision count). */
export function runAs<T>(caller: Caller, fn: () => T): T {
  return storage.run({ caller, decisions: 0 }, fn);
}

/** Runs trusted in-process code (bootstrap, scripts, benchmarks) with full access. */
export function runAsSystem<T>(reason: string, fn: () => T): T {
  return runAs({ kind: "system", reason }, fn);
}

/**
 * Registers how to find the caller when no edge opened a scope — server-component renders,
 * where the page (and every nested async component) reads the session cookie through Next's
 * own request context. Set once by lib/auth/page-caller.ts.
 */
export function setAmbientCallerResolver(resolve: () => Promise<Caller | undefined>): void {
  g.runboardAmbientCaller = resolve;
}

/** The caller of the current request. Throws UNAUTHENTICATED when auth is on and nobody is known. */
export async function currentCaller(): Promise<Caller> {
  if (!authEnabled()) return SYSTEM;
  const scope = storage.getStore();
  if (scope) return scope.caller;
  const ambient = g.runboardAmbientCaller ? await g.runboardAmbientCaller() : undefined;
  if (ambient) return ambient;
  throw new DomainError("UNAUTHENTICATED", "You are not authenticated. Sign in, or send MLFLOW_TRACKING_USERNAME/PASSWORD or MLFLOW_TRACKING_TOKEN.");
}

/** The caller of an already open scope (an edge's runAs), or undefined outside one. */
export function scopedCaller(): Caller | undefined {
  return storage.getStore()?.caller;
}

/** The signed-in user, or null when auth is off / the caller is the system. */
export async function currentUser(): Promise<UserCaller | null> {
  const c = await currentCaller();
  return c.kind === "user" ? c : null;
}

/** Called by every authorization helper: this request made a permission decision. */
export function recordDecision(): void {
  const scope = storage.getStore();
  if (scope) scope.decisions++;
}

/** Remembers that this request created a resource (see authorize.ts: the creator manages it). */
export function noteCreated(kind: string, id: number): void {
  const scope = storage.getStore();
  if (scope) (scope.created ??= new Set()).add(`${kind}:${id}`);
}

export function createdInScope(kind: string, id: number): boolean {
  return storage.getStore()?.created?.has(`${kind}:${id}`) ?? false;
}

/** Decisions made so far in the current scope (the edges check it is > 0 before answering). */
export function decisionsMade(): number {
  return storage.getStore()?.decisions ?? 0;
}
