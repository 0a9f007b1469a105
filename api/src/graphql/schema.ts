import 'reflect-metadata';
import { lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';
import { GraphQLDateTime } from 'graphql-scalars';
import { buildSchema } from 'type-graphql';
import { AuthResolver } from '../accounts/auth.resolver.js';
import { ProfileResolver } from '../accounts/profile.resolver.js';
import { RecoveryResolver } from '../accounts/recovery.resolver.js';
import { RegistrationResolver } from '../accounts/registration.resolver.js';
import { ViewerResolver } from '../accounts/viewer.resolver.js';
import { DeviceLinkResolver } from '../devices/device-link.resolver.js';
import { BindingResolver, ControllerResolver, MeterDevicesResolver, ViewerDevicesResolver } from '../devices/devices.resolver.js';
import { OperatorResolver } from '../devices/operator.resolver.js';
import { ReportResolver } from '../reports/report.resolver.js';
import { SupportMessageResolver, SupportResolver, SupportThreadResolver, ViewerSupportResolver } from '../support/support.resolver.js';
import { IngestResolver } from '../ingest/ingest.resolver.js';
import { LimitsResolver } from '../security/limits.resolver.js';
import { LiveResolver } from '../live/live.resolver.js';
import { MeterReadingsResolver } from '../readings/meter-readings.resolver.js';
import { MeterSupplierLinksResolver, SubmissionFieldsResolver, SubmissionsResolver, SupplierLinkResolver } from '../submissions/submissions.resolver.js';
import { SuppliersResolver } from '../suppliers/suppliers.resolver.js';

import { MeterCostResolver, TariffsResolver, ViewerCostResolver } from '../tariffs/tariffs.resolver.js';
import { AlertsResolver, MeterAlertsResolver, ViewerAlertsResolver } from '../alerts/alerts.resolver.js';
import { ViewerWebhooksResolver, WebhookFieldsResolver, WebhooksResolver } from '../webhooks/webhooks.resolver.js';
export const resolvers = [AuthResolver, RegistrationResolver, RecoveryResolver, ProfileResolver, ViewerResolver, MeterReadingsResolver, LiveResolver, IngestResolver, DeviceLinkResolver, BindingResolver, ViewerDevicesResolver, MeterDevicesResolver, ControllerResolver, OperatorResolver, ReportResolver, SupportResolver, ViewerSupportResolver, SupportThreadResolver, SupportMessageResolver, LimitsResolver, SuppliersResolver, SubmissionsResolver, SupplierLinkResolver, MeterSupplierLinksResolver, SubmissionFieldsResolver, TariffsResolver, MeterCostResolver, ViewerCostResolver, AlertsResolver, ViewerAlertsResolver, MeterAlertsResolver, WebhooksResolver, ViewerWebhooksResolver, WebhookFieldsResolver] as const;

export function buildApiSchema(): Promise<GraphQLSchema> {
  return buildSchema({
    resolvers,
    // `DateTime` (RFC 3339 strings) rather than type-graphql's default name, as the public contract says.
    scalarsMap: [{ type: Date, scalar: GraphQLDateTime }],
    // Inputs are validated by the services, where the rules live and the messages are written.
    validate: false,
    // Every subscription here has its own `subscribe` (authorization, per-meter topics); type-graphql still
    // insists on a pubSub, so it gets one that says so if it is ever used.
    pubSub: {
      publish: () => {
        throw new Error('publish through LivePubSub');
      },
      subscribe: () => {
        throw new Error('subscriptions use their own subscribe function');
      },
    },
  });
}

/** The schema as committed in /schema.graphql: sorted, so that the file changes only when the API does. */
export function printApiSchema(schema: GraphQLSchema): string {
  return printSchema(lexicographicSortSchema(schema)) + '\n';
}
