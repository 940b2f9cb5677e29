"use client";
// Column definitions of the runs table (the shadcn "columns.tsx"): the selection checkbox, the
// name, then one column per chosen attribute, metric, param or tag.
import type { ColumnDef, Row } from "@tanstack/react-table";
import type { ColumnMeta } from "@/components/data-table/virtual-data-table";
import { RunColumnHeader } from "@/components/runs/run-column-header";
import { DurationCell, NameCell, ParentCell, RunIdCell, SourceCell, ValueCell } from "@/components/runs/run-cells";
import { Checkbox } from "@/components/ui/checkbox";
import { StatusBadge } from "@/components/ui/badge";
import { TimeAgo } from "@/components/ui/time";
import { ATTRIBUTE_LABELS, defaultColumnWidth, columnLabel, parseColumnId, type RunTableRow, type RunsTableState } from "@/lib/schemas/ui-runs-table";

export interface RunsTableColumnsInput {
  experimentId: string;
  /** Visible columns after the name column. */
  columns: string[];
  state: Pick<RunsTableState, "sort" | "dir" | "pin">;
  rows: RunTableRow[];
  selected: string[];
  selectedSet: Set<string>;
  writeSelection: (next: string[]) => void;
  toggleRow: (id: string) => void;
  sortBy: (id: string, dir?: "asc" | "desc") => void;
  onPin: (id: string, pin: boolean) => void;
  onHide: (id: string) => void;
  onShowChildren: (runId: string) => void;
}

export function runsTableColumns(input: RunsTableColumnsInput): ColumnDef<RunTableRow>[] {
  const { experimentId, columns, state, rows, selected, selectedSet, writeSelection, toggleRow, sortBy, onPin, onHide, onShowChildren } = input;
  const pageIds = rows.map((r) => r.id);
  const pageSelected = pageIds.filter((id) => selectedSet.has(id)).length;
  const header = (id: string) => (
    <RunColumnHeader
      id={id}
      sorted={state.sort === id ? state.dir : false}
      pinned={state.pin.includes(id)}
      onSort={(dir) => sortBy(id, dir)}
      onPin={(pin) => onPin(id, pin)}
      onHide={id === "name" ? undefined : () => onHide(id)}
    />
  );
    const defs: ColumnDef<RunTableRow>[] = [
      {
        id: "select",
        size: 40,
        enableResizing: false,
        header: () => (
          <Checkbox
            aria-label="Select all runs on this page"
            checked={rows.length > 0 && pageSelected === rows.length}
            indeterminate={pageSelected > 0 && pageSelected < rows.length}
            onChange={(e) => writeSelection(e.target.checked ? [...new Set([...selected, ...pageIds])] : selected.filter((id) => !pageIds.includes(id)))}
          />
        ),
        cell: ({ row }) => <Checkbox tabIndex={-1} aria-label={`Select run ${row.original.name}`} checked={selectedSet.has(row.original.id)} onChange={() => toggleRow(row.original.id)} />,
      },
      {
        id: "name",
        size: defaultColumnWidth("name"),
        meta: { label: ATTRIBUTE_LABELS.name } satisfies ColumnMeta,
        header: () => header("name"),
        cell: ({ row }) => <NameCell row={row.original} experimentId={experimentId} onShowChildren={onShowChildren} />,
      },
    ];
    for (const id of columns) {
      const c = parseColumnId(id);
      if (!c) continue;
      const meta: ColumnMeta = { numeric: c.type === "metric" || id === "duration", label: columnLabel(id) };
      let cell: ColumnDef<RunTableRow>["cell"];
      if (c.type === "attribute") {
        cell = {
          name: undefined,
          status: ({ row }: { row: Row<RunTableRow> }) => <StatusBadge status={row.original.status} />,
          start: ({ row }: { row: Row<RunTableRow> }) => <TimeAgo ms={row.original.startTime} className="text-zinc-600 dark:text-zinc-400" />,
          end: ({ row }: { row: Row<RunTableRow> }) => <TimeAgo ms={row.original.endTime} className="text-zinc-600 dark:text-zinc-400" />,
          duration: ({ row }: { row: Row<RunTableRow> }) => <DurationCell row={row.original} />,
          user: ({ row }: { row: Row<RunTableRow> }) => <span className="truncate">{row.original.userId || <span className="text-zinc-300 dark:text-zinc-700">—</span>}</span>,
          source: ({ row }: { row: Row<RunTableRow> }) => <SourceCell value={row.original.values.source} />,
          run_id: ({ row }: { row: Row<RunTableRow> }) => <RunIdCell id={row.original.id} />,
          parent: ({ row }: { row: Row<RunTableRow> }) => <ParentCell row={row.original} experimentId={experimentId} />,
        }[c.key];
      } else {
        const kind = c.type;
        cell = ({ row }) => <ValueCell value={row.original.values[id]} kind={kind} />;
      }
      defs.push({ id, size: defaultColumnWidth(id), header: () => header(id), cell, meta });
    }
    return defs;
}
