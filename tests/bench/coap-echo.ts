/** The baseline: a raw `coap` package server whose handler answers 2.04 at once. Run as a child process. */
import coap from 'coap';

const server = coap.createServer((_req: unknown, res: { code: string; end(): void }) => {
  res.code = '2.04';
  res.end();
});
server.listen(0, '127.0.0.1', () => {
  process.send!({ type: 'ready', port: (server as unknown as { _sock: { address(): { port: number } } })._sock.address().port });
});
