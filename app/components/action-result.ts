/** What the material page's actions answer a fetcher: done, or the errors by field. */
export type ActionResult = { ok?: true; errors?: Record<string, string> };
