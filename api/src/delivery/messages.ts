/**
 * What the operator says to customers, plain text, in the account's language (Russian unless the customer uses the
 * cabinet in English; a registration code goes in the language of the page that asked for it).
 */
import { Language } from '../accounts/account.entity.js';
import { CodePurpose } from '../accounts/phone-code.entity.js';

/** The operator's name in each language («Комета», «Cometa»): a message names it in the language it is written in. */
export type OperatorName = Record<Language, string>;

const CODE_PURPOSE: Record<CodePurpose, Record<Language, string>> = {
  [CodePurpose.REGISTRATION]: { RU: 'код для регистрации', EN: 'registration code' },
  [CodePurpose.RECOVERY]: { RU: 'код для входа в личный кабинет', EN: 'sign-in code' },
  [CodePurpose.PHONE_CHANGE]: { RU: 'код для смены номера телефона', EN: 'code to change your phone number' },
};

export function codeSms(operator: OperatorName, purpose: CodePurpose, code: string, language: Language = Language.RU): string {
  const what = CODE_PURPOSE[purpose][language];
  return language === Language.EN
    ? `${operator.EN}: your ${what} is ${code}. Valid for 10 minutes. Do not tell it to anyone.`
    : `${operator.RU}: ${what} ${code}. Действует 10 минут. Никому его не сообщайте.`;
}

/** A letter: the greeting, the lines, the signature (warnings are written the same way: alerts/messages.ts). */
export function letter(operator: OperatorName, language: Language, subject: string, lines: string[]) {
  const name = operator[language];
  return { subject: `${name}: ${subject}`, text: [language === Language.EN ? 'Hello,' : 'Здравствуйте!', '', ...lines, '', `— ${name}`].join('\n') };
}

export function emailConfirmation(operator: OperatorName, link: string, language: Language = Language.RU) {
  return language === Language.EN
    ? letter(operator, language, 'confirm your email address', [
        `To confirm the email address of your ${operator.EN} account, open this link:`,
        link,
        '',
        'The link works once, for 24 hours.',
        'If you did not sign up or change the address in your account, just delete this email.',
      ])
    : letter(operator, language, 'подтвердите адрес электронной почты', [
        `Чтобы подтвердить адрес электронной почты для личного кабинета ${operator.RU}, откройте ссылку:`,
        link,
        '',
        'Ссылка действует 24 часа и срабатывает один раз.',
        'Если вы не регистрировались и не меняли адрес в личном кабинете, просто удалите это письмо.',
      ]);
}

export function credentials(operator: OperatorName, phone: string, password: string, cabinetUrl: string, language: Language = Language.RU) {
  return language === Language.EN
    ? letter(operator, language, 'your sign-in details', [
        'You asked us to send you the details to sign in to your account.',
        `Login (phone number): ${phone}`,
        `Password: ${password}`,
        '',
        `Sign in: ${cabinetUrl}/login`,
        '',
        'Keep this email somewhere safe, or delete it once you remember the password.',
      ])
    : letter(operator, language, 'данные для входа в личный кабинет', [
        'Вы попросили прислать данные для входа в личный кабинет.',
        `Логин (номер телефона): ${phone}`,
        `Пароль: ${password}`,
        '',
        `Вход: ${cabinetUrl}/login`,
        '',
        'Храните это письмо в надёжном месте или удалите его, если запомнили пароль.',
      ]);
}

export function passwordResetLink(operator: OperatorName, link: string, language: Language = Language.RU) {
  return language === Language.EN
    ? letter(operator, language, 'password recovery', [
        'To set a new password for your account, open this link:',
        link,
        '',
        'The link works once, for 1 hour.',
        'If you did not ask to recover your password, do nothing: it stays as it is.',
      ])
    : letter(operator, language, 'восстановление пароля', [
        'Чтобы задать новый пароль для личного кабинета, откройте ссылку:',
        link,
        '',
        'Ссылка действует 1 час и срабатывает один раз.',
        'Если вы не просили восстановить пароль, ничего не делайте: пароль останется прежним.',
      ]);
}

export function passwordChanged(operator: OperatorName, language: Language = Language.RU) {
  return language === Language.EN
    ? letter(operator, language, 'password changed', [
        'The password of your account has just been changed, and your other sessions were ended.',
        'If this was not you, recover your password and contact support.',
      ])
    : letter(operator, language, 'пароль изменён', [
        'Пароль от вашего личного кабинета только что изменён, другие сеансы завершены.',
        'Если это сделали не вы, восстановите пароль и обратитесь в поддержку.',
      ]);
}

export function accountDeleted(operator: OperatorName, language: Language = Language.RU) {
  return language === Language.EN
    ? letter(operator, language, 'account deleted', [
        'Your account has been deleted at your request: your personal data, sessions and integrations are gone, and your devices are released.',
        'Readings already submitted to your suppliers stay with them. To use the cabinet again, register anew.',
        'If this was not you, contact support at once.',
      ])
    : letter(operator, language, 'личный кабинет удалён', [
        'Ваш личный кабинет удалён по вашему запросу: персональные данные, сеансы и интеграции удалены, приборы отвязаны.',
        'Показания, уже переданные поставщикам, остаются у них. Чтобы снова пользоваться кабинетом, зарегистрируйтесь заново.',
        'Если это сделали не вы, срочно обратитесь в поддержку.',
      ]);
}

export function emailChanged(operator: OperatorName, newEmail: string, language: Language = Language.RU) {
  return language === Language.EN
    ? letter(operator, language, 'email address changed', [
        `The email address of your account has been changed to ${newEmail}.`,
        'If this was not you, recover your password and contact support.',
      ])
    : letter(operator, language, 'адрес электронной почты изменён', [
        `Адрес электронной почты вашего личного кабинета изменён на ${newEmail}.`,
        'Если это сделали не вы, восстановите пароль и обратитесь в поддержку.',
      ]);
}

/** Support answered a customer's request (support/support.service.ts). */
export function supportReplyEmail(operator: OperatorName, topic: string, text: string, link: string, language: Language = Language.RU) {
  return language === Language.EN
    ? letter(operator, language, `reply to your request “${topic}”`, [`Support has answered your request “${topic}”:`, '', text, '', `Reply: ${link}`])
    : letter(operator, language, `ответ по обращению «${topic}»`, [`Техническая поддержка ответила на ваше обращение «${topic}»:`, '', text, '', `Ответить: ${link}`]);
}
