/** Look-ups an import makes once for the whole file rather than once per row. */
import type { Kysely } from 'kysely';
import type { City } from '../../engine/model.ts';
import type { Database } from '../schema.ts';
import { findCityById } from '../repositories/cities.ts';
import type { Sheet } from './sheet.ts';

/** The cities the file's city_id column names, each read once (a file names few, many times). */
export async function citiesNamed(db: Kysely<Database>, sheet: Sheet): Promise<Map<string, City | undefined>> {
  const cities = new Map<string, City | undefined>();
  for (const row of sheet.rows) {
    const id = row.cells.city_id;
    if (id && !cities.has(id)) cities.set(id, await findCityById(db, id));
  }
  return cities;
}
