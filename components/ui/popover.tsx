"use client";
import { useEffect, useEffectEvent, useRef, useState } from "react";
import { cn } from "@/components/ui/cn";

/**
 * A click-to-open panel anchored under its trigger. Closes on outside click and Escape (focus
 * returns to the trigger). `trigger` receives the props to spread on a button.
 */
export function Popover({
  trigger,
  children,
  align = "start",
  className,
  open: controlledOpen,
  onOpenChange,
  strategy = "absolute",
}: {
  trigger: (props: { onClick: () => void; "aria-expanded": boolean; "aria-haspopup": "dialog" | "menu"; ref: React.Ref<HTMLButtonElement> }) => React.ReactNode;
  children: React.ReactNode | ((close: () => void) => React.ReactNode);
  align?: "start" | "end";
  className?: string;
  open?: boolean;
  onOpenChange?: (open: boolean) => void;
  /** "fixed": position against the viewport, so a scrolling/clipping ancestor cannot cut it off. */
  strategy?: "absolute" | "fixed";
}) {
  const [uncontrolled, setUncontrolled] = useState(false);
  const open = controlledOpen ?? uncontrolled;
  const setOpen = (v: boolean) => {
    setUncontrolled(v);
    onOpenChange?.(v);
  };
  const wrap = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const closeFromEvent = useEffectEvent(() => setOpen(false));
  const [fixedPos, setFixedPos] = useState<React.CSSProperties | null>(null);

  useEffect(() => {
    if (!open || strategy !== "fixed" || !button.current) return;
    const r = button.current.getBoundingClientRect();
    setFixedPos({ position: "fixed", top: r.bottom + 4, ...(align === "end" ? { right: window.innerWidth - r.right } : { left: r.left }) });
    const onScroll = (e: Event) => {
      if (wrap.current && e.target instanceof Node && wrap.current.contains(e.target)) return;
      closeFromEvent();
    };
    window.addEventListener("scroll", onScroll, true);
    window.addEventListener("resize", onScroll);
    return () => {
      window.removeEventListener("scroll", onScroll, true);
      window.removeEventListener("resize", onScroll);
    };
  }, [open, strategy, align]);

  useEffect(() => {
    if (!open) return;
    const onDown = (e: MouseEvent) => {
      if (wrap.current && !wrap.current.contains(e.target as Node)) closeFromEvent();
    };
    const onKey = (e: KeyboardEvent) => {
      if (e.key === "Escape") {
        closeFromEvent();
        button.current?.focus();
      }
    };
    document.addEventListener("mousedown", onDown);
    document.addEventListener("keydown", onKey);
    return () => {
      document.removeEventListener("mousedown", onDown);
      document.removeEventListener("keydown", onKey);
    };
  }, [open]);

  const close = () => setOpen(false);
  return (
    <div ref={wrap} className="relative inline-block">
      {trigger({ onClick: () => setOpen(!open), "aria-expanded": open, "aria-haspopup": "dialog", ref: button })}
      {open && (strategy === "absolute" || fixedPos) && (
        <div
          style={strategy === "fixed" ? (fixedPos ?? undefined) : undefined}
          className={cn(
            "z-40 rounded-lg border border-zinc-200 bg-white shadow-lg dark:border-zinc-800 dark:bg-zinc-900",
            strategy === "absolute" && "absolute top-full mt-1",
            strategy === "absolute" && (align === "end" ? "right-0" : "left-0"),
            className,
          )}
        >
          {typeof children === "function" ? children(close) : children}
        </div>
      )}
    </div>
  );
}
