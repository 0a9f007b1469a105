/**
 * Liveness and readiness. /healthz: the process answers (a supervisor restarts it when it does not).
 * /readyz: this instance should get traffic — the database answers and it is not shutting down. Redis is
 * reported but does not make an instance unready: every replica shares it, so taking one out would not help,
 * and everything except live streams works without it.
 */
import type { Orm } from '../db/orm.js';
import type { LivePubSub } from '../pubsub/pubsub.js';

export interface Readiness {
  ready: boolean;
  checks: {
    database: 'ok' | 'unavailable';
    pubsub: 'ok' | 'unavailable' | 'in-process';
    shutdown: boolean;
  };
}

/** How long the database gets to answer `select 1` before the instance counts as not ready. */
const DB_CHECK_TIMEOUT_MS = 2000;

export class Health {
  /** Set on SIGTERM: /readyz says 503 from then on, so a load balancer moves traffic away before we close. */
  shuttingDown = false;

  constructor(
    private readonly orm: Orm,
    private readonly pubSub: LivePubSub & { bus?: { available: boolean } },
  ) {}

  async readiness(): Promise<Readiness> {
    const database = await this.databaseAnswers();
    const pubsub = this.pubSub.bus ? (this.pubSub.bus.available ? 'ok' : 'unavailable') : 'in-process';
    return {
      ready: database && !this.shuttingDown,
      checks: { database: database ? 'ok' : 'unavailable', pubsub, shutdown: this.shuttingDown },
    };
  }

  private async databaseAnswers(): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    try {
      const query = this.orm.em.getConnection().execute('select 1');
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error('timeout')), DB_CHECK_TIMEOUT_MS);
      });
      await Promise.race([query, timeout]);
      return true;
    } catch {
      return false;
    } finally {
      clearTimeout(timer);
    }
  }
}
