// The documentation stays true to the tree: every `docs/mlflow-compatibility.md#anchor` a code
// comment cites names a heading of that document, every Markdown link between our docs lands on
// a heading, and every repository path README, ARCHITECTURE, DEVELOPERS and docs/ mention in
// backticks exists. Pure file reads, no database.
import { describe, expect, it } from "vitest";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";

const ROOT = path.resolve(import.meta.dirname, "..");
const COMPAT = "docs/mlflow-compatibility.md";
const DOCS = ["README.md", "ARCHITECTURE.md", "DEVELOPERS.md", ...readdirSync(path.join(ROOT, "docs")).filter((f) => f.endsWith(".md")).map((f) => `docs/${f}`)];
const CODE_DIRS = ["app", "lib", "components", "scripts", "tests", "bench", "e2e", "prisma"];
const SKIP_DIRS = new Set(["node_modules", ".next", "generated"]);

/** GitHub's heading anchor: lower case, punctuation dropped, spaces to dashes. */
export function slug(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N} _-]/gu, "")
    .replace(/ /g, "-");
}

function anchorsOf(file: string): Set<string> {
  const text = readFileSync(path.join(ROOT, file), "utf8").replace(/```[\s\S]*?```/g, "");
  return new Set([...text.matchAll(/^#{1,6}\s+(.+)$/gm)].map((m) => slug(m[1])));
}

function codeFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(path.join(ROOT, dir))) {
    if (SKIP_DIRS.has(name)) continue;
    const rel = `${dir}/${name}`;
    if (statSync(path.join(ROOT, rel)).isDirectory()) codeFiles(rel, out);
    else if (/\.(ts|tsx|mjs|js|prisma|sql)$/.test(name)) out.push(rel);
  }
  return out;
}

describe("docs", () => {
  const compatAnchors = anchorsOf(COMPAT);
  const files = CODE_DIRS.flatMap((d) => codeFiles(d));

  it("the compatibility document has the anchors the code relies on", () => {
    for (const a of ["conventions", "errors", "limits", "log-batch", "artifacts", "model-registry", "prompts", "traces", "auth", "differences-from-mlflow"]) {
      expect(compatAnchors, a).toContain(a);
    }
  });

  it("every code comment's docs/mlflow-compatibility.md#anchor exists", () => {
    const broken: string[] = [];
    let cited = 0;
    for (const f of files.filter((f) => f !== "tests/docs.test.ts")) {
      const text = readFileSync(path.join(ROOT, f), "utf8");
      for (const m of text.matchAll(/docs\/mlflow-compatibility\.md((?:#[\w-]+)(?:,\s*#[\w-]+)*)/g)) {
        for (const a of m[1].split(/,\s*/)) {
          cited++;
          if (!compatAnchors.has(a.slice(1))) broken.push(`${f}: ${a}`);
        }
      }
    }
    expect(broken).toEqual([]);
    expect(cited).toBeGreaterThan(50);
  });

  it("no comment cites sections of a document outside the repository", () => {
    const stale = files.filter((f) => f !== "tests/docs.test.ts" && /spec §|mlflow-(protocol|tracing|auth)\.md/.test(readFileSync(path.join(ROOT, f), "utf8")));
    expect(stale).toEqual([]);
  });

  it("every Markdown link between the docs lands on a heading", () => {
    const broken: string[] = [];
    for (const doc of DOCS) {
      const text = readFileSync(path.join(ROOT, doc), "utf8");
      for (const m of text.matchAll(/\]\(([^)\s]*?)(?:#([^)\s]+))?\)/g)) {
        const [, target, anchor] = m;
        if (/^[a-z]+:/.test(target)) continue; // external
        const file = target === "" ? doc : path.normalize(path.join(path.dirname(doc), target));
        if (!existsSync(path.join(ROOT, file))) {
          broken.push(`${doc}: ${m[0]} (no file ${file})`);
          continue;
        }
        if (anchor && file.endsWith(".md") && !anchorsOf(file).has(anchor)) broken.push(`${doc}: ${m[0]} (no heading)`);
      }
    }
    expect(broken).toEqual([]);
  });

  it("every function ARCHITECTURE.md names in backticks is defined in the code", () => {
    const code = files.filter((f) => /\.(ts|tsx|mjs)$/.test(f) && f !== "tests/docs.test.ts").map((f) => readFileSync(path.join(ROOT, f), "utf8")).join("\n");
    const text = readFileSync(path.join(ROOT, "ARCHITECTURE.md"), "utf8");
    // `module.fn` names a domain module's function; `mlflow.tagKey` and `history.api` are not ours.
    const matches = [...text.matchAll(/`(?:([a-z-]+)\.)?([a-z]+[A-Z][A-Za-z0-9]*)(?:\(\))?`/g)];
    const names = new Set(matches.filter((m) => m[1] !== "mlflow" && m[1] !== "history").map((m) => m[2]));
    const undefinedNames = [...names].filter((n) => !new RegExp(`(function\\*?|const|let|class)\\s+${n}\\b`).test(code));
    expect(names.size).toBeGreaterThan(50);
    expect(undefinedNames).toEqual([]);
  });

  it("every repository path the docs name in backticks exists", () => {
    const missing: string[] = [];
    const top = /^(app|lib|components|scripts|tests|e2e|bench|prisma|docs|\.ci)\//;
    const files = /^(next\.config\.ts|playwright\.config\.ts|vitest\.config\.ts|eslint\.config\.mjs|instrumentation\.ts|package\.json|\.env\.example)$/;
    for (const doc of DOCS) {
      const text = readFileSync(path.join(ROOT, doc), "utf8");
      for (const m of text.matchAll(/`([^`\s]+)`/g)) {
        const p = m[1].replace(/#.*$/, "");
        if (!top.test(p) && !files.test(p)) continue;
        if (/[*<>…{}$|]/.test(p) || p.includes("/**")) continue; // patterns and placeholders
        // A module path (`lib/db`) names the file without its extension.
        if (!["", ".ts", ".tsx", ".mjs"].some((ext) => existsSync(path.join(ROOT, p + ext)))) missing.push(`${doc}: ${p}`);
      }
    }
    expect(missing).toEqual([]);
  });
});
