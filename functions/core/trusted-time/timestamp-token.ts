import * as asn1js from 'asn1js';
import { Certificate, ContentInfo, SignedData, SignedDataVerifyError, TimeStampResp, TSTInfo, type SignerInfo } from 'pkijs';
import { sha256Oid } from './timestamp-request';

/** Why a token was not accepted; each names what a court would ask about. */
export type TimestampRefusalReason =
  | 'malformed'
  | 'not_granted'
  | 'imprint_mismatch'
  | 'nonce_mismatch'
  | 'signature_invalid'
  | 'untrusted_chain'
  | 'signer_not_timestamping'
  | 'signer_certificate_mismatch';

/** The outcome of checking one token: never a silent accept. */
export type TimestampCheck =
  | { status: 'verified'; time: string; serialNumber: string; policy: string }
  | { status: 'refused'; reason: TimestampRefusalReason; message: string };

export interface TimestampExpectation {
  /** The bytes that were stamped: the token's message imprint must be their SHA-256. */
  data: Uint8Array;
  /** Hex of the request's nonce; absent when checking a stored token on its own. */
  nonce?: string | undefined;
  /** CA certificates (PEM) of the time-stamping authorities this deployment trusts. */
  trustAnchorsPem: string[];
}

const timeStampingPurpose = '1.3.6.1.5.5.7.3.8';
const extendedKeyUsageOid = '2.5.29.37';
const signingCertificateOid = '1.2.840.113549.1.9.16.2.12';
const signingCertificateV2Oid = '1.2.840.113549.1.9.16.2.47';
const sha1Oid = '1.3.14.3.2.26';

const refused = (reason: TimestampRefusalReason, message: string): TimestampCheck => ({ status: 'refused', reason, message });
const hex = (bytes: ArrayBuffer | Uint8Array): string => Buffer.from(bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes)).toString('hex');
// A copy: a Buffer shares its pool, so its .buffer holds more than its bytes.
const buffer = (bytes: Uint8Array): ArrayBuffer => new Uint8Array(bytes).buffer;

export const certificatesFromPem = (pem: string): Certificate[] =>
  [...pem.matchAll(/-----BEGIN CERTIFICATE-----([^-]+)-----END CERTIFICATE-----/g)].map((match) => Certificate.fromBER(buffer(Buffer.from(match[1]!.replace(/\s+/g, ''), 'base64'))));

/** What a TSA answered (RFC 3161 section 2.4.2): the token, or why there is none. */
export type TimestampAnswer = { status: 'granted'; token: Uint8Array } | { status: 'refused'; reason: 'malformed' | 'not_granted'; message: string };

export const readTimestampResponse = (der: Uint8Array): TimestampAnswer => {
  let response: TimeStampResp;
  try {
    response = TimeStampResp.fromBER(buffer(der));
  } catch (error) {
    return { status: 'refused', reason: 'malformed', message: `not a TimeStampResp: ${error instanceof Error ? error.message : String(error)}` };
  }
  // PKIStatus granted (0) or grantedWithMods (1) carry a token; the others carry a reason only.
  if (response.status.status > 1 || !response.timeStampToken) {
    return { status: 'refused', reason: 'not_granted', message: `the TSA answered status ${response.status.status}${response.status.statusStrings ? `: ${response.status.statusStrings.map((s) => s.valueBlock.value).join('; ')}` : ''}` };
  }
  return { status: 'granted', token: new Uint8Array(response.timeStampToken.toSchema().toBER()) };
};

/** RFC 3161 section 2.3: the signer's certificate has the one extended key usage timeStamping, critical. */
const isTimestampingCertificate = (certificate: Certificate): boolean => {
  const usage = certificate.extensions?.find((extension) => extension.extnID === extendedKeyUsageOid);
  const purposes = (usage?.parsedValue as { keyPurposes?: string[] } | undefined)?.keyPurposes ?? [];
  return usage?.critical === true && purposes.length === 1 && purposes[0] === timeStampingPurpose;
};

/**
 * RFC 3161 section 2.4.1 (ESSCertID, RFC 2634) and RFC 5816 (ESSCertIDv2): the signed attributes
 * name the certificate that signed, so a certificate swapped in beside the signature is caught.
 */
const namesSigner = async (signerInfo: SignerInfo, signer: Certificate): Promise<boolean> => {
  const attribute = signerInfo.signedAttrs?.attributes.find((a) => a.type === signingCertificateV2Oid || a.type === signingCertificateOid);
  if (!attribute) return false;
  const certs = (attribute.values[0] as asn1js.Sequence | undefined)?.valueBlock.value[0] as asn1js.Sequence | undefined;
  const first = certs?.valueBlock.value[0] as asn1js.Sequence | undefined;
  if (!first) return false;
  const fields = first.valueBlock.value;
  let algorithm = attribute.type === signingCertificateOid ? sha1Oid : sha256Oid;
  let hashIndex = 0;
  if (attribute.type === signingCertificateV2Oid && fields[0] instanceof asn1js.Sequence) {
    algorithm = (fields[0].valueBlock.value[0] as asn1js.ObjectIdentifier).valueBlock.toString();
    hashIndex = 1;
  }
  const certHash = fields[hashIndex];
  if (!(certHash instanceof asn1js.OctetString)) return false;
  const name = { [sha1Oid]: 'SHA-1', [sha256Oid]: 'SHA-256', '2.16.840.1.101.3.4.2.2': 'SHA-384', '2.16.840.1.101.3.4.2.3': 'SHA-512' }[algorithm];
  if (!name) return false;
  const digest = await crypto.subtle.digest(name, signer.toSchema().toBER());
  return hex(digest) === hex(certHash.valueBlock.valueHexView);
};

/**
 * Verifies a TimeStampToken (a CMS SignedData over a TSTInfo, RFC 3161 section 2.4.2): message
 * imprint, nonce, signature, ESSCertID, the signer's timeStamping usage, and its certificate chain
 * up to a configured anchor at the stamped time. Any failure is a refusal with its reason.
 */
export const verifyTimestampToken = async (token: Uint8Array, expected: TimestampExpectation): Promise<TimestampCheck> => {
  let signedData: SignedData;
  let tstInfo: TSTInfo;
  try {
    const content = ContentInfo.fromBER(buffer(token));
    if (content.contentType !== ContentInfo.SIGNED_DATA) return refused('malformed', 'the token is not CMS SignedData');
    signedData = new SignedData({ schema: content.content });
    const eContent = signedData.encapContentInfo.eContent;
    if (signedData.encapContentInfo.eContentType !== '1.2.840.113549.1.9.16.1.4' || !eContent) return refused('malformed', 'the token does not carry a TSTInfo');
    tstInfo = TSTInfo.fromBER(eContent.getValue());
  } catch (error) {
    return refused('malformed', `not a TimeStampToken: ${error instanceof Error ? error.message : String(error)}`);
  }

  const imprint = tstInfo.messageImprint;
  const dataDigest = hex(await crypto.subtle.digest('SHA-256', buffer(expected.data)));
  if (imprint.hashAlgorithm.algorithmId !== sha256Oid || hex(imprint.hashedMessage.valueBlock.valueHexView) !== dataDigest) {
    return refused('imprint_mismatch', `the token stamps ${hex(imprint.hashedMessage.valueBlock.valueHexView)} (${imprint.hashAlgorithm.algorithmId}), not the SHA-256 ${dataDigest}`);
  }
  if (expected.nonce !== undefined && (!tstInfo.nonce || hex(tstInfo.nonce.valueBlock.valueHexView) !== expected.nonce)) {
    return refused('nonce_mismatch', `the token answers nonce ${tstInfo.nonce ? hex(tstInfo.nonce.valueBlock.valueHexView) : '(none)'}, the request sent ${expected.nonce}`);
  }

  let trustedCerts: Certificate[];
  try {
    trustedCerts = expected.trustAnchorsPem.flatMap(certificatesFromPem);
  } catch (error) {
    return refused('untrusted_chain', `the configured trust anchor is not a certificate: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (trustedCerts.length === 0) return refused('untrusted_chain', 'no trust anchor is configured');

  let signer: Certificate;
  try {
    const result = await signedData.verify({ signer: 0, data: buffer(expected.data), trustedCerts, checkChain: true, extendedMode: true });
    if (!result.signatureVerified || !result.signerCertificate) return refused('signature_invalid', 'the TSA signature does not verify with the signer certificate');
    signer = result.signerCertificate;
  } catch (error) {
    if (error instanceof SignedDataVerifyError) {
      if (error.code === 5) return refused('untrusted_chain', error.message);
      if (error.code === 3) return refused('signer_certificate_mismatch', error.message);
      return refused('signature_invalid', error.message);
    }
    return refused('signature_invalid', error instanceof Error ? error.message : String(error));
  }
  if (!isTimestampingCertificate(signer)) return refused('signer_not_timestamping', 'the signer certificate lacks the sole, critical extended key usage timeStamping (RFC 3161 section 2.3)');
  if (!(await namesSigner(signedData.signerInfos[0]!, signer))) return refused('signer_certificate_mismatch', 'the signed ESSCertID does not name the signer certificate');

  return { status: 'verified', time: tstInfo.genTime.toISOString(), serialNumber: hex(tstInfo.serialNumber.valueBlock.valueHexView), policy: tstInfo.policy };
};
