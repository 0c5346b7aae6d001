import { z } from "zod";
import { ROLES } from "../domain/roles";
import { optionalId, requiredText, timeZoneField } from "../lib/forms";

/** The admin's user form: used by the form's fields and by the action that saves it. */
export const UserFormSchema = z.object({
  name: requiredText("Enter a name.", 120, "A name has at most 120 characters."),
  email: z
    .string({ error: "Enter an email address." })
    .trim()
    .min(1, "Enter an email address.")
    .max(254, "An email address has at most 254 characters.")
    .pipe(z.email("Enter a valid email address, like name@example.com.")),
  role: z.enum(ROLES, { error: "Choose a role." }),
  reportsToId: optionalId,
  timeZone: timeZoneField,
});

export type UserFormInput = z.output<typeof UserFormSchema>;

export const LoginSchema = z.object({
  email: z.string({ error: "Enter your email address." }).trim().min(1, "Enter your email address.").max(254),
  password: z.string({ error: "Enter your password." }).min(1, "Enter your password.").max(1024),
  redirectTo: z.string().optional(),
});

export const MIN_PASSWORD_LENGTH = 12;

export const SetPasswordSchema = z
  .object({
    password: z
      .string({ error: "Choose a password." })
      .min(MIN_PASSWORD_LENGTH, `Use at least ${MIN_PASSWORD_LENGTH} characters.`)
      .max(1024, "Use at most 1024 characters."),
    confirm: z.string({ error: "Type the password again." }),
  })
  .refine((v) => v.password === v.confirm, { path: ["confirm"], message: "The two passwords are not the same." });
