export { telegramConnector, telegramConfigSchema, telegramSecretsSchema, telegramItem } from './telegram.connector.js';
export type { TelegramConfig, TelegramSecrets } from './telegram.connector.js';
