// The layer boundaries in eslint.config.mjs fire: each snippet is linted as if it lived at the
// given path (ESLint's Node API, the repository's own config), and must fail — or pass — with
// exactly the boundary rule.
import path from "node:path";
import { ESLint } from "eslint";
import { beforeAll, describe, expect, it } from "vitest";

let eslint: ESLint;
beforeAll(() => {
  eslint = new ESLint({ cwd: path.resolve(import.meta.dirname, "..") });
});

async function boundaryErrors(filePath: string, code: string) {
  const [result] = await eslint.lintText(code, { filePath });
  return result.messages.filter((m) => m.ruleId === "no-restricted-imports" || m.ruleId === "boundaries/no-server-import-in-client").map((m) => m.ruleId);
}

const DB = `import { db } from "@/lib/db";\nexport const n = () => db.run.count();\n`;
const PRISMA = `import type { Prisma } from "@/lib/generated/prisma/client";\nexport type T = Prisma.RunWhereInput;\n`;

describe("no database outside lib/domain", () => {
  it.each([
    ["app/api/2.0/mlflow/runs/get/route.ts", DB],
    ["app/(app)/experiments/page.tsx", DB],
    ["lib/actions/runs.ts", DB],
    ["lib/mlflow/runs.ts", PRISMA],
    ["components/runs/runs-table.tsx", DB],
    ["proxy.ts", `import { PrismaClient } from "@prisma/client";\nexport const c = PrismaClient;\n`],
  ])("%s may not import the database", async (file, code) => {
    expect(await boundaryErrors(file, code)).toEqual(["no-restricted-imports"]);
  });

  it.each([
    ["lib/domain/runs/read.ts", DB],
    ["lib/domain/search/filter.ts", PRISMA],
    ["tests/helpers.ts", DB],
    ["app/api/2.0/mlflow/runs/runs.test.ts", DB],
  ])("%s may", async (file, code) => {
    expect(await boundaryErrors(file, code)).toEqual([]);
  });
});

describe("the domain knows no transport or UI", () => {
  it.each([
    [`import { revalidatePath } from "next/cache";\nexport const r = revalidatePath;\n`],
    [`import { notFound } from "next/navigation";\nexport const r = notFound;\n`],
    [`import { mlflowRoute } from "@/lib/mlflow/route";\nexport const r = mlflowRoute;\n`],
    [`import { createExperimentAction } from "@/lib/actions/experiments";\nexport const r = createExperimentAction;\n`],
    [`import { RunsTable } from "@/components/runs/runs-table";\nexport const r = RunsTable;\n`],
  ])("lib/domain may not: %s", async (code) => {
    expect(await boundaryErrors("lib/domain/runs/read.ts", code)).toEqual(["no-restricted-imports"]);
  });

  it("lib/domain may import its own modules and lib/schemas", async () => {
    const code = `import { db } from "@/lib/db";\nimport { inTransaction } from "@/lib/domain/tx";\nimport type { RunTag } from "@/lib/schemas/run";\nexport const r = [db, inTransaction] as const;\nexport type T = RunTag;\n`;
    expect(await boundaryErrors("lib/domain/runs/read.ts", code)).toEqual([]);
  });
});

describe('"use client" modules import no server module', () => {
  const client = (imp: string) => `"use client";\n${imp}\nexport const x = 1;\n`;
  it.each([
    ["app/(app)/experiments/new-button.tsx", client(`import { getRun } from "@/lib/domain/runs/read";`)],
    ["app/(app)/experiments/new-button.tsx", client(`import "server-only";`)],
    ["app/(app)/experiments/new-button.tsx", client(`import { db } from "@/lib/db";`)],
    ["lib/some-hook.ts", client(`export { mlflowRoute } from "@/lib/mlflow/route";`)],
    ["app/(app)/x/widget.tsx", client(`const m = () => import("@/lib/auth/http");\nexport { m };`)],
  ])("%s: %s", async (file, code) => {
    expect(await boundaryErrors(file, code)).toContain("boundaries/no-server-import-in-client");
  });

  it("may import server actions, schemas and other client code", async () => {
    const code = client(`import { createExperimentAction } from "@/lib/actions/experiments";\nimport { Button } from "@/components/ui/button";\nimport type { RunTableRow } from "@/lib/schemas/ui-runs-table";\nexport const y = [createExperimentAction, Button];\nexport type R = RunTableRow;`);
    expect(await boundaryErrors("app/(app)/experiments/new-button.tsx", code)).toEqual([]);
  });

  it("a server component next to it may read the domain", async () => {
    expect(await boundaryErrors("app/(app)/experiments/page.tsx", `import { getRun } from "@/lib/domain/runs/read";\nexport const r = getRun;\n`)).toEqual([]);
  });
});
