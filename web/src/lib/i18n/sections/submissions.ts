/** «Передача показаний»: a meter's supplier accounts, its submissions to them and their statuses. */
import { SUBMISSION_REASON_WORDS, type SubmissionReason } from '@askue/api/submission-reasons';

type Status = 'SCHEDULED' | 'SENDING' | 'DELIVERED' | 'ACCEPTED' | 'REJECTED' | 'FAILED' | 'AWAITING_VALUES';
type Channel = 'WEBHOOK' | 'EMAIL';

export const submissionsRu = {
  title: 'Передача показаний',
  lead: 'Показания уходят поставщику сами, раз в месяц, в его окно приёма. Каждая передача — с квитанцией в истории ниже.',
  loading: 'Загружаем поставщиков…',
  empty: 'Лицевых счетов ещё нет. Подключите поставщика — и показания этого счётчика будут уходить ему сами.',
  noSuppliers: 'Пока ни один поставщик не принимает показания этого ресурса через Комету.',

  link: {
    title: 'Подключить поставщика',
    supplier: 'Поставщик',
    chooseSupplier: 'Выберите поставщика',
    account: 'Лицевой счёт',
    accountHint: (example: string) => `Как в квитанции поставщика, например ${example}`,
    accountRequired: 'Укажите номер лицевого счёта',
    accountFormat: (example: string) => `Номер лицевого счёта не похож на номер этого поставщика. Пример: ${example}`,
    supplierRequired: 'Выберите поставщика',
    agree: 'Я согласен, чтобы Комета передавала показания этого счётчика выбранному поставщику',
    agreeRequired: 'Отметьте согласие на передачу показаний',
    submit: 'Подключить',
    linked: (supplier: string) => `Подключено: показания будут уходить в «${supplier}» сами`,
    window: (first: number, last: number, cutoff: string, zone: string) => `Окно приёма: с ${first} по ${last} число, до ${cutoff} (${zone})`,
  },

  account: {
    label: (supplier: string, account: string) => `${supplier}, лицевой счёт ${account}`,
    accountNumber: 'Лицевой счёт',
    next: 'Следующая передача',
    nextAt: (when: string, zone: string) => `${when} (${zone})`,
    windowOpen: 'Окно приёма открыто',
    windowClosed: 'Окно приёма закрыто',
    submitNow: 'Передать сейчас',
    submitNowHint: 'Передадим последние показания счётчика за этот месяц прямо сейчас.',
    submitNowClosed: 'Передать сейчас можно, когда окно приёма открыто.',
    alreadySent: (period: string, status: string) => `Показания за ${period} уже переданы: ${status}.`,
    submitted: 'Показания отправлены — статус обновится здесь сам',
    needValues: 'Свежих показаний счётчика нет — введите их вручную ниже',
    unlink: 'Отключить',
    unlinkTitle: (supplier: string) => `Отключить «${supplier}»?`,
    unlinkText: 'Показания перестанут уходить этому поставщику. История передач сохранится.',
    unlinkConfirm: 'Да, отключить',
    cancel: 'Отмена',
    unlinked: 'Поставщик отключён. История передач сохранена.',
  },

  manual: {
    title: 'Введите показания вручную',
    lead: (closes: string) =>
      `Счётчик давно не присылал показания, а устаревшие или расчётные значения мы не передаём. Перепишите показания с табло счётчика до ${closes} — мы передадим их с пометкой «введено абонентом».`,
    register: (register: string, unit: string) => (register ? `Шкала ${register}, ${unit}` : `Показание, ${unit}`),
    required: 'Укажите показание',
    invalid: (decimals: number) => (decimals ? `Число, не больше ${decimals} знаков после запятой` : 'Целое число'),
    submit: 'Передать показания',
  },

  history: {
    title: 'История передач',
    empty: 'Передач ещё не было.',
    period: 'Период',
    values: 'Показания',
    readAt: 'Сняты',
    sentAt: 'Отправлены',
    how: 'Как',
    status: 'Статус',
    byHand: 'введено абонентом',
    notYet: '—',
    attempts: (n: number) => `попыток: ${n}`,
    nextAttempt: (when: string) => `следующая попытка ${when}`,
    reason: (text: string) => `Причина: ${text}`,
    total: (shown: number, total: number) => `Показаны последние ${shown} из ${total}`,
  },

  channel: { WEBHOOK: 'через API поставщика', EMAIL: 'по электронной почте' } satisfies Record<Channel, string>,

  status: {
    SCHEDULED: 'запланирована',
    SENDING: 'отправляется',
    DELIVERED: 'доставлена, ждём ответа поставщика',
    ACCEPTED: 'принята поставщиком',
    REJECTED: 'отклонена поставщиком',
    FAILED: 'не передана',
    AWAITING_VALUES: 'ждём показания от вас',
  } satisfies Record<Status, string>,

  failedHelp: 'Окно приёма закрылось. Передайте показания поставщику сами (по телефону или в его кабинете), иначе начисление будет по среднему.',
  /** Our own failure codes (the supplier's come with its words); every code the API sends has its words here. */
  reasons: SUBMISSION_REASON_WORDS.RU satisfies Record<SubmissionReason, string> as Record<string, string>,
  live: 'Статусы обновляются сами',
  units: { kWh: 'кВт·ч', m3: 'м³' } as Record<string, string>,
};
