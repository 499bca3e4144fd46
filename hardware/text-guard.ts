// Scanner bytes become text only when they are well-formed UTF-8 without control characters: line noise,
// a half-read binary blob or a wrong baud rate produce bytes a printed barcode never contains.
const decoder = new TextDecoder('utf-8', { fatal: true });

/** Returns the text, or null when the bytes are not printable UTF-8 (C0/C1 controls, DEL, invalid sequences). */
export function printableText(bytes: Uint8Array): string | null {
  if (bytes.length === 0) return null;
  let ascii = true;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    if (b < 0x20 || b === 0x7f) return null;
    if (b >= 0x80) ascii = false;
  }
  if (ascii) return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('latin1');
  let text: string;
  try {
    text = decoder.decode(bytes);
  } catch {
    return null;
  }
  // C1 controls are valid UTF-8 code points but never part of a printed code.
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0x80 && c <= 0x9f) return null;
  }
  return text;
}
