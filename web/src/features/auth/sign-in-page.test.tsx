import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { approverMe, demoCompany, json, problem, renderApp } from '../../testing/render-app.tsx';

/** The server's side of signing in: one right password, and a session once it was given. */
function fakeServer() {
  let signedIn = false;
  return async (request: Request): Promise<Response> => {
    const { pathname } = new URL(request.url);
    if (pathname === '/api/v1/auth/login') {
      const { password } = (await request.json()) as { password: string };
      if (password !== 'demo-approver') return problem(401, 'The email or password is wrong');
      signedIn = true;
      return json(200, { user: approverMe, csrfToken: 'csrf-1' });
    }
    if (!signedIn) return problem(401, 'Sign in or send an API token');
    if (pathname === '/api/v1/me') return json(200, approverMe);
    if (pathname === '/api/v1/companies/c1') return json(200, demoCompany);
    return problem(404, 'Company not found');
  };
}

async function signIn(password: string) {
  const user = userEvent.setup();
  const passwordField = screen.getByLabelText('Password');
  await user.clear(passwordField);
  await user.type(passwordField, password);
  await user.click(screen.getByRole('button', { name: 'Sign in' }));
}

describe('SignInPage', () => {
  it('shows the server’s refusal with focus on Email, then returns to the page asked for', async () => {
    const router = renderApp('/companies/c1/erp/requests', fakeServer());
    const email = await screen.findByLabelText('Email');
    expect(router.state.location.search).toEqual({ next: '/companies/c1/erp/requests' });
    await userEvent.setup().type(email, 'approver@demo.test');

    await signIn('wrong');
    expect((await screen.findByRole('alert')).textContent).toBe('The email or password is wrong');
    expect(document.activeElement).toBe(email);

    await signIn('demo-approver');
    expect(await screen.findByRole('heading', { name: 'ERP Integrations' })).toBeTruthy();
    expect(router.state.location.pathname).toBe('/companies/c1/erp/requests');
  });

  it('opens the user’s company queue from / once signed in', async () => {
    const router = renderApp('/', fakeServer());
    await userEvent.setup().type(await screen.findByLabelText('Email'), 'approver@demo.test');
    await signIn('demo-approver');
    await screen.findByRole('heading', { name: 'ERP Integrations' });
    expect(router.state.location.pathname).toBe('/companies/c1/erp/requests');
  });
});
