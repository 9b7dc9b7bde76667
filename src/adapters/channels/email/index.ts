export { emailConnector, emailConfigSchema, emailSecretsSchema, emailItem, replySubject, visibleText } from './email.connector.js';
export type { EmailConfig, EmailSecrets } from './email.connector.js';
