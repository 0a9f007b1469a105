/** What a customer is told about a submission, by email (Russian, with the English below it). */
import { DateTime } from 'luxon';

export interface NoticeFacts {
  serial: string;
  supplier: string;
  period: string;
  closesAt: Date;
  timeZone: string;
  link: string;
}

export function customerNotice(what: 'stale' | 'failed', f: NoticeFacts): { subject: string; text: string } {
  const closes = DateTime.fromJSDate(f.closesAt, { zone: f.timeZone });
  const ruCloses = closes.setLocale('ru').toFormat('d MMMM HH:mm');
  const enCloses = closes.setLocale('en').toFormat('d MMMM HH:mm');
  if (what === 'stale') {
    return {
      subject: `Показания счётчика ${f.serial} не переданы: нет свежих данных`,
      text:
        `Счётчик ${f.serial} давно не присылал показания, поэтому мы не передали их в «${f.supplier}» за ${f.period}: устаревшие или расчётные значения мы не отправляем.\n` +
        `Введите показания вручную в личном кабинете до ${ruCloses} (${f.timeZone}) — мы передадим их с пометкой «введено абонентом». ${f.link}\n\n` +
        `Meter ${f.serial} has not reported for a while, so its readings for ${f.period} were not sent to ${f.supplier}. Enter them by hand in the cabinet before ${enCloses} (${f.timeZone}).`,
    };
  }
  return {
    subject: `Показания счётчика ${f.serial} не приняты: окно «${f.supplier}» закрылось`,
    text:
      `Мы не смогли передать показания счётчика ${f.serial} за ${f.period} в «${f.supplier}» до закрытия окна приёма (${ruCloses}, ${f.timeZone}).\n` +
      `Передайте их поставщику сами (по телефону или в его кабинете), иначе начисление будет по среднему или по нормативу. История передач — в личном кабинете: ${f.link}\n\n` +
      `The readings of meter ${f.serial} for ${f.period} could not reach ${f.supplier} before its window closed (${enCloses}, ${f.timeZone}). Please submit them to the supplier yourself; otherwise you will be billed at the average or the norm.`,
  };
}
