/** The whole API contract, for the desk's client (type imports only). */
export * from './common.js';
export * from './mentions.js';
export * from './replies.js';
export * from './cases.js';
export * from './brands.js';
export * from './playbooks.js';
export * from './reports.js';
export * from './data.js';
export * from './channels.js';
