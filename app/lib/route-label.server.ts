import { matchRoutes } from "@remix-run/react";
import type { ServerBuild } from "@remix-run/node";

/** What a request that no route matches is counted as (a 404, whatever address it asked for). */
export const UNMATCHED = "unmatched";

const CACHE_LIMIT = 2_000;

type RouteObject = NonNullable<Parameters<typeof matchRoutes>[0]>[number];

function routeTree(routes: ServerBuild["routes"], parentId: string | undefined): RouteObject[] {
  return Object.values(routes)
    .filter((route) => route.parentId === parentId)
    .map((route) =>
      route.index
        ? { id: route.id, index: true, path: route.path, caseSensitive: route.caseSensitive }
        : { id: route.id, path: route.path, caseSensitive: route.caseSensitive, children: routeTree(routes, route.id) },
    );
}

/**
 * Names the route an address belongs to by its pattern, the way Remix matches it: the id of
 * the deepest matching route (`routes/materials.$materialId._index`), so the metrics have one
 * series per route rather than one per material. A single-fetch data request (`/x.data`,
 * `/_root.data`) is named after the page it loads; an address no route matches is
 * `unmatched`.
 */
export function routeLabeller(build: ServerBuild): (pathname: string) => string {
  const tree = routeTree(build.routes, undefined);
  // Matching ranks every route on each call; the addresses seen most (pages, data requests)
  // repeat. The cache is dropped whole when full, so addresses with ids cannot grow it.
  const cache = new Map<string, string>();
  return (pathname) => {
    const known = cache.get(pathname);
    if (known) return known;
    if (pathname === "/__manifest") return "/__manifest";
    // A malformed percent-encoding matches no route (and React Router would warn about it).
    if (!decodes(pathname)) return UNMATCHED;
    const page = pathname.endsWith(".data") ? pathname.slice(0, -".data".length).replace(/^\/_root$/, "/") : pathname;
    const matches = matchRoutes(tree, page || "/");
    const label = matches?.[matches.length - 1]?.route.id ?? UNMATCHED;
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(pathname, label);
    return label;
  };
}

function decodes(pathname: string): boolean {
  try {
    decodeURIComponent(pathname);
    return true;
  } catch {
    return false;
  }
}
