/**
 * A saved view: a person's own inbox filter under a name (issue 16). The
 * filter holds the inbox's own fields only — the tab it starts from and the
 * filters, search and order set on top — each a short string, so a stored view
 * can always be shown and re-applied as it was saved.
 */
import { z } from 'zod';

export const INBOX_TABS = ['all', 'mine', 'myteam', 'breaching', 'review', 'trolls', 'blackpr', 'ideas'] as const;

const Field = z.string().trim().max(200);

export const SavedViewFilterSchema = z
  .object({
    view: z.enum(INBOX_TABS).optional(),
    q: Field.optional(),
    status: Field.optional(),
    kind: Field.optional(),
    channel: Field.optional(),
    topic: Field.optional(),
    tag: Field.optional(),
    language: Field.optional(),
    deadline: Field.optional(),
    from: Field.optional(),
    to: Field.optional(),
    sort: z.enum(['recent', 'due']).optional(),
  })
  .strict();

export type SavedViewFilter = z.infer<typeof SavedViewFilterSchema>;

export const SavedViewNameSchema = z.string().trim().min(1, 'must not be empty').max(60, 'must be at most 60 characters');

/** How many views one person may keep per brand (the tabs must fit on a screen). */
export const MAX_SAVED_VIEWS = 20;
