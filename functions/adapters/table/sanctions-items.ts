import * as z from 'zod';

/** `SANCTIONS#<list>` / `VERSION#<publishedOn>`: one imported version of a sanctions list. */
export const sanctionsListVersionItem = z.object({
  pk: z.string(),
  sk: z.string(),
  entity: z.literal('sanctions-list-version'),
  list: z.enum(['ofac-sdn', 'eu-fsf']),
  format: z.string(),
  publishedOn: z.string(),
  entryCount: z.number().int().min(0),
  financialEntryCount: z.number().int().min(0),
  identifierCount: z.number().int().min(0),
  importedAt: z.string(),
});
export type SanctionsListVersionItem = z.infer<typeof sanctionsListVersionItem>;

/** `SANCTIONED#<type>#<value>` / `<list>#<publishedOn>#<entryId>`: a list entry naming a wallet or IBAN. */
export const sanctionedIdentifierItem = z.object({
  pk: z.string(),
  sk: z.string(),
  entity: z.literal('sanctioned-identifier'),
  type: z.string(),
  value: z.string(),
  list: z.enum(['ofac-sdn', 'eu-fsf']),
  publishedOn: z.string(),
  entryId: z.string(),
  entryName: z.string(),
  programs: z.array(z.string()),
  listedAs: z.string(),
});
export type SanctionedIdentifierItem = z.infer<typeof sanctionedIdentifierItem>;
