/** What the operator says to customers, in Russian, plain text. */
import { CodePurpose } from '../accounts/phone-code.entity.js';

const CODE_PURPOSE: Record<CodePurpose, string> = {
  [CodePurpose.REGISTRATION]: 'код для регистрации',
  [CodePurpose.RECOVERY]: 'код для входа в личный кабинет',
  [CodePurpose.PHONE_CHANGE]: 'код для смены номера телефона',
};

export function codeSms(operator: string, purpose: CodePurpose, code: string): string {
  return `${operator}: ${CODE_PURPOSE[purpose]} ${code}. Действует 10 минут. Никому его не сообщайте.`;
}

export function emailConfirmation(operator: string, link: string) {
  return {
    subject: `${operator}: подтвердите адрес электронной почты`,
    text: [
      'Здравствуйте!',
      '',
      `Чтобы подтвердить адрес электронной почты для личного кабинета ${operator}, откройте ссылку:`,
      link,
      '',
      'Ссылка действует 24 часа и срабатывает один раз.',
      'Если вы не регистрировались и не меняли адрес в личном кабинете, просто удалите это письмо.',
      '',
      `— ${operator}`,
    ].join('\n'),
  };
}

export function credentials(operator: string, phone: string, password: string, cabinetUrl: string) {
  return {
    subject: `${operator}: данные для входа в личный кабинет`,
    text: [
      'Здравствуйте!',
      '',
      'Вы попросили прислать данные для входа в личный кабинет.',
      `Логин (номер телефона): ${phone}`,
      `Пароль: ${password}`,
      '',
      `Вход: ${cabinetUrl}/login`,
      '',
      'Храните это письмо в надёжном месте или удалите его, если запомнили пароль.',
      '',
      `— ${operator}`,
    ].join('\n'),
  };
}

export function passwordResetLink(operator: string, link: string) {
  return {
    subject: `${operator}: восстановление пароля`,
    text: [
      'Здравствуйте!',
      '',
      'Чтобы задать новый пароль для личного кабинета, откройте ссылку:',
      link,
      '',
      'Ссылка действует 1 час и срабатывает один раз.',
      'Если вы не просили восстановить пароль, ничего не делайте: пароль останется прежним.',
      '',
      `— ${operator}`,
    ].join('\n'),
  };
}

export function passwordChanged(operator: string) {
  return {
    subject: `${operator}: пароль изменён`,
    text: [
      'Здравствуйте!',
      '',
      'Пароль от вашего личного кабинета только что изменён, другие сеансы завершены.',
      'Если это сделали не вы, восстановите пароль и обратитесь в поддержку.',
      '',
      `— ${operator}`,
    ].join('\n'),
  };
}

export function emailChanged(operator: string, newEmail: string) {
  return {
    subject: `${operator}: адрес электронной почты изменён`,
    text: [
      'Здравствуйте!',
      '',
      `Адрес электронной почты вашего личного кабинета изменён на ${newEmail}.`,
      'Если это сделали не вы, восстановите пароль и обратитесь в поддержку.',
      '',
      `— ${operator}`,
    ].join('\n'),
  };
}
