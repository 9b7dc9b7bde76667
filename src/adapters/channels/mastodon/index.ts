export { mastodonConnector, mastodonConfigSchema, mastodonSecretsSchema, mastodonItem } from './mastodon.connector.js';
export type { MastodonConfig, MastodonSecrets } from './mastodon.connector.js';
export { htmlToText } from './html-text.js';
