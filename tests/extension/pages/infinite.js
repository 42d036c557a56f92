// An infinite-scroll feed: when the reader nears the bottom, the next story is appended.
let loaded = false;
function more() {
  if (loaded || window.innerHeight + window.scrollY < document.body.scrollHeight - 50) return;
  loaded = true;
  const a = document.createElement('article');
  a.className = 'story';
  a.dataset.story = '2';
  const h = document.createElement('h2');
  h.textContent = 'Library extends its opening hours';
  a.appendChild(h);
  for (const t of [
    'Corrowick central library will open until nine in the evening from June, chief librarian Wilhelmina Strand said on Thursday.',
    'The longer hours will cost 120,000 pounds a year, paid by the Aldous Reading Trust. “Students asked us for this more than anything else,” Strand said.',
    'The library was visited 240,000 times last year, up from 190,000 the year before.',
  ]) {
    const p = document.createElement('p');
    p.textContent = t;
    a.appendChild(p);
  }
  document.getElementById('feed').appendChild(a);
}
window.addEventListener('scroll', more, { passive: true });
