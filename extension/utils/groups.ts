/**
 * Designated entities the officer can pick from. A short, shipped list: the point is
 * consistent spelling across units, not completeness; the field also takes free text.
 */
export interface DesignatedGroup {
  name: string;
  aliases: readonly string[];
}

export const designatedGroups: readonly DesignatedGroup[] = [
  { name: 'ISIL/Daesh', aliases: ['ISIS', 'Islamic State', 'IS', 'Daesh'] },
  { name: 'al-Qaeda', aliases: ['al-Qaida', 'AQ', 'AQAP', 'AQIM'] },
  { name: 'al-Shabaab', aliases: ['Harakat al-Shabaab al-Mujahideen'] },
  { name: 'Boko Haram', aliases: ['JAS', "Jama'atu Ahlis Sunna Lidda'awati wal-Jihad"] },
  { name: 'ISWAP', aliases: ['Islamic State West Africa Province'] },
  { name: 'HTS', aliases: ['Hayat Tahrir al-Sham', 'Jabhat al-Nusra'] },
  { name: 'Hamas', aliases: ['Izz ad-Din al-Qassam Brigades'] },
  { name: 'Hezbollah', aliases: ['Hizballah', 'Hizbullah'] },
  { name: 'PKK', aliases: ["Kurdistan Workers' Party"] },
  { name: 'Atomwaffen Division', aliases: ['AWD', 'National Socialist Order'] },
  { name: 'The Base', aliases: [] },
  { name: 'Nordic Resistance Movement', aliases: ['NRM', 'Nordiska motståndsrörelsen'] },
  { name: 'Terrorgram Collective', aliases: ['Terrorgram'] },
];

const fold = (value: string): string => value.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9]/g, '');

/** Groups whose name or an alias contains the query, ignoring case, accents and punctuation. */
export const searchGroups = (query: string, groups: readonly DesignatedGroup[] = designatedGroups): DesignatedGroup[] => {
  const needle = fold(query);
  if (needle === '') return [...groups];
  return groups.filter((group) => [group.name, ...group.aliases].some((label) => fold(label).includes(needle)));
};
