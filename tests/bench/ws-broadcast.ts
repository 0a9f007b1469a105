/**
 * The fanout benchmark's baseline, run as a child process: a raw `ws` server that speaks just enough
 * graphql-transport-ws (ack, subscribe, pong) for the same clients, and sends every subscriber of a meter the
 * same `next` frame the API would — one per meter per second, meters spread evenly over the second, the
 * reading's time stamped at sending. No database, no GraphQL execution, no pub/sub: what broadcasting the
 * frames alone costs.
 *
 * Messages from the parent: start {meters}, stop. To the parent: ready {port}; on stop, sent {readings}: every
 * reading broadcast, [meterId, time], so that what was due is counted exactly.
 */
import { WebSocketServer, type WebSocket } from 'ws';

const bySubscriptionMeter = new Map<string, Array<{ ws: WebSocket; id: string }>>();
const timers: NodeJS.Timeout[] = [];
const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: false, backlog: 4096 });

wss.on('connection', (ws) => {
  ws.on('message', (data) => {
    const m = JSON.parse(data.toString());
    if (m.type === 'connection_init') ws.send('{"type":"connection_ack"}');
    else if (m.type === 'ping') ws.send('{"type":"pong"}');
    else if (m.type === 'subscribe') {
      const meterId = String(m.payload?.variables?.m?.[0]);
      let list = bySubscriptionMeter.get(meterId);
      if (!list) bySubscriptionMeter.set(meterId, (list = []));
      list.push({ ws, id: m.id });
    }
  });
  ws.on('error', () => {});
});

wss.on('listening', () => {
  process.send!({ type: 'ready', port: (wss.address() as { port: number }).port });
});

let value = 0;
const sent: Array<[string, number]> = [];
process.on('message', (m: { type: 'start'; meters: string[] } | { type: 'stop' }) => {
  if (m.type === 'start') {
    m.meters.forEach((meterId, i) => {
      const emit = () => {
        const now = Date.now();
        sent.push([meterId, now]); // due to every subscriber of the meter, connected or not
        const list = bySubscriptionMeter.get(meterId);
        if (!list) return;
        const reading = { meterId, quantity: 'POWER', time: new Date(now).toISOString(), value: (++value % 5000) + 0.5, unit: 'W' };
        for (const s of list) {
          if (s.ws.readyState === 1) s.ws.send(JSON.stringify({ id: s.id, type: 'next', payload: { data: { readingAdded: reading } } }));
        }
      };
      // Spread over the second like the modems of the system run.
      timers.push(setTimeout(() => timers.push(setInterval(emit, 1000)), (i / m.meters.length) * 1000));
    });
  } else {
    timers.forEach((t) => clearInterval(t));
    process.send!({ type: 'sent', readings: sent });
    wss.close();
    setTimeout(() => process.exit(0), 200);
  }
});
