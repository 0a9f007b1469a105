/** The customer's devices: the list of meters, binding by serial and code (or QR link), a meter's own page. */
import { plural } from '$lib/format/plural';

export type DeviceStatusName = 'ONLINE' | 'SILENT' | 'NEVER_SEEN' | 'REVOKED';
export type SignalQuality = 'excellent' | 'good' | 'fair' | 'poor';

export const metersRu = {
  title: 'Мои счётчики',
  loading: 'Загрузка счётчиков…',
  loadFailed: 'Не удалось загрузить данные кабинета',
  emptyTitle: 'К кабинету пока не привязаны счётчики',
  emptyText:
    'Привяжите счётчики воды и электроэнергии или контроллер, который их опрашивает: понадобятся серийный номер и код привязки с наклейки на приборе. Можно просто отсканировать QR-код с наклейки камерой телефона.',
  bindNow: 'Привязать',
  bindMore: 'Привязать прибор',
  noReadings: 'Показаний пока нет',
  openWarnings: (meter: string) => `Предупреждения счётчика ${meter}`,
  liveLabel: 'Показания в реальном времени: ',
  connection: {
    connecting: 'подключение…',
    online: 'онлайн',
    reconnecting: 'нет связи, переподключение…',
  },
  /** On a card: the link to the meter's page. */
  details: 'Подробнее',
  readingsLink: 'Показания и отчёты',
  controllerOf: (serial: string) => `Контроллер ${serial}`,
  status: {
    ONLINE: 'на связи',
    SILENT: 'не на связи',
    NEVER_SEEN: 'ещё не выходил на связь',
    REVOKED: 'выведен из работы',
  } as Record<DeviceStatusName, string>,
  silentTitle: (serial: string) => `Контроллер ${serial} не выходит на связь`,
  silentText: (since: string, interval: string) =>
    `Последний сеанс связи — ${since}, а обычно контроллер передаёт показания каждые ${interval}. Показания его счётчиков могут быть устаревшими. Проверьте, что модем включён в розетку и антенна на месте; если это не помогло, напишите в поддержку.`,
  neverSeenTitle: (serial: string) => `Контроллер ${serial} ещё не выходил на связь`,
  neverSeenText: 'Показания появятся после первого сеанса связи. Если контроллер установлен давно, проверьте его питание или напишите в поддержку.',
  revokedTitle: (serial: string) => `Контроллер ${serial} выведен из работы`,
  revokedText: 'Обслуживающая организация отключила этот контроллер: новых показаний не будет. Подробности — в поддержке.',
  unboundNotice: (serial: string) =>
    `Прибор ${serial} отвязан. История его показаний сохранена, но в вашем кабинете больше не видна. Привязать его снова можно по серийному номеру и коду привязки.`,

  bind: {
    title: 'Привязка приборов',
    lead: 'Счётчик или контроллер, который опрашивает счётчики, привязывается к кабинету по серийному номеру и коду привязки с наклейки на приборе. Привязка контроллера привязывает и все его счётчики.',
    fromQr: 'Серийный номер и код подставлены из QR-кода. Проверьте их и нажмите «Привязать».',
    serial: 'Серийный номер',
    serialHint: 'Например, C-0001 или E-0001.',
    serialRequired: 'Укажите серийный номер прибора',
    code: 'Код привязки',
    codeHint: 'Десять знаков с наклейки, например 7KQ2M-X9D4R. Заглавные или строчные буквы, пробелы и дефисы — не важно.',
    codeRequired: 'Укажите код привязки с наклейки',
    submit: 'Привязать',
    whereTitle: 'Где взять код',
    whereText:
      'Код напечатан на наклейке рядом с серийным номером и QR-кодом: на корпусе прибора, на коробке или в паспорте. Нет наклейки — обратитесь в обслуживающую организацию или в поддержку.',
    boundController: (serial: string) => `Контроллер ${serial} привязан`,
    boundMeter: (serial: string) => `Счётчик ${serial} привязан`,
    alreadyBound: (serial: string) => `${serial} уже привязан к вашему кабинету`,
    withMeters: (n: number) =>
      n ? `Теперь в кабинете ${plural(n, 'виден', 'видны', 'видны')} ${n} ${plural(n, 'счётчик', 'счётчика', 'счётчиков')}:` : 'Счётчиков у этого контроллера пока нет.',
    nextStep: 'Чтобы показания уходили поставщику сами, откройте счётчик и укажите лицевой счёт в разделе «Передача показаний».',
    toMeters: 'Перейти к счётчикам',
    another: 'Привязать ещё один прибор',
  },

  page: {
    tabsLabel: 'Разделы счётчика',
    overview: 'Обзор',
    readings: 'Показания и отчёты',
    quality: 'Качество сети',
    back: 'Мои счётчики',
    loading: 'Загрузка счётчика…',
    loadFailed: 'Не удалось загрузить счётчик',
    notFoundTitle: 'Счётчик не найден',
    notFoundText: 'Такого счётчика нет среди ваших: возможно, его отвязали или ссылка устарела.',
  },

  live: {
    title: 'Текущие показания',
    power: 'Мощность',
    voltage: (phase: number) => `Напряжение L${phase}`,
    current: (phase: number) => `Ток L${phase}`,
    powerFactor: 'Коэффициент мощности',
    frequency: 'Частота',
    today: 'Расход с начала суток',
    todayWhy: 'Расход считается по целым часам с показаниями с тех пор, как счётчик ваш: первая цифра появится, когда пройдёт такой час.',
    registers: 'Показания счётчика',
    phases: 'По фазам',
    none: 'Показаний пока нет: они появятся здесь, как только контроллер их передаст.',
    at: (when: string) => `на ${when}`,
  },

  info: {
    title: 'О счётчике',
    serial: 'Серийный номер',
    kind: 'Тип',
    model: 'Модель',
    zones: 'Тарифные зоны',
    phases: 'Фазы',
    address: 'Адрес установки',
    verification: 'Поверка действительна до',
    verificationSoon: (days: number) => `осталось ${days} ${plural(days, 'день', 'дня', 'дней')} — запишитесь на поверку заранее`,
    verificationOverdue: 'срок поверки истёк: показания прибора не принимаются к расчёту, обратитесь в обслуживающую организацию',
    none: 'не указано',
  },

  controller: {
    title: 'Контроллер',
    serial: 'Серийный номер',
    model: 'Модель',
    firmware: 'Прошивка',
    status: 'Связь',
    lastSeen: 'Последний сеанс',
    never: 'не было',
    interval: 'Передаёт показания',
    every: (interval: string) => `каждые ${interval}`,
    signal: 'Уровень сигнала',
    signalQuality: { excellent: 'отличный', good: 'хороший', fair: 'слабый', poor: 'очень слабый' } as Record<SignalQuality, string>,
    battery: 'Заряд батареи',
    batteryLow: 'батарея садится',
    unknown: 'нет данных',
    otherMeters: 'Счётчики этого контроллера',
  },

  label: {
    title: 'Своё название',
    field: 'Название',
    hint: 'Чтобы отличать приборы: например, «Кухня, ХВС». Видно только вам.',
    save: 'Сохранить',
    saved: 'Название сохранено',
    removed: 'Название удалено',
  },

  unbind: {
    title: 'Отвязать прибор',
    meterText: (serial: string) =>
      `Отвяжите счётчик ${serial}, если он больше не ваш: например, вы переехали. История показаний сохранится, но в кабинете вы её больше не увидите, а новый владелец привяжет прибор по коду и увидит только свои показания.`,
    controllerText: (controller: string, meters: string) =>
      `Счётчик привязан вместе с контроллером ${controller}, поэтому отвязывается только контроллер целиком — со всеми его счётчиками (${meters}). История показаний сохранится, но в кабинете вы её больше не увидите, а новый владелец привяжет контроллер по коду и увидит только свои показания.`,
    meterButton: (serial: string) => `Отвязать счётчик ${serial}`,
    controllerButton: (serial: string) => `Отвязать контроллер ${serial}`,
    confirmTitle: (serial: string) => `Отвязать ${serial}?`,
    confirmText: 'Прибор исчезнет из кабинета, живые показания перестанут приходить, передача показаний поставщикам прекратится. История показаний не удаляется.',
    confirm: 'Да, отвязать',
    cancel: 'Отмена',
    notBound: 'Прибор уже отвязан от вашего кабинета.',
  },
};

type Plural = (n: number, one: string, many: string) => string;
const count: Plural = (n, one, many) => `${n} ${n === 1 ? one : many}`;

export const metersEn: typeof metersRu = {
  title: 'My meters',
  loading: 'Loading meters…',
  loadFailed: 'Your account data could not be loaded',
  emptyTitle: 'No meters are linked to your account yet',
  emptyText:
    'Add your water and electricity meters, or the controller that reads them, with the serial number and the binding code from the label on the device. You can also scan the QR code on the label with your phone’s camera.',
  bindNow: 'Add a device',
  bindMore: 'Add a device',
  noReadings: 'No readings yet',
  openWarnings: (meter: string) => `Warnings of meter ${meter}`,
  liveLabel: 'Live readings: ',
  connection: {
    connecting: 'connecting…',
    online: 'live',
    reconnecting: 'connection lost, reconnecting…',
  },
  details: 'Details',
  readingsLink: 'Readings and reports',
  controllerOf: (serial) => `Controller ${serial}`,
  status: {
    ONLINE: 'online',
    SILENT: 'not reporting',
    NEVER_SEEN: 'not connected yet',
    REVOKED: 'out of service',
  },
  silentTitle: (serial) => `Controller ${serial} has stopped reporting`,
  silentText: (since, interval) =>
    `It was last heard from ${since}; normally it sends readings every ${interval}. Its meters’ readings may be out of date. Check that the modem is plugged in and its antenna is in place; if that does not help, contact support.`,
  neverSeenTitle: (serial) => `Controller ${serial} has not connected yet`,
  neverSeenText: 'Readings will appear after its first connection. If it was installed a while ago, check its power supply or contact support.',
  revokedTitle: (serial) => `Controller ${serial} is out of service`,
  revokedText: 'Your service company has switched this controller off: no new readings will arrive. Support can tell you more.',
  unboundNotice: (serial) =>
    `${serial} has been removed. Its reading history is kept but no longer shown in your account. You can add it again with its serial number and binding code.`,

  bind: {
    title: 'Add devices',
    lead: 'A meter, or a controller that reads meters, is added to your account with the serial number and the binding code from the label on the device. Adding a controller adds all its meters.',
    fromQr: 'The serial number and code come from the QR code. Check them and press “Add”.',
    serial: 'Serial number',
    serialHint: 'For example, C-0001 or E-0001.',
    serialRequired: 'Enter the device’s serial number',
    code: 'Binding code',
    codeHint: 'Ten characters from the label, e.g. 7KQ2M-X9D4R. Upper or lower case, spaces and dashes do not matter.',
    codeRequired: 'Enter the binding code from the label',
    submit: 'Add',
    whereTitle: 'Where to find the code',
    whereText:
      'The code is printed on the label next to the serial number and the QR code: on the device, its box or its data sheet. No label? Ask your service company or contact support.',
    boundController: (serial) => `Controller ${serial} added`,
    boundMeter: (serial) => `Meter ${serial} added`,
    alreadyBound: (serial) => `${serial} is already in your account`,
    withMeters: (n) => (n ? `Your account now shows ${count(n, 'meter', 'meters')}:` : 'This controller has no meters yet.'),
    nextStep: 'For the readings to reach your supplier on their own, open a meter and enter your account number under “Submitting readings”.',
    toMeters: 'Go to my meters',
    another: 'Add another device',
  },

  page: {
    tabsLabel: 'Meter sections',
    overview: 'Overview',
    readings: 'Readings and reports',
    quality: 'Power quality',
    back: 'My meters',
    loading: 'Loading the meter…',
    loadFailed: 'The meter could not be loaded',
    notFoundTitle: 'Meter not found',
    notFoundText: 'This meter is not among yours: it may have been removed, or the link is out of date.',
  },

  live: {
    title: 'Current readings',
    power: 'Power',
    voltage: (phase) => `Voltage L${phase}`,
    current: (phase) => `Current L${phase}`,
    powerFactor: 'Power factor',
    frequency: 'Frequency',
    today: 'Used since midnight',
    todayWhy: 'Consumption counts whole hours with readings since the meter became yours: the first figure appears once such an hour has passed.',
    registers: 'Register readings',
    phases: 'Per phase',
    none: 'No readings yet: they will appear here as soon as the controller sends them.',
    at: (when) => `at ${when}`,
  },

  info: {
    title: 'About the meter',
    serial: 'Serial number',
    kind: 'Type',
    model: 'Model',
    zones: 'Tariff zones',
    phases: 'Phases',
    address: 'Installed at',
    verification: 'Verified until',
    verificationSoon: (days) => `${count(days, 'day', 'days')} left — book the verification in good time`,
    verificationOverdue: 'verification has expired: its readings are not accepted for billing, contact your service company',
    none: 'not given',
  },

  controller: {
    title: 'Controller',
    serial: 'Serial number',
    model: 'Model',
    firmware: 'Firmware',
    status: 'Connection',
    lastSeen: 'Last heard from',
    never: 'never',
    interval: 'Sends readings',
    every: (interval) => `every ${interval}`,
    signal: 'Signal strength',
    signalQuality: { excellent: 'excellent', good: 'good', fair: 'weak', poor: 'very weak' },
    battery: 'Battery',
    batteryLow: 'running low',
    unknown: 'no data',
    otherMeters: 'Meters of this controller',
  },

  label: {
    title: 'Your name for it',
    field: 'Name',
    hint: 'To tell your devices apart, e.g. “Kitchen, cold water”. Only you see it.',
    save: 'Save',
    saved: 'Name saved',
    removed: 'Name removed',
  },

  unbind: {
    title: 'Remove the device',
    meterText: (serial) =>
      `Remove meter ${serial} if it is no longer yours, for example after moving out. Its reading history is kept, but you will no longer see it; the next owner adds the meter with its code and sees only their own readings.`,
    controllerText: (controller, meters) =>
      `This meter was added together with controller ${controller}, so only the whole controller can be removed, with all its meters (${meters}). The reading history is kept, but you will no longer see it; the next owner adds the controller with its code and sees only their own readings.`,
    meterButton: (serial) => `Remove meter ${serial}`,
    controllerButton: (serial) => `Remove controller ${serial}`,
    confirmTitle: (serial) => `Remove ${serial}?`,
    confirmText: 'The device disappears from your account, live readings stop and so does submitting its readings to your suppliers. The reading history is not deleted.',
    confirm: 'Yes, remove it',
    cancel: 'Cancel',
    notBound: 'The device is no longer in your account.',
  },
};
