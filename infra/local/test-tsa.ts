import { execFile } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** A time-stamping authority for the local stack and the tests: its own CA, its own TSA certificate, Debian's `openssl ts -reply` as the signer. */
export interface TestTsa {
  /** Where RFC 3161 requests are POSTed (`application/timestamp-query`). */
  url: string;
  /** The CA certificate (PEM): the trust anchor a deployment configures. */
  trustAnchorPem: string;
  /** The same CA certificate as a file: what TSA_TRUST_ANCHOR_FILE names. */
  trustAnchorFile: string;
  /** The TSA's own certificate (PEM), for `openssl ts -verify -untrusted`. */
  tsaCertificatePem: string;
  stop(): Promise<void>;
}

// RFC 3161 section 2.3: the TSA certificate has exactly one extended key usage, timeStamping, marked critical.
const tsaExtensions = ['basicConstraints=critical,CA:FALSE', 'keyUsage=critical,digitalSignature', 'extendedKeyUsage=critical,timeStamping', ''].join('\n');

// 2.999 is the example arc (ITU-T X.660): the policy of a TSA no court relies on. `ess_cert_id_alg = sha256` makes the token carry an ESSCertIDv2 (RFC 5816) rather than a SHA-1 one.
const tsaConfig = `[ tsa ]
default_tsa = tsa_config
[ tsa_config ]
serial = SERIAL
crypto_device = builtin
signer_digest = sha256
default_policy = 2.999.3161
digests = sha256, sha384, sha512
accuracy = secs:1
ordering = no
tsa_name = yes
ess_cert_id_chain = no
ess_cert_id_alg = sha256
`;

const openssl = async (directory: string, ...args: string[]): Promise<void> => {
  await run('openssl', args, { cwd: directory });
};

/** Makes a CA and a TSA certificate signed by it, with P-256 keys, valid for `days`. */
const makeAuthority = async (directory: string, name: string, days: number): Promise<void> => {
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'];
  await openssl(directory, 'req', '-x509', ...ec, '-keyout', 'ca.key', '-out', 'ca.pem', '-days', String(days), '-subj', `/O=Referral Desk local stack/CN=${name} CA`, '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign');
  await openssl(directory, 'req', '-new', ...ec, '-keyout', 'tsa.key', '-out', 'tsa.csr', '-subj', `/O=Referral Desk local stack/CN=${name}`);
  await writeFile(join(directory, 'tsa.ext'), tsaExtensions);
  await openssl(directory, 'x509', '-req', '-in', 'tsa.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-set_serial', String(Date.now()), '-out', 'tsa.pem', '-days', String(days), '-extfile', 'tsa.ext');
  await writeFile(join(directory, 'tsa.cnf'), tsaConfig.replace('SERIAL', join(directory, 'serial')));
  await writeFile(join(directory, 'serial'), '01\n');
};

const readBody = async (request: AsyncIterable<Uint8Array>, maxBytes: number): Promise<Buffer | undefined> => {
  const chunks: Uint8Array[] = [];
  let total = 0;
  for await (const chunk of request) {
    total += chunk.byteLength;
    if (total > maxBytes) return undefined;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
};

/**
 * Starts a TSA on 127.0.0.1 (port 0 picks a free one). The CA and keys are made in `directory`
 * at the first start; requests are signed one at a time, as `openssl ts -reply` keeps its serial
 * number in a file.
 */
export const startTestTsa = async (options: { directory: string; name?: string; port?: number }): Promise<TestTsa> => {
  const { directory } = options;
  // Kept across restarts while valid for another day: tokens stored earlier still verify against the same CA.
  const reusable = await openssl(directory, 'x509', '-checkend', '86400', '-noout', '-in', 'tsa.pem').then(
    async () => (await readFile(join(directory, 'tsa.key')).catch(() => undefined)) !== undefined,
    () => false,
  );
  if (!reusable) {
    await rm(directory, { recursive: true, force: true });
    await mkdir(directory, { recursive: true });
    await makeAuthority(directory, options.name ?? 'Referral Desk test TSA', 365);
  }
  const [trustAnchorPem, tsaCertificatePem] = await Promise.all([readFile(join(directory, 'ca.pem'), 'utf8'), readFile(join(directory, 'tsa.pem'), 'utf8')]);

  let queue: Promise<unknown> = Promise.resolve();
  let sequence = 0;
  const reply = async (query: Buffer): Promise<Buffer> => {
    sequence += 1;
    const queryFile = join(directory, `query-${sequence}.tsq`);
    const replyFile = join(directory, `reply-${sequence}.tsr`);
    await writeFile(queryFile, query);
    try {
      await openssl(directory, 'ts', '-reply', '-config', join(directory, 'tsa.cnf'), '-queryfile', queryFile, '-inkey', 'tsa.key', '-signer', 'tsa.pem', '-out', replyFile);
      return await readFile(replyFile);
    } finally {
      await Promise.all([rm(queryFile, { force: true }), rm(replyFile, { force: true })]);
    }
  };

  const server: Server = createServer((request, response) => {
    void (async () => {
      if (request.method !== 'POST' || request.headers['content-type'] !== 'application/timestamp-query') {
        response.writeHead(415).end();
        return;
      }
      const query = await readBody(request, 64 * 1024);
      if (!query) {
        response.writeHead(413).end();
        return;
      }
      const signed = queue.then(() => reply(query));
      queue = signed.catch(() => undefined);
      try {
        const body = await signed;
        response.writeHead(200, { 'content-type': 'application/timestamp-reply' }).end(body);
      } catch {
        // openssl refuses a query it cannot parse: a TSA answers 400, the client records no token.
        response.writeHead(400).end();
      }
    })();
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/tsa`,
    trustAnchorPem,
    trustAnchorFile: join(directory, 'ca.pem'),
    tsaCertificatePem,
    stop: () => new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
};
