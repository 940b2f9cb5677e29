import { redirect } from "next/navigation";

/** /admin → the Users page. */
export default function AdminPage() {
  redirect("/admin/users");
}
