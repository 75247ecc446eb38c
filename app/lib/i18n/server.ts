import { cookies, headers } from 'next/headers';
import { pickUiLang, UI_LANG_COOKIE, type UiLang } from './ui-lang';

/** The interface language for this request, in a server component or route handler. */
export async function requestUiLang(): Promise<UiLang> {
  const [cookieStore, headerList] = await Promise.all([cookies(), headers()]);
  return pickUiLang(cookieStore.get(UI_LANG_COOKIE)?.value, headerList.get('accept-language'));
}
