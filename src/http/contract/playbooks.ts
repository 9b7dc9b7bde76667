import { z } from 'zod';
import { PlaybookStepSchema } from '../../domain/playbooks/playbook.js';
import { Iso } from './common.js';

export const PlaybookSchema = z.object({ situation: z.string(), steps: z.array(PlaybookStepSchema), isDefault: z.boolean() });

export const PlaybookProgressSchema = z.object({
  situation: z.string(),
  steps: z.array(PlaybookStepSchema.extend({ done: z.boolean(), doneBy: z.string().nullable(), doneAt: Iso.nullable() })),
  currentStep: z.string().nullable(),
});

export type Playbook = z.infer<typeof PlaybookSchema>;
export type PlaybookProgress = z.infer<typeof PlaybookProgressSchema>;
export type PlaybookStep = PlaybookProgress['steps'][number];
