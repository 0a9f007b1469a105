/** The installed app and the connection: what the cabinet says when the network is gone. */
export const pwaRu = {
  offlineTitle: 'Нет соединения',
  offlineText: 'Показано то, что сохранено на устройстве. Данные обновятся, когда связь вернётся.',
  backOnline: 'Соединение восстановлено',
};
