import { Link, useLocation } from "@remix-run/react";
import type { ReactNode } from "react";

/**
 * A link of the main navigation, marked `active` (and `aria-current="page"`) on its own page
 * and, unless `end`, on the pages under it. Remix's NavLink does the same by compiling a
 * route pattern for every link on every render; the top bar is on every page, and these are
 * plain paths, so a prefix check is enough.
 */
export function NavItem({ to, end = false, children, ...rest }: { to: string; end?: boolean; children: ReactNode; "aria-label"?: string }) {
  const { pathname } = useLocation();
  const active = pathname === to || (!end && pathname.startsWith(`${to}/`));
  return (
    <Link to={to} className={active ? "active" : undefined} aria-current={active ? "page" : undefined} {...rest}>
      {children}
    </Link>
  );
}
