// The action helper itself: the order of its steps, and that every server action goes through it
// (the one place identity and the Origin check will live).
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { notFound } from "@/lib/errors";
import { callAction, formAction } from "@/lib/actions/action";
import { form, runAction } from "@/tests/actions";

const schema = z.object({ n: z.coerce.number().int().min(1, "At least 1") });

describe("formAction / callAction", () => {
  it("parses, runs, revalidates and confirms", async () => {
    const out = await runAction(() => formAction(form({ n: "2", extra: "x" }), schema, { run: async (i) => i.n * 2, revalidate: (_, r) => [`/p/${r}`], message: (i) => `n=${i.n}` }));
    expect(out.result).toEqual({ ok: true, data: undefined, message: "n=2" });
    expect(out.revalidated).toEqual(["/p/4"]);
  });

  it("a schema failure never reaches the domain and revalidates nothing", async () => {
    let ran = false;
    const out = await runAction(() => formAction(form({ n: "0" }), schema, { run: async () => (ran = true), revalidate: () => ["/p"] }));
    expect(ran).toBe(false);
    expect(out.result).toEqual({ ok: false, message: "At least 1", fieldErrors: { n: ["At least 1"] }, values: { n: "0" } });
    expect(out.revalidated).toEqual([]);
  });

  it("a DomainError becomes a result on its field; any other error is thrown", async () => {
    const domain = await runAction(() => callAction({ n: 1 }, schema, { run: async () => Promise.reject(notFound("gone")), errorField: (m) => (m === "gone" ? "n" : undefined), revalidate: () => ["/p"] }));
    expect(domain.result).toEqual({ ok: false, message: "gone", fieldErrors: { n: ["gone"] }, values: undefined });
    expect(domain.revalidated).toEqual([]);
    await expect(runAction(() => callAction({ n: 1 }, schema, { run: async () => Promise.reject(new TypeError("bug")) }))).rejects.toThrow("bug");
  });

  it("redirects only after a success", async () => {
    const out = await runAction(() => formAction(form({ n: "3" }), schema, { run: async (i) => i.n, redirectTo: (_, r) => `/done/${r}` }));
    expect(out.redirectedTo).toBe("/done/3");
  });
});

describe("every server action", () => {
  const dir = path.join(import.meta.dirname);
  const modules = readdirSync(dir).filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts") && readFileSync(path.join(dir, f), "utf8").startsWith('"use server"'));

  it("there are action modules to check", () => expect(modules.length).toBeGreaterThanOrEqual(5));

  it.each(modules)("%s: each exported action runs through formAction or callAction", (file) => {
    const src = ts.createSourceFile(file, readFileSync(path.join(dir, file), "utf8"), ts.ScriptTarget.Latest, true);
    const local = new Map<string, string>();
    const exported: string[] = [];
    for (const st of src.statements) {
      if (!ts.isFunctionDeclaration(st) || !st.name || !st.body) continue;
      local.set(st.name.text, st.body.getText());
      if (st.modifiers?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword)) exported.push(st.name.text);
    }
    const viaHelper = (name: string, seen = new Set<string>()): boolean => {
      const body = local.get(name) ?? "";
      if (/\b(formAction|callAction)\(/.test(body)) return true;
      seen.add(name);
      return [...local.keys()].some((other) => !seen.has(other) && new RegExp(`\\b${other}\\(`).test(body) && viaHelper(other, seen));
    };
    expect(exported.length).toBeGreaterThan(0);
    expect(exported.filter((name) => !viaHelper(name))).toEqual([]);
  });
});
