import { browser } from 'wxt/browser';
import { createSampleVideoListener } from '../../utils/reporting/offscreen-video';
import { captureFlaggedVideo } from '../../utils/reporting/video-capture';

// Chrome's offscreen document: it only plays flagged videos for the background to hash.
browser.runtime.onMessage.addListener(
  createSampleVideoListener({ id: browser.runtime.id }, (url) =>
    captureFlaggedVideo({ fetch: (input, init) => fetch(input, init), document, createObjectURL: (blob) => URL.createObjectURL(blob), revokeObjectURL: (blobUrl) => URL.revokeObjectURL(blobUrl) }, url),
  ),
);
