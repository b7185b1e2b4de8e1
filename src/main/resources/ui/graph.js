// Librarian's graph view: the entities around one entity (GET /graphs) drawn as an SVG, the chosen entity in the
// middle and each further hop on a wider ring. Names come from /graph/label/search and /graph/label/popular.
'use strict';

(function () {
  const { api, el } = window.Librarian;
  const SVG = 'http://www.w3.org/2000/svg';
  const WIDTH = 900;
  const HEIGHT = 480;
  const MAX_NODES = 60;
  const PALETTE = ['#2f6fde', '#1f9d55', '#d9822b', '#8e44ad', '#c0392b', '#16a0a0', '#b7950b', '#5d6d7e'];

  const svg = document.getElementById('graph-view');
  const input = document.getElementById('entity');
  const status = document.getElementById('graph-status');
  const details = document.getElementById('graph-details');
  const labels = document.getElementById('entity-labels');
  const popular = document.getElementById('popular');

  function colour(type) {
    let h = 0;
    for (const ch of String(type || '')) h = (h * 31 + ch.codePointAt(0)) >>> 0;
    return PALETTE[h % PALETTE.length];
  }

  function svgEl(tag, attrs) {
    const node = document.createElementNS(SVG, tag);
    Object.entries(attrs || {}).forEach(([k, v]) => node.setAttribute(k, String(v)));
    return node;
  }

  function shorten(text, max) {
    return text.length > max ? text.slice(0, max - 1) + '…' : text;
  }

  function placeholder(text) {
    svg.replaceChildren();
    const t = svgEl('text', { x: WIDTH / 2, y: HEIGHT / 2, class: 'placeholder' });
    t.textContent = text;
    svg.append(t);
  }

  // Hop distance of every node from the centre, over the returned edges.
  function hops(centre, nodes, edges) {
    const next = new Map(nodes.map((n) => [n.id, []]));
    edges.forEach((e) => {
      if (next.has(e.source) && next.has(e.target)) {
        next.get(e.source).push(e.target);
        next.get(e.target).push(e.source);
      }
    });
    const depth = new Map([[centre, 0]]);
    const parent = new Map();
    const queue = [centre];
    while (queue.length) {
      const id = queue.shift();
      for (const n of next.get(id) || []) {
        if (!depth.has(n)) { depth.set(n, depth.get(id) + 1); parent.set(n, id); queue.push(n); }
      }
    }
    const outer = Math.max(0, ...depth.values()) + 1; // not reachable from the centre: one ring further out
    nodes.forEach((n) => { if (!depth.has(n.id)) { depth.set(n.id, outer); parent.set(n.id, centre); } });
    return { depth, parent };
  }

  // Centre in the middle, hop k on ring k; a node sits near the angle of the node that led to it.
  function layout(centre, nodes, edges) {
    const { depth, parent } = hops(centre, nodes, edges);
    const maxHop = Math.max(1, ...[...depth.values()]);
    const rx = WIDTH / 2 - 90;
    const ry = HEIGHT / 2 - 40;
    const pos = new Map([[centre, { x: WIDTH / 2, y: HEIGHT / 2, angle: 0 }]]);
    for (let k = 1; k <= maxHop; k++) {
      const ring = nodes.map((n) => n.id).filter((id) => depth.get(id) === k);
      ring.sort((a, b) => (pos.get(parent.get(a)).angle - pos.get(parent.get(b)).angle) || a.localeCompare(b));
      const offset = k % 2 === 0 ? Math.PI / ring.length : 0;
      ring.forEach((id, i) => {
        const angle = -Math.PI / 2 + offset + (2 * Math.PI * i) / ring.length;
        pos.set(id, {
          x: WIDTH / 2 + (rx * k / maxHop) * Math.cos(angle),
          y: HEIGHT / 2 + (ry * k / maxHop) * Math.sin(angle),
          angle,
        });
      });
    }
    return { pos, depth };
  }

  function showDetails(node, degree) {
    details.className = 'details';
    details.replaceChildren();
    const p = node.properties || {};
    const type = el('span', 'type', p.entity_type || 'entity');
    type.style.background = colour(p.entity_type);
    details.append(el('h4', null, node.id), type, el('div', 'muted', `${degree} relation(s) shown`));
    if (p.description) {
      p.description.split('<SEP>').slice(0, 4).forEach((d) => details.append(el('p', null, shorten(d.trim(), 400))));
    }
    if (p.file_path) details.append(el('div', 'muted', 'from ' + p.file_path.split('<SEP>').join(', ')));
  }

  // Labels point away from the centre: beside a node on the left and right, below or above it at the bottom and top.
  function labelPlace(angle, radius, isCentre) {
    const cos = Math.cos(angle);
    const sin = Math.sin(angle);
    if (isCentre || Math.abs(cos) < 0.35) {
      return { y: sin >= 0 ? radius + 14 : -(radius + 5), 'text-anchor': 'middle' };
    }
    return { x: (cos > 0 ? 1 : -1) * (radius + 4), y: 4 + sin * radius, 'text-anchor': cos > 0 ? 'start' : 'end' };
  }

  function draw(centre, graph) {
    svg.replaceChildren();
    const { pos } = layout(centre, graph.nodes, graph.edges);
    const edgeLayer = svgEl('g', { class: 'edges' });
    const nodeLayer = svgEl('g', { class: 'nodes' });
    const degree = new Map();
    graph.edges.forEach((e) => {
      const a = pos.get(e.source);
      const b = pos.get(e.target);
      if (!a || !b) return;
      degree.set(e.source, (degree.get(e.source) || 0) + 1);
      degree.set(e.target, (degree.get(e.target) || 0) + 1);
      const line = svgEl('line', {
        x1: a.x, y1: a.y, x2: b.x, y2: b.y,
        class: 'edge' + (e.source === centre || e.target === centre ? ' from-centre' : ''),
      });
      line.dataset.source = e.source;
      line.dataset.target = e.target;
      const title = svgEl('title');
      const props = e.properties || {};
      title.textContent = `${e.source} — ${e.target}` + (props.keywords ? `\n${props.keywords}` : '')
        + (props.description ? `\n${shorten(props.description.split('<SEP>')[0], 300)}` : '');
      line.append(title);
      edgeLayer.append(line);
    });
    graph.nodes.forEach((n) => {
      const p = pos.get(n.id);
      if (!p) return;
      const isCentre = n.id === centre;
      const g = svgEl('g', { class: 'node' + (isCentre ? ' centre' : ''), transform: `translate(${p.x},${p.y})` });
      g.dataset.id = n.id;
      const radius = isCentre ? 13 : 7 + Math.min(5, degree.get(n.id) || 0);
      g.append(svgEl('circle', { r: radius, fill: colour((n.properties || {}).entity_type) }));
      const label = svgEl('text', labelPlace(isCentre ? Math.PI / 2 : p.angle, radius, isCentre));
      label.textContent = shorten(n.id, 22);
      const title = svgEl('title');
      title.textContent = n.id + ((n.properties || {}).entity_type ? ` (${n.properties.entity_type})` : '');
      g.append(label, title);
      g.addEventListener('click', () => { input.value = n.id; show(n.id); });
      nodeLayer.append(g);
    });
    svg.append(edgeLayer, nodeLayer);
    const centreNode = graph.nodes.find((n) => n.id === centre);
    if (centreNode) showDetails(centreNode, degree.get(centre) || 0);
  }

  async function show(label) {
    const name = label.trim();
    if (!name) return;
    const depth = document.getElementById('graph-depth').value;
    status.className = 'muted';
    status.textContent = 'Loading…';
    try {
      const graph = await api(`/graphs?label=${encodeURIComponent(name)}&max_depth=${depth}&max_nodes=${MAX_NODES}`);
      if (!graph.nodes.length) {
        placeholder(`No entity named “${shorten(name, 40)}”`);
        status.textContent = '';
        return;
      }
      draw(graph.nodes.some((n) => n.id === name) ? name : graph.nodes[0].id, graph);
      status.textContent = `${graph.nodes.length} entities, ${graph.edges.length} relations`
        + (graph.is_truncated ? ` (first ${MAX_NODES} shown)` : '');
    } catch (err) {
      status.className = 'muted error';
      status.textContent = err.message;
    }
  }

  function fillLabels(names) {
    labels.replaceChildren(...names.map((n) => { const o = document.createElement('option'); o.value = n; return o; }));
  }

  async function loadPopular() {
    try {
      const names = await api('/graph/label/popular?limit=8');
      popular.replaceChildren(...names.map((n) => {
        const chip = el('button', 'chip', shorten(n, 24));
        chip.type = 'button';
        chip.title = n;
        chip.addEventListener('click', () => { input.value = n; show(n); });
        return chip;
      }));
      if (!input.value) fillLabels(names);
    } catch (err) { /* the graph view stays usable by typing a name */ }
  }

  let searchTimer = null;
  input.addEventListener('input', () => {
    clearTimeout(searchTimer);
    const q = input.value.trim();
    if (!q) return;
    searchTimer = setTimeout(async () => {
      try { fillLabels(await api(`/graph/label/search?q=${encodeURIComponent(q)}&limit=20`)); } catch (e) { /* none */ }
    }, 200);
  });

  document.getElementById('graph-form').addEventListener('submit', (e) => { e.preventDefault(); show(input.value); });
  document.addEventListener('librarian:processed', loadPopular);

  placeholder('Type an entity name or pick one above');
  loadPopular();
})();
