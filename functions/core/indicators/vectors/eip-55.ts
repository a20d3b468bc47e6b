/**
 * The checksummed addresses in EIP-55's specification (the four `test(...)` calls and the
 * `toChecksumAddress` example), copied verbatim from ethereum/EIPs EIPS/eip-55.md at commit
 * 0b0d1ca375ccf0e3fdb6caf451d9a1d5adf9df44.
 */
export const eip55ChecksummedAddresses: string[] = [
  '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed',
  '0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359',
  '0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB',
  '0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb',
];
