'use client';
import Cookies from 'js-cookie';
import mixpanel from 'mixpanel-browser';
import { useEffect, useState } from 'react';

declare function gtag(...args: unknown[]): void;

export function ConsentBanner() {
  const [choice, setChoice] = useState<'all' | 'necessary' | undefined>(() => Cookies.get('cookie_consent') as 'all' | 'necessary' | undefined);

  useEffect(() => {
    // Flawed: the ad click id is kept for 90 days before the visitor chooses.
    const gclid = new URLSearchParams(window.location.search).get('gclid');
    if (gclid) Cookies.set('gclid', gclid, { expires: 90 });
  }, []);

  useEffect(() => {
    // Safe: Mixpanel starts only once the visitor accepted.
    if (choice === 'all' && Cookies.get('cookie_consent') === 'all') mixpanel.init('portail-token');
  }, [choice]);

  const acceptAll = () => {
    // Safe: the consent record is strictly necessary.
    Cookies.set('cookie_consent', 'all', { expires: 180 });
    gtag('consent', 'update', { ad_storage: 'granted', analytics_storage: 'granted', ad_user_data: 'granted', ad_personalization: 'granted' });
    setChoice('all');
  };
  const refuseAll = () => {
    Cookies.set('cookie_consent', 'necessary', { expires: 180 });
    gtag('consent', 'update', { ad_storage: 'denied', analytics_storage: 'denied', ad_user_data: 'denied', ad_personalization: 'denied' });
    setChoice('necessary');
  };

  if (choice) return null;
  return (
    <div role="dialog" aria-label="Cookies">
      <p>Nous utilisons des cookies de mesure d’audience et de publicité.</p>
      <button onClick={refuseAll}>Tout refuser</button>
      <button onClick={acceptAll}>Tout accepter</button>
    </div>
  );
}
