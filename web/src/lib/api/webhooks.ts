/** Integrators' webhooks (api/docs/integrators.md, "Webhooks"). */
import { mutate, query } from './connection.js';
import { CREATE_WEBHOOK_MUTATION, DELETE_WEBHOOK_MUTATION, PING_WEBHOOK_MUTATION, ROTATE_WEBHOOK_SECRET_MUTATION, WEBHOOKS_QUERY, type Webhook } from './webhooks.documents.js';

export type { Webhook };

/** The viewer's webhooks with their newest messages; null when signed out. */
export async function fetchWebhooks(): Promise<Webhook[] | null> {
  return (await query(WEBHOOKS_QUERY, {})).viewer?.webhooks ?? null;
}

export async function createWebhook(url: string, description: string | null): Promise<Webhook> {
  return (await mutate(CREATE_WEBHOOK_MUTATION, { url, description })).createWebhook;
}

export async function deleteWebhook(id: string): Promise<void> {
  await mutate(DELETE_WEBHOOK_MUTATION, { id });
}

export async function rotateWebhookSecret(id: string): Promise<Webhook> {
  return (await mutate(ROTATE_WEBHOOK_SECRET_MUTATION, { id })).rotateWebhookSecret;
}

export async function pingWebhook(id: string): Promise<void> {
  await mutate(PING_WEBHOOK_MUTATION, { id });
}
