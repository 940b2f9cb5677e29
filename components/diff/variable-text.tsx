// Text with `{{ variable }}` placeholders highlighted (docs/mlflow-compatibility.md#prompt-templates syntax). Server- and client-safe.
import { Fragment } from "react";

const VARIABLE_RE = /(\{\{\s*[a-zA-Z_][a-zA-Z0-9_]*(?:\.[a-zA-Z_][a-zA-Z0-9_]*)*\s*\}\})/g;

export const variableClass =
  "rounded-sm bg-indigo-100/80 px-0.5 font-semibold text-indigo-700 dark:bg-indigo-500/20 dark:text-indigo-300";

/** Renders `text`, wrapping each {{variable}} in a highlighted span (when `enabled`). `bare`: colour only, no background (inside diff highlights). */
export function VariableText({ text, enabled = true, bare = false }: { text: string; enabled?: boolean; bare?: boolean }) {
  if (!enabled || !text.includes("{{")) return <>{text}</>;
  const parts = text.split(VARIABLE_RE);
  return (
    <>
      {parts.map((p, i) =>
        i % 2 === 1 ? (
          <span key={i} className={bare ? "font-semibold text-indigo-700 dark:text-indigo-300" : variableClass} data-variable={p.replace(/[{}\s]/g, "")}>
            {p}
          </span>
        ) : (
          <Fragment key={i}>{p}</Fragment>
        ),
      )}
    </>
  );
}
