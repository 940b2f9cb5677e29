import { describe, expect, it } from "vitest";
import {
  diffChat,
  diffJsonValues,
  diffTemplates,
  diffVariables,
  extractTemplateVariables,
  foldRows,
  parseChat,
  toUnifiedLines,
  type DiffSide,
  type Segment,
} from "@/lib/text-diff";

const text = (side: DiffSide | null, drop: Segment["kind"]) =>
  side ? side.segments.filter((s) => s.kind !== drop).map((s) => s.text).join("") : null;

describe("diffTemplates", () => {
  it("reports identical texts", () => {
    const d = diffTemplates("a\nb\n", "a\nb");
    expect(d.identical).toBe(true);
    expect(d.rows.map((r) => r.kind)).toEqual(["equal", "equal"]);
    expect(d.stats).toEqual({ added: 0, removed: 0, changed: 0, unchanged: 2 });
  });

  it("pairs a replaced line and marks the changed words", () => {
    const before = "You are a helpful assistant.\nSummarize {{text}} in {{n}} sentences.\nBe brief.";
    const after = "You are a helpful assistant.\nSummarize {{text}} in exactly {{n}} bullet points.\nBe brief.";
    const d = diffTemplates(before, after);
    expect(d.rows.map((r) => r.kind)).toEqual(["equal", "changed", "equal"]);
    const row = d.rows[1];
    expect(row.left!.lineNo).toBe(2);
    expect(row.right!.lineNo).toBe(2);
    // Each side rebuilds its own line exactly.
    expect(text(row.left, "added")).toBe("Summarize {{text}} in {{n}} sentences.");
    expect(text(row.right, "removed")).toBe("Summarize {{text}} in exactly {{n}} bullet points.");
    const added = row.right!.segments.filter((s) => s.kind === "added").map((s) => s.text.trim());
    const removed = row.left!.segments.filter((s) => s.kind === "removed").map((s) => s.text.trim());
    expect(added.join(" ")).toContain("exactly");
    expect(added.join(" ")).toContain("bullet points");
    expect(removed.join(" ")).toContain("sentences");
    expect(row.left!.segments.some((s) => s.kind === "equal" && s.text.includes("{{text}}"))).toBe(true);
    expect(d.stats).toEqual({ added: 1, removed: 1, changed: 1, unchanged: 2 });
  });

  it("numbers lines per side across pure additions and removals", () => {
    const d = diffTemplates("a\nb\nc", "a\nx\ny\nc\nd");
    expect(d.rows.map((r) => [r.kind, r.left?.lineNo ?? null, r.right?.lineNo ?? null])).toEqual([
      ["equal", 1, 1],
      ["changed", 2, 2],
      ["added", null, 3],
      ["equal", 3, 4],
      ["added", null, 5],
    ]);
    expect(d.stats.added).toBe(3);
    expect(d.stats.removed).toBe(1);
  });

  it("pairs a changed line with its most similar counterpart when lines are inserted above it", () => {
    const before = "Summarize the following text in {{n}} sentences:\n\n{{text}}";
    const after = "You are a careful editor.\nSummarize the following text in exactly {{n}} bullet points.\nBe brief.\n\n{{text}}";
    const d = diffTemplates(before, after);
    expect(d.rows.map((r) => [r.kind, r.left?.lineNo ?? null, r.right?.lineNo ?? null])).toEqual([
      ["added", null, 1],
      ["changed", 1, 2],
      ["added", null, 3],
      ["equal", 2, 4],
      ["equal", 3, 5],
    ]);
    expect(d.rows[1].left!.segments.some((s) => s.kind === "equal" && s.text.includes("Summarize the following text in"))).toBe(true);
    const u = toUnifiedLines(d.rows);
    expect(u.slice(0, 4).map((l) => l.kind)).toEqual(["removed", "added", "added", "added"]);
  });

  it("shows an unrelated replacement whole rather than word by word", () => {
    const d = diffTemplates("alpha beta gamma", "zzz qqq");
    expect(d.rows[0].kind).toBe("changed");
    expect(d.rows[0].left!.segments).toEqual([{ text: "alpha beta gamma", kind: "removed" }]);
    expect(d.rows[0].right!.segments).toEqual([{ text: "zzz qqq", kind: "added" }]);
  });

  it("handles empty sides and CRLF", () => {
    expect(diffTemplates("", "").rows).toEqual([]);
    const add = diffTemplates("", "one\ntwo");
    expect(add.rows.map((r) => r.kind)).toEqual(["added", "added"]);
    const del = diffTemplates("one\r\ntwo\r\n", "");
    expect(del.rows.map((r) => r.kind)).toEqual(["removed", "removed"]);
    expect(text(del.rows[0].left, "added")).toBe("one");
    expect(diffTemplates("a\r\nb", "a\r\nb").identical).toBe(true);
  });

  it("keeps blank lines as rows", () => {
    const d = diffTemplates("a\n\nb", "a\n\nc");
    expect(d.rows.map((r) => r.kind)).toEqual(["equal", "equal", "changed"]);
    expect(d.rows[1].left!.segments).toEqual([]);
  });
});

describe("toUnifiedLines", () => {
  it("lists removed lines before added ones within a block", () => {
    const d = diffTemplates("a\nb\nc\nz", "a\nB\nC\nD\nz");
    const u = toUnifiedLines(d.rows);
    expect(u.map((l) => [l.kind, l.oldNo, l.newNo])).toEqual([
      ["equal", 1, 1],
      ["removed", 2, null],
      ["removed", 3, null],
      ["added", null, 2],
      ["added", null, 3],
      ["added", null, 4],
      ["equal", 4, 5],
    ]);
  });
});

describe("foldRows", () => {
  it("collapses long unchanged stretches but keeps context around changes", () => {
    const before = Array.from({ length: 20 }, (_, i) => `line ${i}`).join("\n");
    const after = before.replace("line 10", "line ten");
    const folded = foldRows(diffTemplates(before, after).rows, 2);
    const kinds = folded.map((r) => r.kind);
    expect(kinds).toEqual(["fold", "equal", "equal", "changed", "equal", "equal", "fold"]);
    const first = folded[0];
    expect(first.kind === "fold" && first.rows.length).toBe(8);
  });

  it("does not fold short stretches", () => {
    const rows = diffTemplates("a\nb\nc", "a\nX\nc").rows;
    expect(foldRows(rows, 3)).toEqual(rows);
  });
});

describe("variables", () => {
  it("extracts {{ var }} names once, in order, with dotted names and inner spaces", () => {
    expect(extractTemplateVariables("Hi {{ name }}, see {{doc.title}} and {{name}}; not {single} or {{ 1bad }}")).toEqual(["name", "doc.title"]);
  });

  it("diffs variable sets", () => {
    expect(diffVariables(["text", "n"], ["text", "style", "lang"])).toEqual({ added: ["style", "lang"], removed: ["n"], kept: ["text"] });
  });
});

describe("chat prompts", () => {
  it("parses a chat template and tolerates non-string content", () => {
    expect(parseChat("not json")).toBeNull();
    expect(parseChat('{"role":"user"}')).toBeNull();
    const msgs = parseChat(JSON.stringify([{ role: "system", content: "S" }, { role: "user", content: [{ type: "text", text: "hi" }] }]));
    expect(msgs![0]).toEqual({ role: "system", content: "S" });
    expect(msgs![1].role).toBe("user");
    expect(msgs![1].content).toContain('"type": "text"');
  });

  it("diffs message by message, pairing changed messages by role", () => {
    const before = [
      { role: "system", content: "You are terse." },
      { role: "user", content: "Summarize {{text}}." },
    ];
    const after = [
      { role: "system", content: "You are terse and precise." },
      { role: "user", content: "Summarize {{text}}." },
      { role: "assistant", content: "Sure." },
    ];
    const d = diffChat(before, after);
    expect(d.messages.map((m) => [m.kind, m.beforeIndex, m.afterIndex])).toEqual([
      ["changed", 0, 0],
      ["equal", 1, 1],
      ["added", null, 2],
    ]);
    expect(d.messages[0].diff.rows[0].right!.segments.some((s) => s.kind === "added" && s.text.includes("precise"))).toBe(true);
    expect(d.stats).toEqual({ added: 1, removed: 0, changed: 1, unchanged: 1 });
    expect(d.identical).toBe(false);
  });

  it("reports removed messages and identical prompts", () => {
    const m = [
      { role: "system", content: "A" },
      { role: "user", content: "B" },
    ];
    expect(diffChat(m, m).identical).toBe(true);
    const d = diffChat(m, [m[1]]);
    expect(d.messages.map((x) => [x.kind, x.beforeRole])).toEqual([
      ["removed", "system"],
      ["equal", "user"],
    ]);
  });
});

describe("diffJsonValues", () => {
  it("ignores key order and shows changed values", () => {
    expect(diffJsonValues({ a: 1, b: 2 }, { b: 2, a: 1 }).identical).toBe(true);
    const d = diffJsonValues({ model: "gpt-4o", temperature: 0.2 }, { model: "gpt-4o", temperature: 0.7 });
    expect(d.rows.filter((r) => r.kind === "changed")).toHaveLength(1);
    expect(diffJsonValues(null, { a: 1 }).stats.added).toBe(3);
  });
});
