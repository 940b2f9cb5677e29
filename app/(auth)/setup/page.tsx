import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { AuthCard } from "@/app/(auth)/auth-card";
import { SetupForm } from "@/components/auth/setup-form";
import { authEnabled } from "@/lib/domain/auth/config";
import { announceSetupCode, setupAvailable } from "@/lib/domain/auth/bootstrap";

export const metadata: Metadata = { title: "Set up" };
export const dynamic = "force-dynamic";

/** One-time setup: the first administrator, when RUNBOARD_ADMIN_USERNAME/PASSWORD are unset and there is no user. */
export default async function SetupPage() {
  if (!authEnabled()) redirect("/experiments");
  if (!(await setupAvailable())) redirect("/sign-in");
  await announceSetupCode();
  return (
    <AuthCard title="Create the first administrator" footer={<>This page closes once an administrator exists.</>}>
      <p className="mb-4 text-sm text-zinc-600 dark:text-zinc-400">
        Runboard printed a one-time setup code in its server log (<code className="font-mono">first-admin setup code: …</code>). Enter it to prove you run this server.
      </p>
      <SetupForm />
    </AuthCard>
  );
}
