import { describe, expect, it } from 'vitest';
import { parsePaymentRequest } from './payment-uri';

/**
 * The BIP's examples use 175tWpb8K1S7NmH4Zx6rewF9WQrcZv245W, whose Base58Check checksum does not
 * match (it ends 8a9c6129; the double SHA-256 gives 8a9c6111): the examples' queries are read
 * here with a valid address, and the literal example address is rejected.
 */
const bip21ExampleAddress = '175tWpb8K1S7NmH4Zx6rewF9WQrcZv245W';
const lukeJr = '1FsSia9rv4NeEwvJ2GvXrX7LyxYspbN2mo';

describe('parsePaymentRequest: BIP-21 (the examples of the BIP)', () => {
  it('reads a bare address', () => {
    const result = parsePaymentRequest(`bitcoin:${lukeJr}`);
    expect(result).toMatchObject({ ok: true, request: { scheme: 'bitcoin', address: { type: 'btc', value: lukeJr } } });
  });

  it('reads label, amount and a percent-encoded message', () => {
    expect(parsePaymentRequest(`bitcoin:${lukeJr}?label=Luke-Jr`)).toMatchObject({ ok: true, request: { label: 'Luke-Jr' } });
    expect(parsePaymentRequest(`bitcoin:${lukeJr}?amount=20.3&label=Luke-Jr`)).toMatchObject({ ok: true, request: { amount: '20.3', label: 'Luke-Jr' } });
    expect(parsePaymentRequest(`bitcoin:${lukeJr}?amount=50&label=Luke-Jr&message=Donation%20for%20project%20xyz`)).toEqual({
      ok: true,
      request: { scheme: 'bitcoin', address: expect.objectContaining({ value: lukeJr }), amount: '50', label: 'Luke-Jr', message: 'Donation for project xyz' },
    });
  });

  it('rejects a URI with required parameters it does not understand, and ignores optional ones', () => {
    expect(parsePaymentRequest(`bitcoin:${lukeJr}?req-somethingyoudontunderstand=50&req-somethingelseyoudontget=999`)).toMatchObject({
      ok: false,
      error: { code: 'unsupported_requirement', field: 'req-somethingyoudontunderstand' },
    });
    expect(parsePaymentRequest(`bitcoin:${lukeJr}?somethingyoudontunderstand=50&somethingelseyoudontget=999`)).toMatchObject({ ok: true });
  });

  it('accepts the upper-case bech32 form QR codes use, normalised to lower case', () => {
    const result = parsePaymentRequest('BITCOIN:BC1QVYQ0CC6RAHYVSAZFDJE0TWL7EZ82NDMUAC2LHV?amount=0.001');
    expect(result).toMatchObject({ ok: true, request: { address: { value: 'bc1qvyq0cc6rahyvsazfdje0twl7ez82ndmuac2lhv' }, amount: '0.001' } });
  });

  it('rejects a bad checksum, a malformed amount and a bad percent-encoding', () => {
    expect(parsePaymentRequest(`bitcoin:${bip21ExampleAddress}?label=Luke-Jr`)).toMatchObject({ ok: false, error: { code: 'invalid_address', field: 'address' } });
    expect(parsePaymentRequest(`bitcoin:${lukeJr}?amount=1e5`)).toMatchObject({ ok: false, error: { code: 'malformed', field: 'amount' } });
    expect(parsePaymentRequest(`bitcoin:${lukeJr}?message=%E0%A4%A`)).toMatchObject({ ok: false, error: { code: 'malformed', field: 'query' } });
  });
});

describe('parsePaymentRequest: EIP-681', () => {
  // The EIP's example writes the address in a mixed case that is not its EIP-55 checksum
  // (0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359 is): it is read here in lower case.
  it('reads a payment with a value in scientific notation (the EIP example)', () => {
    const result = parsePaymentRequest('ethereum:0xfb6916095ca1df60bb79ce92ce3ea74c37c5d359?value=2.014e18');
    expect(result).toMatchObject({ ok: true, request: { scheme: 'ethereum', address: { type: 'eth', value: '0xfb6916095ca1df60bb79ce92ce3ea74c37c5d359' }, amount: '2.014e18' } });
  });

  it('reads an ERC-20 transfer: the payee is the address parameter, the target the token contract', () => {
    const result = parsePaymentRequest('ethereum:0x89205a3a3b2a69de6dbf7f01ed13b2108b2c43e7/transfer?address=0x8e23ee67d1332ad560396262c48ffbb01f93d052&uint256=1');
    expect(result).toMatchObject({
      ok: true,
      request: {
        address: { value: '0x8e23ee67d1332ad560396262c48ffbb01f93d052' },
        contract: { value: '0x89205a3a3b2a69de6dbf7f01ed13b2108b2c43e7' },
        functionName: 'transfer',
        amount: '1',
      },
    });
  });

  it('reads pay- and a chain id; rejects an ENS name and a bad EIP-55 checksum', () => {
    expect(parsePaymentRequest('ethereum:pay-0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359@1')).toMatchObject({ ok: true, request: { chainId: '1' } });
    expect(parsePaymentRequest('ethereum:donate.eth?value=1')).toMatchObject({ ok: false, error: { code: 'invalid_address' } });
    expect(parsePaymentRequest('ethereum:0xfb6916095ca1df60bb79Ce92ce3ea74c37c5D359')).toMatchObject({ ok: false, error: { code: 'invalid_address' } });
  });
});

describe('parsePaymentRequest: EPC069-12 SEPA credit transfer', () => {
  // The example of the EPC's Quick Response Code guidelines (EPC069-12).
  const example = ['BCD', '001', '1', 'SCT', 'BPOTBEB1', 'Red Cross of Belgium', 'BE72000000001616', 'EUR1', 'CHAR', '', 'Urgency fund', 'Sample EPC QR code'].join('\n');

  it('reads the guideline example', () => {
    expect(parsePaymentRequest(example)).toEqual({
      ok: true,
      request: { scheme: 'epc', iban: 'BE72000000001616', bic: 'BPOTBEB1', beneficiary: 'Red Cross of Belgium', amount: '1', purpose: 'CHAR', remittance: 'Urgency fund' },
    });
  });

  it('reads version 002 without a BIC, with CR LF line ends', () => {
    const payload = ['BCD', '002', '1', 'SCT', '', 'Spendenkonto', 'DE89 3704 0044 0532 0130 00', '', '', '', ''].join('\r\n');
    expect(parsePaymentRequest(payload)).toEqual({ ok: true, request: { scheme: 'epc', iban: 'DE89370400440532013000', beneficiary: 'Spendenkonto' } });
  });

  it('rejects a bad IBAN checksum, a missing 001 BIC and a wrong identification', () => {
    expect(parsePaymentRequest(example.replace('BE72', 'BE73'))).toMatchObject({ ok: false, error: { code: 'invalid_iban', field: 'iban' } });
    expect(parsePaymentRequest(example.replace('BPOTBEB1', ''))).toMatchObject({ ok: false, error: { field: 'bic' } });
    expect(parsePaymentRequest(example.replace('SCT', 'INST'))).toMatchObject({ ok: false, error: { field: 'identification' } });
  });

  it('says when the text is no payment request at all', () => {
    expect(parsePaymentRequest('https://example.org/donate')).toMatchObject({ ok: false, error: { code: 'not_a_payment_uri' } });
  });
});
