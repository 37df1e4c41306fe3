// Decoding of Mapbox Vector Tiles (MVT 2.1,
// https://github.com/mapbox/vector-tile-spec/tree/master/2.1) into plain
// objects the renderer draws: each layer's extent and features, each
// feature's type (1 point, 2 line, 3 polygon), properties and geometry as
// parts of [x, y] tile coordinates (points; lines; rings, each closed by
// its first point repeated). The Go encoder internal/vectortile is the
// oracle it is tested against (internal/web e2e_vectorbasemap_test.go).
import { Reader, zigzag } from './pbf.js';

// decodeTile decodes the bytes (a Uint8Array or ArrayBuffer) of a tile:
// { layers: { name: { extent, features: [{ id, type, props, geometry }] } } }.
// It throws on malformed bytes.
export function decodeTile(bytes) {
  const buf = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  const r = new Reader(buf);
  const layers = {};
  while (!r.done()) {
    const [field, wire] = r.key();
    if (field === 3 && wire === 2) {
      const l = decodeLayer(r.sub());
      layers[l.name] = l;
    } else r.skip(wire);
  }
  return { layers };
}

function decodeLayer(r) {
  const l = { name: '', extent: 4096, features: [] };
  const keys = [];
  const values = [];
  const raw = [];
  while (!r.done()) {
    const [field, wire] = r.key();
    if (field === 1 && wire === 2) l.name = r.string();
    else if (field === 2 && wire === 2) raw.push(r.sub());
    else if (field === 3 && wire === 2) keys.push(r.string());
    else if (field === 4 && wire === 2) values.push(decodeValue(r.sub()));
    else if (field === 5 && wire === 0) l.extent = r.varint();
    else r.skip(wire);
  }
  for (const fr of raw) l.features.push(decodeFeature(fr, keys, values));
  return l;
}

function decodeValue(r) {
  let v = null;
  while (!r.done()) {
    const [field, wire] = r.key();
    if (field === 1 && wire === 2) v = r.string();
    else if (field === 2 && wire === 5) v = r.float();
    else if (field === 3 && wire === 1) v = r.double();
    else if ((field === 4 || field === 5) && wire === 0) v = r.varint();
    else if (field === 6 && wire === 0) v = zigzag(r.varint());
    else if (field === 7 && wire === 0) v = r.varint() === 1;
    else r.skip(wire);
  }
  return v;
}

function decodeFeature(r, keys, values) {
  const f = { id: 0, type: 0, props: {}, geometry: [] };
  let cmds = [];
  while (!r.done()) {
    const [field, wire] = r.key();
    if (field === 1 && wire === 0) f.id = r.varint();
    else if (field === 2 && wire === 2) {
      const tags = r.packed();
      for (let i = 0; i + 1 < tags.length; i += 2) {
        const k = keys[tags[i]];
        if (k !== undefined && tags[i + 1] < values.length) f.props[k] = values[tags[i + 1]];
      }
    } else if (field === 3 && wire === 0) f.type = r.varint();
    else if (field === 4 && wire === 2) cmds = r.packed();
    else r.skip(wire);
  }
  f.geometry = decodeGeometry(f.type, cmds);
  return f;
}

// decodeGeometry follows the commands (MoveTo, LineTo, ClosePath) of a
// feature, cursor deltas zigzag encoded, into parts of points.
export function decodeGeometry(type, cmds) {
  const parts = [];
  let part = null;
  let x = 0;
  let y = 0;
  for (let i = 0; i < cmds.length;) {
    const c = cmds[i++];
    const id = c & 7;
    const count = Math.floor(c / 8);
    if (id === 1 || id === 2) {
      if (i + 2 * count > cmds.length) throw new Error('mvt: truncated geometry');
      for (let k = 0; k < count; k++) {
        x += zigzag(cmds[i++]);
        y += zigzag(cmds[i++]);
        if (id === 1 && type !== 1) parts.push(part = []);
        else if (!part) parts.push(part = []);
        part.push([x, y]);
      }
    } else if (id === 7) {
      if (part && part.length) part.push([part[0][0], part[0][1]]);
    } else throw new Error(`mvt: command ${id}`);
  }
  return parts;
}
