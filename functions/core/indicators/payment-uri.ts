import { isValidIBAN } from 'ibantools';
import { decodeCryptoAddress, decodeEthereumAddress, type CryptoAddress } from './crypto-address';
import { normalizeIban } from './iban';

/** A payment request read from a QR code or a link: who is paid, and what the request says. */
export type PaymentRequest =
  | {
      scheme: 'bitcoin';
      address: CryptoAddress;
      /** BIP-21: decimal BTC, as written. */
      amount?: string;
      label?: string;
      message?: string;
    }
  | {
      scheme: 'ethereum';
      /** The payee: the target address, or for an ERC-20 `transfer` the `address` parameter. */
      address: CryptoAddress;
      /** The token contract, for a call such as `transfer`. */
      contract?: CryptoAddress;
      chainId?: string;
      functionName?: string;
      /** Wei (`value`) or token units (`uint256`), as written. */
      amount?: string;
    }
  | {
      scheme: 'epc';
      /** Electronic format. */
      iban: string;
      bic?: string;
      beneficiary: string;
      /** EUR, as written after the currency code. */
      amount?: string;
      purpose?: string;
      remittance?: string;
    };

export type PaymentRequestErrorCode = 'not_a_payment_uri' | 'invalid_address' | 'invalid_iban' | 'malformed' | 'unsupported_requirement';
export interface PaymentRequestError {
  code: PaymentRequestErrorCode;
  field?: string;
  message: string;
}
export type PaymentRequestResult = { ok: true; request: PaymentRequest } | { ok: false; error: PaymentRequestError };

const fail = (code: PaymentRequestErrorCode, message: string, field?: string): PaymentRequestResult => ({
  ok: false,
  error: { code, message, ...(field ? { field } : {}) },
});

/** At most this many characters are read: an EPC payload is at most 331 bytes, a URI rarely more than a few hundred. */
const maxPayloadLength = 4_000;
/** BIP-21 amounts: decimal, '.' as separator, no exponent. */
const bip21Amount = /^[0-9]{1,16}(?:\.[0-9]{0,8})?$/;
/** EIP-681 numbers: decimal or hex, with an optional scientific exponent ('2.014e18'). */
const eip681Number = /^(?:0x[0-9a-fA-F]{1,64}|[0-9]{1,78}(?:\.[0-9]{1,78})?(?:[eE][0-9]{1,3})?)$/;
const epcAmount = /^EUR(?:[0-9]{1,9}(?:\.[0-9]{1,2})?)$/;

const decodeComponent = (value: string): string | undefined => {
  try {
    return decodeURIComponent(value.replace(/\+/g, ' '));
  } catch {
    return undefined;
  }
};

/** Query parameters in order; a parameter that is not percent-decodable makes the query malformed. */
const readQuery = (query: string): Map<string, string> | undefined => {
  const parameters = new Map<string, string>();
  if (query === '') return parameters;
  for (const pair of query.split('&')) {
    if (pair === '') continue;
    const equals = pair.indexOf('=');
    const name = decodeComponent(equals === -1 ? pair : pair.slice(0, equals));
    const value = decodeComponent(equals === -1 ? '' : pair.slice(equals + 1));
    if (name === undefined || value === undefined) return undefined;
    // BIP-21 and EIP-681 do not repeat parameters; the first one is what a wallet would use.
    if (!parameters.has(name)) parameters.set(name, value);
  }
  return parameters;
};

const splitQuery = (rest: string): [string, string] => {
  const question = rest.indexOf('?');
  return question === -1 ? [rest, ''] : [rest.slice(0, question), rest.slice(question + 1)];
};

/** BIP-21: bitcoin:<address>[?amount=][&label=][&message=]; an unknown `req-` parameter makes the URI invalid. */
const parseBitcoinUri = (rest: string): PaymentRequestResult => {
  const [path, query] = splitQuery(rest.replace(/^\/\//, ''));
  const address = decodeCryptoAddress(path);
  if (!address || address.type !== 'btc') return fail('invalid_address', `'${path.slice(0, 100)}' is not a Bitcoin address with a valid checksum`, 'address');
  const parameters = readQuery(query);
  if (!parameters) return fail('malformed', 'the query is not percent-encoded correctly', 'query');
  for (const name of parameters.keys()) {
    // BIP-21: "req-" parameters are required; a client that does not understand one must treat the URI as invalid.
    if (name.startsWith('req-')) return fail('unsupported_requirement', `required parameter '${name}' is not understood`, name);
  }
  const amount = parameters.get('amount');
  if (amount !== undefined && !bip21Amount.test(amount)) return fail('malformed', `amount '${amount.slice(0, 40)}' is not a decimal BTC amount`, 'amount');
  const label = parameters.get('label');
  const message = parameters.get('message');
  return {
    ok: true,
    request: { scheme: 'bitcoin', address, ...(amount !== undefined ? { amount } : {}), ...(label !== undefined ? { label } : {}), ...(message !== undefined ? { message } : {}) },
  };
};

/**
 * EIP-681: ethereum:[pay-]<target>[@chain_id][/function_name][?parameters]. An ENS name as the
 * target cannot be checked offline, so it is not a validated indicator.
 */
const parseEthereumUri = (rest: string): PaymentRequestResult => {
  const [path, query] = splitQuery(rest.replace(/^pay-/, ''));
  const slash = path.indexOf('/');
  const targetAndChain = slash === -1 ? path : path.slice(0, slash);
  const functionName = slash === -1 ? undefined : path.slice(slash + 1);
  const at = targetAndChain.indexOf('@');
  const target = at === -1 ? targetAndChain : targetAndChain.slice(0, at);
  const chainId = at === -1 ? undefined : targetAndChain.slice(at + 1);
  if (chainId !== undefined && !/^(?:0x[0-9a-fA-F]{1,16}|[0-9]{1,20})$/.test(chainId)) return fail('malformed', `chain id '${chainId.slice(0, 40)}' is not a number`, 'chainId');
  if (functionName !== undefined && !/^[A-Za-z_][A-Za-z0-9_]{0,63}$/.test(functionName)) return fail('malformed', 'the function name is not an identifier', 'functionName');
  const targetAddress = decodeEthereumAddress(target);
  if (!targetAddress) return fail('invalid_address', `'${target.slice(0, 100)}' is not an Ethereum address with a valid checksum`, 'address');
  const parameters = readQuery(query);
  if (!parameters) return fail('malformed', 'the query is not percent-encoded correctly', 'query');
  for (const name of ['value', 'uint256', 'amount', 'gas', 'gasLimit', 'gasPrice']) {
    const value = parameters.get(name);
    if (value !== undefined && !eip681Number.test(value)) return fail('malformed', `${name} '${value.slice(0, 40)}' is not a number`, name);
  }
  const common = { ...(chainId !== undefined ? { chainId } : {}), ...(functionName !== undefined ? { functionName } : {}) };
  if (functionName === 'transfer') {
    // ERC-20 transfer: the target is the token contract, the payee is the `address` parameter.
    const payee = decodeEthereumAddress(parameters.get('address') ?? '');
    if (!payee) return fail('invalid_address', 'the transfer has no payee address with a valid checksum', 'address');
    const amount = parameters.get('uint256');
    return { ok: true, request: { scheme: 'ethereum', address: payee, contract: targetAddress, ...common, ...(amount !== undefined ? { amount } : {}) } };
  }
  const amount = parameters.get('value');
  return { ok: true, request: { scheme: 'ethereum', address: targetAddress, ...common, ...(amount !== undefined ? { amount } : {}) } };
};

/**
 * EPC069-12 (SEPA Credit Transfer QR code): lines of service tag 'BCD', version 001/002,
 * character set 1-8, identification 'SCT', BIC (optional from 002), beneficiary name (at most
 * 70), IBAN, amount 'EUR…', purpose, structured or unstructured remittance, information.
 */
const parseEpcPayload = (payload: string): PaymentRequestResult => {
  const lines = payload.split(/\r\n|\n|\r/);
  const [, version = '', characterSet = '', identification = '', bic = '', beneficiary = '', ibanLine = '', amount = '', purpose = '', structured = '', unstructured = ''] = lines;
  if (version !== '001' && version !== '002') return fail('malformed', `EPC QR version '${version.slice(0, 10)}' is not 001 or 002`, 'version');
  if (!/^[1-8]$/.test(characterSet)) return fail('malformed', `EPC QR character set '${characterSet.slice(0, 10)}' is not 1-8`, 'characterSet');
  if (identification !== 'SCT') return fail('malformed', `EPC QR identification '${identification.slice(0, 10)}' is not SCT`, 'identification');
  if (version === '001' && bic === '') return fail('malformed', 'EPC QR version 001 requires the BIC', 'bic');
  if (bic !== '' && !/^[A-Z]{6}[A-Z0-9]{2}(?:[A-Z0-9]{3})?$/.test(bic)) return fail('malformed', `'${bic.slice(0, 20)}' is not a BIC`, 'bic');
  const name = beneficiary.trim();
  if (name === '' || name.length > 70) return fail('malformed', 'the beneficiary name must be 1-70 characters', 'beneficiary');
  const iban = normalizeIban(ibanLine);
  if (iban === '' || !isValidIBAN(iban)) return fail('invalid_iban', `'${ibanLine.slice(0, 40)}' is not an IBAN with a valid checksum`, 'iban');
  if (amount !== '' && !epcAmount.test(amount)) return fail('malformed', `amount '${amount.slice(0, 20)}' is not 'EUR' and a number`, 'amount');
  const remittance = (structured || unstructured).trim();
  return {
    ok: true,
    request: {
      scheme: 'epc',
      iban,
      beneficiary: name,
      ...(bic !== '' ? { bic } : {}),
      ...(amount !== '' ? { amount: amount.slice(3) } : {}),
      ...(purpose !== '' ? { purpose } : {}),
      ...(remittance !== '' ? { remittance } : {}),
    },
  };
};

/**
 * Reads a payment request: a BIP-21 `bitcoin:` URI, an EIP-681 `ethereum:` URI or an EPC069-12
 * ("BCD") SEPA transfer payload, as QR codes on donation posters carry them. The payee is checked
 * with the same checksums as any indicator (Base58Check / bech32, EIP-55, IBAN mod-97).
 */
export const parsePaymentRequest = (payload: string): PaymentRequestResult => {
  const text = payload.slice(0, maxPayloadLength).trim();
  if (/^BCD(?:\r\n|\n|\r)/.test(text)) return parseEpcPayload(text);
  const colon = text.indexOf(':');
  const scheme = colon === -1 ? '' : text.slice(0, colon).toLowerCase();
  if (scheme === 'bitcoin') return parseBitcoinUri(text.slice(colon + 1));
  if (scheme === 'ethereum') return parseEthereumUri(text.slice(colon + 1));
  return fail('not_a_payment_uri', 'neither a bitcoin: or ethereum: URI nor an EPC (BCD) payload');
};
