import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { AuthCard } from "@/app/(auth)/auth-card";
import { SignInForm } from "@/components/auth/sign-in-form";
import { pageUser } from "@/lib/auth/page-caller";
import { authEnabled } from "@/lib/domain/auth/config";
import { setupAvailable } from "@/lib/domain/auth/bootstrap";

export const metadata: Metadata = { title: "Sign in" };
export const dynamic = "force-dynamic";

export default async function SignInPage({ searchParams }: PageProps<"/sign-in">) {
  const { next } = await searchParams;
  if (!authEnabled() || (await pageUser())) redirect(typeof next === "string" && next.startsWith("/") && !next.startsWith("//") ? next : "/experiments");
  if (await setupAvailable()) redirect("/setup");
  return (
    <AuthCard title="Sign in to Runboard" footer={<>Scripts and the MLflow client sign in with MLFLOW_TRACKING_USERNAME/PASSWORD or MLFLOW_TRACKING_TOKEN.</>}>
      <SignInForm next={typeof next === "string" ? next : undefined} />
    </AuthCard>
  );
}
