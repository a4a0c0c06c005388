/**
 * How a replica learns that another one changed the registry: PostgreSQL LISTEN on REGISTRY_CHANNEL
 * (delivered within milliseconds of the commit), plus a periodic tick as a fallback for notifications
 * lost while the listening connection was down. The listener connection reconnects by itself; after a
 * reconnect it emits a tick at once, since changes made meanwhile were not notified.
 */
import pg from 'pg';
import { REGISTRY_CHANNEL, type RegistryChange } from './postgresRegistry.js';

/** A change notification, or undefined for "something may have changed" (poll, reconnect). */
export type RegistryChangeHandler = (change: RegistryChange | undefined) => void;

export interface RegistryChangeFeed {
  subscribe(onChange: RegistryChangeHandler): void;
  close(): Promise<void>;
}

export interface FeedLog {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

export interface PostgresChangeFeedOptions {
  url: string;
  /** Only changes of this model kind are passed on. */
  kind: string;
  /** Fallback tick (HER2_REGISTRY_POLL_MS). */
  pollMs: number;
  /** Wait before reconnecting the listener (default 1000 ms). */
  reconnectMs?: number;
  log?: FeedLog;
}

function parseChange(payload: string | undefined): RegistryChange | undefined {
  try {
    const c = JSON.parse(payload ?? '') as RegistryChange;
    return typeof c.kind === 'string' && typeof c.modelId === 'string' && typeof c.action === 'string'
      ? c
      : undefined;
  } catch {
    return undefined;
  }
}

export class PostgresChangeFeed implements RegistryChangeFeed {
  private client: pg.Client | null = null;
  private handler: RegistryChangeHandler | null = null;
  private pollTimer: NodeJS.Timeout | undefined;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private closed = false;
  private connectedOnce = false;

  constructor(private readonly options: PostgresChangeFeedOptions) {}

  subscribe(onChange: RegistryChangeHandler): void {
    this.handler = onChange;
    this.pollTimer = setInterval(() => this.emit(undefined), this.options.pollMs);
    this.pollTimer.unref();
    void this.connect();
  }

  /** Resolves once the listener is connected (tests, and starts that want to know). */
  async listening(timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!this.client && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    if (!this.client) throw new Error('the registry change listener did not connect');
  }

  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.pollTimer);
    clearTimeout(this.reconnectTimer);
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => undefined);
  }

  private emit(change: RegistryChange | undefined): void {
    if (!this.closed) this.handler?.(change);
  }

  private async connect(): Promise<void> {
    if (this.closed) return;
    const client = new pg.Client({
      connectionString: this.options.url,
      connectionTimeoutMillis: 3000,
      keepAlive: true,
      application_name: 'her2-registry-listener',
    });
    let failed = false;
    const fail = (e: Error): void => {
      if (failed) return;
      failed = true;
      if (this.client === client) this.client = null;
      client.end().catch(() => undefined);
      if (this.closed) return;
      this.options.log?.warn(
        { err: e.message },
        'registry change listener lost its connection; reconnecting',
      );
      this.reconnectTimer = setTimeout(() => void this.connect(), this.options.reconnectMs ?? 1000);
      this.reconnectTimer.unref();
    };
    client.on('error', fail);
    client.on('end', () => fail(new Error('connection ended')));
    client.on('notification', (msg) => {
      const change = parseChange(msg.payload);
      if (change && change.kind === this.options.kind) this.emit(change);
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${REGISTRY_CHANNEL}`);
    } catch (e) {
      fail(e as Error);
      return;
    }
    if (this.closed) {
      await client.end().catch(() => undefined);
      return;
    }
    this.client = client;
    if (this.connectedOnce) {
      this.options.log?.info({}, 'registry change listener reconnected');
      this.emit(undefined); // changes made while disconnected were not notified
    }
    this.connectedOnce = true;
  }
}
