/** Builds a multipart/form-data body for inject() (no extra dependency). */
export interface Part {
  name: string;
  value: string;
  filename?: string;
}

export function multipartBody(parts: Part[]): { payload: Buffer; headers: Record<string, string> } {
  const boundary = `----her2test${Math.random().toString(16).slice(2)}`;
  const chunks: string[] = [];
  for (const p of parts) {
    chunks.push(`--${boundary}\r\n`);
    if (p.filename !== undefined) {
      chunks.push(
        `Content-Disposition: form-data; name="${p.name}"; filename="${p.filename}"\r\nContent-Type: text/csv\r\n\r\n`,
      );
    } else {
      chunks.push(`Content-Disposition: form-data; name="${p.name}"\r\n\r\n`);
    }
    chunks.push(`${p.value}\r\n`);
  }
  chunks.push(`--${boundary}--\r\n`);
  return {
    payload: Buffer.from(chunks.join(''), 'utf8'),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}
