/**
 * The frame of every page: the header's public controls (sign in, «Консультация», the language switch) and the
 * footer with the contacts and the site's sections. Always loaded, unlike the public pages' own words (./landing).
 */

export const frameRu = {
  header: {
    /** The seed: «прямоугольник с изображением замка и надписью «Войти»». */
    signIn: 'Войти',
    cabinet: 'Личный кабинет',
    consultation: 'Консультация',
    /** The switch names the other language in that language, so its speakers find it. */
    switchLanguage: 'English',
    switchLanguageShort: 'EN',
    switchLanguageLabel: 'Switch to English',
    switchLanguageLang: 'en',
    home: 'Комета — на главную',
  },

  footer: {
    label: 'Контакты и разделы сайта',
    contactsTitle: 'Контакты',
    supportLine: 'Техническая поддержка',
    email: 'Электронная почта',
    hours: 'Часы работы',
    address: 'Адрес',
    contactsLoading: 'Загрузка контактов…',
    contactsFailed: 'Контакты не загрузились.',
    sectionsTitle: 'Разделы',
    home: 'Главная',
    help: 'Помощь',
    consultation: 'Консультация',
    feedback: 'Обратная связь',
    support: 'Сообщение в поддержку',
    about: 'Комета производит, устанавливает и обслуживает автоматизированные системы учёта электроэнергии и воды (АСКУЭ).',
    copyright: (year: number) => `© ${year} Комета`,
  },
};
