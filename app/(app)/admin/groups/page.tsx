import type { Metadata } from "next";
import { AdminTabs } from "@/components/admin/admin-tabs";
import { CreateGroupForm, GroupActions, GroupMembers } from "@/components/admin/groups-admin";
import { EmptyState } from "@/components/ui/card";
import { TimeAgo } from "@/components/ui/time";
import { pageUser } from "@/lib/auth/page-caller";
import { listGroupMemberships, listGroups } from "@/lib/domain/auth/groups";
import { listUsers } from "@/lib/domain/auth/users";

export const metadata: Metadata = { title: "Groups" };
export const dynamic = "force-dynamic";

/** The admin Groups page: teams and their members; a permission shared with a group applies to each member. Admins only. */
export default async function AdminGroupsPage() {
  const me = await pageUser();
  if (!me) return <EmptyState title="No accounts while auth is off">Start Runboard with RUNBOARD_AUTH=on to manage users and groups.</EmptyState>;
  // listUsers and listGroupMemberships refuse anyone but an administrator (→ the access page).
  const [users, memberships, groups] = await Promise.all([listUsers(), listGroupMemberships(), listGroups()]);
  const membersOf = new Map<number, string[]>();
  for (const m of memberships) membersOf.set(m.groupId, [...(membersOf.get(m.groupId) ?? []), m.username]);
  const usernames = users.map((u) => u.username);
  return (
    <div className="max-w-6xl space-y-5">
      <div>
        <h1 className="text-xl font-semibold tracking-tight">Groups</h1>
        <p className="mt-0.5 text-sm text-zinc-500 dark:text-zinc-400">
          Teams of users. Share an experiment, prompt or model with a group and every member gets that permission; a member’s permission is the highest of their own and their groups’.
        </p>
      </div>
      <AdminTabs current="groups" />
      <section aria-labelledby="create-group" className="space-y-2">
        <h2 id="create-group" className="text-sm font-semibold">Create a group</h2>
        <CreateGroupForm />
      </section>
      {groups.length === 0 ? (
        <EmptyState title="No groups yet">Create one above, then add members.</EmptyState>
      ) : (
        <ul className="grid gap-3 lg:grid-cols-2" aria-label="Groups">
          {groups.map((g) => (
            <li key={g.id} data-testid="group-card" data-group={g.name} className="space-y-3 rounded-lg border border-zinc-200 bg-white p-4 dark:border-zinc-800 dark:bg-zinc-900/40">
              <div className="flex items-start justify-between gap-3">
                <div className="min-w-0">
                  <h3 className="font-semibold">{g.name}</h3>
                  {g.description && <p className="text-sm text-zinc-600 dark:text-zinc-400">{g.description}</p>}
                  <p className="text-xs text-zinc-500">
                    {g.memberCount} member{g.memberCount === 1 ? "" : "s"} · created <TimeAgo ms={g.createdAt} />
                  </p>
                </div>
                <GroupActions name={g.name} members={g.memberCount} />
              </div>
              <GroupMembers group={g.name} members={membersOf.get(g.id) ?? []} usernames={usernames} />
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
