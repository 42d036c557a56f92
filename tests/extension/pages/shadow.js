// A web component whose text lives in its shadow root.
customElements.define(
  'fact-box',
  class extends HTMLElement {
    connectedCallback() {
      const root = this.attachShadow({ mode: 'open' });
      const p = document.createElement('p');
      p.textContent =
        'Fact box: the swing bridge was built in 1894 by the engineer Cornelius Abernethy, opens about twelve times a day in summer, and carries roughly 9,000 cars on a weekday, according to the Saltmere Harbour Trust, which has owned it since 1952 and paid for every repair since.';
      root.appendChild(p);
    }
  },
);
