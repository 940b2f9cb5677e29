import Link from "next/link";
import { NavLink } from "@/components/nav-link";
import { SignOutButton } from "@/components/auth/sign-out-button";

/** The app bar; `user` is the signed-in user (null with auth off or nobody signed in). */
export function AppHeader({ user }: { user: { username: string; isAdmin: boolean } | null }) {
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
          {user?.isAdmin && <NavLink href="/admin">Admin</NavLink>}
        </nav>
        {user && (
          <div className="ml-auto flex items-center gap-2 text-sm" data-testid="signed-in-user">
            <Link href="/account" className="rounded px-2 py-1 font-medium hover:bg-zinc-100 dark:hover:bg-zinc-800" title="Your account and access tokens">
              {user.username}
              {user.isAdmin && <span className="ml-1.5 rounded bg-indigo-100 px-1.5 py-0.5 text-[10px] font-semibold text-indigo-700 uppercase dark:bg-indigo-950 dark:text-indigo-300">admin</span>}
            </Link>
            <SignOutButton />
          </div>
        )}
      </div>
    </header>
  );
}
