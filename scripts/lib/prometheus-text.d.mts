// Types of prometheus-text.mjs, for the TypeScript tests that import it.
export function sampleValue(text: string, name: string, labels?: string): number | null;
