import { forceCenter, forceCollide, forceLink, forceManyBody, forceSimulation, forceX, forceY, type SimulationLinkDatum, type SimulationNodeDatum } from 'd3-force';
import type { DossierSummary } from '../../contract';

/**
 * The money trail an analyst follows: indicators, channels and groups as nodes, co-occurrence
 * (the same referral, the same channel) as edges, built from the dossiers opened so far. Node
 * names come from captured content (channel names, handles): they are drawn as text only.
 */
export type TrailNodeKind = 'indicator' | 'channel' | 'group';

export interface TrailNode {
  id: string;
  kind: TrailNodeKind;
  /** `<type>:<value>` for an indicator, the channel or group name otherwise. */
  name: string;
  /** Referrals behind the node's strongest edge, or the dossier's own count for an opened indicator. */
  referrals: number;
  /** Whether its own dossier was opened (its edges are all drawn). */
  opened: boolean;
}

export interface TrailEdge {
  source: string;
  target: string;
  referrals: number;
}

export interface MoneyTrail {
  nodes: Map<string, TrailNode>;
  edges: Map<string, TrailEdge>;
}

export const emptyTrail = (): MoneyTrail => ({ nodes: new Map(), edges: new Map() });

export const trailNodeId = (kind: TrailNodeKind, name: string): string => `${kind}:${name}`;

/** An indicator node's type and value, to open its page. */
export const indicatorOf = (node: Pick<TrailNode, 'kind' | 'name'>): { type: string; value: string } | undefined => {
  if (node.kind !== 'indicator') return undefined;
  const at = node.name.indexOf(':');
  return at > 0 ? { type: node.name.slice(0, at), value: node.name.slice(at + 1) } : undefined;
};

const addNode = (trail: MoneyTrail, node: TrailNode): TrailNode => {
  const known = trail.nodes.get(node.id);
  if (!known) {
    trail.nodes.set(node.id, node);
    return node;
  }
  known.referrals = Math.max(known.referrals, node.referrals);
  known.opened ||= node.opened;
  return known;
};

const addEdge = (trail: MoneyTrail, a: string, b: string, referrals: number): void => {
  const [source, target] = a < b ? [a, b] : [b, a];
  const id = `${source}\u0000${target}`;
  const known = trail.edges.get(id);
  // Both ends' dossiers count the same co-occurrence: the larger count is the later one.
  if (known) known.referrals = Math.max(known.referrals, referrals);
  else trail.edges.set(id, { source, target, referrals });
};

/** Adds an opened dossier: its indicator, every linked node with an edge, and the same-channel indicators through their channel. */
export const addDossier = (trail: MoneyTrail, dossier: DossierSummary): MoneyTrail => {
  const centre = addNode(trail, { id: trailNodeId('indicator', `${dossier.type}:${dossier.value}`), kind: 'indicator', name: `${dossier.type}:${dossier.value}`, referrals: dossier.referrals, opened: true });
  for (const link of dossier.links) {
    const node = addNode(trail, { id: trailNodeId(link.kind, link.name), kind: link.kind, name: link.name, referrals: link.referrals, opened: false });
    addEdge(trail, centre.id, node.id, link.referrals);
  }
  for (const seen of dossier.sameChannel) {
    const channel = addNode(trail, { id: trailNodeId('channel', seen.channel), kind: 'channel', name: seen.channel, referrals: 1, opened: false });
    const other = addNode(trail, { id: trailNodeId('indicator', `${seen.type}:${seen.value}`), kind: 'indicator', name: `${seen.type}:${seen.value}`, referrals: 1, opened: false });
    addEdge(trail, channel.id, other.id, 1);
  }
  return trail;
};

export interface PlacedNode extends TrailNode {
  x: number;
  y: number;
  radius: number;
}

export interface TrailLayout {
  nodes: PlacedNode[];
  edges: { source: PlacedNode; target: PlacedNode; referrals: number }[];
  /** The drawing's extent, for the SVG viewBox. */
  bounds: { x: number; y: number; width: number; height: number };
}

/** A node's size grows with the referrals behind it, slowly, so a hub does not cover its neighbours. */
export const radiusOf = (referrals: number): number => 5 + Math.min(9, 2 * Math.log2(1 + referrals));

/** Room around each node kept free of other nodes, so 500 nodes stay apart and clickable. */
export const nodeGap = 3;

type SimNode = TrailNode & SimulationNodeDatum & { radius: number };

/**
 * Places the trail with a force layout (d3-force: links pull, nodes repel, collision keeps a gap).
 * d3-force seeds its positions from a fixed generator, so the same trail is drawn the same way.
 */
export const layoutTrail = (trail: MoneyTrail, ticks = 200): TrailLayout => {
  // No x or y given: d3-force places the nodes on its phyllotaxis spiral before the first tick.
  const nodes: SimNode[] = [...trail.nodes.values()].map((node) => ({ ...node, radius: radiusOf(node.referrals) }));
  const links: (SimulationLinkDatum<SimNode> & { referrals: number })[] = [...trail.edges.values()].map((edge) => ({ source: edge.source, target: edge.target, referrals: edge.referrals }));
  const simulation = forceSimulation<SimNode>(nodes)
    .force('link', forceLink<SimNode, SimulationLinkDatum<SimNode>>(links).id((node) => node.id).distance(40))
    .force('charge', forceManyBody<SimNode>().strength(-60))
    // Unconnected parts of the trail stay near the middle instead of drifting away.
    .force('x', forceX<SimNode>(0).strength(0.04))
    .force('y', forceY<SimNode>(0).strength(0.04))
    .force('collide', forceCollide<SimNode>((node) => node.radius + nodeGap).iterations(3))
    .force('centre', forceCenter(0, 0))
    .stop();
  simulation.tick(ticks);
  // A last pass of collision alone: whatever the pull of the links, no two nodes overlap when drawn.
  simulation.force('link', null).force('charge', null).force('x', null).force('y', null).force('centre', null);
  simulation.alpha(1).tick(40);
  const placed: PlacedNode[] = nodes.map(({ id, kind, name, referrals, opened, radius, x, y }) => ({ id, kind, name, referrals, opened, radius, x: x ?? 0, y: y ?? 0 }));
  const placedById = new Map(placed.map((node) => [node.id, node]));
  const margin = 60;
  const xs = placed.flatMap((node) => [node.x - node.radius, node.x + node.radius]);
  const ys = placed.flatMap((node) => [node.y - node.radius, node.y + node.radius]);
  const [minX, maxX, minY, maxY] = xs.length === 0 ? [0, 0, 0, 0] : [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  return {
    nodes: placed,
    edges: [...trail.edges.values()].flatMap((edge) => {
      const source = placedById.get(edge.source);
      const target = placedById.get(edge.target);
      return source && target ? [{ source, target, referrals: edge.referrals }] : [];
    }),
    bounds: { x: minX - margin, y: minY - margin, width: maxX - minX + 2 * margin, height: maxY - minY + 2 * margin },
  };
};

/** The nodes that get a visible label: opened ones first, then by referrals; the others are named on hover and in the table. */
export const labelledNodes = (layout: TrailLayout, max = 40): Set<string> =>
  new Set(
    [...layout.nodes]
      .sort((a, b) => Number(b.opened) - Number(a.opened) || b.referrals - a.referrals || a.id.localeCompare(b.id))
      .slice(0, max)
      .map((node) => node.id),
  );
