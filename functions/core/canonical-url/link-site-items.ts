/**
 * URL forms of discussion sites, chat invites, archives and file hosts. Sources are cited per
 * rule: yt-dlp (github.com/yt-dlp/yt-dlp, yt_dlp/extractor, commit 81ecd58b), gallery-dl
 * (github.com/mikf/gallery-dl, gallery_dl/extractor and test/results, commit 86047cf6), and the
 * platforms' own specifications where they publish one.
 */

import { param, unresolvedShortLink, type ItemInput, type PlatformItem } from './platform-item';
import { escapeBytes, unescapeRepeatedly } from './safe-browsing';

// yt-dlp reddit.py RedditIE: (?:\w+\.)?reddit\.com/((?:r|user)/[^/]+/)?comments/(?P<id>[^/?#&]+)
// (tests: www., old., nm., /comments/ID alone). Post ids are base 36; a comment permalink
// (…/comments/POST/slug/COMMENT) names the comment, which is other content than its post.
const redditId = /^[a-z0-9]{4,12}$/;
const redditName = /^[A-Za-z0-9_-]{2,32}$/;

const redditPost = (id: string): PlatformItem => ({ contentKey: `reddit:post:${id}`, rule: 'platform:reddit-post', canonicalUrl: `https://www.reddit.com/comments/${id}` });

export const reddit = ({ host, segments }: ItemInput): PlatformItem | null => {
  // redd.it/ID is Reddit's own short link for a post (the API's `shortlink` field); the media
  // hosts i.redd.it and v.redd.it carry media ids that only Reddit can map to a post.
  if (host === 'redd.it') return segments.length === 1 && redditId.test(segments[0] as string) ? redditPost(segments[0] as string) : unresolvedShortLink('reddit');
  if (host.endsWith('.redd.it')) return unresolvedShortLink('reddit');
  let parts = segments;
  if ((parts[0] === 'r' || parts[0] === 'user' || parts[0] === 'u') && parts[1] !== undefined) {
    // Mobile share links /r/SUB/s/CODE redirect to a post only Reddit knows.
    if (parts[2] === 's') return unresolvedShortLink('reddit');
    if (parts.length === 2 && redditName.test(parts[1])) {
      const kind = parts[0] === 'r' ? 'subreddit' : 'user';
      const name = parts[1].toLowerCase();
      return { contentKey: `reddit:${kind}:${name}`, rule: `platform:reddit-${kind}`, canonicalUrl: `https://www.reddit.com/${parts[0] === 'r' ? 'r' : 'user'}/${name}` };
    }
    parts = parts.slice(2);
  }
  const [first, post, third, fourth] = parts;
  if ((first === 'comments' || first === 'gallery') && post !== undefined && redditId.test(post)) {
    // Both …/comments/POST/slug/COMMENT and …/comments/POST/comment/COMMENT name a comment.
    if (fourth !== undefined && redditId.test(fourth)) {
      return { contentKey: `reddit:comment:${fourth}`, rule: 'platform:reddit-comment', canonicalUrl: `https://www.reddit.com/comments/${post}/_/${fourth}` };
    }
    return third === undefined || first === 'comments' ? redditPost(post) : null;
  }
  return null;
};

// yt-dlp bluesky.py BlueskyIE: (?:bsky\.app|main\.bsky\.dev)/profile/(?P<handle>[\w.:%-]+)/post/(?P<id>\w+).
// A record key is unique only within its author's repository, so the key keeps the author;
// a handle and the DID it stands for cannot be matched offline and stay two keys.
const blueskyActor = /^(?:did:[a-z]+:[A-Za-z0-9._:%-]{1,200}|[A-Za-z0-9.-]{3,253})$/;
const blueskyRecordKey = /^[A-Za-z0-9._~-]{1,64}$/;

export const bluesky = ({ segments }: ItemInput): PlatformItem | null => {
  const [first, actor, third, rkey] = segments;
  if (first !== 'profile' || actor === undefined || !blueskyActor.test(actor)) return null;
  // Handles are domain names, so case-insensitive; DIDs are already lowercase by spec.
  const author = actor.startsWith('did:') ? actor : actor.toLowerCase();
  if (third === 'post' && rkey !== undefined && blueskyRecordKey.test(rkey) && segments.length === 4) {
    return { contentKey: `bluesky:post:${author}/${rkey}`, rule: 'platform:bluesky-post', canonicalUrl: `https://bsky.app/profile/${author}/post/${rkey}` };
  }
  return segments.length === 2 ? { contentKey: `bluesky:profile:${author}`, rule: 'platform:bluesky-profile', canonicalUrl: `https://bsky.app/profile/${author}` } : null;
};

// Threads share links: www.threads.com/@USER/post/CODE (threads.net until 2025, which redirects
// to threads.com). The post code is Instagram's media shortcode, unique across the site.
const threadsCode = /^[A-Za-z0-9_-]{5,64}$/;
const threadsUser = /^@[A-Za-z0-9._]{1,30}$/;

export const threads = ({ segments }: ItemInput): PlatformItem | null => {
  const [first, second, code] = segments;
  if (first === undefined || !threadsUser.test(first)) return null;
  const user = first.toLowerCase();
  if (second === 'post' && code !== undefined && threadsCode.test(code)) {
    return { contentKey: `threads:post:${code}`, rule: 'platform:threads-post', canonicalUrl: `https://www.threads.com/${user}/post/${code}` };
  }
  return segments.length === 1 ? { contentKey: `threads:user:${user}`, rule: 'platform:threads-user', canonicalUrl: `https://www.threads.com/${user}` } : null;
};

// Discord invites: discord.gg/CODE, discord.com/invite/CODE and discordapp.com/invite/CODE
// (Discord developer docs, Invite resource); invite codes are case-sensitive. Channels and
// messages: gallery-dl discord.py, discord\.com/channels/(\d+)/(\d+)(/(\d+))?; ids are snowflakes.
const discordInvite = /^[A-Za-z0-9-]{2,32}$/;
const snowflake = /^\d{15,21}$/;

export const discord = ({ host, segments }: ItemInput): PlatformItem | null => {
  const [first, second, third, fourth] = segments;
  const code = host === 'discord.gg' ? (segments.length === 1 ? first : undefined) : first === 'invite' ? second : undefined;
  if (code !== undefined) {
    return discordInvite.test(code) ? { contentKey: `discord:invite:${code}`, rule: 'platform:discord-invite', canonicalUrl: `https://discord.gg/${code}` } : null;
  }
  if (first !== 'channels' || second === undefined || !snowflake.test(second)) return null;
  if (third !== undefined && snowflake.test(third)) {
    if (fourth !== undefined && snowflake.test(fourth)) {
      return { contentKey: `discord:message:${third}/${fourth}`, rule: 'platform:discord-message', canonicalUrl: `https://discord.com/channels/${second}/${third}/${fourth}` };
    }
    return fourth === undefined ? { contentKey: `discord:channel:${third}`, rule: 'platform:discord-channel', canonicalUrl: `https://discord.com/channels/${second}/${third}` } : null;
  }
  return third === undefined ? { contentKey: `discord:server:${second}`, rule: 'platform:discord-server', canonicalUrl: `https://discord.com/channels/${second}` } : null;
};

// Matrix specification, appendices, "matrix.to navigation": https://matrix.to/#/<identifier>,
// identifier a room alias (#room:server), room id (!id:server) or user (@user:server),
// optionally /$event; `?via=` lists servers to route through, not content. The whole
// identifier is in the fragment: without it every matrix.to link would be one referral.
const matrixId = /^([#!@])[^:/?#\s]{1,255}:[A-Za-z0-9.-]{1,253}(?::\d{1,5})?$/;
const matrixEvent = /^\$[A-Za-z0-9._~+/=:-]{1,255}$/;
const matrixKinds: Record<string, string> = { '#': 'room-alias', '!': 'room', '@': 'user' };

export const matrix = ({ fragment }: ItemInput): PlatformItem | null => {
  if (fragment === null) return null;
  const decoded = unescapeRepeatedly(fragment);
  if (!decoded.startsWith('/')) return null;
  const path = decoded.slice(1).split('?')[0] as string;
  const [identifier, event, extra] = path.split('/');
  const match = identifier === undefined ? null : matrixId.exec(identifier);
  if (match === null || extra !== undefined) return null;
  const target = escapeBytes(identifier as string, '?');
  if (event !== undefined && event !== '') {
    return matrixEvent.test(event) && match[1] === '!'
      ? { contentKey: `matrix:event:${identifier}/${event}`, rule: 'platform:matrix-event', canonicalUrl: `https://matrix.to/#/${target}/${escapeBytes(event, '?')}` }
      : null;
  }
  const kind = matrixKinds[match[1] as string] as string;
  return { contentKey: `matrix:${kind}:${identifier}`, rule: `platform:matrix-${kind}`, canonicalUrl: `https://matrix.to/#/${target}` };
};

// gallery-dl pixeldrain.py: /(?:u|api/file)/(\w+) file, /(?:l|api/list)/(\w+)(?:#item=(\d+))? list
// (a list item is one file of the list), /(?:d|api/filesystem)/(...) filesystem path.
const pixeldrainId = /^[A-Za-z0-9]{4,16}$/;

export const pixeldrain = ({ segments, fragment }: ItemInput): PlatformItem | null => {
  const parts = segments[0] === 'api' ? segments.slice(1) : segments;
  const [first, id] = parts;
  if (id === undefined || !pixeldrainId.test(id)) return null;
  if (first === 'u' || first === 'file') {
    return { contentKey: `pixeldrain:file:${id}`, rule: 'platform:pixeldrain-file', canonicalUrl: `https://pixeldrain.com/u/${id}` };
  }
  if (first === 'l' || first === 'list') {
    const item = fragment === null ? null : /^item=(\d{1,6})$/.exec(fragment);
    return item === null
      ? { contentKey: `pixeldrain:list:${id}`, rule: 'platform:pixeldrain-list', canonicalUrl: `https://pixeldrain.com/l/${id}` }
      : { contentKey: `pixeldrain:list:${id}#item=${item[1]}`, rule: 'platform:pixeldrain-list-item', canonicalUrl: `https://pixeldrain.com/l/${id}#item=${item[1]}` };
  }
  if (first === 'd' || first === 'filesystem') {
    const path = parts.slice(1).map((segment) => escapeBytes(segment, '?\\')).join('/');
    return { contentKey: `pixeldrain:filesystem:${path}`, rule: 'platform:pixeldrain-filesystem', canonicalUrl: `https://pixeldrain.com/d/${path}` };
  }
  return null;
};

// yt-dlp dropbox.py DropboxIE: dropbox\.com/(?:(?:e/)?scl/f[io]|sh?)/(?P<id>\w+) (tests: /s/ID/name,
// /s/ID, /sh/ID/KEY?preview=…, /scl/fi/ID/name?rlkey=…, /e/scl/fi/…). `rlkey` is the link's
// secret: without it the link does not open, so the canonical URL keeps it.
const dropboxId = /^\w{6,40}$/;

export const dropbox = ({ host, segments, params }: ItemInput): PlatformItem | null => {
  if (host === 'db.tt') return unresolvedShortLink('dropbox');
  const parts = segments[0] === 'e' ? segments.slice(1) : segments;
  const kind = parts[0] === 'scl' && (parts[1] === 'fi' || parts[1] === 'fo') ? `scl/${parts[1]}` : parts[0] === 's' || parts[0] === 'sh' ? parts[0] : null;
  if (kind === null) return null;
  const rest = parts.slice(kind.startsWith('scl') ? 2 : 1);
  const id = rest[0];
  if (id === undefined || !dropboxId.test(id)) return null;
  // A file previewed inside a shared folder is that file, not the folder.
  const preview = kind === 'sh' || kind === 'scl/fo' ? param(params, 'preview') : null;
  const rlkey = param(params, 'rlkey');
  const query = [rlkey === null ? '' : `rlkey=${escapeBytes(rlkey, '&=+')}`, preview === null ? '' : `preview=${escapeBytes(preview, '&=+')}`].filter((p) => p !== '').join('&');
  return {
    contentKey: `dropbox:${kind}:${id}${preview === null ? '' : `?preview=${escapeBytes(preview, '&=+')}`}`,
    rule: 'platform:dropbox-link',
    canonicalUrl: `https://www.dropbox.com/${kind}/${rest.map((segment) => escapeBytes(segment, '?\\')).join('/')}${query === '' ? '' : `?${query}`}`,
  };
};
