"use client";
import { CircleAlert, Search, X } from "lucide-react";
import { useEffect, useRef, useState } from "react";
import { searchExperimentKeysAction } from "@/lib/actions/runs";
import { cn } from "@/components/ui/cn";
import { Kbd } from "@/components/ui/kbd";
import { ATTRIBUTE_KEYS, PREFIXES, quoteKey, suggestionContext, type SuggestionContext } from "@/components/runs/filter-suggestions";

export interface FilterErrorInfo {
  message: string;
  position?: number;
  length?: number;
}

const EXAMPLES = ["metrics.accuracy > 0.9", "params.optimizer = 'adam'", "attributes.status = 'FAILED'", "tags.`mlflow.runName` LIKE 'bert%'"];

/**
 * The MLflow filter box. Enter applies the expression; a syntax error from the server's parser
 * (the same one the REST API uses) is shown under the box, and the offending token is underlined
 * in place and pointed at in a copy of the expression.
 */
export function RunFilterBox({
  experimentId,
  value,
  error,
  onApply,
}: {
  experimentId: string;
  value: string;
  error: FilterErrorInfo | null;
  onApply: (filter: string) => void;
}) {
  const [text, setText] = useState(value);
  const { suggestions, active, setActive, context, update: updateSuggestions, close: closeSuggestions } = useSuggestions(experimentId);
  const accept = (s: string) => {
    if (!context) return;
    const caret = input.current?.selectionStart ?? text.length;
    const insert = context.mode === "prefix" ? s : quoteKey(s) + " ";
    // Replace the partial (and a backtick typed before it) up to the caret.
    const next = text.slice(0, context.from) + insert + text.slice(caret);
    setText(next);
    closeSuggestions();
    const at = context.from + insert.length;
    requestAnimationFrame(() => {
      input.current?.focus();
      input.current?.setSelectionRange(at, at);
      if (context.mode === "prefix") updateSuggestions(next, at);
    });
  };
  const [scroll, setScroll] = useState(0);
  const input = useRef<HTMLInputElement>(null);
  // A new applied filter (navigation, back button) replaces what is in the box.
  const [applied, setApplied] = useState(value);
  if (applied !== value) {
    setApplied(value);
    setText(value);
  }

  // The error belongs to the applied filter; once the text is edited, stop underlining.
  const stale = text !== value;
  const pos = error?.position;
  const hasSpan = !!error && !stale && pos !== undefined && pos >= 0 && pos <= value.length;
  const len = hasSpan ? Math.max(1, Math.min(error!.length ?? 1, Math.max(1, value.length - pos!))) : 0;

  return (
    <div className="min-w-0 flex-1">
      <form
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          onApply(text.trim());
        }}
        className="relative"
      >
        <Search aria-hidden className="pointer-events-none absolute top-1/2 left-2.5 h-4 w-4 -translate-y-1/2 text-zinc-400" />
        {hasSpan && (
          // Mirror of the text behind the (transparent-background) input, with the bad token underlined.
          <div aria-hidden className="pointer-events-none absolute inset-y-0 right-16 left-8 overflow-hidden">
            <div className="flex h-full items-center font-mono text-sm whitespace-pre text-transparent" style={{ transform: `translateX(${-scroll}px)` }}>
              {value.slice(0, pos)}
              <span className="rounded-sm bg-red-500/15 underline decoration-red-500 decoration-wavy decoration-2 underline-offset-4">
                {value.slice(pos, pos! + len) || " "}
              </span>
            </div>
          </div>
        )}
        <input
          ref={input}
          type="text"
          name="q"
          aria-label="Filter runs (MLflow search syntax)"
          aria-invalid={!!error && !stale}
          aria-describedby={error && !stale ? "run-filter-error" : "run-filter-help"}
          spellCheck={false}
          autoComplete="off"
          value={text}
          role="combobox"
          aria-expanded={suggestions.length > 0}
          aria-controls="run-filter-suggestions"
          aria-autocomplete="list"
          aria-activedescendant={suggestions.length ? `run-filter-suggestion-${active}` : undefined}
          onChange={(e) => {
            setText(e.target.value);
            updateSuggestions(e.target.value, e.target.selectionStart ?? e.target.value.length);
          }}
          onBlur={() => setTimeout(closeSuggestions, 150)}
          onScroll={(e) => setScroll(e.currentTarget.scrollLeft)}
          onKeyDown={(e) => {
            if (suggestions.length) {
              if (e.key === "ArrowDown" || e.key === "ArrowUp") {
                e.preventDefault();
                setActive((active + (e.key === "ArrowDown" ? 1 : -1) + suggestions.length) % suggestions.length);
                return;
              }
              if (e.key === "Enter" || e.key === "Tab") {
                e.preventDefault();
                accept(suggestions[active]);
                return;
              }
              if (e.key === "Escape") {
                e.preventDefault();
                closeSuggestions();
                return;
              }
            }
            if (e.key === "Escape" && text) {
              e.preventDefault();
              setText(value);
            }
          }}
          placeholder="metrics.loss < 0.5 AND params.optimizer = 'adam'"
          className={cn(
            "h-9 w-full rounded-md border bg-transparent pr-16 pl-8 font-mono text-sm placeholder:font-sans placeholder:text-zinc-400 focus:ring-2 focus:outline-none dark:placeholder:text-zinc-500",
            error && !stale
              ? "border-red-400 focus:border-red-500 focus:ring-red-500/20 dark:border-red-700"
              : "border-zinc-300 focus:border-indigo-500 focus:ring-indigo-500/20 dark:border-zinc-700",
          )}
        />
        <div className="absolute inset-y-0 right-2 flex items-center gap-1">
          {text && (
            <button
              type="button"
              aria-label="Clear filter"
              onClick={() => {
                setText("");
                if (value) onApply("");
                input.current?.focus();
              }}
              className="rounded p-0.5 text-zinc-400 hover:bg-zinc-100 hover:text-zinc-700 dark:hover:bg-zinc-800 dark:hover:text-zinc-200"
            >
              <X className="h-4 w-4" />
            </button>
          )}
          {stale && <Kbd>↵</Kbd>}
        </div>
        {suggestions.length > 0 && (
          <ul
            id="run-filter-suggestions"
            role="listbox"
            aria-label="Suggestions"
            className="absolute top-full left-0 z-40 mt-1 max-h-72 w-96 max-w-full overflow-auto rounded-lg border border-zinc-200 bg-white py-1 shadow-lg dark:border-zinc-800 dark:bg-zinc-900"
          >
            {suggestions.map((s, i) => (
              <li
                key={s}
                id={`run-filter-suggestion-${i}`}
                role="option"
                aria-selected={i === active}
                onMouseDown={(e) => {
                  e.preventDefault();
                  accept(s);
                }}
                onMouseEnter={() => setActive(i)}
                className={cn("cursor-pointer truncate px-3 py-1.5 font-mono text-[13px]", i === active && "bg-indigo-50 text-indigo-800 dark:bg-indigo-950 dark:text-indigo-200")}
              >
                {context?.kind && <span className="mr-1 text-zinc-400">{context.kind === "metric" ? "metrics." : context.kind === "param" ? "params." : "tags."}</span>}
                {context?.mode === "attribute" && <span className="mr-1 text-zinc-400">attributes.</span>}
                {s}
              </li>
            ))}
          </ul>
        )}
      </form>
      {error && !stale ? (
        <div id="run-filter-error" role="alert" className="mt-1.5 text-xs">
          <p className="flex items-start gap-1.5 text-red-600 dark:text-red-400">
            <CircleAlert aria-hidden className="mt-px h-3.5 w-3.5 shrink-0" />
            <span>{error.message}</span>
          </p>
          {hasSpan && (
            <pre aria-hidden data-testid="filter-error-pointer" className="mt-1 overflow-x-auto pl-5 font-mono text-[11px] leading-4 text-zinc-500 dark:text-zinc-400">
              {value}
              {"\n"}
              <span className="text-red-600 dark:text-red-400">{" ".repeat(pos!) + "^".repeat(len)}</span>
            </pre>
          )}
        </div>
      ) : (
        <p id="run-filter-help" className="mt-1.5 truncate text-xs text-zinc-500 dark:text-zinc-400">
          MLflow search syntax, clauses joined by AND — e.g.{" "}
          {EXAMPLES.map((ex, i) => (
            <span key={ex}>
              {i > 0 && " · "}
              <button type="button" className="font-mono text-zinc-600 hover:text-indigo-600 hover:underline dark:text-zinc-300 dark:hover:text-indigo-400" onClick={() => setText(ex)}>
                {ex}
              </button>
            </span>
          ))}
        </p>
      )}
    </div>
  );
}

/** Suggestions for the word at the caret; keys come from the server (experiment_keys). */
function useSuggestions(experimentId: string) {
  const [suggestions, setSuggestions] = useState<string[]>([]);
  const [context, setContext] = useState<SuggestionContext | null>(null);
  const [active, setActive] = useState(0);
  const request = useRef(0);
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);

  const show = (ctx: SuggestionContext, list: string[]) => {
    // Nothing to add when the word is already complete.
    const useful = list.filter((s) => s !== ctx.partial).slice(0, 8);
    setContext(ctx);
    setSuggestions(useful);
    setActive(0);
  };
  const close = () => {
    request.current++;
    setSuggestions([]);
  };
  const update = (text: string, caret: number) => {
    clearTimeout(timer.current);
    const ctx = suggestionContext(text, caret);
    if (!ctx) return close();
    const p = ctx.partial.toLowerCase();
    if (ctx.mode === "prefix") return show(ctx, PREFIXES.filter((x) => x.startsWith(p) && p.length > 0));
    if (ctx.mode === "attribute") return show(ctx, ATTRIBUTE_KEYS.filter((x) => x.includes(p)));
    const id = ++request.current;
    timer.current = setTimeout(async () => {
      const r = await searchExperimentKeysAction({ experimentId, query: ctx.partial, kind: ctx.kind, limit: 9 });
      if (id === request.current && r.ok) show(ctx, r.data.keys.map((k) => k.key));
    }, 120);
  };
  return { suggestions, active, setActive, context, update, close };
}
