import Link from "next/link";
import { NavLink } from "@/components/nav-link";

export function AppHeader() {
  return (
    <header className="sticky top-0 z-30 border-b border-zinc-200 bg-white/90 backdrop-blur dark:border-zinc-800 dark:bg-zinc-950/90">
      <div className="mx-auto flex h-12 w-full max-w-[1600px] items-center gap-6 px-6">
        <Link href="/experiments" className="flex items-center gap-2 font-semibold tracking-tight">
          <span aria-hidden className="inline-block h-5 w-5 rounded bg-gradient-to-br from-indigo-500 to-emerald-500" />
          Runboard
        </Link>
        <nav aria-label="Main" className="flex items-center gap-1 text-sm">
          <NavLink href="/experiments">Experiments</NavLink>
          <NavLink href="/prompts">Prompts</NavLink>
          <NavLink href="/models">Models</NavLink>
        </nav>
      </div>
    </header>
  );
}
