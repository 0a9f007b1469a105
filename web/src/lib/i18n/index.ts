/**
 * The cabinet's words. Russian only for now; another language is a file shaped like `Messages` and a
 * choice here. Components import `t` and never write user-visible text themselves.
 */
import { ru, type Messages } from './ru';

export type { Messages };

/** The messages of the cabinet's language. */
export const messages: Messages = ru;

/** Short alias used in components: `t.login.title`, `t.code.resendIn(42)`. */
export const t = messages;

/** «Профиль · Комета»: the document title of a page. */
export const pageTitle = (title: string) => `${title}${messages.app.titleSuffix}`;
