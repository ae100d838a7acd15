import { z } from 'zod';

export const suggestRequestSchema = z.strictObject({
  text: z.string().trim().min(1, '请说一说或写一写遇到的问题').max(2_000, '内容不能超过2000字'),
});
export type SuggestRequest = z.infer<typeof suggestRequestSchema>;

export const categorySuggestionSchema = z.object({
  code: z.string(),
  name: z.string(),
  confidence: z.number().min(0).max(1).describe('The model’s probability for this category among the active ones'),
  matched: z.array(z.string()).describe('The words that weighed most for it, so staff can see why'),
});
export type CategorySuggestion = z.infer<typeof categorySuggestionSchema>;

export const emergencySchema = z.object({
  kind: z.enum(['fire', 'gas', 'electric', 'injury', 'violence']),
  message: z.string(),
  call: z.enum(['110', '119', '120']),
});

export const suggestResponseSchema = z.object({
  items: z.array(categorySuggestionSchema).describe('Up to three, most likely first; empty when no word was known'),
  best: z.object({ code: z.string(), name: z.string() }).describe('What a report gets without a choice: the top item if trusted, else 其他'),
  sure: z.boolean().describe('The top item is trusted; when false the app asks the resident to pick from the items'),
  emergency: emergencySchema.nullable().describe('Words of a fire, gas leak, injury or fight: call 110 / 119 / 120 first'),
});
export type SuggestResponse = z.infer<typeof suggestResponseSchema>;

/** Below this probability the top guess is not trusted and the report goes to 其他 for the dispatcher. */
export const suggestionThreshold = 0.35;

/** Full-width letters and digits to half-width, case folded, spaces and punctuation dropped. */
export function normalizeUtterance(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s\p{P}\p{S}]+/gu, '');
}
