export { readAsset, readTextFile } from './files.ts';
export { cliArgs, currentRuntime, type Runtime } from './runtime.ts';
export { type ListenOptions, listen } from './serve.ts';
