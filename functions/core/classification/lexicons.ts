import type { Category } from '../../contract/report';

/**
 * Multilingual word lists behind the category suggestions and the imminence rule.
 * Kept short and factual: every entry must be defensible when a referral is challenged.
 *
 * - 'strong' entries are specific enough to suggest their category alone (TATP,
 *   "martyrdom operation", a designated group's media brand).
 * - 'weak' entries are ordinary words (donate, zakat, recipe, attack) that suggest a
 *   category only together with a second, different weak entry of the same category.
 *   Religious vocabulary (zakat, hijra, bay'ah, nasheed) is never strong by itself.
 *
 * Terms are written naturally; matching folds case, diacritics, hyphens and Arabic
 * harakat, hamza seats and tatweel (text-matching.ts), so "al-Qaïda" = "al qaida".
 */

export type LexiconCategory = Exclude<Category, 'other'>;
export type Strength = 'strong' | 'weak';

export interface LexiconEntry {
  category: LexiconCategory;
  strength: Strength;
  /** ISO 639-1 code of the language the term belongs to. */
  lang: string;
  term: string;
}

function entries(category: LexiconCategory, strength: Strength, byLang: Record<string, readonly string[]>): LexiconEntry[] {
  return Object.entries(byLang).flatMap(([lang, terms]) => terms.map((term) => ({ category, strength, lang, term })));
}

/** Words of violence and targeting; also used by the imminence rule (near a time marker). */
export const attackTerms: Record<string, readonly string[]> = {
  en: ['attack', 'attacks', 'bomb', 'bombing', 'kill', 'kill them', 'stab', 'stabbing', 'shoot', 'shooting', 'massacre', 'slaughter', 'run them over', 'detonate', 'target', 'targets'],
  fr: ['attaque', 'attentat', 'tuer', 'tuez', 'égorger', 'fusillade', 'cible', 'cibles'],
  de: ['anschlag', 'angriff', 'töten', 'tötet', 'erstechen', 'erschießen', 'ziel', 'ziele'],
  ar: ['هجوم', 'تفجير', 'اقتل', 'اقتلوا', 'اذبحوا', 'ذبح', 'اغتيال', 'استهداف', 'هدف'],
  es: ['atentado', 'ataque', 'matar', 'objetivo'],
  it: ['attentato', 'attacco', 'uccidere', 'obiettivo'],
  nl: ['aanslag', 'aanval', 'doden', 'doelwit'],
  ru: ['теракт', 'нападение', 'взрыв', 'убить', 'цель'],
  tr: ['saldırı', 'öldürün', 'hedef'],
};

export const categoryLexicon: readonly LexiconEntry[] = [
  // Art. 2(7)(c) Regulation (EU) 2021/784: soliciting participation, funding included.
  ...entries('fundraising', 'strong', {
    en: ['support the mujahideen', 'support the mujahidin', 'fund the mujahideen', 'equip a mujahid', 'equip the mujahideen', 'donate to the mujahideen', 'fund the jihad'],
    fr: ['soutenir les moudjahidines', 'financer le jihad', 'financer le djihad'],
    de: ['spenden für die mudschahidin', 'unterstützt die mudschahidin'],
    ar: ['تجهيز غازي', 'جهزوا غازيا', 'دعم المجاهدين', 'نصرة المجاهدين', 'الجهاد بالمال'],
    es: ['apoyar a los muyahidines'],
    ru: ['помощь моджахедам'],
  }),
  ...entries('fundraising', 'weak', {
    en: ['donate', 'donation', 'donations', 'zakat', 'sadaqah', 'sadaqa', 'send funds'],
    fr: ['faire un don', 'dons', 'faites un don'],
    de: ['spenden', 'spende', 'spendet'],
    ar: ['تبرع', 'تبرعوا', 'التبرع', 'زكاة', 'صدقة'],
    es: ['donar', 'donaciones'],
    it: ['donare', 'donazioni'],
    nl: ['doneren', 'doneer'],
    ru: ['пожертвование', 'пожертвовать'],
    tr: ['bağış'],
  }),
  // Art. 2(7)(b), (c): soliciting others to commit offences or join a terrorist group.
  ...entries('recruitment', 'strong', {
    en: ['join the caliphate', 'join the mujahideen', 'join the ranks of the mujahideen', 'make hijra to the land', 'pledge allegiance to the caliph', "give bay'ah to", 'join the islamic state'],
    fr: ['rejoignez les rangs', 'rejoindre le califat', 'rejoignez le califat', 'faites la hijra'],
    de: ['schließt euch den mudschahidin an', 'schließt euch dem kalifat an'],
    ar: ['الهجرة إلى أرض الخلافة', 'انضموا إلى صفوف المجاهدين', 'انفروا إلى أرض الجهاد'],
    es: ['únete al califato'],
    ru: ['присоединяйтесь к моджахедам'],
  }),
  ...entries('recruitment', 'weak', {
    en: ['join us', 'hijra', 'hijrah', 'emigrate', "bay'ah", 'bayah', 'recruit'],
    fr: ['rejoignez', 'rejoignez-nous', 'hijra'],
    de: ['schließt euch an', 'hidschra'],
    ar: ['انضموا', 'هاجروا', 'الهجرة', 'بيعة', 'بايعوا', 'انفروا'],
    es: ['únete', 'uníos'],
    it: ['unisciti', 'unitevi'],
    nl: ['sluit je aan'],
    ru: ['присоединяйтесь', 'хиджра'],
    tr: ['katılın', 'hicret'],
  }),
  // Weapon acquisition, target lists, attack types named by their perpetrators.
  ...entries('attack_planning', 'strong', {
    en: ['martyrdom operation', 'acquire weapons', 'untraceable gun', 'untraceable weapon', 'target list', 'kill list', 'hit list'],
    fr: ['opération martyre', 'liste de cibles', 'se procurer des armes'],
    de: ['todesliste', 'waffen besorgen', 'märtyreroperation'],
    ar: ['عملية استشهادية', 'عملية انغماسية'],
  }),
  ...entries('attack_planning', 'weak', attackTerms),
  // Art. 2(7)(d): instruction on making or using explosives, firearms or other weapons.
  ...entries('instructional', 'strong', {
    en: ['tatp', 'hmtd', 'acetone peroxide', 'pipe bomb', 'pressure cooker bomb', 'how to make a bomb', 'bomb making', 'bomb-making', '3d printed gun', '3d-printed gun', '3d printed firearm', 'fgc-9', 'suicide vest'],
    fr: ['fabriquer une bombe', 'ceinture explosive', 'arme imprimée en 3d'],
    de: ['bombenbau', 'rohrbombe', 'sprengstoffgürtel', 'sprengstoffweste'],
    ar: ['صناعة المتفجرات', 'تصنيع المتفجرات', 'حزام ناسف', 'عبوة ناسفة'],
    es: ['fabricar una bomba', 'cinturón explosivo'],
    it: ['fabbricare una bomba'],
    nl: ['een bom maken'],
    ru: ['как сделать бомбу', 'самодельное взрывное устройство'],
    tr: ['bomba yapımı'],
  }),
  ...entries('instructional', 'weak', {
    en: ['how to make', 'recipe', 'manual', 'explosive', 'explosives', 'step by step', 'tutorial', 'detonator', 'ghost gun'],
    fr: ['comment fabriquer', 'recette', 'manuel', 'explosif', 'explosifs', 'tutoriel'],
    de: ['anleitung', 'sprengstoff', 'schritt für schritt', 'zünder'],
    ar: ['طريقة صنع', 'متفجرات', 'صاعق'],
    es: ['cómo hacer', 'explosivo', 'explosivos'],
    it: ['come fare', 'esplosivo', 'esplosivi', 'manuale'],
    nl: ['hoe maak je', 'explosief', 'explosieven', 'handleiding'],
    ru: ['инструкция', 'взрывчатка'],
    tr: ['nasıl yapılır', 'patlayıcı'],
  }),
  // Art. 2(7)(a): glorification and official output; media brands of designated groups.
  ...entries('propaganda', 'strong', {
    en: ['amaq', 'amaq news agency', 'al-hayat media center', 'al-hayat media centre', 'al-furqan media', 'al-naba', 'as-sahab', 'dabiq', 'rumiyah', 'inspire magazine'],
    ar: ['وكالة أعماق', 'مؤسسة الفرقان', 'صحيفة النبأ', 'مؤسسة السحاب', 'مركز الحياة للإعلام'],
  }),
  ...entries('propaganda', 'weak', {
    en: ['nasheed', 'nasheeds', 'official release', 'new release', 'wilayat', 'wilayah', 'manifesto'],
    fr: ['nachid', 'anachid', 'communiqué officiel', 'manifeste'],
    de: ['naschid', 'offizielle veröffentlichung', 'manifest'],
    ar: ['نشيد', 'أنشودة', 'إصدار جديد', 'ولاية'],
    ru: ['нашид'],
  }),
];

/** Words placing an act in the near future; near an attack term they mark imminence. */
export const imminenceMarkers: Record<string, readonly string[]> = {
  en: [
    'tomorrow', 'tonight', 'today at', 'this evening', 'this morning', 'this weekend', 'in an hour', 'in one hour', 'in two hours',
    'at dawn', 'at noon', 'at midnight',
    ...['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'].flatMap((day) => [`this ${day}`, `next ${day}`, `on ${day}`]),
  ],
  fr: [
    'demain', 'ce soir', 'cette nuit', "aujourd'hui à", 'ce week-end', 'dans une heure',
    ...['lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi', 'dimanche'].map((day) => `ce ${day}`),
  ],
  de: [
    'morgen', 'heute abend', 'heute nacht', 'heute um', 'dieses wochenende', 'in einer stunde',
    ...['montag', 'dienstag', 'mittwoch', 'donnerstag', 'freitag', 'samstag', 'sonntag'].flatMap((day) => [`diesen ${day}`, `am ${day}`]),
  ],
  ar: ['غدا', 'الليلة', 'هذه الليلة', 'بعد ساعة', 'يوم الجمعة', 'فجر الغد'],
  es: ['mañana', 'esta noche', 'este viernes', 'este fin de semana'],
  it: ['domani', 'stasera', 'questa notte', 'venerdì prossimo'],
  nl: ['morgen', 'vanavond', 'vannacht', 'deze vrijdag'],
  ru: ['завтра', 'сегодня вечером', 'сегодня ночью', 'в эту пятницу'],
  tr: ['yarın', 'bu gece', 'bu akşam', 'bu cuma'],
};

/**
 * Clock times and numeric dates, on folded text (hyphens are spaces, digits ASCII):
 * 17:00, 5pm, 18 uhr, 18h30, 12/05, 12.05.2025.
 */
export const timeOrDatePattern =
  /(?<![\p{L}\p{N}])(?:\d{1,2}:\d{2}|\d{1,2} ?(?:am|pm|uhr)|\d{1,2}h(?:\d{2})?|\d{1,2}[./]\d{1,2}(?:[./]\d{2,4})?)(?![\p{L}\p{N}])/gu;
