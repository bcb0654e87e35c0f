import { describe, expect, it } from 'vitest';
import { ApiError } from '../shared/http.js';
import { findMirror, isMirrorManifest, type MirrorManifest, mirrorPath } from './source.js';

const manifest: MirrorManifest = {
  mirror: true,
  generated_at: '2022-01-08T00:00:00Z',
  situation: {
    all: 'api/v1/situation.json',
    variants: [
      { admin1: null, event_type: 'riot', path: 'api/v1/situation/event_type/riot.json' },
      { admin1: 'Almaty', event_type: null, path: 'api/v1/situation/admin1/almaty.json' },
      { admin1: 'Almaty', event_type: 'riot', path: 'api/v1/situation/admin1/almaty/riot.json' },
    ],
  },
  options: 'api/v1/situation/options.json',
  brief: { from: '2022-01-01', to: '2022-01-07', en: 'en.json', ru: 'ru.json', kk: 'kk.json' },
  articles: 'api/v1/events/articles.json',
};

describe('mirrorPath', () => {
  const f = (admin1: string, event_type: string) => ({
    from: '2022-01-03',
    to: '',
    admin1,
    event_type,
    period: '' as const,
  });

  it('finds the file of a region, a type, or both; dates do not matter', () => {
    expect(mirrorPath(manifest, f('', ''))).toBe('api/v1/situation.json');
    expect(mirrorPath(manifest, f('', 'riot'))).toBe('api/v1/situation/event_type/riot.json');
    expect(mirrorPath(manifest, f('Almaty', ''))).toBe('api/v1/situation/admin1/almaty.json');
    expect(mirrorPath(manifest, f('Almaty', 'riot'))).toBe('api/v1/situation/admin1/almaty/riot.json');
  });

  it('has nothing for a choice the mirror did not write', () => {
    expect(mirrorPath(manifest, f('Atyrau Region', ''))).toBeNull();
  });
});

describe('isMirrorManifest and findMirror', () => {
  it('accepts only a manifest that says it is one', () => {
    expect(isMirrorManifest(manifest)).toBe(true);
    expect(isMirrorManifest({ ...manifest, mirror: false })).toBe(false);
    expect(isMirrorManifest({ error: { code: 'not_found' } })).toBe(false);
  });

  it('looks for a mirror only when the API failed as a static server fails', async () => {
    // A node that is down or refuses is not a mirror: no request for mirror.json.
    await expect(findMirror(new ApiError(0, 'network', 'down'))).resolves.toBeNull();
    await expect(findMirror(new ApiError(429, 'rate_limited', 'slow'))).resolves.toBeNull();
    await expect(findMirror(new Error('x'))).resolves.toBeNull();
  });
});
