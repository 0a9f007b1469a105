// See https://svelte.dev/docs/kit/types#app.d.ts
// The ALTCHA widget's element, attributes and events for Svelte templates (the widget itself is loaded lazily).
import type {} from 'altcha/types/svelte';

declare global {
  namespace App {}
}

export {};
