import * as z from 'zod';
import { formatSignalFile } from '../../core/media/hash-list';
import { referralMediaBank } from '../../process/media-banks';
import { allow, type ApiApp, type ApiDependencies } from '../api-env';
import { errorResponse } from '../http-errors';

/** A bank's name as `npm run hashes -- import --bank` accepts it. */
export const hashBankParam = z.string().regex(/^[a-z0-9][a-z0-9._-]{0,63}$/);

/**
 * A hash bank as the signal file of HMA and python-threatexchange (`LocalFileSignalExchangeAPI`):
 * one `pdq <hex>` line per hash, which a platform loads as it is. Only hashes leave: labels,
 * sources and the referrals an entry came from are the unit's working notes, not the platform's.
 * The bank of referred media holds every unit's referrals, so a unit exports its own referrals' media;
 * an imported list is exported by the unit that imported it alone (for any other it does not exist).
 */
export const registerHashBankRoutes = (app: ApiApp, deps: ApiDependencies): void => {
  app.get('/v1/hash-banks/:bank/export', async (c) => {
    const denied = allow(c, 'GET /v1/hash-banks/{bank}/export');
    if (denied) return denied;
    const bank = hashBankParam.safeParse(c.req.param('bank'));
    if (!bank.success) {
      return errorResponse(c, 400, 'invalid_query', 'bank is a lower-case name of letters, digits, dots, dashes and underscores', [{ path: 'bank', message: 'expected a bank name' }]);
    }
    const name = bank.data;
    const unit = c.get('principal').unit;
    if (name !== referralMediaBank && !(await deps.stores.hashBanks.listBanks()).some((known) => known.bank === name && known.ownerUnit === unit)) {
      return errorResponse(c, 404, 'not_found', 'no such hash bank of your unit');
    }
    let entries = await deps.stores.hashBanks.listEntries(name);
    if (name === referralMediaBank) {
      const ownReferral = new Map<string, boolean>();
      for (const referralId of new Set(entries.flatMap((entry) => (entry.referralId ? [entry.referralId] : [])))) {
        ownReferral.set(referralId, (await deps.stores.referrals.get(referralId))?.units.includes(unit) ?? false);
      }
      entries = entries.filter((entry) => entry.referralId !== undefined && ownReferral.get(entry.referralId));
    }
    // One line per hash: the same image referred twice is one signal.
    const hashes = [...new Set(entries.map((entry) => entry.pdq))].sort().map((pdq) => ({ pdq }));
    c.header('content-disposition', `attachment; filename="${name}.pdq.txt"`);
    return c.text(formatSignalFile(hashes), 200, { 'content-type': 'text/plain; charset=utf-8' });
  });
};
