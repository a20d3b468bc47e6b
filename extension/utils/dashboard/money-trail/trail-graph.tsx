import { useMemo } from 'preact/hooks';
import { t, type MessageKey } from '../../i18n';
import { indicatorHref } from '../ui/router';
import { indicatorOf, labelledNodes, layoutTrail, type MoneyTrail, type PlacedNode, type TrailNodeKind } from './trail';

const kindNames: Record<TrailNodeKind, MessageKey> = { indicator: 'trailKind_indicator', channel: 'trailKind_channel', group: 'trailKind_group' };

/** Long values (URLs, wallets) are cut for the drawing; the full name is in the node's title and the table. */
const shortName = (name: string): string => (name.length > 28 ? `${name.slice(0, 12)}…${name.slice(-12)}` : name);

const NodeShape = ({ node, labelled }: { node: PlacedNode; labelled: boolean }) => {
  const title = `${t(kindNames[node.kind])}: ${node.name} · ${t('trailReferrals', node.referrals)}`;
  const shape = (
    <>
      <title>{title}</title>
      <circle cx={node.x} cy={node.y} r={node.radius} class={`node ${node.kind}${node.opened ? ' opened' : ''}`} />
      {labelled ? (
        <text x={node.x + node.radius + 3} y={node.y + 4} class="node-label">
          {shortName(node.name)}
        </text>
      ) : null}
    </>
  );
  const indicator = indicatorOf(node);
  // An indicator opens its own page, which adds its dossier to the trail; other nodes are not pages.
  return indicator ? (
    // The accessible name starts with the label drawn, so what is seen is what is spoken.
    <a href={indicatorHref(indicator.type, indicator.value)} aria-label={labelled ? `${shortName(node.name)} — ${title}` : title} data-node={node.id}>
      {shape}
    </a>
  ) : (
    <g data-node={node.id}>{shape}</g>
  );
};

/**
 * The money trail drawn as an SVG: positions from the force layout, captured names as SVG text
 * (never markup), and a table of the same nodes for keyboard and screen-reader users.
 */
export const TrailGraph = ({ trail, version }: { trail: MoneyTrail; version: number }) => {
  // The trail is mutated in place as dossiers are added; `version` says when to lay it out again.
  const layout = useMemo(() => layoutTrail(trail), [trail, version]);
  const labelled = useMemo(() => labelledNodes(layout), [layout]);
  if (layout.nodes.length === 0) return null;
  const { x, y, width, height } = layout.bounds;
  return (
    <figure id="money-trail" class="money-trail" data-nodes={String(layout.nodes.length)} data-edges={String(layout.edges.length)}>
      <svg viewBox={`${x} ${y} ${width} ${height}`} role="group" aria-label={t('trailHeading')}>
        <g class="edges">
          {layout.edges.map((edge) => (
            <line key={`${edge.source.id}>${edge.target.id}`} x1={edge.source.x} y1={edge.source.y} x2={edge.target.x} y2={edge.target.y} stroke-width={Math.min(4, 1 + Math.log2(edge.referrals))} />
          ))}
        </g>
        <g class="nodes">
          {layout.nodes.map((node) => (
            <NodeShape key={node.id} node={node} labelled={labelled.has(node.id)} />
          ))}
        </g>
      </svg>
      <figcaption>{t('trailCaption', layout.nodes.length, layout.edges.length)}</figcaption>
    </figure>
  );
};
