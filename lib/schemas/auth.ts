// Inputs of the sign-in, setup and account forms (camelCase; the domain validates the rest).
import { z } from "zod";
import "@/lib/schemas/zod-config";

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

// ── the admin pages (users and groups) ──

const username = z.string().trim().min(1, "Enter a username").max(255);
const groupName = z.string().trim().min(1, "Enter a group name").max(255);
/** A form checkbox: "on" when ticked, absent otherwise. */
const checkbox = z
  .enum(["on", "true", "false", ""])
  .optional()
  .transform((v) => v === "on" || v === "true");

export const createUserSchema = z.object({
  username,
  password: z.string().min(12, "At least 12 characters").max(1024),
  isAdmin: checkbox,
});
export type CreateUserInput = z.infer<typeof createUserSchema>;

export const resetPasswordSchema = z.object({ username, password: z.string().min(12, "At least 12 characters").max(1024) });

export const setAdminSchema = z.strictObject({ username, isAdmin: z.boolean() });

export const userRefSchema = z.strictObject({ username });

export const createGroupSchema = z.object({
  name: groupName,
  description: z
    .string()
    .max(1000)
    .optional()
    .transform((v) => v?.trim() || null),
});

export const renameGroupSchema = z.object({ name: groupName, newName: groupName });

export const groupRefSchema = z.strictObject({ name: groupName });

export const groupMemberSchema = z.object({ groupName, username });

// ── the Share dialog ──

export const shareKindSchema = z.enum(["experiment", "registered_model"]);

/** The resource a Share dialog is about: an experiment id, or a registered model / prompt name. */
export const shareRefSchema = z.strictObject({ kind: shareKindSchema, ref: z.string().trim().min(1).max(500) });

const grantee = z.strictObject({ kind: z.enum(["user", "group"]), name: z.string().trim().min(1, "Choose a user or group").max(255) });

export const setShareSchema = z.strictObject({
  kind: shareKindSchema,
  ref: z.string().trim().min(1).max(500),
  grantee,
  permission: z.enum(["READ", "EDIT", "MANAGE", "NO_PERMISSIONS"]),
});
export type SharePermission = z.infer<typeof setShareSchema>["permission"];

export const removeShareSchema = z.strictObject({ kind: shareKindSchema, ref: z.string().trim().min(1).max(500), grantee });

export const suggestPrincipalsSchema = z.strictObject({ prefix: z.string().max(255) });
