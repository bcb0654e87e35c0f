// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ClusterView } from './cluster.js';
import { byId, click, inboxReport, mount, stubFetch, testContext, type } from './test-support.js';

afterEach(() => vi.unstubAllGlobals());

const REPORTS = [
  inboxReport('a1', { cluster: 'zh-1', cluster_size: 3, cluster_sources: 2 }),
  inboxReport('b2', { cluster: 'zh-1', cluster_size: 3, cluster_sources: 2 }),
  inboxReport('c3', { cluster: 'zh-1', cluster_size: 3, cluster_sources: 2 }),
];

function node() {
  return stubFetch(({ path, method, body }) => {
    if (path.startsWith('/api/v1/desk/inbox')) return { body: { reports: REPORTS, next: null } };
    if (path.startsWith('/api/v1/desk/events')) return { body: { events: [], next: null } };
    if (path === '/api/v1/desk/clusters/assign' && method === 'POST')
      return { body: { updated: (body as { ids: string[] }).ids.length } };
    if (path.startsWith('/api/v1/desk/clusters?')) {
      const settlement = new URLSearchParams(path.split('?')[1]).get('settlement');
      const other = {
        cluster: 'other-cluster',
        size: 2,
        sources: 2,
        settlement: 'Zhanaozen',
        latest_at: 1_700_000_000,
        sample: 'Жанаозен: бастуют',
      };
      return { body: { clusters: settlement === null || settlement === 'жанаозен' ? [other] : [] } };
    }
    return undefined;
  });
}

describe('a cluster', () => {
  it('shows its size and independent sources as the node counts them, and links to coding it', async () => {
    const calls = node();
    const { ctx } = testContext();
    const root = await mount(<ClusterView cluster="zh-1" />, ctx);
    expect(calls[0]?.path).toContain('cluster=zh-1');
    expect(calls[0]?.path).toContain('status=all');
    expect(calls[0]?.path).toContain('limit=200');
    expect(byId('cluster-size').textContent).toBe('3');
    expect(byId('cluster-sources').textContent).toBe('2');
    expect(byId<HTMLAnchorElement>('code-cluster').getAttribute('href')).toBe('#/event/new?cluster=zh-1');
    // Inside the cluster, the cards do not link to it again.
    expect(root.querySelector('article.report a[href^="#/cluster/"]')).toBeNull();
  });

  it('splits the selected reports off under the name given', async () => {
    const calls = node();
    const { ctx, asked } = testContext();
    await mount(<ClusterView cluster="zh-1" />, ctx);
    expect(byId<HTMLInputElement>('split-name').value).toMatch(/^zh-1-split-[0-9a-f]{4}$/);
    expect(byId<HTMLButtonElement>('cluster-split').disabled).toBe(true);
    await click(byId(`select-${REPORTS[1]!.id}`));
    await type(byId('split-name'), 'zh-strike');
    await click(byId('cluster-split'));
    const split = calls.find((c) => c.path === '/api/v1/desk/clusters/assign');
    expect(split?.body).toEqual({ ids: [REPORTS[1]!.id], cluster: 'zh-strike' });
    expect(asked.announced).toEqual(['The selected reports are now in cluster zh-strike.']);
    // A fresh name for the next split.
    expect(byId<HTMLInputElement>('split-name').value).toMatch(/^zh-1-split-/);
  });

  it('merges the whole cluster into one picked from a search, after a yes, and opens it', async () => {
    const calls = node();
    const { ctx, asked } = testContext();
    const root = await mount(<ClusterView cluster="zh-1" />, ctx);
    // Nothing picked yet: nothing to merge.
    expect(byId<HTMLButtonElement>('cluster-merge-all').disabled).toBe(true);
    await type(byId('merge-find'), 'жанаозен');
    await click(byId('merge-search'));
    const search = calls.filter((c) => c.path.startsWith('/api/v1/desk/clusters?'));
    expect(search.some((c) => c.path.includes('exclude=zh-1'))).toBe(true);
    const radio = root.querySelector<HTMLInputElement>('input[name="merge_target"]')!;
    expect(radio.parentElement!.textContent).toContain('Zhanaozen');
    await click(radio);
    await click(byId('cluster-merge-all'));
    // A confirmation first: nothing moved yet.
    expect(calls.some((c) => c.path === '/api/v1/desk/clusters/assign')).toBe(false);
    expect(byId('merge-confirm-text').textContent).toContain('3');
    await click(byId('merge-yes'));
    const merge = calls.find((c) => c.path === '/api/v1/desk/clusters/assign');
    expect(merge?.body).toEqual({ ids: REPORTS.map((r) => r.id), cluster: 'other-cluster' });
    expect(asked.go).toEqual(['#/cluster/other-cluster']);
  });
});
