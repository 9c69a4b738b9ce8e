export { freePort } from './free-port.ts';
export {
  type RedisServerHandle,
  redisServerBinary,
  type StartRedisOptions,
  startRedisServer,
} from './redis-server.ts';
