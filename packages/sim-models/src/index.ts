// The public surface: start a server, configure it, and read the Arch-Router prompt it answers.
// Everything else (the brain, knobs, caches) is internal and reached over HTTP, as an upstream would be.
export { parseRouterPrompt, type RouterPrompt, type RouterRoute, type RouterTurn } from './brain/router.ts';
export { type FaultMode, KNOB_HEADERS } from './knobs.ts';
export { type SimModelsOptions, simModelsOptionsSchema } from './options.ts';
export { type SimModelsHandle, startSimModels } from './server.ts';
