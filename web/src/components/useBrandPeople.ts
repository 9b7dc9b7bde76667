/** The brand's people a case can go to: members who may reply (managers may list them) and its teams (anyone may). */
import { useCallback, useEffect, useState } from 'react';
import { api, type Member, type Team } from '../api';

/** Roles whose members may take a case (the server's `reply.write`). */
const MAY_REPLY = new Set(['admin', 'manager', 'reviewer', 'responder']);

export interface Assignable {
  id: string;
  name: string;
}

/** Active members who may reply, by name; empty for a caller who may not list the brand's people (they assign to themselves). */
export function useAssignableMembers(brandId: string): Assignable[] {
  const [members, setMembers] = useState<Assignable[]>([]);
  useEffect(() => {
    let live = true;
    api<{ items: Member[] }>('GET', `/brands/${brandId}/members`)
      .then((r) => {
        if (live)
          setMembers(r.items.filter((m) => m.status === 'active' && MAY_REPLY.has(m.role)).map((m) => ({ id: m.id, name: m.name || m.email })));
      })
      .catch(() => live && setMembers([]));
    return () => {
      live = false;
    };
  }, [brandId]);
  return members;
}

/** The brand's teams, and a reload for after a change. */
export function useTeams(brandId: string): { teams: Team[]; reload: () => Promise<void> } {
  const [teams, setTeams] = useState<Team[]>([]);
  const reload = useCallback(async () => {
    if (!brandId) return;
    setTeams((await api<{ items: Team[] }>('GET', `/brands/${brandId}/teams`)).items);
  }, [brandId]);
  useEffect(() => {
    void reload().catch(() => setTeams([]));
  }, [reload]);
  return { teams, reload };
}
