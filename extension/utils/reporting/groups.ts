import { designatedGroupsFile, findGroup } from '../shared-rules';

/**
 * A designated group as the popup offers it. The list is the server's own
 * (functions/core/classification/designated-groups.json), so a picked suggestion is a
 * spelling the classifier resolves to that group, never `group: unresolved`.
 */
export interface DesignatedGroup {
  id: string;
  /** The spelling the field is filled with: the list's name for the group. */
  name: string;
  /** Other names shown next to it, so an officer recognises the group under the name they know. */
  aliases: readonly string[];
}

/** Enough alternative names to recognise a group without turning the picker into the alias list. */
const shownAliases = 4;

/** A group as listed in the file: an alias without `match` is matched 'normalized' (the schema's default). */
interface ListedGroup {
  id: string;
  name: string;
  aliases: readonly { alias: string; match?: string }[];
}

const toSuggestion = (group: ListedGroup): DesignatedGroup => ({
  id: group.id,
  name: group.name,
  aliases: group.aliases
    .filter((alias) => alias.match !== 'tag-only' && alias.alias !== group.name)
    .slice(0, shownAliases)
    .map((alias) => alias.alias),
});

export const designatedGroups: readonly DesignatedGroup[] = designatedGroupsFile.groups.map(toSuggestion);

/** Groups by id, name or alias, best match first, with the server's matching (case, accents, spaces, apostrophes). */
export const searchGroups = (query: string): DesignatedGroup[] => {
  if (query.trim() === '') return [...designatedGroups];
  return findGroup(query).map((result) => toSuggestion(result.group));
};
