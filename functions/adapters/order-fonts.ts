import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { OrderFonts } from '../core/rule-of-law/removal-order-document';

/**
 * Where the DejaVu Sans faces are: the Lambda bundle copies them beside the handler
 * (DOCUMENT_FONTS_DIR, see infra/cdk/pipeline-function.ts); elsewhere they come from the
 * `dejavu-fonts-ttf` package. DejaVu Sans covers Latin, Greek, Cyrillic, Arabic and Persian.
 */
const fontsDir = (configured: string | undefined): string =>
  configured ?? join(dirname(createRequire(import.meta.url).resolve('dejavu-fonts-ttf/package.json')), 'ttf');

/**
 * Loads the faces and the font engine on the first PDF, once per process. The engine (~1 MB)
 * is imported here rather than bundled so a cold start that prints no PDF does not pay for it.
 */
export const orderFontsLoader = (configuredDir: string | undefined): (() => Promise<OrderFonts>) => {
  let loaded: Promise<OrderFonts> | undefined;
  return () => {
    loaded ??= (async () => {
      const dir = fontsDir(configuredDir);
      const [engine, regular, bold] = await Promise.all([
        import('@cantoo/fontkit'),
        readFile(join(dir, 'DejaVuSans.ttf')),
        readFile(join(dir, 'DejaVuSans-Bold.ttf')),
      ]);
      return { fontkit: engine.default, regular, bold };
    })();
    loaded.catch(() => (loaded = undefined));
    return loaded;
  };
};
