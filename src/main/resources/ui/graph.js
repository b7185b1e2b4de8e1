// Librarian's graph view: the entities around one entity (GET /graphs) drawn as an SVG, the chosen entity in the
// middle, the others placed by a force-directed layout, labels kept from covering each other, a legend of the entity
// types, at most FIRST_NODES nodes until "Show more". Names come from /graph/label/search and /graph/label/popular.
'use strict';

(function () {
  const { api, el } = window.Librarian;
  const SVG = 'http://www.w3.org/2000/svg';
  const WIDTH = 900;
  const HEIGHT = 480;
  // a main character has hundreds of neighbours: the first FIRST_NODES are drawn, "Show more" adds MORE_NODES
  const FIRST_NODES = 30;
  const MORE_NODES = 30;
  const MAX_NODES = 150;
  const PALETTE = ['#2f6fde', '#1f9d55', '#d9822b', '#8e44ad', '#c0392b', '#16a0a0', '#b7950b', '#5d6d7e'];
  // LightRAG's usual entity types get colours of their own; any other type a colour from its name
  const TYPE_COLOURS = {
    person: 0, organization: 1, location: 2, geo: 2, event: 3, category: 4, concept: 5, object: 6, artifact: 6,
  };

  const svg = document.getElementById('graph-view');
  const input = document.getElementById('entity');
  const status = document.getElementById('graph-status');
  const details = document.getElementById('graph-details');
  const labels = document.getElementById('entity-labels');
  const popular = document.getElementById('popular');
  const legend = document.getElementById('graph-legend');
  const more = document.getElementById('graph-more');
  const DETAILS_HINT = details.textContent;
  let shown = null; // { name, cap } of the graph on screen

  function colour(type) {
    const known = TYPE_COLOURS[String(type || '').toLowerCase()];
    if (known !== undefined) return PALETTE[known];
    let h = 0;
    for (const ch of String(type || '')) h = (h * 31 + ch.codePointAt(0)) >>> 0;
    return PALETTE[h % PALETTE.length];
  }

  function typeOf(node) {
    return (node.properties || {}).entity_type || 'entity';
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

  // Nothing on screen belongs to an entity any more: side panel, legend and "Show more" go back to their start.
  function clearView(text) {
    placeholder(text);
    details.className = 'details muted';
    details.textContent = DETAILS_HINT;
    legend.replaceChildren();
    more.hidden = true;
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

  // Force-directed (Fruchterman–Reingold), seeded with rings by hop so the result is the same on every draw: nodes
  // push each other apart, relations pull, the centre stays in the middle. Horizontal distances count double in the
  // push, as labels are wide and short.
  function layout(centre, nodes, edges) {
    const { depth } = hops(centre, nodes, edges);
    const maxHop = Math.max(1, ...[...depth.values()]);
    const pos = new Map();
    for (let k = 0; k <= maxHop; k++) {
      const ring = nodes.map((n) => n.id).filter((id) => depth.get(id) === k).sort();
      ring.forEach((id, i) => {
        const angle = -Math.PI / 2 + (k % 2 ? 0 : Math.PI / ring.length) + (2 * Math.PI * i) / ring.length;
        const r = k === 0 ? 0 : k / maxHop;
        pos.set(id, { x: WIDTH / 2 + (WIDTH / 2 - 90) * r * Math.cos(angle),
          y: HEIGHT / 2 + (HEIGHT / 2 - 30) * r * Math.sin(angle) });
      });
    }
    const ids = nodes.map((n) => n.id).filter((id) => pos.has(id));
    const links = edges.filter((e) => pos.has(e.source) && pos.has(e.target) && e.source !== e.target);
    const k = Math.sqrt((WIDTH * HEIGHT) / Math.max(1, ids.length)) * 0.8;
    const rounds = 250;
    for (let round = 0; round < rounds; round++) {
      const heat = (WIDTH / 8) * (1 - round / rounds) + 1;
      const move = new Map(ids.map((id) => [id, { x: 0, y: 0 }]));
      for (let i = 0; i < ids.length; i++) {
        const a = pos.get(ids[i]);
        for (let j = i + 1; j < ids.length; j++) {
          const b = pos.get(ids[j]);
          const dx = (a.x - b.x) / 2;
          const dy = a.y - b.y;
          const d = Math.max(0.01, Math.hypot(dx, dy));
          const push = (k * k) / d;
          const mi = move.get(ids[i]);
          const mj = move.get(ids[j]);
          mi.x += (dx / d) * push; mi.y += (dy / d) * push;
          mj.x -= (dx / d) * push; mj.y -= (dy / d) * push;
        }
      }
      links.forEach((e) => {
        const a = pos.get(e.source);
        const b = pos.get(e.target);
        const dx = a.x - b.x;
        const dy = a.y - b.y;
        const d = Math.max(0.01, Math.hypot(dx, dy));
        const pull = (d * d) / k / 2;
        move.get(e.source).x -= (dx / d) * pull; move.get(e.source).y -= (dy / d) * pull;
        move.get(e.target).x += (dx / d) * pull; move.get(e.target).y += (dy / d) * pull;
      });
      ids.forEach((id) => {
        if (id === centre) return;
        const p = pos.get(id);
        const m = move.get(id);
        m.x -= (p.x - WIDTH / 2) * 0.02 * k / 10; // a little gravity keeps unrelated groups on screen
        m.y -= (p.y - HEIGHT / 2) * 0.04 * k / 10;
        const d = Math.max(0.01, Math.hypot(m.x, m.y));
        const step = Math.min(d, heat);
        p.x = Math.min(WIDTH - 40, Math.max(40, p.x + (m.x / d) * step));
        p.y = Math.min(HEIGHT - 20, Math.max(20, p.y + (m.y / d) * step));
      });
    }
    pos.set(centre, { x: WIDTH / 2, y: HEIGHT / 2 });
    return pos;
  }

  function overlaps(a, b) {
    return a.x1 < b.x2 && b.x1 < a.x2 && a.y1 < b.y2 && b.y1 < a.y2;
  }

  // Labels placed one by one, the centre first and then the most connected: beside, below, above or diagonally
  // off their node, wherever they cover no other label, no node and stay inside the view; shortened if nothing
  // fits; left out (the node keeps its tooltip) if even that does not fit.
  function placeLabels(placed) {
    const boxes = [];
    const discs = placed.map(({ p, radius }) => ({ x1: p.x - radius, x2: p.x + radius, y1: p.y - radius, y2: p.y + radius }));
    placed.forEach((item, index) => {
      const { p, radius, label, name } = item;
      for (const text of [shorten(name, 24), shorten(name, 12)]) {
        label.textContent = text;
        const w = label.getComputedTextLength();
        const size = parseFloat(getComputedStyle(label).fontSize) || 12;
        const up = size; // ascent above the baseline, and descent below it
        const down = size * 0.35;
        const gap = radius + 3;
        // baseline positions relative to the node: right, left, below, above, then the four diagonals
        const candidates = [
          [gap, up / 2 - 1, 'start'], [-gap, up / 2 - 1, 'end'], [0, gap + up, 'middle'], [0, -gap - down, 'middle'],
          [gap - 2, gap + up - 3, 'start'], [gap - 2, -gap - down + 3, 'start'],
          [-gap + 2, gap + up - 3, 'end'], [-gap + 2, -gap - down + 3, 'end'],
        ];
        for (const [x, y, anchor] of candidates) {
          const left = anchor === 'start' ? x : anchor === 'end' ? x - w : x - w / 2;
          const box = { x1: p.x + left - 1, x2: p.x + left + w + 1, y1: p.y + y - up - 1, y2: p.y + y + down + 1 };
          if (box.x1 < 0 || box.y1 < 0 || box.x2 > WIDTH || box.y2 > HEIGHT) continue;
          if (boxes.some((b) => overlaps(b, box))) continue;
          if (discs.some((d, i) => i !== index && overlaps(d, box))) continue;
          label.setAttribute('x', x);
          label.setAttribute('y', y);
          label.setAttribute('text-anchor', anchor);
          boxes.push(box);
          return;
        }
      }
      label.remove();
      item.group.classList.add('unlabelled');
    });
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

  // One entry per entity type on screen, the most frequent first: the colour and how many nodes have it.
  function drawLegend(nodes) {
    const counts = new Map();
    nodes.forEach((n) => counts.set(typeOf(n), (counts.get(typeOf(n)) || 0) + 1));
    legend.replaceChildren(...[...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .map(([type, count]) => {
        const item = el('span', 'legend-item');
        item.dataset.type = type;
        const swatch = el('span', 'swatch');
        swatch.style.background = colour(type === 'entity' ? '' : type);
        item.append(swatch, el('span', null, `${type} (${count})`));
        return item;
      }));
  }

  function draw(centre, graph) {
    svg.replaceChildren();
    const pos = layout(centre, graph.nodes, graph.edges);
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
    const placed = [];
    graph.nodes.forEach((n) => {
      const p = pos.get(n.id);
      if (!p) return;
      const isCentre = n.id === centre;
      const g = svgEl('g', { class: 'node' + (isCentre ? ' centre' : ''), transform: `translate(${p.x},${p.y})` });
      g.dataset.id = n.id;
      g.dataset.type = typeOf(n);
      const radius = isCentre ? 13 : 7 + Math.min(5, degree.get(n.id) || 0);
      g.append(svgEl('circle', { r: radius, fill: colour((n.properties || {}).entity_type) }));
      const label = svgEl('text', {});
      const title = svgEl('title');
      title.textContent = n.id + ((n.properties || {}).entity_type ? ` (${n.properties.entity_type})` : '');
      g.append(label, title);
      g.addEventListener('click', () => { input.value = n.id; show(n.id); });
      nodeLayer.append(g);
      placed.push({ p, radius, label, name: n.id, group: g, rank: isCentre ? Infinity : degree.get(n.id) || 0 });
    });
    svg.append(edgeLayer, nodeLayer);
    placed.sort((a, b) => b.rank - a.rank || a.name.localeCompare(b.name));
    placeLabels(placed);
    drawLegend(graph.nodes);
    const centreNode = graph.nodes.find((n) => n.id === centre);
    if (centreNode) showDetails(centreNode, degree.get(centre) || 0);
  }

  async function show(label, cap) {
    const name = label.trim();
    if (!name) return;
    const limit = cap || FIRST_NODES;
    const depth = document.getElementById('graph-depth').value;
    status.className = 'muted';
    status.textContent = 'Loading…';
    try {
      const graph = await api(`/graphs?label=${encodeURIComponent(name)}&max_depth=${depth}&max_nodes=${limit}`);
      if (!graph.nodes.length) {
        shown = null;
        clearView(`No entity named “${shorten(name, 40)}”`);
        status.textContent = '';
        return;
      }
      shown = { name, cap: limit };
      draw(graph.nodes.some((n) => n.id === name) ? name : graph.nodes[0].id, graph);
      status.textContent = `${graph.nodes.length} entities, ${graph.edges.length} relations`
        + (graph.is_truncated ? ` (the ${limit} closest shown)` : '');
      more.hidden = !graph.is_truncated || limit >= MAX_NODES;
      more.textContent = `Show more (${Math.min(MAX_NODES, limit + MORE_NODES)})`;
    } catch (err) {
      shown = null;
      clearView('The graph could not be loaded');
      status.className = 'muted error';
      status.textContent = err.message;
    }
  }

  more.addEventListener('click', () => { if (shown) show(shown.name, Math.min(MAX_NODES, shown.cap + MORE_NODES)); });

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

  clearView('Type an entity name or pick one above');
  loadPopular();
})();
