/**
 * The clock the cabinet tells times by: the signed-in account's time zone (the one its reports, warnings and
 * submissions use), or the browser's while nobody is signed in. A time formatted without a zone of its own
 * (a support message, a session, a modem's last contact) follows it, so a customer away from home reads every
 * time of the cabinet on one clock. The session sets it.
 */
class CabinetClock {
  /** Undefined: the browser's own zone. */
  zone = $state<string | undefined>(undefined);
}

export const cabinetClock = new CabinetClock();
