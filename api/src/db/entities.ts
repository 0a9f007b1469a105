import { Account } from '../accounts/account.entity.js';
import { PasswordCredential } from '../accounts/password.entity.js';
import { Session } from '../accounts/session.entity.js';
import { Binding } from '../devices/binding.entity.js';
import { Controller } from '../devices/controller.entity.js';
import { DeviceToken } from '../devices/device-token.entity.js';
import { Meter } from '../devices/meter.entity.js';
import { LatestReading, Reading } from '../readings/reading.entity.js';

/** Every entity, passed as classes (not globs): explicit, and safe under ESM and any TS runner. */
export const entities = [Account, PasswordCredential, Session, Controller, DeviceToken, Meter, Binding, Reading, LatestReading];
