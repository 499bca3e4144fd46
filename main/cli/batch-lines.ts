// Reads a batch file line by line without ever holding more than `maxBytes` of one line: a longer line is skipped
// to its end and reported as too long (readline would build the whole line first: a 600 MB line ends the process).
const LF = 0x0a;

export type BatchLine = { text: string } | { tooLong: true };

export async function* cappedLines(input: AsyncIterable<Buffer | string>, maxBytes: number): AsyncGenerator<BatchLine> {
  let parts: Buffer[] = [];
  let size = 0;
  let over = false;
  const finish = (): BatchLine => {
    const line: BatchLine = over ? { tooLong: true } : { text: Buffer.concat(parts, size).toString('utf8').replace(/\r$/, '') };
    parts = [];
    size = 0;
    over = false;
    return line;
  };
  for await (const chunk of input) {
    let buf = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
    for (;;) {
      const nl = buf.indexOf(LF);
      const piece = nl === -1 ? buf : buf.subarray(0, nl);
      if (!over) {
        if (size + piece.length > maxBytes) {
          over = true;
          parts = [];
          size = 0;
        } else {
          parts.push(piece);
          size += piece.length;
        }
      }
      if (nl === -1) break;
      yield finish();
      buf = buf.subarray(nl + 1);
    }
  }
  if (over || size > 0) yield finish();
}
