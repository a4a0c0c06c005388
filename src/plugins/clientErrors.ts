/**
 * Node's HTTP parser rejects some requests before fastify sees them (headers too large, a malformed
 * request line, headers that time out): fastify's default handler then writes a plain JSON body on
 * the socket. This one writes the same statuses as problem details, like every other error.
 */
import type { Socket } from 'node:net';
import { PROBLEM_MEDIA_TYPE, problemBody } from './problems.js';

function statusOf(code: string | undefined): { status: number; detail: string } {
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT')
    return { status: 408, detail: 'the request did not arrive within the request timeout' };
  if (code === 'HPE_HEADER_OVERFLOW')
    return { status: 431, detail: 'the request headers exceed the allowed size' };
  return { status: 400, detail: 'the request could not be parsed as HTTP/1.1' };
}

/** The raw HTTP response for a client error Node's parser raised (what is written on the socket). */
export function clientErrorResponse(code: string | undefined): string {
  const { status, detail } = statusOf(code);
  const problem = problemBody(status, detail);
  const body = JSON.stringify(problem);
  return (
    `HTTP/1.1 ${status} ${problem.error}\r\nContent-Type: ${PROBLEM_MEDIA_TYPE}\r\n` +
    `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`
  );
}

/** fastify's `clientErrorHandler`. */
export function handleClientError(error: Error & { code?: string }, socket: Socket): void {
  // A reset connection has no one to answer.
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  if (socket.writable) socket.write(clientErrorResponse(error.code));
  socket.destroy(error);
}
