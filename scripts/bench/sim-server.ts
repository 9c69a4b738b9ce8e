// Child process: sim-models on a fixed port, so it runs pinned to the server CPU apart from the
// load generator. Usage: bun scripts/bench/sim-server.ts <port>
import { startSimModels } from '@tether/sim-models';

const port = Number(process.argv[2]);
await startSimModels({ port, quiet: true });
