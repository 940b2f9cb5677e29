import { defineConfig, globalIgnores } from "eslint/config";
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

// Layer boundaries (ARCHITECTURE.md "Layers"), as lint errors. tests/lint-boundaries.test.ts proves each
// rule fires. In a flat config the last block that matches a file decides `no-restricted-imports`
// for it, so the blocks below match disjoint sets of files and each lists every restriction of
// its folder.

/** Prisma and the database: only lib/domain (and lib/db.ts itself) may touch them. */
const DATABASE = {
  group: ["@/lib/db", "@/lib/generated/**", "**/lib/db", "**/generated/prisma/**", "@prisma/client", "@prisma/client/**", "@prisma/adapter-pg", "pg"],
  message: "Only lib/domain touches the database: call a domain function instead.",
};
/** Server-only layers a client-facing component must not pull into the browser bundle. */
const SERVER_LAYERS = {
  group: ["@/lib/domain/**", "@/lib/mlflow/**", "@/lib/auth/**", "@/lib/actions/action", "server-only"],
  message: "Client components must not import server-only code; pass plain data from a server component (server actions are imported from @/lib/actions/<entity>).",
};
/** What the domain must not know about: transports (Next.js, the MLflow wire, server actions) and the UI. */
const TRANSPORTS = {
  group: ["next", "next/**", "@/lib/mlflow/**", "@/lib/actions/**", "@/components/**", "@/app/**"],
  message: "The domain knows no transport or UI: take typed camelCase input, return plain data, throw DomainError.",
};
const restrict = (...patterns) => ({ "no-restricted-imports": ["error", { patterns }] });

/** Code outside the layers' rules: tests, scripts and benches set up databases themselves. */
const EXEMPT = ["tests/**", "**/*.test.ts", "**/*.test.tsx", "scripts/**", "bench/**", "e2e/**", "lib/db.ts", "lib/generated/**", "*.config.*"];

/** Files starting with "use client" (anywhere) import no server module. */
const SERVER_MODULE = /^(server-only$|@\/lib\/db$|@\/lib\/generated\/|@\/lib\/domain\/|@\/lib\/mlflow\/|@\/lib\/auth\/|@\/lib\/actions\/action$|@prisma\/|pg$)/;
const boundaries = {
  rules: {
    "no-server-import-in-client": {
      meta: {
        type: "problem",
        docs: { description: 'A "use client" module imports no server module (lib/db, lib/domain, lib/mlflow, lib/auth, Prisma, server-only).' },
        schema: [],
        messages: { server: '"use client" module imports server module "{{source}}": pass plain data from a server component, or call a server action.' },
      },
      create(context) {
        let client = false;
        const check = (source) => {
          if (client && source && typeof source.value === "string" && SERVER_MODULE.test(source.value)) context.report({ node: source, messageId: "server", data: { source: source.value } });
        };
        return {
          Program(program) {
            client = program.body.some((s) => s.type === "ExpressionStatement" && s.directive === "use client");
          },
          ImportDeclaration: (node) => check(node.source),
          ExportNamedDeclaration: (node) => check(node.source),
          ExportAllDeclaration: (node) => check(node.source),
          ImportExpression: (node) => node.source.type === "Literal" && check(node.source),
        };
      },
    },
  },
};

export default defineConfig([
  ...nextVitals,
  ...nextTs,
  globalIgnores([".next/**", "node_modules/**", "lib/generated/**", ".runboard/**", "test-results/**", "playwright-report/**", "next-env.d.ts"]),
  // Everything outside the domain: no database.
  { files: ["**/*.{ts,tsx,js,mjs}"], ignores: [...EXEMPT, "lib/domain/**", "components/**"], rules: restrict(DATABASE) },
  // The domain: the database is its own; no transport, no UI.
  { files: ["lib/domain/**/*.{ts,tsx}"], ignores: EXEMPT, rules: restrict(TRANSPORTS) },
  // Components (client components and the presentational server ones): no database, no server layer.
  { files: ["components/**/*.{ts,tsx}"], ignores: EXEMPT, rules: restrict(DATABASE, SERVER_LAYERS) },
  // "use client" anywhere (app/ too): no server module.
  { files: ["**/*.{ts,tsx}"], ignores: EXEMPT, plugins: { boundaries }, rules: { "boundaries/no-server-import-in-client": "error" } },
]);
