export { telegramConnector, telegramConfigSchema, telegramSecretsSchema, telegramItem, telegramWebhook } from './telegram.connector.js';
export type { TelegramConfig, TelegramSecrets } from './telegram.connector.js';
