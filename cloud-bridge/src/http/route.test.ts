import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { API } from './api-spec.js';
import { route } from './route.js';

const healthOf = async (answer: () => Promise<unknown>, status = 200) => {
  const app = Fastify();
  route(app, API.health, async (_input, reply) => {
    reply.code(status);
    return answer();
  });
  const res = await app.inject({ method: 'GET', url: '/healthz' });
  await app.close();
  return { status: res.statusCode, body: res.body };
};

describe('a route never answers more than its response schema declares', () => {
  it('drops a field the schema does not declare', async () => {
    const res = await healthOf(async () => ({ status: 'ok', mqtt: true, brokerPassword: 'secret' }));
    expect(res).toEqual({ status: 200, body: JSON.stringify({ status: 'ok', mqtt: true }) });
  });

  it('answers 500 instead of a body its schema does not allow, or a status the API does not declare', async () => {
    expect((await healthOf(async () => ({ status: 'fine', mqtt: 'yes' }))).status).toBe(500);
    expect((await healthOf(async () => ({ status: 'ok', mqtt: true }), 203)).status).toBe(500);
  });
});
