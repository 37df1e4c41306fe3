// A protocol-buffer reader, as much of the wire format
// (https://protobuf.dev/programming-guides/encoding/) as Mapbox Vector
// Tiles use: varints, length-delimited fields (strings, messages, packed
// varints), 32- and 64-bit fixed fields. It throws on a truncated or
// malformed buffer rather than read past its end.
export class Reader {
  constructor(bytes, start = 0, end = bytes.length) {
    this.buf = bytes;
    this.pos = start;
    this.end = end;
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  done() { return this.pos >= this.end; }

  // varint reads an unsigned varint of up to 53 bits (exact in a JS number).
  varint() {
    let v = 0;
    let mul = 1;
    for (let i = 0; i < 10; i++) {
      if (this.pos >= this.end) throw new Error('pbf: truncated varint');
      const b = this.buf[this.pos++];
      v += (b & 0x7f) * mul;
      if (b < 0x80) return v;
      mul *= 128;
    }
    throw new Error('pbf: varint too long');
  }

  // key reads a field key: [field number, wire type].
  key() {
    const k = this.varint();
    return [Math.floor(k / 8), k % 8];
  }

  // bytes returns the range [start, end) of a length-delimited field.
  bytes() {
    const n = this.varint();
    const start = this.pos;
    if (start + n > this.end) throw new Error('pbf: truncated field');
    this.pos += n;
    return [start, start + n];
  }

  // sub returns a reader over a length-delimited field (an embedded message).
  sub() {
    const [s, e] = this.bytes();
    return new Reader(this.buf, s, e);
  }

  string() {
    const [s, e] = this.bytes();
    return decoder.decode(this.buf.subarray(s, e));
  }

  // packed reads a packed repeated varint field.
  packed() {
    const r = this.sub();
    const out = [];
    while (!r.done()) out.push(r.varint());
    return out;
  }

  double() {
    if (this.pos + 8 > this.end) throw new Error('pbf: truncated double');
    const v = this.view.getFloat64(this.pos, true);
    this.pos += 8;
    return v;
  }

  float() {
    if (this.pos + 4 > this.end) throw new Error('pbf: truncated float');
    const v = this.view.getFloat32(this.pos, true);
    this.pos += 4;
    return v;
  }

  // skip passes over a field of the given wire type.
  skip(wire) {
    switch (wire) {
      case 0: this.varint(); break;
      case 1: this.pos += 8; break;
      case 2: this.bytes(); break;
      case 5: this.pos += 4; break;
      default: throw new Error(`pbf: wire type ${wire}`);
    }
    if (this.pos > this.end) throw new Error('pbf: truncated field');
  }
}

const decoder = new TextDecoder();

// zigzag undoes the zigzag encoding of a signed varint.
export function zigzag(n) { return n % 2 === 1 ? -(n + 1) / 2 : n / 2; }
