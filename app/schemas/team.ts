import { z } from "zod";
import { optionalId, timeZoneField } from "../lib/forms";

export const TeamFormSchema = z.object({
  name: z
    .string({ error: "Enter the team's name." })
    .trim()
    .min(1, "Enter the team's name.")
    .max(120, "A team name has at most 120 characters."),
  timeZone: timeZoneField,
  salesManagerId: optionalId,
});

export type TeamFormInput = z.output<typeof TeamFormSchema>;

export const MemberFormSchema = z.object({
  userId: z.coerce.number({ error: "Choose a person." }).int().positive("Choose a person."),
  isCommittee: z
    .enum(["on", "true", "false", ""])
    .optional()
    .transform((v) => v === "on" || v === "true"),
});
