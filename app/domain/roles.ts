/** Who a user is in the organisation: one role each, the basis of every permission. */
export const ROLES = ["marketer", "sales", "manager", "admin"] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  marketer: "Marketer",
  sales: "Sales rep",
  manager: "Manager",
  admin: "Administrator",
};
