import { v7 as uuidv7 } from 'uuid';

/** A new identifier: UUIDv7, so ids sort by creation time and make stable cursors. */
export const newId = (): string => uuidv7();
