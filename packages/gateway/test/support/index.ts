export { RESEARCH_CONFIG, RESEARCH_ROUTES, RESEARCH_STEPS, researchConversation } from './fixtures.ts';
export {
  pointConfigAt,
  type SimModelsHandle,
  simBaseUrl,
  startTestGateway,
  type TestGateway,
  type TestGatewayOptions,
} from './test-gateway.ts';
