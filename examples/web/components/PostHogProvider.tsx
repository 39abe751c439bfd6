'use client';
import posthog from 'posthog-js';
import { PostHogProvider as Provider } from 'posthog-js/react';
import { useEffect } from 'react';

export function PostHogProvider({ children }: { children: React.ReactNode }) {
  useEffect(() => {
    // Flawed: PostHog starts capturing and stores its cookie before the visitor chooses.
    posthog.init(process.env.NEXT_PUBLIC_POSTHOG_KEY as string, { api_host: 'https://eu.i.posthog.com' });
  }, []);
  return <Provider client={posthog}>{children}</Provider>;
}
