/**
 * What a customer is told about a submission, by email, in the account's language and on the account's clock
 * (the supplier's window closes at its own cut-off; the customer reads the time as their own, as alert emails do).
 */
import { DateTime } from 'luxon';
import { Language } from '../accounts/account.entity.js';

export interface NoticeFacts {
  serial: string;
  supplier: string;
  /** The reporting month, YYYY-MM. */
  period: string;
  closesAt: Date;
  /** The customer's time zone. */
  timeZone: string;
  link: string;
}

export function customerNotice(what: 'stale' | 'failed', f: NoticeFacts, language: Language = Language.RU): { subject: string; text: string } {
  const closes = DateTime.fromJSDate(f.closesAt, { zone: f.timeZone });
  const month = DateTime.fromFormat(f.period, 'yyyy-MM');
  if (language === Language.EN) {
    const enCloses = closes.setLocale('en').toFormat('d MMMM HH:mm');
    const period = month.setLocale('en').toFormat('LLLL yyyy');
    return what === 'stale'
      ? {
          subject: `Readings of meter ${f.serial} not sent: no fresh data`,
          text:
            `Meter ${f.serial} has not reported for a while, so its readings for ${period} were not sent to ${f.supplier}: we never send stale or estimated values.\n` +
            `Enter them by hand in your account before ${enCloses} and we will send them marked “entered by the customer”. ${f.link}`,
        }
      : {
          subject: `Readings of meter ${f.serial} not accepted: the ${f.supplier} window has closed`,
          text:
            `The readings of meter ${f.serial} for ${period} could not reach ${f.supplier} before its window closed (${enCloses}).\n` +
            `Please submit them to the supplier yourself (by phone or in its own account), or you will be billed at the average or the norm. Your submissions: ${f.link}`,
        };
  }
  const ruCloses = closes.setLocale('ru').toFormat('d MMMM HH:mm');
  const period = month.setLocale('ru').toFormat('LLLL yyyy');
  return what === 'stale'
    ? {
        subject: `Показания счётчика ${f.serial} не переданы: нет свежих данных`,
        text:
          `Счётчик ${f.serial} давно не присылал показания, поэтому мы не передали их в «${f.supplier}» за ${period}: устаревшие или расчётные значения мы не отправляем.\n` +
          `Введите показания вручную в личном кабинете до ${ruCloses} — мы передадим их с пометкой «введено абонентом». ${f.link}`,
      }
    : {
        subject: `Показания счётчика ${f.serial} не приняты: окно «${f.supplier}» закрылось`,
        text:
          `Мы не смогли передать показания счётчика ${f.serial} за ${period} в «${f.supplier}» до закрытия окна приёма (${ruCloses}).\n` +
          `Передайте их поставщику сами (по телефону или в его кабинете), иначе начисление будет по среднему или по нормативу. История передач — в личном кабинете: ${f.link}`,
      };
}
