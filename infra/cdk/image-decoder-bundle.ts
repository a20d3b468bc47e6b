import { readFileSync } from 'node:fs';

/**
 * sharp (libvips) beside a function's bundle, for the functions that decode images: sharp loads a
 * native addon per platform, which esbuild cannot bundle, so the bundle imports `sharp` at run time
 * and the asset carries it in `node_modules` with the prebuilt binaries of Lambda's platform.
 */

/** Lambda's platform for `Architecture.ARM_64` on the nodejs24.x runtime (Amazon Linux 2023, glibc 2.34). */
export const lambdaImagePlatform = { cpu: 'arm64', os: 'linux', libc: 'glibc' } as const;

/** The packages of sharp's prebuilt addon and of libvips for that platform. */
export const platformPackageNames = [`@img/sharp-${lambdaImagePlatform.os}-${lambdaImagePlatform.cpu}`, `@img/sharp-libvips-${lambdaImagePlatform.os}-${lambdaImagePlatform.cpu}`] as const;

export interface PinnedImageDecoder {
  /** sharp's version, as package-lock.json pins it. */
  sharp: string;
  /** sharp and its own dependencies at the versions the lock file pins, so the asset runs what the tests ran. */
  dependencies: Record<string, string>;
  /** The platform packages at the exact versions sharp names in its optional dependencies. */
  platformPackages: Record<string, string>;
}

interface LockEntry {
  version?: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
}

/** Reads the versions from the lock file, so a sharp upgrade in package.json moves the asset with it. */
export const pinnedImageDecoder = (lockFile: string): PinnedImageDecoder => {
  const packages = (JSON.parse(readFileSync(lockFile, 'utf8')) as { packages: Record<string, LockEntry> }).packages;
  const versionOf = (name: string): string => {
    const version = packages[`node_modules/${name}`]?.version;
    if (!version) throw new Error(`${name} is not in ${lockFile}: run npm install`);
    return version;
  };
  const sharp = packages['node_modules/sharp'];
  if (!sharp?.version) throw new Error(`sharp is not in ${lockFile}: run npm install`);
  const dependencies = Object.fromEntries([['sharp', sharp.version], ...Object.keys(sharp.dependencies ?? {}).map((name) => [name, versionOf(name)])]) as Record<string, string>;
  const platformPackages = Object.fromEntries(
    platformPackageNames.map((name) => {
      const version = sharp.optionalDependencies?.[name];
      if (!version) throw new Error(`sharp ${sharp.version} has no ${name}: it does not ship a ${lambdaImagePlatform.os}-${lambdaImagePlatform.cpu} binary`);
      return [name, version];
    }),
  );
  return { sharp: sharp.version, dependencies, platformPackages };
};

const quote = (text: string): string => `'${text.replaceAll("'", "'\\''")}'`;

/**
 * Shell commands (an `afterBundling` hook) that copy sharp and its linux-arm64 binaries into the
 * asset's `node_modules`. npm installs them once per version into `node_modules/.cache` (from the
 * registry, for the target platform: `--cpu --os --libc`, whatever the machine that synthesizes);
 * each later synth copies that folder. The install goes to a temporary folder renamed into place,
 * so concurrent synths never see half of one, and it fails the synth when a binary is missing.
 */
export const copyImageDecoder = (inputDir: string, outputDir: string, pinned: PinnedImageDecoder): string[] => {
  const { cpu, os, libc } = lambdaImagePlatform;
  const cache = `${inputDir}/node_modules/.cache/referral-desk-lambda/sharp-${pinned.sharp}-${os}-${cpu}-${libc}`;
  const manifest = JSON.stringify({ private: true, dependencies: pinned.dependencies });
  const versionCheck = 'const [file, version] = process.argv.slice(1); if (JSON.parse(require("fs").readFileSync(file, "utf8")).version !== version) { console.error(file + " is not " + version); process.exit(1); }';
  const installed = Object.entries(pinned.platformPackages).map(([name, version]) => `node -e ${quote(versionCheck)} "$staging/node_modules/${name}/package.json" ${version}`);
  const install = [
    `mkdir -p "$(dirname "${cache}")"`,
    `staging=$(mktemp -d "${cache}.XXXXXX")`,
    `printf '%s' ${quote(manifest)} > "$staging/package.json"`,
    `(cd "$staging" && npm install --no-audit --no-fund --no-package-lock --ignore-scripts --omit=dev --loglevel=error --cpu=${cpu} --os=${os} --libc=${libc} >&2)`,
    ...installed,
    `rm -rf "$staging/node_modules/.bin" "$staging/node_modules/.package-lock.json" "$staging/package.json"`,
    // Another synth may have finished first: its folder is as good as this one.
    `{ mv -T "$staging" "${cache}" 2>/dev/null || rm -rf "$staging"; }`,
  ].join(' && ');
  return [`if [ ! -d "${cache}/node_modules/sharp" ]; then ${install}; fi`, `mkdir -p "${outputDir}/node_modules"`, `cp -R "${cache}/node_modules/." "${outputDir}/node_modules/"`];
};
