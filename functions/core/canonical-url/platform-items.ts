/**
 * Platform equivalences: the many URL forms of one post, video or channel map to one content
 * key, so reports of the same item by different units deduplicate into one referral.
 *
 * Inputs are already canonicalized (Safe Browsing path rules, unescaped segments, tracking
 * parameters removed, www./m./mobile. stripped from platform hosts). Every id is checked
 * against its platform's id alphabet; a URL whose id does not fit falls back to its URL key.
 */

/** One query parameter, unescaped; `value` is null for a bare `?key`. */
export interface QueryParam {
  key: string;
  value: string | null;
}

export interface ItemInput {
  /** Registry platform id (see platforms.ts). */
  platform: string;
  host: string;
  segments: readonly string[];
  params: readonly QueryParam[];
  /** Raw fragment without '#', or null; only legacy forms that put the id there read it. */
  fragment: string | null;
}

export interface PlatformItem {
  /** The item key, or null when the URL names an item we cannot resolve offline (short links). */
  contentKey: string | null;
  rule: string;
  /** The platform's own URL for the item; omitted to keep the canonical URL built from the input. */
  canonicalUrl?: string;
  /** When the canonical URL is built from the input, only these query parameters stay. */
  keepParams?: readonly string[];
}

const param = (params: readonly QueryParam[], key: string): string | null => {
  for (const p of params) if (p.key === key) return p.value;
  return null;
};

const youtubeVideoId = /^[A-Za-z0-9_-]{11}$/;
const youtubeChannelId = /^UC[A-Za-z0-9_-]{22}$/;
const youtubePlaylistId = /^[A-Za-z0-9_-]{10,64}$/;
const youtubeHandle = /^@[A-Za-z0-9._-]{3,30}$/;

const youtubeVideo = (id: string | null | undefined, form: string): PlatformItem | null =>
  id != null && youtubeVideoId.test(id)
    ? { contentKey: `youtube:video:${id}`, rule: `platform:youtube-video:${form}`, canonicalUrl: `https://www.youtube.com/watch?v=${id}` }
    : null;

const youtube = ({ host, segments, params }: ItemInput): PlatformItem | null => {
  const [first, second] = segments;
  if (host === 'youtu.be') return youtubeVideo(first, 'youtu.be');
  if (first === 'watch') return youtubeVideo(param(params, 'v'), 'watch');
  if (first === 'shorts' || first === 'embed' || first === 'live' || first === 'v' || first === 'e') {
    return youtubeVideo(second, first);
  }
  if (host.endsWith('youtube-nocookie.com')) return null;
  if (first === 'playlist') {
    const list = param(params, 'list');
    return list !== null && youtubePlaylistId.test(list)
      ? { contentKey: `youtube:playlist:${list}`, rule: 'platform:youtube-playlist', canonicalUrl: `https://www.youtube.com/playlist?list=${list}` }
      : null;
  }
  if (first === 'channel' && second !== undefined && youtubeChannelId.test(second)) {
    return { contentKey: `youtube:channel:${second}`, rule: 'platform:youtube-channel', canonicalUrl: `https://www.youtube.com/channel/${second}` };
  }
  if (first !== undefined && youtubeHandle.test(first)) {
    // Handles are case-insensitive on YouTube.
    const handle = first.toLowerCase();
    return { contentKey: `youtube:handle:${handle}`, rule: 'platform:youtube-handle', canonicalUrl: `https://www.youtube.com/${handle}` };
  }
  return null;
};

const xStatusId = /^\d{1,20}$/;
const xUser = /^[A-Za-z0-9_]{1,15}$/;
const xReserved = new Set(['home', 'explore', 'search', 'i', 'settings', 'notifications', 'messages', 'hashtag', 'intent', 'share', 'login', 'logout', 'signup', 'tos', 'privacy', 'compose', 'account', 'download']);

const x = ({ host, segments, fragment }: ItemInput): PlatformItem | null => {
  if (host === 't.co') return { contentKey: null, rule: 'platform:x-short-link-unresolved' };
  let parts = segments;
  // Pre-2012 links put the path in a hashbang: twitter.com/#!/user/status/ID.
  if (parts.length === 0 && fragment !== null && fragment.startsWith('!/')) parts = fragment.slice(2).split(/[/?]/);
  const [first, second, third, fourth] = parts;
  if (first === 'i' && second === 'web' && third === 'status') return xStatus(fourth, null);
  if (first === 'i' && second === 'status') return xStatus(third, null);
  if (first === 'statuses') return xStatus(second, null);
  if (first !== undefined && (second === 'status' || second === 'statuses') && xUser.test(first)) return xStatus(third, first);
  if (first !== undefined && parts.length <= 2 && xUser.test(first) && !xReserved.has(first.toLowerCase())) {
    // Usernames are case-insensitive on X.
    const user = first.toLowerCase();
    return { contentKey: `x:user:${user}`, rule: 'platform:x-user', canonicalUrl: `https://x.com/${user}` };
  }
  return null;
};

const xStatus = (id: string | undefined, user: string | null): PlatformItem | null =>
  id !== undefined && xStatusId.test(id)
    ? {
        contentKey: `x:status:${id}`,
        rule: 'platform:x-status',
        // The user part of a status URL is not checked by X; the key ignores it.
        canonicalUrl: user === null ? `https://x.com/i/web/status/${id}` : `https://x.com/${user}/status/${id}`,
      }
    : null;

const facebookPostId = /^(\d{1,25}|pfbid[A-Za-z0-9]{20,80})$/;
const facebookNumericId = /^\d{1,25}$/;
const facebookName = /^[A-Za-z0-9.]{1,80}$/;
const facebookReserved = new Set(['watch', 'groups', 'share', 'reel', 'photo', 'photo.php', 'video.php', 'story.php', 'permalink.php', 'profile.php', 'events', 'pages', 'login', 'login.php', 'marketplace', 'gaming', 'help', 'policies', 'hashtag', 'search', 'stories', 'home.php', 'sharer.php', 'sharer', 'dialog', 'plugins', 'l.php']);

const facebookItem = (kind: 'post' | 'video' | 'photo' | 'profile', id: string | null | undefined, pattern: RegExp, keepParams: readonly string[]): PlatformItem | null =>
  id != null && pattern.test(id) ? { contentKey: `facebook:${kind}:${id}`, rule: `platform:facebook-${kind}`, keepParams } : null;

/**
 * Facebook object ids (posts, videos, photos) are unique across the site, so the key keeps the
 * id and not the owner. `pfbid…` post ids cannot be mapped to numeric ones offline: such a post
 * has two keys until one report of each form meets.
 */
const facebook = ({ host, segments, params }: ItemInput): PlatformItem | null => {
  if (host === 'fb.watch' || host === 'fb.me') return { contentKey: null, rule: 'platform:facebook-short-link-unresolved' };
  const [first, second, third, fourth] = segments;
  if (first === 'share') return { contentKey: null, rule: 'platform:facebook-share-link-unresolved' };
  if (first === 'permalink.php' || first === 'story.php') {
    return facebookItem('post', param(params, 'story_fbid'), facebookPostId, ['story_fbid', 'id']);
  }
  if (first === 'watch') return facebookItem('video', param(params, 'v'), facebookNumericId, ['v']);
  if (first === 'video.php') return facebookItem('video', param(params, 'v'), facebookNumericId, ['v']);
  if (first === 'reel') return facebookItem('video', second, facebookNumericId, []);
  if (first === 'photo.php' || first === 'photo') return facebookItem('photo', param(params, 'fbid'), facebookNumericId, ['fbid']);
  if (first === 'profile.php') return facebookItem('profile', param(params, 'id'), facebookNumericId, ['id']);
  if (first === 'groups' && (third === 'posts' || third === 'permalink')) return facebookItem('post', fourth, facebookPostId, []);
  if (first !== undefined && !facebookReserved.has(first)) {
    if (second === 'posts') return facebookItem('post', third, facebookPostId, []);
    if (second === 'videos') return facebookItem('video', segments.findLast((s) => facebookNumericId.test(s)), facebookNumericId, []);
    if (second === 'photos') return facebookItem('photo', segments.findLast((s) => facebookNumericId.test(s)), facebookNumericId, []);
    if (segments.length === 1 && facebookName.test(first)) {
      // Vanity names are case-insensitive on Facebook.
      return { contentKey: `facebook:profile:${first.toLowerCase()}`, rule: 'platform:facebook-profile', canonicalUrl: `https://www.facebook.com/${first.toLowerCase()}` };
    }
  }
  return null;
};

const instagramCode = /^[A-Za-z0-9_-]{5,64}$/;
const instagramUser = /^[A-Za-z0-9._]{1,30}$/;
const instagramPostForms = new Set(['p', 'reel', 'reels', 'tv']);
const instagramReserved = new Set(['explore', 'accounts', 'direct', 'about', 'legal', 'developer', 'stories', 'p', 'reel', 'reels', 'tv', 'web', 'emails', 'challenge']);

const instagram = ({ segments }: ItemInput): PlatformItem | null => {
  const [first, second, third] = segments;
  // /p/CODE, /reel/CODE, /reels/CODE, /tv/CODE, and the newer /USER/p/CODE, /USER/reel/CODE.
  const code = first !== undefined && instagramPostForms.has(first) ? second : second !== undefined && instagramPostForms.has(second) ? third : undefined;
  if (code !== undefined && instagramCode.test(code)) {
    return { contentKey: `instagram:post:${code}`, rule: 'platform:instagram-post', canonicalUrl: `https://www.instagram.com/p/${code}/` };
  }
  if (first === 'stories' && second !== undefined && third !== undefined && /^\d{1,25}$/.test(third)) {
    return { contentKey: `instagram:story:${third}`, rule: 'platform:instagram-story', canonicalUrl: `https://www.instagram.com/stories/${second.toLowerCase()}/${third}/` };
  }
  if (first !== undefined && segments.length === 1 && instagramUser.test(first) && !instagramReserved.has(first)) {
    const user = first.toLowerCase();
    return { contentKey: `instagram:user:${user}`, rule: 'platform:instagram-user', canonicalUrl: `https://www.instagram.com/${user}/` };
  }
  return null;
};

const tiktokId = /^\d{8,25}$/;
const tiktokUser = /^@[A-Za-z0-9._]{1,40}$/;

const tiktokVideo = (id: string | undefined, user: string | null): PlatformItem | null =>
  id !== undefined && tiktokId.test(id)
    ? {
        contentKey: `tiktok:video:${id}`,
        rule: 'platform:tiktok-video',
        canonicalUrl: user === null ? `https://www.tiktok.com/embed/v2/${id}` : `https://www.tiktok.com/${user.toLowerCase()}/video/${id}`,
      }
    : null;

const tiktok = ({ host, segments }: ItemInput): PlatformItem | null => {
  // vm./vt.tiktok.com/CODE and tiktok.com/t/CODE redirect to a video only TikTok can resolve.
  if (host === 'vm.tiktok.com' || host === 'vt.tiktok.com') return { contentKey: null, rule: 'platform:tiktok-short-link-unresolved' };
  const [first, second, third] = segments;
  if (first === 't') return { contentKey: null, rule: 'platform:tiktok-short-link-unresolved' };
  if (first !== undefined && tiktokUser.test(first)) {
    if (second === 'video' || second === 'photo') return tiktokVideo(third, first);
    if (segments.length === 1) {
      const user = first.toLowerCase();
      return { contentKey: `tiktok:user:${user}`, rule: 'platform:tiktok-user', canonicalUrl: `https://www.tiktok.com/${user}` };
    }
  }
  if (first === 'embed') return tiktokVideo(second === 'v2' ? third : second, null);
  if (first === 'v' && second !== undefined) return tiktokVideo(second.replace(/\.html$/, ''), null);
  if (first === 'share' && second === 'video') return tiktokVideo(third, null);
  return null;
};

const telegramChannel = /^[A-Za-z][A-Za-z0-9_]{3,31}$/;
const telegramMessageId = /^\d{1,12}$/;
const telegramReserved = new Set(['joinchat', 'addstickers', 'addemoji', 'addtheme', 'share', 'proxy', 'socks', 'iv', 'login', 'addlist', 'boost', 'setlanguage', 'confirmphone', 'invoice', 'contact', 'bg']);

const telegram = ({ segments }: ItemInput): PlatformItem | null => {
  const parts = segments[0] === 's' ? segments.slice(1) : segments;
  const [first, second, third, fourth] = parts;
  if (first === undefined) return null;
  if (first === 'c' && second !== undefined && /^\d{1,20}$/.test(second)) {
    // Private form t.me/c/INTERNAL/ID, or t.me/c/INTERNAL/THREAD/ID in forum topics.
    const id = fourth ?? third;
    return id !== undefined && telegramMessageId.test(id)
      ? { contentKey: `telegram:post:c/${second}/${id}`, rule: 'platform:telegram-private-post', canonicalUrl: `https://t.me/c/${second}/${id}` }
      : null;
  }
  if (!telegramChannel.test(first) || telegramReserved.has(first.toLowerCase())) return null;
  // Channel names are case-insensitive; message ids are per chat. Topic links carry the
  // thread id before the message id: t.me/CHANNEL/THREAD/ID.
  const channel = first.toLowerCase();
  const id = fourth === undefined ? third ?? second : undefined;
  if (id === undefined) {
    return parts.length === 1 ? { contentKey: `telegram:channel:${channel}`, rule: 'platform:telegram-channel', canonicalUrl: `https://t.me/${channel}` } : null;
  }
  return telegramMessageId.test(id) && (third === undefined || telegramMessageId.test(second as string))
    ? { contentKey: `telegram:post:${channel}/${id}`, rule: 'platform:telegram-post', canonicalUrl: `https://t.me/${channel}/${id}` }
    : null;
};

const archiveItemId = /^[A-Za-z0-9._-]{1,100}$/;

/**
 * archive.org items (archive.org/details/ID, /download/ID/FILE, and the ia*.us.archive.org file
 * servers): takedowns dark a whole item, so every file of an item shares the item key.
 * Wayback snapshots are handled in canonical-url.ts, before path canonicalization.
 */
const archive = ({ host, segments }: ItemInput): PlatformItem | null => {
  const [first, second, third] = segments;
  let id: string | undefined;
  if (host === 'archive.org' && (first === 'details' || first === 'download' || first === 'embed')) id = second;
  else if (/^ia\d+\.us\.archive\.org$/.test(host) && second === 'items') id = third;
  return id !== undefined && archiveItemId.test(id)
    ? { contentKey: `archive:item:${id}`, rule: 'platform:archive-item', canonicalUrl: `https://archive.org/details/${id}` }
    : null;
};

const rumble = ({ segments }: ItemInput): PlatformItem | null => {
  const match = segments.length === 1 ? /^(v[a-z0-9]{4,10})(?:-[^/]*)?\.html$/.exec(segments[0] as string) : null;
  return match === null ? null : { contentKey: `rumble:video:${match[1]}`, rule: 'platform:rumble-video', keepParams: [] };
};

const whatsapp = ({ host, segments }: ItemInput): PlatformItem | null => {
  const [first, second] = segments;
  if (host === 'whatsapp.com' && first === 'channel' && second !== undefined && /^[A-Za-z0-9]{10,40}$/.test(second)) {
    return { contentKey: `whatsapp:channel:${second}`, rule: 'platform:whatsapp-channel', canonicalUrl: `https://whatsapp.com/channel/${second}` };
  }
  if (host === 'chat.whatsapp.com' && first !== undefined && segments.length === 1 && /^[A-Za-z0-9]{10,40}$/.test(first)) {
    return { contentKey: `whatsapp:invite:${first}`, rule: 'platform:whatsapp-group-invite', canonicalUrl: `https://chat.whatsapp.com/${first}` };
  }
  return null;
};

const pastebin = ({ segments }: ItemInput): PlatformItem | null => {
  const [first, second] = segments;
  const id = first === 'raw' || first === 'dl' || first === 'embed' || first === 'print' || first === 'embed_iframe' ? second : segments.length === 1 ? first : undefined;
  return id !== undefined && /^[A-Za-z0-9]{8}$/.test(id)
    ? { contentKey: `pastebin:paste:${id}`, rule: 'platform:pastebin-paste', canonicalUrl: `https://pastebin.com/${id}` }
    : null;
};

const megaId = /^[A-Za-z0-9_-]{8}$/;

/** MEGA puts the decryption key in the fragment; the file or folder id alone names the item. */
const mega = ({ segments, fragment }: ItemInput): PlatformItem | null => {
  const [first, second] = segments;
  let kind: 'file' | 'folder' | null = null;
  let id: string | undefined;
  if ((first === 'file' || first === 'folder') && second !== undefined) {
    kind = first;
    id = second;
  } else if (segments.length === 0 && fragment !== null) {
    // Legacy links: mega.nz/#!ID!KEY (file) and mega.nz/#F!ID!KEY (folder).
    const legacy = /^(F?)!([A-Za-z0-9_-]{8})(?:!|$)/.exec(fragment);
    if (legacy !== null) {
      kind = legacy[1] === 'F' ? 'folder' : 'file';
      id = legacy[2];
    }
  }
  return kind !== null && id !== undefined && megaId.test(id)
    ? { contentKey: `mega:${kind}:${id}`, rule: `platform:mega-${kind}`, canonicalUrl: `https://mega.nz/${kind}/${id}` }
    : null;
};

const mediafire = ({ segments }: ItemInput): PlatformItem | null => {
  const [first, second] = segments;
  return (first === 'file' || first === 'view' || first === 'download') && second !== undefined && /^[a-z0-9]{10,20}$/.test(second)
    ? { contentKey: `mediafire:file:${second}`, rule: 'platform:mediafire-file', canonicalUrl: `https://www.mediafire.com/file/${second}` }
    : null;
};

const driveId = /^[A-Za-z0-9_-]{20,100}$/;

/** Drive, Docs, Sheets and Slides share one file-id space. */
const googleDrive = ({ segments, params }: ItemInput): PlatformItem | null => {
  const d = segments.indexOf('d');
  let id: string | null | undefined = d !== -1 ? segments[d + 1] : undefined;
  if (id === undefined && (segments[0] === 'open' || segments[0] === 'uc' || segments[0] === 'download')) id = param(params, 'id');
  return id != null && driveId.test(id)
    ? { contentKey: `google-drive:file:${id}`, rule: 'platform:google-drive-file', canonicalUrl: `https://drive.google.com/file/d/${id}/view` }
    : null;
};

const googleDriveFolder = ({ segments }: ItemInput): PlatformItem | null => {
  const folders = segments.indexOf('folders');
  const id = folders !== -1 ? segments[folders + 1] : undefined;
  return id !== undefined && driveId.test(id)
    ? { contentKey: `google-drive:folder:${id}`, rule: 'platform:google-drive-folder', canonicalUrl: `https://drive.google.com/drive/folders/${id}` }
    : null;
};

const matchers: Record<string, (input: ItemInput) => PlatformItem | null> = {
  youtube,
  x,
  facebook,
  instagram,
  tiktok,
  telegram,
  'archive-org': archive,
  rumble,
  whatsapp,
  pastebin,
  mega,
  mediafire,
  'google-drive': (input) => googleDriveFolder(input) ?? googleDrive(input),
};

export const matchPlatformItem = (input: ItemInput): PlatformItem | null => matchers[input.platform]?.(input) ?? null;
