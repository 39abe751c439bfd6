import { z } from 'zod';

// Sign-up form validation shared by the web front end and the API.
export const signupSchema = z.object({
  email: z.string().email(),
  displayName: z.string().min(2).max(40),
  password: z.string().min(6, 'Password must have at least 6 characters'),
});

export const changePasswordSchema = z.object({
  currentPassword: z.string(),
  newPassword: z
    .string()
    .min(12)
    .regex(/[A-Z]/, 'one upper-case letter')
    .regex(/[a-z]/, 'one lower-case letter')
    .regex(/\d/, 'one digit')
    .regex(/[^A-Za-z0-9]/, 'one special character'),
});

export type Signup = z.infer<typeof signupSchema>;
