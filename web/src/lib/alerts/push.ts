/**
 * Web Push on this device: the browser's permission, its PushManager subscription (made with the server's VAPID key)
 * and the API's record of it. A warning then reaches the phone with the app closed; the service worker shows it.
 */
import { fetchWebPushKey, subscribePush, unsubscribePush } from '$lib/api/alerts';

export type PushState = 'unsupported' | 'blocked' | 'off' | 'on';

const supported = () => typeof navigator !== 'undefined' && 'serviceWorker' in navigator && typeof window !== 'undefined' && 'PushManager' in window && 'Notification' in window;

async function registration(): Promise<ServiceWorkerRegistration | null> {
  if (!supported()) return null;
  return (await navigator.serviceWorker.getRegistration()) ?? null;
}

/** Where this device stands: no Web Push here (or no service worker yet), blocked in the browser's settings, off or on. */
export async function pushState(): Promise<PushState> {
  const reg = await registration();
  if (!reg) return 'unsupported';
  if (Notification.permission === 'denied') return 'blocked';
  return (await reg.pushManager.getSubscription()) && Notification.permission === 'granted' ? 'on' : 'off';
}

const base64url = (buffer: ArrayBuffer | null) => (buffer ? btoa(String.fromCharCode(...new Uint8Array(buffer))).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '') : '');

function keyBytes(base64: string): Uint8Array<ArrayBuffer> {
  const b = atob(base64.replace(/-/g, '+').replace(/_/g, '/'));
  const out = new Uint8Array(new ArrayBuffer(b.length));
  for (let i = 0; i < b.length; i++) out[i] = b.charCodeAt(i);
  return out;
}

/** Asks the browser's permission, subscribes and tells the API; the state after it. */
export async function enablePush(): Promise<PushState> {
  const reg = await registration();
  if (!reg) return 'unsupported';
  if ((await Notification.requestPermission()) !== 'granted') return Notification.permission === 'denied' ? 'blocked' : 'off';
  const key = await fetchWebPushKey();
  let sub = await reg.pushManager.getSubscription();
  // A subscription made with another key (the server's secret changed) cannot be used: make a new one.
  if (sub && base64url(sub.options.applicationServerKey) !== key) {
    await sub.unsubscribe();
    sub = null;
  }
  sub ??= await reg.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: keyBytes(key) });
  await subscribePush(sub.endpoint, base64url(sub.getKey('p256dh')), base64url(sub.getKey('auth')));
  return 'on';
}

export async function disablePush(): Promise<PushState> {
  const reg = await registration();
  const sub = await reg?.pushManager.getSubscription();
  if (sub) {
    await unsubscribePush(sub.endpoint);
    await sub.unsubscribe();
  }
  return reg ? 'off' : 'unsupported';
}
