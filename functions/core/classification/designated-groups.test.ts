import { describe, expect, it } from 'vitest';
import designatedGroupsFile from './designated-groups.json' with { type: 'json' };
import { attributeGroups, designatedGroups, designatedGroupsData, findGroup, groupKey } from './designated-groups';
import { scanField } from './text-matching';

const inText = (text: string): string[] => attributeGroups(undefined, [scanField('selectedText', text)]).groups;

describe('designated-groups.json', () => {
  it('parses against its schema', () => {
    expect(designatedGroupsData.safeParse(designatedGroupsFile).success).toBe(true);
  });

  it('rejects a group with neither a confirmed designation nor a source check', () => {
    const broken = structuredClone(designatedGroupsFile) as { groups: { designations: unknown[]; sourceCheck?: string }[] };
    broken.groups[0]!.designations = [];
    delete broken.groups[0]!.sourceCheck;
    expect(designatedGroupsData.safeParse(broken).success).toBe(false);
  });

  it('covers the groups the referral units ask for', () => {
    const ids = designatedGroups.map((group) => group.id);
    for (const id of ['isil', 'al-qaida', 'aqap', 'aqim', 'al-shabaab', 'boko-haram', 'iswap', 'hts', 'hamas', 'hezbollah', 'pkk',
      'atomwaffen-division', 'the-base', 'sonnenkrieg-division', 'nordic-resistance-movement', 'feuerkrieg-division',
      'russian-imperial-movement', 'terrorgram-collective']) {
      expect(ids).toContain(id);
    }
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('never gives two groups the same typed name, so an officer tag resolves to one group', () => {
    const owner = new Map<string, string>();
    for (const group of designatedGroups) {
      for (const name of [group.id, group.name, ...group.aliases.map((alias) => alias.alias)]) {
        const key = groupKey(name);
        expect(owner.get(key) ?? group.id, `"${name}" is claimed by ${owner.get(key)} and ${group.id}`).toBe(group.id);
        owner.set(key, group.id);
      }
    }
  });

  it('records EU listing of Hamas and of the Hezbollah military wing', () => {
    const lists = (id: string) => designatedGroups.find((group) => group.id === id)?.designations.map((d) => d.list);
    expect(lists('hamas')).toContain('EU-CP-931');
    expect(designatedGroups.find((group) => group.id === 'hezbollah')?.designations).toContainEqual({
      list: 'EU-CP-931',
      note: 'military wing only',
    });
  });
});

describe('findGroup', () => {
  it('ranks exact, then prefix, then substring, one result per group', () => {
    const results = findGroup('al-qa');
    expect(results.map((result) => [result.group.id, result.rank])).toEqual([
      ['al-qaida', 1],
      ['aqap', 1],
      ['aqim', 1],
      ['hamas', 1],
    ]);
    expect(findGroup('DAESH')).toMatchObject([{ group: { id: 'isil' }, rank: 0 }]);
    expect(findGroup('krieg').map((result) => result.group.id)).toEqual(['sonnenkrieg-division', 'feuerkrieg-division']);
  });

  it('ignores case, diacritics, spaces and apostrophes', () => {
    expect(findGroup('Al Qa’ida')[0]).toMatchObject({ group: { id: 'al-qaida' }, rank: 0 });
    expect(findGroup('hayat tahrir alsham')[0]).toMatchObject({ group: { id: 'hts' }, rank: 0 });
  });

  it('returns nothing for an empty query', () => {
    expect(findGroup('  ')).toEqual([]);
  });
});

describe('attributeGroups: officer tag', () => {
  it.each([
    ['Daesh', 'isil'],
    ['ISIS', 'isil'],
    ['IS', 'isil'],
    ['الدولة الإسلامية', 'isil'],
    ['al-qaïda', 'al-qaida'],
    ['القاعدة', 'al-qaida'],
    ['الشباب', 'al-shabaab'],
    ['atomwaffen division', 'atomwaffen-division'],
    ['the-base', 'the-base'],
  ])('resolves %s to %s with rule officer-tag', (tag, id) => {
    const { groups, labels } = attributeGroups(tag, []);
    expect(groups).toEqual([id]);
    expect(labels[0]).toMatchObject({ name: 'group', value: id, rule: 'officer-tag' });
    expect(labels[0]!.evidence[0]).toBe(`officer group field: "${tag}"`);
    expect(labels[0]!.evidence.at(-1)).toMatch(/^designations: /);
  });

  it.each(['ISIL/Daesh', 'al-Qaeda', 'al-Shabaab', 'Boko Haram', 'ISWAP', 'HTS', 'Hamas', 'Hezbollah', 'PKK', 'Atomwaffen Division',
    'The Base', 'Nordic Resistance Movement', 'Terrorgram Collective'])(
    'resolves %s, a spelling earlier versions of the extension offered, so stored reports keep their group',
    (tag) => {
      expect(attributeGroups(tag, []).labels).toMatchObject([{ rule: 'officer-tag' }]);
    },
  );

  it('keeps an unknown tag visible as unresolved without attributing a group', () => {
    const { groups, labels } = attributeGroups('Some local gang', []);
    expect(groups).toEqual([]);
    expect(labels).toMatchObject([{ value: 'unresolved', rule: 'officer-tag-unmatched' }]);
  });

  it('reports an officer tag and a text alias of the same group under both rules, once in groups', () => {
    const { groups, labels } = attributeGroups('ISIS', [scanField('title', 'New Daesh video')]);
    expect(groups).toEqual(['isil']);
    expect(labels.map((label) => label.rule)).toEqual(['officer-tag', 'alias-in-text']);
  });
});

describe('attributeGroups: alias in text', () => {
  it('does not read the English word "is" as Islamic State', () => {
    expect(inText('This is what it is. Is it? IS it?')).toEqual([]);
    expect(inText('THIS IS WAR AND IS CLAIMED BY NO ONE')).toEqual([]);
  });

  it('reads upper-case IS next to a militant-group word', () => {
    expect(inText('Video shows IS fighters near Raqqa')).toEqual(['isil']);
    expect(inText('the so-called IS claimed it')).toEqual(['isil']);
    expect(inText('Die IS-Miliz hat sich bekannt')).toEqual(['isil']);
    expect(inText("L'EI revendique l'attaque")).toEqual(['isil']);
  });

  it('needs the capitalised name for "Islamic State", which is also a political concept', () => {
    expect(inText('they want to establish an islamic state')).toEqual([]);
    expect(inText('a message from the Islamic State')).toEqual(['isil']);
  });

  it('matches long forms in several scripts, with Arabic proclitics and without harakat', () => {
    expect(inText('بيان وداعش')).toEqual(['isil']);
    expect(inText('بيان للدولة الإسلامية')).toEqual(['isil']);
    expect(inText('ИГИЛ')).toEqual(['isil']);
    expect(inText('Kürdistan İşçi Partisi')).toEqual(['pkk']);
    expect(inText('Amaq reports')).toEqual(['isil']);
  });

  it('does not read القاعدة ("the base", "the rule") as al-Qaida without تنظيم', () => {
    expect(inText('القاعدة الأساسية في اللغة')).toEqual([]);
    expect(inText('بيان تنظيم القاعدة')).toEqual(['al-qaida']);
  });

  it('does not read بحماس ("with enthusiasm") as Hamas', () => {
    expect(inText('عمل بحماس كبير')).toEqual([]);
    expect(inText('بيان حماس')).toEqual(['hamas']);
  });

  it('reads "The Base" only with context', () => {
    expect(inText('The Base of the tower')).toEqual([]);
    expect(inText('at the base camp')).toEqual([]);
    expect(inText('He joined The Base in 2019')).toEqual(['the-base']);
  });

  it('prefers the longest alias: AQAP, not al-Qaida', () => {
    expect(inText('al-Qaeda in the Arabian Peninsula released')).toEqual(['aqap']);
  });

  it('quotes the original text and the designations as evidence', () => {
    const { labels } = attributeGroups(undefined, [scanField('title', 'Neues Video von Daesh aufgetaucht')]);
    expect(labels).toEqual([
      {
        name: 'group',
        value: 'isil',
        rule: 'alias-in-text',
        evidence: [
          'alias "Daesh" at title@16: "Neues Video von Daesh aufgetaucht"',
          'designations: UN-1267 (listed as Al-Qaida in Iraq; applied in the EU through Regulation (EC) No 881/2002); US-FTO; UK-proscribed',
        ],
      },
    ]);
  });

  it('says when the text was cut before scanning', () => {
    const { labels } = attributeGroups(undefined, [scanField('selectedText', 'Daesh '.padEnd(300_000, 'x'))]);
    expect(labels[0]!.rule).toMatch(/^alias-in-text \(scanned first 200000 characters of selectedText: 300000\)$/);
  });
});
