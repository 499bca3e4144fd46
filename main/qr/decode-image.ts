// Decodes a QR code from a PNG/JPEG image file (kiosk verify @image.png, 2DCODE conformance images).
export async function decodeQrFromImageFile(_path: string): Promise<string | null> {
  return null;
}
export async function decodeQrFromImageBytes(_bytes: Uint8Array): Promise<string | null> {
  return null;
}
