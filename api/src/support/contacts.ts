import { readFile } from 'node:fs/promises';
import { z } from 'zod';

const localized = z.union([z.string(), z.object({ ru: z.string(), en: z.string().optional() })]);
const schema = z.object({
  phones: z.array(z.object({ label: localized, number: z.string() })).default([]),
  email: z.string().email().optional(),
  hours: localized.optional(),
  address: localized.optional(),
});

export type Contacts = z.infer<typeof schema>;
export type Localized = z.infer<typeof localized>;

export const pick = (v: Localized | undefined, lang: string): string | null => (v === undefined ? null : typeof v === 'string' ? v : lang === 'en' ? v.en ?? v.ru : v.ru);

/** The operator's contacts, from the contacts file (validated at start: a broken file stops the API with its reason). */
export async function loadContacts(file: string): Promise<Contacts> {
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(file, 'utf8'));
  } catch (err) {
    throw new Error(`CONTACTS_FILE ${file}: ${(err as Error).message}`);
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw new Error(`CONTACTS_FILE ${file}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return parsed.data;
}
