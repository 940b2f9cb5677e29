// MLflow's auth REST API and the credential paths (Basic, Bearer tokens), called in-process.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN, basic, bearer, enableAuth, send, uname } from "./helpers";
import * as createUser from "@/app/api/2.0/mlflow/users/create/route";
import * as getUser from "@/app/api/2.0/mlflow/users/get/route";
import * as currentUser from "@/app/api/2.0/mlflow/users/current/route";
import * as listUsers from "@/app/api/2.0/mlflow/users/list/route";
import * as updatePassword from "@/app/api/2.0/mlflow/users/update-password/route";
import * as updateAdmin from "@/app/api/2.0/mlflow/users/update-admin/route";
import * as deleteUser from "@/app/api/2.0/mlflow/users/delete/route";
import * as createToken from "@/app/api/2.0/mlflow/tokens/create/route";
import * as listTokens from "@/app/api/2.0/mlflow/tokens/list/route";
import * as revokeToken from "@/app/api/2.0/mlflow/tokens/revoke/route";
import * as createGroup from "@/app/api/2.0/mlflow/groups/create/route";
import * as getGroup from "@/app/api/2.0/mlflow/groups/get/route";
import * as addMember from "@/app/api/2.0/mlflow/groups/members/add/route";
import { stopAuthListener } from "@/lib/domain/auth/cache";

const admin = basic(ADMIN.username, ADMIN.password);

beforeAll(() => enableAuth());
afterAll(async () => {
  delete process.env.RUNBOARD_AUTH;
  await stopAuthListener();
});

async function newUser(prefix = "u") {
  const username = uname(prefix);
  const password = `${username}-secret-pw`;
  const r = await send(createUser.POST, "POST", { username, password }, { auth: admin });
  expect(r.status).toBe(200);
  return { username, password, auth: basic(username, password), id: (r.body.user as { id: number }).id };
}

describe("authentication", () => {
  it("answers 401 with WWW-Authenticate and MLflow's error JSON without credentials", async () => {
    const r = await send(currentUser.GET, "GET");
    expect(r.status).toBe(401);
    expect(r.headers.get("www-authenticate")).toBe('Basic realm="mlflow"');
    expect(r.body.error_code).toBe("UNAUTHENTICATED");
  });

  it("refuses a wrong password, an unknown user, a malformed header and a bad token", async () => {
    for (const auth of [basic(ADMIN.username, "wrong-password-123"), basic("nobody-here", "whatever-password"), "Basic %%%", "Negotiate abc", bearer("rbt_nope")]) {
      const r = await send(currentUser.GET, "GET", {}, { auth });
      expect(r.status, auth).toBe(401);
      expect(r.body.error_code).toBe("UNAUTHENTICATED");
    }
  });

  it("creates the first admin from RUNBOARD_ADMIN_USERNAME/PASSWORD", async () => {
    const r = await send(currentUser.GET, "GET", {}, { auth: admin });
    expect(r.status).toBe(200);
    expect(r.body.user).toMatchObject({ username: ADMIN.username, is_admin: true });
  });
});

describe("users API (MLflow shapes)", () => {
  it("creates, gets, lists, updates and deletes users", async () => {
    const u = await newUser();
    const got = await send(getUser.GET, "GET", { username: u.username }, { auth: admin });
    expect(got.body.user).toEqual({ id: u.id, username: u.username, is_admin: false, experiment_permissions: [], registered_model_permissions: [], scorer_permissions: [] });
    expect(JSON.stringify(got.body)).not.toContain("password");

    const self = await send(getUser.GET, "GET", { username: u.username }, { auth: u.auth });
    expect(self.status).toBe(200);

    const list = await send(listUsers.GET, "GET", {}, { auth: admin });
    expect((list.body.users as { username: string }[]).map((x) => x.username)).toContain(u.username);
    expect((await send(listUsers.GET, "GET", {}, { auth: u.auth })).status).toBe(403);

    expect((await send(updateAdmin.PATCH, "PATCH", { username: u.username, is_admin: true }, { auth: admin })).status).toBe(200);
    expect(((await send(currentUser.GET, "GET", {}, { auth: u.auth })).body.user as { is_admin: boolean }).is_admin).toBe(true);
    expect((await send(updateAdmin.PATCH, "PATCH", { username: u.username, is_admin: false }, { auth: admin })).status).toBe(200);

    expect((await send(deleteUser.DELETE, "DELETE", { username: u.username }, { auth: admin })).status).toBe(200);
    expect((await send(currentUser.GET, "GET", {}, { auth: u.auth })).status).toBe(401);
    const gone = await send(getUser.GET, "GET", { username: u.username }, { auth: admin });
    expect(gone.status).toBe(404);
    expect(gone.body.error_code).toBe("RESOURCE_DOES_NOT_EXIST");
  });

  it("validates like MLflow: duplicates, short passwords, content type, admin only", async () => {
    const u = await newUser();
    const dup = await send(createUser.POST, "POST", { username: u.username, password: "another-password-1" }, { auth: admin });
    expect(dup.body.error_code).toBe("RESOURCE_ALREADY_EXISTS");
    const short = await send(createUser.POST, "POST", { username: uname("s"), password: "short" }, { auth: admin });
    expect(short.status).toBe(400);
    expect(short.body.message).toContain("longer than 12");
    const nonAdmin = await send(createUser.POST, "POST", { username: uname("x"), password: "long-enough-password" }, { auth: u.auth });
    expect(nonAdmin.status).toBe(403);
    expect(nonAdmin.body.error_code).toBe("PERMISSION_DENIED");
    const other = await send(getUser.GET, "GET", { username: ADMIN.username }, { auth: u.auth });
    expect(other.status).toBe(403);
    const req = new Request("http://runboard.test/api", { method: "POST", headers: { authorization: admin, "content-type": "text/plain" }, body: "{}" });
    expect((await createUser.POST(req)).status).toBe(400);
  });

  it("changes a password: self needs the current one, an admin does not; old credentials stop working", async () => {
    const u = await newUser();
    const missing = await send(updatePassword.PATCH, "PATCH", { username: u.username, password: "brand-new-password-1" }, { auth: u.auth });
    expect(missing.status).toBe(400);
    const ok = await send(updatePassword.PATCH, "PATCH", { username: u.username, password: "brand-new-password-1", current_password: u.password }, { auth: u.auth });
    expect(ok.status).toBe(200);
    expect((await send(currentUser.GET, "GET", {}, { auth: u.auth })).status).toBe(401);
    const fresh = basic(u.username, "brand-new-password-1");
    expect((await send(currentUser.GET, "GET", {}, { auth: fresh })).status).toBe(200);
    expect((await send(updatePassword.PATCH, "PATCH", { username: u.username, password: "admin-set-password-1" }, { auth: admin })).status).toBe(200);
    expect((await send(currentUser.GET, "GET", {}, { auth: fresh })).status).toBe(401);
    const stranger = await newUser();
    expect((await send(updatePassword.PATCH, "PATCH", { username: u.username, password: "hijacked-password-1" }, { auth: stranger.auth })).status).toBe(403);
  });

  it("keeps the last admin", async () => {
    const r = await send(updateAdmin.PATCH, "PATCH", { username: ADMIN.username, is_admin: false }, { auth: admin });
    expect(r.status).toBe(400);
  });
});

describe("personal access tokens", () => {
  it("authenticates with Bearer and as a Basic password, lists without secrets, and stops at revoke", async () => {
    const u = await newUser();
    const created = await send(createToken.POST, "POST", { name: "ci", expires_in_days: 30 }, { auth: u.auth });
    expect(created.status).toBe(200);
    const secret = created.body.secret as string;
    expect(secret).toMatch(/^rbt_[A-Za-z0-9_-]{43}$/);
    const token = created.body.token as { id: number; prefix: string; expires_at: number };
    expect(secret.startsWith(token.prefix)).toBe(true);
    expect(token.expires_at).toBeGreaterThan(Date.now());

    const me = await send(currentUser.GET, "GET", {}, { auth: bearer(secret) });
    expect(me.status).toBe(200);
    expect((me.body.user as { username: string }).username).toBe(u.username);
    expect((await send(currentUser.GET, "GET", {}, { auth: basic(u.username, secret) })).status).toBe(200);
    expect((await send(currentUser.GET, "GET", {}, { auth: basic(ADMIN.username, secret) })).status).toBe(401);

    const list = await send(listTokens.GET, "GET", {}, { auth: u.auth });
    expect(JSON.stringify(list.body)).not.toContain(secret);
    expect((list.body.tokens as { id: number }[]).map((t) => t.id)).toContain(token.id);

    const stranger = await newUser();
    expect((await send(revokeToken.POST, "POST", { id: token.id }, { auth: stranger.auth })).status).toBe(403);
    expect((await send(revokeToken.POST, "POST", { id: token.id }, { auth: u.auth })).status).toBe(200);
    expect((await send(currentUser.GET, "GET", {}, { auth: bearer(secret) })).status).toBe(401);
  });
});

describe("groups", () => {
  it("admins create groups and add members; members see their group, others do not", async () => {
    const member = await newUser("m");
    const outsider = await newUser("o");
    const name = uname("team");
    expect((await send(createGroup.POST, "POST", { name }, { auth: member.auth })).status).toBe(403);
    expect((await send(createGroup.POST, "POST", { name, description: "The team" }, { auth: admin })).status).toBe(200);
    expect((await send(addMember.POST, "POST", { group_name: name, username: member.username }, { auth: admin })).status).toBe(200);
    const seen = await send(getGroup.GET, "GET", { name }, { auth: member.auth });
    expect(seen.status).toBe(200);
    expect((seen.body.group as { members: { username: string }[] }).members.map((m) => m.username)).toEqual([member.username]);
    expect((await send(getGroup.GET, "GET", { name }, { auth: outsider.auth })).status).toBe(403);
  });
});

describe("brute force", () => {
  it("slows down repeated wrong passwords for a user (429 with Retry-After), even with the right one", async () => {
    const u = await newUser("bf");
    let last = 0;
    for (let i = 0; i < 6; i++) last = (await send(currentUser.GET, "GET", {}, { auth: basic(u.username, `wrong-password-${i}`) })).status;
    expect(last).toBe(429);
    const r = await send(currentUser.GET, "GET", {}, { auth: u.auth });
    expect(r.status).toBe(429);
    expect(r.body.error_code).toBe("REQUEST_LIMIT_EXCEEDED");
    expect(Number(r.headers.get("retry-after"))).toBeGreaterThan(0);
  });
});
