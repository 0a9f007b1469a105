/** pwaRu in English (its own module: the Russian majority's first load does not carry it). */
import type { pwaRu } from './pwa';

export const pwaEn: typeof pwaRu = {
  offlineTitle: 'No connection',
  offlineText: 'You are seeing what is saved on this device. The data will refresh when the connection is back.',
  backOnline: 'Connection restored',
};
