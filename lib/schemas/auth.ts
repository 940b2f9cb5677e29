// Inputs of the sign-in, setup and account forms (camelCase; the domain validates the rest).
import { z } from "zod";

/** Where to go after signing in: a path on this site only (never `//host` or a URL). */
export const safeNext = z
  .string()
  .optional()
  .transform((v) => (v && v.startsWith("/") && !v.startsWith("//") && !v.startsWith("/\\") ? v : "/experiments"));

export const signInSchema = z.object({
  username: z.string().trim().min(1, "Enter your username"),
  password: z.string().min(1, "Enter your password"),
  next: safeNext,
});
export type SignInInput = z.infer<typeof signInSchema>;

export const setupSchema = z.object({
  code: z.string().trim().min(1, "Enter the setup code from the server log"),
  username: z.string().trim().min(1, "Choose a username"),
  password: z.string().min(12, "At least 12 characters"),
});

export const changePasswordSchema = z.object({
  currentPassword: z.string().min(1, "Enter your current password"),
  password: z.string().min(12, "At least 12 characters"),
});

export const createTokenSchema = z.object({
  name: z.string().trim().min(1, "Name the token (e.g. laptop, CI)").max(100),
  expiresInDays: z
    .string()
    .optional()
    .transform((v) => (v ? Number(v) : null))
    .pipe(z.number().int().min(1).max(3650).nullable()),
});

export const tokenRefSchema = z.object({ id: z.coerce.number().int().positive() });
