/** The development outbox (/dev/outbox): the SMS and emails a server without gateways would have sent. Loaded with its route. */

export const outboxRu = {
  title: 'Исходящие сообщения',
  lead: 'Только для разработки: СМС и письма, которые сервер отправил бы, если бы был настроен шлюз СМС и почтовый сервер.',
  unavailable: 'Недоступно в рабочем режиме',
  unavailableText: 'В рабочем режиме сообщения уходят настоящим получателям и здесь не показываются.',
  empty: 'Сообщений пока нет.',
  refresh: 'Обновить',
  sms: 'СМС',
  email: 'Письмо',
  to: (to: string) => `Кому: ${to}`,
  code: 'Код',
};
