import { defineConfig } from "prisma/config";

// Prisma 7 reads the connection URL from here (not from schema.prisma). Our own applier
// (scripts/migrate.mjs) runs the migrations; `prisma migrate deploy` agrees with it on a
// machine that can download Prisma's schema engine.
export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: { url: process.env.DATABASE_URL ?? "postgresql://localhost:5432/runboard" },
});
