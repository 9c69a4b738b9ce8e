/** Takes Redis away and brings it back, for the outage phase. */
export interface OutageControl {
  /** How the outage is made, for the progress lines, e.g. `stopping redis-server (pid 123)`. */
  readonly how: string;
  /** Makes Redis unreachable. */
  down(): Promise<void>;
  /** Makes it reachable again (resolves once it answers PING). */
  up(): Promise<void>;
}

/** The replicas under test and what the verifier may do to them. */
export interface Deployment {
  readonly mode: 'local' | 'remote';
  /** Base URLs, e.g. `http://127.0.0.1:40001`. */
  readonly replicas: readonly string[];
  /** The Redis they share, for inspection. */
  readonly redisUrl: string;
  /** How to cause an outage, or `null` with the reason it is skipped. */
  readonly outage: OutageControl | { skip: string };
  /** Replicas that exited or were replaced since the start (local only; always empty remotely). */
  restarted(): string[];
  /** Human-readable identity of the replica processes, e.g. `pids 1, 2, 3` (local only). */
  identity(): string | null;
  /** Stops whatever was started; safe to call twice. */
  close(): Promise<void>;
}
