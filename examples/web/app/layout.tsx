// Next.js app router layout of the marketing site.
import { GoogleTagManager } from '@next/third-parties/google';
import Script from 'next/script';
import { ConsentBanner } from '../components/ConsentBanner';
import { PostHogProvider } from '../components/PostHogProvider';

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="fr">
      {/* Flawed: the GTM container loads for every visitor, before the banner is answered. */}
      <GoogleTagManager gtmId="GTM-PORTAIL" />
      <body>
        <PostHogProvider>{children}</PostHogProvider>
        <ConsentBanner />
        {/* Safe: cookieless analytics. */}
        <Script defer data-domain="portail.example" src="https://plausible.io/js/script.js" />
      </body>
    </html>
  );
}
