// JSON text fields of the prompt editor (model config, response format): shown as stable JSON,
// parsed back as a JSON object or nothing.
import { stableJson } from "@/lib/text-diff";

export function jsonText(v: unknown): string {
  return v === null || v === undefined ? "" : stableJson(v);
}

export function tryJson(text: string): { ok: true; value: unknown } | { ok: false; error: string } {
  if (!text.trim()) return { ok: true, value: null };
  try {
    const v = JSON.parse(text);
    if (typeof v !== "object" || v === null || Array.isArray(v)) return { ok: false, error: "Must be a JSON object" };
    return { ok: true, value: v };
  } catch (e) {
    return { ok: false, error: (e as Error).message };
  }
}
