// Drawing a decoded vector tile on a canvas with the basemap style:
// polygons filled (even-odd, so holes stay open), lines stroked, place
// names written with a halo in the user's language. Canvas text is
// shaped by the browser, so Arabic letters join and run right to left;
// the direction is set from the name's own script.
import { rules, labelOf, COLORS } from './style.js';

const RTL = /[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]/;

// drawTile draws tile (from decodeTile) on the 2D context of a canvas of
// size × size device pixels, where one CSS pixel is ratio device pixels,
// at map zoom z. It returns the labels drawn, in drawing order.
export function drawTile(g, tile, { size, ratio = 1, zoom, lang }) {
  g.save();
  g.beginPath();
  g.rect(0, 0, size, size);
  g.clip();
  // Land under everything: in OpenMapTiles the land is the background,
  // and the water layer holds the sea.
  g.fillStyle = COLORS.land;
  g.fillRect(0, 0, size, size);
  const labels = [];
  const boxes = [];
  for (const rule of rules) {
    if (rule.minZoom && zoom < rule.minZoom) continue;
    for (const name of rule.layers) {
      const layer = tile.layers[name];
      if (!layer) continue;
      const k = size / layer.extent;
      for (const f of layer.features) {
        if (rule.test && !rule.test(f.props)) continue;
        if (rule.kind === 'fill' && f.type === 3) fill(g, f, k, rule.color(f.props, name));
        else if (rule.kind === 'line' && f.type === 2) stroke(g, f, k, rule, zoom, ratio);
        else if (rule.kind === 'label' && f.type === 1) {
          const text = labelOf(f.props, lang);
          if (text && label(g, f, k, rule, ratio, text, boxes)) labels.push(text);
        }
      }
    }
  }
  g.restore();
  return labels;
}

function path(g, f, k) {
  g.beginPath();
  for (const part of f.geometry) {
    part.forEach(([x, y], i) => (i ? g.lineTo(x * k, y * k) : g.moveTo(x * k, y * k)));
  }
}

function fill(g, f, k, color) {
  path(g, f, k);
  g.fillStyle = color;
  g.fill('evenodd');
}

function stroke(g, f, k, rule, zoom, ratio) {
  path(g, f, k);
  g.strokeStyle = rule.color(f.props);
  g.lineWidth = rule.width(f.props, zoom) * ratio;
  g.lineCap = 'round';
  g.lineJoin = 'round';
  g.setLineDash(rule.dash ? rule.dash.map((d) => d * ratio) : []);
  g.stroke();
  g.setLineDash([]);
}

// label writes text at the feature's first point unless it would overlap
// a label already written on the tile; it reports whether it wrote it.
function label(g, f, k, rule, ratio, text, boxes) {
  const [x, y] = f.geometry[0][0];
  const px = x * k;
  const py = y * k;
  const size = rule.size(f.props) * ratio;
  const bold = rule.bold && rule.bold(f.props);
  g.font = `${rule.italic ? 'italic ' : ''}${bold ? '600 ' : ''}${size}px system-ui, "Noto Sans", "Noto Sans Arabic", sans-serif`;
  g.direction = RTL.test(text) ? 'rtl' : 'ltr';
  g.textAlign = 'center';
  g.textBaseline = 'middle';
  const w = g.measureText(text).width;
  const box = [px - w / 2 - 2, py - size / 2 - 2, px + w / 2 + 2, py + size / 2 + 2];
  if (boxes.some((b) => box[0] < b[2] && box[2] > b[0] && box[1] < b[3] && box[3] > b[1])) return false;
  boxes.push(box);
  g.lineWidth = 3 * ratio;
  g.lineJoin = 'round';
  g.strokeStyle = COLORS.halo;
  g.strokeText(text, px, py);
  g.fillStyle = rule.italic ? '#3d6e80' : COLORS.label;
  g.fillText(text, px, py);
  return true;
}
