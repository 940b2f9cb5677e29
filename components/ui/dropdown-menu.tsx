"use client";
import { MoreHorizontal } from "lucide-react";
import { useRef } from "react";
import { Popover } from "@/components/ui/popover";
import { cn } from "@/components/ui/cn";

export interface MenuItem {
  label: string;
  icon?: React.ReactNode;
  onSelect: () => void;
  danger?: boolean;
}

/** A "⋯" menu of actions; arrow keys move between items. */
export function DropdownMenu({
  items,
  label = "Actions",
  align = "end",
  strategy = "fixed",
}: {
  items: MenuItem[];
  label?: string;
  align?: "start" | "end";
  strategy?: "absolute" | "fixed";
}) {
  const list = useRef<HTMLDivElement>(null);
  return (
    <Popover
      align={align}
      strategy={strategy}
      className="min-w-40 py-1"
      trigger={(p) => (
        <button
          {...p}
          aria-haspopup="menu"
          type="button"
          aria-label={label}
          title={label}
          className="inline-flex h-7 w-7 items-center justify-center rounded-md text-zinc-500 hover:bg-zinc-100 hover:text-zinc-900 dark:hover:bg-zinc-800 dark:hover:text-zinc-100"
        >
          <MoreHorizontal className="h-4 w-4" />
        </button>
      )}
    >
      {(close) => (
        <div
          ref={(el) => {
            list.current = el;
            el?.querySelector<HTMLButtonElement>("[role=menuitem]")?.focus();
          }}
          role="menu"
          aria-label={label}
          onKeyDown={(e) => {
            if (e.key !== "ArrowDown" && e.key !== "ArrowUp") return;
            e.preventDefault();
            const items = [...(list.current?.querySelectorAll<HTMLButtonElement>("[role=menuitem]") ?? [])];
            const i = items.indexOf(document.activeElement as HTMLButtonElement);
            items[(i + (e.key === "ArrowDown" ? 1 : -1) + items.length) % items.length]?.focus();
          }}
        >
          {items.map((item) => (
            <button
              key={item.label}
              type="button"
              role="menuitem"
              onClick={() => {
                close();
                item.onSelect();
              }}
              className={cn(
                "flex w-full items-center gap-2 px-3 py-1.5 text-left text-sm outline-none hover:bg-zinc-100 focus:bg-zinc-100 dark:hover:bg-zinc-800 dark:focus:bg-zinc-800",
                item.danger && "text-red-600 dark:text-red-400",
              )}
            >
              {item.icon}
              {item.label}
            </button>
          ))}
        </div>
      )}
    </Popover>
  );
}
