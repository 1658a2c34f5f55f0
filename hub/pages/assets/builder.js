/*
 * The embed builder on the home page, live: the snippet and the preview follow the form as it
 * changes, and a button copies the snippet. Without this script the form still works (it submits
 * to /, which renders the snippet and an <iframe> preview). Builds the same lines as
 * hub/pages/snippet.ts. Plain ES2019, no framework, served as is from /assets/builder.js.
 */
(function () {
  'use strict';
  var form = document.getElementById('builder');
  if (!form) return;
  var out = document.getElementById('b-snippet');
  var preview = document.getElementById('b-preview');
  var copy = document.getElementById('b-copy');
  var status = document.getElementById('b-status');
  var publicUrl = form.getAttribute('data-public-url');
  var frameTitle = form.getAttribute('data-frame-title');

  function choice() {
    var portals = Array.prototype.map.call(form.elements.portal.selectedOptions, function (o) {
      return o.value;
    });
    var limit = parseInt(form.elements.limit.value, 10);
    if (!(limit >= 1)) limit = 5;
    if (limit > 50) limit = 50;
    var kind = form.querySelector('input[name="kind"]:checked');
    return {
      portals: portals,
      within: form.elements.within.checked,
      level: form.elements.level.value,
      topic: form.elements.topic.value,
      limit: limit,
      kind: kind ? kind.value : 'script',
    };
  }

  function pairs(c) {
    var p = [];
    if (c.portals.length === 1 && c.within) p.push(['within', c.portals[0]]);
    else if (c.portals.length) p.push(['portal', c.portals.join(',')]);
    if (c.level) p.push(['level', c.level]);
    if (c.topic) p.push(['topic', c.topic]);
    p.push(['limit', String(c.limit)]);
    return p;
  }

  function attr(s) {
    return s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
  }

  function query(p) {
    return p
      .map(function (kv) {
        return kv[0] + '=' + encodeURIComponent(kv[1]).replace(/%2C/gi, ',');
      })
      .join('&');
  }

  function snippet(c) {
    var p = pairs(c);
    if (c.kind === 'iframe')
      return (
        '<iframe src="' + attr(publicUrl + '/embed/list?' + query(p)) + '" title="' + attr(frameTitle) + '" width="100%" height="480" loading="lazy"></iframe>'
      );
    return (
      '<script src="' +
      attr(publicUrl + '/embed/v1.js') +
      '" ' +
      p
        .map(function (kv) {
          return 'data-' + kv[0] + '="' + attr(kv[1]) + '"';
        })
        .join(' ') +
      ' async></' +
      'script>'
    );
  }

  // the preview runs the real embed from this hub (the page's own origin), whatever the public URL
  function showPreview(c) {
    var p = pairs(c);
    preview.textContent = '';
    if (c.kind === 'iframe') {
      var frame = document.createElement('iframe');
      frame.src = '/embed/list?' + query(p);
      frame.title = frameTitle;
      frame.width = '100%';
      frame.height = '480';
      preview.appendChild(frame);
      return;
    }
    var script = document.createElement('script');
    script.async = true;
    p.forEach(function (kv) {
      script.setAttribute('data-' + kv[0], kv[1]);
    });
    script.src = '/embed/v1.js';
    preview.appendChild(script);
  }

  var last = '';
  function update() {
    var c = choice();
    var s = snippet(c);
    out.value = s;
    if (s !== last) showPreview(c);
    last = s;
  }

  var timer;
  function soon() {
    clearTimeout(timer);
    timer = setTimeout(update, 200);
  }
  form.addEventListener('input', soon);
  form.addEventListener('change', soon);
  form.addEventListener('submit', function (e) {
    e.preventDefault();
    update();
  });

  copy.hidden = false;
  copy.addEventListener('click', function () {
    var done = function () {
      status.textContent = form.getAttribute('data-copied');
    };
    var failed = function () {
      out.focus();
      out.select();
      status.textContent = form.getAttribute('data-copy-failed');
    };
    if (navigator.clipboard && navigator.clipboard.writeText) navigator.clipboard.writeText(out.value).then(done, failed);
    else {
      out.select();
      try {
        if (document.execCommand('copy')) done();
        else failed();
      } catch (e) {
        failed();
      }
    }
  });
  update();
})();
