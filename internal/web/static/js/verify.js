// In-browser verification of log entries, so that a user need not trust the
// server that shows them a record:
//
//  1. SHA-256 of the entry's canonical bytes equals its commitment;
//  2. the RFC 6962 leaf hash of the commitment, with the inclusion proof,
//     hashes up to the root of a checkpoint (RFC 9162 §2.1.3.2);
//  3. the checkpoint (C2SP tlog-checkpoint) is a C2SP signed note carrying
//     a valid Ed25519 signature by the node's key, whose verifier key is
//     "name+hash+base64(0x01 || public key)".
//
// Every function reports failure as a VerifyError with a plain reason
// rather than throwing something generic, so the page can say what failed.

const enc = new TextEncoder();

export class VerifyError extends Error {
  // code names the check that failed (an i18n key suffix), detail adds
  // technical context.
  constructor(code, detail = '') {
    super(detail ? `${code}: ${detail}` : code);
    this.code = code;
    this.detail = detail;
  }
}

export function b64decode(s) {
  let bin;
  try { bin = atob(s); } catch { throw new VerifyError('bad_base64', String(s).slice(0, 40)); }
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

export function b64encode(bytes) {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s);
}

export function hex(bytes) { return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join(''); }

function equal(a, b) {
  if (a.length !== b.length) return false;
  let d = 0;
  for (let i = 0; i < a.length; i++) d |= a[i] ^ b[i];
  return d === 0;
}

function concat(...parts) {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) { out.set(p, o); o += p.length; }
  return out;
}

export async function sha256(bytes) { return new Uint8Array(await crypto.subtle.digest('SHA-256', bytes)); }

// leafHash is RFC 6962's hash of a leaf: SHA-256(0x00 || leaf).
export function leafHash(leaf) { return sha256(concat(Uint8Array.of(0), leaf)); }

// nodeHash is RFC 6962's hash of an interior node: SHA-256(0x01 || l || r).
export function nodeHash(l, r) { return sha256(concat(Uint8Array.of(1), l, r)); }

// rootFromInclusionProof computes the root of a tree of size from the hash
// of leaf index and its inclusion proof (RFC 9162 §2.1.3.2). Sizes are
// plain numbers (exact below 2^53).
export async function rootFromInclusionProof(index, size, leaf, proof) {
  if (!(index >= 0 && index < size)) throw new VerifyError('proof_index', `index ${index}, size ${size}`);
  let fn = index;
  let sn = size - 1;
  let r = leaf;
  const odd = (x) => x % 2 === 1;
  for (const p of proof) {
    if (p.length !== 32) throw new VerifyError('proof_hash_length');
    if (sn === 0) throw new VerifyError('proof_too_long');
    if (odd(fn) || fn === sn) {
      r = await nodeHash(p, r);
      if (!odd(fn)) {
        while (!odd(fn) && fn !== 0) { fn = Math.floor(fn / 2); sn = Math.floor(sn / 2); }
      }
    } else {
      r = await nodeHash(r, p);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  if (sn !== 0) throw new VerifyError('proof_too_short');
  return r;
}

// parseVerifierKey decodes a C2SP signed-note Ed25519 verifier key.
export async function parseVerifierKey(vkey) {
  // name+hash+base64: the name contains no '+', the hash is 8 hex digits,
  // and the base64 may contain '+'.
  const m = /^([^+\s]+)\+([0-9a-f]{8})\+([A-Za-z0-9+/=]+)$/.exec(vkey.trim());
  if (!m) throw new VerifyError('bad_key', vkey);
  const [, name, hashHex, b64] = m;
  const raw = b64decode(b64);
  if (raw.length !== 33 || raw[0] !== 1) throw new VerifyError('bad_key', 'not an Ed25519 key');
  const pub = raw.slice(1);
  const h = await sha256(concat(enc.encode(name + '\n'), raw));
  const keyHash = h.slice(0, 4);
  if (hex(keyHash) !== hashHex) throw new VerifyError('bad_key', 'key hash does not match');
  return { name, keyHash, pub, hashHex };
}

// openNote checks a signed note's signature by key and returns its text.
// Other signatures (witness cosignatures) are counted, not checked.
export async function openNote(note, key) {
  const split = note.indexOf('\n\n');
  if (split < 0 || !note.endsWith('\n')) throw new VerifyError('bad_note', 'no signature block');
  const text = note.slice(0, split + 1);
  const lines = note.slice(split + 2, -1).split('\n');
  let ok = false;
  let others = 0;
  for (const line of lines) {
    const m = /^\u2014 (\S+) (\S+)$/.exec(line);
    if (!m) throw new VerifyError('bad_note', 'malformed signature line');
    const sig = b64decode(m[2]);
    if (m[1] !== key.name || sig.length < 4 || !equal(sig.slice(0, 4), key.keyHash)) { others++; continue; }
    if (sig.length !== 68) throw new VerifyError('bad_signature', 'wrong length');
    const k = await crypto.subtle.importKey('raw', key.pub, { name: 'Ed25519' }, false, ['verify']);
    if (!(await crypto.subtle.verify({ name: 'Ed25519' }, k, sig.slice(4), enc.encode(text)))) {
      throw new VerifyError('bad_signature');
    }
    ok = true;
  }
  if (!ok) throw new VerifyError('unsigned', `no signature by ${key.name}`);
  return { text, cosignatures: others };
}

// parseCheckpoint reads a tlog-checkpoint body: origin, size, root.
export function parseCheckpoint(text) {
  const lines = text.split('\n');
  if (lines.length < 4 || !/^[0-9]+$/.test(lines[1])) throw new VerifyError('bad_checkpoint');
  const root = b64decode(lines[2]);
  if (root.length !== 32) throw new VerifyError('bad_checkpoint', 'root is not 32 bytes');
  return { origin: lines[0], size: Number(lines[1]), root };
}

// verifyCheckpoint opens a checkpoint note with the node's verifier key.
export async function verifyCheckpoint(note, vkey) {
  const key = await parseVerifierKey(vkey);
  const { text, cosignatures } = await openNote(note, key);
  const cp = parseCheckpoint(text);
  if (cp.origin !== key.name) throw new VerifyError('origin_mismatch', `${cp.origin} ≠ ${key.name}`);
  return { ...cp, cosignatures, keyName: key.name, keyHash: key.hashHex };
}

// verifyEntry checks an answer of GET /api/v1/log/entries/{seq} against
// the node's verifier key. It returns {entry, index, checkpoint} where
// entry is decoded from the verified canonical bytes (never from the
// server's decoded copy), or throws VerifyError; code "no_proof" means no
// published checkpoint covers the entry yet.
export async function verifyEntry(resp, vkey) {
  const canonical = b64decode(resp.canonical);
  const commitment = await sha256(canonical);
  if (!equal(commitment, b64decode(resp.commitment))) throw new VerifyError('commitment_mismatch');
  let entry;
  try { entry = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(canonical)); } catch (e) {
    throw new VerifyError('bad_entry', String(e));
  }
  if (entry.seq !== resp.seq) throw new VerifyError('seq_mismatch', `${entry.seq} ≠ ${resp.seq}`);
  if (!resp.proof) throw new VerifyError('no_proof');
  const cp = await verifyCheckpoint(resp.proof.checkpoint, vkey);
  if (cp.size !== resp.proof.tree_size) throw new VerifyError('size_mismatch');
  const root = await rootFromInclusionProof(resp.seq, cp.size, await leafHash(commitment), resp.proof.hashes.map(b64decode));
  if (!equal(root, cp.root)) throw new VerifyError('root_mismatch');
  return { entry, index: resp.seq, checkpoint: cp };
}

let keyPromise = null;

// nodeKey fetches the node's verifier key once per page load. Verifiers who
// must not trust the server compare its hash with one obtained out of band;
// the pages show it.
export function nodeKey() {
  if (!keyPromise) {
    keyPromise = fetch('/log/key', { credentials: 'omit' }).then((r) => {
      if (!r.ok) throw new VerifyError('bad_key', `HTTP ${r.status}`);
      return r.text();
    }).then((s) => s.trim());
    keyPromise.catch(() => { keyPromise = null; });
  }
  return keyPromise;
}
