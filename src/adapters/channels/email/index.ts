export { emailConnector, emailConfigSchema, emailSecretsSchema, emailItem, replySubject, visibleText, waitForMail } from './email.connector.js';
export type { EmailConfig, EmailSecrets } from './email.connector.js';
