import { Account, Role } from '../src/accounts/account.entity.js';
import { hashPassword } from '../src/accounts/password.js';
import { PasswordCredential } from '../src/accounts/password.entity.js';
import type { TestApi } from './harness.js';

let n = Math.floor(Math.random() * 1_000_000);

/** A signed-in account made directly in the database (registration itself is tested elsewhere). */
export async function makeAccount(t: TestApi, role: Role = Role.CUSTOMER): Promise<{ token: string; id: number; phone: string }> {
  const phone = `+7902${String(++n % 10_000_000).padStart(7, '0')}`;
  const em = t.api.orm.em.fork();
  const account = new Account(phone, role);
  em.persist(account);
  em.persist(new PasswordCredential(account, await hashPassword('test-password-123')));
  await em.flush();
  const r = await t.gql(`mutation($p: String!) { signIn(phone: $p, password: "test-password-123") { token } }`, { p: phone });
  return { token: r.data.signIn.token, id: account.id, phone };
}

export const PROVISION = `mutation($i: NewControllerInput!) { provisionController(input: $i) {
  deviceToken controller { id serial reportingIntervalS status }
  labels { serial kind claimCode bindUrl qrSvg } } }`;
export const BIND = `mutation($s: String!, $c: String!) { bindDevice(serial: $s, code: $c) { kind alreadyBound controller { serial } meters { id serial } } }`;
export const UNBIND = `mutation($s: String!) { unbindDevice(serial: $s) }`;
export const METERS = `{ viewer { meters { id serial label lastReadings { quantity value } } } }`;

/** Provisions a controller with meters through the operator mutation; returns its token and claim codes by serial. */
export async function provision(t: TestApi, operator: string, serial: string, meters: Array<{ serial: string; kind: string }>) {
  const r = await t.gql(PROVISION, { i: { serial, meters } }, operator);
  if (r.errors) throw new Error(JSON.stringify(r.errors));
  const p = r.data.provisionController;
  return { token: p.deviceToken as string, controllerId: p.controller.id as string, codes: Object.fromEntries(p.labels.map((l: { serial: string; claimCode: string }) => [l.serial, l.claimCode])) as Record<string, string> };
}
