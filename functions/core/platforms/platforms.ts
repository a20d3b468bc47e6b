import { getDomain } from 'tldts';
import * as z from 'zod';
import { builtInMatcherNames } from '../canonical-url/platform-items';
import { compileUrlRule, undefinedPlaceholders, type CompiledUrlRule } from '../canonical-url/url-rules';
import defaultRegistryFile from './default-platforms.json';

/**
 * How referrals reach a platform: `webhook` where the platform runs an API intake for
 * trusted flaggers (DSA Art. 22), `manual` where a liaison officer files them by hand.
 */
export const referralChannel = z.enum(['webhook', 'manual']);
export type ReferralChannel = z.infer<typeof referralChannel>;

const hostName = z
  .string()
  .regex(/^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,62}$/, 'a lowercase host name such as example.com');

const pattern = z
  .string()
  .min(2)
  .max(1000)
  .refine((value) => value.startsWith('^') && value.endsWith('$'), 'a pattern is anchored: it starts with ^ and ends with $')
  .refine((value) => {
    try {
      new RegExp(value);
      return true;
    } catch {
      return false;
    }
  }, 'not a valid regular expression');

const urlRuleSpec = z
  .strictObject({
    name: z.string().regex(/^[a-z][a-z0-9-]{0,39}$/),
    hosts: z.array(hostName).min(1).optional(),
    path: pattern,
    query: z.record(z.string().min(1).max(100), pattern).optional(),
    fragment: pattern.optional(),
    key: z.string().min(1).max(200),
    canonicalUrl: z.string().startsWith('https://').max(500),
    lowercase: z.array(z.string()).optional(),
    unresolved: z.boolean().optional(),
    source: z.string().min(3).max(500),
  })
  .superRefine((rule, ctx) => {
    for (const name of undefinedPlaceholders(rule)) ctx.addIssue({ code: 'custom', message: `{${name}} is not a named group of the rule's patterns` });
  });

const memberState = z.string().regex(/^[A-Z]{2}$/, 'an ISO 3166-1 alpha-2 code');

/**
 * Who receives removal orders (Regulation (EU) 2021/784). `null` means not yet recorded:
 * the unit confirms it from the provider's published notice before relying on it.
 */
const tcoContacts = z.strictObject({
  /** Art. 16: the Member State of the main establishment has jurisdiction over the provider. */
  establishment: z.strictObject({ entity: z.string().min(1).max(200), memberState, source: z.string().min(3).max(500) }).nullable(),
  /** Art. 15(1): the contact point for removal orders, reachable by electronic means. */
  contactPoint: z.strictObject({ email: z.email().optional(), url: z.url().optional(), source: z.string().min(3).max(500) }).nullable(),
  /** Art. 17: the legal representative in the Union of a provider established outside it. */
  legalRepresentative: z
    .strictObject({ entity: z.string().min(1).max(200), memberState, email: z.email().optional(), source: z.string().min(3).max(500) })
    .nullable(),
});
export type TcoContacts = z.infer<typeof tcoContacts>;

export const platformEntry = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/),
  name: z.string().min(1).max(100),
  /** Registrable domains and service hosts; a host matches a domain or any subdomain of it. */
  domains: z.array(hostName).min(1).max(50),
  channel: referralChannel,
  /**
   * Internal follow-up target for a voluntary referral. Referrals have no legal deadline;
   * removal orders do (Regulation (EU) 2021/784 Art. 3(3): one hour), set per order elsewhere.
   */
  referralDeadlineHours: z.number().int().positive().max(24 * 90),
  tco: tcoContacts,
  /** The built-in URL forms of a platform whose rules need code (see canonical-url/platform-items.ts). */
  urlMatcher: z.enum(builtInMatcherNames).optional(),
  /** URL forms as data, tried before the built-in matcher: what a deployment adds without code. */
  urlRules: z.array(urlRuleSpec).max(50).optional(),
});
export type Platform = z.infer<typeof platformEntry>;

/** A registry file: the default (default-platforms.json), or a deployment's, which extends it by default. */
export const platformRegistryFile = z.strictObject({
  $comment: z.string().optional(),
  /** true: entries replace the default's of the same id and add new ones; false: the file is the whole registry. */
  extendsDefault: z.boolean().default(true),
  platforms: z.array(platformEntry).min(1).max(500),
});

export type PlatformId = string;

export interface PlatformRegistry {
  platforms: readonly Platform[];
  byId: ReadonlyMap<string, Platform>;
  byDomain: ReadonlyMap<string, string>;
  rules: ReadonlyMap<string, readonly CompiledUrlRule[]>;
}

type PlatformRegistryResult = { ok: true; registry: PlatformRegistry } | { ok: false; issues: string[] };

const buildRegistry = (platforms: readonly Platform[]): PlatformRegistryResult => {
  const issues: string[] = [];
  const byId = new Map<string, Platform>();
  const byDomain = new Map<string, string>();
  const rules = new Map<string, readonly CompiledUrlRule[]>();
  for (const platform of platforms) {
    if (byId.has(platform.id)) issues.push(`platform ${platform.id} is listed twice`);
    byId.set(platform.id, platform);
    for (const domain of platform.domains) {
      const owner = byDomain.get(domain);
      if (owner !== undefined) issues.push(`domain ${domain} is listed for both ${owner} and ${platform.id}`);
      byDomain.set(domain, platform.id);
    }
    rules.set(platform.id, (platform.urlRules ?? []).map(compileUrlRule));
  }
  return issues.length > 0 ? { ok: false, issues } : { ok: true, registry: { platforms, byId, byDomain, rules } };
};

const zodIssues = (error: z.ZodError): string[] => error.issues.map((issue) => `${issue.path.join('.') || '(file)'}: ${issue.message}`);

const defaultPlatforms = ((): readonly Platform[] => {
  const parsed = platformRegistryFile.safeParse(defaultRegistryFile);
  // The default file ships with the code and a unit test parses it: failing here is a build defect.
  if (!parsed.success) throw new Error(`default-platforms.json is invalid: ${zodIssues(parsed.error).join('; ')}`);
  return parsed.data.platforms;
})();

/**
 * Reads a registry file's parsed JSON: validated, merged over the default unless it says
 * `"extendsDefault": false`, each domain owned by one platform. Errors are values.
 */
export const parsePlatformRegistry = (json: unknown): PlatformRegistryResult => {
  const parsed = platformRegistryFile.safeParse(json);
  if (!parsed.success) return { ok: false, issues: zodIssues(parsed.error) };
  const own = new Map(parsed.data.platforms.map((platform) => [platform.id, platform]));
  const merged = parsed.data.extendsDefault
    ? [...defaultPlatforms.map((platform) => own.get(platform.id) ?? platform), ...parsed.data.platforms.filter((platform) => !defaultPlatforms.some((d) => d.id === platform.id))]
    : parsed.data.platforms;
  return buildRegistry(merged);
};

const defaultRegistry = ((): PlatformRegistry => {
  const built = buildRegistry(defaultPlatforms);
  if (!built.ok) throw new Error(`default-platforms.json is invalid: ${built.issues.join('; ')}`);
  return built.registry;
})();

let active: PlatformRegistry = defaultRegistry;

/** Makes `registry` the one every lookup uses: called once at start (see adapters/platform-registry-file.ts). */
export const usePlatformRegistry = (registry: PlatformRegistry): void => {
  active = registry;
};

/** Back to the default registry (tests). */
export const useDefaultPlatformRegistry = (): void => {
  active = defaultRegistry;
};

export const allPlatforms = (): readonly Platform[] => active.platforms;

export const isPlatformId = (value: string): value is PlatformId => active.byId.has(value);

export const platformById = (id: PlatformId): Platform => {
  const found = active.byId.get(id);
  // Callers check isPlatformId first; an unknown id here is a programming error.
  if (found === undefined) throw new Error(`unknown platform ${id}`);
  return found;
};

/** The data URL rules of a platform (empty for unknown ids). */
export const platformUrlRules = (id: string): readonly CompiledUrlRule[] => active.rules.get(id) ?? [];

export interface PlatformMatch {
  /** A registry id, or for unlisted sites the registrable domain (or the bare host for IPs). */
  platform: string;
  rule: 'registry' | 'registrable-domain' | 'host';
  evidence: string;
}

/**
 * Which platform hosts content on `host`. Registry domains win, matching the host or its
 * nearest listed parent (so drive.google.com is Google Drive while google.com is not a
 * registry platform); otherwise the registrable domain under the public suffix list.
 */
export const detectPlatform = (rawHost: string): PlatformMatch => {
  let host = rawHost.toLowerCase();
  if (host.endsWith('.')) host = host.slice(0, -1);
  let candidate = host;
  for (;;) {
    const id = active.byDomain.get(candidate);
    if (id !== undefined) {
      return {
        platform: id,
        rule: 'registry',
        evidence: candidate === host ? `${host} is listed for ${id}` : `${host} is under ${candidate}, listed for ${id}`,
      };
    }
    const dot = candidate.indexOf('.');
    if (dot === -1) break;
    candidate = candidate.slice(dot + 1);
  }
  const domain = getDomain(host, { validateHostname: false });
  if (domain !== null && domain !== '') {
    return { platform: domain, rule: 'registrable-domain', evidence: `${host} has registrable domain ${domain} (public suffix list)` };
  }
  return { platform: host, rule: 'host', evidence: `${host} has no registrable domain (IP address or public suffix)` };
};
