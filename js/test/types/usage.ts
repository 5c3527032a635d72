// Type-level test of the package's declarations (tsc --noEmit -p js/test/types): the generated
// ClerkClient, its models and overloads, and the hand-written options and error types.
import { clerkFrontendApiProxy, createClerkClient, verifyToken, verifyWebhook, type BackendApi, type ClerkBackendApiError, type WebhookEvent } from 'clerk-edge';
import { initClerkEdge } from 'clerk-edge/slim';
import guard from 'clerk-edge/guard';

export async function usage(bytes: Uint8Array): Promise<unknown[]> {
  initClerkEdge(bytes);
  const client = createClerkClient({ secretKey: 'sk_test_x', apiUrl: 'https://api.clerk.com', retry: { maxAttempts: 2 } });
  const user: BackendApi.User = await client.users.banUser('user_1');
  const users: BackendApi.User[] = await client.users.getUserList({ limit: 10, email_address: ['a@example.com'] });
  const token = await client.sessions.getToken('sess_1', 'template');
  const members = await client.organizations.getOrganizationMembershipList({ organizationId: 'org_1', limit: 5 });
  const org: BackendApi.Organization = await client.organizations.createOrganization({ name: 'Acme' });
  await client.organizations.updateOrganizationLogo('org_1', { file: new Blob([]) });
  const claims = await verifyToken('t', { jwtKey: 'k' });
  const guarded: Response = await guard.fetch(new Request('https://a.example/'), { CLERK_PUBLISHABLE_KEY: 'pk_test_x' }, { waitUntil: () => {} });
  const proxied: Response = await clerkFrontendApiProxy(new Request('https://a.example/__clerk/v1'), { proxyPath: '/__clerk', fapiUrl: 'http://127.0.0.1:1', trustForwardedHeaders: false });
  try {
    await client.sessions.getSession('sess_1');
  } catch (e) {
    const err = e as ClerkBackendApiError;
    return [err.status, err.errors?.[0]?.longMessage, err.clerkTraceId, err.retryAfter];
  }
  return [user.id, users.length, token.jwt, members.total_count, org.slug, claims.sub, proxied.status, guarded.status];
}

// verifyWebhook resolves to the generated union: narrowing on `type` types `data`.
export async function webhookUsage(request: Request): Promise<string | null> {
  const event: WebhookEvent = await verifyWebhook(request, { signingSecret: 'whsec_x' });
  if (event.type === 'user.created') {
    const email: string | undefined = event.data.email_addresses[0]?.email_address;
    // @ts-expect-error a user has no `deleted`: the union is narrowed by `type`
    const notThere: boolean = event.data.deleted;
    return notThere ? null : email ?? event.data.id;
  }
  if (event.type === 'organization.deleted') return event.data.deleted ? event.data.id ?? null : null;
  return event.instance_id;
}
