"use client";
// The prompt editor's "Model config & response format" fields (JSON objects, checked as typed).
import { FieldError, inputClass } from "@/components/ui/input";
import { cn } from "@/components/ui/cn";
import type { tryJson } from "@/components/prompts/prompt-editor-json";

export function PromptJsonFields({
  ids,
  modelConfig,
  setModelConfig,
  responseFormat,
  setResponseFormat,
  mc,
  rf,
  fe,
}: {
  ids: { mc: string; rf: string };
  modelConfig: string;
  setModelConfig: (v: string) => void;
  responseFormat: string;
  setResponseFormat: (v: string) => void;
  mc: ReturnType<typeof tryJson>;
  rf: ReturnType<typeof tryJson>;
  fe: Record<string, string[] | undefined>;
}) {
  return (
        <details className="group rounded-md border border-zinc-200 dark:border-zinc-800" open={!!(modelConfig || responseFormat || fe.modelConfig || fe.responseFormat)}>
          <summary className="cursor-pointer px-3 py-2 text-sm font-medium select-none">Model config & response format</summary>
          <div className="space-y-4 border-t border-zinc-200 p-3 dark:border-zinc-800">
            <div>
              <label htmlFor={ids.mc} className="mb-1 block text-xs font-medium">
                Model config (JSON object)
              </label>
              <textarea
                id={ids.mc}
                name="modelConfig"
                value={modelConfig}
                onChange={(e) => setModelConfig(e.target.value)}
                rows={Math.min(12, Math.max(4, modelConfig.split("\n").length + 1))}
                spellCheck={false}
                placeholder={'{ "model_name": "gpt-4o-mini", "temperature": 0.2 }'}
                className={cn(inputClass, "h-auto py-2 font-mono text-xs")}
              />
              <FieldError>{fe.modelConfig?.join(" ") ?? (!mc.ok ? mc.error : undefined)}</FieldError>
            </div>
            <div>
              <label htmlFor={ids.rf} className="mb-1 block text-xs font-medium">
                Response format (JSON schema)
              </label>
              <textarea
                id={ids.rf}
                name="responseFormat"
                value={responseFormat}
                onChange={(e) => setResponseFormat(e.target.value)}
                rows={Math.min(12, Math.max(4, responseFormat.split("\n").length + 1))}
                spellCheck={false}
                placeholder={'{ "type": "object", "properties": { "summary": { "type": "string" } } }'}
                className={cn(inputClass, "h-auto py-2 font-mono text-xs")}
              />
              <FieldError>{fe.responseFormat?.join(" ") ?? (!rf.ok ? rf.error : undefined)}</FieldError>
            </div>
          </div>
        </details>
  );
}
