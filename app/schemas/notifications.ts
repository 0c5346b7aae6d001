import { z } from "zod";
import { DELIVERIES, PREFERENCE_KINDS, PREFERENCES, type PreferenceKind } from "../domain/notifications";

/**
 * The preferences form: one field per kind, named after it, each a delivery. A field for a
 * kind that does not exist, or in-app only for a kind that cannot be switched off, is an
 * error beside that field.
 */
export const PreferencesSchema = z
  .record(z.string(), z.string())
  .superRefine((fields, ctx) => {
    for (const [name, value] of Object.entries(fields)) {
      if (!(PREFERENCE_KINDS as string[]).includes(name)) {
        ctx.addIssue({ code: "custom", path: [name], message: `There is no kind of notification called "${name.slice(0, 40)}".` });
      } else if (!(DELIVERIES as readonly string[]).includes(value)) {
        ctx.addIssue({ code: "custom", path: [name], message: "Choose email at once, the daily digest, or in the app only." });
      } else if (value === "in_app" && PREFERENCES[name as PreferenceKind].required) {
        ctx.addIssue({ code: "custom", path: [name], message: `${PREFERENCES[name as PreferenceKind].label} ask you to act by a deadline: they can wait for the digest, but not be switched off.` });
      }
    }
  });
