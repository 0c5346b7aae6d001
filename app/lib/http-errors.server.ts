import { data, type ServerBuild } from "@remix-run/node";
import { AppError, InputError, isFormError } from "./errors";

/**
 * The adapter between services and HTTP. Every route's loader and action is wrapped once,
 * when the server starts: an AppError thrown anywhere below becomes the friendly 403/404
 * page, or — from an action, for what was entered or a conflict — the form's field errors
 * with its status (400, 409…). Nothing else is touched.
 */
export function withAppErrors(build: ServerBuild): ServerBuild {
  const routes: ServerBuild["routes"] = {};
  for (const [id, route] of Object.entries(build.routes)) {
    const module = { ...route.module };
    if (module.loader) module.loader = wrap(module.loader, false);
    if (module.action) module.action = wrap(module.action, true);
    routes[id] = { ...route, module };
  }
  return { ...build, routes };
}

function wrap<F extends (...args: never[]) => unknown>(fn: F, isAction: boolean): F {
  return (async (...args: Parameters<F>) => {
    try {
      return await fn(...args);
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      if (isAction && isFormError(error)) {
        const values = error instanceof InputError ? error.values : undefined;
        return data(values ? { errors: error.fields, values } : { errors: error.fields }, { status: error.status });
      }
      throw data({ message: error.message }, { status: error.status });
    }
  }) as unknown as F;
}
