"use client";
// The runs table's URL state: every change (filter, sort, columns, pins, page, …) is a navigation
// the server answers with the next page; the selection (?sel=) and column widths (?w=) are written
// with history.replaceState so ticking a box or dragging a border never re-fetches.
import { useCallback, useEffect, useMemo, useRef, useState, useTransition } from "react";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import type { ColumnSizingState } from "@tanstack/react-table";
import { guessDirection } from "@/lib/metric-direction";
import { isSortable, parseColumnId, serializeRunsTableState, type RunsTableState } from "@/lib/schemas/ui-runs-table";

export function useRunsTableNavigation(state: RunsTableState, chosen: string[]) {
  const router = useRouter();
  const pathname = usePathname();
  const searchParams = useSearchParams();
  const [pending, startTransition] = useTransition();

  const [selected, setSelected] = useState<string[]>(() => (searchParams.get("sel") ?? "").split(",").filter(Boolean));
  const selectedSet = useMemo(() => new Set(selected), [selected]);

  const writeSelection = useCallback((next: string[]) => {
    setSelected(next);
    const url = new URL(window.location.href);
    if (next.length) url.searchParams.set("sel", next.join(","));
    else url.searchParams.delete("sel");
    window.history.replaceState(window.history.state, "", url.pathname + url.search);
  }, []);

  // The state the user last asked for: quick successive changes (tick two columns, then sort)
  // build on each other even before the server has answered the first.
  const latest = useRef(state);
  useEffect(() => {
    latest.current = state;
  }, [state]);

  const navigate = useCallback(
    (changes: Partial<RunsTableState>, opts: { keepPage?: boolean } = {}) => {
      const next: RunsTableState = { ...latest.current, ...changes };
      latest.current = next;
      if (!opts.keepPage && changes.page === undefined) next.page = 1;
      const qs = new URLSearchParams(serializeRunsTableState(next));
      if (selected.length) qs.set("sel", selected.join(","));
      const s = qs.toString();
      startTransition(() => router.push(s ? `${pathname}?${s}` : pathname, { scroll: false }));
    },
    [selected, pathname, router],
  );

  const clearSelection = useCallback(() => writeSelection([]), [writeSelection]);

  const toggleRow = useCallback(
    (id: string) => writeSelection(selectedSet.has(id) ? selected.filter((x) => x !== id) : [...selected, id]),
    [selected, selectedSet, writeSelection],
  );

  const sortBy = useCallback(
    (id: string, dir?: "asc" | "desc") => {
      if (!isSortable(id)) return;
      if (!dir) {
        if (state.sort === id) dir = state.dir === "asc" ? "desc" : "asc";
        else {
          const c = parseColumnId(id);
          dir = c?.type === "metric" ? (guessDirection(c.key) === "lower" ? "asc" : "desc") : id === "name" || c?.type === "param" || c?.type === "tag" ? "asc" : "desc";
        }
      }
      navigate({ sort: id, dir });
    },
    [state.sort, state.dir, navigate],
  );

  // Ticks in the column chooser show at once, before the server answers with the new columns.
  const [colsView, setColsView] = useState({ base: chosen, cols: chosen });
  const shownChosen = colsView.base === chosen ? colsView.cols : chosen;
  const setChosen = useCallback(
    (cols: string[] | null) => {
      setColsView({ base: chosen, cols: cols ?? chosen });
      navigate({ cols, pin: cols ? latest.current.pin.filter((p) => cols.includes(p)) : latest.current.pin }, { keepPage: true });
    },
    [navigate, chosen],
  );
  const chosenNow = useCallback(() => latest.current.cols ?? chosen, [chosen]);

  return { router, pending, latest, selected, selectedSet, writeSelection, clearSelection, toggleRow, navigate, sortBy, shownChosen, setChosen, chosenNow };
}

/** Column widths: dragged locally (every mouse move re-renders, no server round trip) and written
 * to the URL (?w=, only non-default widths) with history.replaceState when a drag ends, like the
 * selection. A server answer (any other navigation) carries them back in `state.widths`. */
export function useColumnSizing(widths: Record<string, number>) {
  const [sizingView, setSizingView] = useState<{ base: Record<string, number>; sizing: ColumnSizingState }>({ base: widths, sizing: widths });
  const sizing = sizingView.base === widths ? sizingView.sizing : widths;
  const setSizing = useCallback(
    (updater: ColumnSizingState | ((old: ColumnSizingState) => ColumnSizingState)) =>
      setSizingView((v) => {
        const old = v.base === widths ? v.sizing : widths;
        return { base: widths, sizing: typeof updater === "function" ? updater(old) : updater };
      }),
    [widths],
  );
  return { sizing, setSizing };
}

/** Writes the widths to the URL once no column is being resized. */
export function useWriteWidths(sizing: ColumnSizingState, resizing: string | false, latestRef: React.RefObject<RunsTableState>) {
  useEffect(() => {
    if (resizing) return;
    const widths = Object.fromEntries(Object.entries(sizing).filter(([id]) => id !== "select"));
    const cur = latestRef.current;
    const qsNow = serializeRunsTableState(cur);
    const qsNext = serializeRunsTableState({ ...cur, widths });
    if (qsNow === qsNext) return;
    latestRef.current = { ...cur, widths };
    const url = new URL(window.location.href);
    const w = new URLSearchParams(qsNext).get("w");
    if (w) url.searchParams.set("w", w);
    else url.searchParams.delete("w");
    window.history.replaceState(window.history.state, "", url.pathname + url.search);
  }, [sizing, resizing, latestRef]);
}
