/**
 * SHA-256 continued from a midstate. A draw hashes `hex(SHA256(seed)) + id` for every id: the
 * 64-character prefix is exactly one SHA-256 block, so its state is computed once and each id
 * costs one or two compressions, with no allocation per call. Checked against node:crypto in tests.
 */

/** The SHA-256 round constants. */
export const K = new Int32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98,
  0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
  0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8,
  0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
  0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819,
  0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
  0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
  0xc67178f2,
]);
const INIT = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19];

const W = new Int32Array(64);

/** One compression of a 64-byte block at `offset` into state `h`. */
function compress(h: Int32Array, block: Uint8Array, offset: number): void {
  for (let i = 0; i < 16; i++) {
    const j = offset + i * 4;
    W[i] = (block[j] << 24) | (block[j + 1] << 16) | (block[j + 2] << 8) | block[j + 3];
  }
  for (let i = 16; i < 64; i++) {
    const a = W[i - 15];
    const b = W[i - 2];
    const s0 = ((a >>> 7) | (a << 25)) ^ ((a >>> 18) | (a << 14)) ^ (a >>> 3);
    const s1 = ((b >>> 17) | (b << 15)) ^ ((b >>> 19) | (b << 13)) ^ (b >>> 10);
    W[i] = (W[i - 16] + s0 + W[i - 7] + s1) | 0;
  }
  let a = h[0];
  let b = h[1];
  let c = h[2];
  let d = h[3];
  let e = h[4];
  let f = h[5];
  let g = h[6];
  let k = h[7];
  for (let i = 0; i < 64; i++) {
    const S1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
    const ch = (e & f) ^ (~e & g);
    const t1 = (k + S1 + ch + K[i] + W[i]) | 0;
    const S0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
    const maj = (a & b) ^ (a & c) ^ (b & c);
    const t2 = (S0 + maj) | 0;
    k = g;
    g = f;
    f = e;
    e = (d + t1) | 0;
    d = c;
    c = b;
    b = a;
    a = (t1 + t2) | 0;
  }
  h[0] = (h[0] + a) | 0;
  h[1] = (h[1] + b) | 0;
  h[2] = (h[2] + c) | 0;
  h[3] = (h[3] + d) | 0;
  h[4] = (h[4] + e) | 0;
  h[5] = (h[5] + f) | 0;
  h[6] = (h[6] + g) | 0;
  h[7] = (h[7] + k) | 0;
}

const encoder = new TextEncoder();

/** SHA-256 of `prefix + suffix` for a fixed prefix whose length is a multiple of 64 bytes. */
export class Sha256Prefix {
  private readonly mid = new Int32Array(8);
  private readonly prefixLength: number;
  private buf = new Uint8Array(256);
  private readonly state = new Int32Array(8);

  constructor(prefix: string) {
    const bytes = encoder.encode(prefix);
    if (bytes.length % 64 !== 0) throw new Error("the prefix must be a whole number of 64-byte blocks");
    this.mid.set(INIT);
    for (let o = 0; o < bytes.length; o += 64) compress(this.mid, bytes, o);
    this.prefixLength = bytes.length;
  }

  /** The state after the prefix (a copy). */
  midstate(): Int32Array {
    return this.mid.slice();
  }

  /** The digest of prefix + suffix as eight 32-bit words (valid until the next call). */
  digestWords(suffix: string): Int32Array {
    if (this.buf.length < suffix.length * 3 + 72) this.buf = new Uint8Array(suffix.length * 3 + 72);
    // Codes and ids are usually ASCII: copied byte by byte, which beats a call to the encoder.
    const buf = this.buf;
    const n = suffix.length;
    for (let i = 0; i < n; i++) {
      const c = suffix.charCodeAt(i);
      if (c >= 0x80) return this.digestBuffer(encoder.encodeInto(suffix, buf).written);
      buf[i] = c;
    }
    return this.digestBuffer(n);
  }

  /** The digest of prefix + `a` + `b` (UTF-8 already), as eight 32-bit words valid until the next call. */
  digestParts(a: Uint8Array, b: Uint8Array): Int32Array {
    const n = a.length + b.length;
    if (this.buf.length < n + 72) this.buf = new Uint8Array(n + 72);
    const buf = this.buf;
    for (let i = 0; i < a.length; i++) buf[i] = a[i];
    for (let i = 0, o = a.length; i < b.length; i++) buf[o + i] = b[i];
    return this.digestBuffer(n);
  }

  private digestBuffer(n: number): Int32Array {
    const buf = this.buf;
    const total = Math.ceil((n + 9) / 64) * 64;
    buf[n] = 0x80;
    buf.fill(0, n + 1, total);
    const bits = (this.prefixLength + n) * 8;
    buf[total - 4] = (bits >>> 24) & 0xff;
    buf[total - 3] = (bits >>> 16) & 0xff;
    buf[total - 2] = (bits >>> 8) & 0xff;
    buf[total - 1] = bits & 0xff;
    buf[total - 5] = Math.floor(bits / 2 ** 32) & 0xff;
    this.state.set(this.mid);
    for (let o = 0; o < total; o += 64) compress(this.state, buf, o);
    return this.state;
  }

  /** The digest of prefix + suffix in lowercase hex. */
  digestHex(suffix: string): string {
    const w = this.digestWords(suffix);
    let s = "";
    for (let i = 0; i < 8; i++) s += (w[i] >>> 0).toString(16).padStart(8, "0");
    return s;
  }
}
