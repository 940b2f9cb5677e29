// Unit tests for the prompt template service (docs/mlflow-compatibility.md#prompt-templates; MLflow's PromptVersion semantics).
import { describe, expect, it } from "vitest";
import { DomainError } from "@/lib/errors";
import { extractVariables, parseChatTemplate, pythonJsonDumps, renderTemplate, serializeChatTemplate, templateFromStored, toSingleBraceFormat, type ChatMessage } from "@/lib/domain/prompts/template";

describe("extractVariables", () => {
  it("finds {{ name }} with optional inner whitespace, unique, in order of first appearance", () => {
    expect(extractVariables("Hi {{name}}, {{ title }} {{  name  }} and {{\ttitle\n}} {{ other}}")).toEqual(["name", "title", "other"]);
  });

  it("accepts dotted identifier names and rejects non-identifiers", () => {
    expect(extractVariables("{{ user.name }} {{a.b.c}} {{ 1abc }} {{ a. b }} {{ a-b }} {{ _x }} {{ .a }} {{ a. }}")).toEqual(["user.name", "a.b.c", "_x"]);
  });

  it("ignores single braces and unbalanced doubles", () => {
    expect(extractVariables("{x} {{ y } {{ {z} }} {{{w}}}")).toEqual(["w"]);
  });

  it("extracts from chat messages (on the serialised list, as MLflow does)", () => {
    const chat: ChatMessage[] = [
      { role: "system", content: "You are {{ persona }}." },
      { role: "user", content: "Summarise {{text}} in {{ n }} sentences, {{persona}}." },
    ];
    expect(extractVariables(chat)).toEqual(["persona", "text", "n"]);
  });

  it("returns [] for a template without variables", () => {
    expect(extractVariables("Plain text")).toEqual([]);
    expect(extractVariables("")).toEqual([]);
  });
});

describe("renderTemplate", () => {
  it("fills every occurrence, with or without whitespace, and stringifies values", () => {
    expect(renderTemplate("{{ a }}+{{a}}={{ sum }} ({{ ok }})", { a: 1, sum: 2, ok: true })).toBe("1+1=2 (true)");
  });

  it("fills dotted names literally (the dot is not a wildcard)", () => {
    expect(renderTemplate("{{ user.name }} / {{ userXname }}", { "user.name": "Ann", userXname: "x" })).toBe("Ann / x");
  });

  it("keeps replacement text literally ($&, backslashes)", () => {
    expect(renderTemplate("{{ v }}", { v: "$& \\u0041 $1" })).toBe("$& \\u0041 $1");
  });

  it("names every missing variable in a DomainError (INVALID_PARAMETER_VALUE)", () => {
    let err: unknown;
    try {
      renderTemplate("Hello {{ title }} {{ name }} from {{ place }}", { title: "Ms" });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(DomainError);
    expect((err as DomainError).code).toBe("INVALID_PARAMETER_VALUE");
    expect((err as DomainError).message).toContain("name, place");
    expect((err as DomainError).message).not.toContain("title");
  });

  it("renders partially when allowed, leaving unfilled variables as written", () => {
    expect(renderTemplate("Hello {{ title }} {{ name }}!", { title: "Ms" }, { allowPartial: true })).toBe("Hello Ms {{ name }}!");
  });

  it("ignores extra values", () => {
    expect(renderTemplate("Hi {{ a }}", { a: "x", b: "y" })).toBe("Hi x");
  });

  it("renders chat templates message by message, keeping roles", () => {
    const chat: ChatMessage[] = [
      { role: "system", content: "You are {{ persona }}." },
      { role: "user", content: "Question: {{ q }}" },
    ];
    expect(renderTemplate(chat, { persona: "a pirate", q: "why?" })).toEqual([
      { role: "system", content: "You are a pirate." },
      { role: "user", content: "Question: why?" },
    ]);
    expect(() => renderTemplate(chat, { persona: "x" })).toThrow(/Missing value for template variable: q/);
  });
});

describe("toSingleBraceFormat", () => {
  it("turns {{ var }} into {var} for text", () => {
    expect(toSingleBraceFormat("Summarise {{ sentences }} in {{num_sentences}} sentences. {keep}")).toBe("Summarise {sentences} in {num_sentences} sentences. {keep}");
  });

  it("handles dotted names", () => {
    expect(toSingleBraceFormat("{{ a.b }} and {{a.b}}")).toBe("{a.b} and {a.b}");
  });

  it("converts chat templates and parses them back", () => {
    const chat: ChatMessage[] = [
      { role: "system", content: 'You are an "{{ role }}" expert.' },
      { role: "user", content: "{{question}}" },
    ];
    expect(toSingleBraceFormat(chat)).toEqual([
      { role: "system", content: 'You are an "{role}" expert.' },
      { role: "user", content: "{question}" },
    ]);
  });
});

describe("chat template storage", () => {
  it("serialises like Python json.dumps and parses back", () => {
    const chat: ChatMessage[] = [
      { role: "system", content: "Grüße, {{ name }}" },
      { role: "user", content: 'say "hi"' },
    ];
    const text = serializeChatTemplate(chat);
    expect(text).toBe('[{"role": "system", "content": "Gr\\u00fc\\u00dfe, {{ name }}"}, {"role": "user", "content": "say \\"hi\\""}]');
    expect(parseChatTemplate(text)).toEqual(chat);
    expect(templateFromStored(text, "chat")).toEqual(chat);
    expect(templateFromStored(text, "text")).toBe(text);
  });

  it("rejects text that is not a list of {role, content}", () => {
    expect(parseChatTemplate("not json")).toBeNull();
    expect(parseChatTemplate('{"role": "user"}')).toBeNull();
    expect(parseChatTemplate('[{"role": "user", "content": 3}]')).toBeNull();
    expect(templateFromStored("oops", "chat")).toBe("oops");
  });

  it("pythonJsonDumps matches Python's default formatting", () => {
    expect(pythonJsonDumps([{ name: "p", version: "2" }])).toBe('[{"name": "p", "version": "2"}]');
    expect(pythonJsonDumps({ a: [1, 2.5, null, true], b: {} })).toBe('{"a": [1, 2.5, null, true], "b": {}}');
  });
});
