/** The page's state lives in its address: ?plan=...&area=...&month=YYYY-MM. */
import type { View } from './types';

export function readView(search: string = location.search): Partial<View> {
  const params = new URLSearchParams(search);
  const view: Partial<View> = {};
  for (const key of ['plan', 'area', 'month'] as const) {
    const value = params.get(key);
    if (value && /^[A-Za-z0-9_.-]{1,100}$/.test(value)) view[key] = value;
  }
  return view;
}

export function href(view: View): string {
  const params = new URLSearchParams({ plan: view.plan, area: view.area, month: view.month });
  return `?${params.toString()}`;
}
