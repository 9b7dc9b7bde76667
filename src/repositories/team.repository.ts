/** Teams of a brand (zones of responsibility) and their members. */
import type { Kysely } from 'kysely';
import type { DefuseDatabase, TeamRow } from '../db/schema.js';

export type { TeamRow };

export class TeamRepository {
  constructor(private readonly db: Kysely<DefuseDatabase>) {}

  async create(row: TeamRow): Promise<void> {
    await this.db.insertInto('teams').values(row).execute();
  }

  find(id: string): Promise<TeamRow | undefined> {
    return this.db.selectFrom('teams').selectAll().where('id', '=', id).executeTakeFirst();
  }

  list(brandId: string): Promise<TeamRow[]> {
    return this.db.selectFrom('teams').selectAll().where('brand_id', '=', brandId).orderBy('name').execute();
  }

  async setMembers(team: TeamRow, userIds: string[]): Promise<void> {
    await this.db.deleteFrom('team_members').where('team_id', '=', team.id).execute();
    if (userIds.length) {
      await this.db
        .insertInto('team_members')
        .values(userIds.map((u) => ({ team_id: team.id, user_id: u, brand_id: team.brand_id })))
        .execute();
    }
  }

  async memberIds(teamId: string): Promise<string[]> {
    const rows = await this.db.selectFrom('team_members').select('user_id').where('team_id', '=', teamId).execute();
    return rows.map((r) => r.user_id);
  }

  async delete(id: string): Promise<void> {
    await this.db.deleteFrom('teams').where('id', '=', id).execute();
  }
}
