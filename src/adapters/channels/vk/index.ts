export { vkConnector, vkConfigSchema, vkSecretsSchema, randomId, VK_API_VERSION } from './vk.connector.js';
export type { VkConfig, VkSecrets } from './vk.connector.js';
