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

  it('splits the selected reports off under the name given, and merges the whole cluster', async () => {
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

    await type(byId('merge-into'), ' other-cluster ');
    await click(byId('cluster-merge-all'));
    const merge = calls.filter((c) => c.path === '/api/v1/desk/clusters/assign')[1];
    expect(merge?.body).toEqual({ ids: REPORTS.map((r) => r.id), cluster: 'other-cluster' });
  });
});
