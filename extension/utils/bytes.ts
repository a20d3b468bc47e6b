/** Lowercase hex SHA-256, computed with WebCrypto (available in service workers, pages and Node). */
export const sha256Hex = async (bytes: Uint8Array): Promise<string> => {
  const digest = await crypto.subtle.digest('SHA-256', bytes as BufferSource);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
};

export const bytesToBase64 = (bytes: Uint8Array): string => {
  let binary = '';
  // Chunked so large captures do not overflow the argument limit of String.fromCharCode.
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
};

export const base64ToBytes = (base64: string): Uint8Array => {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i += 1) bytes[i] = binary.charCodeAt(i);
  return bytes;
};

/** Bytes of a `data:<type>;base64,...` URL, as captureVisibleTab returns. */
export const dataUrlToBytes = (dataUrl: string): { mediaType: string; bytes: Uint8Array } => {
  const match = /^data:([^;,]+);base64,(.*)$/s.exec(dataUrl);
  if (!match?.[1] || match[2] === undefined) throw new Error('capture did not return a base64 data URL');
  return { mediaType: match[1], bytes: base64ToBytes(match[2]) };
};
