import { TabNav } from "@/components/ui/tabs";

/** The admin section's tabs (users, groups, imports). */
export function AdminTabs({ current }: { current: "users" | "groups" | "imports" }) {
  return (
    <TabNav
      label="Administration"
      tabs={[
        { href: "/admin/users", label: "Users", active: current === "users" },
        { href: "/admin/groups", label: "Groups", active: current === "groups" },
        { href: "/admin/imports", label: "Imports", active: current === "imports" },
      ]}
    />
  );
}
