/** A list's filters kept in the address (?name=&country=…&page=), so a filtered list can be linked and kept on reload. */
import { useSearchParams } from 'wouter';

export function useAddressFilters() {
  const [params, setParams] = useSearchParams();
  const get = (name: string) => params.get(name) ?? '';
  const set = (changes: Record<string, string>) =>
    setParams((old) => {
      const next = new URLSearchParams(old);
      for (const [name, value] of Object.entries(changes)) {
        if (value) next.set(name, value);
        else next.delete(name);
      }
      // Any change of filter starts at the first page.
      if (!('page' in changes)) next.delete('page');
      return next;
    });
  /** The API's query for the filters set: each address parameter under the API's name for it. */
  const apiQuery = (names: Record<string, string>) => Object.fromEntries(Object.entries(names).flatMap(([param, apiName]) => (get(param) ? [[apiName, get(param)]] : [])));
  return { get, set, apiQuery };
}
