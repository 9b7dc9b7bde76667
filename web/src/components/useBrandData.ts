/**
 * What the desk reads of a brand for its pickers and badges, one hook each on
 * one loader: its members (those who may list them: managers and admins), the
 * members a case can go to, its teams (anyone may), its channel connections
 * and the channel keys its mentions came in on. A list the caller may not
 * read comes back empty.
 */
import { useCallback, useEffect, useMemo, useState } from 'react';
import { api, type Colleague, type Member, type Team } from '../api';
import { type Connection, listConnections } from '../channels';

/** What an unread or refused list reads as: one array, so that it does not change from render to render. */
const NONE: never[] = [];

/** Roles whose members may take a case (the server's `reply.write`). */
const MAY_REPLY = new Set(['admin', 'manager', 'reviewer', 'responder']);

/**
 * A list read for a brand: null while it loads, empty when it may not be read; read again when the brand changes,
 * and only while `wanted`. An answer that comes after the brand changed is dropped.
 */
function useBrandList<T>(brandId: string, load: (brandId: string) => Promise<T[]>, wanted = true): T[] | null {
  const [list, setList] = useState<T[] | null>(null);
  useEffect(() => {
    if (!wanted || !brandId) return;
    let live = true;
    load(brandId)
      .then((items) => live && setList(items))
      .catch(() => live && setList([]));
    return () => {
      live = false;
    };
    // `load` is one of the module's own loaders below: it never changes.
  }, [brandId, load, wanted]);
  return list;
}

/** A member as the pickers show them (their e-mail is empty when read from the colleagues' list). */
export type BrandPerson = Pick<Member, 'id' | 'name' | 'email' | 'role'>;

const activeMembers = (brandId: string): Promise<BrandPerson[]> =>
  api<{ items: Member[] }>('GET', `/brands/${brandId}/members`).then((r) => r.items.filter((m) => m.status === 'active'));

/** The active colleagues: names and roles, which any member may read (no e-mails). */
const colleagues = (brandId: string): Promise<BrandPerson[]> =>
  api<{ items: Colleague[] }>('GET', `/brands/${brandId}/colleagues`).then((r) =>
    r.items.map((c) => ({ id: c.id, name: c.name, email: '', role: c.role })),
  );

/** The members, or for a caller who may not list them the colleagues. */
const membersOrColleagues = (brandId: string): Promise<BrandPerson[]> => activeMembers(brandId).catch(() => colleagues(brandId));

/**
 * The brand's active members (null while loading, read only while `wanted`). `orColleagues`: a caller who may not
 * list them (a responder reading the settings) gets the colleagues' names instead, so the people the settings name
 * read as who they are.
 */
export function useBrandMembers(brandId: string, wanted = true, orColleagues = false): BrandPerson[] | null {
  return useBrandList(brandId, orColleagues ? membersOrColleagues : activeMembers, wanted);
}

export interface Assignable {
  id: string;
  name: string;
}

/**
 * Active members who may reply, by name, for any member (a responder hands a case to a colleague too): read from the
 * colleagues' list, which every member may read, not the members' list, which only managers may.
 */
export function useAssignableMembers(brandId: string): Assignable[] {
  const people = useBrandList(brandId, colleagues);
  return useMemo(() => (people ?? NONE).filter((m) => MAY_REPLY.has(m.role)).map((m) => ({ id: m.id, name: m.name || m.id })), [people]);
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

/** The brand's channel connections, with their health (empty when the channel layer is not readable). */
export function useConnections(brandId: string): Connection[] {
  return useBrandList(brandId, listConnections) ?? NONE;
}

export interface ChannelKey {
  key: string;
  name: string | null;
}

const channelKeys = (brandId: string) => api<{ items: ChannelKey[] }>('GET', `/brands/${brandId}/channels`).then((r) => r.items);

/** The brand's channel keys (every key its mentions came in on), for a channel filter's list. */
export function useChannelKeys(brandId: string): ChannelKey[] {
  return useBrandList(brandId, channelKeys) ?? NONE;
}
