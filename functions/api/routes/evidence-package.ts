import { createHash } from 'node:crypto';
import { Zip, ZipPassThrough } from 'fflate';
import { buildPackageEntries, sha256sumsLine, type PackageEntry } from '../../core/evidence-package/package-contents';
import { maxEvidenceBytes, type ApiApp, type ApiDependencies } from '../api-env';
import { auditEventSeenBy, escalationEventSeenBy, legalEventSeenBy } from '../audit-view';
import { holdRefusal } from '../hold-refusal';
import { errorResponse } from '../http-errors';
import { visibleReferral } from '../visible-referral';
import { verifyAuditTrails } from '../../core/audit-chain/verify-audit-trail';
import { allow } from '../api-env';

const route = 'GET /v1/referrals/{id}/evidence-package';

/**
 * Streams the package as a ZIP, one file at a time: the next artifact is read from the store only
 * when the client has taken what came before (ReadableStream pull), so memory holds one artifact
 * and the ZIP's small buffers, whatever the referral's total. Files are stored, not deflated:
 * screenshots and snapshots hardly compress, and stored files unpack with any tool.
 */
const zipStream = (files: AsyncGenerator<{ path: string; bytes: Uint8Array }>): ReadableStream<Uint8Array> => {
  const pending: Uint8Array[] = [];
  let finished = false;
  let failure: Error | undefined;
  const zip = new Zip((error, chunk, final) => {
    if (error) failure = error;
    else pending.push(chunk);
    if (final) finished = true;
  });
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      while (pending.length === 0 && !finished && !failure) {
        const next = await files.next();
        if (next.done) {
          zip.end();
          break;
        }
        const file = new ZipPassThrough(next.value.path);
        zip.add(file);
        file.push(next.value.bytes, true);
      }
      if (failure) return controller.error(failure);
      for (const chunk of pending.splice(0)) controller.enqueue(chunk);
      if (finished) controller.close();
    },
  });
};

export const registerEvidencePackageRoute = (app: ApiApp, deps: ApiDependencies): void => {
  app.get('/v1/referrals/:id/evidence-package', async (c) => {
    const denied = allow(c, route);
    if (denied) return denied;
    const found = await visibleReferral(c, deps, route);
    if (found.response) return found.response;
    const { referral } = found;
    const principal = c.get('principal');
    const signer = deps.packageSigner;
    if (!signer) return errorResponse(c, 503, 'internal', 'this deployment has no evidence package key configured');
    // An export hands the content on: refused under another unit's operational hold.
    const held = await holdRefusal(c, deps, referral, principal, 'export');
    if (held) return held;
    const exportedAt = deps.now().toISOString();
    // Recorded before any byte leaves: no export goes unlogged, and the package's own audit shows it.
    await deps.stores.legalAudit.recordEvidenceRead({ referralId: referral.referralId, sha256: 'package', kind: 'evidence-package', actor: { kind: 'officer', id: principal.officerId, unit: principal.unit }, at: exportedAt });
    const [reports, lifecycle, legal, escalation, trail, heldTargets] = await Promise.all([
      deps.stores.referrals.listReports(referral.referralId),
      deps.stores.lifecycle.listAudit(referral.referralId),
      deps.stores.legalAudit.list(referral.referralId),
      deps.stores.escalations.listEvents(referral.referralId),
      deps.stores.auditChain.referralTrail(referral.referralId),
      deps.stores.auditChain.heldTargetTrails(referral),
    ]);
    // The hash chain's links (hashes only, no record) and how the chain, the chains of the holds
    // covering the referral and their daily anchors verified at export.
    const trustAnchorsPem = deps.tsaCaPem ? [deps.tsaCaPem] : [];
    const verification = await verifyAuditTrails({ ...trail, trustAnchorsPem }, heldTargets.map((held) => ({ ...held, trustAnchorsPem })));
    const chain = { chain: trail.chain, links: trail.links, head: trail.head, anchors: [...trail.anchors.values()], verification };
    const entries = buildPackageEntries({
      referral,
      reports,
      audit: {
        chain,
        lifecycle: lifecycle.map((event) => auditEventSeenBy(event, principal)),
        // What another unit's officer wrote (a hold's reason, an emergency's justification) stays in that unit.
        ruleOfLaw: legal.map((event) => legalEventSeenBy(event, principal)),
        escalation: escalation.map((event) => escalationEventSeenBy(event, principal)),
      },
      exportedBy: { officerId: principal.officerId, unit: principal.unit },
      exportedAt,
      signatureAlgorithm: signer.algorithm,
      ...(deps.tsaCaPem ? { tsaCaPem: deps.tsaCaPem } : {}),
    });
    const versions = new Map(reports.flatMap((report) => (report.evidenceChecks ?? []).flatMap((check) => (check.status === 'verified' && check.versionId ? [[check.sha256, check.versionId] as const] : []))));
    const bytesOf = async (entry: PackageEntry): Promise<Uint8Array> => {
      if ('bytes' in entry) return entry.bytes;
      const stored = await deps.evidence.read(entry.artifact.sha256, { maxBytes: maxEvidenceBytes, versionId: versions.get(entry.artifact.sha256) });
      if (stored.status !== 'read') throw new Error(`artifact ${entry.artifact.sha256} is ${stored.status}`);
      return stored.bytes;
    };
    async function* files() {
      let sums = '';
      for (const entry of entries) {
        const bytes = await bytesOf(entry);
        sums += sha256sumsLine(createHash('sha256').update(bytes).digest('hex'), entry.path);
        yield { path: entry.path, bytes };
      }
      const sumsBytes = new TextEncoder().encode(sums);
      yield { path: 'SHA256SUMS', bytes: sumsBytes };
      yield { path: 'SHA256SUMS.sig', bytes: await signer!.sign(sumsBytes) };
      yield { path: 'signing-key.pub.pem', bytes: new TextEncoder().encode(await signer!.publicKeyPem()) };
    }
    deps.log('info', 'evidence package exported', { referralId: referral.referralId, unit: principal.unit, files: entries.length });
    return c.body(zipStream(files()), 200, {
      'content-type': 'application/zip',
      'content-disposition': `attachment; filename="${referral.referralId}-evidence.zip"`,
      'cache-control': 'no-store',
    });
  });
};
