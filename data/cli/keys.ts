/**
 * `npm run keys -- <command>`: manage API keys.
 *   create --role <admin|organiser|analyst|company|city> --name "…" [--company <id>] [--city <id>]
 *   list
 *   revoke <key id>
 */
import { migrateToLatest, openDatabase } from '../db.ts';
import { createApiKey, listApiKeys, revokeApiKey, ROLES, type Role } from '../repositories/apiKeys.ts';
import { findCompanyById } from '../repositories/companies.ts';
import { findCityById } from '../repositories/cities.ts';
import { cliArgs, databaseOptions } from './args.ts';

const USAGE = `usage:
  npm run keys -- create --role <${ROLES.join('|')}> --name "…" [--company <company id>] [--city <city id>]
  npm run keys -- list
  npm run keys -- revoke <key id>`;

const { values, positionals } = cliArgs(
  { role: { type: 'string' }, name: { type: 'string' }, company: { type: 'string' }, city: { type: 'string' } },
  USAGE,
);
const fail = (message: string): never => {
  console.error(`${message}\n\n${USAGE}`);
  process.exit(2);
};

const handle = openDatabase(databaseOptions());
try {
  await migrateToLatest(handle);
  const [command, arg] = positionals;
  if (command === 'create') {
    const role = values.role as Role | undefined;
    if (!role || !ROLES.includes(role)) fail(`--role must be one of ${ROLES.join(', ')}`);
    if (!values.name) fail('--name is required');
    if (role === 'company' && !values.company) fail('a company key needs --company <company id>');
    if (role === 'city' && !values.city) fail('a city key needs --city <city id>');
    if (values.company && !(await findCompanyById(handle.db, values.company))) fail(`company '${values.company}' does not exist`);
    if (values.city && !(await findCityById(handle.db, values.city))) fail(`city '${values.city}' does not exist`);
    const { key, secret } = await createApiKey(handle.db, {
      name: values.name!,
      role: role!,
      companyId: role === 'company' ? values.company : null,
      cityId: role === 'city' ? values.city : null,
    });
    console.log(`created ${key.role} key ${key.id} (${key.name}). The secret is shown only now:\n\n  ${secret}\n`);
  } else if (command === 'list') {
    for (const k of await listApiKeys(handle.db)) {
      const binding = k.companyId ? ` company=${k.companyId}` : k.cityId ? ` city=${k.cityId}` : '';
      console.log(`${k.id}  ${k.prefix}…  ${k.role.padEnd(9)} ${k.revokedAt ? 'REVOKED ' : ''}${k.name}${binding}  last used ${k.lastUsedAt ?? 'never'}`);
    }
  } else if (command === 'revoke') {
    if (!arg) fail('revoke needs a key id (see `list`)');
    console.log((await revokeApiKey(handle.db, arg!)) ? `revoked ${arg}` : `no active key ${arg}`);
  } else {
    fail(command ? `unknown command '${command}'` : 'no command given');
  }
} finally {
  await handle.close();
}
