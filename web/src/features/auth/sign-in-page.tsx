import { getRouteApi, useNavigate } from '@tanstack/react-router';
import { useEffect } from 'react';
import { useForm } from 'react-hook-form';
import { errorDetail } from '../../api/client.ts';
import { type Credentials, useSignIn } from '../../auth/session.tsx';
import { Button } from '../../ui/button.tsx';
import { safeNext } from './safe-next.ts';

const route = getRouteApi('/sign-in');

const inputClass =
  'mt-1 block w-full rounded-md border border-gray-300 px-3 py-2 text-sm aria-[invalid=true]:border-red-700';

/** S1: email and password; the server's refusal (401, 429) shown as it wrote it, focus back on Email. */
export function SignInPage() {
  const { next } = route.useSearch();
  const navigate = useNavigate();
  const signIn = useSignIn();
  const { register, handleSubmit, setFocus } = useForm<Credentials>();
  const failure = signIn.error ? errorDetail(signIn.error) : undefined;

  // Each failed attempt (a new error, even with the same message) puts focus back on Email.
  useEffect(() => {
    if (signIn.error) setFocus('email');
  }, [signIn.error, setFocus]);

  const onSubmit = handleSubmit((credentials) =>
    signIn.mutate(credentials, { onSuccess: () => navigate({ to: safeNext(next, window.location.origin) }) }),
  );

  return (
    <main className="flex min-h-screen items-start justify-center bg-gray-50 px-4 pt-24 font-sans text-gray-900">
      <div className="w-full max-w-sm rounded-lg border border-gray-200 bg-white p-6 shadow-sm">
        <h1 className="text-xl font-semibold">Sign in to Ledgergate</h1>
        {failure && (
          <p role="alert" className="mt-4 rounded-md bg-red-50 p-3 text-sm text-red-900">
            {failure}
          </p>
        )}
        <form onSubmit={onSubmit} className="mt-4 space-y-4">
          <label className="block text-sm font-medium">
            Email
            <input
              type="email"
              autoComplete="username"
              required
              aria-invalid={failure ? true : undefined}
              className={inputClass}
              {...register('email', { required: true })}
            />
          </label>
          <label className="block text-sm font-medium">
            Password
            <input
              type="password"
              autoComplete="current-password"
              required
              className={inputClass}
              {...register('password', { required: true })}
            />
          </label>
          <Button type="submit" variant="primary" className="w-full" isPending={signIn.isPending}>
            Sign in
          </Button>
        </form>
        <p className="mt-6 text-sm text-gray-700">
          Running your own installation? Create the first operator with{' '}
          <code className="rounded bg-gray-100 px-1">./bin/ledgergate operator create</code>.
        </p>
      </div>
    </main>
  );
}
