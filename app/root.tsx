import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import {
  Form,
  isRouteErrorResponse,
  Link,
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  useLocation,
  useRouteError,
  useRouteLoaderData,
} from "@remix-run/react";
import { useEffect, useState, type ReactNode } from "react";
import { useHydrated } from "~/hooks/useHydrated";
import styles from "./styles/app.css";
import { NavItem } from "./components/NavItem";
import { useNonce } from "./components/nonce";
import { ROLE_LABELS } from "./domain/roles";
import { can } from "./lib/permissions";
import { getUserWithUnread } from "./lib/session.server";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: styles },
  // No icon file: an empty one keeps browsers from asking for /favicon.ico on every page.
  { rel: "icon", href: "data:," },
];

export const meta: MetaFunction = () => [{ title: "Collateral Preview" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const signedIn = await getUserWithUnread(request);
  const user = signedIn?.user;
  return {
    user: user ? { id: user.id, name: user.name, role: user.role, active: user.active } : null,
    unread: signedIn?.unread ?? 0,
  };
}

export function Layout({ children }: { children: ReactNode }) {
  const nonce = useNonce();
  const data = useRouteLoaderData<typeof loader>("root");
  const user = data?.user ?? null;
  const hydrated = useHydrated();
  // On a phone the links are behind a menu button, closed again after each navigation.
  const [menuOpen, setMenuOpen] = useState(false);
  const location = useLocation();
  useEffect(() => setMenuOpen(false), [location.pathname]);
  return (
    <html lang="en">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        <header className={`topbar${user && hydrated && !menuOpen ? " folded" : ""}`}>
          <Link to="/" className="brand">
            Collateral Preview
          </Link>
          {user && hydrated ? (
            <button type="button" className="secondary menu-button" aria-expanded={menuOpen} aria-controls="main-nav" onClick={() => setMenuOpen((o) => !o)}>
              Menu{data?.unread ? ` (${data.unread} unread)` : ""}
            </button>
          ) : null}
          {user ? (
            <nav aria-label="Main" id="main-nav">
              <NavItem to="/" end>
                Home
              </NavItem>
              {can(user, "material:list") ? <NavItem to="/library">Library</NavItem> : null}
              {can(user, "material:list") ? <NavItem to="/materials">Materials</NavItem> : null}
              {can(user, "preplan:view") ? <NavItem to="/plans">Plans</NavItem> : null}
              {can(user, "feedback:field") ? <NavItem to="/feedback">From the field</NavItem> : null}
              {can(user, "request:list") ? <NavItem to="/requests">Requests</NavItem> : null}
              {can(user, "escalation:list") ? <NavItem to="/escalations">Escalations</NavItem> : null}
              {can(user, "metrics:view") ? <NavItem to="/metrics">Metrics</NavItem> : null}
              {can(user, "usage:history") ? <NavItem to="/my-use">My use</NavItem> : null}
              {can(user, "admin:access") ? <NavItem to="/admin">Admin</NavItem> : null}
              <NavItem to="/notifications">
                Notifications
                {data?.unread ? (
                  <span className="count">
                    <span className="visually-hidden">, </span>
                    <span data-testid="unread-count">{data.unread}</span>
                    <span className="visually-hidden"> unread</span>
                  </span>
                ) : null}
              </NavItem>
              <span className="who">
                {user.name} · {ROLE_LABELS[user.role]}
              </span>
              <Form method="post" action="/logout" className="inline">
                <button type="submit" className="link-button">
                  Sign out
                </button>
              </Form>
            </nav>
          ) : null}
        </header>
        <main>{children}</main>
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

export default function App() {
  return <Outlet />;
}

export function ErrorBoundary() {
  const error = useRouteError();
  if (isRouteErrorResponse(error)) {
    const message = typeof error.data?.message === "string" ? error.data.message : null;
    if (error.status === 403) {
      return (
        <ErrorPage title="You don't have access to this page" code={403}>
          <p>{message ?? "Your role does not give you access to this page."}</p>
          <p>If you think you should, ask your administrator.</p>
        </ErrorPage>
      );
    }
    if (error.status === 404) {
      return (
        <ErrorPage title="Not found" code={404}>
          <p>{message ?? "We couldn't find that page."}</p>
        </ErrorPage>
      );
    }
    return (
      <ErrorPage title="Something went wrong" code={error.status}>
        <p>{message ?? "The request could not be completed."}</p>
      </ErrorPage>
    );
  }
  return (
    <ErrorPage title="Something went wrong" code={500}>
      <p>An unexpected error happened on our side. It has been logged; please try again.</p>
    </ErrorPage>
  );
}

function ErrorPage({ title, code, children }: { title: string; code: number; children: ReactNode }) {
  return (
    <section className="error-page" data-status={code}>
      <h1>{title}</h1>
      {children}
      <p>
        <Link to="/">Back to your home page</Link>
      </p>
    </section>
  );
}
