// With RUNBOARD_AUTH on, the import endpoints and the Import page's reads are for administrators:
// an unauthenticated caller is refused with 401, a signed-in user without admin rights with 403
// (nothing is written), an administrator may import.
import { beforeAll, describe, expect, test } from "vitest";
import * as createUser from "@/app/api/2.0/mlflow/users/create/route";
import * as start from "@/app/api/2.0/runboard/import/start/route";
import * as jobs from "@/app/api/2.0/runboard/import/jobs/route";
import * as runs from "@/app/api/2.0/runboard/import/runs/route";
import { db } from "@/lib/db";
import { ADMIN, basic, enableAuth, send, uname } from "@/tests/auth/helpers";

const admin = basic(ADMIN.username, ADMIN.password);
let user = "";

beforeAll(async () => {
  enableAuth();
  const username = uname("importer");
  const r = await send(createUser.POST, "POST", { username, password: "not-an-admin-password" }, { auth: admin });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  user = basic(username, "not-an-admin-password");
});

describe("import endpoints with auth on", () => {
  test("only administrators may import or read imports", async () => {
    const url = `http://${uname("src")}.test`;
    expect((await send(start.POST, "POST", { source_url: url })).status).toBe(401);
    const denied = await send(start.POST, "POST", { source_url: url }, { auth: user });
    expect(denied.status).toBe(403);
    expect(denied.body.error_code).toBe("PERMISSION_DENIED");
    expect(await db.importSource.count({ where: { url } })).toBe(0);
    expect((await send(jobs.GET, "GET", {}, { auth: user })).status).toBe(403);
    expect((await send(runs.POST, "POST", { job_id: 1, fingerprint: "x", run: { info: { run_id: "a", experiment_id: "1" } } }, { auth: user })).status).toBe(403);

    const ok = await send(start.POST, "POST", { source_url: url }, { auth: admin });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    const listed = await send(jobs.GET, "GET", {}, { auth: admin });
    expect((listed.body.jobs as { source_url: string }[]).some((j) => j.source_url === url)).toBe(true);
  });
});
