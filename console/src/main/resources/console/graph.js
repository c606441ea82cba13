// A state machine's graph: the definition read into nodes, edges and clusters, laid out by dagre
// (a compound graph: Parallel branches and Map iterators are clusters) and drawn as SVG.
//
// dagre does not route edges to a cluster itself, so a Parallel or Map state is drawn as its own
// node at the top of its cluster, with edges to each branch's first state, and a small join node
// at the bottom that the branches' last states lead to and the state's Next leaves from.

import {s} from './dom.js';

const START = '__start';
const END = '__end';

/** Reads an ASL definition (text or object) into {nodes, edges, clusters}. */
export function readDefinition(definition) {
  const asl = typeof definition === 'string' ? JSON.parse(definition) : definition;
  const graph = {nodes: [], edges: [], clusters: []};
  graph.nodes.push({id: START, kind: 'start', label: 'Start', parent: null});
  graph.nodes.push({id: END, kind: 'end', label: 'End', parent: null});
  addStates(graph, asl, null, START, END);
  return graph;
}

export function stateNodeId(name) {
  return 'state:' + name;
}

function addStates(graph, machine, parent, enterFrom, exitTo) {
  const states = machine.States || {};
  if (machine.StartAt && states[machine.StartAt]) {
    graph.edges.push({from: enterFrom, to: stateNodeId(machine.StartAt), kind: 'next'});
  }
  for (const [name, state] of Object.entries(states)) {
    const id = stateNodeId(name);
    let leaveFrom = id;
    let nodeParent = parent;
    const inner = state.Type === 'Parallel' ? (state.Branches || [])
      : state.Type === 'Map' ? [state.ItemProcessor || state.Iterator].filter(Boolean) : null;
    if (inner) {
      const cluster = 'cluster:' + name;
      graph.clusters.push({id: cluster, label: state.Type === 'Map' ? name + ' (iterations)' : name, parent});
      nodeParent = cluster;
      leaveFrom = 'join:' + name;
      graph.nodes.push({id: leaveFrom, kind: 'join', label: '', parent: cluster});
      inner.forEach((branch, i) => {
        const branchCluster = cluster + '#' + i;
        graph.clusters.push({id: branchCluster, label: state.Type === 'Map' ? 'Iterator' : 'Branch ' + (i + 1),
          parent: cluster});
        addStates(graph, branch, branchCluster, id, leaveFrom);
      });
    }
    graph.nodes.push({id, kind: 'state', label: name, type: state.Type, state: name, parent: nodeParent,
      retries: (state.Retry || []).length});
    if (state.Next && states[state.Next]) {
      graph.edges.push({from: leaveFrom, to: stateNodeId(state.Next), kind: 'next'});
    }
    if (state.End === true || state.Type === 'Succeed') {
      graph.edges.push({from: leaveFrom, to: exitTo, kind: 'next'});
    }
    if (state.Type === 'Choice') {
      (state.Choices || []).forEach((choice, i) => {
        if (states[choice.Next]) {
          graph.edges.push({from: id, to: stateNodeId(choice.Next), kind: 'choice', label: describeRule(choice, i)});
        }
      });
      if (state.Default && states[state.Default]) {
        graph.edges.push({from: id, to: stateNodeId(state.Default), kind: 'default', label: 'Default'});
      }
    }
    for (const retry of state.Retry || []) {
      graph.edges.push({from: id, to: id, kind: 'retry', label: 'Retry ' + (retry.ErrorEquals || []).join(', ')});
    }
    for (const c of state.Catch || []) {
      if (states[c.Next]) {
        graph.edges.push({from: id, to: stateNodeId(c.Next), kind: 'catch',
          label: 'Catch ' + (c.ErrorEquals || []).join(', ')});
      }
    }
  }
}

const COMPARATORS = ['StringEquals', 'StringLessThan', 'StringGreaterThan', 'StringLessThanEquals',
  'StringGreaterThanEquals', 'StringMatches', 'NumericEquals', 'NumericLessThan', 'NumericGreaterThan',
  'NumericLessThanEquals', 'NumericGreaterThanEquals', 'BooleanEquals', 'TimestampEquals', 'TimestampLessThan',
  'TimestampGreaterThan', 'TimestampLessThanEquals', 'TimestampGreaterThanEquals', 'IsNull', 'IsPresent',
  'IsNumeric', 'IsString', 'IsBoolean', 'IsTimestamp'];

/** A Choice rule in a few words: "$.x NumericEquals 1", a JSONata Condition, or "rule 2". */
function describeRule(rule, index) {
  if (typeof rule.Condition === 'string') return short(rule.Condition);
  if (rule.Variable) {
    for (const key of Object.keys(rule)) {
      const comparator = key.replace(/Path$/, '');
      if (COMPARATORS.includes(comparator)) return short(rule.Variable + ' ' + key + ' ' + JSON.stringify(rule[key]));
    }
  }
  for (const op of ['And', 'Or', 'Not']) {
    if (rule[op]) return op + ' …';
  }
  return 'rule ' + (index + 1);
}

function short(text) {
  return text.length > 40 ? text.slice(0, 39) + '…' : text;
}

let measureContext;

function textWidth(text, font) {
  measureContext ??= document.createElement('canvas').getContext('2d');
  measureContext.font = font;
  return Math.ceil(measureContext.measureText(text).width);
}

const NODE_FONT = '600 13px system-ui, sans-serif';
const LABEL_FONT = '11px system-ui, sans-serif';

/** Lays graph out with dagre; answers the dagre graph (nodes, clusters and edges with positions). */
export function layout(graph) {
  const g = new dagre.graphlib.Graph({compound: true, multigraph: true});
  g.setGraph({rankdir: 'TB', nodesep: 28, ranksep: 44, edgesep: 12, marginx: 16, marginy: 16});
  g.setDefaultEdgeLabel(() => ({}));
  for (const c of graph.clusters) g.setNode(c.id, {cluster: c, label: c.label, paddingTop: 24});
  for (const n of graph.nodes) {
    const size = n.kind === 'state' ? {width: Math.max(textWidth(n.label, NODE_FONT) + 32, 110), height: 44}
      : n.kind === 'join' ? {width: 12, height: 12} : {width: 64, height: 28};
    g.setNode(n.id, {...size, node: n});
  }
  for (const c of graph.clusters) if (c.parent) g.setParent(c.id, c.parent);
  for (const n of graph.nodes) if (n.parent) g.setParent(n.id, n.parent);
  graph.edges.forEach((e, i) => {
    const label = e.label ? {width: textWidth(e.label, LABEL_FONT) + 8, height: 16, labelpos: 'c'} : {};
    g.setEdge(e.from, e.to, {...label, edge: e}, 'e' + i);
  });
  dagre.layout(g);
  return g;
}

/**
 * Draws a laid out graph as an SVG element. outcomeOf(stateName) gives a state's outcome class
 * (or null: no outcome shown); onSelect(stateName) hears of a click or Enter on a state.
 */
export function draw(g, outcomeOf, onSelect) {
  const {width, height} = g.graph();
  const svg = s('svg', {class: 'graph', viewBox: `0 0 ${Math.ceil(width)} ${Math.ceil(height)}`,
    width: Math.ceil(width), height: Math.ceil(height), role: 'group', 'aria-label': 'State machine graph'},
  s('defs', null,
    ['next', 'choice', 'default', 'catch', 'retry'].map((kind) => s('marker', {id: 'arrow-' + kind,
      class: 'arrow arrow-' + kind, viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 7, markerHeight: 7,
      orient: 'auto-start-reverse'}, s('path', {d: 'M0,0 L10,5 L0,10 z'})))));
  const clusters = g.nodes().filter((id) => g.node(id).cluster)
    .sort((a, b) => depth(g, a) - depth(g, b));
  for (const id of clusters) {
    const c = g.node(id);
    svg.append(s('g', {class: 'cluster' + (id.includes('#') ? ' branch' : ''), 'data-cluster': id},
      s('rect', {x: c.x - c.width / 2, y: c.y - c.height / 2, width: c.width, height: c.height, rx: 8}),
      s('text', {x: c.x - c.width / 2 + 8, y: c.y - c.height / 2 + 14}, c.label)));
  }
  for (const ref of g.edges()) {
    const e = g.edge(ref);
    const points = e.points || [];
    const d = points.map((p, i) => (i ? 'L' : 'M') + p.x.toFixed(1) + ',' + p.y.toFixed(1)).join(' ');
    const kind = e.edge.kind;
    svg.append(s('path', {class: 'edge edge-' + kind, d, 'marker-end': `url(#arrow-${kind})`,
      'data-from': e.edge.from, 'data-to': e.edge.to}));
    if (e.edge.label && e.x != null) {
      const w = textWidth(e.edge.label, LABEL_FONT) + 8;
      svg.append(s('g', {class: 'edge-label edge-label-' + kind},
        s('rect', {x: e.x - w / 2, y: e.y - 8, width: w, height: 16, rx: 3}),
        s('text', {x: e.x, y: e.y + 4, 'text-anchor': 'middle'}, e.edge.label)));
    }
  }
  for (const id of g.nodes()) {
    const v = g.node(id);
    if (!v.node) continue;
    svg.append(drawNode(v, outcomeOf, onSelect));
  }
  return svg;
}

/**
 * Recolours a drawn graph's states in place (live updates), so focus, selection and scrolling stay
 * where the reader left them.
 */
export function paint(svg, outcomeOf) {
  for (const group of svg.querySelectorAll('.node[data-state]')) {
    const name = group.getAttribute('data-state');
    const result = outcomeOf(name);
    for (const o of [...group.classList]) if (o.startsWith('outcome-')) group.classList.remove(o);
    if (result) group.classList.add('outcome-' + result);
    group.setAttribute('data-outcome', result ?? '');
    group.setAttribute('aria-label', `${name} (${group.getAttribute('data-type')})${result ? ': ' +
      result.replace('-', ' ') : ''}`);
  }
}

function depth(g, id) {
  let d = 0;
  for (let p = g.parent(id); p; p = g.parent(p)) d++;
  return d;
}

function drawNode(v, outcomeOf, onSelect) {
  const n = v.node;
  const x = v.x - v.width / 2;
  const y = v.y - v.height / 2;
  if (n.kind === 'join') {
    return s('circle', {class: 'join', cx: v.x, cy: v.y, r: 5});
  }
  if (n.kind !== 'state') {
    return s('g', {class: 'terminal terminal-' + n.kind, 'data-node': n.kind},
      s('rect', {x, y, width: v.width, height: v.height, rx: v.height / 2}),
      s('text', {x: v.x, y: v.y + 4, 'text-anchor': 'middle'}, n.label));
  }
  const result = outcomeOf(n.state);
  const group = s('g', {class: 'node' + (result ? ' outcome-' + result : ''), 'data-state': n.state,
    'data-type': n.type, 'data-outcome': result, tabindex: 0, role: 'button',
    'aria-label': `${n.state} (${n.type})${result ? ': ' + result.replace('-', ' ') : ''}`},
  s('title', null, `${n.state} (${n.type})${result ? ' — ' + result : ''}`),
  s('rect', {x, y, width: v.width, height: v.height, rx: 6}),
  s('text', {class: 'name', x: v.x, y: v.y - 2, 'text-anchor': 'middle'}, n.label),
  s('text', {class: 'type', x: v.x, y: v.y + 13, 'text-anchor': 'middle'},
    n.type + (n.retries ? ' · retries' : '')));
  group.addEventListener('click', () => onSelect(n.state));
  group.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      onSelect(n.state);
    }
  });
  return group;
}
