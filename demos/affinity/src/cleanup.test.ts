import { expect, test } from 'bun:test';
import { createCleanup } from './cleanup.ts';

test('stops in reverse order, once, even when one stopper throws', async () => {
  const order: string[] = [];
  const cleanup = createCleanup();
  cleanup.add(() => order.push('sim-models'));
  cleanup.add(() => {
    throw new Error('already stopped');
  });
  cleanup.add(async () => {
    order.push('gateway');
  });
  await Promise.all([cleanup.run(), cleanup.run()]);
  await cleanup.run();
  expect(order).toEqual(['gateway', 'sim-models']);
});
