/**
 * WebSocket upgrades by path: /graphql (graphql-ws, websocket.ts) and /ingest (the bridges' channel,
 * ingest-channel.ts). One `upgrade` listener routes them — two WebSocketServers attached to one HTTP server would
 * each refuse the other's path with a 400 — and answers any other path with 400 itself.
 */
import type { Server } from 'node:http';
import type { WebSocketServer } from 'ws';

const routes = new WeakMap<Server, Map<string, WebSocketServer>>();

export function routeUpgrades(server: Server, path: string, wss: WebSocketServer): void {
  let byPath = routes.get(server);
  if (!byPath) {
    const paths = new Map<string, WebSocketServer>();
    byPath = paths;
    routes.set(server, paths);
    server.on('upgrade', (req, socket, head) => {
      const url = req.url ?? '';
      const at = url.indexOf('?');
      const target = paths.get(at === -1 ? url : url.slice(0, at));
      if (!target) return void socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      target.handleUpgrade(req, socket, head, (ws) => target.emit('connection', ws, req));
    });
  }
  byPath.set(path, wss);
}
