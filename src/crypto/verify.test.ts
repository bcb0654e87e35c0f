import { hexToBytes } from '@noble/hashes/utils.js';
import { finalizeEvent, generateSecretKey } from 'nostr-tools/pure';
import { afterAll, describe, expect, it } from 'vitest';
import { nobleVerify, wasmVerify } from './verify.js';
import { VerifyPool } from './verify-pool.js';

// BIP-340 test vectors (index, public key, message, signature, expected).
const VECTORS: [string, string, string, boolean][] = [
  [
    'F9308A019258C31049344F85F89D5229B531C845836F99B08601F113BCE036F9',
    '0000000000000000000000000000000000000000000000000000000000000000',
    'E907831F80848D1069A5371B402410364BDF1C5F8307B0084C55F1CE2DCA821525F66A4A85EA8B71E482A74F382D2CE5EBEEE8FDB2172F477DF4900D310536C0',
    true,
  ],
  [
    'DD308AFEC5777E13121FA72B9CC1B7CC0139715309B086C960E18FD969774EB8',
    '7E2D58D8B3BCDF1ABADEC7829054F90DDA9805AAB56C77333024B9D0A508B75C',
    '5831AAEED7B44BB74E5EAB94BA9D4294C49BCF2A60728D8B4C200F50DD313C1BAB745879A5AD954A72C45A91C3A51D3C7ADEA98D82F8481E0E1E03674A6F3FB7',
    true,
  ],
  // public key not on the curve
  [
    'EEFDEA4CDB677750A420FEE807EACF21EB9898AE79B9768766E4FAA04A2D4A34',
    '243F6A8885A308D313198A2E03707344A4093822299F31D0082EFA98EC4E6C89',
    '6CFF5C3BA86C69EA4B7376F31A9BCB4F74C1976089B2D9963DA2E5543E17776969E89B4C5564D00349106B8497785DD7D1D713A8AE82B32FA79D5F7FC407D39B',
    false,
  ],
  // negated message
  [
    'DFF1D77F2A671C5F36183726DB2341BE58FEAE1DA2DECED843240F7B502BA659',
    '243F6A8885A308D313198A2E03707344A4093822299F31D0082EFA98EC4E6C89',
    '1FA62E331EDBC21C394792D2AB1100A7B432B013DF3F6FF4F99FCB33E0E1515F28890B3EDB6E7189B630448B515CE4F8622A954CFE545735AAEA5134FCCDB2BD',
    false,
  ],
  // sig[0:32] is not an x-coordinate on the curve
  [
    'DFF1D77F2A671C5F36183726DB2341BE58FEAE1DA2DECED843240F7B502BA659',
    '243F6A8885A308D313198A2E03707344A4093822299F31D0082EFA98EC4E6C89',
    '4A298DACAE57395A15D0795DDBFD1DCB564DA82B0F269BC70A74F8220429BA1D69E89B4C5564D00349106B8497785DD7D1D713A8AE82B32FA79D5F7FC407D39B',
    false,
  ],
  // s equal to the curve order
  [
    'DFF1D77F2A671C5F36183726DB2341BE58FEAE1DA2DECED843240F7B502BA659',
    '243F6A8885A308D313198A2E03707344A4093822299F31D0082EFA98EC4E6C89',
    '6CFF5C3BA86C69EA4B7376F31A9BCB4F74C1976089B2D9963DA2E5543E177769FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141',
    false,
  ],
];

describe('Schnorr verifiers', () => {
  it('the WebAssembly libsecp256k1 verifier agrees with noble on the BIP-340 vectors', () => {
    for (const [pk, msg, sig, expected] of VECTORS) {
      const args = [
        hexToBytes(msg.toLowerCase()),
        hexToBytes(pk.toLowerCase()),
        hexToBytes(sig.toLowerCase()),
      ] as const;
      expect(nobleVerify(...args)).toBe(expected);
      expect(wasmVerify(...args)).toBe(expected);
    }
  });

  it('both refuse a signature with one bit flipped', () => {
    const e = finalizeEvent({ kind: 1, created_at: 1, tags: [], content: 'x' }, generateSecretKey());
    const sig = hexToBytes(e.sig);
    sig[10] = (sig[10] ?? 0) ^ 1;
    expect(nobleVerify(hexToBytes(e.id), hexToBytes(e.pubkey), sig)).toBe(false);
    expect(wasmVerify(hexToBytes(e.id), hexToBytes(e.pubkey), sig)).toBe(false);
  });
});

describe('VerifyPool', () => {
  const pool = new VerifyPool(2);
  afterAll(() => pool.close());

  it('returns one answer per event, in order, for a mix of good and bad signatures', async () => {
    const key = generateSecretKey();
    const events = Array.from({ length: 300 }, (_, i) =>
      finalizeEvent({ kind: 1, created_at: i, tags: [], content: `n${i}` }, key),
    );
    const tampered = events.map((e, i) =>
      i % 7 === 3 ? { ...e, sig: e.sig.replace(/^./, e.sig[0] === 'a' ? 'b' : 'a') } : e,
    );
    const results = await pool.verifyMany(tampered);
    expect(results).toEqual(tampered.map((_, i) => i % 7 !== 3));
  });

  it('verifies on the calling thread when given no workers', async () => {
    const inline = new VerifyPool(0);
    const e = finalizeEvent({ kind: 1, created_at: 1, tags: [], content: 'x' }, generateSecretKey());
    expect(await inline.verify(e)).toBe(true);
    expect(await inline.verify({ ...e, id: e.id.replace(/^./, e.id[0] === '0' ? '1' : '0') })).toBe(false);
    await inline.close();
  });
});
