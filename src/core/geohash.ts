import { ValidationError } from './errors.js';

const BASE32 = '0123456789bcdefghjkmnpqrstuvwxyz';

/** Longest geohash accepted: 12 characters is already finer than a centimetre. */
export const GEOHASH_MAX_PRECISION = 12;

/**
 * Encode a point as a geohash (the `g` tag of public records).
 * Throws ValidationError('invalid_coordinates') for a point off the globe.
 *
 * @example encodeGeohash(57.64911, 10.40744) // 'u4pruy'
 */
export function encodeGeohash(lat: number, lon: number, precision = 6): string {
  if (!Number.isFinite(lat) || lat < -90 || lat > 90 || !Number.isFinite(lon) || lon < -180 || lon > 180) {
    throw new ValidationError('invalid_coordinates', `not a point on the globe: ${lat}, ${lon}`);
  }
  if (!Number.isInteger(precision) || precision < 1 || precision > GEOHASH_MAX_PRECISION) {
    throw new ValidationError('invalid_coordinates', `geohash precision must be 1..${GEOHASH_MAX_PRECISION}`);
  }
  let latLo = -90;
  let latHi = 90;
  let lonLo = -180;
  let lonHi = 180;
  let out = '';
  let bits = 0;
  let value = 0;
  // Bits alternate, longitude first; every 5 bits make one base32 character.
  let evenBit = true;
  while (out.length < precision) {
    if (evenBit) {
      const mid = (lonLo + lonHi) / 2;
      if (lon >= mid) {
        value = value * 2 + 1;
        lonLo = mid;
      } else {
        value *= 2;
        lonHi = mid;
      }
    } else {
      const mid = (latLo + latHi) / 2;
      if (lat >= mid) {
        value = value * 2 + 1;
        latLo = mid;
      } else {
        value *= 2;
        latHi = mid;
      }
    }
    evenBit = !evenBit;
    bits += 1;
    if (bits === 5) {
      out += BASE32[value];
      bits = 0;
      value = 0;
    }
  }
  return out;
}

/** The cell a geohash names: its centre and half its height and width, in degrees. */
export type GeohashCell = { lat: number; lon: number; latError: number; lonError: number };

/**
 * Decode a geohash to the centre of its cell.
 * Throws ValidationError('invalid_geohash') for a string that is not a geohash.
 *
 * @example decodeGeohash('u4pruy') // { lat: 57.6490…, lon: 10.4095…, latError: 0.0027…, lonError: 0.0054… }
 */
export function decodeGeohash(hash: string): GeohashCell {
  if (hash.length < 1 || hash.length > GEOHASH_MAX_PRECISION) {
    throw new ValidationError('invalid_geohash', `a geohash has 1..${GEOHASH_MAX_PRECISION} characters`);
  }
  let latLo = -90;
  let latHi = 90;
  let lonLo = -180;
  let lonHi = 180;
  let evenBit = true;
  for (const ch of hash.toLowerCase()) {
    const value = BASE32.indexOf(ch);
    if (value < 0) throw new ValidationError('invalid_geohash', `not a geohash character: '${ch}'`);
    for (let bit = 4; bit >= 0; bit -= 1) {
      const on = ((value >> bit) & 1) === 1;
      if (evenBit) {
        const mid = (lonLo + lonHi) / 2;
        if (on) lonLo = mid;
        else lonHi = mid;
      } else {
        const mid = (latLo + latHi) / 2;
        if (on) latLo = mid;
        else latHi = mid;
      }
      evenBit = !evenBit;
    }
  }
  return {
    lat: (latLo + latHi) / 2,
    lon: (lonLo + lonHi) / 2,
    latError: (latHi - latLo) / 2,
    lonError: (lonHi - lonLo) / 2,
  };
}
