// Safe HTML for magchat's pages: the server's rendered Markdown (md4c, raw HTML already escaped) is parsed into
// an inert document (no scripts run, no resources load) and copied element by element through an allow-list,
// with no attributes except a checked http(s) link and a numeric list start. Shared by the chat page (app.js)
// and the curation page (curate.js); loaded before them.
'use strict';

(function () {
  // Only http(s) URLs, resolved against the page; anything else (javascript:, data:, ...) is refused.
  function safeUrl(raw) {
    if (typeof raw !== 'string' || raw === '') return null;
    try {
      const url = new URL(raw, window.location.href);
      return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : null;
    } catch {
      return null;
    }
  }

  // Elements kept from answer_html; anything else is unwrapped (its text kept) or, if listed in DROP, removed.
  const ALLOWED = new Set(['P', 'UL', 'OL', 'LI', 'STRONG', 'EM', 'B', 'I', 'CODE', 'PRE', 'BR', 'BLOCKQUOTE',
    'HR', 'DEL', 'S', 'U', 'A', 'TABLE', 'THEAD', 'TBODY', 'TR', 'TH', 'TD', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6']);
  const DROP = new Set(['SCRIPT', 'STYLE', 'IMG', 'IFRAME', 'OBJECT', 'EMBED', 'SVG', 'MATH', 'TEMPLATE', 'LINK',
    'META', 'BASE', 'FORM', 'INPUT', 'BUTTON', 'SELECT', 'TEXTAREA', 'VIDEO', 'AUDIO', 'SOURCE', 'NOSCRIPT']);
  // Headings inside an answer sit below the reply's own (visually hidden) h3.
  const HEADING_MAP = { H1: 'h4', H2: 'h4', H3: 'h5', H4: 'h6', H5: 'h6', H6: 'h6' };

  // Copies the children of `from` (a node of an inert parsed document) into `to`, keeping only allowed
  // elements and no attributes except a checked href and a numeric list start.
  function copySanitised(from, to) {
    for (const child of Array.from(from.childNodes)) {
      if (child.nodeType === Node.TEXT_NODE) {
        to.appendChild(document.createTextNode(child.nodeValue));
        continue;
      }
      if (child.nodeType !== Node.ELEMENT_NODE) continue;
      const tag = child.tagName.toUpperCase();
      if (DROP.has(tag)) continue;
      if (!ALLOWED.has(tag)) {
        copySanitised(child, to);
        continue;
      }
      let out;
      if (tag === 'A') {
        const href = safeUrl(child.getAttribute('href'));
        if (!href) {
          copySanitised(child, to);
          continue;
        }
        out = document.createElement('a');
        out.href = href;
        out.target = '_blank';
        out.rel = 'noopener noreferrer';
      } else {
        out = document.createElement(HEADING_MAP[tag] || tag.toLowerCase());
        if (tag === 'OL') {
          const start = child.getAttribute('start');
          if (start && /^\d{1,6}$/.test(start)) out.setAttribute('start', start);
        }
      }
      copySanitised(child, out);
      to.appendChild(out);
    }
  }

  // Parses HTML into an inert document (no scripts run, no resources load) and returns a sanitised fragment.
  function sanitisedFragment(html) {
    const doc = new DOMParser().parseFromString(String(html), 'text/html');
    const fragment = document.createDocumentFragment();
    copySanitised(doc.body, fragment);
    return fragment;
  }

  window.magchatSafeHtml = Object.freeze({ safeUrl, sanitisedFragment });
})();
