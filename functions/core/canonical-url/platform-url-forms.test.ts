import { describe, expect, it } from 'vitest';
import { canonicalizeUrl, type CanonicalUrl } from './canonical-url';

const ok = (input: string): CanonicalUrl => {
  const result = canonicalizeUrl(input);
  if (!result.ok) throw new Error(`${input}: ${result.error.code} ${result.error.message}`);
  return result.value;
};

interface PlatformForms {
  platform: string;
  /** Where the URL forms come from (the test URLs are taken from it where it has them). */
  source: string;
  /** Each group: one piece of content, every URL form of it. */
  same: ReadonlyArray<readonly [key: string, urls: readonly string[]]>;
  /** Two URLs of different content on the platform: their keys must differ. */
  different: readonly [string, string];
}

const ytDlp = (file: string): string => `yt-dlp yt_dlp/extractor/${file} (_VALID_URL, _TESTS)`;

const forms: readonly PlatformForms[] = [
  {
    platform: 'telegram',
    source: `${ytDlp('telegram.py')}; core.telegram.org/api/links; Telegram Web clients (tweb, telegram-tt)`,
    same: [
      ['telegram:post:europa_press/613', ['https://t.me/europa_press/613', 'https://t.me/s/europa_press/613', 'https://telegram.me/Europa_Press/613?single', 'https://telegram.dog/europa_press/613?comment=12', 'https://web.telegram.org/k/#?tgaddr=tg%3A%2F%2Fresolve%3Fdomain%3Deuropa_press%26post%3D613']],
      ['telegram:channel:vorposte', ['https://t.me/vorposte', 'https://t.me/s/vorposte', 'https://web.telegram.org/k/#@vorposte', 'https://web.telegram.org/a/#@VorPoste', 'https://web.telegram.org/z/#@vorposte', 'https://web.telegram.org/#/im?p=@vorposte']],
      ['telegram:channel:c/1234567890', ['https://web.telegram.org/k/#-1001234567890', 'https://web.telegram.org/a/#-1001234567890', 'https://t.me/c/1234567890']],
      ['telegram:post:c/1234567890/55', ['https://t.me/c/1234567890/55', 'https://t.me/c/1234567890/7/55']],
      ['telegram:invite:AbCdEfGhIjKlMnOp', ['https://t.me/+AbCdEfGhIjKlMnOp', 'https://t.me/joinchat/AbCdEfGhIjKlMnOp']],
    ],
    different: ['https://web.telegram.org/k/#@vorposte', 'https://web.telegram.org/k/#@europa_press'],
  },
  {
    platform: 'x',
    source: ytDlp('twitter.py'),
    same: [['x:status:1790000000000000001', ['https://x.com/someone/status/1790000000000000001', 'https://twitter.com/someone/status/1790000000000000001/video/1', 'https://mobile.twitter.com/someone/status/1790000000000000001/photo/1', 'https://twitter.com/i/web/status/1790000000000000001', 'https://twitter.com/statuses/1790000000000000001']]],
    different: ['https://x.com/someone/status/1790000000000000001', 'https://x.com/someone/status/1790000000000000002'],
  },
  {
    platform: 'youtube',
    source: ytDlp('youtube/_video.py'),
    same: [['youtube:video:BaW_jenozKc', ['https://www.youtube.com/watch?v=BaW_jenozKc', 'https://youtu.be/BaW_jenozKc', 'https://www.youtube.com/shorts/BaW_jenozKc', 'https://www.youtube.com/live/BaW_jenozKc', 'https://www.youtube.com/embed/BaW_jenozKc', 'https://m.youtube.com/watch?v=BaW_jenozKc', 'https://music.youtube.com/watch?v=BaW_jenozKc', 'https://www.youtube-nocookie.com/embed/BaW_jenozKc']]],
    different: ['https://youtu.be/BaW_jenozKc', 'https://youtu.be/dQw4w9WgXcQ'],
  },
  {
    platform: 'facebook',
    source: ytDlp('facebook.py'),
    same: [
      ['facebook:post:10158000000000001', ['https://www.facebook.com/SomePage/posts/10158000000000001', 'https://m.facebook.com/story.php?story_fbid=10158000000000001&id=100000000000001', 'https://mbasic.facebook.com/permalink.php?story_fbid=10158000000000001&id=100000000000001']],
      ['facebook:video:2345678901234567', ['https://www.facebook.com/watch/?v=2345678901234567', 'https://m.facebook.com/watch?v=2345678901234567', 'https://www.facebook.com/reel/2345678901234567']],
    ],
    different: ['https://www.facebook.com/watch/?v=2345678901234567', 'https://www.facebook.com/watch/?v=2345678901234568'],
  },
  {
    platform: 'instagram',
    source: ytDlp('instagram.py'),
    same: [['instagram:post:CUs6g2bjXcP', ['https://www.instagram.com/p/CUs6g2bjXcP/', 'https://www.instagram.com/reel/CUs6g2bjXcP/', 'https://www.instagram.com/reels/CUs6g2bjXcP/', 'https://www.instagram.com/tv/CUs6g2bjXcP/']]],
    different: ['https://www.instagram.com/p/CUs6g2bjXcP/', 'https://www.instagram.com/p/Bz9VhGUhBfO/'],
  },
  {
    platform: 'tiktok',
    source: ytDlp('tiktok.py'),
    same: [['tiktok:video:6742501081818877190', ['https://www.tiktok.com/@leenabhushan/video/6748451240264420610'.replace('6748451240264420610', '6742501081818877190'), 'https://www.tiktok.com/embed/v2/6742501081818877190', 'https://m.tiktok.com/v/6742501081818877190.html', 'https://www.tiktok.com/share/video/6742501081818877190']]],
    different: ['https://www.tiktok.com/@leenabhushan/video/6748451240264420610', 'https://www.tiktok.com/@leenabhushan/video/6742501081818877190'],
  },
  {
    platform: 'vk',
    source: ytDlp('vk.py'),
    same: [
      ['vk:video:-77521_162222515', ['https://vk.com/videos-77521?z=video-77521_162222515%2Fclub77521', 'https://vk.com/video_ext.php?oid=-77521&id=162222515&hash=87b046504ccd8bfa', 'https://vk.com/video-77521_162222515', 'https://m.vk.com/video-77521_162222515', 'https://vkvideo.ru/video-77521_162222515']],
      ['vk:video:205387401_165548505', ['https://vk.com/video205387401_165548505', 'http://new.vk.com/video205387401_165548505']],
      ['vk:video:-74006511_456247211', ['https://vk.com/clips-74006511?z=clip-74006511_456247211', 'https://vk.com/clip-74006511_456247211']],
      ['vk:wall:-23538238_35', ['https://vk.com/wall-23538238_35', 'https://m.vk.com/wall-23538238_35', 'https://vk.com/bs.official?w=wall-23538238_35']],
    ],
    different: ['https://vk.com/video205387401_165548505', 'https://vk.com/video205387401_164765225'],
  },
  {
    platform: 'rumble',
    source: ytDlp('rumble.py'),
    same: [
      ['rumble:video:vdmum1', ['https://rumble.com/vdmum1-moose-the-dog-helps-girls-dig-a-snow-fort.html', 'http://www.rumble.com/vDMUM1?key=value']],
      ['rumble:embed:v5pv5f', ['https://rumble.com/embed/v5pv5f', 'https://rumble.com/embed/ufe9n.v5pv5f']],
      ['rumble:channel:styxhexenhammer666', ['https://rumble.com/c/Styxhexenhammer666', 'https://rumble.com/user/styxhexenhammer666']],
    ],
    different: ['https://rumble.com/v2ea9qb-the-u.s.-cannot-hide-this-in-ukraine-anymore-redacted-with-natali-and-clayt.html', 'https://rumble.com/v2e7fju-the-covid-twitter-files-drop-protecting-fauci-while-censoring-the-truth-wma.html'],
  },
  {
    platform: 'bitchute',
    source: ytDlp('bitchute.py'),
    same: [['bitchute:video:UGlrF9o9b-Q', ['https://www.bitchute.com/video/UGlrF9o9b-Q/', 'https://old.bitchute.com/video/UGlrF9o9b-Q/', 'https://www.bitchute.com/embed/UGlrF9o9b-Q/', 'https://bitchute.com/video/UGlrF9o9b-Q']]],
    different: ['https://www.bitchute.com/video/UGlrF9o9b-Q/', 'https://www.bitchute.com/video/Yti_j9A-UZ4/'],
  },
  {
    platform: 'odysee',
    source: ytDlp('lbry.py'),
    same: [
      ['odysee:claim:@Mantega:1/First-day-LBRY:1', ['https://lbry.tv/@Mantega:1/First-day-LBRY:1', 'https://odysee.com/@Mantega:1/First-day-LBRY:1?r=AbCdEf', 'https://www.odysee.com/@Mantega:1/First-day-LBRY:1']],
      ['odysee:claim:Episode-1:e7d93d772bd87e2b62d5ab993c1c3ced86ebb396', ['https://lbry.tv/Episode-1:e7d93d772bd87e2b62d5ab993c1c3ced86ebb396', 'https://lbry.tv/$/embed/Episode-1/e7d93d772bd87e2b62d5ab993c1c3ced86ebb396', 'https://lbry.tv/$/download/Episode-1/e7d93d772bd87e2b62d5ab993c1c3ced86ebb396']],
    ],
    different: ['https://odysee.com/@gardeningincanada:b/plants-i-will-never-grow-again.-the:e', 'https://odysee.com/@BrodieRobertson:5/apple-is-tracking-everything-you-do-on:e'],
  },
  {
    platform: 'dailymotion',
    source: ytDlp('dailymotion.py'),
    same: [
      ['dailymotion:video:x5kesuj', ['http://www.dailymotion.com/video/x5kesuj_office-christmas-party-review-jason-bateman-olivia-munn-t-j-miller_news', 'https://www.dailymotion.com/embed/video/x5kesuj', 'https://geo.dailymotion.com/player.html?video=x5kesuj&mute=true', 'https://geo.dailymotion.com/player/xmyye.html?video=x5kesuj', 'https://dai.ly/x5kesuj', 'https://www.dailymotion.com/crawler/video/x5kesuj', 'http://www.dailymotion.com/swf/video/x5kesuj']],
    ],
    different: ['https://www.dailymotion.com/video/x8u4owg', 'https://www.dailymotion.com/video/x94cnnk'],
  },
  {
    platform: 'vimeo',
    source: ytDlp('vimeo.py'),
    same: [
      ['vimeo:video:56015672', ['http://vimeo.com/56015672#at=0', 'https://player.vimeo.com/video/56015672', 'https://vimeo.com/channels/keypeele/56015672', 'https://vimeo.com/groups/travelhd/videos/56015672', 'https://vimeo.com/album/2632481/video/56015672', 'https://vimeo.com/showcase/3253534/video/56015672', 'http://vimeo.com/moogaloop.swf?clip_id=56015672']],
      ['vimeo:video:160743502', ['https://vimeo.com/160743502/abd0e13fb4', 'https://player.vimeo.com/video/160743502?h=abd0e13fb4']],
    ],
    different: ['https://vimeo.com/68375962', 'https://vimeo.com/76979871'],
  },
  {
    platform: 'streamable',
    source: ytDlp('streamable.py'),
    same: [['streamable:video:dnd1', ['https://streamable.com/dnd1', 'https://streamable.com/e/dnd1', 'https://streamable.com/s/dnd1/drxjds']]],
    different: ['https://streamable.com/dnd1', 'https://streamable.com/moo'],
  },
  {
    platform: 'reddit',
    source: `${ytDlp('reddit.py')}; the API's shortlink field (redd.it/ID)`,
    same: [
      ['reddit:post:6rrwyj', ['https://www.reddit.com/r/videos/comments/6rrwyj/that_small_heart_attack/', 'https://www.reddit.com/r/videos/comments/6rrwyj', 'https://old.reddit.com/r/videos/comments/6rrwyj/that_small_heart_attack/', 'https://np.reddit.com/r/videos/comments/6rrwyj/', 'https://nm.reddit.com/r/videos/comments/6rrwyj/that_small_heart_attack/', 'https://www.reddit.com/comments/6rrwyj', 'https://redd.it/6rrwyj']],
      ['reddit:post:nip71r', ['https://www.reddit.com/user/creepyt0es/comments/nip71r/i_plan_to_make_more_stickers_and_prints_check/', 'https://reddit.com/comments/nip71r']],
      ['reddit:comment:dl9ma8x', ['https://www.reddit.com/r/videos/comments/6rrwyj/that_small_heart_attack/dl9ma8x/', 'https://old.reddit.com/r/videos/comments/6rrwyj/comment/dl9ma8x/']],
      ['reddit:subreddit:videos', ['https://www.reddit.com/r/videos/', 'https://old.reddit.com/r/Videos']],
    ],
    different: ['https://www.reddit.com/r/videos/comments/6rrwyj/that_small_heart_attack/', 'https://www.reddit.com/r/videos/comments/6t7sg9/comedians_hilarious_joke_about_the_guam_flag/'],
  },
  {
    platform: 'bluesky',
    source: ytDlp('bluesky.py'),
    same: [['bluesky:post:blu3blue.bsky.social/3l4omssdl632g', ['https://bsky.app/profile/blu3blue.bsky.social/post/3l4omssdl632g', 'https://bsky.app/profile/Blu3Blue.bsky.social/post/3l4omssdl632g']]],
    // A record key is unique within its author only: the same rkey under two authors is two posts.
    different: ['https://bsky.app/profile/bsky.app/post/3l3vgf77uco2g', 'https://bsky.app/profile/souris.moe/post/3l3vgf77uco2g'],
  },
  {
    platform: 'threads',
    source: 'Threads share links (threads.com/@USER/post/CODE; threads.net redirects to threads.com)',
    same: [['threads:post:C1AbCdEfGhI', ['https://www.threads.net/@author/post/C1AbCdEfGhI', 'https://www.threads.com/@author/post/C1AbCdEfGhI', 'https://threads.net/@Author/post/C1AbCdEfGhI?xmt=AQGz']]],
    different: ['https://www.threads.com/@author/post/C1AbCdEfGhI', 'https://www.threads.com/@author/post/C1AbCdEfGhJ'],
  },
  {
    platform: 'archive-org',
    source: ytDlp('archiveorg.py'),
    same: [['archive:item:XD300-23_68HighlightsAResearchCntAugHumanIntellect', ['https://archive.org/details/XD300-23_68HighlightsAResearchCntAugHumanIntellect', 'https://archive.org/embed/XD300-23_68HighlightsAResearchCntAugHumanIntellect', 'https://archive.org/download/XD300-23_68HighlightsAResearchCntAugHumanIntellect/XD300-23_68HighlightsAResearchCntAugHumanIntellect.mp4']]],
    different: ['https://archive.org/details/Cops1922', 'https://archive.org/details/MSNBCW_20131125_040000_To_Catch_a_Predator'],
  },
  {
    platform: 'archive-today',
    source: 'archive.today mirrors (archive.ph, .is, .li, .vn, .md, .fo, .today) serve one snapshot id',
    same: [['archive-today:snapshot:FNMT7', ['https://archive.md/FNMT7', 'https://archive.ph/FNMT7', 'https://archive.is/FNMT7', 'https://archive.today/FNMT7', 'http://archive.li/FNMT7', 'https://archive.vn/FNMT7', 'https://archive.fo/FNMT7']]],
    different: ['https://archive.ph/FNMT7', 'https://archive.ph/AbCd1'],
  },
  {
    platform: 'mega',
    source: "MEGA share dialog; pyLoad's MegaCoNz plugins for the legacy #!ID!KEY and #F!ID!KEY forms",
    same: [
      ['mega:file:abcdEFGH', ['https://mega.nz/file/abcdEFGH#Zm9vYmFyYmF6cXV4cXV1eA', 'https://mega.nz/#!abcdEFGH!Zm9vYmFyYmF6cXV4cXV1eA', 'https://mega.co.nz/#!abcdEFGH!Zm9vYmFyYmF6cXV4cXV1eA', 'https://mega.nz/embed/abcdEFGH#Zm9vYmFyYmF6cXV4cXV1eA', 'https://mega.nz/embed#!abcdEFGH!Zm9vYmFyYmF6cXV4cXV1eA']],
      ['mega:folder:yAkimbjQ', ['https://mega.nz/folder/yAkimbjQ#Ijoqfoqzesat1LDq5NKc-Q', 'https://mega.nz/#F!yAkimbjQ!Ijoqfoqzesat1LDq5NKc-Q']],
      ['mega:folder:yAkimbjQ/file/bFtTwQ6a', ['https://mega.nz/folder/yAkimbjQ#Ijoqfoqzesat1LDq5NKc-Q/file/bFtTwQ6a']],
    ],
    different: ['https://mega.nz/folder/yAkimbjQ#Ijoqfoqzesat1LDq5NKc-Q', 'https://mega.nz/folder/yAkimbjQ#Ijoqfoqzesat1LDq5NKc-Q/file/bFtTwQ6a'],
  },
  {
    platform: 'google-drive',
    source: ytDlp('googledrive.py'),
    same: [
      ['google-drive:file:0ByeS4oOUV-49Zzh4R1J6R09zazQ', ['https://drive.google.com/file/d/0ByeS4oOUV-49Zzh4R1J6R09zazQ/edit?pli=1', 'https://drive.google.com/uc?id=0ByeS4oOUV-49Zzh4R1J6R09zazQ', 'https://drive.google.com/open?id=0ByeS4oOUV-49Zzh4R1J6R09zazQ', 'https://drive.usercontent.google.com/download?id=0ByeS4oOUV-49Zzh4R1J6R09zazQ']],
      ['google-drive:folder:1dQ4sx0-__Nvg65rxTSgQrl7VyW_FZ9QI', ['https://drive.google.com/drive/folders/1dQ4sx0-__Nvg65rxTSgQrl7VyW_FZ9QI', 'https://drive.google.com/drive/u/0/folders/1dQ4sx0-__Nvg65rxTSgQrl7VyW_FZ9QI']],
    ],
    different: ['https://drive.google.com/file/d/1RAGWRgzn85TXCaCk4gxnwF6TGUaZatzE/view', 'https://drive.google.com/file/d/1Prvv9-mtDDfN_gkJgtt1OFvIULK8c3Ev/view'],
  },
  {
    platform: 'dropbox',
    source: ytDlp('dropbox.py'),
    same: [
      ['dropbox:s:nelirfsxnmcfbfh', ['https://www.dropbox.com/s/nelirfsxnmcfbfh', 'https://www.dropbox.com/s/nelirfsxnmcfbfh?dl=0', 'https://dropbox.com/s/nelirfsxnmcfbfh']],
      ['dropbox:scl/fi:r2kd2skcy5ylbbta5y1pz', ['https://www.dropbox.com/scl/fi/r2kd2skcy5ylbbta5y1pz/DJI_0003.MP4?dl=0&rlkey=wcdgqangn7t3lnmmv6li9mu9h', 'https://www.dropbox.com/e/scl/fi/r2kd2skcy5ylbbta5y1pz/DJI_0003.MP4?dl=0&rlkey=wcdgqangn7t3lnmmv6li9mu9h']],
    ],
    different: ['https://www.dropbox.com/sh/2mgpiuq7kv8nqdf/AABy-fW4dkydT4GmWi2mdOUDa?dl=0&preview=Drone+Shot.mp4', 'https://www.dropbox.com/sh/2mgpiuq7kv8nqdf/AABy-fW4dkydT4GmWi2mdOUDa?dl=0'],
  },
  {
    platform: 'mediafire',
    source: "MediaFire share links; WordPress Broken Link Checker's MediaFire checker pattern for the legacy forms",
    same: [['mediafire:file:abcdef1234567', ['https://www.mediafire.com/file/abcdef1234567/video.mp4/file', 'https://mediafire.com/view/abcdef1234567', 'https://www.mediafire.com/download/abcdef1234567', 'http://www.mediafire.com/?abcdef1234567', 'https://www.mediafire.com/file_premium/abcdef1234567']]],
    different: ['https://www.mediafire.com/folder/b1z64roy512wd/FirmwareBundles', 'https://www.mediafire.com/file/b1z64roy512wd'],
  },
  {
    platform: 'gofile',
    source: 'gallery-dl gallery_dl/extractor/gofile.py and test/results/gofile.py',
    same: [['gofile:content:k6BomI', ['https://gofile.io/d/k6BomI', 'https://www.gofile.io/d/k6BomI/', 'http://gofile.io/d/k6BomI']]],
    different: ['https://gofile.io/d/k6BomI', 'https://gofile.io/d/7fd4a36a-c1dd-49ff-9223-d93f7d24093f'],
  },
  {
    platform: 'pixeldrain',
    source: 'gallery-dl gallery_dl/extractor/pixeldrain.py and test/results/pixeldrain.py',
    same: [
      ['pixeldrain:file:jW9E6s4h', ['https://pixeldrain.com/u/jW9E6s4h', 'https://pixeldrain.com/api/file/jW9E6s4h', 'https://pixeldrain.com/api/file/jW9E6s4h?download']],
      ['pixeldrain:list:zQ7XpWfM', ['https://pixeldrain.com/l/zQ7XpWfM', 'https://pixeldrain.com/api/list/zQ7XpWfM']],
      ['pixeldrain:filesystem:8xz8hcYJ', ['https://pixeldrain.com/d/8xz8hcYJ', 'https://pixeldrain.com/api/filesystem/8xz8hcYJ']],
    ],
    different: ['https://pixeldrain.com/l/zQ7XpWfM', 'https://pixeldrain.com/l/zQ7XpWfM#item=0'],
  },
  {
    platform: 'files-fm',
    source: 'Files.fm share links (files.fm/u/HASH upload, files.fm/f/HASH file)',
    same: [['files-fm:upload:nuyr2a9vs7', ['https://files.fm/u/nuyr2a9vs7', 'https://www.files.fm/u/nuyr2a9vs7/', 'http://files.fm/u/nuyr2a9vs7']]],
    different: ['https://files.fm/u/nuyr2a9vs7', 'https://files.fm/u/bsqk5nqhs2'],
  },
  {
    platform: 'discord',
    source: 'Discord developer docs (Invite resource); gallery-dl gallery_dl/extractor/discord.py',
    same: [
      ['discord:invite:gvbcCtdQrk', ['https://discord.gg/gvbcCtdQrk', 'https://discord.com/invite/gvbcCtdQrk', 'https://discordapp.com/invite/gvbcCtdQrk', 'https://www.discord.com/invite/gvbcCtdQrk']],
      ['discord:message:1306706528786583623/1306706528786583624', ['https://discord.com/channels/302094807046684672/1306706528786583623/1306706528786583624', 'https://discordapp.com/channels/302094807046684672/1306706528786583623/1306706528786583624']],
    ],
    // Invite codes are case-sensitive.
    different: ['https://discord.gg/gvbcCtdQrk', 'https://discord.gg/GVBCctdqrk'],
  },
  {
    platform: 'whatsapp',
    source: 'WhatsApp channel links (whatsapp.com/channel/ID) and group invites (chat.whatsapp.com/CODE)',
    same: [['whatsapp:channel:0029VaAbCdEfGhIjKlMnOp12', ['https://whatsapp.com/channel/0029VaAbCdEfGhIjKlMnOp12', 'https://www.whatsapp.com/channel/0029VaAbCdEfGhIjKlMnOp12']]],
    different: ['https://whatsapp.com/channel/0029VaAbCdEfGhIjKlMnOp12', 'https://whatsapp.com/channel/0029VaAbCdEfGhIjKlMnOp13'],
  },
  {
    platform: 'matrix',
    source: 'Matrix specification, appendices, matrix.to navigation',
    same: [
      ['matrix:room-alias:#somewhere:example.org', ['https://matrix.to/#/#somewhere:example.org', 'https://matrix.to/#/%23somewhere%3Aexample.org', 'https://matrix.to/#/#somewhere:example.org?via=example.org']],
      ['matrix:event:!somewhere:example.org/$event:example.org', ['https://matrix.to/#/!somewhere:example.org/$event:example.org?via=elsewhere.ca']],
    ],
    different: ['https://matrix.to/#/#somewhere:example.org', 'https://matrix.to/#/@alice:example.org'],
  },
  {
    platform: 'pastebin',
    source: 'Pastebin paste URLs (pastebin.com/ID, /raw/ID, /dl/ID, /embed/ID)',
    same: [['pastebin:paste:AbCd1234', ['https://pastebin.com/AbCd1234', 'https://pastebin.com/raw/AbCd1234', 'https://pastebin.com/dl/AbCd1234', 'https://pastebin.com/embed/AbCd1234']]],
    different: ['https://pastebin.com/AbCd1234', 'https://pastebin.com/AbCd1235'],
  },
  {
    platform: 'justpaste-it',
    source: 'JustPaste.it article URLs (justpaste.it/ID)',
    same: [['justpaste-it:article:abc12', ['https://justpaste.it/abc12', 'https://www.justpaste.it/abc12', 'http://justpaste.it/abc12?utm_source=x']]],
    different: ['https://justpaste.it/abc12', 'https://justpaste.it/abc13'],
  },
];

const groups = forms.flatMap(({ platform, same }) => same.map(([key, urls]) => ({ platform, key, urls })));

describe('platform URL forms: every form of one piece of content has one key', () => {
  it('covers at least 30 platforms and 120 URL forms, each platform with a source', () => {
    expect(new Set(forms.map((f) => f.platform)).size).toBeGreaterThanOrEqual(30);
    expect(groups.reduce((n, g) => n + g.urls.length, 0) + forms.length * 2).toBeGreaterThanOrEqual(120);
    for (const f of forms) expect(f.source.length, f.platform).toBeGreaterThan(10);
  });

  for (const { platform, key, urls } of groups) {
    it.each(urls)(`${key} <- %s`, (url) => {
      const value = ok(url);
      expect(value.contentKey).toBe(key);
      expect(value.platform).toBe(platform);
      // The canonical URL is a working URL of the same content.
      expect(ok(value.canonicalUrl).contentKey).toBe(key);
    });
  }
});

describe('platform URL forms: different content never shares a key', () => {
  it.each(forms.map((f) => [f.platform, ...f.different] as const))('%s: %s vs %s', (platform, a, b) => {
    const first = ok(a);
    const second = ok(b);
    expect(first.platform).toBe(platform);
    expect(first.contentKey).not.toBe(second.contentKey);
  });

  it('gives different platforms different keys for the same id', () => {
    const keys = ['https://gofile.io/d/k6BomI', 'https://pixeldrain.com/u/k6BomI', 'https://streamable.com/k6BomI', 'https://archive.ph/k6BomI'].map((url) => ok(url).contentKey);
    expect(new Set(keys).size).toBe(keys.length);
  });
});

describe('short links that need the network', () => {
  it.each([
    ['https://redd.it/AB', 'reddit'],
    ['https://v.redd.it/abc123def456', 'reddit'],
    ['https://www.reddit.com/r/videos/s/AbCdEf123', 'reddit'],
    ['https://fb.watch/abcDEF/', 'facebook'],
    ['https://vm.tiktok.com/ZMabc123/', 'tiktok'],
    ['https://dai.ly/Not-An-Id', 'dailymotion'],
    ['https://www.instagram.com/share/reel/BAHtkk9sD4/', 'instagram'],
    ['https://vk.cc/abcdef', 'vk'],
  ])('keeps %s as its own content, labelled as a short link', (url, platform) => {
    const value = ok(url);
    expect(value.platform).toBe(platform);
    expect(value.shortLink).toBe(true);
    expect(value.contentKey).toBe(value.canonicalUrl);
  });

  it('derives dai.ly links that carry the video id', () => {
    expect(ok('https://dai.ly/x94cnnk')).toMatchObject({ contentKey: 'dailymotion:video:x94cnnk' });
    expect(ok('https://dai.ly/x94cnnk').shortLink).toBeUndefined();
  });
});

describe('fragments', () => {
  it('keeps a single-page-app route and drops an in-page anchor', () => {
    expect(ok('https://forum.example.org/app/#/thread/42').contentKey).toBe('https://forum.example.org/app/#/thread/42');
    expect(ok('https://forum.example.org/app/#!/thread/42').rules).toContain('fragment-kept:app-route');
    expect(ok('https://forum.example.org/app/#/thread/42').contentKey).not.toBe(ok('https://forum.example.org/app/#/thread/43').contentKey);
    expect(ok('https://forum.example.org/app/#%2Fthread%2F42').contentKey).toBe('https://forum.example.org/app/#/thread/42');
    expect(ok('https://example.org/article#section-2').contentKey).toBe('https://example.org/article');
  });

  it('keeps the Telegram Web chat: one referral per channel, not one for the web app', () => {
    const channel = ok('https://web.telegram.org/k/#@SomeChannel');
    expect(channel.contentKey).toBe('telegram:channel:somechannel');
    expect(channel.canonicalUrl).toBe('https://t.me/somechannel');
    expect(ok('https://web.telegram.org/k/#@otherchannel').contentKey).not.toBe(channel.contentKey);
    // The web app itself, without a chat, is the web app.
    expect(ok('https://web.telegram.org/k/').contentKey).toBe('https://web.telegram.org/k/');
  });

  it('keeps a well-formed MEGA key in the canonical URL, not in the content key', () => {
    const file = ok('https://mega.nz/#!abcdEFGH!Zm9vYmFyYmF6cXV4cXV1eA');
    expect(file.canonicalUrl).toBe('https://mega.nz/file/abcdEFGH#Zm9vYmFyYmF6cXV4cXV1eA');
    expect(file.contentKey).toBe('mega:file:abcdEFGH');
    expect(file.rules).toContain('fragment-kept:content');
  });
});

describe('bad input', () => {
  it('drops an over-long fragment with a note and keeps the report', () => {
    const value = ok(`https://forum.example.org/app/#/${'a'.repeat(2000)}`);
    expect(value.contentKey).toBe('https://forum.example.org/app/');
    expect(value.rules).toContain('fragment-dropped:too-long');
    expect(value.notes).toEqual(['fragment dropped: longer than 1024 characters']);
    expect(ok(`https://mega.nz/file/abcdEFGH#${'k'.repeat(3000)}`)).toMatchObject({ contentKey: 'mega:file:abcdEFGH', canonicalUrl: 'https://mega.nz/file/abcdEFGH' });
  });

  it('drops a malformed fragment with a note', () => {
    const route = ok('https://forum.example.org/app/#/a%00b');
    expect(route.contentKey).toBe('https://forum.example.org/app/');
    expect(route.notes).toEqual(['fragment dropped: it holds control characters']);
    const mega = ok('https://mega.nz/file/abcdEFGH#not*a*key');
    expect(mega).toMatchObject({ contentKey: 'mega:file:abcdEFGH', canonicalUrl: 'https://mega.nz/file/abcdEFGH', notes: ['MEGA decryption key dropped: it is not a well-formed key'] });
  });

  it.each([
    ['https://vk.com/feed', 'vk'],
    ['https://www.reddit.com/r/videos/comments/NOT_AN_ID', 'reddit'],
    ['https://t.me/c/abc', 'telegram'],
    ['https://web.telegram.org/k/#@!!', 'telegram'],
    ['https://gofile.io/d/', 'gofile'],
    ['https://bsky.app/search?q=x', 'bluesky'],
    ['https://discord.com/channels/@me', 'discord'],
    ['https://www.dailymotion.com/video/not_an_id', 'dailymotion'],
    ['https://vimeo.com/watchlater', 'vimeo'],
    ['https://pixeldrain.com/u/', 'pixeldrain'],
  ])('keeps %s, which no rule matches, as its generic canonical URL', (url, platform) => {
    const value = ok(url);
    expect(value.platform).toBe(platform);
    expect(value.contentKey).toBe(value.canonicalUrl);
    expect(value.contentKey).toMatch(/^https:\/\//);
    expect(value.shortLink).toBeUndefined();
  });
});
