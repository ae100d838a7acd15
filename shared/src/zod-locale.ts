import { z } from 'zod';

// Validation messages reach users on both sides, so zod speaks Simplified Chinese everywhere.
z.config(z.locales.zhCN());
