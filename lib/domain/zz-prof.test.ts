import { test } from "vitest";
import pg from "pg";
import { db, Prisma } from "@/lib/db";
import { createRun } from "@/lib/domain/runs";
test("prof", async () => {
  const c = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await c.connect();
  const big = "x".repeat(100000);
  let tp = 0, tg = 0;
  for (let i = 0; i < 30; i++) {
    let t = performance.now();
    await db.$queryRaw`SELECT length(${big}::text) AS n`;
    tp += performance.now() - t;
    t = performance.now();
    await c.query("SELECT length($1::text) AS n", [big]);
    tg += performance.now() - t;
  }
  console.log(`100KB param: prisma ${(tp / 30).toFixed(2)} ms, pg ${(tg / 30).toFixed(2)} ms`);
  tp = 0; tg = 0;
  for (let i = 0; i < 30; i++) {
    let t = performance.now();
    await db.$queryRaw`SELECT 1 AS n`;
    tp += performance.now() - t;
    t = performance.now();
    await c.query("SELECT 1 AS n");
    tg += performance.now() - t;
  }
  console.log(`SELECT 1: prisma ${(tp / 30).toFixed(2)} ms, pg ${(tg / 30).toFixed(2)} ms`);
  await c.end();
});
