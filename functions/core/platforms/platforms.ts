import { getDomain } from 'tldts';

/**
 * How referrals reach a platform: `webhook` where the platform runs an API intake for
 * trusted flaggers (DSA Art. 22), `manual` where a liaison officer files them by hand.
 */
export type ReferralChannel = 'webhook' | 'manual';

export interface Platform {
  id: string;
  name: string;
  /** Registrable domains and service hosts; a host matches a domain or any subdomain of it. */
  domains: string[];
  channel: ReferralChannel;
  /**
   * Internal follow-up target for a voluntary referral. Referrals have no legal deadline;
   * removal orders do (Regulation (EU) 2021/784 Art. 3(3): one hour), set per order elsewhere.
   */
  referralDeadlineHours: number;
}

// `as const satisfies` keeps the literal ids (for PlatformId) and still checks each entry's shape.
const registry = [
  { id: 'x', name: 'X (Twitter)', domains: ['x.com', 'twitter.com', 't.co', 'twimg.com', 'fxtwitter.com', 'vxtwitter.com', 'fixupx.com', 'fixvx.com'], channel: 'webhook', referralDeadlineHours: 24 },
  { id: 'facebook', name: 'Facebook', domains: ['facebook.com', 'fb.com', 'fb.watch', 'fb.me', 'fbcdn.net'], channel: 'webhook', referralDeadlineHours: 24 },
  { id: 'instagram', name: 'Instagram', domains: ['instagram.com', 'instagr.am', 'cdninstagram.com'], channel: 'webhook', referralDeadlineHours: 24 },
  { id: 'youtube', name: 'YouTube', domains: ['youtube.com', 'youtu.be', 'youtube-nocookie.com', 'ytimg.com'], channel: 'webhook', referralDeadlineHours: 24 },
  { id: 'tiktok', name: 'TikTok', domains: ['tiktok.com', 'tiktokcdn.com'], channel: 'webhook', referralDeadlineHours: 24 },
  { id: 'telegram', name: 'Telegram', domains: ['t.me', 'telegram.me', 'telegram.dog', 'telegram.org', 'telesco.pe'], channel: 'manual', referralDeadlineHours: 24 },
  { id: 'whatsapp', name: 'WhatsApp', domains: ['whatsapp.com', 'wa.me'], channel: 'manual', referralDeadlineHours: 48 },
  { id: 'rumble', name: 'Rumble', domains: ['rumble.com'], channel: 'manual', referralDeadlineHours: 72 },
  { id: 'odysee', name: 'Odysee', domains: ['odysee.com', 'lbry.tv'], channel: 'manual', referralDeadlineHours: 72 },
  { id: 'archive-org', name: 'Internet Archive', domains: ['archive.org'], channel: 'manual', referralDeadlineHours: 72 },
  { id: 'pastebin', name: 'Pastebin', domains: ['pastebin.com'], channel: 'manual', referralDeadlineHours: 72 },
  { id: 'justpaste-it', name: 'JustPaste.it', domains: ['justpaste.it', 'jpst.it'], channel: 'manual', referralDeadlineHours: 72 },
  { id: 'mega', name: 'MEGA', domains: ['mega.nz', 'mega.io', 'mega.co.nz'], channel: 'manual', referralDeadlineHours: 72 },
  { id: 'mediafire', name: 'MediaFire', domains: ['mediafire.com'], channel: 'manual', referralDeadlineHours: 72 },
  { id: 'dropbox', name: 'Dropbox', domains: ['dropbox.com', 'db.tt', 'dropboxusercontent.com'], channel: 'manual', referralDeadlineHours: 72 },
  { id: 'google-drive', name: 'Google Drive', domains: ['drive.google.com', 'docs.google.com', 'drive.usercontent.google.com'], channel: 'manual', referralDeadlineHours: 72 },
  { id: 'vk', name: 'VK', domains: ['vk.com', 'vk.ru', 'vkvideo.ru', 'vk.cc'], channel: 'manual', referralDeadlineHours: 24 },
  { id: 'bitchute', name: 'BitChute', domains: ['bitchute.com'], channel: 'manual', referralDeadlineHours: 72 },
  { id: 'dailymotion', name: 'Dailymotion', domains: ['dailymotion.com', 'dai.ly'], channel: 'manual', referralDeadlineHours: 24 },
  { id: 'vimeo', name: 'Vimeo', domains: ['vimeo.com'], channel: 'manual', referralDeadlineHours: 24 },
  { id: 'streamable', name: 'Streamable', domains: ['streamable.com'], channel: 'manual', referralDeadlineHours: 72 },
  { id: 'reddit', name: 'Reddit', domains: ['reddit.com', 'redd.it'], channel: 'manual', referralDeadlineHours: 24 },
  { id: 'bluesky', name: 'Bluesky', domains: ['bsky.app'], channel: 'manual', referralDeadlineHours: 24 },
  { id: 'threads', name: 'Threads', domains: ['threads.com', 'threads.net'], channel: 'manual', referralDeadlineHours: 24 },
  { id: 'discord', name: 'Discord', domains: ['discord.com', 'discord.gg', 'discordapp.com'], channel: 'manual', referralDeadlineHours: 24 },
  { id: 'matrix', name: 'Matrix (matrix.to links)', domains: ['matrix.to'], channel: 'manual', referralDeadlineHours: 72 },
  { id: 'archive-today', name: 'archive.today', domains: ['archive.today', 'archive.ph', 'archive.is', 'archive.li', 'archive.vn', 'archive.md', 'archive.fo'], channel: 'manual', referralDeadlineHours: 72 },
  { id: 'gofile', name: 'Gofile', domains: ['gofile.io'], channel: 'manual', referralDeadlineHours: 72 },
  { id: 'pixeldrain', name: 'Pixeldrain', domains: ['pixeldrain.com'], channel: 'manual', referralDeadlineHours: 72 },
  { id: 'files-fm', name: 'Files.fm', domains: ['files.fm'], channel: 'manual', referralDeadlineHours: 72 },
] as const satisfies readonly Platform[];

export type PlatformId = (typeof registry)[number]['id'];

export const platforms: readonly Platform[] = registry;

const platformByDomain = new Map<string, PlatformId>();
for (const platform of registry) {
  for (const domain of platform.domains) platformByDomain.set(domain, platform.id);
}

export const isPlatformId = (value: string): value is PlatformId =>
  registry.some((platform) => platform.id === value);

export const platformById = (id: PlatformId): Platform => {
  const found = registry.find((platform) => platform.id === id);
  // The registry is the source of PlatformId, so every id has an entry.
  if (found === undefined) throw new Error(`unknown platform ${id}`);
  return found;
};

export interface PlatformMatch {
  /** A registry id, or for unlisted sites the registrable domain (or the bare host for IPs). */
  platform: string;
  rule: 'registry' | 'registrable-domain' | 'host';
  evidence: string;
}

/**
 * Which platform hosts content on `host`. Registry domains win, matching the host or its
 * nearest listed parent (so drive.google.com is Google Drive while google.com is not a
 * registry platform); otherwise the registrable domain under the public suffix list.
 */
export const detectPlatform = (rawHost: string): PlatformMatch => {
  let host = rawHost.toLowerCase();
  if (host.endsWith('.')) host = host.slice(0, -1);
  let candidate = host;
  for (;;) {
    const id = platformByDomain.get(candidate);
    if (id !== undefined) {
      return {
        platform: id,
        rule: 'registry',
        evidence: candidate === host ? `${host} is listed for ${id}` : `${host} is under ${candidate}, listed for ${id}`,
      };
    }
    const dot = candidate.indexOf('.');
    if (dot === -1) break;
    candidate = candidate.slice(dot + 1);
  }
  const domain = getDomain(host, { validateHostname: false });
  if (domain !== null && domain !== '') {
    return { platform: domain, rule: 'registrable-domain', evidence: `${host} has registrable domain ${domain} (public suffix list)` };
  }
  return { platform: host, rule: 'host', evidence: `${host} has no registrable domain (IP address or public suffix)` };
};
