/**
 * Text gathered as UTF-8 into one reused buffer and handed on in large pieces: for hashing or
 * writing a million records without building one string, without a native call per record,
 * and without the cost of flattening long concatenated strings.
 */
export class Utf8Sink {
  private readonly buf: Buffer;
  private used = 0;

  constructor(
    private readonly flushTo: (bytes: Buffer) => void,
    size = 1 << 20,
  ) {
    this.buf = Buffer.allocUnsafe(size);
  }

  /** Appends a string (as UTF-8: at most three bytes per UTF-16 unit). */
  put(s: string): void {
    if (this.used + s.length * 3 > this.buf.length) {
      this.flush();
      if (s.length * 3 > this.buf.length) {
        this.flushTo(Buffer.from(s, "utf8"));
        return;
      }
    }
    this.used += this.buf.write(s, this.used, "utf8");
  }

  /** Hands on what is gathered (the bytes are valid only during the call). */
  flush(): void {
    if (this.used === 0) return;
    this.flushTo(this.buf.subarray(0, this.used));
    this.used = 0;
  }
}
