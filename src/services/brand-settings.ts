/** A brand's settings, stored as JSON on the brand and validated on the way in. */
import { z } from 'zod';
import { parseJson } from '../repositories/json.js';

export const BrandSettingsSchema = z.object({
  /** Competitors' names: mentions naming them get the competitor signal and feed black-PR detection. */
  competitors: z.array(z.string().trim().min(2).max(100)).max(50).default([]),
});
export type BrandSettings = z.infer<typeof BrandSettingsSchema>;

export function brandSettings(json: string | null | undefined): BrandSettings {
  const parsed = BrandSettingsSchema.safeParse(parseJson(json, {}));
  return parsed.success ? parsed.data : BrandSettingsSchema.parse({});
}
