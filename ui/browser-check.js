// A classic (non-module) script in ES5, so that it runs in any browser: index.html loads it before the app.
// Where the browser is too old for the app (it runs in the desktop's WebKitGTK, Chromium 90 and later — the
// browsers of 统信 UOS and 银河麒麟 are Chromium-based — and Firefox 78 and later), it says so in plain Chinese
// instead of a blank page, and the app does not start (main.js checks the flag).
(function () {
  if (typeof document === 'undefined') return;
  var ok =
    typeof globalThis !== 'undefined' &&
    typeof Promise !== 'undefined' &&
    typeof Promise.allSettled === 'function' &&
    typeof Element !== 'undefined' &&
    typeof Element.prototype.replaceChildren === 'function' &&
    typeof fetch === 'function' &&
    'noModule' in document.createElement('script');
  if (ok) return;
  window.fashenUnsupported = true;
  var show = function () {
    var app = document.getElementById('app');
    if (!app) return;
    while (app.firstChild) app.removeChild(app.firstChild);
    var title = document.createElement('h1');
    title.appendChild(document.createTextNode('此浏览器版本过旧，无法使用法审台'));
    var text = document.createElement('p');
    text.appendChild(
      document.createTextNode(
        '请改用 Chromium 90 或更新版本的浏览器（统信 UOS、银河麒麟自带的浏览器或奇安信可信浏览器的新版本，' +
          '或 Chrome、Edge），或 Firefox 78 及以上版本，再从菜单重新打开「法审台（浏览器版）」。',
      ),
    );
    app.appendChild(title);
    app.appendChild(text);
  };
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', show);
  else show();
})();
