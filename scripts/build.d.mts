// Types of scripts/build.mjs for the TypeScript that imports it (test/setup/build.ts).
export function serverBuilt(): boolean;
export function serverStale(): boolean;
export function webStale(): boolean;
export function buildServer(): Promise<boolean>;
export function buildWeb(): boolean;
export function buildIfNeeded(options?: { force?: boolean; web?: boolean; quiet?: boolean }): Promise<void>;
