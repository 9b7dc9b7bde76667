/** Teams of a brand (zones of responsibility) and their members. */
import type { Kysely } from 'kysely';
import type { DefuseDatabase, TeamRow } from '../db/schema.js';
import { type Camel, camelKeys, snakeKeys } from './mapping.js';

/** A team of a brand. */
export type Team = Camel<TeamRow>;

export class TeamRepository {
  constructor(private readonly db: Kysely<DefuseDatabase>) {}

  async create(t: Team): Promise<void> {
    await this.db.insertInto('teams').values(snakeKeys(t)).execute();
  }

  async find(id: string): Promise<Team | undefined> {
    const r = await this.db.selectFrom('teams').selectAll().where('id', '=', id).executeTakeFirst();
    return r && camelKeys(r);
  }

  async list(brandId: string): Promise<Team[]> {
    const rows = await this.db.selectFrom('teams').selectAll().where('brand_id', '=', brandId).orderBy('name').execute();
    return rows.map((r) => camelKeys(r));
  }

  async setMembers(team: Pick<Team, 'id' | 'brandId'>, userIds: string[]): Promise<void> {
    await this.db.deleteFrom('team_members').where('team_id', '=', team.id).execute();
    if (userIds.length) {
      await this.db
        .insertInto('team_members')
        .values(userIds.map((u) => ({ team_id: team.id, user_id: u, brand_id: team.brandId })))
        .execute();
    }
  }

  async memberIds(teamId: string): Promise<string[]> {
    const rows = await this.db.selectFrom('team_members').select('user_id').where('team_id', '=', teamId).execute();
    return rows.map((r) => r.user_id);
  }

  /** The brand's teams this person is on. */
  async idsOfMember(brandId: string, userId: string): Promise<string[]> {
    const rows = await this.db.selectFrom('team_members').select('team_id').where('brand_id', '=', brandId).where('user_id', '=', userId).execute();
    return rows.map((r) => r.team_id);
  }

  async rename(id: string, name: string): Promise<void> {
    await this.db.updateTable('teams').set({ name }).where('id', '=', id).execute();
  }

  async delete(id: string): Promise<void> {
    await this.db.deleteFrom('teams').where('id', '=', id).execute();
  }
}
