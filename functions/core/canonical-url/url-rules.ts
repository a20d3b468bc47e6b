/**
 * URL rules as data: a platform listed in a registry file (platforms.ts) names its content
 * with anchored regular expressions over the canonical path (and optionally query
 * parameters and the fragment), so a deployment can add a file host without code.
 */

import type { ItemInput, PlatformItem } from './platform-item';
import { escapeBytes } from './safe-browsing';

export interface UrlRuleSpec {
  /** Kind of content the rule names (`file`, `video`): the key is `<platform>:<name>:<key>`. */
  name: string;
  /** Canonical hosts the rule applies to; all of the platform's hosts when omitted. */
  hosts?: readonly string[] | undefined;
  /** Anchored pattern over `/` + the canonical path segments (unescaped, no trailing slash), with named groups. */
  path: string;
  /** Query parameters that must be present, each with a pattern over its value; named groups add to the path's. */
  query?: Readonly<Record<string, string>> | undefined;
  /** Pattern over the fragment (without `#`), for forms that name content there. */
  fragment?: string | undefined;
  /** Key template over the named groups, e.g. `{id}`. */
  key: string;
  /** The platform's URL for the content, same placeholders. */
  canonicalUrl: string;
  /** Groups compared case-insensitively (user names): lowercased in key and URL. */
  lowercase?: readonly string[] | undefined;
  /** A short link only the platform can resolve: kept as its own content, labelled. */
  unresolved?: boolean | undefined;
  /** Where the form is documented (an extractor's pattern, a help page): rules cite their source. */
  source: string;
}

export interface CompiledUrlRule {
  name: string;
  hosts: ReadonlySet<string> | null;
  path: RegExp;
  query: readonly (readonly [string, RegExp])[];
  fragment: RegExp | null;
  key: string;
  canonicalUrl: string;
  lowercase: ReadonlySet<string>;
  unresolved: boolean;
}

const placeholder = /\{([A-Za-z][A-Za-z0-9]*)\}/g;

/** Placeholders of a template that no pattern of the rule defines, for validation. */
export const undefinedPlaceholders = (spec: UrlRuleSpec): string[] => {
  const groups = new Set<string>();
  for (const pattern of [spec.path, spec.fragment ?? '', ...Object.values(spec.query ?? {})]) {
    for (const match of pattern.matchAll(/\(\?<([A-Za-z][A-Za-z0-9]*)>/g)) groups.add(match[1] as string);
  }
  const missing: string[] = [];
  for (const template of [spec.key, spec.canonicalUrl]) {
    for (const match of template.matchAll(placeholder)) if (!groups.has(match[1] as string)) missing.push(match[1] as string);
  }
  return missing;
};

/** Compiles a rule; throws on an invalid pattern (the registry schema reports it). */
export const compileUrlRule = (spec: UrlRuleSpec): CompiledUrlRule => ({
  name: spec.name,
  hosts: spec.hosts === undefined ? null : new Set(spec.hosts),
  path: new RegExp(spec.path),
  query: Object.entries(spec.query ?? {}).map(([key, pattern]) => [key, new RegExp(pattern)] as const),
  fragment: spec.fragment === undefined ? null : new RegExp(spec.fragment),
  key: spec.key,
  canonicalUrl: spec.canonicalUrl,
  lowercase: new Set(spec.lowercase ?? []),
  unresolved: spec.unresolved === true,
});

const render = (template: string, groups: Readonly<Record<string, string | undefined>>, escape: boolean): string =>
  template.replace(placeholder, (_, name: string) => {
    const value = groups[name] ?? '';
    return escape ? escapeBytes(value, '?&=+\\') : value;
  });

/** The first rule of `rules` that names the content of `input`, or null. */
export const matchUrlRules = (platform: string, rules: readonly CompiledUrlRule[], input: ItemInput): PlatformItem | null => {
  if (rules.length === 0) return null;
  const path = '/' + input.segments.join('/');
  for (const rule of rules) {
    if (rule.hosts !== null && !rule.hosts.has(input.host)) continue;
    const pathMatch = rule.path.exec(path);
    if (pathMatch === null) continue;
    const groups: Record<string, string | undefined> = { ...pathMatch.groups };
    let matched = true;
    for (const [key, pattern] of rule.query) {
      const value = input.params.find((p) => p.key === key)?.value;
      const queryMatch = value == null ? null : pattern.exec(value);
      if (queryMatch === null) {
        matched = false;
        break;
      }
      Object.assign(groups, queryMatch.groups);
    }
    if (!matched) continue;
    if (rule.fragment !== null) {
      const fragmentMatch = input.fragment === null ? null : rule.fragment.exec(input.fragment);
      if (fragmentMatch === null) continue;
      Object.assign(groups, fragmentMatch.groups);
    }
    for (const name of rule.lowercase) groups[name] = groups[name]?.toLowerCase();
    if (rule.unresolved) return { contentKey: null, rule: `platform:${platform}-short-link-unresolved` };
    return {
      contentKey: `${platform}:${rule.name}:${render(rule.key, groups, false)}`,
      rule: `platform:${platform}-${rule.name}`,
      canonicalUrl: render(rule.canonicalUrl, groups, true),
    };
  }
  return null;
};
