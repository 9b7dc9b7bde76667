/**
 * Saved views (issue 16): a person keeps inbox filters of their own under a
 * name, per brand they can read. Only people have views (not API tokens), and
 * each sees and deletes only theirs.
 */
import { type Clock, iso } from '../../domain/clock.js';
import { MAX_SAVED_VIEWS, type SavedViewFilter } from '../../domain/cases/saved-view.js';
import { newId } from '../../domain/ids.js';
import { conflict, forbidden, notFound } from '../../errors.js';
import type { SavedView } from '../../repositories/saved-view.repository.js';
import type { Store } from '../../repositories/store.js';
import { type Actor, authorize } from '../access.js';

export class SavedViewService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
  ) {}

  private person(actor: Actor): string {
    if (actor.type !== 'user') throw forbidden('saved views belong to people; sign in to keep one');
    return actor.userId;
  }

  async list(actor: Actor, brandId: string): Promise<SavedView[]> {
    const userId = this.person(actor);
    authorize(actor, brandId, 'case.read');
    return this.store.repos.savedViews.list(userId, brandId);
  }

  async add(actor: Actor, brandId: string, name: string, filter: SavedViewFilter): Promise<SavedView> {
    const userId = this.person(actor);
    authorize(actor, brandId, 'case.read');
    const repo = this.store.repos.savedViews;
    if ((await repo.count(userId, brandId)) >= MAX_SAVED_VIEWS) throw conflict(`you can keep at most ${MAX_SAVED_VIEWS} views; delete one first`);
    const view: SavedView = { id: newId(), userId, brandId, name, filter, createdAt: iso(this.clock.now()) };
    if (!(await repo.add(view))) throw conflict(`you already have a view named "${name}"`, 'name');
    return view;
  }

  async remove(actor: Actor, id: string): Promise<void> {
    if (!(await this.store.repos.savedViews.remove(this.person(actor), id))) throw notFound('Saved view');
  }
}
