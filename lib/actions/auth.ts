"use server";
// Sign-in, sign-out, first-admin setup and the account page, each through lib/actions/action.ts.
// Sessions (lib/domain/auth/sessions.ts): sign-in always opens a NEW session with a fresh secret
// and ends whatever session cookie the browser brought (a planted cookie is never adopted);
// sign-out revokes the session server-side, so a copied cookie stops working too.
import { cookies, headers } from "next/headers";
import { z } from "zod";
import { DomainError } from "@/lib/errors";
import { callAction, formAction } from "@/lib/actions/action";
import type { ActionResult } from "@/lib/actions/result";
import { createSession, endSession } from "@/lib/domain/auth/sessions";
import { recordSignIn, verifyUserPassword } from "@/lib/domain/auth/authenticate";
import { completeSetup } from "@/lib/domain/auth/bootstrap";
import { createToken, revokeToken } from "@/lib/domain/auth/tokens";
import { currentUser } from "@/lib/domain/auth/caller";
import { updatePassword } from "@/lib/domain/auth/users";
import { clientAddress, SESSION_COOKIE, secureCookies } from "@/lib/auth/http";
import { changePasswordSchema, createTokenSchema, setupSchema, signInSchema, tokenRefSchema } from "@/lib/schemas/auth";

async function openSession(userId: number): Promise<void> {
  const h = await headers();
  const jar = await cookies();
  const previous = jar.get(SESSION_COOKIE)?.value;
  if (previous) await endSession(previous);
  const { secret, expiresAt } = await createSession(userId, { userAgent: h.get("user-agent"), ipAddress: clientAddress(h), method: "password" });
  jar.set(SESSION_COOKIE, secret, { httpOnly: true, sameSite: "lax", secure: secureCookies(h), path: "/", expires: new Date(expiresAt) });
  await recordSignIn(userId);
}

export async function signInAction(_prev: ActionResult, form: FormData): Promise<ActionResult> {
  return formAction(form, signInSchema, {
    public: true,
    run: async (i) => {
      const v = await verifyUserPassword(i.username, i.password, clientAddress(await headers()));
      await openSession(v.userId);
    },
    redirectTo: (i) => i.next,
  });
}

export async function signOutAction(_prev: ActionResult, form: FormData): Promise<ActionResult> {
  return formAction(form, z.object({}), {
    public: true,
    run: async () => {
      const jar = await cookies();
      const secret = jar.get(SESSION_COOKIE)?.value;
      if (secret) await endSession(secret);
      jar.delete(SESSION_COOKIE);
    },
    redirectTo: () => "/sign-in",
  });
}

export async function setupAction(_prev: ActionResult, form: FormData): Promise<ActionResult> {
  return formAction(form, setupSchema, {
    public: true,
    run: async (i) => {
      const user = await completeSetup(i);
      await openSession(user.id);
    },
    errorField: (m) => (m.toLowerCase().includes("code") ? "code" : m.toLowerCase().includes("password") ? "password" : "username"),
    redirectTo: () => "/account",
  });
}

export async function changePasswordAction(_prev: ActionResult, form: FormData): Promise<ActionResult> {
  return formAction(form, changePasswordSchema, {
    run: async (i) => {
      const me = await currentUser();
      if (!me) throw new DomainError("INVALID_PARAMETER_VALUE", "Passwords exist only with RUNBOARD_AUTH on.");
      await updatePassword({ username: me.username, password: i.password, currentPassword: i.currentPassword });
    },
    errorField: (m) => (m.toLowerCase().includes("current") ? "currentPassword" : "password"),
    message: () => "Password changed. Your other sessions and Basic credentials with the old password stop working.",
  });
}

export async function createTokenAction(_prev: ActionResult<{ secret: string; name: string }>, form: FormData): Promise<ActionResult<{ secret: string; name: string }>> {
  const fields = { name: String(form.get("name") ?? ""), expiresInDays: String(form.get("expiresInDays") ?? "") || undefined };
  return callAction(fields, createTokenSchema, {
    run: async (i) => {
      const t = await createToken({ name: i.name, expiresInDays: i.expiresInDays });
      return { secret: t.secret, name: t.token.name };
    },
    errorField: "name",
    revalidate: () => ["/account"],
  });
}

export async function revokeTokenAction(id: number): Promise<ActionResult<void>> {
  return callAction({ id }, tokenRefSchema, { run: (i) => revokeToken(i.id), revalidate: () => ["/account"] });
}
