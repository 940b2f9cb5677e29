import type { Metadata } from "next";
import Link from "next/link";
import { AdminTabs } from "@/components/admin/admin-tabs";
import { CreateUserForm, UserActions } from "@/components/admin/users-admin";
import { Badge } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/card";
import { TimeAgo } from "@/components/ui/time";
import { pageUser } from "@/lib/auth/page-caller";
import { listUsers } from "@/lib/domain/auth/users";
import { listGroupMemberships } from "@/lib/domain/auth/groups";

export const metadata: Metadata = { title: "Users" };
export const dynamic = "force-dynamic";

/** The admin Users page: every account, its groups and last sign-in; create, reset, promote, delete. Admins only (others get the 403 page). */
export default async function AdminUsersPage() {
  const me = await pageUser();
  if (!me) return <EmptyState title="No accounts while auth is off">Start Runboard with RUNBOARD_AUTH=on to manage users and groups.</EmptyState>;
  // Both refuse anyone but an administrator (PERMISSION_DENIED → the access page).
  const [users, memberships] = await Promise.all([listUsers(), listGroupMemberships()]);
  const groupsOf = new Map<number, string[]>();
  for (const m of memberships) groupsOf.set(m.userId, [...(groupsOf.get(m.userId) ?? []), m.groupName]);
  const admins = users.filter((u) => u.isAdmin).length;
  return (
    <div className="max-w-6xl space-y-5">
      <div>
        <h1 className="text-xl font-semibold tracking-tight">Users</h1>
        <p className="mt-0.5 text-sm text-zinc-500 dark:text-zinc-400">
          {users.length} user{users.length === 1 ? "" : "s"}, {admins} administrator{admins === 1 ? "" : "s"}. Share experiments, prompts and models with users or{" "}
          <Link href="/admin/groups" className="underline">groups</Link> from their page’s Share button.
        </p>
      </div>
      <AdminTabs current="users" />
      <section aria-labelledby="create-user" className="space-y-2">
        <h2 id="create-user" className="text-sm font-semibold">Create a user</h2>
        <CreateUserForm />
      </section>
      <table className="w-full text-sm" aria-label="Users">
        <thead className="border-b border-zinc-200 text-left text-xs text-zinc-500 uppercase dark:border-zinc-800">
          <tr>
            <th className="py-2 font-medium">Username</th>
            <th className="font-medium">Groups</th>
            <th className="font-medium">Created</th>
            <th className="font-medium">Last sign-in</th>
            <th />
          </tr>
        </thead>
        <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">
          {users.map((u) => (
            <tr key={u.id} data-testid="user-row" data-username={u.username}>
              <td className="py-2">
                <span className="font-medium">{u.username}</span>
                {u.isAdmin && <Badge tone="blue" className="ml-2">admin</Badge>}
                {u.id === me.userId && <span className="ml-2 text-xs text-zinc-500">(you)</span>}
              </td>
              <td>
                <div className="flex flex-wrap gap-1">
                  {(groupsOf.get(u.id) ?? []).map((g) => <Badge key={g}>{g}</Badge>)}
                  {!groupsOf.has(u.id) && <span className="text-xs text-zinc-400">—</span>}
                </div>
              </td>
              <td className="text-xs text-zinc-600 dark:text-zinc-400"><TimeAgo ms={u.createdAt} /></td>
              <td className="text-xs text-zinc-600 dark:text-zinc-400">{u.lastSignInAt ? <TimeAgo ms={u.lastSignInAt} /> : <span className="text-zinc-400">never</span>}</td>
              <td className="py-1"><UserActions user={{ username: u.username, isAdmin: u.isAdmin }} isSelf={u.id === me.userId} /></td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
