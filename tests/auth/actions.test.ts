// Server actions with RUNBOARD_AUTH on (lib/actions/action.ts step 1): a cross-site Origin is
// refused before anything runs; no identity → refused, nothing written; a session cookie runs the
// action as its user. Sessions: a planted cookie is never adopted, sign-out revokes server-side.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN, enableAuth, uname } from "./helpers";
import { db } from "@/lib/db";
import { stopAuthListener } from "@/lib/domain/auth/cache";
import { CROSS_SITE_MESSAGE, guardAction } from "@/lib/actions/action";
import { createExperimentAction } from "@/lib/actions/experiments";
import { authenticateSession, verifyUserPassword } from "@/lib/domain/auth/authenticate";
import { ensureBootstrap } from "@/lib/domain/auth/bootstrap";
import { createSession, endSession } from "@/lib/domain/auth/sessions";
import { submit } from "@/tests/actions";

const headers = (h: Record<string, string>) => new Headers(h);
let adminId: number;

beforeAll(async () => {
  enableAuth();
  await ensureBootstrap();
  adminId = (await verifyUserPassword(ADMIN.username, ADMIN.password, null)).userId;
});
afterAll(async () => {
  delete process.env.RUNBOARD_AUTH;
  await stopAuthListener();
});

describe("the action guard", () => {
  it("refuses a cross-site Origin and Sec-Fetch-Site: cross-site, even with a valid session", async () => {
    const { secret } = await createSession(adminId);
    const cookie = `runboard_session=${secret}`;
    for (const h of [
      { host: "runboard.test", origin: "https://evil.example", cookie },
      { host: "runboard.test", origin: "null", cookie },
      { host: "runboard.test", "sec-fetch-site": "cross-site", cookie },
    ] as Record<string, string>[]) {
      const g = await guardAction(headers(h));
      expect(g).toEqual({ ok: false, result: { ok: false, message: CROSS_SITE_MESSAGE } });
    }
    const same = await guardAction(headers({ host: "runboard.test", origin: "http://runboard.test", cookie }));
    expect(same.ok && same.caller).toMatchObject({ kind: "user", username: ADMIN.username, via: "session" });
  });

  it("refuses a request without identity, and the action writes nothing", async () => {
    expect((await guardAction(headers({ host: "runboard.test" }))).ok).toBe(false);
    const name = uname("no-identity");
    const out = await submit(createExperimentAction, { name });
    expect(out.result).toMatchObject({ ok: false });
    expect(out.redirectedTo).toBeNull();
    expect(await db.experiment.count({ where: { name } })).toBe(0);
  });

  it("public actions (sign-in) skip identity but not the Origin check", async () => {
    expect(await guardAction(headers({ host: "runboard.test" }), { public: true })).toEqual({ ok: true });
    expect((await guardAction(headers({ host: "runboard.test", origin: "https://evil.example" }), { public: true })).ok).toBe(false);
  });
});

describe("sessions", () => {
  it("never adopts a planted cookie: only secrets the server issued at sign-in authenticate", async () => {
    await expect(authenticateSession("rbs_planted-by-an-attacker")).rejects.toMatchObject({ code: "UNAUTHENTICATED" });
    const a = await createSession(adminId);
    const b = await createSession(adminId);
    expect(a.secret).not.toBe(b.secret);
  });

  it("sign-out revokes the session server-side: the same cookie stops working at once", async () => {
    const { secret } = await createSession(adminId);
    expect((await authenticateSession(secret)).username).toBe(ADMIN.username);
    await endSession(secret);
    await expect(authenticateSession(secret)).rejects.toMatchObject({ code: "UNAUTHENTICATED" });
    const rows = await db.$queryRaw<{ revoked_at: bigint | null }[]>`SELECT revoked_at FROM sessions WHERE token_hash = encode(sha256(${secret}::bytea), 'hex')`;
    expect(rows[0]?.revoked_at).not.toBeNull();
  });
});
