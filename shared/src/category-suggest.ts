import { z } from 'zod';

export const suggestRequestSchema = z.strictObject({
  text: z.string().trim().min(1, '请说一说或写一写遇到的问题').max(2_000, '内容不能超过2000字'),
});
export type SuggestRequest = z.infer<typeof suggestRequestSchema>;

export const categorySuggestionSchema = z.object({
  code: z.string(),
  name: z.string(),
  confidence: z.number().min(0).max(1),
  matched: z.array(z.string()),
});

export const suggestResponseSchema = z.object({
  items: z.array(categorySuggestionSchema).describe('Ranked, most likely first; empty when nothing matched'),
  best: z.object({ code: z.string(), name: z.string() }).describe('What a report gets without a choice: the top item if trusted, else 其他'),
});
export type SuggestResponse = z.infer<typeof suggestResponseSchema>;
