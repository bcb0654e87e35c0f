import type { FastifyRequest } from 'fastify';
import { describe, expect, it } from 'vitest';
import { generateKeyPair } from '../../../src/crypto/keys.js';
import { HttpAuth } from '../../../src/server/nip98.js';
import { batches, nip98 } from './net.js';

describe('batches', () => {
  it('sends at most 20 wraps a request, fewer if the node says so', () => {
    const wraps = Array.from({ length: 45 }, (_, i) => i);
    expect(batches(wraps).map((b) => b.length)).toEqual([20, 20, 5]);
    expect(batches(wraps, { events_per_request: 7 })[0]).toHaveLength(7);
    expect(batches([])).toEqual([]);
  });
});

describe('nip98', () => {
  it('makes an Authorization header the node’s NIP-98 check accepts for that URL and method', () => {
    const key = generateKeyPair();
    const url = 'http://127.0.0.1:8080/api/v1/wraps?since=1700000000';
    const request = (authorization: string, path = '/api/v1/wraps?since=1700000000') =>
      ({
        headers: { authorization, host: '127.0.0.1:8080' },
        url: path,
        method: 'GET',
      }) as unknown as FastifyRequest;
    const header = nip98(url, 'GET', key.secretKey);
    expect(new HttpAuth().authenticate(request(header))).toBe(key.publicKey);
    expect(() => new HttpAuth().authenticate(request(header, '/api/v1/wraps?since=0'))).toThrow();
  });
});
