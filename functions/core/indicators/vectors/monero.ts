/**
 * Monero addresses from the Monero project's own tests, copied verbatim from
 * monero-project/monero:
 * - tests/functional_tests/validate_address.py (commit 2f42bf7975c57ff17c0db582920d1725bee01397):
 *   the `check_good_addresses` table (net type, '' standard / 'i' integrated / 's' subaddress)
 *   and the bad address built by changing the last character.
 * - tests/functional_tests/integrated_address.py (commit 01ccb8b1d7b412e8a58c4a54014c7f0ce308ad33):
 *   the integrated addresses made from payment ids and the corrupted standard address.
 * - tests/unit_tests/address_from_url.cpp (commit 085cfb37f39e6077f559e003d840b7801da0fe3b).
 * - validate_address.py `check_openalias_addresses`: the donate@getmonero.org subaddress.
 */
export interface MoneroVector {
  net: 'mainnet' | 'testnet' | 'stagenet';
  kind: 'standard' | 'integrated' | 'subaddress';
  address: string;
}

export const moneroValidAddresses: MoneroVector[] = [
  { net: 'mainnet', kind: 'standard', address: '42ey1afDFnn4886T7196doS9GPMzexD9gXpsZJDwVjeRVdFCSoHnv7KPbBeGpzJBzHRCAs9UxqeoyFQMYbqSWYTfJJQAWDm' },
  { net: 'mainnet', kind: 'standard', address: '44Kbx4sJ7JDRDV5aAhLJzQCjDz2ViLRduE3ijDZu3osWKBjMGkV1XPk4pfDUMqt1Aiezvephdqm6YD19GKFD9ZcXVUTp6BW' },
  { net: 'testnet', kind: 'standard', address: '9ujeXrjzf7bfeK3KZdCqnYaMwZVFuXemPU8Ubw335rj2FN1CdMiWNyFV3ksEfMFvRp9L9qum5UxkP5rN9aLcPxbH1au4WAB' },
  { net: 'stagenet', kind: 'standard', address: '53teqCAESLxeJ1REzGMAat1ZeHvuajvDiXqboEocPaDRRmqWoVPzy46GLo866qRFjbNhfkNckyhST3WEvBviDwpUDd7DSzB' },
  { net: 'mainnet', kind: 'integrated', address: '4BxSHvcgTwu25WooY4BVmgdcKwZu5EksVZSZkDd6ooxSVVqQ4ubxXkhLF6hEqtw96i9cf3cVfLw8UWe95bdDKfRQeYtPwLm1Jiw7AKt2LY' },
  { net: 'mainnet', kind: 'subaddress', address: '8AsN91rznfkBGTY8psSNkJBg9SZgxxGGRUhGwRptBhgr5XSQ1XzmA9m8QAnoxydecSh5aLJXdrgXwTDMMZ1AuXsN1EX5Mtm' },
  { net: 'mainnet', kind: 'subaddress', address: '86kKnBKFqzCLxtK1Jmx2BkNBDBSMDEVaRYMMyVbeURYDWs8uNGDZURKCA5yRcyMxHzPcmCf1q2fSdhQVcaKsFrtGRsdGfNk' },
  { net: 'testnet', kind: 'integrated', address: 'AApMA1VuhiCaHzr5X2KXi2Zc9oJ3VaGjkfChxxpRpxkyKf1NetvbRbQTbFMrGkr85DjnEH7JsBaoUFsgKwZnmtnVWnoB8MDotCsLb7eWwz' },
  { net: 'testnet', kind: 'subaddress', address: 'BdKg9udkvckC5T58a8Nmtb6BNsgRAxs7uA2D49sWNNX5HPW5Us6Wxu8QMXrnSx3xPBQQ2iu9kwEcRGAoiz6EPmcZKbF62GS' },
  { net: 'testnet', kind: 'subaddress', address: 'BcFvPa3fT4gVt5QyRDe5Vv7VtUFao9ci8NFEy3r254KF7R1N2cNB5FYhGvrHbMStv4D6VDzZ5xtxeKV8vgEPMnDcNFuwZb9' },
  { net: 'stagenet', kind: 'integrated', address: '5K8mwfjumVseCcQEjNbf59Um6R9NfVUNkHTLhhPCmNvgDLVS88YW5tScnm83rw9mfgYtchtDDTW5jEfMhygi27j1QYphX38hg6m4VMtN29' },
  { net: 'stagenet', kind: 'subaddress', address: '73LhUiix4DVFMcKhsPRG51QmCsv8dYYbL6GcQoLwEEFvPvkVvc7BhebfA4pnEFF9Lq66hwvLqBvpHjTcqvpJMHmmNjPPBqa' },
  { net: 'stagenet', kind: 'subaddress', address: '7A1Hr63MfgUa8pkWxueD5xBqhQczkusYiCMYMnJGcGmuQxa7aDBxN1G7iCuLCNB3VPeb2TW7U9FdxB27xKkWKfJ8VhUZthF' },
  { net: 'mainnet', kind: 'integrated', address: '4CMe2PUhs4J4886T7196doS9GPMzexD9gXpsZJDwVjeRVdFCSoHnv7KPbBeGpzJBzHRCAs9UxqeoyFQMYbqSWYTfSbLRB61BQVATzerHGj' },
  { net: 'mainnet', kind: 'standard', address: '46r4nYSevkfBUMhuykdK3gQ98XDqDTYW1hNLaXNvjpsJaSbNtdXh1sKMsdVgqkaihChAzEy29zEDPMR3NHQvGoZCLGwTerK' },
  { net: 'mainnet', kind: 'integrated', address: '4GYjoMG9Y2BBUMhuykdK3gQ98XDqDTYW1hNLaXNvjpsJaSbNtdXh1sKMsdVgqkaihChAzEy29zEDPMR3NHQvGoZCVSs1ZojwrDCGS5rUuo' },
  { net: 'mainnet', kind: 'standard', address: '46BeWrHpwXmHDpDEUmZBWZfoQpdc6HaERCNmx1pEYL2rAcuwufPN9rXHHtyUA4QVy66qeFQkn6sfK8aHYjA3jk3o1Bv16em' },
  { net: 'mainnet', kind: 'subaddress', address: '888tNkZrPN6JsEgekjMnABU4TBzc2Dt29EPAvkRxbANsAnjyPbb3iQ1YBRk1UXcdRsiKc9dhwMVgN5S9cQUiyoogDavup3H' },
];

/** Addresses the Monero tests expect to be rejected (checksum broken by the last character). */
export const moneroInvalidAddresses: string[] = [
  '42ey1afDFnn4886T7196doS9GPMzexD9gXpsZJDwVjeRVdFCSoHnv7KPbBeGpzJBzHRCAs9UxqeoyFQMYbqSWYTfJJQAWD9',
  '46r4nYSevkfBUMhuykdK3gQ98XDqDTYW1hNLaXNvjpsJaSbNtdXh1sKMsdVgqkaihChAzEy29zEDPMR3NHQvGoZCLGwTerr',
];
