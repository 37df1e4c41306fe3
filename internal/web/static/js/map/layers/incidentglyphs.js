// Glyphs of the incident categories: a small white symbol drawn on the
// status-coloured disc of each incident marker, and on a dark disc in the
// legend. Built as SVG elements (never markup strings), on a 20 × 20 grid.

const SVG = 'http://www.w3.org/2000/svg';

// Each glyph is a list of shapes: [tag, attributes]; 'fill' and 'stroke'
// are white unless they name the disc's colour ("disc").
const fill = { fill: '#fff' };
const line = (w) => ({ fill: 'none', stroke: '#fff', 'stroke-width': w, 'stroke-linecap': 'round', 'stroke-linejoin': 'round' });
const GLYPHS = {
  air_strike: [['path', { d: 'M10 3.3C10.7 3.3 11 4.3 11 5.3V8.2L16.2 11V12.3L11 10.9 10.8 13.9 12.6 15.2V16.3L10 15.6 7.4 16.3V15.2L9.2 13.9 9 10.9 3.8 12.3V11L9 8.2V5.3C9 4.3 9.3 3.3 10 3.3Z', ...fill }]],
  shelling_missile: [['path', { d: 'M10 3.3C11.9 5.2 12.4 7.3 12.4 9.3V14.3H7.6V9.3C7.6 7.3 8.1 5.2 10 3.3Z', ...fill }], ['path', { d: 'M7 15.4H13V16.7H7Z', ...fill }]],
  armed_clash: [['path', { d: 'M5.2 5.2 14.8 14.8M14.8 5.2 5.2 14.8M4.6 12.4 7.6 15.4M15.4 12.4 12.4 15.4', ...line(2) }]],
  ground_advance: [['path', { d: 'M4.8 5.4 9.4 10 4.8 14.6M10.2 5.4 14.8 10 10.2 14.6', ...line(2.1) }]],
  sniper_fire: [['circle', { cx: 10, cy: 10, r: 4.2, ...line(1.6) }], ['path', { d: 'M10 3.4V7.2M10 12.8V16.6M3.4 10H7.2M12.8 10H16.6', ...line(1.6) }]],
  explosion_ied: [['path', { d: 'M10 3.2 11.4 7.5 15.6 5.6 13.3 9.5 16.7 11.6 12.5 12.3 12.9 16.5 10 13.4 7.1 16.5 7.5 12.3 3.3 11.6 6.7 9.5 4.4 5.6 8.6 7.5Z', ...fill }]],
  attack_on_civilians: [['circle', { cx: 10, cy: 6, r: 2.3, ...fill }], ['path', { d: 'M6.4 16.2 7.2 10.9C7.4 9.6 8.4 9 10 9S12.6 9.6 12.8 10.9L13.6 16.2Z', ...fill }]],
  attack_on_protected_site: [['path', { d: 'M10 3.6 15.4 5.7 15.1 10.4C14.7 13.5 12.6 15.5 10 16.5 7.4 15.5 5.3 13.5 4.9 10.4L4.6 5.7Z', ...fill }],
    ['path', { d: 'M10 7.2V13.4M7 10.2H13', fill: 'none', stroke: 'disc', 'stroke-width': 1.9 }]],
  obstruction_of_humanitarian_access: [['circle', { cx: 10, cy: 10, r: 5.6, ...line(1.8) }], ['path', { d: 'M6.9 10H13.1', ...line(2.4) }]],
  unsafe_air_encounter: [['path', { d: 'M10 3.8 16.4 15.6H3.6Z', ...fill }], ['path', { d: 'M10 7.9V11.6M10 13.4V13.6', fill: 'none', stroke: 'disc', 'stroke-width': 1.9, 'stroke-linecap': 'round' }]],
  other: [['circle', { cx: 10, cy: 10, r: 3, ...fill }]],
};

// glyph returns an SVG of category's symbol on a disc of colour disc,
// size pixels wide; unknown categories get the glyph of "other".
export function glyph(category, disc, size = 20) {
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('viewBox', '0 0 20 20');
  svg.setAttribute('width', size);
  svg.setAttribute('height', size);
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('focusable', 'false');
  const circle = document.createElementNS(SVG, 'circle');
  for (const [k, v] of Object.entries({ cx: 10, cy: 10, r: 9.2, fill: disc, stroke: '#fff', 'stroke-width': 1.4 })) circle.setAttribute(k, v);
  svg.append(circle);
  for (const [tag, attrs] of GLYPHS[category] || GLYPHS.other) {
    const el = document.createElementNS(SVG, tag);
    for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v === 'disc' ? disc : v);
    svg.append(el);
  }
  return svg;
}
