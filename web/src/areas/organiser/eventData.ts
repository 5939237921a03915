/** The organiser area's reads: an event, all its participants (every page), their names by id. */
import { useQuery } from '@tanstack/react-query';
import { api, unwrap, type Schemas } from '../../api/client.ts';

export type EventRecord = Schemas['Event'];
export type Participant = Schemas['Participant'];

export const eventKey = (id: string) => ['event', id] as const;
export const participantsKey = (id: string) => ['event', id, 'participants'] as const;

export function useEvent(id: string) {
  return useQuery({ queryKey: eventKey(id), queryFn: () => unwrap(api.GET('/events/{id}', { params: { path: { id } } })) });
}

export type Wish = Schemas['EventWish'];
export const wishesKey = (id: string) => ['event', id, 'wishes'] as const;

/** Every item of a paged list (an event's participants and wishes number hundreds or a few thousand). */
async function everyPage<T>(read: (offset: number) => Promise<{ items: T[]; total: number }>): Promise<T[]> {
  const all: T[] = [];
  for (let offset = 0; ; offset += 200) {
    const page = await read(offset);
    all.push(...page.items);
    if (all.length >= page.total || !page.items.length) return all;
  }
}

export function useParticipants(id: string) {
  return useQuery({
    queryKey: participantsKey(id),
    queryFn: () => everyPage<Participant>((offset) => unwrap(api.GET('/events/{id}/participants', { params: { path: { id }, query: { limit: 200, offset } } }))),
  });
}

export function useWishes(id: string) {
  return useQuery({
    queryKey: wishesKey(id),
    queryFn: () => everyPage<Wish>((offset) => unwrap(api.GET('/events/{id}/wishes', { params: { path: { id }, query: { limit: 200, offset } } }))),
  });
}
