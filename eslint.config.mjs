import { defineConfig, globalIgnores } from "eslint/config";
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

export default defineConfig([
  ...nextVitals,
  ...nextTs,
  globalIgnores([".next/**", "node_modules/**", "lib/generated/**", ".runboard/**", "test-results/**", "playwright-report/**", "next-env.d.ts"]),
  {
    // Client components must not reach the server-only layers.
    files: ["components/**/*.tsx"],
    rules: {
      "no-restricted-imports": [
        "error",
        { patterns: [{ group: ["@/lib/db", "@/lib/domain/*", "@/lib/mlflow/*"], message: "Client components must not import server-only code; pass plain data from a server component." }] },
      ],
    },
  },
]);
