import { z } from 'zod';

export const LoginSchema = z.object({
  email: z.string().trim().min(3).max(320),
  password: z.string().min(1).max(1024),
});

/** A one-time link's secret (the part after `#` in the link). */
const LinkToken = z.string().trim().min(10).max(200);

export const InvitationTokenSchema = z.object({ token: LinkToken });

export const AcceptInvitationSchema = z.object({
  token: LinkToken,
  name: z.string().trim().max(200).optional(),
  password: z.string().min(1).max(1024),
});

export const ResetPasswordSchema = z.object({ token: LinkToken, password: z.string().min(12, 'must be at least 12 characters').max(1024) });

export const ForgotPasswordBodySchema = z.object({ email: z.string().trim().min(3).max(320) });

export const ChangePasswordSchema = z.object({
  current_password: z.string().min(1).max(1024),
  new_password: z.string().min(12, 'must be at least 12 characters').max(1024),
});
