import { z } from "zod";
import { optionalId, requiredText, timeZoneField } from "../lib/forms";

export const TeamFormSchema = z.object({
  name: requiredText("Enter the team's name.", 120, "A team name has at most 120 characters."),
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
