/**
 * Mainnet, non-private-key base58 addresses from the Litecoin and Dogecoin forks of
 * Bitcoin Core's key_io_valid.json, copied verbatim:
 * - litecoin-project/litecoin src/test/data/key_io_valid.json (commit b270cd9098dcb5bd1feb179813fd6861b22859aa).
 *   That stored version's bech32 entries use the HRP 'pgc', not Litecoin's 'ltc', so
 *   they are left out; no 'ltc1' vectors were found in the stored sources.
 * - dogecoin/dogecoin src/test/data/key_io_valid.json (commit 1739df98befb1bd45366ca8207bd8b9ca45014ab).
 *   Its 'dg1' bech32 entries are left out: Dogecoin mainnet has no segwit addresses in use.
 */
export interface ChainKeyIoVector {
  address: string;
  scriptPubKey: string;
}

export const litecoinKeyIoValidMainnet: ChainKeyIoVector[] = [
  { address: 'LT2KVaAy1ppRuxRgrS5RNU3vBsy7RibPeA', scriptPubKey: '76a914558dbca7118cd5894502767c7b2ffc21a22f54db88ac' },
  { address: 'MHrYRxAiMNBTku3eoDHwhA1LQGDjUStZW2', scriptPubKey: 'a9146d328a5b2a20d943a641c8d29b6cc3c2d2df85d387' },
  { address: 'M9dw1FAoWpHC6PcMzoCHhqQ9McvTyG5Ywj', scriptPubKey: 'a914130ef8742ad7492b389509252c6721775fb1127387' },
  { address: 'LbfVMz974gbbGFqXF7FZUpSBWSbwBHDwR5', scriptPubKey: '76a914b4565f467408e9e1c1d2a3b0ccdeff84db3a3b9388ac' },
  { address: 'MWGEAUUZoN4r6puz8KsgnE9wNTQ8fGWCEy', scriptPubKey: 'a914f54ec8d7b0c3f8ab8194db3432d19f8d44d03b1287' },
  { address: 'MNYP3h6XQQcVBohyVrxAtRGhbyvPpXzyFR', scriptPubKey: 'a914a09bd94f4b099d721ddc95bc8ed928aef40833ce87' },
  { address: 'LgUPnP2UZxmFBJb8FDgNd5JcU9b7CNfrw1', scriptPubKey: '76a914e915c49f55d8de0b6041de19c9fa2f21820b201288ac' },
  { address: 'MU2UAbDxiiirZuGTZ6nSaFajsXFkLHozcU', scriptPubKey: 'a914dcc465d5dd517c24c4dc95d7a338fca76d753ddb87' },
];

export const dogecoinKeyIoValidMainnet: ChainKeyIoVector[] = [
  { address: 'DEQU7G2Chw4r1gSKZt2GfKBpGbkbQSwp3S', scriptPubKey: '76a91465a16059864a2fdbc7c99a4723a8395bc6f188eb88ac' },
  { address: 'A36czoRusM4VxnNiEjTaaDcMyr4GB73xw1', scriptPubKey: 'a91474f209f6ea907e2ea48f74fae05782ae8a66525787' },
  { address: 'DF6ADpqER651R2eKfXeJ73iVFW4kRN89jY', scriptPubKey: '76a9146d23156cbbdcc82a5a47eee4c2c7c583c18b6bf488ac' },
  { address: 'AFUoGYXezyc2jkwzhb7vqDa7EH1uQsohmE', scriptPubKey: 'a914fcc5460dd6e2487c7d75b1963625da0e8f4c597587' },
  { address: 'DGDgyyxMXgNxyTnbTZkpexwc1N6iH2RpPf', scriptPubKey: '76a9147987ccaa53d02c8873487ef919677cd3db7a691288ac' },
  { address: 'A1XdhRfSLsLrT5phz4uf2nUrWDdZRbGV7v', scriptPubKey: 'a91463bcc565f9e68ee0189dd5cc67f1b0e5f02f45cb87' },
  { address: 'DLyqbirkSo3HjcC3Bzt2bdB6y9qQjNKyxN', scriptPubKey: '76a914adc1cc2081a27206fae25792f28bbc55b831549d88ac' },
  { address: '9tg8sLnB9okjuNSdgtAWrNPcgijs1yMwBE', scriptPubKey: 'a914188f91a931947eddd7432d6e614387e32b24470987' },
  { address: 'DP5T3SRzC8kBQcnB9saGcaztgtRYd287bv', scriptPubKey: '76a914c4c1b72491ede1eedaca00618407ee0b772cad0d88ac' },
  { address: 'AExFfWPxdVofCd5yvKANCoFx4kqAKxY4ap', scriptPubKey: 'a914f6fe69bcb548a829cce4c57bf6fff8af3a5981f987' },
  { address: 'DDmi8CjxuyXhX3GgFQX4uTghHLD7fgjy12', scriptPubKey: '76a9145eadaf9bb7121f0f192561a5a62f5e5f5421029288ac' },
  { address: '9xC4qGyx38dPXP9sRS9W4oTuKBfR5ueTuH', scriptPubKey: 'a9143f210e7277c899c3a155cc1c90f4106cbddeec6e87' },
  { address: 'D7x7FzHbBCkuSz2DCWJ6JbBmKmG91E3nRZ', scriptPubKey: '76a9141ed467017f043e91ed4c44b4e8dd674db211c4e688ac' },
  { address: 'A15Z1zc395N6Ays2xJJEQAwzQNmBNdDHY7', scriptPubKey: 'a9145ece0cadddc415b1980f001785947120acdb36fc87' },
];
