// Librarian's page: documents with live status, upload, questions. No framework; every server text is put in
// the page as text (textContent), never as HTML.
'use strict';

(function () {
  const POLL_MS = 2000;          // GET /documents while the event stream is not available
  const STREAM_RETRY_MS = 30000; // how often polling tries the event stream again
  const REFRESH_MS = 30000;      // full reload even while live, so removed documents leave the table
  const KEY_STORE = 'librarian.apiKey';

  const $ = (id) => document.getElementById(id);

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  // --- API access (X-API-Key when one is set) --------------------------------------------------------------

  const keyInput = $('api-key');
  keyInput.value = localStorage.getItem(KEY_STORE) || '';
  const apiKey = () => keyInput.value.trim();

  async function api(path, options) {
    const opts = Object.assign({}, options || {});
    const headers = Object.assign({}, opts.headers || {});
    if (apiKey()) headers['X-API-Key'] = apiKey();
    opts.headers = headers;
    const res = await fetch(path, opts);
    const text = await res.text();
    let body = null;
    try { body = text ? JSON.parse(text) : null; } catch (e) { body = null; }
    if (!res.ok) {
      const detail = body && body.detail !== undefined ? body.detail : null;
      const message = detail === null ? `${res.status} ${res.statusText || 'error'}`
        : (typeof detail === 'string' ? detail : JSON.stringify(detail));
      throw new Error(message);
    }
    return body;
  }

  window.Librarian = { api, el };

  // --- documents -------------------------------------------------------------------------------------------

  const docs = new Map();          // id -> latest record (GET /documents shape, merged with stream events)
  const rows = new Map();          // id -> <tr>
  const tbody = document.querySelector('#documents tbody');

  // Extraction is most of a document's work; merging, embedding and storing come after the last chunk, so a bar
  // is only full once the document is processed.
  const EXTRACTION_SHARE = 0.95;

  function chunkCounts(doc) {
    const total = Number(doc.chunks_total);
    const done = Number(doc.chunks_done);
    return doc.chunks_total != null && total > 0 && doc.chunks_done != null && done >= 0
      ? { done: Math.min(done, total), total } : null;
  }

  function fraction(doc) {
    if (doc.status === 'processed') return 1;
    const counts = chunkCounts(doc);
    return counts ? EXTRACTION_SHARE * counts.done / counts.total : null;
  }

  function shortTime(iso) {
    if (!iso) return '';
    const t = new Date(iso);
    if (isNaN(t.getTime())) return '';
    const now = new Date();
    return t.toDateString() === now.toDateString()
      ? t.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false })
      : t.toLocaleDateString();
  }

  function rowFor(id) {
    let tr = rows.get(id);
    if (!tr) {
      tr = el('tr');
      tr.dataset.docId = id;
      const name = el('td');
      name.append(el('div', 'doc-name'), el('div', 'doc-sub'));
      const status = el('td');
      status.append(el('span', 'status'), el('div', 'stage'));
      const progress = el('td');
      const wrap = el('div', 'progress');
      const bar = el('div', 'bar');
      bar.setAttribute('role', 'progressbar');
      bar.setAttribute('aria-valuemin', '0');
      bar.setAttribute('aria-valuemax', '100');
      bar.append(el('div', 'fill'));
      wrap.append(bar, el('span', 'label'));
      progress.append(wrap);
      tr.append(name, status, progress, el('td', 'num'), el('td', 'time'));
      rows.set(id, tr);
    }
    return tr;
  }

  function renderRow(doc) {
    const tr = rowFor(doc.id);
    const [nameCell, statusCell, progressCell, chunksCell, timeCell] = tr.children;
    tr.dataset.status = doc.status || '';
    const name = doc.file_path && doc.file_path !== 'no-file-path' ? doc.file_path : doc.id;
    nameCell.firstChild.textContent = name;
    nameCell.firstChild.title = doc.id;
    const sub = nameCell.lastChild;
    if (doc.status === 'failed' && doc.error_msg) {
      sub.className = 'doc-sub error';
      sub.textContent = doc.error_msg;
    } else {
      sub.className = 'doc-sub';
      sub.textContent = doc.content_summary ? doc.content_summary.replace(/\s+/g, ' ') : '';
    }
    // a book's author and title (EPUB, FB2, PDF, ...): from the list's metadata or the event stream
    const meta = doc.metadata || {};
    const book = [doc.author || meta.author, doc.title || meta.title].filter(Boolean).join(' — ');
    if (book) {
      tr.dataset.book = book;
    }
    nameCell.firstChild.title = tr.dataset.book ? `${tr.dataset.book} (${doc.id})` : doc.id;
    if (tr.dataset.book && doc.status !== 'failed') {
      sub.textContent = tr.dataset.book + (sub.textContent ? ' · ' + sub.textContent : '');
    }

    const badge = statusCell.firstChild;
    badge.className = 'status status-' + (doc.status || 'unknown');
    badge.textContent = doc.status || '?';
    const busy = doc.status === 'processing';
    statusCell.lastChild.textContent = busy && doc.stage
      ? doc.stage + (doc.eta_seconds != null ? ` · ${Math.ceil(doc.eta_seconds)} s left` : '') : '';

    const f = fraction(doc);
    const counts = chunkCounts(doc);
    const bar = progressCell.querySelector('.bar');
    bar.className = 'bar ' + (doc.status || '') + (f === null && busy ? ' unknown' : '');
    const percent = f === null ? 0 : Math.floor(f * 100);
    bar.firstChild.style.width = (f === null ? (busy ? 100 : 0) : percent) + '%';
    bar.setAttribute('aria-valuenow', String(percent));
    bar.title = counts ? `${counts.done} of ${counts.total} chunks extracted` : (doc.status || '');
    progressCell.querySelector('.label').textContent = doc.status === 'processed' ? '100%'
      : counts && doc.status !== 'pending' ? `${counts.done}/${counts.total}` : '';

    const chunks = doc.chunks_total != null ? doc.chunks_total : doc.chunks_count;
    chunksCell.textContent = chunks != null ? String(chunks) : '';
    timeCell.textContent = shortTime(doc.updated_at || doc.created_at);
    timeCell.title = doc.updated_at || '';
  }

  // The list is sorted as its column is labelled: most recently updated first (created when never updated).
  function newestFirst(a, b) {
    const time = (d) => String(d.updated_at || d.created_at || '');
    return time(b).localeCompare(time(a)) || String(a.id).localeCompare(String(b.id));
  }
  window.Librarian.newestFirst = newestFirst;

  function renderTable() {
    const ordered = [...docs.values()].sort(newestFirst);
    ordered.forEach((doc) => { renderRow(doc); tbody.append(rowFor(doc.id)); });
    for (const [id, tr] of rows) {
      if (!docs.has(id)) { tr.remove(); rows.delete(id); }
    }
    $('no-documents').hidden = docs.size > 0;
    const counts = {};
    docs.forEach((d) => { counts[d.status] = (counts[d.status] || 0) + 1; });
    const parts = ['processed', 'processing', 'pending', 'failed']
      .filter((s) => counts[s]).map((s) => `${counts[s]} ${s}`);
    $('doc-counts').textContent = docs.size ? `${docs.size} in all · ${parts.join(' · ')}` : '';
  }

  function replaceAll(statuses) {
    const fresh = new Map();
    Object.values(statuses || {}).forEach((list) => (list || []).forEach((d) => {
      fresh.set(d.id, Object.assign({}, docs.get(d.id) || {}, d));
    }));
    const finished = [...fresh.values()].some((d) => d.status === 'processed'
      && (docs.get(d.id) || {}).status !== 'processed');
    docs.clear();
    fresh.forEach((d, id) => docs.set(id, d));
    renderTable();
    if (finished) document.dispatchEvent(new Event('librarian:processed'));
  }

  // A stream event carries the progress fields only: a document not seen before is fetched in full soon after.
  let fullLoad = null;
  function loadSoon() {
    clearTimeout(fullLoad);
    fullLoad = setTimeout(loadDocuments, 500);
  }

  function upsert(doc) {
    if (!doc || !doc.id) return;
    if (doc.status === 'deleted') {
      docs.delete(doc.id);
      renderTable();
      return;
    }
    if (!docs.has(doc.id)) loadSoon();
    const before = docs.get(doc.id) || {};
    docs.set(doc.id, Object.assign({}, before, doc));
    renderTable();
    if (doc.status === 'processed' && before.status !== 'processed') {
      document.dispatchEvent(new Event('librarian:processed'));
    }
  }

  async function loadDocuments() {
    try {
      const body = await api('/documents');
      replaceAll(body.statuses);
      keyInput.closest('label').classList.remove('wanted');
    } catch (e) {
      setLive('offline: ' + e.message, false);
      // the server wants a key (403 "API Key required" / "Invalid API Key"): point at the key field
      keyInput.closest('label').classList.toggle('wanted', /API Key/.test(e.message));
    }
  }

  function showPipeline(p) {
    if (!p) return;
    const node = $('pipeline');
    node.textContent = p.busy ? (p.latest_message || 'indexing') : 'idle';
  }

  async function loadPipeline() {
    try { showPipeline(await api('/documents/pipeline_status')); } catch (e) { /* shown by the documents call */ }
  }

  // --- live updates: the event stream, or polling when it is not there ------------------------------------

  let stream = null;   // AbortController of the open event stream
  let pollTimer = null;
  let retryTimer = null;

  function setLive(text, on) {
    const node = $('live');
    node.textContent = text;
    node.classList.toggle('on', !!on);
  }

  function poll() {
    loadDocuments();
    loadPipeline();
  }

  function startPolling() {
    if (pollTimer) return;
    setLive('polling every ' + POLL_MS / 1000 + ' s', false);
    poll();
    pollTimer = setInterval(poll, POLL_MS);
    retryTimer = setTimeout(openStream, STREAM_RETRY_MS);
  }

  function stopPolling() {
    clearInterval(pollTimer);
    clearTimeout(retryTimer);
    pollTimer = null;
    retryTimer = null;
  }

  // One Server-Sent Events block: "event:" and "data:" lines; comments (": keep-alive") carry nothing.
  function dispatch(block) {
    let event = 'message';
    const data = [];
    block.split('\n').forEach((line) => {
      if (!line || line.startsWith(':')) return;
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (field === 'event') event = value;
      if (field === 'data') data.push(value);
    });
    if (!data.length) return;
    try {
      const payload = JSON.parse(data.join('\n'));
      if (event === 'document') upsert(payload);
      if (event === 'pipeline') showPipeline(payload);
    } catch (err) { /* a malformed event changes nothing */ }
  }

  // The stream is read with fetch rather than EventSource, which cannot send the X-API-Key header.
  async function openStream() {
    if (stream) stream.abort();
    const mine = new AbortController();
    stream = mine;
    try {
      const headers = { Accept: 'text/event-stream' };
      if (apiKey()) headers['X-API-Key'] = apiKey();
      const res = await fetch('/documents/events', { headers, cache: 'no-store', signal: mine.signal });
      if (!res.ok || !res.body) throw new Error('event stream: HTTP ' + res.status);
      stopPolling();
      setLive('live', true);
      loadDocuments();
      const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += value.replace(/\r/g, '');
        let cut;
        while ((cut = buffer.indexOf('\n\n')) >= 0) {
          dispatch(buffer.slice(0, cut));
          buffer = buffer.slice(cut + 2);
        }
      }
      throw new Error('event stream ended');
    } catch (err) {
      if (mine.signal.aborted) return; // a newer stream took over
      stream = null;
      stopPolling();
      startPolling();
    }
  }

  keyInput.addEventListener('change', () => {
    if (apiKey()) localStorage.setItem(KEY_STORE, apiKey()); else localStorage.removeItem(KEY_STORE);
    stopPolling();
    loadDocuments();
    openStream();
  });

  // --- upload ----------------------------------------------------------------------------------------------

  $('upload-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    const input = $('upload-file');
    const result = $('upload-result');
    const files = [...input.files];
    if (!files.length) {
      result.className = 'note error';
      result.textContent = 'Choose a text file first.';
      return;
    }
    $('upload-submit').disabled = true;
    const messages = [];
    let failed = false;
    for (const file of files) {
      const form = new FormData();
      form.append('file', file, file.name);
      try {
        const body = await api('/documents/upload', { method: 'POST', body: form });
        messages.push(body.status === 'success' ? `${file.name}: accepted` : `${file.name}: ${body.message || body.status}`);
      } catch (err) {
        failed = true;
        messages.push(`${file.name}: ${err.message}`);
      }
    }
    result.className = failed ? 'note error' : 'note';
    result.textContent = messages.join('; ');
    input.value = '';
    $('upload-submit').disabled = false;
    loadDocuments();
  });

  // --- questions -------------------------------------------------------------------------------------------

  function clearAnswer() {
    $('answer').textContent = '';
    $('answer').hidden = true;
    $('references').replaceChildren();
    $('references-block').hidden = true;
  }

  async function ask() {
    const query = $('query-text').value.trim();
    const mode = $('query-mode').value;
    const status = $('query-status');
    // a new question, answered or refused, never leaves the previous answer on screen
    clearAnswer();
    if (query.length < 3) {
      status.className = 'note error';
      status.textContent = 'A question needs at least 3 characters.';
      return;
    }
    $('query-submit').disabled = true;
    status.className = 'note';
    status.textContent = 'Thinking…';
    const started = performance.now();
    try {
      const body = await api('/query', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ query, mode }),
      });
      const answer = $('answer');
      answer.textContent = body.response || '';
      answer.hidden = false;
      const list = $('references');
      list.replaceChildren();
      (body.references || []).forEach((ref) => {
        const li = el('li');
        li.append(el('span', 'ref-id', `[${ref.reference_id}]`), el('span', 'ref-file', ref.file_path));
        list.append(li);
      });
      $('references-block').hidden = list.children.length === 0;
      status.textContent = `${mode} · ${((performance.now() - started) / 1000).toFixed(1)} s`;
    } catch (err) {
      status.className = 'note error';
      status.textContent = err.message;
    } finally {
      $('query-submit').disabled = false;
    }
  }

  $('query-form').addEventListener('submit', (e) => { e.preventDefault(); ask(); });
  $('query-text').addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) { e.preventDefault(); ask(); }
  });

  // --- start -----------------------------------------------------------------------------------------------

  loadDocuments();
  loadPipeline();
  openStream();
  setInterval(() => { if (!pollTimer) loadDocuments(); }, REFRESH_MS);
})();
