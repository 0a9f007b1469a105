/**
 * The API's rules for photos in support messages (api/src/support: MAX_ATTACHMENT_BYTES,
 * MAX_ATTACHMENTS_PER_MESSAGE, the types it recognises by their bytes), checked here first so a person
 * hears about a photo that is too big before waiting for it to upload.
 */
import { formatBytes } from '$lib/format/bytes';
import { t } from '$lib/i18n';

export const MAX_PHOTO_BYTES = 5 * 1024 * 1024;
export const MAX_PHOTOS = 5;
export const PHOTO_TYPES = ['image/jpeg', 'image/png', 'image/webp'] as const;
/** For the file input's `accept`. */
export const PHOTO_ACCEPT = PHOTO_TYPES.join(',');

/** What is wrong with a file as a photo for support, or null when it may be uploaded. */
export function photoProblem(file: { name: string; size: number; type: string }): string | null {
  if (!(PHOTO_TYPES as readonly string[]).includes(file.type)) return t.support.photos.wrongType(file.name);
  if (file.size > MAX_PHOTO_BYTES) return t.support.photos.tooBig(file.name, formatBytes(file.size), formatBytes(MAX_PHOTO_BYTES));
  if (file.size === 0) return t.support.photos.wrongType(file.name);
  return null;
}

/** The hint under the picker: the limits the API enforces. */
export const photosHint = () => t.support.photos.hint(MAX_PHOTOS, formatBytes(MAX_PHOTO_BYTES));
