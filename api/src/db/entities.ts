import { Account } from '../accounts/account.entity.js';
import { Alert, AlertPreferences, AlertSettings, AwayPeriod } from '../alerts/alert.entity.js';
import { CheckRun } from '../alerts/check-run.entity.js';
import { PushSubscriptionRecord } from '../alerts/push/push-subscription.entity.js';
import { Webhook, WebhookDelivery } from '../webhooks/webhook.entity.js';
import { PasswordCredential } from '../accounts/password.entity.js';
import { OneTimeToken } from '../accounts/one-time-token.entity.js';
import { PhoneCode } from '../accounts/phone-code.entity.js';
import { SingleUse } from '../accounts/single-use.entity.js';
import { Session } from '../accounts/session.entity.js';
import { UsedCaptcha } from '../security/used-captcha.entity.js';
import { CallbackRequest, Feedback, SupportAttachment, SupportMessage, SupportThread } from '../support/support.entities.js';
import { Binding } from '../devices/binding.entity.js';
import { Controller } from '../devices/controller.entity.js';
import { DeviceToken } from '../devices/device-token.entity.js';
import { Meter } from '../devices/meter.entity.js';
import { MeterLabel } from '../devices/meter-label.entity.js';
import { LatestReading, Reading } from '../readings/reading.entity.js';
import { Submission } from '../submissions/submission.entity.js';
import { SupplierLink } from '../suppliers/supplier-link.entity.js';
import { Supplier } from '../suppliers/supplier.entity.js';
import { SupplierChange } from '../suppliers/supplier-change.entity.js';
import { Tariff, TariffVersion } from '../tariffs/tariff.entity.js';

/** Every entity, passed as classes (not globs): explicit, and safe under ESM and any TS runner. */
export const entities = [Account, PasswordCredential, Session, SingleUse, PhoneCode, OneTimeToken, UsedCaptcha, Controller, DeviceToken, Meter, MeterLabel, Binding, Reading, LatestReading, CallbackRequest, Feedback, SupportThread, SupportMessage, SupportAttachment, Supplier, SupplierChange, SupplierLink, Submission, Tariff, TariffVersion, Alert, AwayPeriod, CheckRun, AlertSettings, AlertPreferences, PushSubscriptionRecord, Webhook, WebhookDelivery];
