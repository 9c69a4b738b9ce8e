/** Requests served per pin and per model on this replica, for the dashboard. */
export interface PinActivity {
  /** Counts one served request of pin `key` (`id`, or `tenant:id` as the store lists it). */
  countPin(key: string): void;
  /** Requests this replica served for pin `key` since it started (0 when unknown or evicted). */
  requestsOf(key: string): number;
  /** Counts one served request of `model`, pinned or routed. */
  countModel(model: string, pinned: boolean): void;
  /** Per model: requests served from a pin vs routed afresh (including explicit models), on this replica. */
  models(): Array<{ model: string; pinned: number; routed: number }>;
}

/**
 * In-process counters, bounded to `maxPins` entries (least recently counted dropped first), so
 * the proxy path never writes to a shared store just to feed a dashboard.
 */
export function createPinActivity(maxPins = 10_000): PinActivity {
  const pins = new Map<string, number>();
  const models = new Map<string, { pinned: number; routed: number }>();
  return {
    countPin(key) {
      const n = (pins.get(key) ?? 0) + 1;
      pins.delete(key);
      pins.set(key, n);
      if (pins.size > maxPins) {
        const oldest = pins.keys().next();
        if (!oldest.done) pins.delete(oldest.value);
      }
    },
    requestsOf: (key) => pins.get(key) ?? 0,
    countModel(model, pinned) {
      let entry = models.get(model);
      if (entry === undefined) {
        // Bounded by the configured models: only names from `x-tether-model` arrive here.
        entry = { pinned: 0, routed: 0 };
        models.set(model, entry);
      }
      if (pinned) entry.pinned++;
      else entry.routed++;
    },
    models: () => [...models].map(([model, c]) => ({ model, ...c })),
  };
}
