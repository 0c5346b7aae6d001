import type { QueryInterface } from "sequelize";
import * as foundation from "./20261122090000-foundation";
import * as materials from "./20261122100000-materials";
import * as workflow from "./20261122120000-workflow";
import * as annualPlans from "./20261125100000-annual-plans";
import * as libraryMetrics from "./20261125120000-library-metrics";
import * as workflowPromise from "./20261201090000-workflow-promise";
import * as hardening from "./20261201120000-hardening";
import * as pdfRestrictions from "./20261201143000-pdf-restrictions";
import * as commentAreas from "./20261202090000-comment-areas";
import * as sweepers from "./20261203090000-sweepers";
import * as mailHeaders from "./20261204090000-mail-headers";
import * as notificationPreferences from "./20261204100000-notification-preferences";
import * as usageEvents from "./20261205090000-usage-events";
import * as commentsByAuthor from "./20261206090000-comments-by-author";
import * as fieldFeedback from "./20261207090000-field-feedback";
import * as usageFirstUseAndPages from "./20261208090000-usage-first-use-and-pages";

export interface Migration {
  name: string;
  up(params: { context: QueryInterface }): Promise<void>;
  down(params: { context: QueryInterface }): Promise<void>;
}

/**
 * Every migration, oldest first. Listed here rather than globbed from disk so that the
 * server bundle carries them and `npm start` needs no TypeScript at run time.
 */
export const migrations: Migration[] = [
  { name: "20261122090000-foundation", ...foundation },
  { name: "20261122100000-materials", ...materials },
  { name: "20261122120000-workflow", ...workflow },
  { name: "20261125100000-annual-plans", ...annualPlans },
  { name: "20261125120000-library-metrics", ...libraryMetrics },
  { name: "20261201090000-workflow-promise", ...workflowPromise },
  { name: "20261201120000-hardening", ...hardening },
  { name: "20261201143000-pdf-restrictions", ...pdfRestrictions },
  { name: "20261202090000-comment-areas", ...commentAreas },
  { name: "20261203090000-sweepers", ...sweepers },
  { name: "20261204090000-mail-headers", ...mailHeaders },
  { name: "20261204100000-notification-preferences", ...notificationPreferences },
  { name: "20261205090000-usage-events", ...usageEvents },
  { name: "20261206090000-comments-by-author", ...commentsByAuthor },
  { name: "20261207090000-field-feedback", ...fieldFeedback },
  { name: "20261208090000-usage-first-use-and-pages", ...usageFirstUseAndPages },
];
