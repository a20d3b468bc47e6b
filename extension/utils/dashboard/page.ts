import { base64ToBytes } from '../bytes';
import type { MessageName, MessageRequest, MessageResponse } from '../messaging';
import type { EvidenceCallbacks } from './view';

/** Sends one dashboard message through the background, which alone holds the token (messaging.ts). */
export type Ask = <N extends MessageName>(name: N, data: MessageRequest<N>) => Promise<MessageResponse<N>>;

/** What every panel of the dashboard page works with; the entrypoint builds it once. */
export interface DashboardPage {
  doc: Document;
  ask: Ask;
  copy(text: string): void;
  /** Saves what the background fetched, from a blob: URL of our own making, never a link to content. */
  download(fileName: string, mediaType: string, content: string | Uint8Array): void;
  now(): number;
}

export const pageElement = <T extends HTMLElement = HTMLElement>(doc: Document, id: string): T => doc.getElementById(id) as T;

export const createDashboardPage = (doc: Document, ask: Ask, clipboard: { writeText(text: string): Promise<void> }): DashboardPage => ({
  doc,
  ask,
  copy: (text) => void clipboard.writeText(text),
  download: (fileName, mediaType, content) => {
    const url = URL.createObjectURL(new Blob([content as BlobPart], { type: mediaType }));
    const anchor = Object.assign(doc.createElement('a'), { href: url, download: fileName });
    anchor.click();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  },
  now: () => Date.now(),
});

/** Evidence bytes come from the background as base64 and are shown or saved from blob: URLs of our own. */
export const evidenceCallbacks = (page: DashboardPage, referralId: string, onError: (error: unknown) => void): EvidenceCallbacks => {
  const bytesOf = (sha256: string) =>
    page.ask('dashboard.evidence-bytes', { referralId, sha256 }).then((answer) => ({ ...answer, bytes: base64ToBytes(answer.base64) }));
  return {
    imageUrl: async (artifact) => {
      const { bytes, mediaType } = await bytesOf(artifact.sha256);
      return URL.createObjectURL(new Blob([bytes as BlobPart], { type: mediaType }));
    },
    download: (artifact) =>
      void bytesOf(artifact.sha256)
        .then(({ bytes }) => page.download(`${artifact.kind}-${artifact.sha256.slice(0, 16)}.${artifact.kind === 'mhtml' ? 'mhtml' : 'bin'}`, 'application/octet-stream', bytes))
        .catch(onError),
    downloadPackage: () =>
      void page
        .ask('dashboard.evidence-package', { referralId })
        .then(({ fileName, base64 }) => page.download(fileName, 'application/zip', base64ToBytes(base64)))
        .catch(onError),
  };
};
