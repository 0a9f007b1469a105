/** Operators' pages: the callback queue («Консультация») and every customer's support threads. */
import { plural } from '$lib/format/plural';

const clock = (s: number) => `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;

export const operatorRu = {
  nav: {
    threads: 'Обращения',
    callbacks: 'Звонки',
  },
  forbiddenTitle: 'Раздел для операторов',
  forbiddenText: 'Эта страница доступна только операторам Кометы.',

  callbacks: {
    title: 'Заказанные звонки',
    lead: 'Клиентам обещан звонок в течение часа с момента заявки. Самые давние — сверху.',
    pending: 'Ожидают звонка',
    done: 'Выполненные',
    tabsLabel: 'Какие заявки показать',
    loading: 'Загрузка заявок…',
    loadFailed: 'Не удалось загрузить заявки',
    emptyPending: 'Очередь пуста: всем перезвонили.',
    emptyDone: 'Выполненных заявок пока нет.',
    listLabel: 'Заявки на звонок',
    requestedAt: (at: string) => `Заявка: ${at}`,
    doneAt: (at: string) => `Выполнено: ${at}`,
    topic: 'Вопрос:',
    /** «осталось 42:17» — minutes and seconds of the one-hour promise. */
    left: (seconds: number) => `осталось ${clock(seconds)}`,
    overdue: (seconds: number) =>
      seconds < 3600 ? `просрочено на ${clock(seconds)}` : `просрочено на ${Math.floor(seconds / 3600)} ч ${Math.floor((seconds % 3600) / 60)} мин`,
    markDone: 'Выполнено',
    markDoneLabel: (name: string, phone: string) => `Выполнено: ${name}, ${phone}`,
    markedDone: (name: string) => `Заявка «${name}» отмечена выполненной`,
    refresh: 'Обновить',
    count: (n: number) => `${n} ${plural(n, 'заявка', 'заявки', 'заявок')}`,
    overdueCount: (n: number) => `${n} ${plural(n, 'просрочена', 'просрочены', 'просрочено')}`,
  },

  threads: {
    title: 'Обращения клиентов',
    lead: 'Все обращения в техническую поддержку: с непрочитанными сообщениями и недавние — сверху.',
    filterLabel: 'Какие обращения показать',
    filters: { OPEN: 'Открытые', CLOSED: 'Закрытые', ALL: 'Все' },
    loading: 'Загрузка обращений…',
    loadFailed: 'Не удалось загрузить обращения',
    empty: 'Обращений нет.',
    listLabel: 'Обращения',
    customer: (name: string, phone: string) => `${name} · ${phone}`,
  },
};

export const operatorEn: typeof operatorRu = {
  nav: {
    threads: 'Requests',
    callbacks: 'Calls',
  },
  forbiddenTitle: 'Operators only',
  forbiddenText: 'This page is for Cometa’s operators.',

  callbacks: {
    title: 'Requested calls',
    lead: 'Customers were promised a call within an hour of their request. The oldest are on top.',
    pending: 'Waiting for a call',
    done: 'Done',
    tabsLabel: 'Which requests to show',
    loading: 'Loading requests…',
    loadFailed: 'The requests could not be loaded',
    emptyPending: 'The queue is empty: everyone has been called back.',
    emptyDone: 'No requests done yet.',
    listLabel: 'Call requests',
    requestedAt: (at: string) => `Requested: ${at}`,
    doneAt: (at: string) => `Done: ${at}`,
    topic: 'Question:',
    left: (seconds: number) => `${clock(seconds)} left`,
    overdue: (seconds: number) =>
      seconds < 3600 ? `overdue by ${clock(seconds)}` : `overdue by ${Math.floor(seconds / 3600)} h ${Math.floor((seconds % 3600) / 60)} min`,
    markDone: 'Done',
    markDoneLabel: (name: string, phone: string) => `Done: ${name}, ${phone}`,
    markedDone: (name: string) => `Request “${name}” marked done`,
    refresh: 'Refresh',
    count: (n: number) => `${n} ${n === 1 ? 'request' : 'requests'}`,
    overdueCount: (n: number) => `${n} overdue`,
  },

  threads: {
    title: 'Customer requests',
    lead: 'Every request to technical support: those with unread messages and the most recent on top.',
    filterLabel: 'Which requests to show',
    filters: { OPEN: 'Open', CLOSED: 'Closed', ALL: 'All' },
    loading: 'Loading requests…',
    loadFailed: 'The requests could not be loaded',
    empty: 'No requests.',
    listLabel: 'Requests',
    customer: (name: string, phone: string) => `${name} · ${phone}`,
  },
};
