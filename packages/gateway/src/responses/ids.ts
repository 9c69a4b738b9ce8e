/**
 * Ids of responses the gateway builds (translated upstreams). An output item's id embeds its
 * response's id (`msg_<hex>_0` belongs to `resp_<hex>`), so an `item_reference` can be resolved
 * from the stored response alone, with no second index to keep in step.
 */
export function newResponseId(): string {
  return `resp_${crypto.randomUUID().replaceAll('-', '')}`;
}

/** `msg_<hex>_<n>` / `fc_<hex>_<n>` for output item `index` of `responseId`. */
export function outputItemId(kind: 'msg' | 'fc', responseId: string, index: number): string {
  return `${kind}_${responseId.replace(/^resp_/, '')}_${index}`;
}

/** The response an output item id belongs to, or `undefined` for ids the gateway did not mint. */
export function responseIdOfItem(itemId: string): string | undefined {
  const match = /^(?:msg|fc)_([0-9a-f]{32})_\d+$/.exec(itemId);
  return match ? `resp_${match[1]}` : undefined;
}
