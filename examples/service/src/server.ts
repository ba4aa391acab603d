import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { chinaCalendar, type BusinessCalendar } from '@kehu/calendar';
import { KehuStorageError } from '@kehu/core';
import { createKehu } from '@kehu/sdk';
import { createApp } from './app.js';
import type { ServiceDeps } from './deps.js';
import { openStore, type ServiceStore, type StoreOptions } from './storage.js';

/** Options of {@link startService}. */
export interface StartServiceOptions extends StoreOptions {
  /** The port; `0` picks a free one (tests). Default 3000. */
  port?: number;
  /** The interface to listen on; default `127.0.0.1` (loopback only). */
  host?: string;
  /** The service clock; default the system clock. */
  clock?: () => Date;
  /** Apply the migrations the store lacks before serving (tests); otherwise an unmigrated store is refused. */
  migrate?: boolean;
  /** The business calendar; default the mainland China calendar with its holidays and make-up workdays. */
  calendar?: BusinessCalendar;
}

/** A running service. */
export interface RunningService {
  /** Its base URL, e.g. `http://127.0.0.1:3000`. */
  url: string;
  /** What its routes use (the SDK over its store, the calendar, the clock). */
  deps: ServiceDeps;
  /** Its store (for the schema steps and descriptions). */
  store: ServiceStore;
  /** Stops listening, ends open connections and closes the store. */
  close(): Promise<void>;
}

/**
 * Opens the store, checks that it is migrated (or migrates it with `migrate: true`), wires the
 * SDK and serves the app on `host:port`. Resolves once the server listens. A store without the
 * schema is refused with a `KehuStorageError` of code `NOT_MIGRATED` saying to run `migrate`.
 */
export async function startService(options: StartServiceOptions = {}): Promise<RunningService> {
  const store = await openStore(options);
  try {
    if (options.migrate) await store.migrate();
    if (!(await store.isMigrated()))
      throw new KehuStorageError('serve', `${store.description} is not migrated: run \`migrate\` first`, {
        code: 'NOT_MIGRATED',
      });
    const deps: ServiceDeps = {
      kehu: createKehu({ storage: store.storage }),
      calendar: options.calendar ?? chinaCalendar(),
      clock: options.clock ?? (() => new Date()),
    };
    const app = createApp(deps);
    const host = options.host ?? '127.0.0.1';
    const server = serve({ fetch: app.fetch, port: options.port ?? 3000, hostname: host });
    await new Promise<void>((resolve, reject) => {
      server.once('listening', resolve);
      server.once('error', reject);
    });
    const { port } = server.address() as AddressInfo;
    const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
    let closing: Promise<void> | undefined;
    return {
      url,
      deps,
      store,
      close: () =>
        (closing ??= (async () => {
          await new Promise<void>((resolve) => {
            server.close(() => resolve());
            if ('closeAllConnections' in server) server.closeAllConnections();
          });
          await store.close();
        })()),
    };
  } catch (error) {
    await store.close();
    throw error;
  }
}
