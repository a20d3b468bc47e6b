/** Where the local stack serves the API (`npm start`), on any port. */
const localApiOrigins = ['http://127.0.0.1/*', 'http://localhost/*'];

/** Match pattern for an origin given as a URL in the build environment, if any. */
const originPattern = (value: string | undefined): string | undefined => {
  if (value === undefined || value === '') return undefined;
  const url = new URL(value);
  return `${url.protocol}//${url.hostname}/*`;
};

const isLoopback = (pattern: string): boolean => localApiOrigins.some((local) => pattern === local);

export interface ExtensionBuild {
  /** WXT_API_URL: the API a release build talks to; empty or loopback for the local stack. */
  apiUrl?: string | undefined;
  /** WXT_COGNITO_DOMAIN: the hosted sign-in page of that deployment. */
  cognitoDomain?: string | undefined;
  /** WXT_EVIDENCE_URL: the evidence bucket's endpoint, where presigned uploads go (the bucket has no CORS rules). */
  evidenceUrl?: string | undefined;
  /** REFERRAL_DESK_E2E=1: the browser-test build. */
  e2e?: boolean;
}

/**
 * Host permissions of a build. Only a development build (for the local stack, whose API is on
 * loopback) asks for 127.0.0.1 and localhost: a release build for a deployed API asks for that
 * API, its sign-in domain and its evidence bucket, and no local page or service can be reached
 * with the officer's token.
 * The e2e build adds <all_urls>: automation cannot grant activeTab the way an officer's click
 * does, and captureVisibleTab needs one or the other. Release builds never set it.
 */
export const hostPermissionsFor = (build: ExtensionBuild): string[] => {
  const api = originPattern(build.apiUrl);
  const cognito = originPattern(build.cognitoDomain && !/^https?:\/\//.test(build.cognitoDomain) ? `https://${build.cognitoDomain}` : build.cognitoDomain);
  const evidence = originPattern(build.evidenceUrl);
  const development = api === undefined || isLoopback(api) || build.e2e === true;
  return [...new Set([...(development ? localApiOrigins : []), ...(api ? [api] : []), ...(cognito ? [cognito] : []), ...(evidence ? [evidence] : []), ...(build.e2e ? ['<all_urls>'] : [])])];
};
