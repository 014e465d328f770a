// The framework ceiling: a bare Fastify answering /api/health with no database, plugins or
// hooks, so Kindred's own /api/health can be read against what Fastify alone does here.
import Fastify from 'fastify';

const app = Fastify({ logger: false });
app.get('/api/health', async () => ({ status: 'ok' }));
await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
process.once('SIGTERM', () => {
  app.close().then(() => process.exit(0));
});
