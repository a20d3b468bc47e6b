import { parseArgs } from 'node:util';
import { signDevToken } from '../../functions/api/authenticate';
import * as z from 'zod';
import { role as roleSchema, unitId } from '../../functions/contract/principal';
import { defaultDataDir, loadDevSecret } from './dev-secret';

/** Several groups, comma-separated (`liaison,analyst`), as Cognito gives an officer in several groups. */
const roleList = z
  .string()
  .transform((value) => value.split(',').map((r) => r.trim()))
  .pipe(z.array(roleSchema).min(1));

/** `npm run token -- --role referrer --unit eu-iru [--sub name] [--platforms x,youtube]` prints a dev token. */
const main = async () => {
  const { values } = parseArgs({
    options: {
      role: { type: 'string', default: 'referrer' },
      unit: { type: 'string', default: 'eu-iru' },
      sub: { type: 'string' },
      platforms: { type: 'string' },
      'expires-in': { type: 'string' },
    },
  });
  const role = roleList.safeParse(values.role);
  const unit = unitId.safeParse(values.unit);
  if (!role.success || !unit.success) {
    console.error('usage: npm run token -- --role referrer|liaison|analyst|admin|deployment-admin[,<another role>] --unit <unit-slug> [--sub id] [--platforms x,youtube]');
    process.exit(2);
  }
  const secret = await loadDevSecret(defaultDataDir());
  const token = await signDevToken(secret, {
    role: role.data,
    unit: unit.data,
    ...(values.sub ? { sub: values.sub } : {}),
    ...(values.platforms ? { platforms: values.platforms.split(',').map((p) => p.trim()) } : {}),
    ...(values['expires-in'] ? { expiresInSeconds: Number(values['expires-in']) } : {}),
  });
  console.log(token);
};

void main();
