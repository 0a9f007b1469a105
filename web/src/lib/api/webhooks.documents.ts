/** Integrators' webhooks: the viewer's webhooks with their recent messages; add, ping, rotate the secret, remove. */
import { graphql, type ResultOf } from './graphql.js';

export const WEBHOOK_FIELDS = graphql(`
  fragment WebhookFields on WebhookView {
    id
    url
    description
    secret
    createdAt
    deliveries(first: 5) {
      id
      event
      status
      attempts
      responseStatus
      error
      createdAt
      deliveredAt
      nextAttemptAt
    }
  }
`);

export const WEBHOOKS_QUERY = graphql(
  `
    query Webhooks {
      viewer {
        webhooks {
          ...WebhookFields
        }
      }
    }
  `,
  [WEBHOOK_FIELDS],
);

export const CREATE_WEBHOOK_MUTATION = graphql(
  `
    mutation CreateWebhook($url: String!, $description: String) {
      createWebhook(url: $url, description: $description) {
        ...WebhookFields
      }
    }
  `,
  [WEBHOOK_FIELDS],
);

export const DELETE_WEBHOOK_MUTATION = graphql(`
  mutation DeleteWebhook($id: ID!) {
    deleteWebhook(id: $id)
  }
`);

export const ROTATE_WEBHOOK_SECRET_MUTATION = graphql(
  `
    mutation RotateWebhookSecret($id: ID!) {
      rotateWebhookSecret(id: $id) {
        ...WebhookFields
      }
    }
  `,
  [WEBHOOK_FIELDS],
);

export const PING_WEBHOOK_MUTATION = graphql(`
  mutation PingWebhook($id: ID!) {
    pingWebhook(id: $id) {
      id
    }
  }
`);

export type Webhook = ResultOf<typeof WEBHOOK_FIELDS>;
