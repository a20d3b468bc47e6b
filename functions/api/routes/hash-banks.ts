import * as z from 'zod';
import { formatSignalFile, formatVpdqSignalLine } from '../../core/media/hash-list';
import { referralMediaBank } from '../../process/media-banks';
import { allow, type ApiApp, type ApiDependencies } from '../api-env';
import { errorResponse } from '../http-errors';

/** A bank's name as `npm run hashes -- import --bank` accepts it. */
export const hashBankParam = z.string().regex(/^[a-z0-9][a-z0-9._-]{0,63}$/);

/**
 * A hash bank as the signal file of HMA and python-threatexchange (`LocalFileSignalExchangeAPI`):
 * one `pdq <hex>` line per hash and one `vpdq <frames>` line per video, which a platform loads as
 * it is. Only hashes leave: labels,
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
    let videos = await deps.stores.hashBanks.listVideos(name);
    if (name === referralMediaBank) {
      const ownReferral = new Map<string, boolean>();
      for (const referralId of new Set([...entries, ...videos].flatMap((entry) => (entry.referralId ? [entry.referralId] : [])))) {
        ownReferral.set(referralId, (await deps.stores.referrals.get(referralId))?.units.includes(unit) ?? false);
      }
      const own = (entry: { referralId?: string }) => entry.referralId !== undefined && ownReferral.get(entry.referralId) === true;
      entries = entries.filter(own);
      videos = videos.filter(own);
    }
    // One line per hash: the same image referred twice is one signal; so is the same video (its frame digest).
    const hashes = [...new Set(entries.map((entry) => entry.pdq))].sort().map((pdq) => ({ pdq }));
    const videoLines = [...new Map(videos.map((video) => [video.entryId.split('#')[1], formatVpdqSignalLine(video.frames)])).entries()].sort(([a], [b]) => (a ?? '').localeCompare(b ?? '')).map(([, line]) => line);
    c.header('content-disposition', `attachment; filename="${name}.pdq.txt"`);
    return c.text(formatSignalFile(hashes) + videoLines.join(''), 200, { 'content-type': 'text/plain; charset=utf-8' });
  });
};
