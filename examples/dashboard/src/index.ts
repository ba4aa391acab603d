/**
 * `@kehu/example-dashboard`: the static page a service manager keeps open (the live SLA board, today's call list per
 * owner, the highest churn risks with reasons and the report's charts). The example service serves the files of
 * {@link dashboardRoot} at `/dashboard/`; the page reads everything from the service's JSON routes.
 *
 * @packageDocumentation
 */
import { fileURLToPath } from 'node:url';

/** The absolute path of the dashboard's static files (`public/`: `index.html`, `app.js`, `style.css`). */
export const dashboardRoot: string = fileURLToPath(new URL('../public/', import.meta.url));
