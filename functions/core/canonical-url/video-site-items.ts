/**
 * URL forms of video sites. Sources, cited per rule: yt-dlp's extractors (`_VALID_URL` and the
 * URLs of `_TESTS`), github.com/yt-dlp/yt-dlp/tree/master/yt_dlp/extractor at commit 81ecd58b.
 */

import { param, unresolvedShortLink, type ItemInput, type PlatformItem } from './platform-item';
import { escapeBytes } from './safe-browsing';

// yt-dlp vk.py VKIE: (?:video|clip)(?P<videoid>-?\d+_\d+), also after `?z=` on any page, and
// video_ext.php?oid=OWNER&id=ID. A clip is a video of its owner: one id space.
const vkVideoPath = /^(?:video|clip)(-?\d{1,12}_\d{1,12})$/;
// yt-dlp vk.py VKWallPostIE: wall(?P<id>-?\d+_\d+), also as `?w=wall…` over a page.
const vkWallPath = /^wall(-?\d{1,12}_\d{1,12})$/;
const vkPage = /^[A-Za-z0-9_.]{2,32}$/;
const vkReserved = new Set(['feed', 'im', 'search', 'login', 'login.php', 'settings', 'groups', 'friends', 'audio', 'music', 'video', 'videos', 'clips', 'apps', 'docs', 'market', 'away.php', 'video_ext.php', 'support', 'about', 'terms', 'blog', 'dev', 'jobs', 'photos', 'albums']);

const vkVideo = (id: string): PlatformItem => ({ contentKey: `vk:video:${id}`, rule: 'platform:vk-video', canonicalUrl: `https://vk.com/video${id}` });
const vkWall = (id: string): PlatformItem => ({ contentKey: `vk:wall:${id}`, rule: 'platform:vk-wall-post', canonicalUrl: `https://vk.com/wall${id}` });

export const vk = ({ host, segments, params }: ItemInput): PlatformItem | null => {
  if (host === 'vk.cc') return unresolvedShortLink('vk');
  const [first] = segments;
  if (first === 'video_ext.php') {
    const oid = param(params, 'oid');
    const id = param(params, 'id');
    return oid !== null && id !== null && /^-?\d{1,12}$/.test(oid) && /^\d{1,12}$/.test(id) ? vkVideo(`${oid}_${id}`) : null;
  }
  // An overlay (`z=` video, `w=` wall post) names what the officer sees, not the page under it.
  for (const overlay of [param(params, 'z'), param(params, 'w')]) {
    const target = overlay?.split('/')[0];
    if (target === undefined) continue;
    const video = vkVideoPath.exec(target);
    if (video !== null) return vkVideo(video[1] as string);
    const wall = vkWallPath.exec(target);
    if (wall !== null) return vkWall(wall[1] as string);
  }
  if (first === undefined) return null;
  const video = vkVideoPath.exec(first);
  if (video !== null) return vkVideo(video[1] as string);
  const wall = vkWallPath.exec(first);
  if (wall !== null) return vkWall(wall[1] as string);
  if (segments.length === 1 && (host === 'vk.com' || host === 'vk.ru') && vkPage.test(first) && !vkReserved.has(first.toLowerCase())) {
    // Short names are case-insensitive; club123 and public123 are the same community.
    const page = first.toLowerCase().replace(/^public(\d+)$/, 'club$1');
    return { contentKey: `vk:page:${page}`, rule: 'platform:vk-page', canonicalUrl: `https://vk.com/${page}` };
  }
  return null;
};

// yt-dlp bitchute.py BitChuteIE: (?:www|old\.)?bitchute\.com/(?:video|embed)/(?P<id>[^/?#&]+);
// BitChuteChannelIE: /(?P<type>channel|playlist)/(?P<id>…).
const bitchuteId = /^[A-Za-z0-9_-]{6,20}$/;

export const bitchute = ({ segments }: ItemInput): PlatformItem | null => {
  const [first, second] = segments;
  if ((first === 'video' || first === 'embed') && second !== undefined && bitchuteId.test(second)) {
    return { contentKey: `bitchute:video:${second}`, rule: 'platform:bitchute-video', canonicalUrl: `https://www.bitchute.com/video/${second}/` };
  }
  if ((first === 'channel' || first === 'playlist') && second !== undefined && bitchuteId.test(second) && segments.length === 2) {
    return { contentKey: `bitchute:${first}:${second}`, rule: `platform:bitchute-${first}`, canonicalUrl: `https://www.bitchute.com/${first}/${second}/` };
  }
  return null;
};

// yt-dlp lbry.py: (?:lbry\.tv|odysee\.com)/ then `@channel:id/name:id`, `name:claimid`, or
// `$/embed|download/name/claimid`. A claim-id prefix is resolved by the LBRY network, so forms
// with different prefixes stay apart (never merged wrongly); the host and the `$/` forms merge.
const lbryPart = /^@?[^$@:/?#&]{1,200}(?::[0-9a-f]{1,40})?$/;
const lbryName = /^[^$@:/?#&]{1,200}$/;
const lbryClaimId = /^[0-9a-f]{1,40}$/;

const odyseeClaim = (path: string): PlatformItem => ({
  contentKey: `odysee:claim:${path}`,
  rule: path.includes('/') || !path.startsWith('@') ? 'platform:odysee-claim' : 'platform:odysee-channel',
  canonicalUrl: `https://odysee.com/${escapeBytes(path, '?\\')}`,
});

export const odysee = ({ segments }: ItemInput): PlatformItem | null => {
  const [first, second, third, fourth] = segments;
  if (first === '$' && (second === 'embed' || second === 'download') && third !== undefined && fourth !== undefined) {
    return lbryName.test(third) && lbryClaimId.test(fourth) ? odyseeClaim(`${third}:${fourth}`) : null;
  }
  if (first === undefined || !lbryPart.test(first)) return null;
  if (segments.length === 1) return odyseeClaim(first);
  if (segments.length === 2 && first.startsWith('@') && second !== undefined && !second.startsWith('@') && lbryPart.test(second)) {
    return odyseeClaim(`${first}/${second}`);
  }
  return null;
};

// yt-dlp dailymotion.py DailymotionIE: dai.ly/ID, (www|touch|geo.)dailymotion.com/
// (crawler|embed|swf/)video/ID, swf/ID, player(/X).html?video=ID; the id ends at `_` (slug).
const dailymotionId = /^[xk][0-9A-Za-z]{3,24}$/;
const dailymotionVideo = (id: string | null | undefined): PlatformItem | null => {
  const bare = id?.split('_')[0];
  return bare !== undefined && dailymotionId.test(bare)
    ? { contentKey: `dailymotion:video:${bare}`, rule: 'platform:dailymotion-video', canonicalUrl: `https://www.dailymotion.com/video/${bare}` }
    : null;
};

export const dailymotion = ({ host, segments, params }: ItemInput): PlatformItem | null => {
  const [first, second, third] = segments;
  // dai.ly/ID carries the video id itself; any other dai.ly path needs Dailymotion to resolve.
  if (host === 'dai.ly') return (segments.length === 1 ? dailymotionVideo(first) : null) ?? unresolvedShortLink('dailymotion');
  if (first === 'video') return dailymotionVideo(second);
  if ((first === 'embed' || first === 'crawler' || first === 'swf') && second === 'video') return dailymotionVideo(third);
  if (first === 'swf') return dailymotionVideo(second);
  if (first === 'player.html' || (first === 'player' && second !== undefined && second.endsWith('.html'))) {
    const video = param(params, 'video');
    if (video !== null) return dailymotionVideo(video);
  }
  // yt-dlp DailymotionPlaylistIE: /playlist/(?P<id>x[0-9a-z]+).
  if (first === 'playlist' && second !== undefined) {
    const id = second.split('_')[0] as string;
    return /^x[0-9a-z]{3,24}$/.test(id) ? { contentKey: `dailymotion:playlist:${id}`, rule: 'platform:dailymotion-playlist', canonicalUrl: `https://www.dailymotion.com/playlist/${id}` } : null;
  }
  return null;
};

// yt-dlp vimeo.py VimeoIE: (www|player.)vimeo.com/ … (?:videos?/)?(?P<id>[0-9]+) with the
// unlisted hash /(?P<unlisted_hash>[\da-f]{10}); channels/X/ID, groups/X/videos/ID,
// album/X/video/ID, showcase/X/video/ID, moogaloop.swf?clip_id=ID. The hash is the key to an
// unlisted video, not another video: the canonical URL keeps it, the content key does not.
const vimeoId = /^\d{1,12}$/;
const vimeoHash = /^[0-9a-f]{10}$/;

const vimeoVideo = (id: string | null | undefined, hash: string | null | undefined): PlatformItem | null =>
  id != null && vimeoId.test(id)
    ? {
        contentKey: `vimeo:video:${id}`,
        rule: 'platform:vimeo-video',
        canonicalUrl: hash != null && vimeoHash.test(hash) ? `https://vimeo.com/${id}/${hash}` : `https://vimeo.com/${id}`,
      }
    : null;

export const vimeo = ({ host, segments, params }: ItemInput): PlatformItem | null => {
  const [first, second, third, fourth] = segments;
  if (host === 'player.vimeo.com') return first === 'video' ? vimeoVideo(second, param(params, 'h')) : null;
  if (first === undefined) return null;
  if (vimeoId.test(first)) return vimeoVideo(first, second);
  if (first === 'moogaloop.swf') return vimeoVideo(param(params, 'clip_id'), null);
  if (first === 'channels' && third !== undefined) return vimeoVideo(third, null);
  if (first === 'groups' && third === 'videos') return vimeoVideo(fourth, null);
  if ((first === 'album' || first === 'showcase') && third === 'video') return vimeoVideo(fourth, null);
  return null;
};
