import type { Metadata, Viewport } from 'next';
import type { ReactNode } from 'react';
import { requestUiLang } from './lib/i18n/server';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'Boothcast', template: '%s · Boothcast' },
  description: 'Live bilingual captions, replayed in sync for every viewer.',
};

export const viewport: Viewport = { themeColor: '#0a0a0a', width: 'device-width', initialScale: 1 };

export default async function RootLayout({ children }: { children: ReactNode }) {
  const lang = await requestUiLang();
  return (
    <html lang={lang}>
      <body className="min-h-dvh bg-neutral-950 font-sans text-neutral-100 antialiased">{children}</body>
    </html>
  );
}
