// magchat curation page (/curate). Plain JavaScript, no build step, no dependencies.
//
// Safety contract (as on the chat page): no text from an entry, a question or the server is ever turned into
// markup by string building. Text is set with textContent; the preview's answer_html (md4c, raw HTML escaped)
// is parsed into an inert document and copied element by element through an allow-list. The page runs under
// CSP script-src 'self' and style-src 'self': no inline script, no style attributes.
//
// The curator token is kept in sessionStorage (this tab only) and sent as "Authorization: Bearer <token>".
// Every write sends If-Match with the version the form was loaded from, so nobody's change is overwritten.
'use strict';

(() => {
  const TOKEN_KEY = 'magchat.curator_token';
  const REQUEST_TIMEOUT_MS = 20000;
  const PREVIEW_DELAY_MS = 450;

  const FIELD_ORDER = ['id', 'kind', 'question', 'alternate_questions', 'answer', 'title', 'sections', 'tags',
    'sources', 'status', 'reviewed'];
  const FIELD_LABELS = {
    id: 'Id', kind: 'Kind', question: 'Question', alternate_questions: 'Other ways people ask it', answer: 'Answer',
    title: 'Title', sections: 'Sections', tags: 'Tags', sources: 'Sources', status: 'Status', reviewed: 'Reviewed on',
    note: 'Change note', version: 'Version',
  };
  // Form controls that show a field's problems.
  const FIELD_INPUTS = {
    id: 'f-id', question: 'f-question', alternate_questions: 'f-alternates', answer: 'f-answer', title: 'f-title',
    sections: 'f-body', tags: 'f-tags', reviewed: 'f-reviewed', note: 'f-note',
  };
  const REASON_LABELS = { no_answer: 'no answer', low_confidence: 'low confidence', thumbs_down: 'thumbs down' };
  const TYPE_LABELS = {
    answer: 'an answer', no_answer: 'no answer', out_of_scope: 'outside what magchat covers',
    emergency: 'a possible emergency', greeting: 'a greeting',
  };

  const $ = (id) => document.getElementById(id);

  const state = {
    token: null,
    current: null, // { id, kind, status, version, isNew }
    history: null,
    knownTags: new Set(),
    previewSeq: 0,
    previewTimer: null,
    searchTimer: null,
    listRequest: 0,
    busy: false,
  };

  // ---- Small helpers -------------------------------------------------------------------------------------

  // Creates an element with a class and optional text (always set as text, never parsed).
  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function clear(node) {
    while (node.firstChild) node.removeChild(node.firstChild);
  }

  function today() {
    const d = new Date();
    const pad = (n) => String(n).padStart(2, '0');
    return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
  }

  function formatTime(iso) {
    const d = new Date(iso);
    return Number.isNaN(d.getTime()) ? String(iso) : d.toLocaleString();
  }

  const { safeUrl, sanitisedFragment } = window.magchatSafeHtml;

  let toastTimer = null;
  // Shows a short message; `action` is an optional { label, run } button.
  function toast(message, action) {
    const box = $('toast');
    clear(box);
    box.appendChild(el('span', 'toast__text', message));
    if (action) {
      const b = el('button', 'button button--quiet toast__action', action.label);
      b.type = 'button';
      b.addEventListener('click', () => {
        box.hidden = true;
        action.run();
      });
      box.appendChild(b);
    }
    box.hidden = false;
    clearTimeout(toastTimer);
    toastTimer = setTimeout(() => {
      box.hidden = true;
    }, action ? 15000 : 6000);
  }

  // ---- The API -------------------------------------------------------------------------------------------

  // Calls the curation API. Returns { status, data, etag }; status 0 means the server could not be reached.
  // The change note travels in the body ("note"), never in a header: header values must be Latin-1.
  async function api(method, path, { body, version } = {}) {
    const headers = { Accept: 'application/json' };
    if (state.token) headers.Authorization = 'Bearer ' + state.token;
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (version !== undefined && version !== null) headers['If-Match'] = '"' + version + '"';
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), REQUEST_TIMEOUT_MS);
    try {
      const response = await fetch(path, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: controller.signal,
        cache: 'no-store',
      });
      let data = null;
      try {
        data = await response.json();
      } catch {
        data = null;
      }
      const etag = (response.headers.get('ETag') || '').replace(/^W\//, '').replace(/"/g, '');
      return { status: response.status, data, etag: etag ? Number(etag) : null };
    } catch {
      return { status: 0, data: null, etag: null };
    } finally {
      clearTimeout(timer);
    }
  }

  function errorMessage(res, fallback) {
    if (res.status === 0) return 'The server could not be reached. Check the connection and try again.';
    const e = res.data && res.data.error;
    return e && typeof e.message === 'string' ? e.message : fallback;
  }

  // A 401/403 anywhere means the token no longer works: back to signing in. Returns true when handled.
  function handleAuthFailure(res) {
    if (res.status !== 401 && res.status !== 403) return false;
    signOut(errorMessage(res, 'Please sign in again.'));
    return true;
  }

  // ---- Signing in ----------------------------------------------------------------------------------------

  async function signIn(token, { quiet } = {}) {
    // The entry the address names when signing in starts (later changes arrive as hashchange events).
    const wanted = /^#entry=([a-z0-9-]{1,100})$/.exec(window.location.hash);
    state.token = token;
    const res = await api('GET', '/api/kb/insights?limit=1');
    if (res.status === 200) {
      sessionStorage.setItem(TOKEN_KEY, token);
      $('signin').hidden = true;
      $('workspace').hidden = false;
      $('sign-out').hidden = false;
      await Promise.all([loadEntries(), loadInsights()]);
      if (wanted && !state.current) await openEntry(wanted[1]);
      return true;
    }
    state.token = null;
    sessionStorage.removeItem(TOKEN_KEY);
    if (!quiet) showSignInError(errorMessage(res, 'Signing in failed.'));
    return false;
  }

  function showSignInError(message) {
    const p = $('signin-error');
    p.textContent = message;
    p.hidden = false;
  }

  function signOut(message) {
    state.token = null;
    state.current = null;
    sessionStorage.removeItem(TOKEN_KEY);
    $('workspace').hidden = true;
    $('sign-out').hidden = true;
    $('signin').hidden = false;
    $('token').value = '';
    if (message) showSignInError(message);
    else $('signin-error').hidden = true;
    $('token').focus();
  }

  // ---- Entry list ----------------------------------------------------------------------------------------

  // The list is marked aria-busy from the moment the filter changes until the latest request's result is
  // shown; a request that answers after a newer one is dropped, so the list always matches the filter as it
  // now reads and a click never lands on a list that is about to be replaced.
  async function loadEntries() {
    const request = ++state.listRequest;
    $('entry-list').setAttribute('aria-busy', 'true');
    const params = new URLSearchParams();
    const q = $('search').value.trim();
    if (q) params.set('q', q);
    if ($('filter-status').value) params.set('status', $('filter-status').value);
    if ($('filter-kind').value) params.set('kind', $('filter-kind').value);
    const res = await api('GET', '/api/kb/entries' + (params.toString() ? '?' + params : ''));
    if (request !== state.listRequest) return;
    $('entry-list').removeAttribute('aria-busy');
    if (handleAuthFailure(res)) return;
    if (res.status !== 200) {
      $('entry-count').textContent = errorMessage(res, 'The entries could not be loaded.');
      return;
    }
    renderEntryList(res.data.entries || []);
  }

  function renderEntryList(entries) {
    const list = $('entry-list');
    clear(list);
    for (const e of entries) {
      for (const t of e.tags || []) state.knownTags.add(t);
      const li = el('li', 'entry-list__item');
      const b = el('button', 'entry-item');
      b.type = 'button';
      b.dataset.id = e.id;
      if (state.current && state.current.id === e.id) b.setAttribute('aria-current', 'true');
      b.appendChild(el('span', 'entry-item__title', e.kind === 'faq' ? e.question : e.title));
      const meta = el('span', 'entry-item__meta');
      meta.appendChild(el('span', 'badge badge--' + (e.status === 'draft' ? 'draft' : 'published'), e.status));
      meta.appendChild(el('span', 'entry-item__id', (e.kind === 'faq' ? 'FAQ' : 'Article') + ' · ' + e.id));
      b.appendChild(meta);
      b.addEventListener('click', () => openEntry(e.id));
      li.appendChild(b);
      list.appendChild(li);
    }
    $('entry-count').textContent = entries.length === 1 ? '1 entry' : entries.length + ' entries';
    const datalist = $('known-tags');
    clear(datalist);
    for (const t of [...state.knownTags].sort()) {
      const o = document.createElement('option');
      o.value = t;
      datalist.appendChild(o);
    }
  }

  function markCurrentInList() {
    for (const b of document.querySelectorAll('#entry-list .entry-item')) {
      if (state.current && b.dataset.id === state.current.id) b.setAttribute('aria-current', 'true');
      else b.removeAttribute('aria-current');
    }
  }

  // ---- Insights ------------------------------------------------------------------------------------------

  async function loadInsights() {
    const res = await api('GET', '/api/kb/insights');
    if (handleAuthFailure(res) || res.status !== 200) return;
    const items = res.data.insights || [];
    const list = $('insight-list');
    clear(list);
    const open = items.filter((i) => i.entry_status !== 'published').length;
    $('insight-count').textContent = open ? String(open) : '';
    $('insight-empty').hidden = items.length > 0;
    for (const item of items) {
      const li = el('li', 'insight');
      li.appendChild(el('p', 'insight__question', item.question));
      const times = item.count === 1 ? 'asked once' : `asked ${item.count} times`;
      li.appendChild(el('p', 'insight__meta muted small',
        `${times} · ${REASON_LABELS[item.reason] || item.reason} · last ${formatTime(item.last_asked)}`));
      const b = el('button', 'button');
      b.type = 'button';
      if (item.entry_id && item.entry_status) {
        b.textContent = `Open entry (${item.entry_status})`;
        b.addEventListener('click', () => openEntry(item.entry_id, { question: item.question }));
      } else {
        b.textContent = 'Create entry from this';
        b.addEventListener('click', () => draftFromQuestion(item.question, b));
      }
      li.appendChild(b);
      list.appendChild(li);
    }
  }

  async function draftFromQuestion(question, button) {
    button.disabled = true;
    const res = await api('POST', '/api/kb/insights/draft', { body: { question } });
    button.disabled = false;
    if (handleAuthFailure(res)) return;
    if (res.status !== 201) {
      toast(errorMessage(res, 'The draft could not be created.'));
      return;
    }
    await Promise.all([loadEntries(), loadInsights()]);
    showEntry(res.data, res.etag, { question });
    toast('Draft created. Write the answer, replace the placeholder source, check the preview, then publish.');
    $('f-answer').focus();
    $('f-answer').select();
  }

  // ---- The editor ----------------------------------------------------------------------------------------

  function sectionsToText(sections) {
    return (sections || [])
      .map((s, i) => (i === 0 && s.heading === 'Overview' ? s.body : '## ' + s.heading + '\n' + s.body))
      .join('\n\n');
  }

  // The inverse, the way the server splits an article file: "## " lines start sections, text before the first
  // heading is the "Overview".
  function textToSections(text) {
    const sections = [];
    let current = { heading: 'Overview', lines: [] };
    const flush = () => {
      const body = current.lines.join('\n').trim();
      if (body || current.heading !== 'Overview') sections.push({ heading: current.heading, body });
    };
    for (const line of String(text).replace(/\r\n?/g, '\n').split('\n')) {
      if (line.startsWith('## ')) {
        flush();
        current = { heading: line.slice(3).trim(), lines: [] };
      } else {
        current.lines.push(line);
      }
    }
    flush();
    return sections;
  }

  function addSourceRow(source = { title: '', url: '' }) {
    const list = $('source-list');
    const n = list.children.length + 1;
    const li = el('li', 'source-row');
    const title = el('input', 'source-row__title');
    title.value = source.title || '';
    title.setAttribute('aria-label', `Source ${n} title`);
    title.placeholder = 'Title, e.g. Magnesium Fact Sheet for Consumers (NIH ODS)';
    const url = el('input', 'source-row__url');
    url.type = 'url';
    url.value = source.url || '';
    url.setAttribute('aria-label', `Source ${n} address`);
    url.placeholder = 'https://…';
    url.spellcheck = false;
    const remove = el('button', 'button button--quiet source-row__remove', 'Remove');
    remove.type = 'button';
    remove.setAttribute('aria-label', `Remove source ${n}`);
    remove.addEventListener('click', () => {
      li.remove();
      schedulePreview();
    });
    li.append(title, url, remove);
    list.appendChild(li);
    return title;
  }

  function setFormKind(kind) {
    $('faq-fields').hidden = kind !== 'faq';
    $('article-fields').hidden = kind !== 'article';
  }

  // Fills the form with an entry (the server's JSON) and shows its state.
  function showEntry(entry, version, { question, isNew, focus = true } = {}) {
    state.current = {
      id: entry.id || '',
      kind: entry.kind === 'article' ? 'article' : 'faq',
      status: entry.status === 'published' ? 'published' : 'draft',
      version: isNew ? null : version || entry.version || null,
      isNew: Boolean(isNew),
    };
    const c = state.current;
    $('editor-empty').hidden = true;
    $('entry-form').hidden = false;
    $('preview').hidden = false;
    setFormKind(c.kind);
    $('f-id').value = entry.id || '';
    $('f-id').readOnly = !c.isNew;
    $('f-question').value = entry.question || '';
    $('f-alternates').value = (entry.alternate_questions || []).join('\n');
    $('f-answer').value = entry.answer || '';
    $('f-title').value = entry.title || '';
    $('f-body').value = sectionsToText(entry.sections);
    $('f-tags').value = (entry.tags || []).join(', ');
    clear($('source-list'));
    for (const s of entry.sources || []) addSourceRow(s);
    if (!entry.sources || entry.sources.length === 0) addSourceRow();
    $('f-reviewed').value = entry.reviewed || today();
    $('f-note').value = '';
    clearProblems();
    hideMessage();
    cancelDelete();
    updateHeader();
    if (question !== undefined) $('preview-question').value = question;
    else $('preview-question').value = c.kind === 'faq' ? entry.question || '' : entry.title || '';
    if (c.isNew) {
      $('history').hidden = true;
      history.replaceState(null, '', window.location.pathname);
    } else {
      history.replaceState(null, '', '#entry=' + c.id);
      loadHistory(c.id);
    }
    markCurrentInList();
    schedulePreview(0);
    if (focus) $('editor-title').focus();
  }

  function updateHeader() {
    const c = state.current;
    $('editor-title').textContent = c.isNew
      ? c.kind === 'faq' ? 'New FAQ entry' : 'New article'
      : (c.kind === 'faq' ? 'FAQ: ' : 'Article: ') + c.id;
    const badge = $('entry-status');
    badge.textContent = c.isNew ? 'new draft' : c.status;
    badge.className = 'badge badge--' + (c.status === 'published' && !c.isNew ? 'published' : 'draft');
    $('entry-version').textContent = c.version ? 'version ' + c.version : '';
    $('save').textContent = c.status === 'published' && !c.isNew ? 'Save (live at once)' : 'Save draft';
    $('publish').hidden = c.status === 'published' && !c.isNew;
    $('unpublish').hidden = c.status !== 'published' || c.isNew;
    $('delete').hidden = c.isNew;
  }

  async function openEntry(id, { question } = {}) {
    const res = await api('GET', '/api/kb/entries/' + encodeURIComponent(id));
    if (handleAuthFailure(res)) return;
    if (res.status !== 200) {
      toast(errorMessage(res, 'The entry could not be opened.'));
      return;
    }
    showEntry(res.data, res.etag, { question });
  }

  function newEntry(kind) {
    const entry = kind === 'faq'
      ? { kind, question: '', alternate_questions: [], answer: '', tags: [], sources: [], status: 'draft' }
      : { kind, title: '', sections: [], tags: [], sources: [], status: 'draft' };
    entry.reviewed = today();
    showEntry(entry, null, { isNew: true, question: '' });
    (kind === 'faq' ? $('f-question') : $('f-title')).focus();
  }

  const lines = (text) => String(text).replace(/\r\n?/g, '\n').split('\n').map((s) => s.trim()).filter(Boolean);

  // The entry as the form has it, in the API's field names; `status` overrides the current status.
  function formEntry(status) {
    const c = state.current;
    const entry = { kind: c.kind };
    const id = $('f-id').value.trim();
    if (id) entry.id = id;
    if (c.kind === 'faq') {
      entry.question = $('f-question').value.trim();
      entry.alternate_questions = lines($('f-alternates').value);
      entry.answer = $('f-answer').value.trim();
    } else {
      entry.title = $('f-title').value.trim();
      entry.sections = textToSections($('f-body').value);
    }
    entry.tags = $('f-tags').value.split(/[,\s]+/).map((t) => t.trim()).filter(Boolean);
    entry.sources = [];
    for (const row of $('source-list').children) {
      const title = row.querySelector('.source-row__title').value.trim();
      const url = row.querySelector('.source-row__url').value.trim();
      if (title || url) entry.sources.push({ title, url });
    }
    entry.reviewed = $('f-reviewed').value.trim();
    entry.status = status || c.status;
    return entry;
  }

  // ---- Messages and problems -------------------------------------------------------------------------------

  function hideMessage() {
    $('form-message').hidden = true;
    clear($('form-message'));
  }

  // A message above the form; `action` is an optional { label, run } button.
  function showMessage(text, kind, action) {
    const box = $('form-message');
    clear(box);
    box.className = 'message message--' + kind;
    box.appendChild(el('span', null, text));
    if (action) {
      const b = el('button', 'button button--quiet', action.label);
      b.type = 'button';
      b.addEventListener('click', action.run);
      box.appendChild(b);
    }
    box.hidden = false;
  }

  function clearProblems() {
    const box = $('form-errors');
    box.hidden = true;
    clear(box);
    for (const node of document.querySelectorAll('#entry-form [aria-invalid]')) node.removeAttribute('aria-invalid');
  }

  function showProblems(error) {
    clearProblems();
    const box = $('form-errors');
    box.appendChild(el('p', 'message__title', 'The entry was not saved. Please fix:'));
    const ul = el('ul', 'problems');
    const details = Array.isArray(error.details) && error.details.length ? error.details : [{ field: error.field || '', message: error.message }];
    for (const d of details) {
      const li = el('li');
      if (d.field) li.appendChild(el('strong', null, (FIELD_LABELS[d.field] || d.field) + ': '));
      li.appendChild(document.createTextNode(d.message));
      ul.appendChild(li);
      if (FIELD_INPUTS[d.field]) $(FIELD_INPUTS[d.field]).setAttribute('aria-invalid', 'true');
      if (d.field === 'sources') for (const input of document.querySelectorAll('#source-list input')) input.setAttribute('aria-invalid', 'true');
    }
    box.appendChild(ul);
    box.hidden = false;
    box.focus();
  }

  // ---- Saving, publishing, deleting, restoring ----------------------------------------------------------------

  async function save(status) {
    const c = state.current;
    if (!c || state.busy) return;
    state.busy = true;
    hideMessage();
    const entry = formEntry(status);
    const note = $('f-note').value.trim();
    if (note) entry.note = note;
    const res = c.isNew
      ? await api('POST', '/api/kb/entries', { body: entry })
      : await api('PUT', '/api/kb/entries/' + encodeURIComponent(c.id), { body: entry, version: c.version });
    state.busy = false;
    if (handleAuthFailure(res)) return;
    if (res.status === 200 || res.status === 201) {
      const wasPublished = c.status === 'published' && !c.isNew;
      showEntry(res.data, res.etag, { question: $('preview-question').value, focus: false });
      const now = res.data.status;
      showMessage(
        now === 'published'
          ? wasPublished ? 'Saved. The chat answers with this version now.' : 'Published. The chat answers with it now.'
          : wasPublished ? 'Unpublished: the chat no longer uses this entry.' : 'Draft saved. The chat does not use drafts.',
        'ok');
      loadEntries();
      loadInsights();
      return;
    }
    if (res.status === 422 && res.data && res.data.error) {
      showProblems(res.data.error);
      return;
    }
    if (res.status === 412) {
      showMessage(errorMessage(res, 'Someone else saved this entry meanwhile.') +
        ' Your text is still in the form: copy what you need, then load the saved version.', 'warning',
      { label: 'Load the saved version', run: () => openEntry(c.id) });
      return;
    }
    showMessage(errorMessage(res, 'The entry could not be saved.'), 'error');
  }

  function askDelete() {
    $('delete').hidden = true;
    $('confirm-delete').hidden = false;
    $('confirm-delete-no').focus();
  }

  function cancelDelete() {
    $('confirm-delete').hidden = true;
    if (state.current) $('delete').hidden = state.current.isNew;
  }

  async function deleteEntry() {
    const c = state.current;
    const note = $('f-note').value.trim();
    const res = await api('DELETE', '/api/kb/entries/' + encodeURIComponent(c.id), {
      version: c.version, body: note ? { note } : undefined,
    });
    if (handleAuthFailure(res)) return;
    if (res.status !== 200) {
      cancelDelete();
      showMessage(errorMessage(res, 'The entry could not be deleted.'), res.status === 412 ? 'warning' : 'error');
      return;
    }
    const id = c.id;
    const deletedVersion = res.data.version;
    state.current = null;
    $('entry-form').hidden = true;
    $('preview').hidden = true;
    $('editor-empty').hidden = false;
    history.replaceState(null, '', window.location.pathname);
    loadEntries();
    loadHistory(id);
    toast(`Deleted “${id}”.`, {
      label: 'Undo',
      run: () => restoreRevision(id, deletedVersion - 1, deletedVersion),
    });
  }

  async function restoreRevision(id, number, currentVersion) {
    const res = await api('POST', `/api/kb/entries/${encodeURIComponent(id)}/revisions/${number}/restore`, {
      body: {}, version: currentVersion,
    });
    if (handleAuthFailure(res)) return;
    if (res.status !== 200) {
      toast(errorMessage(res, 'The version could not be restored.'));
      return;
    }
    showEntry(res.data, res.etag);
    showMessage(`Restored version ${number} as version ${res.data.version} (${res.data.status}).`, 'ok');
    loadEntries();
    loadInsights();
  }

  // ---- History and diffs ---------------------------------------------------------------------------------

  async function loadHistory(id) {
    const res = await api('GET', `/api/kb/entries/${encodeURIComponent(id)}/revisions`);
    if (handleAuthFailure(res)) return;
    if (res.status !== 200) {
      $('history').hidden = true;
      return;
    }
    state.history = res.data;
    renderHistory(res.data);
  }

  function renderHistory(h) {
    const list = $('revision-list');
    clear(list);
    $('diff').hidden = true;
    h.revisions.forEach((rev, index) => {
      const older = h.revisions[index + 1] || null;
      const li = el('li', 'revision');
      const head = el('p', 'revision__head');
      head.appendChild(el('strong', null, 'Version ' + rev.version));
      head.appendChild(el('span', 'badge badge--' + rev.action, rev.action));
      if (rev.entry && rev.entry.status) head.appendChild(el('span', 'muted small', rev.entry.status));
      if (rev.version === h.current_version && !h.deleted) head.appendChild(el('span', 'muted small', '(current)'));
      li.appendChild(head);
      li.appendChild(el('p', 'muted small', `by ${rev.author} · ${formatTime(rev.at)}`));
      if (rev.note) li.appendChild(el('p', 'revision__note', rev.note));
      if (rev.changed && rev.changed.length && rev.action === 'updated')
        li.appendChild(el('p', 'small', 'Changed: ' + rev.changed.map((f) => FIELD_LABELS[f] || f).join(', ')));
      const buttons = el('div', 'row revision__actions');
      const show = el('button', 'button button--quiet', 'Show changes');
      show.type = 'button';
      show.addEventListener('click', () => showDiff(older, rev));
      buttons.appendChild(show);
      if (rev.entry && !(rev.version === h.current_version)) {
        const restore = el('button', 'button button--quiet', 'Restore this version');
        restore.type = 'button';
        restore.addEventListener('click', () => restoreRevision(h.id, rev.version, h.current_version));
        buttons.appendChild(restore);
      }
      li.appendChild(buttons);
      list.appendChild(li);
    });
    $('history').hidden = false;
  }

  // The lines a field is compared by.
  function fieldLines(entry, field) {
    if (!entry || entry[field] === undefined || entry[field] === null) return [];
    const v = entry[field];
    if (field === 'sources') return v.map((s) => `${s.title} — ${s.url}`);
    if (field === 'sections') return v.flatMap((s) => ['## ' + s.heading, ...String(s.body).split('\n'), '']);
    if (Array.isArray(v)) return v.map(String);
    return String(v).split('\n');
  }

  // A line diff by longest common subsequence: [{ type: 'same' | 'del' | 'add', text }].
  function diffLines(a, b) {
    if (a.length * b.length > 250000) {
      return [...a.map((text) => ({ type: 'del', text })), ...b.map((text) => ({ type: 'add', text }))];
    }
    const n = a.length;
    const m = b.length;
    const lcs = Array.from({ length: n + 1 }, () => new Array(m + 1).fill(0));
    for (let i = n - 1; i >= 0; i -= 1) {
      for (let j = m - 1; j >= 0; j -= 1) {
        lcs[i][j] = a[i] === b[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
      }
    }
    const out = [];
    let i = 0;
    let j = 0;
    while (i < n && j < m) {
      if (a[i] === b[j]) {
        out.push({ type: 'same', text: a[i] });
        i += 1;
        j += 1;
      } else if (lcs[i + 1][j] >= lcs[i][j + 1]) {
        out.push({ type: 'del', text: a[i] });
        i += 1;
      } else {
        out.push({ type: 'add', text: b[j] });
        j += 1;
      }
    }
    while (i < n) out.push({ type: 'del', text: a[i++] });
    while (j < m) out.push({ type: 'add', text: b[j++] });
    return out;
  }

  // Shows what changed from revision `older` (null: nothing before) to `newer`, field by field.
  function showDiff(older, newer) {
    const box = $('diff');
    clear(box);
    const title = older
      ? `Changes from version ${older.version} to version ${newer.version}`
      : `Version ${newer.version} (${newer.action})`;
    box.appendChild(el('h4', 'diff__title', title));
    const a = older ? older.entry : null;
    const b = newer.entry;
    let any = false;
    for (const field of FIELD_ORDER) {
      const before = fieldLines(a, field);
      const after = fieldLines(b, field);
      if (JSON.stringify(before) === JSON.stringify(after)) continue;
      any = true;
      const section = el('section', 'diff__field');
      section.appendChild(el('h5', 'diff__name', FIELD_LABELS[field] || field));
      const body = el('div', 'diff__lines');
      for (const line of diffLines(before, after)) {
        const row = el('div', 'diff__line diff__line--' + line.type);
        const sign = el('span', 'diff__sign', line.type === 'add' ? '+' : line.type === 'del' ? '−' : ' ');
        sign.setAttribute('aria-hidden', 'true');
        row.appendChild(sign);
        if (line.type !== 'same') row.appendChild(el('span', 'visually-hidden', line.type === 'add' ? 'added: ' : 'removed: '));
        row.appendChild(el('span', 'diff__text', line.text === '' ? ' ' : line.text));
        body.appendChild(row);
      }
      section.appendChild(body);
      box.appendChild(section);
    }
    if (!any) box.appendChild(el('p', 'muted', 'No differences.'));
    box.hidden = false;
    box.focus();
  }

  // ---- Preview -------------------------------------------------------------------------------------------

  function schedulePreview(delay = PREVIEW_DELAY_MS) {
    clearTimeout(state.previewTimer);
    state.previewTimer = setTimeout(runPreview, delay);
  }

  function setPreviewStatus(text, kind) {
    const p = $('preview-status');
    p.textContent = text;
    p.className = 'preview-status' + (kind ? ' preview-status--' + kind : '');
  }

  async function runPreview() {
    if (!state.current || $('preview').hidden) return;
    const question = $('preview-question').value.trim();
    const answer = $('preview-answer');
    const sources = $('preview-sources');
    if (!question) {
      clear(answer);
      clear(sources);
      setPreviewStatus('Type a test question to see how the chat would answer it.', '');
      return;
    }
    const seq = ++state.previewSeq;
    setPreviewStatus('Answering…', 'busy');
    // The server answers as if the entry were published, whatever its status.
    const res = await api('POST', '/api/kb/preview', { body: { entry: formEntry(), question } });
    if (seq !== state.previewSeq) return; // a newer preview is on its way
    if (handleAuthFailure(res)) return;
    clear(answer);
    clear(sources);
    if (res.status === 422) {
      setPreviewStatus('No preview until the entry is valid: ' + errorMessage(res, 'the entry has problems.'), 'warning');
      return;
    }
    if (res.status !== 200) {
      setPreviewStatus(errorMessage(res, 'The preview failed.'), 'warning');
      return;
    }
    const reply = res.data.reply || {};
    if (res.data.cites_entry) {
      setPreviewStatus('✓ The chat would answer with this entry.', 'ok');
    } else if (reply.type === 'answer') {
      const first = reply.sources && reply.sources[0] ? reply.sources[0].title : 'another entry';
      setPreviewStatus(`The chat would answer from another entry: “${first}”. Add the question as another way people ask it, or make the question more specific.`, 'warning');
    } else {
      setPreviewStatus(`The chat would give ${TYPE_LABELS[reply.type] || reply.type} for this question.`, 'warning');
    }
    if (typeof reply.answer_html === 'string') answer.appendChild(sanitisedFragment(reply.answer_html));
    else answer.textContent = reply.answer || '';
    for (const s of reply.sources || []) {
      const li = el('li', 'preview-source');
      li.appendChild(el('span', null, s.title + (s.section ? ' — ' + s.section : '') + ' '));
      li.appendChild(el('span', 'muted small', '(' + s.entry_id + ')'));
      appendSourceLink(li, s.url, s.source_title || s.url);
      sources.appendChild(li);
    }
  }

  function appendSourceLink(li, raw, text) {
    const href = safeUrl(raw);
    if (!href) return;
    li.appendChild(document.createElement('br'));
    const a = el('a', 'small', text);
    a.href = href;
    a.target = '_blank';
    a.rel = 'noopener noreferrer';
    li.appendChild(a);
  }

  // ---- Wiring --------------------------------------------------------------------------------------------

  function selectTab(which) {
    const entries = which === 'entries';
    $('tab-entries').setAttribute('aria-selected', String(entries));
    $('tab-insights').setAttribute('aria-selected', String(!entries));
    $('tab-entries').tabIndex = entries ? 0 : -1;
    $('tab-insights').tabIndex = entries ? -1 : 0;
    $('panel-entries').hidden = !entries;
    $('panel-insights').hidden = entries;
    if (!entries) loadInsights();
  }

  function wire() {
    $('signin-form').addEventListener('submit', async (event) => {
      event.preventDefault();
      const token = $('token').value.trim();
      if (!token) {
        showSignInError('Paste your curator token first.');
        return;
      }
      if (/[^\x21-\x7e]/.test(token)) {
        showSignInError('A token is made of letters, digits and symbols, without spaces: check what you pasted.');
        return;
      }
      $('signin-button').disabled = true;
      await signIn(token);
      $('signin-button').disabled = false;
    });
    $('sign-out').addEventListener('click', () => signOut());

    $('tab-entries').addEventListener('click', () => selectTab('entries'));
    $('tab-insights').addEventListener('click', () => selectTab('insights'));
    for (const tab of [$('tab-entries'), $('tab-insights')]) {
      tab.addEventListener('keydown', (event) => {
        if (event.key !== 'ArrowLeft' && event.key !== 'ArrowRight') return;
        const next = tab.id === 'tab-entries' ? 'insights' : 'entries';
        selectTab(next);
        $('tab-' + next).focus();
      });
    }

    $('search-form').addEventListener('submit', (event) => {
      event.preventDefault();
      loadEntries();
    });
    $('search').addEventListener('input', () => {
      clearTimeout(state.searchTimer);
      state.listRequest++; // a list still loading for the old filter is now out of date
      $('entry-list').setAttribute('aria-busy', 'true');
      state.searchTimer = setTimeout(loadEntries, 250);
    });
    $('filter-status').addEventListener('change', loadEntries);
    $('filter-kind').addEventListener('change', loadEntries);
    $('new-faq').addEventListener('click', () => newEntry('faq'));
    $('new-article').addEventListener('click', () => newEntry('article'));

    $('entry-form').addEventListener('submit', (event) => {
      event.preventDefault();
      save();
    });
    $('publish').addEventListener('click', () => save('published'));
    $('unpublish').addEventListener('click', () => save('draft'));
    $('delete').addEventListener('click', askDelete);
    $('confirm-delete-no').addEventListener('click', () => {
      cancelDelete();
      $('delete').focus();
    });
    $('confirm-delete-yes').addEventListener('click', deleteEntry);
    $('add-source').addEventListener('click', () => addSourceRow().focus());
    $('entry-form').addEventListener('input', (event) => {
      if (event.target.id !== 'f-note') schedulePreview();
    });
    $('preview-question').addEventListener('input', () => schedulePreview());
    // Links like /curate#entry=<id> open that entry.
    window.addEventListener('hashchange', () => {
      const m = /^#entry=([a-z0-9-]{1,100})$/.exec(window.location.hash);
      if (m && state.token) openEntry(m[1]);
    });
  }

  async function start() {
    wire();
    const saved = sessionStorage.getItem(TOKEN_KEY);
    if (!saved || !(await signIn(saved, { quiet: true }))) {
      $('signin').hidden = false;
      $('token').focus();
    }
  }

  start();
})();
