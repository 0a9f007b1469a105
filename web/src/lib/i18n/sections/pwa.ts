/** The installed app and the connection: what the cabinet says when the network is gone. */
export const pwaRu = {
  offlineTitle: 'Нет соединения',
  offlineText: 'Показано то, что сохранено на устройстве. Данные обновятся, когда связь вернётся.',
  backOnline: 'Соединение восстановлено',
};

export const pwaEn: typeof pwaRu = {
  offlineTitle: 'No connection',
  offlineText: 'You are seeing what is saved on this device. The data will refresh when the connection is back.',
  backOnline: 'Connection restored',
};
