import { describe, expect, it } from 'vitest';
import type { DossierSummary } from '../../contract';
import { addDossier, emptyTrail, indicatorOf, labelledNodes, layoutTrail, nodeGap, trailNodeId } from './trail';

const dossier = (value: string, links: DossierSummary['links'], sameChannel: DossierSummary['sameChannel'] = []): DossierSummary => ({
  type: 'btc',
  value,
  referrals: 7,
  units: ['eu-iru'],
  platforms: ['telegram'],
  groups: [],
  categories: ['financing'],
  links,
  sameChannel,
});

describe('the money trail', () => {
  it('joins the dossiers opened: one node per indicator, channel or group, one edge per co-occurrence', () => {
    const trail = emptyTrail();
    addDossier(trail, dossier('bc1qa', [
      { kind: 'indicator', name: 'iban:DE89370400440532013000', referrals: 3 },
      { kind: 'channel', name: 'telegram:donate_chan', referrals: 5 },
      { kind: 'group', name: 'isil', referrals: 2 },
    ], [{ channel: 'telegram:donate_chan', type: 'eth', value: '0xabc' }]));
    // The IBAN's own dossier names the wallet back, with a later count, and a new handle.
    addDossier(trail, { ...dossier('x', []), type: 'iban', value: 'DE89370400440532013000', links: [{ kind: 'indicator', name: 'btc:bc1qa', referrals: 4 }, { kind: 'indicator', name: 'messenger_handle:@spender', referrals: 1 }] });
    expect([...trail.nodes.keys()].sort()).toEqual(
      ['channel:telegram:donate_chan', 'group:isil', 'indicator:btc:bc1qa', 'indicator:eth:0xabc', 'indicator:iban:DE89370400440532013000', 'indicator:messenger_handle:@spender'].sort(),
    );
    expect(trail.nodes.get(trailNodeId('indicator', 'iban:DE89370400440532013000'))?.opened).toBe(true);
    expect(trail.nodes.get(trailNodeId('indicator', 'eth:0xabc'))?.opened).toBe(false);
    expect(trail.edges.size).toBe(5);
    const walletIban = [...trail.edges.values()].find((edge) => edge.source.includes('bc1qa') && edge.target.includes('DE89') || edge.target.includes('bc1qa') && edge.source.includes('DE89'));
    expect(walletIban?.referrals).toBe(4);
    expect(indicatorOf({ kind: 'indicator', name: 'payment_link:https://pay.example/x?a=1' })).toEqual({ type: 'payment_link', value: 'https://pay.example/x?a=1' });
    expect(indicatorOf({ kind: 'channel', name: 'telegram:donate_chan' })).toBeUndefined();
  });

  it('draws 500 nodes without two overlapping, inside its bounds, the same way every time', () => {
    const trail = emptyTrail();
    // Ten opened wallets, each with 49 neighbours, some shared: 500 nodes.
    for (let hub = 0; hub < 10; hub += 1) {
      const links = Array.from({ length: 49 }, (_, n) => ({ kind: n % 7 === 0 ? ('channel' as const) : ('indicator' as const), name: n % 7 === 0 ? `telegram:chan_${hub}_${n}` : `eth:0x${hub}_${n}`, referrals: 1 + (n % 5) }));
      if (hub > 0) links[0] = { kind: 'indicator', name: `btc:hub${hub - 1}`, referrals: 9 };
      addDossier(trail, { ...dossier(`hub${hub}`, links) });
    }
    expect(trail.nodes.size).toBeGreaterThanOrEqual(490);
    const layout = layoutTrail(trail);
    expect(layout.nodes).toHaveLength(trail.nodes.size);
    let closest = Infinity;
    for (let i = 0; i < layout.nodes.length; i += 1) {
      const a = layout.nodes[i]!;
      expect(Number.isFinite(a.x) && Number.isFinite(a.y)).toBe(true);
      expect(a.x - a.radius).toBeGreaterThanOrEqual(layout.bounds.x);
      expect(a.y + a.radius).toBeLessThanOrEqual(layout.bounds.y + layout.bounds.height);
      for (let j = i + 1; j < layout.nodes.length; j += 1) {
        const b = layout.nodes[j]!;
        closest = Math.min(closest, Math.hypot(a.x - b.x, a.y - b.y) - a.radius - b.radius);
      }
    }
    // Circles never overlap (a little of the gap may give way where many press together).
    expect(closest).toBeGreaterThan(0);
    expect(closest).toBeGreaterThan(nodeGap - 3);
    const again = layoutTrail(trail);
    expect(again.nodes.map((node) => [node.id, node.x, node.y])).toEqual(layout.nodes.map((node) => [node.id, node.x, node.y]));
    // Labels go to the opened hubs first.
    const labelled = labelledNodes(layout, 10);
    expect([...labelled].every((id) => trail.nodes.get(id)?.opened)).toBe(true);
  }, 60_000);
});
