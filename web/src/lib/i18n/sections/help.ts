/** «Помощь»: the list of articles, the search, an article, and the «?» links to them from other pages. */
import { plural } from '$lib/format/plural';

export const helpRu = {
  title: 'Помощь',
  lead: 'Инструкции по работе с личным кабинетом и приложением.',
  search: 'Поиск по справке',
  searchPlaceholder: 'Например: привязка счётчика',
  found: (n: number) => (n ? `${plural(n, 'Найдена', 'Найдено', 'Найдено')} ${n} ${plural(n, 'статья', 'статьи', 'статей')}` : 'Ничего не найдено'),
  noResults: (query: string) => `По запросу «${query}» ничего не нашлось. Попробуйте другие слова или посмотрите все статьи ниже.`,
  articlesLabel: 'Статьи справки',
  resultsLabel: 'Результаты поиска',
  all: 'Все статьи',
  loading: 'Загрузка справки…',
  notFoundTitle: 'Статья не найдена',
  notFoundText: 'Такой статьи в справке нет. Возможно, ссылка устарела.',
  back: 'Все статьи справки',
  more: 'Другие статьи',
  stillQuestions: 'Не нашли ответ?',
  writeSupport: 'Напишите в поддержку',
  or: 'или',
  requestCall: 'закажите звонок',
  /** The «?» links on other pages. */
  links: {
    label: 'Помощь',
    registration: 'Как зарегистрироваться',
    signIn: 'Как войти и что делать, если забыли пароль',
    recovery: 'Как восстановить пароль',
    binding: 'Как привязать прибор',
    readings: 'Показания и отчёты',
    support: 'Как работает поддержка',
    app: 'Как установить приложение',
    submissions: 'Как показания уходят поставщику',
    costs: 'Как считаются расходы',
    alerts: 'Как работают предупреждения',
  },
};
