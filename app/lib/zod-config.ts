import { z } from "zod";

/**
 * The Content-Security-Policy forbids eval. zod would otherwise probe for it (`new Function`)
 * the first time it checks an object in the browser, and the browser reports the probe as
 * a violation. Imported first by the root route, so it runs before any route module uses zod.
 */
z.config({ jitless: true });
