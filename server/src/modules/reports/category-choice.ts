import { limitsOf, type Category, type Subcategory } from '@linli/shared';
import { AppError } from '../../lib/errors';
import type { CategoriesRepository } from '../categories/categories.repository';

export interface CategoryChoice {
  category: Category;
  subcategory: Subcategory | null;
  /** The (sub)category is urgent by itself. */
  urgent: boolean;
}

/** An active category and, if named, one of its active 小类 — or a 400 that says which is wrong. */
export async function chooseCategoryOf(categories: Pick<CategoriesRepository, 'get'>, code: string, subcategoryCode?: string | null): Promise<CategoryChoice> {
  const category = await categories.get(code);
  if (!category || !category.active) throw new AppError(400, 'CATEGORY_UNKNOWN', '请选择有效的问题类别');
  const subcategory = subcategoryCode ? (category.subcategories.find((s) => s.code === subcategoryCode && s.active) ?? null) : null;
  if (subcategoryCode && !subcategory) throw new AppError(400, 'SUBCATEGORY_UNKNOWN', `「${category.name}」下没有这个小类`);
  return { category, subcategory, urgent: limitsOf(category, subcategory?.code).urgency === 'urgent' };
}
