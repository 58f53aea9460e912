// Just enough of a document for dom.js to build elements under node: tags, attributes, properties, children
// and text. Not a browser: the end-to-end tests (src-tauri/tests/e2e) drive the real webview.

class FakeNode {}

class FakeText extends FakeNode {
  constructor(text) {
    super();
    this.textContent = text;
  }
}

class FakeElement extends FakeNode {
  constructor(tag) {
    super();
    this.tagName = tag.toUpperCase();
    this.attributes = {};
    this.dataset = {};
    this.childNodes = [];
    this.listeners = {};
    this.hidden = false;
    this.ownText = '';
  }
  setAttribute(name, value) {
    this.attributes[name] = value;
  }
  getAttribute(name) {
    return this.attributes[name] ?? null;
  }
  get id() {
    return this.getAttribute('id');
  }
  get className() {
    return this.getAttribute('class') ?? '';
  }
  addEventListener(type, listener) {
    (this.listeners[type] ??= []).push(listener);
  }
  appendChild(child) {
    this.childNodes.push(child);
    return child;
  }
  replaceChildren() {
    this.childNodes = [];
    this.ownText = '';
  }
  get textContent() {
    return this.ownText + this.childNodes.map((c) => c.textContent).join('');
  }
  set textContent(text) {
    this.childNodes = [];
    this.ownText = String(text);
  }
  focus() {
    fakeDocument.activeElement = this;
  }
}

const fakeDocument = {
  activeElement: null,
  createElement: (tag) => new FakeElement(tag),
  createTextNode: (text) => new FakeText(text),
};

/** Installs the fake as `document` and `Node`; returns it (its `activeElement` follows `focus()`). */
export function installFakeDom() {
  globalThis.document = fakeDocument;
  globalThis.Node = FakeNode;
  return fakeDocument;
}
