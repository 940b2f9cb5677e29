"use client";
import { useEffect, useRef } from "react";
import { cn } from "@/components/ui/cn";

/** A native checkbox with an indeterminate state. */
export function Checkbox({ indeterminate, className, ...props }: React.InputHTMLAttributes<HTMLInputElement> & { indeterminate?: boolean }) {
  const ref = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (ref.current) ref.current.indeterminate = !!indeterminate;
  }, [indeterminate]);
  return (
    <input
      ref={ref}
      type="checkbox"
      className={cn("h-4 w-4 cursor-pointer rounded border-zinc-300 accent-indigo-600 dark:border-zinc-600 dark:accent-indigo-400", className)}
      {...props}
    />
  );
}

/** A labelled on/off switch (a checkbox styled as a toggle). */
export function Switch({ checked, onChange, label, className, disabled }: { checked: boolean; onChange: (v: boolean) => void; label: React.ReactNode; className?: string; disabled?: boolean }) {
  return (
    <label className={cn("inline-flex cursor-pointer items-center gap-2 text-sm select-none", disabled && "cursor-not-allowed opacity-60", className)}>
      <span className="relative inline-flex">
        <input type="checkbox" role="switch" className="peer sr-only" checked={checked} disabled={disabled} onChange={(e) => onChange(e.target.checked)} />
        <span className="h-5 w-9 rounded-full bg-zinc-300 transition-colors peer-checked:bg-indigo-600 peer-focus-visible:outline-2 peer-focus-visible:outline-offset-2 peer-focus-visible:outline-indigo-500 dark:bg-zinc-700 dark:peer-checked:bg-indigo-500" />
        <span className="absolute top-0.5 left-0.5 h-4 w-4 rounded-full bg-white shadow transition-transform peer-checked:translate-x-4" />
      </span>
      {label}
    </label>
  );
}
