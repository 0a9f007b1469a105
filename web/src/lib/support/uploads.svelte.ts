/**
 * Photos chosen for one support message: each is checked against the API's limits, previewed at once and
 * uploaded right away (while the person writes), with its progress; the message then references the ids.
 */
import { uploadAttachment, type Upload } from '$lib/api/support';
import type { ApiError } from '$lib/api/errors';
import type { SupportAttachment } from '$lib/api/documents';
import { t } from '$lib/i18n';
import { MAX_PHOTOS, photoProblem } from './photos';

export interface PhotoItem {
  key: number;
  file: File;
  /** A blob: URL of the file for the preview (revoked when the item goes). */
  preview: string;
  status: 'uploading' | 'done' | 'failed';
  /** 0…1 */
  progress: number;
  attachment: SupportAttachment | null;
  error: string | null;
}

let nextKey = 1;

export class PhotoUploads {
  items = $state<PhotoItem[]>([]);
  /** Why files just chosen were not taken (too big, wrong type, too many). */
  problems = $state<string[]>([]);
  #uploads = new Map<number, Upload>();

  /** The uploaded photos' ids, in the order chosen. */
  get ids(): string[] {
    return this.items.flatMap((item) => (item.attachment ? [item.attachment.id] : []));
  }

  get uploading(): boolean {
    return this.items.some((item) => item.status === 'uploading');
  }

  /** Photos that could not be sent as they are: still uploading, or failed. */
  get unfinished(): boolean {
    return this.items.some((item) => item.status !== 'done');
  }

  add(files: Iterable<File>): void {
    const problems: string[] = [];
    for (const file of files) {
      if (this.items.length >= MAX_PHOTOS) {
        problems.push(t.support.photos.tooMany(MAX_PHOTOS));
        break;
      }
      const problem = photoProblem(file);
      if (problem) {
        problems.push(problem);
        continue;
      }
      const item: PhotoItem = { key: nextKey++, file, preview: URL.createObjectURL(file), status: 'uploading', progress: 0, attachment: null, error: null };
      this.items.push(item);
      this.#start(item.key);
    }
    this.problems = problems;
  }

  retry(key: number): void {
    const item = this.#find(key);
    if (!item || item.status !== 'failed') return;
    item.status = 'uploading';
    item.progress = 0;
    item.error = null;
    this.#start(key);
  }

  remove(key: number): void {
    this.#uploads.get(key)?.abort();
    this.#uploads.delete(key);
    const item = this.#find(key);
    if (item) URL.revokeObjectURL(item.preview);
    this.items = this.items.filter((i) => i.key !== key);
    this.problems = [];
  }

  /** After the message is sent (or the form left): forget every photo. */
  clear(): void {
    for (const upload of this.#uploads.values()) upload.abort();
    this.#uploads.clear();
    for (const item of this.items) URL.revokeObjectURL(item.preview);
    this.items = [];
    this.problems = [];
  }

  #find(key: number): PhotoItem | undefined {
    // The proxied item, so that changes show.
    return this.items.find((i) => i.key === key);
  }

  #start(key: number): void {
    const item = this.#find(key);
    if (!item) return;
    const upload = uploadAttachment(item.file, (fraction) => {
      const current = this.#find(key);
      if (current) current.progress = fraction;
    });
    this.#uploads.set(key, upload);
    upload.done.then(
      (attachment) => {
        this.#uploads.delete(key);
        const current = this.#find(key);
        if (!current) return;
        current.attachment = attachment;
        current.status = 'done';
        current.progress = 1;
      },
      (error: ApiError) => {
        this.#uploads.delete(key);
        const current = this.#find(key);
        if (!current || error.code === 'ABORTED') return;
        current.status = 'failed';
        current.error = error.message;
      },
    );
  }
}
