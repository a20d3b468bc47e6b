import type { EvidenceArtifactV1 } from '../contract/report';
import { indicatorsOfQrPayload, mergeIndicators, type SourcedIndicator } from '../core/indicators/sourced-indicators';
import { imageFormatOf } from '../core/media/image-format';
import type { QrReader, QrReading } from '../core/media/qr-code';
import { pageTextOfMhtml, type ContentProblem } from '../core/page-text/mhtml-text';

/** What the process stage found in one verified artifact; recorded on its evidence check. */
export interface EvidenceContent {
  /** The visible text of a snapshot, searched with the title and selection. */
  pageText?: string;
  /** Indicators read from QR codes (the artifact's own image, or images inside a snapshot). */
  qrIndicators: SourcedIndicator[];
  problems: ContentProblem[];
}

const isSnapshot = (artifact: EvidenceArtifactV1): boolean => artifact.kind === 'mhtml' || /^multipart\/related\b/i.test(artifact.mediaType);

const readQr = async (bytes: Uint8Array, readQrCode: QrReader, where: string): Promise<{ indicators: SourcedIndicator[]; problems: ContentProblem[] }> => {
  let reading: QrReading;
  try {
    reading = await readQrCode(bytes);
  } catch (error) {
    // A decoder bug on one hostile image must not fail the report: it is recorded like a broken image.
    reading = { ok: false, error: { code: 'undecodable_image', message: (error as Error).message.slice(0, 200) } };
  }
  if (!reading.ok) return { indicators: [], problems: [{ code: reading.error.code, message: `${where}: ${reading.error.message}` }] };
  if (reading.payload === undefined) return { indicators: [], problems: [] };
  const found = indicatorsOfQrPayload(reading.payload);
  return { indicators: found.indicators, problems: found.error ? [{ code: 'unreadable_qr_payload', message: `${where}: ${found.error.message}` }] : [] };
};

/**
 * Reads what a verified artifact says: the visible text of an MHTML snapshot and the QR codes of
 * its images, or the QR code of a screenshot or other image. Never throws: what cannot be read is
 * a problem recorded on the artifact, and the rest of the report is processed.
 */
export const readEvidenceContent = async (artifact: EvidenceArtifactV1, bytes: Uint8Array, readQrCode: QrReader | undefined): Promise<EvidenceContent> => {
  if (isSnapshot(artifact)) {
    const page = await pageTextOfMhtml(bytes);
    if (!page.ok) return { qrIndicators: [], problems: [page.error] };
    const problems = [...page.page.problems];
    const qrIndicators: SourcedIndicator[][] = [];
    if (readQrCode) {
      for (const [index, image] of page.page.images.entries()) {
        // Only formats the decoder reads; an SVG or an icon file is not a broken image.
        if (!imageFormatOf(image.bytes)) continue;
        const found = await readQr(image.bytes, readQrCode, `image ${index + 1} of the snapshot`);
        qrIndicators.push(found.indicators);
        problems.push(...found.problems);
      }
    }
    const pageText = [page.page.title ?? '', page.page.text].join('\n');
    return { pageText, qrIndicators: mergeIndicators(qrIndicators, 50), problems };
  }
  if (!readQrCode || !imageFormatOf(bytes)) return { qrIndicators: [], problems: [] };
  const found = await readQr(bytes, readQrCode, `the ${artifact.kind}`);
  return { qrIndicators: found.indicators, problems: found.problems };
};
