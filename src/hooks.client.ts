// Defines the language strategies before anything renders (see $lib/locale.ts).
import '$lib/client/locale.svelte';
