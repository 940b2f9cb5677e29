// Every UI page needs a signed-in user when RUNBOARD_AUTH is on: without one, to the sign-in page
// (or the one-time setup page while there is no user at all). Pages then run the domain as
// that user (lib/auth/page-caller.ts).
import { redirect } from "next/navigation";
import { pageCaller } from "@/lib/auth/page-caller";
import { setupAvailable } from "@/lib/domain/auth/bootstrap";

export default async function AppLayout({ children }: { children: React.ReactNode }) {
  if (!(await pageCaller())) redirect((await setupAvailable()) ? "/setup" : "/sign-in");
  return children;
}
