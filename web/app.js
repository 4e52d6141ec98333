// magchat web chat page. Plain JavaScript, no build step, no dependencies.
//
// Safety contract: no text from a question, an answer or a knowledge-base entry is ever turned into markup
// by string building. The user's question is set with textContent; source cards are built with the DOM API;
// the server's answer_html (md4c, raw HTML escaped) is parsed into an inert document and copied element by
// element through an allow-list; citation markers are replaced by walking text nodes.
//
// Structure: renderReply(reply, options) turns one reply JSON object into one DOM element, independent of
// how the reply arrived (POST /api/chat as JSON or as a stream, or GET /api/conversations/{id}).
//
// Streaming: the page asks with Accept: text/event-stream and reads the Server-Sent Events itself ("meta",
// then "delta" pieces of the Markdown answer, then "done" with the whole reply). While pieces arrive the text is
// shown as plain text (textContent only); "done" is rendered by renderReply like any other reply. When the
// server cannot stream (503, or a reply that is not an event stream) the page uses the JSON reply instead.
'use strict';

(() => {
  const STORAGE_KEY = 'magchat.conversation_id';
  const FEEDBACK_KEY = 'magchat.feedback';
  const REQUEST_TIMEOUT_MS = 30000; // for a whole JSON request, and for each wait between streamed pieces

  // ---- Small DOM helpers ---------------------------------------------------------------------------------

  // Creates an element with a class and optional text (always set as text, never parsed).
  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  const SVG_NS = 'http://www.w3.org/2000/svg';

  // A decorative icon from a fixed set of path data (never from server text).
  function icon(name) {
    const paths = {
      up: 'M7 10v8H4v-8h3Zm2 8h6.2a2 2 0 0 0 2-1.6l1-5A2 2 0 0 0 16.2 9H12V5.5A2.5 2.5 0 0 0 9.5 3L9 3.5 7 10v8',
      down: 'M7 10V2H4v8h3Zm2-8h6.2a2 2 0 0 1 2 1.6l1 5A2 2 0 0 1 16.2 11H12v3.5A2.5 2.5 0 0 1 9.5 17L9 16.5 7 10V2',
      info: 'M10 2a8 8 0 1 0 0 16 8 8 0 0 0 0-16Zm0 4.2v.1M10 9v5',
      alert: 'M10 2.5 1.8 17h16.4L10 2.5ZM10 8v4.2m0 2.4v.1',
      external: 'M8 4H4v12h12v-4M11 3h6v6M17 3l-8 8',
      check: 'M4 10.5 8 14.5 16 5.5',
    };
    const svg = document.createElementNS(SVG_NS, 'svg');
    svg.setAttribute('viewBox', '0 0 20 20');
    svg.setAttribute('width', '18');
    svg.setAttribute('height', '18');
    svg.setAttribute('aria-hidden', 'true');
    svg.setAttribute('focusable', 'false');
    svg.setAttribute('class', 'icon icon--' + name);
    const path = document.createElementNS(SVG_NS, 'path');
    path.setAttribute('d', paths[name] || '');
    path.setAttribute('fill', 'none');
    path.setAttribute('stroke', 'currentColor');
    path.setAttribute('stroke-width', '1.8');
    path.setAttribute('stroke-linecap', 'round');
    path.setAttribute('stroke-linejoin', 'round');
    svg.appendChild(path);
    return svg;
  }

  // Only web links open from an answer or a source card.
  const { safeUrl, sanitisedFragment } = window.magchatSafeHtml;

  function externalLink(href, text) {
    const a = el('a', 'external-link');
    a.href = href;
    a.target = '_blank';
    a.rel = 'noopener noreferrer';
    // The icon stays on the line of the link's last word.
    const cut = text.lastIndexOf(' ') + 1;
    if (cut > 0) a.appendChild(document.createTextNode(text.slice(0, cut)));
    const tail = el('span', 'nowrap', text.slice(cut));
    tail.appendChild(icon('external'));
    a.appendChild(tail);
    a.appendChild(el('span', 'visually-hidden', ' (opens in a new tab)'));
    return a;
  }

  // ---- Answer body: sanitise the server's HTML, or render Markdown ourselves --------------------------

  // Answers are rendered by the server (md4c, raw HTML escaped) and arrive as answer_html, live and stored.
  // Without it (an older stored turn), the Markdown is shown as plain text: the page never parses Markdown.
  function plainTextFragment(markdown) {
    const fragment = document.createDocumentFragment();
    for (const paragraph of String(markdown).split(/\n{2,}/)) {
      if (paragraph.trim() === '') continue;
      const p = document.createElement('p');
      p.textContent = paragraph;
      fragment.appendChild(p);
    }
    return fragment;
  }


  // Replaces [n] markers in the text nodes under `root` with links to the source cards of this reply.
  function linkCitations(root, sourcesById, cardId) {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT, {
      acceptNode(node) {
        // Leave code samples alone.
        return node.parentElement && node.parentElement.closest('code, pre, a')
          ? NodeFilter.FILTER_REJECT
          : NodeFilter.FILTER_ACCEPT;
      },
    });
    const textNodes = [];
    while (walker.nextNode()) textNodes.push(walker.currentNode);

    for (const node of textNodes) {
      const text = node.nodeValue;
      const pattern = /\[(\d{1,3})\]/g;
      if (!pattern.test(text)) continue;
      pattern.lastIndex = 0;
      const fragment = document.createDocumentFragment();
      let last = 0;
      let m;
      while ((m = pattern.exec(text)) !== null) {
        const source = sourcesById.get(Number(m[1]));
        if (!source) continue; // A marker without a source stays as plain text.
        if (m.index > last) fragment.appendChild(document.createTextNode(text.slice(last, m.index)));
        const sup = el('sup', 'cite');
        const a = el('a', 'cite__link', m[1]);
        a.href = '#' + cardId(source.id);
        a.setAttribute('aria-label', 'Source ' + m[1] + ': ' + (source.title || source.source_title || ''));
        a.addEventListener('click', (event) => {
          event.preventDefault();
          const card = document.getElementById(cardId(source.id));
          if (!card) return;
          card.scrollIntoView({ block: 'nearest', behavior: prefersReducedMotion() ? 'auto' : 'smooth' });
          card.focus({ preventScroll: true });
          card.classList.remove('source--flash');
          void card.offsetWidth; // restart the highlight animation
          card.classList.add('source--flash');
        });
        sup.appendChild(a);
        fragment.appendChild(sup);
        last = pattern.lastIndex;
      }
      if (last === 0) continue;
      if (last < text.length) fragment.appendChild(document.createTextNode(text.slice(last)));
      node.parentNode.replaceChild(fragment, node);
    }
  }

  function prefersReducedMotion() {
    return window.matchMedia && window.matchMedia('(prefers-reduced-motion: reduce)').matches;
  }

  // ---- Rendering one reply --------------------------------------------------------------------------------

  let renderCount = 0;

  const TYPE_LABELS = {
    answer: 'Answer',
    no_answer: 'No answer found',
    out_of_scope: 'Outside what magchat covers',
    emergency: 'Possible emergency',
    greeting: 'Hello',
  };

  // The emergency, crisis and poison-control numbers the replies give become tap-to-call links (tel:), so a
  // person on a phone can call from the reply itself. Only these exact numbers, in text (not inside a link).
  const PHONE_NUMBERS = /\b(1-800-222-1222|911|112|999|988)\b/g;
  function linkPhoneNumbers(root) {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    const texts = [];
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (!node.parentElement || !node.parentElement.closest('a')) texts.push(node);
    }
    for (const node of texts) {
      const text = node.nodeValue;
      PHONE_NUMBERS.lastIndex = 0;
      if (!PHONE_NUMBERS.test(text)) continue;
      const fragment = document.createDocumentFragment();
      let last = 0;
      text.replace(PHONE_NUMBERS, (match, _number, offset) => {
        fragment.appendChild(document.createTextNode(text.slice(last, offset)));
        const link = el('a', 'phone-link', match);
        link.href = 'tel:' + match.replace(/-/g, '');
        link.setAttribute('aria-label', 'Call ' + match);
        fragment.appendChild(link);
        last = offset + match.length;
        return match;
      });
      fragment.appendChild(document.createTextNode(text.slice(last)));
      node.parentNode.replaceChild(fragment, node);
    }
  }

  // Renders one reply (the JSON of POST /api/chat, or a stored turn's reply) as an <article>.
  // options: { conversationId, turnIndex, onAsk(question), feedback: 'up' | 'down' | undefined }
  // Feedback buttons appear only with a conversation id and turn index; suggestion chips only with onAsk.
  function renderReply(reply, options = {}) {
    const key = ++renderCount;
    const type = typeof reply.type === 'string' ? reply.type : 'answer';
    const article = el('article', 'message message--reply message--' + type.replace(/[^a-z_]/g, ''));
    article.dataset.type = type;
    if (Number.isInteger(options.turnIndex)) article.dataset.turnIndex = String(options.turnIndex);
    const headingId = 'reply-' + key + '-title';
    article.setAttribute('aria-labelledby', headingId);

    const header = el('h3', 'message__who visually-hidden', 'magchat: ' + (TYPE_LABELS[type] || 'Reply'));
    header.id = headingId;
    article.appendChild(header);

    if (type === 'emergency') {
      const banner = el('div', 'emergency-banner');
      banner.setAttribute('role', 'alert');
      banner.appendChild(icon('alert'));
      const bannerText = el('div', 'emergency-banner__text');
      bannerText.appendChild(el('strong', 'emergency-banner__title', 'Possible medical emergency'));
      bannerText.appendChild(el('span', 'emergency-banner__body', 'Call your local emergency number now. Do not wait to see whether it gets better.'));
      banner.appendChild(bannerText);
      article.appendChild(banner);
    }

    if (typeof reply.corrected_query === 'string' && reply.corrected_query !== '') {
      const corrected = el('p', 'corrected-query', 'Showing results for: ');
      corrected.appendChild(el('em', null, reply.corrected_query));
      article.appendChild(corrected);
    }

    // Body: the server's HTML; plain text if an old stored turn lacks it.
    const body = el('div', 'message__body answer');
    if (typeof reply.answer_html === 'string' && reply.answer_html !== '') {
      body.appendChild(sanitisedFragment(reply.answer_html));
    } else {
      body.appendChild(plainTextFragment(reply.answer || ''));
    }
    linkPhoneNumbers(body);
    article.appendChild(body);

    // Sources.
    const sources = Array.isArray(reply.sources) ? reply.sources.filter((s) => s && Number.isInteger(s.id)) : [];
    const cardId = (id) => 'source-' + key + '-' + id;
    if (sources.length > 0) {
      const sourcesById = new Map(sources.map((s) => [s.id, s]));
      linkCitations(body, sourcesById, cardId);

      const section = el('section', 'sources');
      const sourcesTitleId = 'reply-' + key + '-sources';
      section.setAttribute('aria-labelledby', sourcesTitleId);
      const sourcesTitle = el('h4', 'sources__title', sources.length === 1 ? 'Source' : 'Sources');
      sourcesTitle.id = sourcesTitleId;
      section.appendChild(sourcesTitle);
      const list = el('ol', 'sources__list');
      for (const source of sources) list.appendChild(renderSourceCard(source, cardId(source.id)));
      section.appendChild(list);
      article.appendChild(section);
    }

    if (typeof reply.disclaimer === 'string' && reply.disclaimer !== '') {
      const disclaimer = el('p', 'disclaimer');
      disclaimer.appendChild(icon('info'));
      disclaimer.appendChild(el('span', null, reply.disclaimer));
      article.appendChild(disclaimer);
    }

    const actions = el('div', 'message__actions');
    if (options.conversationId && Number.isInteger(options.turnIndex)) {
      actions.appendChild(renderFeedback(options.conversationId, options.turnIndex, options.feedback));
    }
    article.appendChild(actions);

    const suggestions = Array.isArray(reply.suggestions)
      ? reply.suggestions.filter((s) => typeof s === 'string' && s.trim() !== '')
      : [];
    if (suggestions.length > 0 && typeof options.onAsk === 'function') {
      const box = el('div', 'suggestions');
      const labelId = 'reply-' + key + '-suggestions';
      const label = el('p', 'suggestions__label', 'Related questions');
      label.id = labelId;
      box.appendChild(label);
      const chips = el('div', 'chips');
      chips.setAttribute('role', 'group');
      chips.setAttribute('aria-labelledby', labelId);
      for (const question of suggestions) {
        const chip = el('button', 'chip', question);
        chip.type = 'button';
        chip.addEventListener('click', () => options.onAsk(question));
        chips.appendChild(chip);
      }
      box.appendChild(chips);
      article.appendChild(box);
    }
    return article;
  }

  function renderSourceCard(source, id) {
    const card = el('li', 'source');
    card.id = id;
    card.tabIndex = -1;
    const number = el('span', 'source__number', String(source.id));
    number.setAttribute('aria-hidden', 'true');
    card.appendChild(number);
    const content = el('div', 'source__content');
    const title = el('p', 'source__title');
    title.appendChild(el('span', 'visually-hidden', 'Source ' + source.id + ': '));
    title.appendChild(document.createTextNode(source.title || source.entry_id || 'Knowledge base entry'));
    content.appendChild(title);
    if (typeof source.section === 'string' && source.section !== '') {
      content.appendChild(el('p', 'source__section', source.section));
    }
    const href = safeUrl(source.url);
    if (href) {
      const link = el('p', 'source__link');
      link.appendChild(externalLink(href, source.source_title || new URL(href).hostname));
      content.appendChild(link);
    } else if (source.source_title) {
      content.appendChild(el('p', 'source__origin', source.source_title));
    }
    card.appendChild(content);
    return card;
  }

  // ---- Feedback ----------------------------------------------------------------------------------------

  function loadFeedbackMemory() {
    try {
      return JSON.parse(localStorage.getItem(FEEDBACK_KEY) || '{}') || {};
    } catch {
      return {};
    }
  }

  function rememberFeedback(conversationId, turnIndex, rating) {
    try {
      const memory = loadFeedbackMemory();
      // Keep only the current conversation's ratings.
      const forConversation = memory[conversationId] || {};
      forConversation[turnIndex] = rating;
      localStorage.setItem(FEEDBACK_KEY, JSON.stringify({ [conversationId]: forConversation }));
    } catch {
      // Storage may be unavailable (private mode); feedback still reaches the server.
    }
  }

  function renderFeedback(conversationId, turnIndex, previous) {
    const box = el('div', 'feedback');
    box.setAttribute('role', 'group');
    box.setAttribute('aria-label', 'Was this answer helpful?');
    box.appendChild(el('span', 'feedback__label', 'Helpful?'));

    const status = el('p', 'feedback__status');
    status.setAttribute('role', 'status');

    const buttons = {};
    for (const [rating, label] of [['up', 'Yes, this was helpful'], ['down', 'No, this was not helpful']]) {
      const button = el('button', 'icon-button feedback__button feedback__button--' + rating);
      button.type = 'button';
      button.setAttribute('aria-label', label);
      button.setAttribute('aria-pressed', previous === rating ? 'true' : 'false');
      button.title = label;
      button.dataset.rating = rating;
      button.appendChild(icon(rating));
      buttons[rating] = button;
      box.appendChild(button);
    }

    // Optional comment, offered after a rating.
    const commentForm = el('form', 'feedback__comment');
    commentForm.hidden = true;
    const commentId = 'comment-' + (++renderCount);
    const commentLabel = el('label', 'feedback__comment-label', 'Tell us more (optional)');
    commentLabel.htmlFor = commentId;
    const comment = el('textarea', 'feedback__comment-input');
    comment.id = commentId;
    comment.rows = 2;
    comment.maxLength = 2000;
    const commentSend = el('button', 'button button--quiet', 'Send comment');
    commentSend.type = 'submit';
    commentForm.append(commentLabel, comment, commentSend);

    let current = previous || null;
    let busy = false;

    async function send(rating, text) {
      if (busy) return false;
      busy = true;
      box.setAttribute('aria-busy', 'true');
      status.className = 'feedback__status';
      status.textContent = 'Sending…';
      try {
        const payload = { conversation_id: conversationId, turn_index: turnIndex, rating };
        if (text) payload.comment = text;
        const response = await fetchWithTimeout('/api/feedback', {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify(payload),
        });
        if (response.status !== 201) throw new Error(await errorMessage(response));
        current = rating;
        for (const r of Object.keys(buttons)) buttons[r].setAttribute('aria-pressed', r === rating ? 'true' : 'false');
        rememberFeedback(conversationId, turnIndex, rating);
        status.className = 'feedback__status feedback__status--ok';
        status.textContent = text ? 'Thank you, your comment was saved.' : 'Thank you, your feedback was saved.';
        return true;
      } catch (error) {
        status.className = 'feedback__status feedback__status--error';
        status.textContent = 'Your feedback could not be sent. Please try again.';
        return false;
      } finally {
        busy = false;
        box.removeAttribute('aria-busy');
      }
    }

    for (const [rating, button] of Object.entries(buttons)) {
      button.addEventListener('click', async () => {
        if (await send(rating)) commentForm.hidden = false;
      });
    }
    commentForm.addEventListener('submit', async (event) => {
      event.preventDefault();
      const text = comment.value.trim();
      if (!text || !current) return;
      if (await send(current, text)) {
        comment.value = '';
        commentForm.hidden = true;
        buttons[current].focus();
      }
    });

    const wrapper = el('div', 'feedback-wrapper');
    wrapper.append(box, status, commentForm);
    return wrapper;
  }

  // ---- Network -----------------------------------------------------------------------------------------

  class NetworkError extends Error {}
  class ServerError extends Error {
    constructor(message, status, retryable) {
      super(message);
      this.status = status;
      this.retryable = retryable;
    }
  }

  async function fetchWithTimeout(url, init = {}) {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), REQUEST_TIMEOUT_MS);
    try {
      return await fetch(url, { ...init, signal: controller.signal, cache: 'no-store' });
    } catch (error) {
      throw new NetworkError(error && error.name === 'AbortError' ? 'timeout' : 'unreachable');
    } finally {
      clearTimeout(timer);
    }
  }

  // The server's error message, or a generic one.
  async function errorMessage(response) {
    try {
      const data = await response.json();
      if (data && data.error && typeof data.error.message === 'string') return data.error.message;
    } catch {
      // Not JSON.
    }
    return 'The server answered with status ' + response.status + '.';
  }

  function chatPayload(message, conversationId) {
    const payload = { message };
    if (conversationId) payload.conversation_id = conversationId;
    return JSON.stringify(payload);
  }

  function refused(response, message) {
    return new ServerError(message, response.status, response.status >= 500 || response.status === 429);
  }

  // Asks without streaming: the whole reply as one JSON object.
  async function postChat(message, conversationId) {
    const response = await fetchWithTimeout('/api/chat', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: chatPayload(message, conversationId),
    });
    if (!response.ok) throw refused(response, await errorMessage(response));
    return response.json();
  }

  // ---- Streaming (Server-Sent Events) --------------------------------------------------------------------

  // A parser for text/event-stream, after the WHATWG rules, for text that arrives in pieces of any size:
  // lines end with CRLF, LF or CR (a CRLF may be split between two pieces); "event:" names the event,
  // "data:" lines are joined with "\n"; one space after the colon is dropped; lines starting with ":" are
  // comments; a blank line dispatches the event (only when it has data); other fields (id, retry) are ignored.
  // An event that is not finished by a blank line when the stream ends is dropped, as the standard says.
  // onEvent receives { event, data } with event "message" when none was named.
  function createEventStreamParser(onEvent) {
    let buffer = '';
    let name = '';
    let data = null; // lines of the event being read
    const lineEnd = /\r\n|\r|\n/g;

    function line(text) {
      if (text === '') {
        if (data !== null) onEvent({ event: name || 'message', data: data.join('\n') });
        name = '';
        data = null;
        return;
      }
      if (text[0] === ':') return;
      const colon = text.indexOf(':');
      const field = colon === -1 ? text : text.slice(0, colon);
      let value = colon === -1 ? '' : text.slice(colon + 1);
      if (value[0] === ' ') value = value.slice(1);
      if (field === 'event') name = value;
      else if (field === 'data') (data || (data = [])).push(value);
    }

    return {
      push(text) {
        buffer += text;
        let start = 0;
        lineEnd.lastIndex = 0;
        let m;
        while ((m = lineEnd.exec(buffer)) !== null) {
          // A CR at the very end may be the first half of a CRLF: wait for the next piece.
          if (m[0] === '\r' && lineEnd.lastIndex === buffer.length) break;
          line(buffer.slice(start, m.index));
          start = lineEnd.lastIndex;
        }
        buffer = buffer.slice(start);
      },
      // The stream ended: a last line ended by a lone CR still counts; anything unfinished is dropped.
      end() {
        if (buffer.endsWith('\r')) line(buffer.slice(0, -1));
        buffer = '';
        name = '';
        data = null;
      },
    };
  }

  // The server cannot stream now (every stream slot is taken: 503): ask again without streaming.
  class StreamUnavailable extends Error {}
  // The stream ended or failed before its "done" event; `meta` is its "meta" event, if it came.
  class StreamBroken extends Error {
    constructor(message, meta) {
      super(message);
      this.meta = meta;
    }
  }

  // Asks with Accept: text/event-stream and reads the answer as it is sent.
  // on: { meta(meta), text(wholeTextSoFar) }. Resolves with the complete reply: the "done" event's, or the JSON
  // of a server (or proxy) that answered without streaming. Rejects with NetworkError when the request did not
  // get through, ServerError when it was refused, StreamUnavailable on 503, StreamBroken when the stream broke.
  async function streamChat(message, conversationId, on) {
    const controller = new AbortController();
    let timer = 0;
    // The time limit applies to the wait for the reply's start, then to each wait for the next piece.
    const rearm = () => {
      clearTimeout(timer);
      timer = setTimeout(() => controller.abort(), REQUEST_TIMEOUT_MS);
    };
    rearm();
    try {
      let response;
      try {
        response = await fetch('/api/chat', {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', Accept: 'text/event-stream' },
          body: chatPayload(message, conversationId),
          signal: controller.signal,
          cache: 'no-store',
        });
      } catch (error) {
        throw new NetworkError(error && error.name === 'AbortError' ? 'timeout' : 'unreachable');
      }
      if (response.status === 503) {
        response.body?.cancel().catch(() => {});
        throw new StreamUnavailable('the server cannot stream now');
      }
      if (!response.ok) throw refused(response, await errorMessage(response));
      const contentType = (response.headers.get('Content-Type') || '').toLowerCase();
      if (!contentType.startsWith('text/event-stream') || !response.body) return await response.json();

      let meta = null;
      let text = '';
      let reply = null;
      let problem = null;
      const parser = createEventStreamParser(({ event, data }) => {
        if (reply || problem) return;
        let value;
        try {
          value = JSON.parse(data);
        } catch {
          problem = 'a frame was not JSON';
          return;
        }
        if (event === 'meta' && value && typeof value === 'object') {
          meta = value;
          on.meta(value);
        } else if (event === 'delta' && value && typeof value.text === 'string') {
          text += value.text;
          if (value.text !== '') on.text(text);
        } else if (event === 'done') {
          if (value && typeof value === 'object' && !Array.isArray(value)) reply = value;
          else problem = 'the final frame was not a reply';
        }
        // Other events are not for this page.
      });
      const reader = response.body.getReader();
      const decoder = new TextDecoder();
      try {
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          rearm();
          parser.push(decoder.decode(value, { stream: true }));
          if (problem) break;
        }
        parser.push(decoder.decode());
        parser.end();
      } catch {
        // The connection broke or the wait for a piece timed out; what arrived before still counts.
      }
      if (problem) reader.cancel().catch(() => {});
      if (reply) return reply;
      throw new StreamBroken(problem || 'the stream ended before its reply', meta);
    } finally {
      clearTimeout(timer);
    }
  }

  // After a broken stream whose turn the server has already stored (its "meta" came): the stored reply,
  // rendered from its Markdown, or null when it cannot be found. Asking again would store the question twice.
  async function storedReply(meta) {
    const id = meta && meta.conversation_id;
    if (typeof id !== 'string' || !Number.isInteger(meta.turn_index)) return null;
    const conversation = await getConversation(id);
    const turns = conversation && Array.isArray(conversation.turns) ? conversation.turns : [];
    const turn = turns.find((t) => t && t.index === meta.turn_index);
    if (!turn || !turn.reply || typeof turn.reply !== 'object') return null;
    return { ...turn.reply, conversation_id: id, turn_index: meta.turn_index };
  }

  async function getConversation(id) {
    const response = await fetchWithTimeout('/api/conversations/' + encodeURIComponent(id));
    if (response.status === 404) return null;
    if (!response.ok) throw new ServerError(await errorMessage(response), response.status, true);
    return response.json();
  }

  // ---- Page state --------------------------------------------------------------------------------------

  const thread = document.getElementById('thread');
  const welcome = document.getElementById('welcome');
  const form = document.getElementById('composer');
  const input = document.getElementById('question');
  const sendButton = document.getElementById('send');
  const newButton = document.getElementById('new-conversation');

  let conversationId = readStoredConversation();
  let pending = false;

  function readStoredConversation() {
    try {
      return localStorage.getItem(STORAGE_KEY);
    } catch {
      return null;
    }
  }

  function storeConversation(id) {
    try {
      if (id) localStorage.setItem(STORAGE_KEY, id);
      else localStorage.removeItem(STORAGE_KEY);
    } catch {
      // Without storage the conversation simply does not survive a reload.
    }
  }

  function setPending(value) {
    pending = value;
    input.disabled = value;
    sendButton.disabled = value;
    form.setAttribute('aria-busy', value ? 'true' : 'false');
    for (const chip of document.querySelectorAll('.chip')) chip.disabled = value;
  }

  function updateWelcome() {
    welcome.hidden = thread.childElementCount > 0;
  }

  function scrollToEnd(node) {
    node.scrollIntoView({ block: 'start', behavior: prefersReducedMotion() ? 'auto' : 'smooth' });
  }

  function renderQuestion(text) {
    const article = el('article', 'message message--question');
    article.appendChild(el('h3', 'visually-hidden', 'You asked'));
    article.appendChild(el('p', 'message__text', text));
    return article;
  }

  function renderThinking() {
    const box = el('div', 'message message--thinking');
    box.setAttribute('role', 'status');
    const dots = el('span', 'thinking-dots');
    dots.setAttribute('aria-hidden', 'true');
    for (let i = 0; i < 3; i += 1) dots.appendChild(el('span', 'thinking-dots__dot'));
    box.append(dots, el('span', 'thinking__text', 'magchat is thinking…'));
    return box;
  }

  // An error notice with an optional retry button.
  function renderError(title, detail, onRetry) {
    const box = el('div', 'message message--error');
    box.setAttribute('role', 'alert');
    box.appendChild(icon('alert'));
    const text = el('div', 'error__text');
    text.appendChild(el('strong', null, title));
    if (detail) text.appendChild(el('p', null, detail));
    box.appendChild(text);
    if (onRetry) {
      const retry = el('button', 'button button--primary error__retry', 'Retry');
      retry.type = 'button';
      retry.addEventListener('click', () => {
        box.remove();
        onRetry();
      });
      box.appendChild(retry);
    }
    return box;
  }

  // Keeps follow-up chips only under the newest reply, so the thread stays calm.
  function clearOldSuggestions() {
    for (const box of thread.querySelectorAll('.suggestions')) box.remove();
  }

  function removeErrors() {
    for (const box of thread.querySelectorAll('.message--error')) box.remove();
  }

  // The reply being streamed: its text so far, as plain text, in a box that looks like a reply. It is not a
  // .message--reply (that is the finished reply) and is aria-busy, so screen readers announce the finished
  // reply once rather than every piece.
  function renderPartialReply() {
    const node = el('article', 'message message--streaming');
    node.setAttribute('aria-busy', 'true');
    node.appendChild(el('h3', 'visually-hidden', 'magchat is answering'));
    const body = el('div', 'message__body answer answer--streaming');
    node.appendChild(body);
    return { node, body };
  }

  // The reply to a question, streamed when the server can (showPartial(textSoFar) sees it arrive), otherwise
  // as one JSON object.
  async function requestReply(message, showPartial) {
    try {
      return await streamChat(message, conversationId, {
        meta(meta) {
          // Keep the conversation from its first frame, so a reload during the answer finds it.
          if (typeof meta.conversation_id === 'string' && meta.conversation_id !== conversationId) {
            conversationId = meta.conversation_id;
            storeConversation(conversationId);
          }
        },
        text: showPartial,
      });
    } catch (error) {
      if (error instanceof StreamUnavailable) return postChat(message, conversationId);
      if (!(error instanceof StreamBroken)) throw error;
      // The server stored this turn when it sent "meta": read it back rather than ask a second time.
      if (error.meta) {
        const stored = await storedReply(error.meta);
        if (stored) return stored;
      }
      return postChat(message, conversationId);
    }
  }

  // Sends a question. The question bubble is added once; a retry reuses it.
  // The server takes questions of up to 2,000 characters. A longer paste is not cut (the question at its end would
  // be lost): the page says how long it is and sends nothing until it is shortened.
  const MAX_MESSAGE_CHARS = 2000;
  const lengthNote = document.getElementById('composer-length');
  function messageLength(text) {
    return Array.from(text.trim()).length;  // characters, as the server counts them (not UTF-16 units)
  }
  function updateLengthNote() {
    const length = messageLength(input.value);
    const over = length > MAX_MESSAGE_CHARS;
    lengthNote.hidden = !over;
    lengthNote.textContent = over
      ? 'Your message is ' + length.toLocaleString('en') + ' characters; the limit is 2,000. Please shorten it, ' +
        'or ask just your question.'
      : '';
    input.setAttribute('aria-invalid', over ? 'true' : 'false');
    return over;
  }

  async function ask(text, { questionNode = null } = {}) {
    const message = text.trim();
    if (!message || pending) return;
    if (!questionNode && messageLength(message) > MAX_MESSAGE_CHARS) {
      updateLengthNote();
      input.focus();
      return;
    }
    removeErrors();
    const hadFocus = document.activeElement === input || questionNode !== null;
    if (!questionNode) {
      clearOldSuggestions();
      questionNode = renderQuestion(message);
      thread.appendChild(questionNode);
      input.value = '';
    }
    updateWelcome();
    const thinking = renderThinking();
    thread.appendChild(thinking);
    scrollToEnd(questionNode);
    setPending(true);

    // The answer as it arrives, as plain text; the thinking state stays until its first piece.
    let partial = null;
    const showPartial = (soFar) => {
      if (!partial) {
        partial = renderPartialReply();
        if (thinking.isConnected) thinking.replaceWith(partial.node);
        else thread.appendChild(partial.node);
      }
      partial.body.textContent = soFar;
    };
    const removePending = () => {
      thinking.remove();
      if (partial) partial.node.remove();
    };

    try {
      const reply = await requestReply(message, showPartial);
      if (typeof reply.conversation_id === 'string' && reply.conversation_id !== conversationId) {
        conversationId = reply.conversation_id;
        storeConversation(conversationId);
      }
      const node = renderReply(reply, {
        conversationId,
        turnIndex: reply.turn_index,
        onAsk: (q) => ask(q),
      });
      // The finished reply takes the place of the streamed text (or of the thinking state).
      const placeholder = partial && partial.node.isConnected ? partial.node : thinking.isConnected ? thinking : null;
      if (placeholder) placeholder.replaceWith(node);
      else thread.appendChild(node);
      removePending();
      scrollToEnd(questionNode);
    } catch (error) {
      removePending();
      if (error instanceof NetworkError || (error instanceof ServerError && error.retryable)) {
        const title = error instanceof NetworkError
          ? 'magchat cannot be reached right now.'
          : 'magchat could not answer right now.';
        // (Too many questions in a short time: the server says when to try again, e.g. "try again in 29 s".)
        const detail = error instanceof NetworkError
          ? 'Check your connection, then try again. Your question has not been lost.'
          : error.status === 429
            ? 'Too many questions in a short time. ' + error.message
            : 'Something went wrong on the server. Please try again in a moment.';
        const notice = renderError(title, detail, () => ask(message, { questionNode }));
        thread.appendChild(notice);
        notice.scrollIntoView({ block: 'nearest' });
      } else {
        // The server refused the question (too long, invalid): let the person edit it.
        questionNode.remove();
        thread.appendChild(renderError('This question could not be sent.', error.message, null));
        input.value = message;
      }
      updateWelcome();
    } finally {
      setPending(false);
      if (hadFocus) input.focus();
    }
  }

  // Rebuilds the thread of a stored conversation after a reload.
  async function restore() {
    if (!conversationId) {
      updateWelcome();
      return;
    }
    thread.setAttribute('aria-busy', 'true');
    setPending(true);
    const loading = el('p', 'thread__loading', 'Loading your conversation…');
    thread.appendChild(loading);
    try {
      const conversation = await getConversation(conversationId);
      loading.remove();
      if (!conversation || !Array.isArray(conversation.turns)) {
        // Unknown here (for example a new database): start afresh.
        conversationId = null;
        storeConversation(null);
      } else {
        const ratings = loadFeedbackMemory()[conversationId] || {};
        const turns = conversation.turns;
        turns.forEach((turn, i) => {
          thread.appendChild(renderQuestion(String(turn.message || '')));
          const options = { conversationId, turnIndex: turn.index, feedback: ratings[turn.index] };
          if (i === turns.length - 1) options.onAsk = (q) => ask(q);
          thread.appendChild(renderReply(turn.reply || {}, options));
        });
        const last = thread.lastElementChild;
        if (last) last.scrollIntoView({ block: 'end' });
      }
    } catch (error) {
      loading.remove();
      thread.appendChild(renderError(
        'Your conversation could not be loaded.',
        error instanceof NetworkError ? 'magchat cannot be reached right now. Check your connection.' : error.message,
        () => restore(),
      ));
    } finally {
      thread.removeAttribute('aria-busy');
      setPending(false);
      updateWelcome();
    }
  }

  function newConversation() {
    if (pending) return;
    conversationId = null;
    storeConversation(null);
    try {
      localStorage.removeItem(FEEDBACK_KEY);
    } catch {
      // ignore
    }
    thread.replaceChildren();
    input.value = '';
    updateWelcome();
    input.focus();
  }

  // ---- Wiring ------------------------------------------------------------------------------------------

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    ask(input.value);
  });

  input.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      ask(input.value);
    }
  });

  input.addEventListener('input', () => {
    if (!lengthNote.hidden || messageLength(input.value) > MAX_MESSAGE_CHARS) updateLengthNote();
  });

  newButton.addEventListener('click', newConversation);

  for (const chip of welcome.querySelectorAll('.chip')) {
    chip.addEventListener('click', () => ask(chip.dataset.question || chip.textContent || ''));
  }

  // For tests.
  window.magchat = Object.freeze({ renderReply, sanitisedFragment, createEventStreamParser });

  restore();
})();
