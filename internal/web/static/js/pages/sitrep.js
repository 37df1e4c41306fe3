// The daily situation report (GET /api/v1/reports/sitrep): the period of
// 24 hours ending at the centre's cut-off on the chosen date, as the
// signed-in user (or the public) may see it, in the chosen language. The
// node renders the report as one self-contained page, shown here in a
// frame, with links to download it as HTML or JSON. Every figure and row
// in it links to the log entries it states.
import { h, fill } from '../dom.js';
import { t, LANGS, currentLang } from '../i18n.js';

// yesterday returns the UTC date of the day before today, YYYY-MM-DD: the
// last period whose cut-off has surely passed.
function yesterday() {
  return new Date(Date.now() - 86400000).toISOString().slice(0, 10);
}

// reportURL is the report's address for a date, language and format.
function reportURL(date, lang, format) {
  const q = new URLSearchParams({ date, lang, format });
  return `/api/v1/reports/sitrep?${q}`;
}

export async function render(main) {
  const date = h('input', { type: 'date', name: 'date', id: 'sitrep-date', value: yesterday(), required: true });
  const lang = h('select', { name: 'lang', id: 'sitrep-lang' },
    LANGS.map((l) => h('option', { value: l, selected: l === currentLang() }, t(`sitrep.lang.${l}`))));
  const frame = h('iframe', { id: 'sitrep-frame', class: 'sitrep-frame', style: 'width:100%;min-height:75vh;border:1px solid #ccc', title: t('sitrep.title'), sandbox: 'allow-same-origin allow-popups' });
  const links = h('p', { class: 'sitrep-links' });
  const show = () => {
    if (!date.value) return;
    frame.src = reportURL(date.value, lang.value, 'html');
    fill(links,
      h('a', { href: reportURL(date.value, lang.value, 'html'), download: `sitrep-${date.value}-${lang.value}.html`, id: 'sitrep-download' }, t('sitrep.download')),
      ' · ',
      h('a', { href: reportURL(date.value, lang.value, 'json'), download: `sitrep-${date.value}-${lang.value}.json` }, t('sitrep.download_json')));
  };
  const form = h('form', { class: 'inline', id: 'sitrep-form' },
    h('label', { for: 'sitrep-date' }, t('sitrep.date')), ' ', date, ' ',
    h('label', { for: 'sitrep-lang' }, t('sitrep.lang')), ' ', lang, ' ',
    h('button', { type: 'submit' }, t('sitrep.show')));
  form.addEventListener('submit', (e) => { e.preventDefault(); show(); });
  fill(main, h('h1', {}, t('sitrep.title')), h('p', { class: 'lead' }, t('sitrep.intro')), form, links, frame);
  show();
}
