/**
 * Platform equivalences: the many URL forms of one post, video or channel map to one content
 * key, so reports of the same item by different units deduplicate into one referral.
 *
 * Inputs are already canonicalized (Safe Browsing path rules, unescaped segments, tracking
 * parameters removed, www./m./mobile. stripped from platform hosts). Every id is checked
 * against its platform's id alphabet; a URL whose id does not fit falls back to its URL key.
 */

import { bitchute, dailymotion, odysee, vimeo, vk } from './video-site-items';
import { bluesky, discord, dropbox, matrix, pixeldrain, reddit, threads } from './link-site-items';
import { param, unresolvedShortLink, type ItemInput, type PlatformItem } from './platform-item';
import { unescapeRepeatedly } from './safe-browsing';

export type { QueryParam } from './platform-item';

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
  // yt-dlp instagram.py InstagramIE excludes /share/… links: they redirect to a post only Instagram knows.
  if (first === 'share') return unresolvedShortLink('instagram');
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

// yt-dlp telegram.py TelegramEmbedIE: t\.me/(?P<channel_id>[^/]+)/(?P<id>\d+) (tests: t.me/europa_press/613,
// t.me/vorposte/29342?single). Telegram's "Links" documentation (core.telegram.org/api/links):
// public usernames t.me/NAME, messages t.me/NAME/ID and t.me/NAME/THREAD/ID, private chats
// t.me/c/CHANNEL/ID, invites t.me/+HASH and t.me/joinchat/HASH; telegram.me and telegram.dog
// are aliases of t.me. Usernames are case-insensitive, 5-32 characters (4 for old ones).
const telegramChannel = /^[A-Za-z][A-Za-z0-9_]{3,31}$/;
const telegramMessageId = /^\d{1,12}$/;
const telegramInvite = /^[A-Za-z0-9_-]{10,64}$/;
const telegramReserved = new Set(['joinchat', 'addstickers', 'addemoji', 'addtheme', 'share', 'proxy', 'socks', 'iv', 'login', 'addlist', 'boost', 'setlanguage', 'confirmphone', 'invoice', 'contact', 'bg']);

const telegramPublicChat = (name: string): PlatformItem => {
  const channel = name.toLowerCase();
  return { contentKey: `telegram:channel:${channel}`, rule: 'platform:telegram-channel', canonicalUrl: `https://t.me/${channel}` };
};

/** A supergroup or channel by its internal id: t.me/c/ID on t.me, -100ID in the web clients. */
const telegramPrivateChat = (id: string): PlatformItem => ({
  contentKey: `telegram:channel:c/${id}`,
  rule: 'platform:telegram-private-chat',
  canonicalUrl: `https://web.telegram.org/k/#-100${id}`,
});

const telegramInviteItem = (hash: string): PlatformItem | null =>
  telegramInvite.test(hash) ? { contentKey: `telegram:invite:${hash}`, rule: 'platform:telegram-invite', canonicalUrl: `https://t.me/+${hash}` } : null;

/**
 * Telegram Web (web.telegram.org/k/, /a/, and /z/, the A client's former path) names the open
 * chat in the fragment: `#@name` (public username), `#-100ID` (channel or supergroup),
 * `#-ID` (basic group), `#ID` (user), or `#?tgaddr=tg://resolve?domain=NAME&post=ID`
 * (source: the clients' routing, github.com/morethanwords/tweb and github.com/Ajaxy/telegram-tt).
 * The legacy client (web.telegram.org/#/im?p=@name) put the same peer in `p`. Without the
 * fragment every Telegram Web page would be one referral for the web app.
 */
const telegramWeb = (segments: readonly string[], rawFragment: string | null): PlatformItem | null => {
  if (rawFragment === null || segments.length > 1 || (segments.length === 1 && !['k', 'a', 'z'].includes(segments[0] as string))) return null;
  if (rawFragment.startsWith('?tgaddr=')) {
    // The tg: address is itself form-encoded inside the fragment, so it is decoded once, as a query.
    const address = /^tg:\/\/resolve\?(.*)$/.exec(new URLSearchParams(rawFragment.slice(1)).get('tgaddr') ?? '');
    if (address === null) return null;
    const query = new URLSearchParams(address[1]);
    const domain = query.get('domain');
    const post = query.get('post');
    if (domain === null || !telegramChannel.test(domain)) return null;
    if (post === null) return telegramPublicChat(domain);
    return telegramMessageId.test(post)
      ? { contentKey: `telegram:post:${domain.toLowerCase()}/${post}`, rule: 'platform:telegram-post', canonicalUrl: `https://t.me/${domain.toLowerCase()}/${post}` }
      : null;
  }
  const fragment = unescapeRepeatedly(rawFragment);
  const peer = fragment.startsWith('/im?') ? new URLSearchParams(fragment.slice(4)).get('p') ?? '' : fragment;
  if (peer.startsWith('@')) return telegramChannel.test(peer.slice(1)) ? telegramPublicChat(peer.slice(1)) : null;
  const channel = /^(?:-100|c)(\d{1,16})(?:_\d{1,20})?$/.exec(peer);
  if (channel !== null) return telegramPrivateChat(channel[1] as string);
  const group = /^-(\d{1,16})$/.exec(peer);
  if (group !== null) return { contentKey: `telegram:group:${group[1]}`, rule: 'platform:telegram-basic-group', canonicalUrl: `https://web.telegram.org/k/#-${group[1]}` };
  const user = /^(\d{1,16})$/.exec(peer);
  if (user !== null) return { contentKey: `telegram:user:${user[1]}`, rule: 'platform:telegram-user', canonicalUrl: `https://web.telegram.org/k/#${user[1]}` };
  return null;
};

const telegram = ({ host, segments, fragment }: ItemInput): PlatformItem | null => {
  if (host === 'web.telegram.org') return telegramWeb(segments, fragment);
  if (host !== 't.me') return null;
  const parts = segments[0] === 's' ? segments.slice(1) : segments;
  const [first, second, third, fourth] = parts;
  if (first === undefined) return null;
  if (first.startsWith('+') && parts.length === 1) return telegramInviteItem(first.slice(1));
  if (first === 'joinchat' && second !== undefined && parts.length === 2) return telegramInviteItem(second);
  if (first === 'c' && second !== undefined && /^\d{1,16}$/.test(second)) {
    if (third === undefined) return telegramPrivateChat(second);
    // Private form t.me/c/INTERNAL/ID, or t.me/c/INTERNAL/THREAD/ID in forum topics.
    const id = fourth ?? third;
    return telegramMessageId.test(id)
      ? { contentKey: `telegram:post:c/${second}/${id}`, rule: 'platform:telegram-private-post', canonicalUrl: `https://t.me/c/${second}/${id}` }
      : null;
  }
  if (!telegramChannel.test(first) || telegramReserved.has(first.toLowerCase())) return null;
  // Message ids are per chat. Topic links carry the thread id before the message id.
  const channel = first.toLowerCase();
  const id = fourth === undefined ? third ?? second : undefined;
  if (id === undefined) return parts.length === 1 ? telegramPublicChat(first) : null;
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

/**
 * yt-dlp rumble.py RumbleIE: rumble\.com/(?P<id>v(?!ideos)[\w.-]+)[^/]*$ (tests: /vdmum1-slug.html,
 * /vDMUM1?key=value, one video); RumbleEmbedIE: /embed/(?:[0-9a-z]+\.)?(?P<id>[0-9a-z]+), an id
 * space of its own (the page id is only mapped to it by fetching the page); RumbleChannelIE:
 * /(?:c|user)/(?P<id>…).
 */
const rumble = ({ segments }: ItemInput): PlatformItem | null => {
  const [first, second] = segments;
  if (first === 'embed' && second !== undefined) {
    const embed = /^(?:[0-9a-z]+\.)?(v[0-9a-z]{3,12})$/.exec(second);
    return embed === null ? null : { contentKey: `rumble:embed:${embed[1]}`, rule: 'platform:rumble-embed', canonicalUrl: `https://rumble.com/embed/${embed[1]}/` };
  }
  if ((first === 'c' || first === 'user') && second !== undefined && segments.length === 2 && /^[A-Za-z0-9_.-]{1,64}$/.test(second)) {
    return { contentKey: `rumble:channel:${second.toLowerCase()}`, rule: 'platform:rumble-channel', canonicalUrl: `https://rumble.com/c/${second.toLowerCase()}` };
  }
  const match = segments.length === 1 ? /^(v(?!ideos)[a-z0-9]{4,10})(?:-[^/]*)?(?:\.html)?$/i.exec(first as string) : null;
  return match === null ? null : { contentKey: `rumble:video:${(match[1] as string).toLowerCase()}`, rule: 'platform:rumble-video', keepParams: [] };
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

const megaId = /^[A-Za-z0-9_-]{8}$/;
const megaKey = /^[A-Za-z0-9_-]{16,64}$/;

/**
 * MEGA links (MEGA's share dialog; the legacy forms as matched by pyLoad's MegaCoNz plugins,
 * `#!ID!KEY` and `#F!ID!KEY`): mega.nz/file/ID#KEY, /folder/ID#KEY, /folder/ID#KEY/file/SUB
 * (one file of a shared folder), /embed/ID#KEY, and legacy mega.nz/#!ID!KEY, /#F!ID!KEY,
 * /embed#!ID!KEY. The id names the item; the key in the fragment decrypts it, so the
 * canonical URL keeps a well-formed key (a platform cannot open the item without it) and the
 * content key does not.
 */
const mega = ({ segments, fragment }: ItemInput): PlatformItem | null => {
  const [first, second] = segments;
  let kind: 'file' | 'folder' | null = null;
  let id: string | undefined;
  let key: string | undefined;
  let inner: string | undefined;
  if ((first === 'file' || first === 'folder' || first === 'embed') && second !== undefined) {
    kind = first === 'folder' ? 'folder' : 'file';
    id = second;
    if (fragment !== null) {
      const [fragmentKey, innerKind, innerId] = fragment.split('/');
      key = fragmentKey;
      // A file or subfolder inside a shared folder is other content than the folder.
      if (kind === 'folder' && (innerKind === 'file' || innerKind === 'folder') && innerId !== undefined && megaId.test(innerId)) inner = `${innerKind}/${innerId}`;
    }
  } else if ((segments.length === 0 || (first === 'embed' && segments.length === 1)) && fragment !== null) {
    const legacy = /^(F?)!([A-Za-z0-9_-]{8})(?:!([^!]*))?/.exec(fragment);
    if (legacy !== null) {
      kind = legacy[1] === 'F' ? 'folder' : 'file';
      id = legacy[2];
      key = legacy[3];
    }
  }
  if (kind === null || id === undefined || !megaId.test(id)) return null;
  const validKey = key !== undefined && megaKey.test(key) ? key : undefined;
  const notes = key !== undefined && key !== '' && validKey === undefined ? ['MEGA decryption key dropped: it is not a well-formed key'] : undefined;
  const path = `${kind}/${id}`;
  return {
    contentKey: `mega:${kind}:${id}${inner === undefined ? '' : `/${inner}`}`,
    rule: `platform:mega-${inner === undefined ? kind : 'folder-item'}`,
    canonicalUrl: `https://mega.nz/${path}${validKey === undefined ? '' : `#${validKey}${inner === undefined ? '' : `/${inner}`}`}`,
    ...(notes === undefined ? {} : { notes }),
  };
};

/**
 * MediaFire: /file/ID, /view/ID, /download/ID, /file_premium/ID, the legacy /?ID and
 * /download.php?ID (WordPress Broken Link Checker's MediaFire checker pattern:
 * mediafire\.com/(?:(?:download\.php)?\?|download/)([0-9a-zA-Z]{11,20})), and /folder/ID.
 */
const mediafireKey = /^[a-z0-9]{10,20}$/;

const mediafire = ({ segments, params }: ItemInput): PlatformItem | null => {
  const [first, second] = segments;
  if (first === 'folder' && second !== undefined && mediafireKey.test(second)) {
    return { contentKey: `mediafire:folder:${second}`, rule: 'platform:mediafire-folder', canonicalUrl: `https://www.mediafire.com/folder/${second}` };
  }
  let key: string | undefined;
  if ((first === 'file' || first === 'view' || first === 'download' || first === 'file_premium') && second !== undefined) key = second;
  else if ((first === undefined || first === 'download.php') && params.length === 1 && params[0]?.value === null) key = params[0]?.key;
  return key !== undefined && mediafireKey.test(key)
    ? { contentKey: `mediafire:file:${key}`, rule: 'platform:mediafire-file', canonicalUrl: `https://www.mediafire.com/file/${key}` }
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

/** The built-in matchers, by the name a registry entry gives as its `urlMatcher`. */
export const builtInMatcherNames = [
  'youtube', 'x', 'facebook', 'instagram', 'tiktok', 'telegram', 'archive-org', 'rumble', 'whatsapp', 'mega', 'mediafire', 'google-drive',
  'vk', 'bitchute', 'odysee', 'dailymotion', 'vimeo', 'reddit', 'bluesky', 'threads', 'discord', 'matrix', 'pixeldrain', 'dropbox',
] as const;
export type BuiltInMatcherName = (typeof builtInMatcherNames)[number];

const matchers: Record<BuiltInMatcherName, (input: ItemInput) => PlatformItem | null> = {
  youtube,
  x,
  facebook,
  instagram,
  tiktok,
  telegram,
  'archive-org': archive,
  rumble,
  whatsapp,
  mega,
  mediafire,
  'google-drive': (input) => googleDriveFolder(input) ?? googleDrive(input),
  vk,
  bitchute,
  odysee,
  dailymotion,
  vimeo,
  reddit,
  bluesky,
  threads,
  discord,
  matrix,
  pixeldrain,
  dropbox,
};

export const matchPlatformItem = (matcher: BuiltInMatcherName, input: ItemInput): PlatformItem | null => matchers[matcher](input);
