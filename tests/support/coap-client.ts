/** CoAP requests from a real client implementation (the `coap` package), with the parts of the answer tests check. */
import coap from 'coap';

export interface Answer {
  code: string;
  text: string;
  payload: Buffer;
  options: Record<string, number | string>;
}

// The coap package hands some options back decoded already (a number), others as raw bytes.
const uint = (b: Buffer | number) => (typeof b === 'number' ? b : [...b].reduce((n, byte) => n * 256 + byte, 0));

export function request(
  port: number,
  path: string,
  { method = 'POST', format, payload, host = '127.0.0.1' }: { method?: 'GET' | 'POST' | 'PUT'; format?: number; payload?: Buffer | string; host?: string } = {},
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = coap.request({ hostname: host, port, pathname: path, method, confirmable: true, agent: new coap.Agent({ type: host.includes(':') ? 'udp6' : 'udp4' }) });
    if (format !== undefined) req.setOption('Content-Format', format);
    req.on('response', (res: { code: string; payload: Buffer; options: Array<{ name: string | number; value: Buffer | number }> }) => {
      const options: Record<string, number | string> = {};
      for (const o of res.options) {
        options[String(o.name)] = ['Max-Age', 'Size1', 'Content-Format'].includes(String(o.name)) ? uint(o.value) : String(o.value);
      }
      resolve({ code: res.code, text: res.payload.toString(), payload: res.payload, options });
    });
    req.on('error', reject);
    req.on('timeout', () => reject(new Error('no answer')));
    req.end(payload === undefined ? undefined : Buffer.from(payload));
  });
}
